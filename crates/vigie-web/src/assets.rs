//! Static assets, served from memory: the stylesheet and an empty favicon.

use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

/// The stylesheet, compiled into the binary.
pub const STYLESHEET: &str = include_str!("../static/vigie.css");

/// `GET /static/vigie.css`: cached for an hour (it carries no personal data).
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

/// `GET /favicon.ico`: 204 No Content, so that browsers stop asking without a 404.
pub async fn favicon() -> StatusCode {
    StatusCode::NO_CONTENT
}
