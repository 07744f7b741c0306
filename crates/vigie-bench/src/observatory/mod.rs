//! `vigie-bench observatory`: the observatory with a million incidents.
//!
//! 1. **Seeding** (not the target, timed apart): a fresh instance, created in-process with the files
//!    `vigie serve --data-dir DIR` opens, and `--incidents` accepted incidents over `--months` months
//!    written through `Store::insert_incidents` by batches of `--batch` ([`seed`]).
//! 2. **Publishing**, `--runs` times, each on a fresh copy of the seeded instance: the first edition
//!    (every month released), the following month's edition, a correction; then the SQL aggregation
//!    and the disclosure control of every month timed apart ([`publish`]).
//! 3. **Serving**: a real `vigie serve` (the release binary) on the last run's copy, each public route
//!    of the observatory asked `--requests` times by 1, then by 8 workers, after `--warmup` requests
//!    ([`http`]); the server's resident memory before and after.

mod http;
mod publish;
mod results;
pub(crate) mod seed;
mod serving;

use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use vigie_domain::observatory::Month;

use crate::UsageError;
use crate::machine::{cpu_model, nproc};
use crate::markdown::Target;
use crate::server;
use publish::PublishRun;
use results::{over_target, results};
use seed::Calendar;
use serving::serve;

/// The section of the documentation file this benchmark rewrites.
const SECTION: &str = "observatory";
/// The target for a page or a file read from a published edition.
const TARGET_P50_MS: f64 = 10.0;

/// Options of `vigie-bench observatory`.
#[derive(Debug, Args)]
pub struct ObservatoryArgs {
    /// The vigie binary [default: $CARGO_TARGET_DIR/release/vigie, else target/release/vigie]
    #[arg(long, value_name = "PATH")]
    vigie: Option<PathBuf>,
    /// Publishing runs, each on a fresh copy of the seeded instance
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    runs: u32,
    /// Replace the section between `<!-- bench:observatory -->` and `<!-- /bench:observatory -->`
    /// of FILE with the results
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// Accepted incidents to seed
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    incidents: u64,
    /// Months they are spread over (the first edition releases them all)
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(2..=60))]
    months: u32,
    /// Incidents per insert transaction while seeding
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    batch: u64,
    /// Requests per route at each concurrency level
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    requests: u64,
    /// Warm-up requests per route, not counted
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    warmup: u64,
    /// Seed into DIR, or reuse DIR if an earlier run seeded it with the same incidents and months
    /// (the copies for the runs are made next to it) [default: a temporary directory]
    #[arg(long, value_name = "DIR")]
    seed_dir: Option<PathBuf>,
    /// Publish with discrete-Laplace noise of this epsilon per cell (`observatory.epsilon`)
    /// [default: none, as the server's default]
    #[arg(long)]
    epsilon: Option<f64>,
}

/// Runs the benchmark.
pub async fn run(args: ObservatoryArgs) -> Result<()> {
    let binary = args.vigie.clone().unwrap_or_else(server::default_binary);
    server::check_binary(&binary)?;
    if let Some(e) = args.epsilon
        && !(e > 0.0 && e <= 10.0)
    {
        return Err(UsageError("--epsilon must be above 0 and at most 10".into()).into());
    }
    let doc = Target::check(args.write.as_deref(), SECTION)?;
    let version = server::binary_version(&binary).await;
    let calendar = Calendar::ending_before(Month::of_instant(chrono::Utc::now()), args.months);
    eprintln!(
        "vigie-bench observatory: {} ({version}), {} incidents over {} to {}, {} run(s)",
        binary.display(),
        args.incidents,
        calendar.first,
        calendar.last,
        args.runs
    );

    let temp = server::temp_root("vigie-bench-observatory-")?;
    let seed_dir = args
        .seed_dir
        .clone()
        .unwrap_or_else(|| temp.path().join("seed"));
    let seeded = seed::prepare(&seed_dir, calendar, args.incidents, args.batch).await?;
    if let (Some(total), Some(inserts)) = (seeded.total_time, seeded.insert_time) {
        eprintln!(
            "seeded {} incidents in {:.1} s ({:.1} s in insert_incidents), database {:.0} MiB",
            seeded.incidents,
            total.as_secs_f64(),
            inserts.as_secs_f64(),
            seeded.database_bytes as f64 / MIB
        );
    }

    let (runs, last_dir) = publish_runs(&args, &seed_dir, temp.path(), calendar).await?;
    let latest_id = runs
        .last()
        .map(|r| r.ids[2].clone())
        .context("no edition")?;

    let serving = serve(
        &binary,
        &last_dir,
        &temp.path().join("serve.log"),
        &latest_id,
        &args,
    )
    .await?;

    let body = results(&seeded, &runs, &serving, &args);
    println!("{body}");
    let slow = over_target(&serving.routes);
    if let Some(doc) = doc {
        let body = format!(
            "Measured on {date} (UTC) with {version}, on a machine where `nproc` = {cpus} ({cpu}).\n\n\
             {body}\nCommand: `{command}`",
            date = chrono::Utc::now().format("%Y-%m-%d"),
            cpus = nproc(),
            cpu = cpu_model(),
            command = server::own_command_line(),
        );
        doc.write(&body)?;
    }
    if !slow.is_empty() {
        eprintln!(
            "ABOVE THE TARGET (p50 > {TARGET_P50_MS} ms at concurrency 1): {}",
            slow.join(", ")
        );
    }
    Ok(())
}

/// Publishes `--runs` times, each on a fresh copy of the seeded instance in `work`; returns the runs
/// and the last one's directory (the others are removed as soon as the next one is done).
async fn publish_runs(
    args: &ObservatoryArgs,
    seed_dir: &Path,
    work: &Path,
    calendar: Calendar,
) -> Result<(Vec<PublishRun>, PathBuf)> {
    let batch = usize::try_from(args.batch).unwrap_or(usize::MAX);
    let mut runs = Vec::new();
    let mut last_dir = None;
    for i in 1..=args.runs {
        let dir = work.join(format!("run-{i}"));
        seed::copy_instance(seed_dir, &dir)?;
        let r = publish::run(&dir, calendar, args.incidents, batch, args.epsilon, i)
            .await
            .with_context(|| format!("run {i}"))?;
        runs.push(r);
        if let Some(previous) = last_dir.replace(dir) {
            std::fs::remove_dir_all(&previous)
                .with_context(|| format!("removing {}", Path::new(&previous).display()))?;
        }
    }
    Ok((runs, last_dir.context("no run")?))
}

/// Bytes in a MiB, for sizes shown in MiB.
const MIB: f64 = 1024.0 * 1024.0;
