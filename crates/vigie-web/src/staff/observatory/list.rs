//! The analysts' list of incidents (`/espace/observatoire/incidents`): filters as a GET form (status,
//! month, category, arrondissement, source), pages of 50, newest month first, each row linking to the
//! incident's page.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::observatory::{IncidentFilter, IncidentQuery};
use vigie_domain::observatory::{IncidentCategory, IncidentStatus, Month, SourceType};

use super::form::normalize_month;
use super::{
    ReviewForm, area_name, category_name, incident_path, obs_path, source_name, staff_template,
    status_name,
};
use crate::staff::kit::{OrPage, PageResult, View, field};
use crate::staff::pager::{Pager, page_param};
use crate::staff::{Opt, StaffPage, render, staff_page};

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
struct ListPage {
    page: StaffPage,
    rows: Vec<IncidentRow>,
    count: String,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    districts: Vec<Opt>,
    sources: Vec<Opt>,
    month: String,
    pages: Pager,
    new_href: String,
}

staff_template!(ListPage);

/// `GET /espace/observatoire/incidents`: every incident, newest month first, filtered by the query
/// string (values that are not valid codes are ignored).
pub async fn list(view: View<ReviewForm>) -> PageResult {
    let (state, staff, pairs) = view.parts();
    let lang = staff.lang;
    let areas = &state.app.settings().areas;
    let status = field(&pairs, "status").parse::<IncidentStatus>().ok();
    let month = normalize_month(field(&pairs, "month"))
        .parse::<Month>()
        .ok();
    let category = field(&pairs, "category").parse::<IncidentCategory>().ok();
    let district = areas
        .district(field(&pairs, "district"))
        .map(|d| d.code.clone());
    let source = field(&pairs, "source").parse::<SourceType>().ok();
    let page = page_param(&pairs);
    let q = IncidentQuery {
        filter: IncidentFilter {
            status: status.map(|s| s.as_str().to_owned()),
            month: month.map(|m| m.to_string()),
            category: category.map(|c| c.as_str().to_owned()),
            district: district.clone(),
            source: source.map(|s| s.as_str().to_owned()),
        },
        page,
    };
    let found = state
        .app
        .incidents(&staff.principal, &q)
        .await
        .or_page(&state, lang)?;
    let rows = found
        .incidents
        .iter()
        .map(|i| IncidentRow {
            href: incident_path(lang, i.id, ""),
            month: i.month.to_string(),
            category: category_name(lang, i.category),
            area: area_name(&state, &i.district, i.neighbourhood.as_deref()),
            count: i.count,
            contributors: i.contributors,
            source: source_name(lang, i.source),
            status: status_name(lang, i.status),
        })
        .collect();
    // The filters, carried over to the other pages (codes only: nothing to escape).
    let kept: Vec<String> = [
        ("status", q.filter.status.clone()),
        ("month", q.filter.month.clone()),
        ("category", q.filter.category.clone()),
        ("district", q.filter.district.clone()),
        ("source", q.filter.source.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")))
    .collect();
    let pages = Pager::new(
        lang,
        "staff-obs-page-of",
        &obs_path(lang, "/incidents"),
        &kept,
        (found.page, found.total, found.per_page),
    );
    let page = ListPage {
        page: staff_page(
            &state,
            &staff,
            "staff-obs-incidents-title",
            "/espace/observatoire/incidents",
        ),
        rows,
        count: lang.t_args("staff-obs-count", &[("count", found.total.to_string())]),
        statuses: Opt::codes(IncidentStatus::ALL, status, IncidentStatus::as_str, |s| {
            status_name(lang, s)
        }),
        categories: Opt::codes(
            IncidentCategory::ALL,
            category,
            IncidentCategory::as_str,
            |c| category_name(lang, c),
        ),
        districts: Opt::districts(&state, q.filter.district.as_deref()),
        sources: Opt::codes(SourceType::ALL, source, SourceType::as_str, |s| {
            source_name(lang, s)
        }),
        month: q.filter.month.clone().unwrap_or_default(),
        pages,
        new_href: obs_path(lang, "/incidents/nouveau"),
    };
    Ok(render(&page, StatusCode::OK, lang))
}
