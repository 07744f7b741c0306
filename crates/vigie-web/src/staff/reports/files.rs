//! What leaves a report as a file: its attachments (the cleaned copy by default, the original only
//! through an audited POST; a file vigie could not clean has no default download at all; every
//! download is `application/octet-stream` named `piece-N.EXT` from the sniffed type) and the age export for the authorities (DESIGN.md sections 3 and 3b).
//!
//! Every byte streams: a blocking thread reads (and decrypts) a chunk at a time and sends it through
//! a bounded channel into the response body, so a 100 MiB file never sits whole in memory. When
//! decryption fails half-way (a tampered or truncated blob), the body ends with an error: the client
//! sees a broken download, never a shorter file passed off as complete.

use std::io::{self, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use tokio::sync::mpsc;
use vigie_app::reports::{ExportError, FileVariant};
use vigie_domain::{PartId, ReportId};

use super::ReportForm;
use super::page::{Extra, FormErrors, show};
use crate::PageError;
use crate::session::Staff;
use crate::staff::kit::{IdPath, OrPage, PageResult, Post, field, not_found};
use crate::state::AppState;

/// Bytes per chunk sent to the client.
const CHUNK: usize = 64 * 1024;
/// Chunks waiting in the channel: the reader stops when the client is slower.
const QUEUE: usize = 4;
/// The policy of a download: nothing in it may run, load or be framed.
const DOWNLOAD_CSP: &str = "sandbox; default-src 'none'";

type Chunk = io::Result<Bytes>;

/// The response body's side of the channel (with a first chunk already received, for exports).
struct Chunks {
    first: Option<Bytes>,
    rx: mpsc::Receiver<Chunk>,
}

impl futures_core::Stream for Chunks {
    type Item = Chunk;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        this.rx.poll_recv(cx)
    }
}

/// Reads `r` to its end on a blocking thread into the channel; an error is sent on as the last item.
fn pump(mut r: impl Read, tx: &mpsc::Sender<Chunk>) {
    let mut buf = vec![0u8; CHUNK];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if tx
                    .blocking_send(Ok(Bytes::copy_from_slice(&buf[..n])))
                    .is_err()
                {
                    return; // the client went away
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                tracing::warn!(error = %e, "a download broke off: the file did not decrypt");
                let _ = tx.blocking_send(Err(e));
                return;
            }
        }
    }
}

/// A writer whose bytes become the response body (for the export, written on a blocking thread).
struct ChannelWriter {
    tx: mpsc::Sender<Chunk>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn push(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the download was cancelled"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.push()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.push()
    }
}

/// A file name safe in a quoted `Content-Disposition` parameter: ASCII letters, digits, `.`, `-`
/// and `_` only, no leading dot, at most 120 characters, never empty.
fn ascii_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() {
        "fichier".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// A download response: attachment, `application/octet-stream` whatever the file is (no browser
/// renders or sniffs it), sandboxed, never cached.
fn attachment(body: Body, name: &str) -> Response {
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
    let secret = staff.session.secret().or_page(state, lang)?;
    let opened = state
        .app
        .open_file(&staff.principal, &secret, id, part, variant)
        .await
        .or_page(state, lang)?;
    let (tx, rx) = mpsc::channel(QUEUE);
    let reader = opened.stream;
    tokio::task::spawn_blocking(move || pump(reader, &tx));
    let body = Body::from_stream(Chunks { first: None, rx });
    Ok(attachment(body, &opened.name))
}

/// `GET /espace/signalements/{id}/fichiers/{part}`: the cleaned copy (audited as a decryption);
/// a 400 page saying why for a file vigie could not clean.
pub async fn clean_copy(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ReportId>,
    Path((_, part)): Path<(String, String)>,
) -> PageResult {
    download(&state, &staff, id, &part, FileVariant::Clean).await
}

/// `POST /espace/signalements/{id}/fichiers/{part}/original`: the file as it came, evidence
/// (audited as an export), and the only way to a file vigie could not clean.
pub async fn original(
    State(state): State<AppState>,
    Path((_, part)): Path<(String, String)>,
    post: Post<ReportForm>,
) -> PageResult {
    download(&state, &post.staff, post.id, &part, FileVariant::Original).await
}

/// `POST /espace/signalements/{id}/transmettre`: the report as an age file for the authorities'
/// key (`recipient`), with the originals when `originals` is checked; only with the reporter's
/// consent. The download starts once the export has produced its first bytes: an error before
/// that (a bad key, no consent, the policy) is a page; an error after breaks the download.
pub async fn forward(State(state): State<AppState>, post: Post<ReportForm>) -> PageResult {
    let Post {
        staff, id, form, ..
    } = post;
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
    let (tx, mut rx) = mpsc::channel(QUEUE);
    let writer = ChannelWriter {
        tx: tx.clone(),
        buf: Vec::with_capacity(CHUNK),
    };
    let app = state.app.clone();
    let principal = staff.principal.clone();
    let key = recipient.clone();
    let task = tokio::spawn(async move {
        let result = app
            .export_report(&principal, &secret, id, &key, originals, writer)
            .await
            .map(drop);
        if result.is_err() {
            // Breaks the download if it started; tells the handler otherwise.
            let _ = tx.send(Err(io::Error::other("the export failed"))).await;
        }
        result
    });
    if let Some(Ok(first)) = rx.recv().await {
        let body = Body::from_stream(Chunks {
            first: Some(first),
            rx,
        });
        return Ok(attachment(body, &format!("signalement-{number}.age")));
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
