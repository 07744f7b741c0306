//! What a load of concurrent requests gave, whichever benchmark sent them: failures by kind and the
//! figures of one concurrency level.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::stats::percentile;

/// Failed attempts by kind (`POST: HTTP 503`, `GET /signaler: timed out`...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Failures(pub BTreeMap<String, usize>);

impl Failures {
    /// Counts one failure of kind `what`.
    pub fn add(&mut self, what: impl Into<String>) {
        *self.0.entry(what.into()).or_default() += 1;
    }

    /// Adds all of `other`.
    pub fn merge(&mut self, other: &Failures) {
        for (k, n) in &other.0 {
            *self.0.entry(k.clone()).or_default() += n;
        }
    }

    /// The number of failures.
    pub fn total(&self) -> usize {
        self.0.values().sum()
    }
}

impl std::fmt::Display for Failures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        let parts: Vec<String> = self.0.iter().map(|(k, n)| format!("{n} × {k}")).collect();
        f.write_str(&parts.join(", "))
    }
}

/// A short name for a transport error (the same error from many workers is counted once).
pub fn transport_class(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_body() || e.is_decode() {
        "body error"
    } else {
        "transport error"
    }
}

/// Sends `request` and reads its whole answer as text: its status and body, or the class of the
/// transport error after `what` (`POST: timed out`).
pub async fn send_for_text(
    request: reqwest::RequestBuilder,
    what: &str,
) -> Result<(reqwest::StatusCode, String), String> {
    let failed = |e: reqwest::Error| format!("{what}: {}", transport_class(&e));
    let resp = request.send().await.map_err(failed)?;
    let status = resp.status();
    let text = resp.text().await.map_err(failed)?;
    Ok((status, text))
}

/// What one concurrency level gave: report submissions, or requests for one route.
#[derive(Clone, Debug, Default)]
pub struct Level {
    /// Workers at once.
    pub concurrency: usize,
    /// Attempts that succeeded (a submission answered with a receipt, a 200 of the expected size).
    pub ok: usize,
    /// Everything else.
    pub failures: Failures,
    /// From the start of the level to its last answer.
    pub wall: Duration,
    /// Each successful request, from sending it to the last byte of its answer, in ms.
    pub latencies_ms: Vec<f64>,
    /// CPU time (user and system) the server used during the level, if it could be read.
    pub server_cpu: Option<Duration>,
    /// CPU time the rest of the machine used meanwhile (neither the server nor the benchmark):
    /// other work on a shared machine, which makes the figures slower than they should be.
    pub other_cpu: Option<Duration>,
}

impl Level {
    /// Successes per second of wall time; `None` without a success or without wall time.
    pub fn per_second(&self) -> Option<f64> {
        let secs = self.wall.as_secs_f64();
        (secs > 0.0 && self.ok > 0).then(|| self.ok as f64 / secs)
    }

    /// The server's CPU time per attempt, failed ones included, in ms (for a submission, the form's
    /// `GET` is part of the attempt).
    pub fn cpu_ms_per_attempt(&self) -> Option<f64> {
        let attempts = self.ok + self.failures.total();
        let cpu = self.server_cpu?;
        (attempts > 0).then(|| cpu.as_secs_f64() * 1000.0 / attempts as f64)
    }

    /// The CPU cores other processes kept busy on average during the level.
    pub fn other_cores(&self) -> Option<f64> {
        let cpu = self.other_cpu?;
        let secs = self.wall.as_secs_f64();
        (secs > 0.0).then(|| cpu.as_secs_f64() / secs)
    }

    /// The `p`-th percentile of the successes' latency, in ms.
    pub fn latency_ms(&self, p: f64) -> Option<f64> {
        percentile(&self.latencies_ms, p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_count_by_kind() {
        let mut f = Failures::default();
        assert_eq!(f.to_string(), "none");
        f.add("POST: HTTP 503");
        f.add("POST: HTTP 503");
        let mut g = Failures::default();
        g.add("POST: HTTP 500");
        f.merge(&g);
        assert_eq!(f.total(), 3);
        assert_eq!(f.to_string(), "1 × POST: HTTP 500, 2 × POST: HTTP 503");
    }

    fn level(ok: usize, wall_ms: u64, latencies_ms: Vec<f64>, cpu_ms: (u64, u64)) -> Level {
        Level {
            concurrency: 8,
            ok,
            failures: Failures::default(),
            wall: Duration::from_millis(wall_ms),
            latencies_ms,
            server_cpu: Some(Duration::from_millis(cpu_ms.0)),
            other_cpu: Some(Duration::from_millis(cpu_ms.1)),
        }
    }

    #[test]
    fn level_figures() {
        // A level of submissions, then one of requests for a route: (level, other cores, successes
        // per second, server CPU ms per attempt, p50, p99).
        let cases = [
            (
                level(20, 4000, (1..=20).map(f64::from).collect(), (3000, 1000)),
                0.25,
                5.0,
                150.0,
                10.0,
                20.0,
            ),
            (
                level(4, 2000, vec![1.0, 2.0, 3.0, 4.0], (8, 500)),
                0.25,
                2.0,
                2.0,
                2.0,
                4.0,
            ),
        ];
        for (level, others, rate, cpu, p50, p99) in cases {
            assert_eq!(level.other_cores(), Some(others));
            assert_eq!(level.per_second(), Some(rate));
            assert_eq!(level.cpu_ms_per_attempt(), Some(cpu));
            assert_eq!(level.latency_ms(50.0), Some(p50));
            assert_eq!(level.latency_ms(99.0), Some(p99));
        }
        // Failed attempts cost CPU too.
        let mut level = level(20, 4000, vec![], (3000, 1000));
        for _ in 0..4 {
            level.failures.add("HTTP 503");
        }
        assert_eq!(level.cpu_ms_per_attempt(), Some(125.0));
        // Nothing to divide by.
        level.ok = 0;
        assert_eq!(level.per_second(), None);
        level.wall = Duration::ZERO;
        assert_eq!(level.other_cores(), None);
    }
}
