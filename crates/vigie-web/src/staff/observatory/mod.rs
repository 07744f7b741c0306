//! The analysts' side of the observatory (`/espace/observatoire`): the overview, and what its pages
//! share (names of codes, months in words, paths, error pages). Incidents are in
//! `observatory_incidents`, their form in `observatory_form`, publication in `observatory_publish`,
//! official series in `observatory_context`, and the handler's "qualify" form in
//! `observatory_qualify`.
//!
//! Analysts never read reports: nothing here opens one. An incident qualified from a report carries
//! only a category, an area, a month and numbers.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::AppError;
use vigie_domain::observatory::{IncidentCategory, IncidentStatus, Month, SourceType};
use vigie_domain::{Action, IncidentId, Resource};

use super::{NavItem, StaffPage, render, require, staff_page};
use crate::layout::PageCtx;
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError};

/// The address of an analysts' page (`suffix` is empty or starts with `/` or `?`).
pub(super) fn obs_path(lang: Lang, suffix: &str) -> String {
    lang.path(&format!("/espace/observatoire{suffix}"))
}

/// The address of incident `id`'s page, or of something under it.
pub(super) fn incident_path(lang: Lang, id: IncidentId, suffix: &str) -> String {
    obs_path(lang, &format!("/incidents/{id}{suffix}"))
}

/// The public dashboard.
pub(super) fn public_path(lang: Lang) -> String {
    lang.path("/observatoire")
}

/// A code as a Fluent key suffix (`deal_point` -> `deal-point`).
fn key_part(code: &str) -> String {
    code.replace('_', "-")
}

/// An incident category's name.
pub(super) fn category_name(lang: Lang, c: IncidentCategory) -> String {
    lang.t(&format!("staff-obs-category-{}", key_part(c.as_str())))
}

/// A source type's name.
pub(super) fn source_name(lang: Lang, s: SourceType) -> String {
    lang.t(&format!("staff-obs-source-{}", key_part(s.as_str())))
}

/// An incident status's name.
pub(super) fn status_name(lang: Lang, s: IncidentStatus) -> String {
    lang.t(&format!("staff-obs-status-{}", key_part(s.as_str())))
}

/// A month in words: "mars 2026", "March 2026".
pub(super) fn month_label(lang: Lang, m: Month) -> String {
    lang.t_args(
        "staff-obs-month-label",
        &[
            ("month", m.month().to_string()),
            ("year", m.year().to_string()),
        ],
    )
}

/// Where an incident is: the arrondissement, and the quartier when known.
pub(super) fn area_name(state: &AppState, district: &str, neighbourhood: Option<&str>) -> String {
    let areas = &state.app.settings().areas;
    let d = areas
        .district(district)
        .map_or_else(|| district.to_owned(), |d| d.name.clone());
    match neighbourhood {
        Some(q) => {
            let q = areas
                .neighbourhood(q)
                .map_or_else(|| q.to_owned(), |n| n.name.clone());
            format!("{d}, {q}")
        }
        None => d,
    }
}

/// The month now, in Marseille.
pub(super) fn current_month(state: &AppState) -> Month {
    Month::of_instant(state.app.clock().now())
}

/// The page for an error of the app: 403, 404, 429, 503, or 500 (logged, without detail).
pub(super) fn obs_error(state: &AppState, lang: Lang, e: &AppError) -> Response {
    match e {
        AppError::Denied(_) => PageError::forbidden(lang)
            .with_config(&state.web)
            .into_response(),
        AppError::NoIncident | AppError::NoReport => PageError::not_found(lang)
            .with_config(&state.web)
            .into_response(),
        AppError::Busy { retry_after_secs } => {
            PageError::unavailable(lang, *retry_after_secs).into_response()
        }
        AppError::RateLimited { retry_after_secs } => {
            PageError::too_many_requests(lang, *retry_after_secs).into_response()
        }
        other => {
            tracing::error!(error = %other, "observatory action failed");
            PageError::internal(lang).into_response()
        }
    }
}

/// The month an analyst may publish next, if any: the month after the latest edition, or the first
/// month with an accepted incident; `Err` with that month when it is not over yet.
pub(super) async fn next_publishable(
    state: &AppState,
    latest: Option<Month>,
) -> Result<Option<Result<Month, Month>>, AppError> {
    let next = match latest {
        Some(period) => Some(period.next()),
        None => state
            .app
            .store()
            .first_incident_month()
            .await?
            .and_then(|m| m.parse::<Month>().ok()),
    };
    let current = current_month(state);
    Ok(next.map(|m| if m < current { Ok(m) } else { Err(m) }))
}

/// The latest edition as the overview and the publish page show it.
pub struct LatestView {
    /// `2026-03.1`.
    pub id: String,
    /// Its period, in words.
    pub period: String,
    /// The day it was published (Europe/Paris).
    pub day: String,
}

/// Reads the latest edition's summary.
pub(super) async fn latest_view(
    state: &AppState,
    lang: Lang,
) -> Result<Option<(LatestView, Month)>, AppError> {
    Ok(state.app.latest_edition().await?.map(|e| {
        let view = LatestView {
            id: e.id.clone(),
            period: month_label(lang, e.period),
            day: vigie_domain::time::paris_day(e.published_at)
                .format("%Y-%m-%d")
                .to_string(),
        };
        (view, e.period)
    }))
}

#[derive(Template)]
#[template(path = "staff/observatory/overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    nav: Vec<NavItem>,
    to_review: String,
    review_href: String,
    latest: Option<LatestView>,
    public_href: String,
    next: String,
    links: Vec<(String, String)>,
}

/// `GET /espace/observatoire`: what waits for the analysts, the latest edition, what comes next.
pub async fn overview(State(state): State<AppState>, staff: Staff) -> Response {
    let lang = staff.lang;
    if let Err(e) = require(&state, &staff, Action::ReviewIncidents, &Resource::Instance).await {
        return e.into_response();
    }
    let waiting = match state.app.incidents_to_review(&staff.principal).await {
        Ok(n) => n,
        Err(e) => return obs_error(&state, lang, &e),
    };
    let latest = match latest_view(&state, lang).await {
        Ok(l) => l,
        Err(e) => return obs_error(&state, lang, &e),
    };
    let next = match next_publishable(&state, latest.as_ref().map(|(_, p)| *p)).await {
        Ok(Some(Ok(m))) => lang.t_args("staff-obs-next-month", &[("month", month_label(lang, m))]),
        Ok(Some(Err(m))) => lang.t_args("staff-obs-next-wait", &[("month", month_label(lang, m))]),
        Ok(None) => lang.t("staff-obs-next-nothing"),
        Err(e) => return obs_error(&state, lang, &e),
    };
    let links = [
        ("staff-obs-link-incidents", "/incidents"),
        ("staff-obs-link-new", "/incidents/nouveau"),
        ("staff-obs-link-publish", "/publier"),
        ("staff-obs-link-context", "/contexte"),
    ]
    .iter()
    .map(|(key, suffix)| (lang.t(key), obs_path(lang, suffix)))
    .collect();
    let StaffPage { ctx, nav } =
        staff_page(&state, &staff, "staff-obs-title", "/espace/observatoire");
    let page = OverviewPage {
        ctx,
        nav,
        to_review: lang.t_args("staff-obs-to-review", &[("count", waiting.to_string())]),
        review_href: obs_path(lang, "/incidents?status=proposed"),
        latest: latest.map(|(v, _)| v),
        public_href: public_path(lang),
        next,
        links,
    };
    render(&page, StatusCode::OK, lang)
}
