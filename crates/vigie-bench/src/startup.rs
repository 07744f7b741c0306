//! `vigie-bench startup`: how long `vigie serve` takes to answer, and how much memory it holds idle.
//!
//! Each run makes a fresh data directory and measures two scenarios on it:
//! - **first start**: the directory is empty, so the server initialises the instance (keys, the
//!   first admin, whose one-time password costs one production Argon2id run) before it listens;
//! - **restart**: the same directory, a second start: open the database and the key files.
//!
//! For each, the time from spawn to the first 200 on `GET /healthz` (polled every 10 ms), then,
//! after 2 s idle, the resident set size. The report gives the median, minimum and maximum over
//! the runs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use crate::machine::nproc;
use crate::markdown::{self, Target};
use crate::server::{self, READY_TIMEOUT, Server};
use crate::stats::{Summary, mib, summarize};

/// The section of the documentation file this benchmark rewrites.
const SECTION: &str = "startup";
/// How long the server stays idle before its memory is read.
const IDLE: Duration = Duration::from_secs(2);

/// Options of `vigie-bench startup`.
#[derive(Debug, Args)]
pub struct StartupArgs {
    /// The vigie binary [default: $CARGO_TARGET_DIR/release/vigie, else target/release/vigie]
    #[arg(long, value_name = "PATH")]
    vigie: Option<PathBuf>,
    /// Number of runs (each: a fresh data directory, a first start, then a restart)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    runs: u32,
    /// Replace the section between `<!-- bench:startup -->` and `<!-- /bench:startup -->` of FILE
    /// with the results
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
}

/// One scenario's measurement.
#[derive(Clone, Copy, Debug)]
struct Sample {
    ready: Duration,
    rss_kib: u64,
}

/// All measurements, per scenario.
#[derive(Debug, Default)]
struct Samples {
    first: Vec<Sample>,
    restart: Vec<Sample>,
}

/// Runs the benchmark.
pub async fn run(args: StartupArgs) -> Result<()> {
    let binary = args.vigie.unwrap_or_else(server::default_binary);
    server::check_binary(&binary)?;
    // Check the target file before spending minutes measuring.
    let doc = Target::check(args.write.as_deref(), SECTION)?;
    let version = server::binary_version(&binary).await;
    eprintln!(
        "vigie-bench startup: {} ({version}), {} run(s)",
        binary.display(),
        args.runs
    );

    let mut samples = Samples::default();
    for i in 1..=args.runs {
        let (first, restart) = one_run(&binary).await.with_context(|| format!("run {i}"))?;
        eprintln!(
            "run {i}/{}: first start {} ms, {} MiB idle; restart {} ms, {} MiB idle",
            args.runs,
            ms(first.ready),
            mib(first.rss_kib),
            ms(restart.ready),
            mib(restart.rss_kib),
        );
        samples.first.push(first);
        samples.restart.push(restart);
    }

    let table = results_table(&samples);
    println!("{table}");
    if let Some(doc) = doc {
        let body = format!(
            "Measured on {date} (UTC) with {version}, {runs} run(s), on a machine where `nproc` = {cpus}.\n\n\
             {table}\n\
             Command: `{command}`",
            date = chrono::Utc::now().format("%Y-%m-%d"),
            runs = args.runs,
            cpus = nproc(),
            command = server::own_command_line(),
        );
        doc.write(&body)?;
    }
    Ok(())
}

/// One run: a fresh data directory, a first start, a restart. The directory (database, keys,
/// logs with the one-time password) is deleted at the end.
async fn one_run(binary: &Path) -> Result<(Sample, Sample)> {
    let root = server::temp_root("vigie-bench-")?;
    let data_dir = server::new_data_dir(root.path(), "data")?;
    let first = measure(binary, &data_dir, &root.path().join("first.log"))
        .await
        .context("first start")?;
    let restart = measure(binary, &data_dir, &root.path().join("restart.log"))
        .await
        .context("restart")?;
    Ok((first, restart))
}

/// Starts a server on `data_dir`, times it to ready, waits idle, reads its memory, stops it.
async fn measure(binary: &Path, data_dir: &Path, log: &Path) -> Result<Sample> {
    let mut server = Server::spawn(binary, data_dir, log, &[])?;
    let ready = server.wait_ready(READY_TIMEOUT).await?;
    tokio::time::sleep(IDLE).await;
    let rss_kib = server.rss_kib()?;
    server.stop().await?;
    Ok(Sample { ready, rss_kib })
}

/// The results as a Markdown table.
fn results_table(samples: &Samples) -> String {
    let mut rows = Vec::new();
    for (name, list) in [
        ("first start", &samples.first),
        ("restart", &samples.restart),
    ] {
        let ready: Vec<f64> = list
            .iter()
            .map(|s| s.ready.as_secs_f64() * 1000.0)
            .collect();
        let rss: Vec<f64> = list.iter().map(|s| s.rss_kib as f64 / 1024.0).collect();
        rows.push(row(
            &format!("{name}: spawn to `/healthz` 200 (ms)"),
            summarize(&ready),
            0,
        ));
        rows.push(row(
            &format!("{name}: idle RSS after 2 s (MiB)"),
            summarize(&rss),
            1,
        ));
    }
    markdown::table(&["figure", "median", "min", "max"], &rows)
}

fn row(label: &str, summary: Option<Summary>, decimals: usize) -> Vec<String> {
    let cell = |v: f64| format!("{v:.decimals$}");
    match summary {
        Some(s) => vec![label.into(), cell(s.median), cell(s.min), cell(s.max)],
        None => vec![label.into(), "-".into(), "-".into(), "-".into()],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(ms: u64, kib: u64) -> Sample {
        Sample {
            ready: Duration::from_millis(ms),
            rss_kib: kib,
        }
    }

    #[test]
    fn table_has_medians_per_scenario() {
        let samples = Samples {
            first: vec![sample(500, 40960), sample(300, 20480), sample(400, 30720)],
            restart: vec![sample(20, 10240), sample(30, 10240), sample(10, 10240)],
        };
        let t = results_table(&samples);
        assert!(
            t.contains("| first start: spawn to `/healthz` 200 (ms) | 400 | 300 | 500 |"),
            "{t}"
        );
        assert!(
            t.contains("| first start: idle RSS after 2 s (MiB) | 30.0 | 20.0 | 40.0 |"),
            "{t}"
        );
        assert!(
            t.contains("| restart: spawn to `/healthz` 200 (ms) | 20 | 10 | 30 |"),
            "{t}"
        );
        assert!(
            t.contains("| restart: idle RSS after 2 s (MiB) | 10.0 | 10.0 | 10.0 |"),
            "{t}"
        );
    }

    #[test]
    fn empty_table_has_dashes() {
        let t = results_table(&Samples::default());
        assert!(
            t.contains("| restart: idle RSS after 2 s (MiB) | - | - | - |"),
            "{t}"
        );
    }
}
