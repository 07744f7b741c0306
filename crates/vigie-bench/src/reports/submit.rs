//! Text-only reports posted to `POST /signaler` by a fixed number of workers, as browsers would:
//! each worker loads the form for its CSRF token, then posts it; only the post is timed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use reqwest::multipart::Form;

use crate::load::{Level, send_for_text};

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
    let (status, html) = send_for_text(client.get(format!("{base}/signaler")), "GET /signaler")
        .await
        .map_err(anyhow::Error::msg)?;
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
    match post_report(client, base, text_form(token, n)).await {
        Ok(_) => Outcome::Ok(started.elapsed()),
        Err(why) => Outcome::Failed(why),
    }
}

/// Posts `form` to `/signaler`: the receipt page, or why there is none (`POST: HTTP 503`,
/// `POST: timed out`...).
pub async fn post_report(
    client: &reqwest::Client,
    base: &str,
    form: Form,
) -> Result<String, String> {
    let request = client.post(format!("{base}/signaler")).multipart(form);
    let (status, page) = send_for_text(request, "POST").await?;
    if status != reqwest::StatusCode::OK {
        Err(format!("POST: HTTP {}", status.as_u16()))
    } else if !page.contains(RECEIPT_MARK) {
        Err("POST: HTTP 200 without a receipt".into())
    } else {
        Ok(page)
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
        ..Level::default()
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
}
