//! `vigie-bench blobs`: the blob store's write and read throughput in a local folder and, with
//! `--blob-url s3://…`, in an S3-compatible bucket (issue 13, item 4), through the store's own calls
//! (the sealed bytes of the upload path, without the sealing, the same for both).

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use vigie_store::{BlobLocation, BlobQuota, BlobStore};

use crate::UsageError;

/// Options of `vigie-bench blobs`.
#[derive(Debug, Args)]
pub struct BlobsArgs {
    /// A bucket to measure beside a temporary folder (`s3://BUCKET[/PREFIX]`, with the `AWS_*`
    /// variables); the objects written are deleted afterwards
    #[arg(long, value_name = "URL")]
    blob_url: Option<String>,
    /// Files written then read, one after the other
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    files: u32,
    /// Size of each file, in MiB
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=4096))]
    mib: u32,
}

/// Writes then reads `files` blobs of `mib` MiB; the two durations.
fn measure(store: &BlobStore, files: u32, mib: u32) -> Result<(Duration, Duration)> {
    let chunk: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 251) as u8).collect();
    let per_file = mib as usize * 16;
    let started = Instant::now();
    let mut ids = Vec::new();
    for _ in 0..files {
        let mut w = store.create()?;
        for _ in 0..per_file {
            w.write_all(&chunk)?;
        }
        let p = w.commit()?;
        ids.push(p.id());
        p.settle();
    }
    let wrote = started.elapsed();
    let started = Instant::now();
    let mut buf = vec![0u8; 64 * 1024];
    for id in &ids {
        let mut r = store.open_blob(id)?;
        let mut total = 0usize;
        loop {
            let n = r.read(&mut buf)?;
            if n == 0 {
                break;
            }
            total += n;
        }
        anyhow::ensure!(total == per_file * chunk.len(), "short read of blob {id}");
    }
    let read = started.elapsed();
    for id in &ids {
        store.delete(id)?;
    }
    Ok((wrote, read))
}

fn rate(bytes: f64, took: Duration) -> String {
    format!("{:.1}", bytes / (1024.0 * 1024.0) / took.as_secs_f64())
}

/// Runs the measurement and prints a Markdown table.
pub async fn run(args: BlobsArgs) -> Result<()> {
    let quota = BlobQuota {
        max_pending_bytes: u64::MAX,
    };
    let folder = tempfile::tempdir()?;
    let mut targets = vec![(
        "local folder".to_owned(),
        BlobStore::open_location(&BlobLocation::Folder(folder.path().into()), quota).await?,
    )];
    if let Some(url) = &args.blob_url {
        let location =
            BlobLocation::parse(url).map_err(|e| UsageError(format!("--blob-url: {e}")))?;
        let store = BlobStore::open_location(&location, quota)
            .await
            .context("--blob-url")?;
        targets.push((location.to_string(), store));
    }
    let bytes = f64::from(args.files) * f64::from(args.mib) * 1024.0 * 1024.0;
    println!(
        "| blob store ({} files of {} MiB) | write MiB/s | read MiB/s |",
        args.files, args.mib
    );
    println!("| --- | --- | --- |");
    for (name, store) in targets {
        let (files, mib) = (args.files, args.mib);
        // The store's calls block (on a bucket, on this runtime): a blocking thread.
        let (wrote, read) =
            tokio::task::spawn_blocking(move || measure(&store, files, mib)).await??;
        println!(
            "| {name} | {} | {} |",
            rate(bytes, wrote),
            rate(bytes, read)
        );
    }
    Ok(())
}
