//! Streaming multipart: text fields read with a cap, files piped chunk by chunk into the app's file
//! sealer on a thread of the upload pool (clean copy and original sealed as streams; nothing in clear
//! on disk).

use std::io;

use axum::body::Bytes;
use axum::extract::multipart::{Field, Multipart, MultipartError};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::io::{StreamReader, SyncIoBridge};
use vigie_app::reports::{AttachedFile, FileError, FileSealer};
use vigie_vault::PoolError;

use crate::csrf::CSRF_FIELD;
use crate::state::AppState;
use crate::{Lang, PageError};

/// Largest text field accepted, in bytes (20,000 characters of up to 4 bytes, and some room).
pub const MAX_TEXT_FIELD_BYTES: usize = 96 * 1024;

fn multipart_error(lang: Lang, e: &MultipartError) -> PageError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        PageError::too_large(lang)
    } else {
        PageError::bad_request(lang, "error-400-multipart")
    }
}

/// The next field, or `None` at the end.
pub async fn next_field<'a>(
    mp: &'a mut Multipart,
    lang: Lang,
) -> Result<Option<Field<'a>>, PageError> {
    mp.next_field().await.map_err(|e| multipart_error(lang, &e))
}

/// Reads a text field up to [`MAX_TEXT_FIELD_BYTES`]; invalid UTF-8 and oversize are 400 and 413.
pub async fn read_text(mut field: Field<'_>, lang: Lang) -> Result<String, PageError> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(lang, &e))? {
        if buf.len() + chunk.len() > MAX_TEXT_FIELD_BYTES {
            return Err(PageError::too_large(lang));
        }
        buf.extend_from_slice(&chunk);
    }
    String::from_utf8(buf).map_err(|_| PageError::bad_request(lang, "error-400-utf8"))
}

/// The form's token, which must be the body's first field: otherwise 403, and nothing of a forged
/// post is read further.
pub async fn read_token(
    mp: &mut Multipart,
    state: &AppState,
    lang: Lang,
) -> Result<String, PageError> {
    match next_field(mp, lang).await? {
        Some(f) if f.name() == Some(CSRF_FIELD) => read_text(f, lang).await,
        _ => Err(PageError::csrf_failed(lang).with_config(&state.web)),
    }
}

/// A part of a form's body after its token.
pub enum Part<'a> {
    /// A text field read whole (see [`read_text`]): its name and value.
    Text(String, String),
    /// A field of the `files` input, not read yet.
    File(Box<Field<'a>>),
}

/// The next part of the body, or `None` at the end.
pub async fn next_part<'a>(
    mp: &'a mut Multipart,
    lang: Lang,
) -> Result<Option<Part<'a>>, PageError> {
    let Some(field) = next_field(mp, lang).await? else {
        return Ok(None);
    };
    let name = field.name().unwrap_or("").to_owned();
    if name == "files" {
        return Ok(Some(Part::File(Box::new(field))));
    }
    Ok(Some(Part::Text(name, read_text(field, lang).await?)))
}

/// Seals one file field (see [`seal_file`]) and adds it to `files`; an empty file input adds
/// nothing, and a file beyond the configured number is 413.
pub async fn seal_into(
    field: Field<'_>,
    state: &AppState,
    sealer: &FileSealer,
    lang: Lang,
    files: &mut Vec<AttachedFile>,
) -> Result<(), PageError> {
    if let Some(file) = seal_file(field, &state.app, sealer, lang).await? {
        if files.len() >= state.app.settings().reports.max_files {
            return Err(PageError::too_large(lang).with_config(&state.web));
        }
        files.push(file);
    }
    Ok(())
}

/// Pipes one file field into `sealer`, on the app's upload pool (threads of its own, bounded: when
/// every slot stays busy past the queue wait, 503 with `Retry-After`). `Ok(None)` for an empty file
/// input (no file chosen).
async fn seal_file(
    mut field: Field<'_>,
    app: &vigie_app::App,
    sealer: &FileSealer,
    lang: Lang,
) -> Result<Option<AttachedFile>, PageError> {
    let name = field.file_name().unwrap_or("").to_owned();
    // Browsers send an empty part for a file input left empty.
    let first = match field.chunk().await {
        Ok(Some(c)) => c,
        Ok(None) => return Ok(None),
        Err(e) => return Err(multipart_error(lang, &e)),
    };
    if name.is_empty() && first.is_empty() {
        return Ok(None);
    }
    // A small bound: the upload waits for the cleaner and the disk, never piles up in memory. The
    // pool's thread reads the chunks as a `Read` (blocking on this runtime, outside it); an `Err`
    // item ends that read with the error, so a cut upload is never sealed as a whole file.
    let (tx, rx) = mpsc::channel::<io::Result<Bytes>>(4);
    let reader = SyncIoBridge::new(StreamReader::new(ReceiverStream::new(rx)));
    let sealer = sealer.clone();
    // Under the request's subscriber, which for a reporter writes nothing (see `request_log`).
    let dispatch = tracing::dispatcher::get_default(|d| d.clone());
    let worker = app
        .upload_pool()
        .start(move || {
            tracing::dispatcher::with_default(&dispatch, || sealer.attach(&name, reader))
        })
        .await
        .map_err(|e| match e {
            PoolError::Busy { retry_after_secs } => PageError::unavailable(lang, retry_after_secs),
            PoolError::Failed => PageError::internal(lang),
        })?;
    let mut failure = None;
    let mut next = Some(first);
    loop {
        let chunk = match next.take() {
            Some(c) => c,
            None => match field.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    failure = Some(multipart_error(lang, &e));
                    let _ = tx
                        .send(Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "upload interrupted",
                        )))
                        .await;
                    break;
                }
            },
        };
        if tx.send(Ok(chunk)).await.is_err() {
            // The worker stopped early (file too large, quota): its result says why.
            break;
        }
    }
    drop(tx);
    let result = worker.join().await.map_err(|_| PageError::internal(lang))?;
    if let Some(page) = failure {
        return Err(page);
    }
    match result {
        Ok(file) => Ok(Some(file)),
        Err(FileError::TooLarge { .. }) => Err(PageError::too_large(lang)),
        Err(FileError::Busy) => Err(PageError::unavailable(lang, 60)),
        Err(FileError::Interrupted(_)) => Err(PageError::bad_request(lang, "error-400-multipart")),
        Err(FileError::Storage(e)) => {
            tracing::error!(error = %e, "cannot store an attachment");
            Err(PageError::internal(lang))
        }
    }
}
