//! The observatory's public pages: `/observatoire` (the dashboard of an edition: key figures, monthly
//! series, the map), `/observatoire/methodologie`, `/observatoire/editions` (history) and
//! `/observatoire/donnees` (the data dictionary), in French and under `/en`.
//!
//! They read published editions only (`App::editions`, `App::edition`), never incidents. Every chart
//! and map is server-side SVG from `vigie-observatory`, followed by a sentence and a table, so that a
//! reader without SVG (Tor Browser "Safest") or with a screen reader gets the same figures. Filters
//! are GET forms and links; no script, no inline style, nothing from another origin.

mod casework;
mod dashboard;
// The network of cities (issue 14, item 3).
pub(crate) mod figures;
mod network;
mod pages;
pub(crate) mod params;
mod releases;
pub(crate) mod text;
// Prevention's public figures (issue 12, item 7).
pub(crate) mod prevention;
// The impact surveys' published results (issue 12, items 4 and 7).
mod prevention_surveys;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use vigie_app::observatory::EditionSummary;
use vigie_domain::observatory::EditionSnapshot;

use crate::layout::PageCtx;
use crate::staff::render;
use crate::state::AppState;
use crate::{Lang, PageError};
use params::ParamError;

/// The observatory's stylesheet, compiled into the binary (added to `vigie.css` by the pages that
/// need it, so that the other pages do not download it).
pub const OBSERVATORY_STYLESHEET: &str = include_str!("../../static/observatory.css");

/// `GET /static/observatory.css`: cached for an hour, like `vigie.css`.
async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        OBSERVATORY_STYLESHEET,
    )
}

/// The observatory's public pages, at their French addresses (the router mounts them under `/en`
/// too).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/observatoire", get(dashboard::show))
        .route("/observatoire/methodologie", get(pages::methodology))
        .route("/observatoire/editions", get(pages::editions))
        .route("/observatoire/donnees", get(pages::data))
        .route("/observatoire/accompagnement", get(casework::show))
        .route("/observatoire/prevention", get(prevention::show))
        .route("/reseau", get(network::show))
}

/// The observatory's stylesheet.
pub fn assets() -> Router<AppState> {
    Router::new().route("/static/observatory.css", get(stylesheet))
}

/// A link of the observatory's sub-navigation.
pub(crate) struct NavLink {
    /// Address, in the page's language.
    pub href: String,
    /// Shown text.
    pub label: String,
    /// The current page.
    pub current: bool,
}

/// The sub-navigation between the observatory's four pages, with `current` (language-neutral path)
/// marked.
pub(crate) fn subnav(lang: Lang, current: &str) -> Vec<NavLink> {
    [
        ("/observatoire", "obs-nav-dashboard"),
        ("/observatoire/methodologie", "obs-nav-methodology"),
        ("/observatoire/editions", "obs-nav-editions"),
        ("/observatoire/donnees", "obs-nav-data"),
        ("/observatoire/accompagnement", "obs-nav-casework"),
        ("/observatoire/prevention", "obs-nav-prevention"),
        ("/reseau", "obs-nav-network"),
    ]
    .into_iter()
    .map(|(path, key)| NavLink {
        href: lang.path(path),
        label: lang.t(key),
        current: path == current,
    })
    .collect()
}

/// The 500 page for a failed read (the detail is logged: editions hold nothing personal).
pub(crate) fn read_failed(state: &AppState, lang: Lang, e: &vigie_app::AppError) -> Response {
    tracing::error!(error = %e, "observatory read failed");
    PageError::internal(lang)
        .with_config(&state.web)
        .into_response()
}

/// Every edition, newest first, or the 500 page.
pub(crate) async fn edition_list(
    state: &AppState,
    lang: Lang,
) -> Result<Vec<EditionSummary>, Response> {
    state
        .app
        .editions()
        .await
        .map_err(|e| read_failed(state, lang, &e))
}

/// Longest edition id looked up (`2026-03.12` is 10 characters): anything longer is unknown
/// without asking the database.
pub(crate) const MAX_EDITION_ID: usize = 32;

/// The edition `id`, `None` when unknown, or the 500 page.
pub(crate) async fn edition_by_id(
    state: &AppState,
    lang: Lang,
    id: &str,
) -> Result<Option<Arc<EditionSnapshot>>, Response> {
    if id.is_empty() || id.len() > MAX_EDITION_ID {
        return Ok(None);
    }
    state
        .app
        .edition(id)
        .await
        .map_err(|e| read_failed(state, lang, &e))
}

/// The page saying which query parameter was refused and what it accepts (400).
#[derive(Template)]
#[template(path = "observatory/bad_request.html")]
struct BadRequestPage {
    ctx: PageCtx,
    problem: String,
    allowed: String,
    back: String,
}

/// The 400 page for `e`, on the page at `path` (language-neutral).
pub(crate) fn bad_request(state: &AppState, lang: Lang, path: &str, e: &ParamError) -> Response {
    let page = BadRequestPage {
        ctx: PageCtx::titled(lang, &state.web, "obs-bad-title", path),
        problem: e.explain(lang),
        allowed: e.allowed.clone(),
        back: lang.path(path),
    };
    render(&page, StatusCode::BAD_REQUEST, lang)
}

/// The 404 page of an unknown edition.
pub(crate) fn unknown_edition(state: &AppState, lang: Lang) -> Response {
    PageError::not_found(lang)
        .with_config(&state.web)
        .into_response()
}
