//! The state every handler shares.

use axum::extract::FromRef;
use vigie_app::App;

use crate::WebConfig;

/// The application and the web configuration.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub app: App,
    /// Deployment settings of the web layer.
    pub web: WebConfig,
    /// Report forms already sent (single-use tokens), in this instance's memory only.
    pub admission: std::sync::Arc<crate::report::UsedNonces>,
    /// The blank form pages, rendered once per language.
    pub form_pages: std::sync::Arc<crate::form_pages::FormPages>,
}

impl FromRef<AppState> for WebConfig {
    fn from_ref(s: &AppState) -> WebConfig {
        s.web.clone()
    }
}
