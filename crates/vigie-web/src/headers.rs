//! Security headers on every response.
//!
//! Attach with [`crate::with_skeleton_layers`], or by hand as the outermost layer:
//!
//! ```
//! # use axum::Router;
//! # use vigie_web::{WebConfig, security_headers};
//! let cfg = WebConfig::new("0.1.0");
//! let app: Router = Router::new()
//!     .layer(axum::middleware::from_fn_with_state(cfg, security_headers));
//! ```
//!
//! A header the handler already set is kept (a stricter CSP on a download, the
//! stylesheet's `Cache-Control`); every other response gets `Cache-Control: no-store`.

use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{self, HeaderName};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::WebConfig;

/// The Content-Security-Policy of every page unless a handler sets a stricter one.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'none'; \
     style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The fixed headers: name and value.
const FIXED: [(HeaderName, &str); 8] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
    (header::CACHE_CONTROL, "no-store"),
];

/// The `Onion-Location` header name.
pub const ONION_LOCATION: HeaderName = HeaderName::from_static("onion-location");

/// Middleware adding the security headers (see the module docs) to every response.
///
/// Its state is the [`WebConfig`] itself, so it fits any router:
/// `router.layer(axum::middleware::from_fn_with_state(cfg, security_headers))`.
pub async fn security_headers(
    State(cfg): State<WebConfig>,
    request: Request,
    next: Next,
) -> Response {
    let onion = cfg.onion_base().and_then(|base| {
        let path = request
            .extensions()
            .get::<OriginalUri>()
            .map_or_else(|| request.uri().path(), |o| o.0.path());
        HeaderValue::try_from(format!("{base}{path}")).ok()
    });
    let mut response = next.run(request).await;
    add_headers(response.headers_mut(), onion);
    response
}

fn add_headers(headers: &mut HeaderMap, onion: Option<HeaderValue>) {
    for (name, value) in FIXED {
        headers
            .entry(name)
            .or_insert_with(|| HeaderValue::from_static(value));
    }
    if let Some(onion) = onion {
        headers.entry(ONION_LOCATION).or_insert(onion);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn handler_headers_win() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
        add_headers(
            &mut headers,
            Some(HeaderValue::from_static("http://a.onion/")),
        );
        assert_eq!(headers[header::CACHE_CONTROL], "public");
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], "sandbox");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(headers[ONION_LOCATION], "http://a.onion/");
    }
}
