//! One run of the reports benchmark: three fresh servers, one per phase (see the module above).

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use bytes::Bytes;

use super::results::{describe_uploads, opt_ms};
use super::setup::ServerSetup;
use super::submit::{self, LevelPlan};
use super::upload::{self, Uploads};
use super::weight::{self, PageWeight};
use super::{DEFAULT_MAX_FILE_MIB, LEVELS, MIB, ReportsArgs, RunResult, png};
use crate::load::{Failures, Level};
use crate::machine::{busy_ticks, own_ticks, ticks};
use crate::server::{self, READY_TIMEOUT, Server};
use crate::stats::mib;

/// CPU time used so far by the server, the whole machine and this benchmark.
struct CpuSnapshot {
    server: Option<Duration>,
    machine_ticks: Option<u64>,
    own_ticks: Option<u64>,
}

impl CpuSnapshot {
    fn take(server: &Server) -> CpuSnapshot {
        CpuSnapshot {
            server: server.cpu_time().ok(),
            machine_ticks: busy_ticks(),
            own_ticks: own_ticks(),
        }
    }

    /// The CPU time other processes used from `self` to `later`.
    fn others_until(&self, later: &CpuSnapshot) -> Option<Duration> {
        let machine = ticks(later.machine_ticks?.saturating_sub(self.machine_ticks?));
        let own = ticks(later.own_ticks?.saturating_sub(self.own_ticks?));
        let server = later.server?.saturating_sub(self.server?);
        Some(machine.saturating_sub(own).saturating_sub(server))
    }
}

/// What the phases of one run share.
struct RunContext<'a> {
    binary: &'a Path,
    root: &'a Path,
    client: reqwest::Client,
    args: &'a ReportsArgs,
    setup: &'a ServerSetup,
    /// This run's number, from 1.
    run: u32,
}

/// Runs the three phases, each on a fresh server.
pub(super) async fn one_run(
    binary: &Path,
    args: &ReportsArgs,
    setup: &ServerSetup,
    run: u32,
) -> Result<RunResult> {
    let root = server::temp_root("vigie-bench-")?;
    let ctx = RunContext {
        binary,
        root: root.path(),
        client: client()?,
        args,
        setup,
        run,
    };
    let (weight, levels, numbered) = submissions(&ctx).await?;
    let noise = png::shared_noise();
    let (many, many_again) = uploads(&ctx, &noise).await?;
    let (big, one_submission) = large_upload(&ctx, &noise, numbered).await?;
    Ok(RunResult {
        levels,
        weight,
        many,
        many_again,
        big,
        one_submission,
    })
}

/// Phase 1: the page, then submissions at each concurrency level. Returns the page's weight, the
/// levels, and the number of the next submission.
async fn submissions(ctx: &RunContext<'_>) -> Result<(PageWeight, Vec<Level>, usize)> {
    let (client, args, run, runs) = (&ctx.client, ctx.args, ctx.run, ctx.args.runs);
    let server = start(ctx.binary, ctx.root, "submissions", &ctx.setup.env(None))
        .await
        .context("starting the submissions server")?;
    let base = server.base_url();
    let weight = weight::page_weight(client, &base)
        .await
        .context("loading /signaler as a browser")?;
    // A first report warms the database and the page caches up; it is not counted.
    submit::submit_checked(client, &base, 0)
        .await
        .context("the warm-up submission")?;
    let mut levels = Vec::new();
    let mut numbered = 1;
    let min_submissions = usize::try_from(args.min_submissions).unwrap_or(usize::MAX);
    for concurrency in LEVELS {
        let plan = LevelPlan {
            concurrency,
            min_submissions,
            budget: Duration::from_secs(args.level_secs),
        };
        let before = CpuSnapshot::take(&server);
        let mut level = submit::run_level(client, &base, plan, numbered).await?;
        let after = CpuSnapshot::take(&server);
        level.server_cpu = after
            .server
            .zip(before.server)
            .map(|(a, b)| a.saturating_sub(b));
        level.other_cpu = before.others_until(&after);
        numbered += level.ok + level.failures.total();
        eprintln!(
            "run {run}/{runs}: concurrency {concurrency}: {} submission(s) in {:.1} s, {:.2}/s, \
             server CPU {} ms each, POST p50 {} ms, p99 {} ms, other processes {} core(s), \
             failures: {}",
            level.ok,
            level.wall.as_secs_f64(),
            level.per_second().unwrap_or(0.0),
            opt_ms(level.cpu_ms_per_attempt()),
            opt_ms(level.latency_ms(50.0)),
            opt_ms(level.latency_ms(99.0)),
            level
                .other_cores()
                .map_or("?".into(), |c| format!("{c:.2}")),
            level.failures,
        );
        quote_log_on_failure(&server, &level.failures, "submissions");
        levels.push(level);
    }
    stop(server, "submissions").await?;
    Ok((weight, levels, numbered))
}

/// Phase 2: concurrent uploads, twice on the same server. Returns both batches.
async fn uploads(ctx: &RunContext<'_>, noise: &Bytes) -> Result<(Uploads, Uploads)> {
    let (client, args, run, runs) = (&ctx.client, ctx.args, ctx.run, ctx.args.runs);
    let max_file = (args.upload_mib > DEFAULT_MAX_FILE_MIB).then_some(args.upload_mib);
    let server = start(ctx.binary, ctx.root, "uploads", &ctx.setup.env(max_file))
        .await
        .context("starting the uploads server")?;
    let uploads = usize::try_from(args.uploads).unwrap_or(usize::MAX);
    let many = upload::concurrent_uploads(&server, client, uploads, args.upload_mib * MIB, noise)
        .await
        .context("the concurrent uploads")?;
    eprintln!("run {run}/{runs}: {}", describe_uploads(&many));
    quote_log_on_failure(&server, &many.failures, "uploads");
    // The same batch again on the same server: memory that stays high after the first batch but does
    // not grow with the second is the allocator's, not a leak.
    let many_again =
        upload::concurrent_uploads(&server, client, uploads, args.upload_mib * MIB, noise)
            .await
            .context("the concurrent uploads, again")?;
    eprintln!("run {run}/{runs}: again: {}", describe_uploads(&many_again));
    quote_log_on_failure(&server, &many_again.failures, "uploads, again");
    stop(server, "uploads").await?;
    // The sealed files take room: free it before the next server.
    let _ = std::fs::remove_dir_all(ctx.root.join("uploads"));
    Ok((many, many_again))
}

/// Phase 3: one large upload, then one text-only submission (numbered `numbered`) for comparison.
/// Returns the upload and the submission's RSS before and at its peak, in KiB.
async fn large_upload(
    ctx: &RunContext<'_>,
    noise: &Bytes,
    numbered: usize,
) -> Result<(Uploads, (u64, u64))> {
    let (client, args, run, runs) = (&ctx.client, ctx.args, ctx.run, ctx.args.runs);
    let server = start(
        ctx.binary,
        ctx.root,
        "large-upload",
        &ctx.setup.env(Some(args.big_upload_mib + 20)),
    )
    .await
    .context("starting the large-upload server")?;
    let big = upload::concurrent_uploads(&server, client, 1, args.big_upload_mib * MIB, noise)
        .await
        .context("the large upload")?;
    eprintln!("run {run}/{runs}: {}", describe_uploads(&big));
    quote_log_on_failure(&server, &big.failures, "large upload");
    let one_submission = upload::submission_peak(&server, client, numbered)
        .await
        .context("the reference submission")?;
    eprintln!(
        "run {run}/{runs}: one text-only submission: RSS {} MiB before, peak {} MiB",
        mib(one_submission.0),
        mib(one_submission.1)
    );
    stop(server, "large-upload").await?;
    Ok((big, one_submission))
}

/// The client of the reports benchmark: generous time for large uploads.
pub(crate) fn client() -> Result<reqwest::Client> {
    server::http_client(Duration::from_secs(600))
}

/// Starts a server named `name` under `root` (its data directory and log file) and waits for it.
pub(crate) async fn start(
    binary: &Path,
    root: &Path,
    name: &str,
    env: &[(String, String)],
) -> Result<Server> {
    let data_dir = server::new_data_dir(root, name)?;
    let mut server = Server::spawn_with_env(
        binary,
        &data_dir,
        &root.join(format!("{name}.log")),
        &[],
        env,
    )?;
    server.wait_ready(READY_TIMEOUT).await?;
    Ok(server)
}

/// Stops a server, warning if it did not stop cleanly.
pub(crate) async fn stop(server: Server, name: &str) -> Result<()> {
    let status = server.stop().await?;
    if !status.success() {
        eprintln!("warning: the {name} server exited with {status}");
    }
    Ok(())
}

/// Prints the end of the server's log when something failed, so that it can be read.
fn quote_log_on_failure(server: &Server, failures: &Failures, what: &str) {
    if failures.total() > 0 {
        eprintln!(
            "{what}: {} failure(s): {failures}; the end of the server's log:\n{}",
            failures.total(),
            server.log_tail(20)
        );
    }
}
