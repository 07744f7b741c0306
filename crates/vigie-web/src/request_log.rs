//! The request log: method, matched route, status and latency. Nothing else, and nothing at all for a
//! reporter's request.
//!
//! No client address, user agent, referrer, cookie, raw URI or query string ever
//! reaches a span or an event (DESIGN.md section 2, property 3). Unmatched requests
//! are logged with the route `fallback`, never with their path.
//!
//! A reporter's request (`/signaler`, `/suivi` and everything below them, in every language) writes
//! no line, not even a bare status: the k-th line of a day matched with the k-th report of that day
//! would date every report to the second. Nor does anything it triggers: every event emitted while
//! such a request is served goes to a subscriber that only counts warnings and errors (see
//! [`ReporterTally`]); the counts are written once a day, with the day only.
//!
//! Attach with `Router::layer(axum::middleware::from_fn(request_log))` (or
//! [`crate::with_skeleton_layers`]): it must run inside the router, where the matched route is known.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;
use tracing::instrument::WithSubscriber;

/// The paths a reporter or a victim uses, without language prefix: a request for one of them, or for
/// anything below one (`/suivi/repondre`), is never logged (a log line would date a victim's visit to
/// the help page as surely as a report).
pub const REPORTER_PATHS: &[&str] = &["/signaler", "/suivi", "/aide"];

/// The pupils' survey pages (issue 12, item 4), never logged either: a line would date a pupil's
/// answer, and its path would carry the code. French and English only, so not in
/// [`REPORTER_PATHS`], which says what exists in Arabic.
pub const PUPIL_PATHS: &[&str] = &["/questionnaire"];

/// Whether `path` is a reporter's page ([`REPORTER_PATHS`], in any language, or below one), or
/// anything under `/ar`: Arabic has only the reporter's pages, and `/ar/` leads to `/ar/aide`, so
/// a line for it would date a victim's visit as well.
pub fn is_reporter_path(path: &str) -> bool {
    if crate::Lang::from_path(path) == crate::Lang::Ar {
        return true;
    }
    let bare = crate::Lang::neutral_path(path);
    REPORTER_PATHS
        .iter()
        .chain(PUPIL_PATHS)
        .any(|p| crate::i18n::is_at_or_below(bare, p))
}

/// Logs one line per response (`request{method=GET route=/healthz}: response status=200
/// latency_ms=1`), and an error line for a 5xx; serves a reporter's request without any line, its
/// events counted instead of written.
pub async fn request_log(request: Request, next: Next) -> Response {
    if is_reporter_path(request.uri().path()) {
        TALLY.requests.fetch_add(1, Ordering::Relaxed);
        return next.run(request).with_subscriber(silent()).await;
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("fallback", MatchedPath::as_str)
        .to_owned();
    let span = tracing::info_span!("request", method = %request.method(), route = %route);
    let start = Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    let latency_ms = start.elapsed().as_millis() as u64;
    let _in_span = span.enter();
    let status = response.status();
    if status.is_server_error() {
        tracing::error!(status = status.as_u16(), latency_ms, "server error");
    }
    tracing::info!(status = status.as_u16(), latency_ms, "response");
    response
}

/// Counts of reporters' requests and of the warnings and errors they raised, since the last
/// [`ReporterTally::take`]. Process-wide: every router of the process adds to it.
#[derive(Debug, Default)]
pub struct ReporterTally {
    requests: AtomicU64,
    warnings: AtomicU64,
}

/// The process's tally.
pub static TALLY: ReporterTally = ReporterTally {
    requests: AtomicU64::new(0),
    warnings: AtomicU64::new(0),
};

impl ReporterTally {
    /// Returns and resets (requests, warnings). Call it once a day, and write the result with the day
    /// only.
    pub fn take(&self) -> (u64, u64) {
        (
            self.requests.swap(0, Ordering::Relaxed),
            self.warnings.swap(0, Ordering::Relaxed),
        )
    }
}

/// `router` with each of its requests served under `dispatch` instead of the process's
/// subscriber: for routers that are not the instance's own (the demonstration's member cities,
/// whose request log would fill the console with lines about their hub's pulls). A reporter's
/// request stays silent inside it all the same ([`request_log`] runs within).
pub fn under_dispatch(router: axum::Router, dispatch: tracing::Dispatch) -> axum::Router {
    router.layer(axum::middleware::from_fn(
        move |request: Request, next: Next| next.run(request).with_subscriber(dispatch.clone()),
    ))
}

/// The [`Silent`] dispatcher, made once: making a dispatcher re-registers every callsite's interest.
fn silent() -> tracing::Dispatch {
    static SILENT: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    SILENT
        .get_or_init(|| tracing::Dispatch::new(Silent))
        .clone()
}

/// The subscriber in force while a reporter's request is served: it writes nothing, and counts the
/// warnings and errors (a failed urgent alert, a refused upload) so that a daily line can say how many
/// there were without saying when.
#[derive(Clone, Copy, Debug, Default)]
struct Silent;

impl tracing::Subscriber for Silent {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.is_event() && *metadata.level() <= tracing::Level::WARN
    }

    fn new_span(&self, _span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _span: &tracing::span::Id, _values: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _span: &tracing::span::Id, _follows: &tracing::span::Id) {}

    fn event(&self, _event: &tracing::Event<'_>) {
        TALLY.warnings.fetch_add(1, Ordering::Relaxed);
    }

    fn enter(&self, _span: &tracing::span::Id) {}

    fn exit(&self, _span: &tracing::span::Id) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporter_paths_in_every_language_and_below() {
        for p in [
            "/signaler",
            "/signaler/suite",
            "/suivi",
            "/suivi/repondre",
            "/suivi/retirer",
            "/suivi/x/y",
            "/en/signaler",
            "/en/suivi/deconnexion",
            "/ar/suivi",
            "/aide",
            "/en/aide",
            "/ar/aide",
            "/ar",
            "/ar/",
            "/ar/nulle-part",
        ] {
            assert!(is_reporter_path(p), "{p}");
        }
        for p in [
            "/",
            "/en",
            "/en/",
            "/signalements",
            "/suivis",
            "/espace/signalements",
            "/observatoire",
            "/english/suivi",
            "/arbre",
            "/aides",
            "/healthz",
        ] {
            assert!(!is_reporter_path(p), "{p}");
        }
    }
}
