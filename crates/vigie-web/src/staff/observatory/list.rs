//! The analysts' list of incidents (`/espace/observatoire/incidents`): filters as a GET form (status,
//! month, category, arrondissement, source), pages of 50, newest month first, each row linking to the
//! incident's page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::observatory::IncidentQuery;
use vigie_domain::observatory::{IncidentCategory, IncidentStatus, Month, SourceType};
use vigie_domain::{Action, Resource};

use super::observatory::{
    area_name, category_name, incident_path, obs_error, obs_path, source_name, status_name,
};
use super::observatory_form::normalize_month;
use super::report_actions::Pairs;
use super::reports::{Opt, field};
use super::{NavItem, StaffPage, render, require, staff_page};
use crate::layout::PageCtx;
use crate::session::Staff;
use crate::state::AppState;

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
    ctx: PageCtx,
    nav: Vec<NavItem>,
    rows: Vec<IncidentRow>,
    count: String,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    districts: Vec<Opt>,
    sources: Vec<Opt>,
    month: String,
    previous: Option<String>,
    next: Option<String>,
    page_of: String,
    new_href: String,
}

fn opts<T: Copy + PartialEq>(
    all: &[T],
    current: Option<T>,
    code: impl Fn(T) -> &'static str,
    name: impl Fn(T) -> String,
) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt {
            value: code(*v).to_owned(),
            label: name(*v),
            selected: current == Some(*v),
        })
        .collect()
}

/// `GET /espace/observatoire/incidents`: every incident, newest month first, filtered by the query
/// string (values that are not valid codes are ignored).
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(pairs): Query<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(e) = require(&state, &staff, Action::ReviewIncidents, &Resource::Instance).await {
        return e.into_response();
    }
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
    let page = field(&pairs, "page")
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p))
        .unwrap_or(1);
    let q = IncidentQuery {
        status: status.map(|s| s.as_str().to_owned()),
        month: month.map(|m| m.to_string()),
        category: category.map(|c| c.as_str().to_owned()),
        district: district.clone(),
        source: source.map(|s| s.as_str().to_owned()),
        page,
    };
    let found = match state.app.incidents(&staff.principal, &q).await {
        Ok(p) => p,
        Err(e) => return obs_error(&state, lang, &e),
    };
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
        ("status", q.status.clone()),
        ("month", q.month.clone()),
        ("category", q.category.clone()),
        ("district", q.district.clone()),
        ("source", q.source.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")))
    .collect();
    let per_page = found.per_page.max(1);
    let pages = ((found.total + per_page - 1) / per_page).max(1);
    let page_href = |n: i64| {
        let mut query = kept.clone();
        query.push(format!("page={n}"));
        format!("{}?{}", obs_path(lang, "/incidents"), query.join("&"))
    };
    let StaffPage { ctx, nav } = staff_page(
        &state,
        &staff,
        "staff-obs-incidents-title",
        "/espace/observatoire/incidents",
    );
    let page = ListPage {
        ctx,
        nav,
        rows,
        count: lang.t_args("staff-obs-count", &[("count", found.total.to_string())]),
        statuses: opts(IncidentStatus::ALL, status, IncidentStatus::as_str, |s| {
            status_name(lang, s)
        }),
        categories: opts(
            IncidentCategory::ALL,
            category,
            IncidentCategory::as_str,
            |c| category_name(lang, c),
        ),
        districts: areas
            .districts()
            .iter()
            .map(|d| Opt {
                value: d.code.clone(),
                label: d.name.clone(),
                selected: q.district.as_deref() == Some(d.code.as_str()),
            })
            .collect(),
        sources: opts(SourceType::ALL, source, SourceType::as_str, |s| {
            source_name(lang, s)
        }),
        month: q.month.clone().unwrap_or_default(),
        previous: (found.page > 1).then(|| page_href(found.page - 1)),
        next: (found.page < pages).then(|| page_href(found.page + 1)),
        page_of: lang.t_args(
            "staff-obs-page-of",
            &[
                ("page", found.page.to_string()),
                ("pages", pages.to_string()),
            ],
        ),
        new_href: obs_path(lang, "/incidents/nouveau"),
    };
    render(&page, StatusCode::OK, lang)
}
