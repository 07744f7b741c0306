//! The analysts' list of incidents (`/espace/observatoire/incidents`): filters as a GET form (status,
//! month, category, arrondissement, source), pages of 50, newest month first, each row linking to the
//! incident's page.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::observatory::IncidentFilter;
use vigie_domain::observatory::{IncidentCategory, IncidentStatus, Month, SourceType};

use super::{ReviewForm, area_name, incident_path, obs_path};
use crate::staff::kit::PageResult;
use crate::staff::list::{ListPage, Listing, list_template};
use crate::staff::words::word;
use crate::staff::{Opt, render};
use vigie_domain::observatory::normalize_month;

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
    let month = normalize_month(list.field("month")).parse::<Month>().ok();
    let filter = IncidentFilter {
        status: list.code("status"),
        month: list.keep("month", month),
        category: list.code("category"),
        district: list.district("district"),
        source: list.code("source"),
    };
    let found = list
        .fetch_page(filter.clone(), async |app, who, q| {
            app.incidents(who, q).await
        })
        .await?;
    let state = &list.state;
    let rows = found
        .items
        .iter()
        .map(|i| IncidentRow {
            href: incident_path(lang, i.id, ""),
            month: i.month.to_string(),
            category: word(lang, i.category),
            area: area_name(state, &i.district, i.neighbourhood.as_deref()),
            count: i.count,
            contributors: i.contributors,
            source: word(lang, i.source),
            status: word(lang, i.status),
        })
        .collect();
    let f = &filter;
    let page = IncidentList {
        list: list.show(
            "staff-obs-incidents-title",
            "/espace/observatoire/incidents",
            &found,
            rows,
        ),
        statuses: Opt::worded(lang, IncidentStatus::ALL, f.status),
        categories: Opt::worded(lang, IncidentCategory::ALL, f.category),
        districts: Opt::districts(state, f.district.as_deref()),
        sources: Opt::worded(lang, SourceType::ALL, f.source),
        month: f.month.map(|m| m.to_string()).unwrap_or_default(),
        new_href: obs_path(lang, "/incidents/nouveau"),
    };
    Ok(render(&page, StatusCode::OK, lang))
}
