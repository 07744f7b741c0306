//! `vigie-bench`: benchmarks of a real `vigie` binary, run as a child process.
//!
//! One module per benchmark (`startup`, `reports`, `observatory`, `flood`, `casework`; later `receipts`...), all built on
//! [`server::Server`], which spawns a `vigie serve` on a free local port and stops it again, and on
//! [`markdown`], which writes a result table into a marked section of `docs/performance.md`.

mod blobs;
mod casework;
mod compare;
mod flood;
mod load;
mod machine;
mod markdown;
mod observatory;
mod reports;
mod rss;
mod server;
mod startup;
mod stats;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Benchmarks for vigie: run them against a release build (`cargo build --release -p vigie`).
#[derive(Debug, Parser)]
#[command(name = "vigie-bench", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Time from spawn to a 200 on /healthz (first start and restart), and idle memory (RSS)
    Startup(startup::StartupArgs),
    /// Report submissions per second and latency at concurrency 1, 8 and 64; server memory during
    /// large uploads; the bytes a browser downloads for /signaler
    Reports(reports::ReportsArgs),
    /// The observatory with a million incidents: publishing editions, then serving `/observatoire`
    /// and the open-data API (latency at concurrency 1 and 8, sizes, memory)
    Observatory(observatory::ObservatoryArgs),
    /// vigie against the machine's own limits: submissions per second as a fraction of what
    /// libsodium's Argon2id allows, `/signaler` against `/healthz`, a submission's non-KDF cost
    Compare(compare::CompareArgs),
    /// Victims' files: a casework team with 10,000 files, then the list, a name search in the
    /// sealed index and opening a file (p50 and p90)
    Casework(casework::CaseworkArgs),
    /// The blob store's write and read throughput: a local folder, and a bucket with `--blob-url`
    Blobs(blobs::BlobsArgs),
    /// A genuine reporter's success and wait while flooders post valid-looking reports as fast as
    /// the server allows
    Flood(flood::FloodArgs),
}

/// A mistake of the caller (a missing binary, a file without markers...): exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

// One thread: the benchmark drives load from here and measures vigie's processes, not its own.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Startup(args) => startup::run(args).await,
        Command::Reports(args) => reports::run(args).await,
        Command::Observatory(args) => observatory::run(args).await,
        Command::Flood(args) => flood::run(args).await,
        Command::Casework(args) => casework::run(args).await,
        Command::Compare(args) => compare::run(args).await,
        Command::Blobs(args) => blobs::run(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<UsageError>() => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
