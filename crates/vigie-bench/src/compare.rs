//! `vigie-bench compare`: vigie against the machine's own limits, measured in one run (issue 15),
//! so that a change is judged against what this machine can do rather than an absolute figure.
//!
//! Each run, on a quiet machine:
//! 1. **Argon2id**, `--kdf-runs` times each at vigie's production parameters, in CPU time: the implementation
//!    vigie runs, the one it ran before (RustCrypto's), and libsodium's (PyNaCl, through
//!    `helpers/libsodium_argon2id.py`). `cores / libsodium's time` is the **ceiling**: the
//!    submissions per second the machine would allow if a submission cost nothing but its KDF.
//! 2. **Submissions**: one fresh `vigie serve` (as `vigie-bench reports` starts it), text-only
//!    reports from 4 workers for `--secs` (each loads the form for its token, then posts): their
//!    rate as a fraction of the ceiling, and the server's CPU time per submission minus what its
//!    KDF pool threads used in the same run (`/proc/PID/task/*`): the **non-KDF cost** of a
//!    submission, form load included. The KDF threads' time beside step 1's shows what running
//!    two Argon2id at once costs each (they share the memory bus and its caches).
//! 3. **Pages**: `wrk` with 8 connections for `--wrk-secs` on `/signaler`, then on `/healthz`, the
//!    first as a fraction of the second.
//!
//! Medians over the runs, minimum and maximum beside them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use vigie_vault::KdfParams;
use vigie_vault::argon2id::{Argon2id, Engine, Inputs, RustCryptoArgon2};

use crate::UsageError;
use crate::machine::{busy_ticks, cores, cpu_model, nproc, own_ticks, thread_cpu_time, ticks};
use crate::markdown::Target;
use crate::reports::runs::{client, start, stop};
use crate::reports::setup::ServerSetup;
use crate::reports::submit::{self, LevelPlan};
use crate::server;
use crate::stats::{Summary, summarize};

/// The section of the documentation file this benchmark rewrites.
const SECTION: &str = "compare";
/// Workers posting reports at once.
const CONCURRENCY: usize = 4;
/// wrk's connections (and its two threads).
const CONNECTIONS: &str = "8";
/// The name prefix of the server's KDF pool threads (`vigie-kdf-report-0`, shortened by Linux
/// to 15 bytes).
const KDF_THREADS: &str = "vigie-kdf-";

/// Options of `vigie-bench compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The vigie binary [default: $CARGO_TARGET_DIR/release/vigie, else target/release/vigie]
    #[arg(long, value_name = "PATH")]
    vigie: Option<PathBuf>,
    /// Number of runs
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
    /// Argon2id runs of each implementation, each run
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=1000))]
    kdf_runs: u32,
    /// Seconds of submissions, each run
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=3600))]
    secs: u64,
    /// Seconds of wrk on each page, each run
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    wrk_secs: u64,
    /// Replace the section between `<!-- bench:compare -->` and `<!-- /bench:compare -->` of FILE
    /// with the results
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
}

/// One run's figures.
#[derive(Clone, Copy, Debug)]
struct Run {
    /// Median seconds of one Argon2id: vigie's, the former, libsodium's.
    kdf: [f64; 3],
    /// Submissions per second at [`CONCURRENCY`].
    submissions: f64,
    /// Server CPU milliseconds per submission.
    cpu_ms: f64,
    /// Of which its KDF pools' threads, milliseconds per submission: the Argon2id run as the
    /// server pays for it under load (two at once sharing the memory bus), measured in the same run.
    kdf_cpu_ms: f64,
    /// Requests per second: `/signaler`, `/healthz`.
    pages: [f64; 2],
    /// Cores other processes kept busy during the submissions.
    others: f64,
}

impl Run {
    fn ceiling(&self) -> f64 {
        cores() as f64 / self.kdf[2]
    }
}

/// The helper that times libsodium.
fn helper() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("helpers/libsodium_argon2id.py")
}

/// Runs the benchmark.
pub async fn run(args: CompareArgs) -> Result<()> {
    let binary = args.vigie.clone().unwrap_or_else(server::default_binary);
    server::check_binary(&binary)?;
    let doc = Target::check(args.write.as_deref(), SECTION)?;
    require_tools().await?;
    let version = server::binary_version(&binary).await;
    let kdf = KdfParams::production();
    eprintln!(
        "vigie-bench compare: {} ({version}), {} run(s), KDF {}, {} core(s)",
        binary.display(),
        args.runs,
        kdf.encode(),
        cores()
    );
    let mut runs = Vec::new();
    for i in 1..=args.runs {
        let run = one_run(&binary, &args, kdf)
            .await
            .with_context(|| format!("run {i}"))?;
        eprintln!(
            "run {i}/{}: Argon2id {:.1} / {:.1} / {:.1} ms (vigie / former / libsodium), \
             {:.2} submissions/s = {:.2} of the ceiling {:.2}/s, {:.1} ms CPU each ({:.1} in the KDF threads), \
             /signaler {:.0}/s, /healthz {:.0}/s, other processes {:.2} core(s)",
            args.runs,
            run.kdf[0] * 1e3,
            run.kdf[1] * 1e3,
            run.kdf[2] * 1e3,
            run.submissions,
            run.submissions / run.ceiling(),
            run.ceiling(),
            run.cpu_ms,
            run.kdf_cpu_ms,
            run.pages[0],
            run.pages[1],
            run.others,
        );
        runs.push(run);
    }
    let body = table(&runs);
    println!("{body}");
    if let Some(doc) = doc {
        doc.write(&format!(
            "Measured on {date} (UTC) with {version}, {runs} run(s), on a machine where `nproc` = \
             {cpus} ({cpu}).\n\n{body}\nCommand: `{command}`",
            date = chrono::Utc::now().format("%Y-%m-%d"),
            runs = args.runs,
            cpus = nproc(),
            cpu = cpu_model(),
            command = server::own_command_line(),
        ))?;
    }
    Ok(())
}

/// wrk and PyNaCl are there, or a usage error that says how to get them.
async fn require_tools() -> Result<()> {
    let wrk = tokio::process::Command::new("wrk")
        .arg("--version")
        .output()
        .await;
    if wrk.is_err() {
        bail!(UsageError("wrk is missing (apt-get install wrk)".into()));
    }
    let nacl = tokio::process::Command::new("python3")
        .args(["-c", "import nacl.bindings"])
        .output()
        .await;
    if !nacl.is_ok_and(|o| o.status.success()) {
        bail!(UsageError("PyNaCl is missing (pip install pynacl)".into()));
    }
    Ok(())
}

async fn one_run(binary: &Path, args: &CompareArgs, kdf: KdfParams) -> Result<Run> {
    // The KDFs first, on a machine where no server runs yet.
    let ours = median(&time_kdf::<Engine>(kdf, args.kdf_runs)?);
    let former = median(&time_kdf::<RustCryptoArgon2>(kdf, args.kdf_runs)?);
    let sodium = median(&libsodium(kdf, args.kdf_runs).await?);

    let root = server::temp_root("vigie-bench-compare-")?;
    let setup = ServerSetup {
        new_report_pool: cores().clamp(1, 64),
        kdf,
    };
    let server = start(binary, root.path(), "compare", &setup.env(None)).await?;
    let base = server.base_url();
    let client = client()?;
    submit::submit_checked(&client, &base, 0)
        .await
        .context("the warm-up submission")?;
    let plan = LevelPlan {
        concurrency: CONCURRENCY,
        min_submissions: CONCURRENCY,
        budget: Duration::from_secs(args.secs),
    };
    let (cpu_before, machine_before, own_before) = (server.cpu_time()?, busy_ticks(), own_ticks());
    let kdf_before = server.threads_cpu_time(KDF_THREADS)?;
    let level = submit::run_level(&client, &base, plan, 1).await?;
    let cpu = server.cpu_time()?.saturating_sub(cpu_before);
    let kdf_cpu = server
        .threads_cpu_time(KDF_THREADS)?
        .saturating_sub(kdf_before);
    // What other processes used meanwhile: a busy machine lowers the rate, not the ceiling.
    let others = busy_ticks()
        .zip(machine_before)
        .zip(own_ticks().zip(own_before))
        .map(|((m1, m0), (o1, o0))| {
            ticks(m1.saturating_sub(m0))
                .saturating_sub(ticks(o1.saturating_sub(o0)))
                .saturating_sub(cpu)
                .as_secs_f64()
                / level.wall.as_secs_f64().max(1e-9)
        })
        .unwrap_or(f64::NAN);
    if level.failures.total() > 0 {
        bail!(
            "{} submission(s) failed: {}",
            level.failures.total(),
            level.failures
        );
    }
    let attempts = level.ok.max(1) as f64;
    let signaler = wrk(&format!("{base}/signaler"), args.wrk_secs).await?;
    let healthz = wrk(&format!("{base}/healthz"), args.wrk_secs).await?;
    stop(server, "compare").await?;
    Ok(Run {
        kdf: [ours, former, sodium],
        submissions: level.per_second().unwrap_or(0.0),
        cpu_ms: cpu.as_secs_f64() * 1e3 / attempts,
        kdf_cpu_ms: kdf_cpu.as_secs_f64() * 1e3 / attempts,
        pages: [signaler, healthz],
        others,
    })
}

/// `runs` timings of implementation `E` at `kdf`, in seconds of this thread's CPU time (what one
/// run costs the server, whatever else the machine does meanwhile).
fn time_kdf<E: Argon2id>(kdf: KdfParams, runs: u32) -> Result<Vec<f64>> {
    let mut times = Vec::new();
    for n in 0..runs {
        let password = format!("4286 3344 9576 9273 {n:04}");
        let started = thread_cpu_time();
        let inputs = Inputs {
            pepper: &[0x5a; 32],
            password: password.as_bytes(),
            salt: &[0xa5; 32],
        };
        E::derive(kdf, inputs)?;
        times.push((thread_cpu_time().saturating_sub(started)).as_secs_f64());
    }
    Ok(times)
}

/// `runs` timings of libsodium's Argon2id at `kdf`, in seconds, from the helper.
async fn libsodium(kdf: KdfParams, runs: u32) -> Result<Vec<f64>> {
    let out = tokio::process::Command::new("python3")
        .arg(helper())
        .args([kdf.memory_kib, kdf.iterations, runs].map(|n| n.to_string()))
        .output()
        .await
        .context("running the libsodium helper")?;
    if !out.status.success() {
        bail!(
            "the libsodium helper failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    parse_times(&String::from_utf8_lossy(&out.stdout))
}

/// One time in seconds per line.
fn parse_times(text: &str) -> Result<Vec<f64>> {
    let times: Vec<f64> = text
        .lines()
        .map(|l| l.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .context("the libsodium helper printed something other than times")?;
    if times.is_empty() {
        bail!("the libsodium helper printed no time");
    }
    Ok(times)
}

/// Requests per second that wrk got from `url` with 8 connections for `secs`.
async fn wrk(url: &str, secs: u64) -> Result<f64> {
    let out = tokio::process::Command::new("wrk")
        .args(["-t2", "-c", CONNECTIONS, "-d"])
        .arg(format!("{secs}s"))
        .arg(url)
        .output()
        .await
        .context("running wrk")?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || text.contains("Non-2xx") {
        bail!("wrk on {url}: {text}");
    }
    requests_per_second(&text).with_context(|| format!("wrk on {url} printed no rate: {text}"))
}

/// The `Requests/sec:` figure of wrk's output.
fn requests_per_second(wrk: &str) -> Option<f64> {
    wrk.lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
}

fn median(samples: &[f64]) -> f64 {
    summarize(samples).map_or(f64::NAN, |s| s.median)
}

/// The results as a Markdown table: medians, then minimum and maximum.
fn table(runs: &[Run]) -> String {
    let row = |name: &str, f: &dyn Fn(&Run) -> f64, decimals: usize| {
        let values: Vec<f64> = runs.iter().map(f).collect();
        let cell = |s: Option<Summary>| {
            s.map_or("?".to_owned(), |s| {
                format!(
                    "{:.d$} ({:.d$} to {:.d$})",
                    s.median,
                    s.min,
                    s.max,
                    d = decimals
                )
            })
        };
        format!("| {name} | {} |\n", cell(summarize(&values)))
    };
    let mut t = String::from("| measure | median (min to max) |\n|---|---|\n");
    t += &row(
        "Argon2id, vigie's (argon2-rust), ms",
        &|r| r.kdf[0] * 1e3,
        1,
    );
    t += &row(
        "Argon2id, former (RustCrypto argon2 0.5), ms",
        &|r| r.kdf[1] * 1e3,
        1,
    );
    t += &row("Argon2id, libsodium (PyNaCl), ms", &|r| r.kdf[2] * 1e3, 1);
    t += &row("ceiling: cores / libsodium's time, per s", &Run::ceiling, 2);
    t += &row(
        &format!("submissions per s, {CONCURRENCY} workers"),
        &|r| r.submissions,
        2,
    );
    t += &row(
        "**submissions as a fraction of the ceiling** (target ≥ 0.85)",
        &|r| r.submissions / r.ceiling(),
        3,
    );
    t += &row(
        "server CPU per submission (form load included), ms",
        &|r| r.cpu_ms,
        2,
    );
    t += &row(
        "of which the server's KDF threads (Argon2id under load), ms",
        &|r| r.kdf_cpu_ms,
        2,
    );
    t += &row(
        "**non-KDF CPU per submission**: outside the KDF threads, ms (target ≤ 2)",
        &|r| r.cpu_ms - r.kdf_cpu_ms,
        2,
    );
    t += &row(
        "Argon2id under load minus alone (two runs sharing the memory bus), ms",
        &|r| r.kdf_cpu_ms - r.kdf[0] * 1e3,
        2,
    );
    t += &row(
        "`/signaler`, requests per s (wrk, 8 connections)",
        &|r| r.pages[0],
        0,
    );
    t += &row(
        "`/healthz`, requests per s (wrk, 8 connections)",
        &|r| r.pages[1],
        0,
    );
    t += &row(
        "**`/signaler` as a fraction of `/healthz`** (target ≥ 0.6)",
        &|r| r.pages[0] / r.pages[1],
        3,
    );
    t += &row(
        "cores other processes kept busy during the submissions",
        &|r| r.others,
        2,
    );
    t
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn wrk_rates_are_read() {
        let out = "Running 10s test @ http://127.0.0.1:1/healthz\n  2 threads and 8 connections\n\
                   Requests/sec:  59412.33\nTransfer/sec:      9.01MB\n";
        assert_eq!(requests_per_second(out), Some(59412.33));
        assert_eq!(requests_per_second("no rate"), None);
    }

    #[test]
    fn helper_times_are_read_or_refused() {
        assert_eq!(parse_times("0.1\n0.2\n").unwrap(), vec![0.1, 0.2]);
        assert!(parse_times("").is_err());
        assert!(parse_times("PyNaCl is missing").is_err());
    }

    #[test]
    fn the_libsodium_helper_is_shipped() {
        assert!(helper().is_file());
    }
}
