//! `vigie-bench reports`: the public report form under load.
//!
//! Each run starts three servers, each on a fresh data directory (`vigie serve` initialises the
//! instance and its default team, so reports are accepted at once), all with the production
//! receipt KDF, the submission rate limit raised out of the way and one new-report KDF slot per
//! core:
//!
//! 1. **submissions**: what a browser loads for `/signaler` (the page, then every same-origin
//!    subresource it references), then text-only reports posted by 1, 8 and 64 workers at once
//!    (each: `GET /signaler` for the CSRF token, then `POST /signaler`, only the post timed), at
//!    least `--min-submissions` per level and more until `--level-secs` have passed;
//! 2. **uploads**: `--uploads` reports at once, each with one `--upload-mib` MiB PNG streamed from
//!    a generator, while the server's resident memory is watched;
//! 3. **one large upload**: one report with a `--big-upload-mib` MiB PNG, the per-file limit raised
//!    to fit; then one text-only report, whose peak is the cost of one receipt derivation alone.
//!
//! The report gives medians over the runs, with the minimum and maximum.

mod png;
mod setup;
pub(crate) mod submit;
mod upload;
pub(crate) mod weight;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use crate::UsageError;
use crate::machine::{busy_ticks, cores, cpu_model, nproc, own_ticks, ticks};
use crate::markdown;
use crate::server::{self, READY_TIMEOUT, Server};
use crate::stats::{Summary, summarize};
use setup::ServerSetup;
use submit::{Failures, Level, LevelPlan};
use upload::Uploads;
use weight::{BROWSER_ENCODINGS, PageWeight};

/// The section of the documentation file this benchmark rewrites.
const SECTION: &str = "reports";
/// Workers posting at once, level by level.
const LEVELS: [usize; 3] = [1, 8, 64];
/// The default per-file limit of the server (`reports.max_file_mib`).
const DEFAULT_MAX_FILE_MIB: u64 = 50;
/// The submission rate limit given to the server, so that it never caps the benchmark.
const SUBMISSIONS_PER_MINUTE: u32 = 100_000;
const MIB: u64 = 1024 * 1024;

/// Options of `vigie-bench reports`.
#[derive(Debug, Args)]
pub struct ReportsArgs {
    /// The vigie binary [default: $CARGO_TARGET_DIR/release/vigie, else target/release/vigie]
    #[arg(long, value_name = "PATH")]
    vigie: Option<PathBuf>,
    /// Number of runs (each: three fresh servers, see the module documentation)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
    /// Replace the section between `<!-- bench:reports -->` and `<!-- /bench:reports -->` of FILE
    /// with the results
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// Seconds each concurrency level goes on posting once it has its minimum of submissions
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=3600))]
    level_secs: u64,
    /// Submissions each concurrency level posts at least
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    min_submissions: u64,
    /// Uploads sent at once in the memory test
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=100))]
    uploads: u64,
    /// Size of each of those uploads, in MiB
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=4096))]
    upload_mib: u64,
    /// Size of the single large upload, in MiB (the server's per-file limit is raised to this + 20)
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=4000))]
    big_upload_mib: u64,
}

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

/// Everything one run measured.
#[derive(Clone, Debug)]
struct RunResult {
    levels: Vec<Level>,
    weight: PageWeight,
    many: Uploads,
    /// The same uploads again, on the same server.
    many_again: Uploads,
    big: Uploads,
    /// RSS before and peak during one text-only submission, in KiB.
    one_submission: (u64, u64),
}

/// Runs the benchmark.
pub async fn run(args: ReportsArgs) -> Result<()> {
    let binary = args.vigie.clone().unwrap_or_else(server::default_binary);
    server::check_binary(&binary)?;
    // Check the target file before spending minutes measuring.
    let doc = match &args.write {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
            markdown::find_section(&text, SECTION)
                .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
            Some((path, text))
        }
        None => None,
    };
    let version = server::binary_version(&binary).await;
    let setup = ServerSetup {
        new_report_pool: cores().clamp(1, 64),
        kdf: vigie_vault::KdfParams::production(),
    };
    eprintln!(
        "vigie-bench reports: {} ({version}), {} run(s), new-report pool {}, receipt KDF {}",
        binary.display(),
        args.runs,
        setup.new_report_pool,
        setup.kdf.encode(),
    );

    let mut runs = Vec::new();
    for i in 1..=args.runs {
        let result = one_run(&binary, &args, &setup, i)
            .await
            .with_context(|| format!("run {i}"))?;
        runs.push(result);
    }

    let body = results(&runs, &args, &setup);
    println!("{body}");
    let problems = problems(&runs);
    if let Some((path, text)) = doc {
        let body = format!(
            "Measured on {date} (UTC) with {version}, {runs} run(s), on a machine where `nproc` = {cpus} \
             ({cpu}).\n\n{body}\nCommand: `{command}`",
            date = chrono::Utc::now().format("%Y-%m-%d"),
            runs = args.runs,
            cpus = nproc(),
            cpu = cpu_model(),
            command = server::own_command_line(),
        );
        let updated = markdown::replace_section(&text, SECTION, &body)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
        std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("results written to {}", path.display());
    }
    if !problems.is_empty() {
        eprintln!("THE SERVER MISBEHAVED:");
        for p in &problems {
            eprintln!("  - {p}");
        }
    }
    Ok(())
}

/// An HTTP client for the benchmark: no proxy, generous time for large uploads.
fn client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(600))
        .build()
        .context("building the HTTP client")
}

/// Starts a server named `name` under `root` (its data directory and log file) and waits for it.
async fn start(binary: &Path, root: &Path, name: &str, env: &[(String, String)]) -> Result<Server> {
    let data_dir = root.join(name);
    std::fs::create_dir(&data_dir).context("creating the data directory")?;
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
async fn stop(server: Server, name: &str) -> Result<()> {
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

async fn one_run(
    binary: &Path,
    args: &ReportsArgs,
    setup: &ServerSetup,
    run: u32,
) -> Result<RunResult> {
    let root = tempfile::Builder::new()
        .prefix("vigie-bench-")
        .tempdir()
        .context("creating a temporary directory")?;
    let client = client()?;
    let runs = args.runs;

    // 1. The page, then submissions at each concurrency level.
    let server = start(binary, root.path(), "submissions", &setup.env(None))
        .await
        .context("starting the submissions server")?;
    let base = server.base_url();
    let weight = weight::page_weight(&client, &base)
        .await
        .context("loading /signaler as a browser")?;
    // A first report warms the database and the page caches up; it is not counted.
    submit::submit_checked(&client, &base, 0)
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
        let mut level = submit::run_level(&client, &base, plan, numbered).await?;
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
            level.per_second(),
            opt_ms(level.cpu_ms_per_submission()),
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

    // 2. Concurrent uploads.
    let noise = png::shared_noise();
    let max_file = (args.upload_mib > DEFAULT_MAX_FILE_MIB).then_some(args.upload_mib);
    let server = start(binary, root.path(), "uploads", &setup.env(max_file))
        .await
        .context("starting the uploads server")?;
    let uploads = usize::try_from(args.uploads).unwrap_or(usize::MAX);
    let many = upload::concurrent_uploads(&server, &client, uploads, args.upload_mib * MIB, &noise)
        .await
        .context("the concurrent uploads")?;
    eprintln!("run {run}/{runs}: {}", describe_uploads(&many));
    quote_log_on_failure(&server, &many.failures, "uploads");
    // The same batch again on the same server: memory that stays high after the first batch but does
    // not grow with the second is the allocator's, not a leak.
    let many_again =
        upload::concurrent_uploads(&server, &client, uploads, args.upload_mib * MIB, &noise)
            .await
            .context("the concurrent uploads, again")?;
    eprintln!("run {run}/{runs}: again: {}", describe_uploads(&many_again));
    quote_log_on_failure(&server, &many_again.failures, "uploads, again");
    stop(server, "uploads").await?;
    // The sealed files take room: free it before the next server.
    let _ = std::fs::remove_dir_all(root.path().join("uploads"));

    // 3. One large upload, then one text-only submission for comparison.
    let server = start(
        binary,
        root.path(),
        "large-upload",
        &setup.env(Some(args.big_upload_mib + 20)),
    )
    .await
    .context("starting the large-upload server")?;
    let big = upload::concurrent_uploads(&server, &client, 1, args.big_upload_mib * MIB, &noise)
        .await
        .context("the large upload")?;
    eprintln!("run {run}/{runs}: {}", describe_uploads(&big));
    quote_log_on_failure(&server, &big.failures, "large upload");
    let one_submission = upload::submission_peak(&server, &client, numbered)
        .await
        .context("the reference submission")?;
    eprintln!(
        "run {run}/{runs}: one text-only submission: RSS {} MiB before, peak {} MiB",
        mib(one_submission.0),
        mib(one_submission.1)
    );
    stop(server, "large-upload").await?;

    Ok(RunResult {
        levels,
        weight,
        many,
        many_again,
        big,
        one_submission,
    })
}

fn describe_uploads(u: &Uploads) -> String {
    format!(
        "{} × {} MiB: {}/{} accepted ({} cleaned) in {:.1} s; RSS idle {} MiB, peak while streaming {} MiB, \
         peak with receipts {} MiB, after {} MiB; failures: {}",
        u.count,
        u.file_bytes / MIB,
        u.accepted,
        u.count,
        u.cleaned,
        u.wall.as_secs_f64(),
        mib(u.idle_kib),
        u.streaming_peak().map_or("?".into(), mib),
        u.peak().map_or("?".into(), mib),
        mib(u.after_kib),
        u.failures,
    )
}

/// What went wrong in any run, one line each (empty when the server behaved).
fn problems(runs: &[RunResult]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        let run = i + 1;
        for level in &r.levels {
            if level.failures.total() > 0 {
                out.push(format!(
                    "run {run}, concurrency {}: {}",
                    level.concurrency, level.failures
                ));
            }
        }
        for u in [&r.many, &r.many_again, &r.big] {
            if !u.all_accepted() {
                out.push(format!(
                    "run {run}, {} × {} MiB uploads: {}/{} accepted; {}",
                    u.count,
                    u.file_bytes / MIB,
                    u.accepted,
                    u.count,
                    u.failures
                ));
            }
            if u.cleaned < u.accepted {
                out.push(format!(
                    "run {run}, {} × {} MiB uploads: {} of {} accepted files were not cleaned",
                    u.count,
                    u.file_bytes / MIB,
                    u.accepted - u.cleaned,
                    u.accepted
                ));
            }
        }
        if !r.weight.external.is_empty() {
            out.push(format!(
                "run {run}: /signaler references other origins: {}",
                r.weight.external.join(", ")
            ));
        }
    }
    out
}

/// The results as Markdown (without the date line and the command).
fn results(runs: &[RunResult], args: &ReportsArgs, setup: &ServerSetup) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Server: `vigie serve` on a fresh data directory (SQLite), with `VIGIE_POOLS_NEW_REPORT={pool}` \
         (one receipt derivation per core), `VIGIE_REPORTS_SUBMISSIONS_PER_MINUTE={rate}` (the limit out \
         of the way) and the production receipt KDF, set explicitly: Argon2id, {m} KiB, {t} passes, {p} \
         {lanes} (`VIGIE_KDF_MEMORY_KIB={m}`, `VIGIE_KDF_ITERATIONS={t}`, `VIGIE_KDF_PARALLELISM={p}`). \
         Every report derives its receipt's keys with it once.\n\n",
        lanes = if setup.kdf.parallelism == 1 { "lane" } else { "lanes" },
        pool = setup.new_report_pool,
        rate = SUBMISSIONS_PER_MINUTE,
        m = setup.kdf.memory_kib,
        t = setup.kdf.iterations,
        p = setup.kdf.parallelism,
    ));

    out.push_str(&format!(
        "**Text-only submissions** (about 1 KB of text; at least {min} per level, then more until {secs} s \
         have passed; median over the runs, min–max in brackets; latency: `POST /signaler` from sending \
         to the whole receipt page; \"other processes\" is the CPU the rest of the machine used meanwhile, \
         which slows the figures down on a shared machine):\n\n",
        min = args.min_submissions,
        secs = args.level_secs,
    ));
    out.push_str(&submissions_table(runs));
    let mut failures = Failures::default();
    let mut total = 0;
    for r in runs {
        for l in &r.levels {
            failures.merge(&l.failures);
            total += l.ok + l.failures.total();
        }
    }
    if failures.total() == 0 {
        out.push_str(&format!(
            "\nAll {total} submissions were answered 200 with a receipt.\n\n"
        ));
    } else {
        out.push_str(&format!(
            "\n**{} of {total} submissions failed**: {failures}.\n\n",
            failures.total()
        ));
    }

    let many = runs.first().map(|r| &r.many);
    let big = runs.first().map(|r| &r.big);
    let label_many = many.map_or_else(String::new, |u| {
        format!("{} × {} MiB", u.count, u.file_bytes / MIB)
    });
    let label_big = big.map_or_else(String::new, |u| format!("1 × {} MiB", u.file_bytes / MIB));
    out.push_str(&format!(
        "**Server memory during uploads** (resident set size; each upload is one report with one PNG \
         streamed by the client, the reports sent at once; \"while streaming\" is the peak until the \
         first upload has sent its last byte, before any receipt is derived, and \"with receipts\" the \
         peak until the last receipt page, Argon2id runs included; \"again\" is the same batch sent a \
         second time to the same server, 2 s after the first; the {label_big} upload runs with \
         `VIGIE_REPORTS_MAX_FILE_MIB={big_limit}`):\n\n",
        big_limit = args.big_upload_mib + 20,
    ));
    out.push_str(&memory_table(runs, &label_many, &label_big));
    let accepted = |f: fn(&RunResult) -> &Uploads| {
        let (mut ok, mut cleaned, mut sent) = (0, 0, 0);
        for r in runs {
            let u = f(r);
            ok += u.accepted;
            cleaned += u.cleaned;
            sent += u.count;
        }
        (ok, cleaned, sent)
    };
    let (ok_first, cleaned_first, sent_first) = accepted(|r| &r.many);
    let (ok_again, cleaned_again, sent_again) = accepted(|r| &r.many_again);
    let (ok_many, cleaned_many, sent_many) = (
        ok_first + ok_again,
        cleaned_first + cleaned_again,
        sent_first + sent_again,
    );
    let (ok_big, cleaned_big, sent_big) = accepted(|r| &r.big);
    out.push_str(&format!(
        "\nUploads answered 200 with a receipt: {ok_many}/{sent_many} of {label_many} ({cleaned_many} \
         cleaned: the PNG went through the cleaner), {ok_big}/{sent_big} of {label_big} ({cleaned_big} \
         cleaned).\n\n"
    ));

    out.push_str(&format!(
        "**What a browser downloads for `/signaler`** (the page, then every same-origin subresource it \
         references, each once; \"offered\" is with `Accept-Encoding: {BROWSER_ENCODINGS}`; headers are \
         the HTTP/1.1 status line and response headers):\n\n"
    ));
    if let Some(first) = runs.first() {
        out.push_str(&weight_table(&first.weight));
        let same = runs.iter().all(|r| r.weight == first.weight);
        let external = if first.weight.external.is_empty() {
            "It references nothing on another origin.".to_owned()
        } else {
            format!(
                "**It references other origins** (not loaded): {}.",
                first.weight.external.join(", ")
            )
        };
        out.push_str(&format!(
            "\n{external}{}\n",
            if same || runs.len() == 1 {
                ""
            } else {
                " (The sizes varied between runs; the first run's are shown.)"
            }
        ));
    }
    out
}

fn submissions_table(runs: &[RunResult]) -> String {
    let mut rows = Vec::new();
    for (i, concurrency) in LEVELS.iter().enumerate() {
        let levels: Vec<&Level> = runs.iter().filter_map(|r| r.levels.get(i)).collect();
        let count: Vec<f64> = levels.iter().map(|l| l.ok as f64).collect();
        let rate: Vec<f64> = levels.iter().map(|l| l.per_second()).collect();
        let cpu: Vec<f64> = levels
            .iter()
            .filter_map(|l| l.cpu_ms_per_submission())
            .collect();
        let p50: Vec<f64> = levels.iter().filter_map(|l| l.latency_ms(50.0)).collect();
        let p99: Vec<f64> = levels.iter().filter_map(|l| l.latency_ms(99.0)).collect();
        let others: Vec<f64> = levels.iter().filter_map(|l| l.other_cores()).collect();
        let failed: Vec<f64> = levels.iter().map(|l| l.failures.total() as f64).collect();
        rows.push(vec![
            concurrency.to_string(),
            cell(summarize(&count), 0),
            cell(summarize(&rate), 2),
            cell(summarize(&cpu), 0),
            cell(summarize(&p50), 0),
            cell(summarize(&p99), 0),
            cell(summarize(&failed), 0),
            cell(summarize(&others), 2),
        ]);
    }
    markdown::table(
        &[
            "concurrency",
            "submissions per run",
            "submissions/s",
            "server CPU per submission (ms)",
            "`POST` p50 (ms)",
            "`POST` p99 (ms)",
            "failed per run",
            "other processes (CPU cores)",
        ],
        &rows,
    )
}

/// `median (min–max)`, or just the median when all runs agree.
fn cell(summary: Option<Summary>, decimals: usize) -> String {
    match summary {
        None => "-".into(),
        Some(s) => {
            let f = |v: f64| format!("{v:.decimals$}");
            if f(s.min) == f(s.max) {
                f(s.median)
            } else {
                format!("{} ({}–{})", f(s.median), f(s.min), f(s.max))
            }
        }
    }
}

fn memory_table(runs: &[RunResult], many: &str, big: &str) -> String {
    let mut rows = Vec::new();
    let mut add = |label: String, values: Vec<f64>| {
        let cells = match summarize(&values) {
            Some(s) => vec![
                label,
                format!("{:.1}", s.median),
                format!("{:.1}", s.min),
                format!("{:.1}", s.max),
            ],
            None => vec![label, "-".into(), "-".into(), "-".into()],
        };
        rows.push(cells);
    };
    let to_mib = |kib: u64| kib as f64 / 1024.0;
    for (label, pick) in [
        (
            many,
            (|r: &RunResult| &r.many) as fn(&RunResult) -> &Uploads,
        ),
        (big, |r: &RunResult| &r.big),
    ] {
        let all: Vec<&Uploads> = runs.iter().map(pick).collect();
        let series = |f: &dyn Fn(&Uploads) -> Option<f64>| -> Vec<f64> {
            all.iter().filter_map(|u| f(u)).collect()
        };
        add(
            format!("{label}: idle before (MiB)"),
            series(&|u| Some(to_mib(u.idle_kib))),
        );
        add(
            format!("{label}: peak while streaming (MiB)"),
            series(&|u| u.streaming_peak().map(to_mib)),
        );
        add(
            format!("{label}: **increase while streaming** (MiB)"),
            series(&|u| u.streaming_peak().map(|p| to_mib(p) - to_mib(u.idle_kib))),
        );
        add(
            format!("{label}: peak with receipts (MiB)"),
            series(&|u| u.peak().map(to_mib)),
        );
        add(
            format!("{label}: increase with receipts (MiB)"),
            series(&|u| u.peak().map(|p| to_mib(p) - to_mib(u.idle_kib))),
        );
        add(
            format!("{label}: highest 50 ms `VmRSS` sample (MiB)"),
            series(&|u| u.sampled_peak_kib.map(to_mib)),
        );
        add(
            format!("{label}: 2 s after the last receipt (MiB)"),
            series(&|u| Some(to_mib(u.after_kib))),
        );
        add(
            format!("{label}: first byte to last receipt (s)"),
            series(&|u| Some(u.wall.as_secs_f64())),
        );
        if label == many {
            let again: Vec<&Uploads> = runs.iter().map(|r| &r.many_again).collect();
            add(
                format!("{label} again: peak with receipts (MiB)"),
                again.iter().filter_map(|u| u.peak().map(to_mib)).collect(),
            );
            add(
                format!("{label} again: 2 s after the last receipt (MiB)"),
                again.iter().map(|u| to_mib(u.after_kib)).collect(),
            );
        }
    }
    add(
        "one text-only submission: increase (one Argon2id run) (MiB)".into(),
        runs.iter()
            .map(|r| to_mib(r.one_submission.1) - to_mib(r.one_submission.0))
            .collect(),
    );
    markdown::table(&["figure", "median", "min", "max"], &rows)
}

fn weight_table(w: &PageWeight) -> String {
    let mut rows: Vec<Vec<String>> = w
        .resources
        .iter()
        .map(|r| {
            vec![
                format!("`{}` ({})", r.path, r.role),
                r.status.to_string(),
                format!("`{}`", r.content_type),
                r.identity_bytes.to_string(),
                r.offered_bytes.to_string(),
                r.encoding.clone().unwrap_or_else(|| "none".into()),
                r.header_bytes.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "**total**".into(),
        String::new(),
        String::new(),
        format!("**{}**", w.identity_total()),
        format!("**{}**", w.offered_total()),
        String::new(),
        format!("**{}**", w.header_total()),
    ]);
    markdown::table(
        &[
            "resource",
            "status",
            "type",
            "body bytes",
            "body bytes offered",
            "`Content-Encoding`",
            "header bytes",
        ],
        &rows,
    )
}

fn opt_ms(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.0}"))
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn level(concurrency: usize, ok: usize, secs: u64, failed: usize) -> Level {
        let mut failures = Failures::default();
        for _ in 0..failed {
            failures.add("POST: HTTP 503");
        }
        Level {
            concurrency,
            ok,
            failures,
            wall: Duration::from_secs(secs),
            latencies_ms: (1..=ok).map(|v| v as f64).collect(),
            server_cpu: Some(Duration::from_millis(200 * (ok + failed) as u64)),
            other_cpu: Some(Duration::from_millis(100 * secs)),
        }
    }

    fn uploads(count: usize, mib_each: u64, idle: u64, streaming: u64, peak: u64) -> Uploads {
        Uploads {
            count,
            file_bytes: mib_each * MIB,
            accepted: count,
            cleaned: count,
            failures: Failures::default(),
            idle_kib: idle * 1024,
            streaming_peak_kib: Some(streaming * 1024),
            peak_kib: Some(peak * 1024),
            sampled_streaming_peak_kib: Some(streaming * 1024),
            sampled_peak_kib: Some(peak * 1024),
            after_kib: idle * 1024,
            wall: Duration::from_secs(10),
        }
    }

    fn run(failed: usize) -> RunResult {
        RunResult {
            levels: vec![
                level(1, 64, 16, 0),
                level(8, 100, 20, 0),
                level(64, 64, 8, failed),
            ],
            weight: PageWeight {
                resources: vec![weight::Resource {
                    path: "/signaler".into(),
                    role: "page".into(),
                    status: 200,
                    content_type: "text/html".into(),
                    identity_bytes: 9000,
                    offered_bytes: 9000,
                    encoding: None,
                    header_bytes: 500,
                }],
                external: vec![],
            },
            many: uploads(20, 50, 14, 30, 160),
            many_again: uploads(20, 50, 40, 60, 170),
            big: uploads(1, 100, 14, 16, 90),
            one_submission: (14 * 1024, 80 * 1024),
        }
    }

    fn args() -> ReportsArgs {
        ReportsArgs {
            vigie: None,
            runs: 2,
            write: None,
            level_secs: 20,
            min_submissions: 64,
            uploads: 20,
            upload_mib: 50,
            big_upload_mib: 100,
        }
    }

    fn setup() -> ServerSetup {
        ServerSetup {
            new_report_pool: 2,
            kdf: vigie_vault::KdfParams::production(),
        }
    }

    #[test]
    fn the_server_gets_the_production_kdf_and_the_limits_out_of_the_way() {
        let env = setup().env(Some(120));
        let get = |k: &str| {
            env.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("VIGIE_KDF_MEMORY_KIB"), Some("65536"));
        assert_eq!(get("VIGIE_KDF_ITERATIONS"), Some("3"));
        assert_eq!(get("VIGIE_KDF_PARALLELISM"), Some("1"));
        assert_eq!(get("VIGIE_POOLS_NEW_REPORT"), Some("2"));
        assert_eq!(get("VIGIE_REPORTS_SUBMISSIONS_PER_MINUTE"), Some("100000"));
        assert_eq!(get("VIGIE_REPORTS_MAX_FILE_MIB"), Some("120"));
        assert_eq!(get("VIGIE_REPORTS_FORM_MIN_AGE_SECS"), Some("0"));
        assert_eq!(setup().env(None).len(), 6);
    }

    #[test]
    fn results_have_every_table() {
        let out = results(&[run(0), run(0)], &args(), &setup());
        assert!(
            out.contains("| 1 | 64 | 4.00 | 200 | 32 | 64 | 0 | 0.10 |"),
            "{out}"
        );
        assert!(
            out.contains("| 8 | 100 | 5.00 | 200 | 50 | 99 | 0 | 0.10 |"),
            "{out}"
        );
        assert!(out.contains("All 456 submissions were answered 200 with a receipt."));
        assert!(
            out.contains(
                "| 20 × 50 MiB: **increase while streaming** (MiB) | 16.0 | 16.0 | 16.0 |"
            ),
            "{out}"
        );
        assert!(
            out.contains("| 1 × 100 MiB: increase with receipts (MiB) | 76.0 |"),
            "{out}"
        );
        assert!(
            out.contains("| one text-only submission: increase (one Argon2id run) (MiB) | 66.0 |")
        );
        assert!(out.contains("80/80 of 20 × 50 MiB (80 cleaned"), "{out}");
        assert!(
            out.contains("| `/signaler` (page) | 200 | `text/html` | 9000 | 9000 | none | 500 |")
        );
        assert!(
            out.contains("| **total** |  |  | **9000** | **9000** |  | **500** |"),
            "{out}"
        );
        assert!(out.contains("It references nothing on another origin."));
        assert!(out.contains("VIGIE_KDF_MEMORY_KIB=65536"));
        assert!(problems(&[run(0)]).is_empty());
    }

    #[test]
    fn failures_are_shown_not_hidden() {
        let out = results(&[run(3), run(0)], &args(), &setup());
        assert!(
            out.contains("**3 of 459 submissions failed**: 3 × POST: HTTP 503."),
            "{out}"
        );
        assert!(
            out.contains("| 64 | 64 | 8.00 | 200 | 32 | 64 | 2 (0–3) | 0.10 |"),
            "{out}"
        );
        let mut bad = run(0);
        bad.many.accepted = 18;
        bad.many.cleaned = 18;
        bad.many.failures.add("POST: HTTP 500");
        bad.many.failures.add("POST: HTTP 500");
        let p = problems(&[bad]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("18/20 accepted; 2 × POST: HTTP 500"),
            "{}",
            p[0]
        );
    }

    #[test]
    fn cells() {
        let s = summarize(&[1.0, 2.0, 3.0]);
        assert_eq!(cell(s, 1), "2.0 (1.0–3.0)");
        assert_eq!(cell(summarize(&[5.0, 5.0]), 0), "5");
        assert_eq!(cell(None, 0), "-");
    }
}
