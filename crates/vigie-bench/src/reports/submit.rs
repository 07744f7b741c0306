//! Text-only reports posted to `POST /signaler` by a fixed number of workers, as browsers would:
//! each worker loads the form for its CSRF token, then posts it; only the post is timed.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use reqwest::multipart::Form;

use crate::stats::percentile;

/// What the receipt page holds, and no other page does.
pub const RECEIPT_MARK: &str = "id=\"receipt\"";

/// The CSRF token of the report form in `html` (the value of the input named `csrf`).
pub fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = &tag[tag.find("value=\"")? + "value=\"".len()..];
    let token = &value[..value.find('"')?];
    (!token.is_empty()).then(|| token.to_owned())
}

/// `GET /signaler` and its CSRF token.
pub async fn fetch_token(client: &reqwest::Client, base: &str) -> Result<String> {
    let resp = client
        .get(format!("{base}/signaler"))
        .send()
        .await
        .map_err(|e| anyhow!("GET /signaler: {}", transport_class(&e)))?;
    let status = resp.status();
    let html = resp
        .text()
        .await
        .map_err(|e| anyhow!("GET /signaler: {}", transport_class(&e)))?;
    if status != reqwest::StatusCode::OK {
        bail!("GET /signaler: HTTP {}", status.as_u16());
    }
    csrf_token(&html).ok_or_else(|| anyhow!("GET /signaler: no csrf input in the form"))
}

/// A report text of about 1 KB, different for each `n`.
pub fn report_text(n: usize) -> String {
    let mut text = format!("Signalement de test numéro {n} (banc d'essai vigie-bench). ");
    let sentences = [
        "Un point de vente fonctionne tous les soirs au pied de l'immeuble, près de l'entrée du parking.",
        "Deux guetteurs se relaient à l'angle de la rue et sifflent à l'arrivée des voitures.",
        "Les clients arrivent surtout entre 18 h et 23 h, à pied ou en scooter.",
        "Le hall est souvent occupé et les habitants n'osent plus rentrer seuls le soir.",
        "Une voiture grise stationne longtemps devant la supérette et repart après chaque passage.",
    ];
    let mut i = n;
    while text.len() < 1000 {
        text.push_str(sentences[i % sentences.len()]);
        text.push(' ');
        i += 1;
    }
    text.trim_end().to_owned()
}

/// A district of Marseille's 16, by `n`.
pub fn district(n: usize) -> String {
    (13201 + n % 16).to_string()
}

/// The multipart form of a text-only report; the token comes first, as the server requires.
pub fn text_form(token: String, n: usize) -> Form {
    Form::new()
        .text("csrf", token)
        .text("category", "deal_point")
        .text("district", district(n))
        .text("text", report_text(n))
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

/// How one concurrency level is run.
#[derive(Clone, Copy, Debug)]
pub struct LevelPlan {
    /// Workers posting at once.
    pub concurrency: usize,
    /// Submissions started at least, however long they take.
    pub min_submissions: usize,
    /// Past this, and once `min_submissions` were started, workers stop starting new ones.
    pub budget: Duration,
}

/// What one concurrency level gave.
#[derive(Clone, Debug)]
pub struct Level {
    /// Workers posting at once.
    pub concurrency: usize,
    /// Submissions answered 200 with a receipt.
    pub ok: usize,
    /// Everything else.
    pub failures: Failures,
    /// From the start of the level to its last answer.
    pub wall: Duration,
    /// Time of each successful `POST /signaler`, from sending it to its whole answer, in ms.
    pub latencies_ms: Vec<f64>,
    /// CPU time (user and system) the server used during the level, if it could be read.
    pub server_cpu: Option<Duration>,
    /// CPU time the rest of the machine used meanwhile (neither the server nor the benchmark):
    /// other work on a shared machine, which makes the figures slower than they should be.
    pub other_cpu: Option<Duration>,
}

impl Level {
    /// Successful submissions per second of wall time.
    pub fn per_second(&self) -> f64 {
        let secs = self.wall.as_secs_f64();
        if secs > 0.0 {
            self.ok as f64 / secs
        } else {
            0.0
        }
    }

    /// The server's CPU time per submission attempted (the form's `GET` included), in ms.
    pub fn cpu_ms_per_submission(&self) -> Option<f64> {
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

    /// The `p`-th percentile of the successful posts' latency, in ms.
    pub fn latency_ms(&self, p: f64) -> Option<f64> {
        percentile(&self.latencies_ms, p)
    }
}

/// One submission's outcome.
enum Outcome {
    Ok(Duration),
    Failed(String),
}

/// Loads the form and posts report number `n`.
async fn submit_one(client: &reqwest::Client, base: &str, n: usize) -> Outcome {
    let token = match fetch_token(client, base).await {
        Ok(t) => t,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let started = Instant::now();
    let resp = match client
        .post(format!("{base}/signaler"))
        .multipart(text_form(token, n))
        .send()
        .await
    {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(format!("POST: {}", transport_class(&e))),
    };
    let status = resp.status();
    let page = match resp.text().await {
        Ok(p) => p,
        Err(e) => return Outcome::Failed(format!("POST: {}", transport_class(&e))),
    };
    let took = started.elapsed();
    if status != reqwest::StatusCode::OK {
        Outcome::Failed(format!("POST: HTTP {}", status.as_u16()))
    } else if !page.contains(RECEIPT_MARK) {
        Outcome::Failed("POST: HTTP 200 without a receipt".into())
    } else {
        Outcome::Ok(took)
    }
}

/// One text-only submission that must succeed (a warm-up, or a reference for memory).
pub async fn submit_checked(client: &reqwest::Client, base: &str, n: usize) -> Result<Duration> {
    match submit_one(client, base, n).await {
        Outcome::Ok(took) => Ok(took),
        Outcome::Failed(why) => Err(anyhow!("a text-only submission failed: {why}")),
    }
}

/// Runs `plan.concurrency` workers until the plan's minimum and time budget are both reached.
/// `first` numbers the submissions (so that texts differ between levels).
pub async fn run_level(
    client: &reqwest::Client,
    base: &str,
    plan: LevelPlan,
    first: usize,
) -> Result<Level> {
    let started = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..plan.concurrency {
        let client = client.clone();
        let base = base.to_owned();
        let started = Arc::clone(&started);
        workers.spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                let i = started.fetch_add(1, Ordering::Relaxed);
                if i >= plan.min_submissions && start.elapsed() >= plan.budget {
                    break;
                }
                outcomes.push(submit_one(&client, &base, first + i).await);
            }
            outcomes
        });
    }
    let mut level = Level {
        concurrency: plan.concurrency,
        ok: 0,
        failures: Failures::default(),
        wall: Duration::ZERO,
        latencies_ms: Vec::new(),
        server_cpu: None,
        other_cpu: None,
    };
    while let Some(outcomes) = workers.join_next().await {
        for outcome in outcomes.context("a benchmark worker panicked")? {
            match outcome {
                Outcome::Ok(took) => {
                    level.ok += 1;
                    level.latencies_ms.push(took.as_secs_f64() * 1000.0);
                }
                Outcome::Failed(why) => level.failures.add(why),
            }
        }
    }
    level.wall = start.elapsed();
    Ok(level)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn token_from_the_form() {
        let html = r#"<form method="post" action="/signaler" enctype="multipart/form-data">
  <input type="hidden" name="csrf" value="v1.abc-DEF_123.456">
  <fieldset>"#;
        assert_eq!(csrf_token(html).as_deref(), Some("v1.abc-DEF_123.456"));
        let reordered = r#"<input value="tok" type="hidden" name="csrf">"#;
        assert_eq!(csrf_token(reordered).as_deref(), Some("tok"));
        assert_eq!(csrf_token("<p>no form</p>"), None);
        assert_eq!(csrf_token(r#"<input name="csrf" value="">"#), None);
        // The value of another input is not taken.
        assert_eq!(
            csrf_token(r#"<input name="csrf"><input name="x" value="y">"#),
            None
        );
    }

    #[test]
    fn texts_are_about_one_kilobyte_and_differ() {
        for n in [0, 1, 7, 1000] {
            let t = report_text(n);
            assert!((1000..1200).contains(&t.len()), "{}", t.len());
            assert!(t.chars().count() <= 20_000);
        }
        assert_ne!(report_text(1), report_text(2));
    }

    #[test]
    fn districts_cycle_through_marseille() {
        assert_eq!(district(0), "13201");
        assert_eq!(district(15), "13216");
        assert_eq!(district(16), "13201");
    }

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

    #[test]
    fn level_figures() {
        let level = Level {
            concurrency: 8,
            ok: 20,
            failures: Failures::default(),
            wall: Duration::from_secs(4),
            latencies_ms: (1..=20).map(f64::from).collect(),
            server_cpu: Some(Duration::from_secs(3)),
            other_cpu: Some(Duration::from_secs(1)),
        };
        assert_eq!(level.other_cores(), Some(0.25));
        assert_eq!(level.per_second(), 5.0);
        assert_eq!(level.cpu_ms_per_submission(), Some(150.0));
        assert_eq!(level.latency_ms(50.0), Some(10.0));
        assert_eq!(level.latency_ms(99.0), Some(20.0));
    }
}
