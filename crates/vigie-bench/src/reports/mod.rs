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
mod results;
pub(crate) mod runs;
pub(crate) mod setup;
pub(crate) mod submit;
mod upload;
pub(crate) mod weight;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use crate::load::Level;
use crate::machine::{cores, cpu_model, nproc};
use crate::markdown::Target;
use crate::server;
use results::{problems, results};
use runs::one_run;
use setup::ServerSetup;
use upload::Uploads;
use weight::PageWeight;

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
    let doc = Target::check(args.write.as_deref(), SECTION)?;
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
    if let Some(doc) = doc {
        let body = format!(
            "Measured on {date} (UTC) with {version}, {runs} run(s), on a machine where `nproc` = {cpus} \
             ({cpu}).\n\n{body}\nCommand: `{command}`",
            date = chrono::Utc::now().format("%Y-%m-%d"),
            runs = args.runs,
            cpus = nproc(),
            cpu = cpu_model(),
            command = server::own_command_line(),
        );
        doc.write(&body)?;
    }
    if !problems.is_empty() {
        eprintln!("THE SERVER MISBEHAVED:");
        for p in &problems {
            eprintln!("  - {p}");
        }
    }
    Ok(())
}
