//! The analysts' list of incidents (`/espace/observatoire/incidents`): filters as a GET form (status,
//! month, category, arrondissement, source), pages of 50, newest month first, each row linking to the
//! incident's page.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::observatory::{IncidentFilter, IncidentQuery};
use vigie_domain::observatory::{IncidentCategory, IncidentStatus, Month, SourceType};

use super::form::normalize_month;
use super::{
    ReviewForm, area_name, category_name, incident_path, obs_path, source_name, status_name,
};
use crate::staff::kit::PageResult;
use crate::staff::list::{ListPage, Listing, list_template};
use crate::staff::{Opt, render};

/// One row of the list.
pub struct IncidentRow {
    href: String,
    month: String,
    category: String,
    area: String,
    count: u32,
    contributors: u32,
    source: String,
    status: String,
}

#[derive(Template)]
#[template(path = "staff/observatory/incidents.html")]
struct IncidentList {
    list: ListPage<IncidentRow>,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    districts: Vec<Opt>,
    sources: Vec<Opt>,
    month: String,
    new_href: String,
}

list_template!(IncidentList => IncidentRow);

/// `GET /espace/observatoire/incidents`: every incident, newest month first, filtered by the query
/// string (values that are not valid codes are ignored).
pub async fn list(mut list: Listing<ReviewForm>) -> PageResult {
    let lang = list.staff.lang;
    let status = list.code::<IncidentStatus>("status");
    let month = normalize_month(list.field("month")).parse::<Month>().ok();
    let month = list.keep("month", month);
    let category = list.code::<IncidentCategory>("category");
    let district = list.district("district");
    let source = list.code::<SourceType>("source");
    let q = IncidentQuery {
        filter: IncidentFilter {
            status: status.map(|s| s.as_str().to_owned()),
            month: month.map(|m| m.to_string()),
            category: category.map(|c| c.as_str().to_owned()),
            district,
            source: source.map(|s| s.as_str().to_owned()),
        },
        page: list.page(),
    };
    let found = list
        .fetch(async |app, who| app.incidents(who, &q).await)
        .await?;
    let state = &list.state;
    let rows = found
        .incidents
        .iter()
        .map(|i| IncidentRow {
            href: incident_path(lang, i.id, ""),
            month: i.month.to_string(),
            category: category_name(lang, i.category),
            area: area_name(state, &i.district, i.neighbourhood.as_deref()),
            count: i.count,
            contributors: i.contributors,
            source: source_name(lang, i.source),
            status: status_name(lang, i.status),
        })
        .collect();
    let page = IncidentList {
        list: list.show(
            "staff-obs-incidents-title",
            "/espace/observatoire/incidents",
            &found,
            rows,
        ),
        statuses: Opt::codes(IncidentStatus::ALL, status, IncidentStatus::as_str, |s| {
            status_name(lang, s)
        }),
        categories: Opt::codes(
            IncidentCategory::ALL,
            category,
            IncidentCategory::as_str,
            |c| category_name(lang, c),
        ),
        districts: Opt::districts(state, q.filter.district.as_deref()),
        sources: Opt::codes(SourceType::ALL, source, SourceType::as_str, |s| {
            source_name(lang, s)
        }),
        month: q.filter.month.clone().unwrap_or_default(),
        new_href: obs_path(lang, "/incidents/nouveau"),
    };
    Ok(render(&page, StatusCode::OK, lang))
}
