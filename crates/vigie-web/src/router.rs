//! The whole application's router: public skeleton, staff area, and the layers every response passes.

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use vigie_app::App;

use crate::state::AppState;
use crate::{WebConfig, csrf, report, skeleton_routes, staff, with_skeleton_layers};

/// Largest form body the staff and public forms accept (uploads get their own limit later).
const FORM_BODY_LIMIT: usize = 64 * 1024;

/// `GET /readyz`: 200 when the database answers, 503 otherwise, for a load balancer or a monitor
/// (`/healthz` only says the process is up).
async fn readyz(State(state): State<AppState>) -> Response {
    match state.app.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "readiness: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

/// A known address asked with the wrong method: a page that says so (405), not an empty answer.
async fn method_not_allowed(
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
    State(state): State<AppState>,
) -> Response {
    let lang = crate::Lang::from_path(uri.path());
    let mut r = crate::PageError::bad_request(lang, "error-405")
        .with_config(&state.web)
        .into_response();
    *r.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    r
}

/// gzip for the observatory's pages and open data, when the client asks for it: the dashboard's inline
/// SVG and the data files shrink four- to eightfold, which matters on a cheap phone and over Tor. Only
/// these routes: they hold no secret (no session, no CSRF token), so a compression side channel (BREACH)
/// has nothing to find; pages with forms stay uncompressed. The fastest level: a 2-core server
/// compresses every response afresh.
fn public_compression() -> tower_http::compression::CompressionLayer {
    tower_http::compression::CompressionLayer::new()
        .gzip(true)
        .quality(tower_http::CompressionLevel::Fastest)
}

/// The pages that exist in French and English, at their French addresses: [`router`] mounts them
/// as they are and once more under `/en`, so that no route is written twice (handlers read the
/// language from the original path). The reporter's and victim's pages among them are mounted
/// under `/ar` too.
fn localized(state: &AppState) -> Router<AppState> {
    staff::routes()
        .merge(reporter_and_victim(state))
        .merge(crate::observatory::routes().layer(public_compression()))
        // Impact surveys (issue 12, item 4): the pupils' pages.
        .merge(crate::survey::routes())
}

/// The reporter's and victim's pages (`/signaler`, `/suivi`, `/aide`): they exist in Arabic too.
fn reporter_and_victim(state: &AppState) -> Router<AppState> {
    report::routes(state).merge(crate::help::routes())
}

/// Builds the router for `app`.
pub fn router(app: App, web: WebConfig) -> Router {
    let state = AppState {
        app,
        web: web.clone(),
        admission: Default::default(),
        form_pages: Default::default(),
    };
    let site = localized(&state);
    let routes = skeleton_routes::<AppState>()
        .route("/readyz", get(readyz))
        .merge(site.clone())
        .nest("/en", site)
        .nest("/ar", reporter_and_victim(&state))
        .merge(
            crate::observatory::assets()
                .merge(crate::api::routes())
                .layer(public_compression()),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(csrf::refuse_cross_site))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT));
    with_skeleton_layers(routes, web).with_state(state)
}
