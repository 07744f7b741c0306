//! Large uploads: generated PNGs streamed to `POST /signaler` while the server's memory is watched.
//!
//! The server's peak resident memory is read exactly from `VmHWM`, reset to the current RSS just
//! before the uploads start (`/proc/PID/clear_refs`), at two moments: when the first upload has
//! handed over its last byte (all uploads were streaming until then; no receipt was derived yet),
//! and after the last answer (the receipts' Argon2id runs included). A thread also samples `VmRSS`
//! every 50 ms, as a cross-check and in case `VmHWM` cannot be reset.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use bytes::Bytes;
use reqwest::multipart::{Form, Part};

use super::png::{FirstSent, SegmentsBody, png_segments};
use super::submit::{district, fetch_token, post_report};
use crate::load::Failures;
use crate::rss::{self, Sampler};
use crate::server::Server;

/// How often the server's RSS is sampled.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(50);
/// How long the server is left idle before and after the uploads.
pub const SETTLE: Duration = Duration::from_secs(2);
/// What the receipt page says of a file the cleaner went through and found nothing in (French).
const CLEANED_MARK: &str = "aucune métadonnée trouvée";

/// What a batch of concurrent uploads gave.
#[derive(Clone, Debug)]
pub struct Uploads {
    /// Uploads sent at once.
    pub count: usize,
    /// Bytes of each file.
    pub file_bytes: u64,
    /// Answered 200 with a receipt.
    pub accepted: usize,
    /// Of those, files the receipt page says were cleaned (not kept "as they came").
    pub cleaned: usize,
    /// Everything else.
    pub failures: Failures,
    /// `VmRSS` after [`SETTLE`] idle, just before the uploads.
    pub idle_kib: u64,
    /// `VmHWM` when the first upload was sent whole: the peak while every upload streamed.
    pub streaming_peak_kib: Option<u64>,
    /// `VmHWM` after the last answer: the peak of the whole batch, receipts included.
    pub peak_kib: Option<u64>,
    /// The largest `VmRSS` sample while all uploads streamed.
    pub sampled_streaming_peak_kib: Option<u64>,
    /// The largest `VmRSS` sample of the whole batch.
    pub sampled_peak_kib: Option<u64>,
    /// `VmRSS` after [`SETTLE`] idle, after the last answer.
    pub after_kib: u64,
    /// From the start of the first upload to the last answer.
    pub wall: Duration,
}

impl Uploads {
    /// The peak while streaming: exact if `VmHWM` could be reset, else the largest sample.
    pub fn streaming_peak(&self) -> Option<u64> {
        self.streaming_peak_kib.or(self.sampled_streaming_peak_kib)
    }

    /// The peak of the whole batch: exact if `VmHWM` could be reset, else the largest sample.
    pub fn peak(&self) -> Option<u64> {
        self.peak_kib.or(self.sampled_peak_kib)
    }

    /// Whether every upload got its receipt.
    pub fn all_accepted(&self) -> bool {
        self.accepted == self.count && self.failures.total() == 0
    }
}

/// The outcome of one upload: `Ok(cleaned)` or why it failed.
async fn upload_one(
    client: reqwest::Client,
    base: String,
    token: String,
    segments: Vec<Bytes>,
    first_sent: Arc<FirstSent>,
    n: usize,
) -> Result<bool, String> {
    let body = SegmentsBody::new(segments, Some(first_sent));
    let size = body.size();
    let part = Part::stream_with_length(reqwest::Body::wrap(body), size)
        .file_name(format!("photo-{n}.png"))
        .mime_str("image/png")
        .map_err(|e| format!("building the upload: {e}"))?;
    let form = Form::new()
        .text("csrf", token)
        .text("category", "deal_point")
        .text("district", district(n))
        .text(
            "text",
            format!("Photo {n} du point de vente (banc d'essai vigie-bench)."),
        )
        .part("files", part);
    let page = post_report(&client, &base, form).await?;
    Ok(page.contains(CLEANED_MARK))
}

/// Sends `count` uploads of `file_bytes` each at once to `server` and watches its memory.
pub async fn concurrent_uploads(
    server: &Server,
    client: &reqwest::Client,
    count: usize,
    file_bytes: u64,
    noise: &Bytes,
) -> Result<Uploads> {
    let base = server.base_url();
    let segments = png_segments(file_bytes, noise)?;
    // Tokens first, so that the uploads start together.
    let mut tokens = Vec::with_capacity(count);
    for _ in 0..count {
        tokens.push(fetch_token(client, &base).await?);
    }
    tokio::time::sleep(SETTLE).await;
    let idle_kib = server.rss_kib()?;
    let hwm_reset = match server.reset_peak_rss() {
        Ok(()) => true,
        Err(e) => {
            eprintln!("warning: {e:#}; peaks come from the 50 ms samples only");
            false
        }
    };
    let first_sent = FirstSent::new(server.pid());
    let sampler = Sampler::start(server.pid(), SAMPLE_EVERY);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (n, token) in tokens.into_iter().enumerate() {
        tasks.spawn(upload_one(
            client.clone(),
            base.clone(),
            token,
            segments.clone(),
            Arc::clone(&first_sent),
            n,
        ));
    }
    let mut accepted = 0;
    let mut cleaned = 0;
    let mut failures = Failures::default();
    while let Some(outcome) = tasks.join_next().await {
        match outcome.context("an upload task panicked")? {
            Ok(was_cleaned) => {
                accepted += 1;
                cleaned += usize::from(was_cleaned);
            }
            Err(why) => failures.add(why),
        }
    }
    let wall = start.elapsed();
    let peak_kib = if hwm_reset {
        Some(server.peak_rss_kib()?)
    } else {
        None
    };
    let samples = sampler.stop();
    tokio::time::sleep(SETTLE).await;
    let after_kib = server
        .rss_kib()
        .map_err(|e| anyhow!("the server is gone after the uploads: {e:#}"))?;
    Ok(Uploads {
        count,
        file_bytes,
        accepted,
        cleaned,
        failures,
        idle_kib,
        streaming_peak_kib: if hwm_reset {
            first_sent.peak_kib()
        } else {
            None
        },
        peak_kib,
        sampled_streaming_peak_kib: first_sent.at().and_then(|t| rss::peak(&samples, Some(t))),
        sampled_peak_kib: rss::peak(&samples, None),
        after_kib,
        wall,
    })
}

/// The server's memory around one text-only submission: (RSS before, peak during) in KiB. The
/// peak is what deriving one receipt (one Argon2id run) costs on top of the idle server.
pub async fn submission_peak(
    server: &Server,
    client: &reqwest::Client,
    n: usize,
) -> Result<(u64, u64)> {
    tokio::time::sleep(SETTLE).await;
    let before = server.rss_kib()?;
    let sampler = Sampler::start(server.pid(), SAMPLE_EVERY);
    let hwm_reset = server.reset_peak_rss().is_ok();
    super::submit::submit_checked(client, &server.base_url(), n).await?;
    let samples = sampler.stop();
    let peak = if hwm_reset {
        server.peak_rss_kib()?
    } else {
        rss::peak(&samples, None).unwrap_or(before)
    };
    Ok((before, peak))
}
