//! The public skeleton's pages and routes: home (fr, en), health check, assets, and the localized
//! 404 fallback. The help page, whose form needs the application, is the router's (`crate::help`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;

use crate::assets;
use crate::config::WebConfig;
use crate::errors::not_found_page;
use crate::i18n::Lang;
use crate::layout::PageCtx;

/// The home page.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    /// Layout context.
    pub ctx: PageCtx,
}

impl HomePage {
    /// The home page in `lang`.
    pub fn new(lang: Lang, cfg: &WebConfig) -> Self {
        Self {
            ctx: PageCtx::new(lang, cfg, lang.t("home-title"), "/"),
        }
    }
}

/// `GET /`: the French home page.
pub async fn home_fr(State(cfg): State<WebConfig>) -> HomePage {
    HomePage::new(Lang::Fr, &cfg)
}

/// `GET /en/` and `GET /en`: the English home page.
pub async fn home_en(State(cfg): State<WebConfig>) -> HomePage {
    HomePage::new(Lang::En, &cfg)
}

/// `GET /ar` and `GET /ar/`: Arabic has no home page (only the reporter's and victim's pages
/// exist in Arabic), so its root leads to the help page, where a frightened visitor finds the
/// numbers to call and the way to report.
pub async fn home_ar() -> Redirect {
    Redirect::to(&Lang::Ar.path("/aide"))
}

/// The accessibility statement (RGAA model: conformity, tests, exceptions, contact, remedies).
#[derive(Template, WebTemplate)]
#[template(path = "accessibility.html")]
pub struct AccessibilityPage {
    /// Layout context.
    pub ctx: PageCtx,
    /// The running version of vigie, which the statement is about.
    pub version: &'static str,
}

/// `GET /accessibilite` and `GET /en/accessibilite`: the accessibility statement.
pub async fn accessibility(
    State(cfg): State<WebConfig>,
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
) -> AccessibilityPage {
    let lang = Lang::from_path(uri.path());
    AccessibilityPage {
        ctx: PageCtx::titled(lang, &cfg, "a11y-title", uri.path()),
        version: cfg.version,
    }
}

/// `GET /healthz`: `ok <version>` as plain text.
pub async fn healthz(State(cfg): State<WebConfig>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("ok {}", cfg.version),
    )
}

/// The skeleton's pages that exist in French and English, at their French addresses (mounted as
/// they are and under `/en`).
fn skeleton_pages<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    WebConfig: FromRef<S>,
{
    Router::new().route("/accessibilite", get(accessibility))
}

/// The skeleton's routes: `/`, `/en`, `/en/`, `/ar` and `/ar/` (to the Arabic help page, which
/// [`crate::router`] serves), the accessibility statement (`/accessibilite`, `/en/accessibilite`),
/// `/healthz`, `/static/vigie.css`, `/favicon.ico`, and the localized 404 fallback.
///
/// Merge other routers into it (they must not set their own fallback), then add
/// the layers with [`crate::with_skeleton_layers`].
pub fn skeleton_routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    WebConfig: FromRef<S>,
{
    Router::new()
        .route("/", get(home_fr))
        .merge(skeleton_pages())
        .nest("/en", skeleton_pages().route("/", get(home_en)))
        // `/en` comes from the nest; the home page also answers with the slash.
        .route("/en/", get(home_en))
        .route("/ar", get(home_ar))
        .route("/ar/", get(home_ar))
        .route("/healthz", get(healthz))
        .route("/static/vigie.css", get(assets::stylesheet))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(not_found_page)
}
