//! The public observatory routes under load: each route once (its status, type and size, and the
//! first answer's time, which parses the edition), a few warm-up requests, then a fixed number of
//! `GET`s by 1 and by 8 workers at once, over kept-alive connections.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::load::{Failures, Level, transport_class};
use crate::machine::{busy_ticks, own_ticks, ticks};
use crate::server::Server;

/// Workers at once, level by level.
pub const LEVELS: [usize; 2] = [1, 8];

/// What the client offers in `Accept-Encoding`: nothing compressed (a script, `curl`), then what a
/// browser offers (the server gzips the observatory's routes afresh for each request).
pub const ENCODINGS: [&str; 2] = ["identity", crate::reports::weight::BROWSER_ENCODINGS];

/// A route to measure: its label (the path pattern) and the path asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// `/api/v1/editions/{id}/series.csv`.
    pub label: String,
    /// `/api/v1/editions/2026-10.2/series.csv`.
    pub path: String,
}

/// The routes of the observatory's public side, with `id` for `{id}`.
pub fn routes(id: &str) -> Vec<Route> {
    let fixed = [
        "/observatoire",
        "/observatoire?level=quartier",
        "/api/v1/editions",
    ];
    let per_edition = [
        "",
        "/series.csv",
        "/series.json",
        "/areas.json",
        "/areas.geojson",
        "/areas.csv",
    ];
    fixed
        .iter()
        .map(|p| Route {
            label: (*p).to_owned(),
            path: (*p).to_owned(),
        })
        .chain(per_edition.iter().map(|suffix| Route {
            label: format!("/api/v1/editions/{{id}}{suffix}"),
            path: format!("/api/v1/editions/{id}{suffix}"),
        }))
        .collect()
}

/// What one route gave.
#[derive(Clone, Debug)]
pub struct RouteResult {
    /// The route.
    pub route: Route,
    /// The `Accept-Encoding` sent.
    pub offered: String,
    /// The status of the first answer.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: String,
    /// Its `Content-Encoding`, if any.
    pub content_encoding: Option<String>,
    /// Its body's size in bytes, as sent (compressed or not).
    pub body_bytes: usize,
    /// The first request's time (the edition parsed and cached on the way), in ms.
    pub first_ms: f64,
    /// One per entry of [`LEVELS`], empty when the route did not answer 200.
    pub levels: Vec<Level>,
}

/// The client of the serving phase: a minute for any answer.
pub fn client() -> Result<reqwest::Client> {
    crate::server::http_client(Duration::from_secs(60))
}

/// One answer.
struct Answer {
    status: u16,
    content_type: String,
    content_encoding: Option<String>,
    /// Body bytes as sent (the client decodes nothing).
    bytes: usize,
    /// From sending the request to the last byte of the body.
    took: Duration,
}

/// `GET url` offering `encodings`.
async fn get(
    client: &reqwest::Client,
    url: &str,
    encodings: &str,
) -> std::result::Result<Answer, String> {
    let started = Instant::now();
    let resp = client
        .get(url)
        .header(reqwest::header::ACCEPT_ENCODING, encodings)
        .send()
        .await
        .map_err(|e| transport_class(&e).to_owned())?;
    let status = resp.status().as_u16();
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(reqwest::header::CONTENT_TYPE).unwrap_or_default();
    let content_encoding = header(reqwest::header::CONTENT_ENCODING);
    let body = resp
        .bytes()
        .await
        .map_err(|e| transport_class(&e).to_owned())?;
    Ok(Answer {
        status,
        content_type,
        content_encoding,
        bytes: body.len(),
        took: started.elapsed(),
    })
}

/// Measures one route offering `encodings`: first answer, `warmup` requests, then `requests` at
/// each level.
pub async fn measure(
    server: &Server,
    client: &reqwest::Client,
    route: &Route,
    encodings: &str,
    warmup: usize,
    requests: usize,
) -> Result<RouteResult> {
    let url = format!("{}{}", server.base_url(), route.path);
    let first = get(client, &url, encodings)
        .await
        .map_err(|e| anyhow::anyhow!("GET {}: {e}", route.path))?;
    let mut result = RouteResult {
        route: route.clone(),
        offered: encodings.to_owned(),
        status: first.status,
        content_type: first.content_type,
        content_encoding: first.content_encoding,
        body_bytes: first.bytes,
        first_ms: first.took.as_secs_f64() * 1000.0,
        levels: Vec::new(),
    };
    if first.status != 200 {
        return Ok(result);
    }
    for _ in 0..warmup {
        let _ = get(client, &url, encodings).await;
    }
    for concurrency in LEVELS {
        let before = (server.cpu_time().ok(), busy_ticks(), own_ticks());
        let mut level = run_level(
            client,
            &url,
            encodings,
            concurrency,
            requests,
            result.body_bytes,
        )
        .await;
        let after = (server.cpu_time().ok(), busy_ticks(), own_ticks());
        level.server_cpu = after.0.zip(before.0).map(|(a, b)| a.saturating_sub(b));
        level.other_cpu = (|| {
            let machine = ticks(after.1?.saturating_sub(before.1?));
            let own = ticks(after.2?.saturating_sub(before.2?));
            Some(
                machine
                    .saturating_sub(own)
                    .saturating_sub(level.server_cpu?),
            )
        })();
        result.levels.push(level);
    }
    Ok(result)
}

/// `requests` `GET url` by `concurrency` workers; an answer counts when it is a 200 of about `bytes`
/// bytes (compressed output may vary by a few bytes; 1 % is allowed).
async fn run_level(
    client: &reqwest::Client,
    url: &str,
    encodings: &str,
    concurrency: usize,
    requests: usize,
    bytes: usize,
) -> Level {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, url, encodings, next) = (
            client.clone(),
            url.to_owned(),
            encodings.to_owned(),
            Arc::clone(&next),
        );
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = Failures::default();
            while next.fetch_add(1, Ordering::Relaxed) < requests {
                match get(&client, &url, &encodings).await {
                    Ok(a) if a.status == 200 && a.bytes.abs_diff(bytes) <= bytes / 100 => {
                        latencies.push(a.took.as_secs_f64() * 1000.0);
                    }
                    Ok(a) if a.status == 200 => {
                        failures.add(format!("{} bytes instead of {bytes}", a.bytes));
                    }
                    Ok(a) => failures.add(format!("HTTP {}", a.status)),
                    Err(e) => failures.add(e),
                }
            }
            (latencies, failures)
        });
    }
    let mut level = Level {
        concurrency,
        ..Level::default()
    };
    while let Some(done) = workers.join_next().await {
        match done {
            Ok((latencies, failures)) => {
                level.ok += latencies.len();
                level.latencies_ms.extend(latencies);
                level.failures.merge(&failures);
            }
            Err(_) => level.failures.add("a worker panicked"),
        }
    }
    level.wall = started.elapsed();
    level
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_once() {
        let r = routes("2026-10.2");
        assert_eq!(r.len(), 9);
        assert_eq!(r[1].path, "/observatoire?level=quartier");
        assert_eq!(r[3].path, "/api/v1/editions/2026-10.2");
        assert_eq!(r[8].label, "/api/v1/editions/{id}/areas.csv");
        assert_eq!(r[8].path, "/api/v1/editions/2026-10.2/areas.csv");
    }
}
