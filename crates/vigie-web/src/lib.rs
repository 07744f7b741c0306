//! vigie's web edge: layouts and pages (askama), i18n (Fluent, French at `/…`,
//! English at `/en/…`, Arabic at `/ar/…` for the reporter's pages), security headers, the request log, static assets, error
//! pages, and the public skeleton's routes.
//!
//! # Assembling the app
//!
//! ```
//! # use axum::{Router, extract::FromRef};
//! # use vigie_web::{WebConfig, skeleton_routes, with_skeleton_layers};
//! #[derive(Clone)]
//! struct AppState { web: WebConfig }
//! impl FromRef<AppState> for WebConfig {
//!     fn from_ref(s: &AppState) -> WebConfig { s.web.clone() }
//! }
//! let state = AppState { web: WebConfig::new("0.1.0") };
//! let app: Router = with_skeleton_layers(
//!     skeleton_routes::<AppState>() /* .merge(other routes, without fallback) */,
//!     state.web.clone(),
//! )
//! .with_state(state);
//! ```
//!
//! # Adding a page
//!
//! A template in `templates/` extends `base.html` (or `staff_base.html`) and fills
//! `content` (staff pages also `staff_nav`); texts come from `locales/{fr,en}/main.ftl`
//! (add every key to both files: a test checks it; a key of a reporter's page goes in
//! `locales/ar/` too). Route the French address only, in a router that is mounted as it is
//! and once under `/en` (the app's `router.rs` does so for every localized page; the
//! reporter's pages also under `/ar`); the [`Lang`] extractor reads the language from the
//! original path.
//!
//! ```
//! # use axum::{Router, extract::{FromRef, State}, routing::get};
//! use vigie_web::{Lang, PageCtx, PageError, WebConfig};
//!
//! #[derive(askama::Template, askama_web::WebTemplate)]
//! #[template(ext = "html", source = r#"{% extends "base.html" %}
//! {% block content %}<h1>{{ ctx.title }}</h1><p>{{ ctx.t("home-intro") }}</p>{% endblock %}"#)]
//! // In the crate: #[template(path = "help.html")], the file holding the text above.
//! struct HelpPage { ctx: PageCtx }
//!
//! async fn help(lang: Lang, State(cfg): State<WebConfig>) -> Result<HelpPage, PageError> {
//!     let ctx = PageCtx::titled(lang, &cfg, "nav-help", "/aide");
//!     Ok(HelpPage { ctx })
//! }
//!
//! fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> where WebConfig: FromRef<S> {
//!     let pages = Router::new().route("/aide", get(help));
//!     Router::new().merge(pages.clone()).nest("/en", pages)
//! }
//! ```
//!
//! Staff pages add `.with_staff(StaffCtx { user_name, logout_hidden })` to the context.
//! Never use inline `<script>` or `style=`: the CSP forbids them.

mod api;
mod assets;
mod config;
pub mod csrf;
mod errors;
mod form_pages;
#[doc(hidden)]
pub mod fuzzing;
mod headers;
mod help;
mod i18n;
mod layout;
mod observatory;
mod privacy;
mod public;
mod report;
mod request_log;
mod router;
mod serve;
mod session;
mod staff;
mod state;
// Impact surveys (issue 12, item 4): the pupils' pages.
mod survey;

pub use assets::{STYLESHEET, favicon, stylesheet};
pub use config::{WebConfig, WebConfigError};
pub use errors::{ErrorKind, PageError, not_found_page};
pub use headers::{CONTENT_SECURITY_POLICY, ONION_LOCATION, security_headers};
pub use i18n::Lang;
pub use layout::{Alternate, PageCtx, StaffCtx};
pub use privacy::{PrivacyError, PrivacyNotice, PrivacyView};
pub use public::{HomePage, healthz, home_ar, home_en, home_fr, skeleton_routes};
pub use request_log::{
    REPORTER_PATHS, ReporterTally, TALLY, is_reporter_path, request_log, under_dispatch,
};
pub use router::router;
pub use serve::{ServeOptions, TooSlow, serve};
pub use session::SESSION_COOKIE;
pub use staff::route_list as staff_routes;
pub use state::AppState;

/// Adds the request log and the security headers to a router (call it after all
/// routes are merged, before `with_state`). The headers layer is outermost, so it
/// also covers responses made by inner layers.
pub fn with_skeleton_layers<S>(router: axum::Router<S>, cfg: WebConfig) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .layer(axum::middleware::from_fn(request_log))
        .layer(axum::middleware::from_fn_with_state(cfg, security_headers))
}
