//! The request log: method, matched route, status and latency. Nothing else.
//!
//! No client address, user agent, referrer, cookie, raw URI or query string ever
//! reaches a span or an event (DESIGN.md section 2, property 3). Unmatched requests
//! are logged with the route `fallback`, never with their path.
//!
//! Attach with `Router::layer(request_log_layer())` (or [`crate::with_skeleton_layers`]):
//! it must run inside the router, where the matched route is known.

use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, ServerErrorsFailureClass, SharedClassifier};
use tower_http::trace::{MakeSpan, OnFailure, OnResponse, TraceLayer};
use tracing::Span;

/// The request log layer's type.
pub type RequestLogLayer = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    RouteSpan,
    (),
    LogResponse,
    (),
    (),
    LogFailure,
>;

/// A [`TraceLayer`] logging method, matched route, status and latency only.
pub fn request_log_layer() -> RequestLogLayer {
    TraceLayer::new_for_http()
        .make_span_with(RouteSpan)
        .on_request(())
        .on_response(LogResponse)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(LogFailure)
}

/// Makes the request span: `request{method=GET route=/healthz}`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RouteSpan;

impl<B> MakeSpan<B> for RouteSpan {
    fn make_span(&mut self, request: &Request<B>) -> Span {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or("fallback", MatchedPath::as_str);
        tracing::info_span!("request", method = %request.method(), route = %route)
    }
}

/// Logs the status and latency of each response.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogResponse;

impl<B> OnResponse<B> for LogResponse {
    fn on_response(self, response: &Response<B>, latency: Duration, _span: &Span) {
        tracing::info!(
            status = response.status().as_u16(),
            latency_ms = latency.as_millis() as u64,
            "response"
        );
    }
}

/// Logs server errors (status 5xx, or a failed inner service) without detail.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogFailure;

impl OnFailure<ServerErrorsFailureClass> for LogFailure {
    fn on_failure(&mut self, class: ServerErrorsFailureClass, latency: Duration, _span: &Span) {
        let latency_ms = latency.as_millis() as u64;
        match class {
            ServerErrorsFailureClass::StatusCode(status) => {
                tracing::error!(status = status.as_u16(), latency_ms, "server error");
            }
            // The error's text could quote input: only say that it happened.
            ServerErrorsFailureClass::Error(_) => {
                tracing::error!(latency_ms, "service error");
            }
        }
    }
}
