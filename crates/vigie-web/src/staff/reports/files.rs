//! What leaves a report as a file: its attachments (the cleaned copy by default, the original only
//! through an audited POST; a file vigie could not clean has no default download at all; every
//! download is `application/octet-stream` named `piece-N.EXT` from the sniffed type) and the age export for the authorities (DESIGN.md sections 3 and 3b).
//!
//! Every byte streams: a blocking thread reads (and decrypts) a chunk at a time and writes it into a
//! bounded pipe whose other end is the response body ([`Piped`]: tokio's `duplex`, bridged with
//! tokio-util's `SyncIoBridge` and `ReaderStream`), so a 100 MiB file never sits whole in memory.
//! When decryption fails half-way (a tampered or truncated blob), the body ends with an error: the
//! client sees a broken download, never a shorter file passed off as complete.

use std::io::{self, BufWriter, Read, Write};

use axum::body::{Body, Bytes};
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use tokio::io::DuplexStream;
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::adapters::Chain;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::io::{ReaderStream, SyncIoBridge};
use vigie_app::reports::{ExportError, FileVariant, tidy_file_name};
use vigie_domain::{PartId, ReportId};

use super::ReportForm;
use super::page::{Extra, FormErrors, show};
use crate::PageError;
use crate::session::Staff;
use crate::staff::kit::{ItemPage, OrPage, PageResult, Post, field, not_found, with_secret};
use crate::state::AppState;

/// Bytes per chunk sent to the client.
const CHUNK: usize = 64 * 1024;
/// Chunks the pipe holds: the writer stops when the client is slower.
const QUEUE: usize = 4;
/// The policy of a download: nothing in it may run, load or be framed.
const DOWNLOAD_CSP: &str = "sandbox; default-src 'none'";

type Chunk = io::Result<Bytes>;

/// A response body fed by a blocking thread: what the thread writes into `writer` (a bounded pipe,
/// bridged to `std::io::Write`) streams out in chunks of up to [`CHUNK`] bytes, and an error sent
/// on `failure` after the pipe closed ends the body with that error instead of a clean end.
struct Piped {
    writer: SyncIoBridge<DuplexStream>,
    failure: mpsc::Sender<Chunk>,
    body: Chain<ReaderStream<DuplexStream>, ReceiverStream<Chunk>>,
}

impl Piped {
    /// A new pipe holding at most `QUEUE` chunks: the writer blocks when the client is slower.
    /// Must be called on the runtime (the bridge keeps its handle), the writer used off it.
    fn new() -> Self {
        let (read, write) = tokio::io::duplex(QUEUE * CHUNK);
        let (failure, failed) = mpsc::channel(1);
        Piped {
            writer: SyncIoBridge::new(write),
            failure,
            body: ReaderStream::with_capacity(read, CHUNK).chain(ReceiverStream::new(failed)),
        }
    }
}

/// Copies `r` to its end into the pipe, on a blocking thread. A read error (the file did not
/// decrypt) breaks the download; a write error means the client went away.
fn pump(mut r: impl Read, writer: SyncIoBridge<DuplexStream>, failure: &mpsc::Sender<Chunk>) {
    let mut out = BufWriter::with_capacity(CHUNK, writer);
    let copied = io::copy(&mut r, &mut out).and_then(|_| out.flush());
    // The pipe closes here: the client reads to its end, then the error if there is one.
    drop(out);
    if let Err(e) = copied {
        // With the body gone, so is the receiver: nobody to tell.
        if !failure.is_closed() {
            tracing::warn!(error = %e, "a download broke off: the file did not decrypt");
            let _ = failure.blocking_send(Err(e));
        }
    }
}

/// A file name safe in a quoted `Content-Disposition` parameter: ASCII letters, digits, `.`, `-`
/// and `_` only, no leading dot, at most 120 characters, never empty.
fn ascii_name(name: &str) -> String {
    tidy_file_name(name.chars(), |c| c.is_ascii_alphanumeric())
}

/// A download response: attachment, `application/octet-stream` whatever the file is (no browser
/// renders or sniffs it), sandboxed, never cached.
pub(crate) fn attachment(body: Body, name: &str) -> Response {
    let mut response = Response::new(body);
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", ascii_name(name)))
            .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DOWNLOAD_CSP),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn download(
    state: &AppState,
    staff: &Staff,
    id: ReportId,
    part: &str,
    variant: FileVariant,
) -> PageResult {
    let lang = staff.lang;
    let part = part.parse::<PartId>().map_err(|_| not_found(state, lang))?;
    let opened = with_secret(state, staff, async |app, who, secret| {
        app.open_file(who, secret, id, part, variant).await
    })
    .await?;
    let Piped {
        writer,
        failure,
        body,
    } = Piped::new();
    let reader = opened.stream;
    tokio::task::spawn_blocking(move || pump(reader, writer, &failure));
    Ok(attachment(Body::from_stream(body), &opened.name))
}

/// `GET /espace/signalements/{id}/fichiers/{part}`: the cleaned copy (audited as a decryption);
/// a 400 page saying why for a file vigie could not clean.
pub async fn clean_copy(
    page: ItemPage<ReportId>,
    Path((_, part)): Path<(String, String)>,
) -> PageResult {
    download(&page.state, &page.staff, page.id, &part, FileVariant::Clean).await
}

/// `POST /espace/signalements/{id}/fichiers/{part}/original`: the file as it came, evidence
/// (audited as an export), and the only way to a file vigie could not clean.
pub async fn original(
    Path((_, part)): Path<(String, String)>,
    post: Post<ReportForm>,
) -> PageResult {
    download(
        &post.state,
        &post.staff,
        post.id,
        &part,
        FileVariant::Original,
    )
    .await
}

/// `POST /espace/signalements/{id}/transmettre`: the report as an age file for the authorities'
/// key (`recipient`), with the originals when `originals` is checked; only with the reporter's
/// consent. The download starts once the export has produced its first bytes: an error before
/// that (a bad key, no consent, the policy) is a page; an error after breaks the download.
pub async fn forward(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let recipient = field(&form, "recipient").trim().to_owned();
    let originals = !field(&form, "originals").is_empty();
    let number = state
        .app
        .report_number(id)
        .await
        .or_page(&state, lang)?
        .ok_or_else(|| not_found(&state, lang))?;
    let secret = staff.session.secret().or_page(&state, lang)?;
    let Piped {
        writer,
        failure,
        mut body,
    } = Piped::new();
    // Unbuffered: the export writes whole sealed chunks already, and a buffer still holding bytes
    // when the export hands the writer back would be flushed on drop, on the runtime (a panic).
    let app = state.app.clone();
    let principal = staff.principal.clone();
    let key = recipient.clone();
    let task = tokio::spawn(async move {
        let result = app
            .export_report(&principal, &secret, id, &key, originals, writer)
            .await
            .map(drop);
        if result.is_err() {
            // The writer is gone with the export, so the pipe is closed: this breaks the download
            // if it started, and tells the handler otherwise.
            let _ = failure
                .send(Err(io::Error::other("the export failed")))
                .await;
        }
        result
    });
    if let Some(Ok(first)) = body.next().await {
        let body = tokio_stream::once(Ok(first)).chain(body);
        return Ok(attachment(
            Body::from_stream(body),
            &format!("signalement-{number}.age"),
        ));
    }
    let refusal = |key: &str, recipient: String| Extra {
        errors: FormErrors {
            forward: Some(lang.t(key)),
            ..FormErrors::default()
        },
        recipient,
        ..Extra::default()
    };
    match task.await {
        Ok(Err(ExportError::BadRecipient)) => {
            let extra = refusal("staff-report-error-recipient", recipient);
            show(&state, &staff, id, extra, StatusCode::BAD_REQUEST).await
        }
        Ok(Err(ExportError::NoConsent)) => {
            let extra = refusal("staff-report-error-no-consent", String::new());
            show(&state, &staff, id, extra, StatusCode::FORBIDDEN).await
        }
        Ok(Err(ExportError::App(e))) => Err(e).or_page(&state, lang),
        Ok(Ok(())) | Err(_) => {
            tracing::error!("the export ended without output");
            Err(PageError::internal(lang))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_types_are_safe_in_headers() {
        assert_eq!(ascii_name("photo été.jpg"), "photo__t_.jpg");
        assert_eq!(ascii_name("..\"evil\r\n.html"), "_evil__.html");
        assert_eq!(ascii_name(""), "fichier");
    }
}
