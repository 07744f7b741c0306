//! `vigie-bench flood`: a genuine reporter's success and wait under a sustained flood of
//! valid-looking reports.
//!
//! One server with the production defaults (Argon2id 64 MiB, 120 submissions a minute, report forms
//! accepted once and only once 10 s old). `--flooders` workers each fetch a form, wait exactly the
//! minimum age, post a valid report, and start again at once, for `--seconds`. Meanwhile a genuine
//! reporter starts every `--genuine-every` seconds: fetches the form, takes 15 s to write, posts it,
//! and when told to wait (429 or 503 with `Retry-After`) does what the page says: waits, then sends
//! the same page again, giving up after `--give-up` seconds. Their wait is from the first post to
//! the receipt.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use tokio::task::JoinSet;

use crate::markdown;
use crate::reports::submit::{RECEIPT_MARK, fetch_token, text_form};
use crate::server::{self, READY_TIMEOUT, Server};
use crate::stats::percentile;

/// The section of the documentation file this benchmark rewrites.
const SECTION: &str = "flood";
/// The server's default minimum age of a report form, which flooders wait exactly.
const MIN_AGE: Duration = Duration::from_secs(10);
/// How long a person takes to write a report (beyond the minimum age).
const WRITING: Duration = Duration::from_secs(15);

/// Options of `vigie-bench flood`.
#[derive(Debug, Args)]
pub struct FloodArgs {
    /// The vigie binary [default: $CARGO_TARGET_DIR/release/vigie, else target/release/vigie]
    #[arg(long, value_name = "PATH")]
    vigie: Option<PathBuf>,
    /// Flooding workers, each posting as fast as the server allows
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=1000))]
    flooders: u64,
    /// How long the flood lasts, in seconds
    #[arg(long, default_value_t = 240, value_parser = clap::value_parser!(u64).range(10..=3600))]
    seconds: u64,
    /// A genuine reporter starts every this many seconds during the flood
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=600))]
    genuine_every: u64,
    /// A genuine reporter gives up after this many seconds of being told to wait
    #[arg(long, default_value_t = 180, value_parser = clap::value_parser!(u64).range(1..=3600))]
    give_up: u64,
    /// Replace the section between `<!-- bench:flood -->` and `<!-- /bench:flood -->` of FILE with
    /// the results
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
}

/// How one genuine reporter fared.
#[derive(Debug)]
struct Genuine {
    /// Seconds from the first post to the receipt; `None` when they gave up or were refused.
    wait: Option<f64>,
    /// Posts sent (1 when the first was accepted).
    posts: usize,
}

/// Answers the flooders got.
#[derive(Debug, Default)]
struct FloodCounts {
    accepted: AtomicUsize,
    limited: AtomicUsize,
    busy: AtomicUsize,
    other: AtomicUsize,
}

fn client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(120))
        .build()
        .context("building the HTTP client")
}

/// Posts `form`; the status, the `Retry-After` in seconds, and whether a receipt came back.
async fn post(
    client: &reqwest::Client,
    base: &str,
    form: reqwest::multipart::Form,
) -> Option<(u16, u64, bool)> {
    let resp = client
        .post(format!("{base}/signaler"))
        .multipart(form)
        .send()
        .await
        .ok()?;
    let status = resp.status().as_u16();
    let retry = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let body = resp.text().await.ok()?;
    Some((status, retry, body.contains(RECEIPT_MARK)))
}

async fn flooder(base: String, stop: Arc<AtomicBool>, counts: Arc<FloodCounts>, seed: usize) {
    let Ok(client) = client() else { return };
    let mut n = seed * 1_000_000;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let Ok(token) = fetch_token(&client, &base).await else {
            counts.other.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        tokio::time::sleep(MIN_AGE + Duration::from_millis(50)).await;
        let counter = match post(&client, &base, text_form(token, n)).await {
            Some((_, _, true)) => &counts.accepted,
            Some((429, _, _)) => &counts.limited,
            Some((503, _, _)) => &counts.busy,
            _ => &counts.other,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

async fn genuine(base: String, n: usize, give_up: Duration) -> Genuine {
    let failed = |posts| Genuine { wait: None, posts };
    let Ok(client) = client() else {
        return failed(0);
    };
    let Ok(token) = fetch_token(&client, &base).await else {
        return failed(0);
    };
    tokio::time::sleep(MIN_AGE + WRITING).await;
    let first = Instant::now();
    let mut posts = 0;
    loop {
        posts += 1;
        match post(&client, &base, text_form(token.clone(), n)).await {
            Some((_, _, true)) => {
                return Genuine {
                    wait: Some(first.elapsed().as_secs_f64()),
                    posts,
                };
            }
            // What the page says: go back, wait the time shown, send the same page again.
            Some((429 | 503, retry, _)) if first.elapsed() < give_up => {
                tokio::time::sleep(Duration::from_secs(retry.clamp(1, 120))).await;
            }
            _ => return failed(posts),
        }
    }
}

/// Runs the benchmark.
pub async fn run(args: FloodArgs) -> Result<()> {
    let binary = args.vigie.clone().unwrap_or_else(server::default_binary);
    server::check_binary(&binary)?;
    let version = server::binary_version(&binary).await;
    let root = server::temp_root("vigie-bench-flood-")?;
    let data_dir = server::new_data_dir(root.path(), "data")?;
    let mut server = Server::spawn(&binary, &data_dir, &root.path().join("vigie.log"), &[])?;
    server.wait_ready(READY_TIMEOUT).await?;
    let base = server.base_url();

    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(FloodCounts::default());
    let mut flood = JoinSet::new();
    for i in 0..args.flooders {
        let seed = usize::try_from(i).unwrap_or(0) + 1;
        flood.spawn(flooder(base.clone(), stop.clone(), counts.clone(), seed));
    }
    // The flood reaches its pace before the first reporter comes.
    tokio::time::sleep(MIN_AGE * 2).await;
    let started = Instant::now();
    let mut reporters = JoinSet::new();
    let give_up = Duration::from_secs(args.give_up);
    let mut n = 0;
    while started.elapsed() < Duration::from_secs(args.seconds) {
        reporters.spawn(genuine(base.clone(), n, give_up));
        n += 1;
        tokio::time::sleep(Duration::from_secs(args.genuine_every)).await;
    }
    // The flood goes on while the last reporters finish.
    let mut outcomes = Vec::new();
    while let Some(done) = reporters.join_next().await {
        outcomes.push(done.context("a reporter's task")?);
    }
    let flood_secs = started.elapsed().as_secs_f64() + (MIN_AGE * 2).as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    while flood.join_next().await.is_some() {}
    let status = server.stop().await?;
    if !status.success() {
        eprintln!("warning: the server exited with {status}");
    }

    let section = report(&args, &version, &outcomes, &counts, flood_secs);
    print!("{section}");
    if let Some(file) = &args.write {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let updated = markdown::replace_section(&text, SECTION, &section)?;
        std::fs::write(file, updated).with_context(|| format!("writing {}", file.display()))?;
    }
    Ok(())
}

fn report(
    args: &FloodArgs,
    version: &str,
    outcomes: &[Genuine],
    counts: &FloodCounts,
    flood_secs: f64,
) -> String {
    let total = outcomes.len();
    let waits: Vec<f64> = outcomes.iter().filter_map(|g| g.wait).collect();
    let first_try = outcomes
        .iter()
        .filter(|g| g.wait.is_some() && g.posts == 1)
        .count();
    let pct = |k: usize| {
        if total == 0 {
            "n/a".to_owned()
        } else {
            format!("{:.0} %", 100.0 * k as f64 / total as f64)
        }
    };
    let secs = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |s| format!("{s:.1} s"));
    let posts: Vec<f64> = outcomes.iter().map(|g| g.posts as f64).collect();
    let accepted = counts.accepted.load(Ordering::Relaxed);
    let per_minute = |k: usize| format!("{:.0}", k as f64 * 60.0 / flood_secs.max(1.0));
    let rows = vec![
        vec!["genuine reporters".to_owned(), total.to_string()],
        vec!["receipt at the first post".to_owned(), pct(first_try)],
        vec![
            format!("receipt within {} s of being told to wait", args.give_up),
            pct(waits.len()),
        ],
        vec![
            "wait, first post to receipt: p50".to_owned(),
            secs(percentile(&waits, 50.0)),
        ],
        vec![
            "wait, first post to receipt: p99".to_owned(),
            secs(percentile(&waits, 99.0)),
        ],
        vec![
            "posts per genuine report: p50 / max".to_owned(),
            format!(
                "{} / {}",
                percentile(&posts, 50.0).unwrap_or(0.0),
                percentile(&posts, 100.0).unwrap_or(0.0)
            ),
        ],
        vec![
            "flood reports accepted per minute".to_owned(),
            per_minute(accepted),
        ],
        vec![
            "flood posts refused per minute: 429 / 503 / other".to_owned(),
            format!(
                "{} / {} / {}",
                per_minute(counts.limited.load(Ordering::Relaxed)),
                per_minute(counts.busy.load(Ordering::Relaxed)),
                per_minute(counts.other.load(Ordering::Relaxed))
            ),
        ],
    ];
    format!(
        "\nMeasured on {} (UTC) with `{}` on {} (`nproc` = {}, {} cores usable), {version}, production defaults (Argon2id \
         64 MiB t=3, 120 submissions a minute, forms accepted once and only once 10 s old). \
         {} flooders, each fetching a form, waiting exactly 10 s and posting a valid report, again and \
         again, for {} s; a genuine reporter every {} s, who writes for 25 s, then follows the \
         waiting page's advice (wait `Retry-After`, send the same page again).\n\n{}\n",
        chrono::Utc::now().format("%Y-%m-%d"),
        server::own_command_line(),
        crate::machine::cpu_model(),
        crate::machine::nproc(),
        crate::machine::cores(),
        args.flooders,
        args.seconds,
        args.genuine_every,
        markdown::table(&["genuine reporter under flood", "value"], &rows)
    )
}
