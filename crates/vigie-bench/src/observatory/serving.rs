//! Serving the published editions: a real `vigie serve`, every public route measured.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use super::ObservatoryArgs;
use super::http::{self, RouteResult};
use super::results::{ms, offered_label};
use crate::server::{READY_TIMEOUT, Server};

/// The server part.
#[derive(Clone, Debug)]
pub(super) struct Serving {
    pub(super) routes: Vec<RouteResult>,
    /// `VmRSS` 1 s after `/healthz` answered, in KiB.
    pub(super) idle_kib: u64,
    /// `VmRSS` after every route, in KiB.
    pub(super) after_kib: u64,
    /// `VmHWM` over the route tests, in KiB.
    pub(super) peak_kib: u64,
    /// Spawn to `/healthz` 200.
    pub(super) ready: Duration,
}

/// Starts the server on `dir` (its log in `log`) and measures every route; `latest_id` is the
/// edition the routes with an `{id}` ask for.
pub(super) async fn serve(
    binary: &Path,
    dir: &Path,
    log: &Path,
    latest_id: &str,
    args: &ObservatoryArgs,
) -> Result<Serving> {
    let mut server = Server::spawn(binary, dir, log, &[])?;
    let ready = server.wait_ready(READY_TIMEOUT).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_kib = server.rss_kib()?;
    server.reset_peak_rss()?;
    let client = http::client()?;
    let warmup = usize::try_from(args.warmup).unwrap_or(usize::MAX);
    let requests = usize::try_from(args.requests).unwrap_or(usize::MAX);
    let mut routes = Vec::new();
    for route in http::routes(latest_id) {
        for encodings in http::ENCODINGS {
            let r = http::measure(&server, &client, &route, encodings, warmup, requests)
                .await
                .with_context(|| format!("measuring {}", route.path))?;
            eprintln!("{}", describe_route(&r));
            if r.levels.iter().any(|l| l.failures.total() > 0) || r.status != 200 {
                eprintln!("the end of the server's log:\n{}", server.log_tail(10));
            }
            routes.push(r);
        }
    }
    let after_kib = server.rss_kib()?;
    let peak_kib = server.peak_rss_kib()?;
    let status = server.stop().await?;
    if !status.success() {
        eprintln!("warning: the server exited with {status}");
    }
    Ok(Serving {
        routes,
        idle_kib,
        after_kib,
        peak_kib,
        ready,
    })
}

/// One line about a route, for the progress log.
fn describe_route(r: &RouteResult) -> String {
    let mut out = format!(
        "{} ({}): HTTP {}, {} bytes{}, first {:.1} ms",
        r.route.path,
        offered_label(&r.offered),
        r.status,
        r.body_bytes,
        r.content_encoding
            .as_deref()
            .map_or(String::new(), |e| format!(" {e}")),
        r.first_ms
    );
    for l in &r.levels {
        out.push_str(&format!(
            "; c={}: p50 {} p99 {} ms, {} req/s, failures: {}",
            l.concurrency,
            ms(l.latency_ms(50.0)),
            ms(l.latency_ms(99.0)),
            l.per_second().map_or("-".into(), |v| format!("{v:.0}")),
            l.failures
        ));
    }
    out
}
