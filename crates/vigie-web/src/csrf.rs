//! CSRF protection without cookies (DESIGN.md section 3b): every form carries a token signed under the
//! instance secret over the form's purpose, an expiry and, for staff, the session. A second line refuses
//! cross-site posts where the browser says so (`Sec-Fetch-Site`, `Origin`), without relying on `Origin`
//! alone (it is `null` on Tor and privacy setups).

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;
use crate::{Lang, PageError};

/// The form field that carries the token.
pub const CSRF_FIELD: &str = "csrf";
/// How long a form stays valid (a long form must still post).
const TOKEN_TTL_SECS: i64 = 4 * 3600;

/// A token for a form with this purpose, bound to `binding` (empty for anonymous forms).
pub fn issue(state: &AppState, purpose: &str, binding: &[u8]) -> String {
    state
        .app
        .csrf_key()
        .issue(purpose, binding, state.app.clock().unix() + TOKEN_TTL_SECS)
}

/// Checks a posted token; any failure is the same 403 page.
pub fn check(
    state: &AppState,
    lang: Lang,
    token: &str,
    purpose: &str,
    binding: &[u8],
) -> Result<(), PageError> {
    state
        .app
        .csrf_key()
        .check(token, purpose, binding, state.app.clock().unix())
        .map_err(|_| PageError::csrf_failed(lang).with_config(&state.web))
}

/// Whether the request's own headers show it comes from another site.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return true;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        // `null` is what Tor Browser and `Referrer-Policy: no-referrer` setups send: the token decides.
        (None | Some("null"), _) => false,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            !origin_host.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => true,
    }
}

/// Middleware: refuses state-changing requests that the browser marks as cross-site.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && cross_site(req.headers()) {
        let lang = Lang::from_path(req.uri().path());
        return PageError::csrf_failed(lang).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_detection() {
        assert!(!cross_site(&headers(&[])));
        assert!(!cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!cross_site(&headers(&[
            ("origin", "null"),
            ("host", "vigie.example")
        ])));
        assert!(!cross_site(&headers(&[
            ("origin", "https://vigie.example"),
            ("host", "vigie.example")
        ])));
        assert!(cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "vigie.example")
        ])));
    }
}
