//! Attachments: cleaned and sealed as streams into the blob store while they upload.
//!
//! One pass over the upload: every byte read is also written to the sealed *original* (evidence)
//! while `vigie-sanitize` writes the *clean* copy into its own sealer. Neither copy ever exists in
//! clear on disk, and memory stays at a few chunks per upload (WebP and PDF are cleaned in memory, up
//! to a cap, under the shared memory budget).

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};
use vigie_domain::{PartId, ReportId};
use vigie_sanitize::{Limits, SanitizeError};
use vigie_store::{BlobError, BlobId, BlobRef, BlobStore, BlobWriter, PartRow, PendingBlob};
use vigie_vault::stream::{StreamOpener, StreamSealer};
use vigie_vault::{Audience, AudienceKey};

use super::{kind, part_aad, seal_part};
use crate::{App, AppError, Result};

/// Which copy of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileVariant {
    /// Metadata and active content removed: the only copy served by default. Files vigie cannot
    /// clean have none (see [`FileMeta::has_clean_copy`]).
    Clean,
    /// The upload as it came: evidence, opened only through an audited action.
    Original,
}

impl FileVariant {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            FileVariant::Clean => "clean",
            FileVariant::Original => "original",
        }
    }

    fn blob_kind(self) -> &'static str {
        match self {
            FileVariant::Clean => "file-clean",
            FileVariant::Original => "file-original",
        }
    }
}

/// A file's description, sealed with the report (the name a reporter gave a file can identify them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// The file's name as uploaded, reduced to safe characters.
    pub name: String,
    /// The type sniffed from its bytes.
    pub mime: String,
    /// Bytes uploaded.
    pub size: u64,
    /// What was removed (`vigie_sanitize::Removed::key`).
    pub removed: Vec<String>,
    /// A type we could not clean (video, HEIC...): it may still reveal a place or a person.
    pub flagged: bool,
    /// Cleaning failed (malformed or unsupported file): only the sealed original is kept.
    pub unchecked: bool,
    /// The type may carry a location (photo and video formats).
    pub may_contain_location: bool,
    /// The version of the cleaner that made the clean copy ([`CLEANER_VERSION`]); 0 for files
    /// stored before PDFs lost their active content, whose clean copy is not served.
    #[serde(default)]
    pub cleaner: u32,
}

/// The cleaner's version, stored with every file: 1 since PDFs lose scripts, actions, links,
/// embedded files, forms and annotations (before, only their metadata went).
pub const CLEANER_VERSION: u32 = 1;

impl FileMeta {
    /// Whether vigie made a clean copy of this file that staff may download without the audited
    /// action: never for a type it cannot clean or a file it refused, nor for a PDF cleaned
    /// before it lost its active content.
    pub fn has_clean_copy(&self) -> bool {
        !self.flagged
            && !self.unchecked
            && (self.cleaner >= CLEANER_VERSION || self.kind() != vigie_sanitize::FileKind::Pdf)
    }

    /// The type sniffed from the file's bytes.
    pub fn kind(&self) -> vigie_sanitize::FileKind {
        vigie_sanitize::FileKind::from_mime(&self.mime)
    }

    /// The name a download of this file gets: `piece-N.EXT`, with `number` its place among the
    /// report's files (from 1) and the extension of its sniffed type (`bin` when unknown). The
    /// name the reporter gave is never used: it may say who they are, or pass `facture.html`
    /// off as a harmless document.
    pub fn download_name(&self, number: usize) -> String {
        format!("piece-{number}.{}", self.kind().extension())
    }
}

/// Why a file was refused (nothing of it is kept).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Larger than the per-file limit.
    #[error("file larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The blob quota or the cleaner's memory budget is exhausted: retry later.
    #[error("too many files in progress, retry later")]
    Busy,
    /// The upload broke off (client gone, malformed multipart).
    #[error("upload interrupted: {0}")]
    Interrupted(String),
    /// Writing the sealed blob failed.
    #[error("cannot store the file: {0}")]
    Storage(String),
}

/// A file sealed into the blob store, waiting for its report's transaction.
///
/// Dropped without being stored (the form was invalid, the request failed), it deletes its sealed
/// blobs at once: an abandoned upload leaves nothing behind, not even ciphertext.
pub struct AttachedFile {
    pub(crate) part: PartId,
    /// The conversation key generation that sealed its blobs.
    pub(crate) key_generation: i64,
    /// Its description.
    pub meta: FileMeta,
    clean: Option<(PendingBlob, u64)>,
    original: Option<(PendingBlob, u64)>,
    store: BlobStore,
}

impl Drop for AttachedFile {
    fn drop(&mut self) {
        for (blob, _) in [self.clean.take(), self.original.take()]
            .into_iter()
            .flatten()
        {
            let id = blob.id();
            drop(blob);
            // Often dropped inside an async task: `discard` never blocks on a bucket.
            self.store.discard(&id);
        }
    }
}

impl std::fmt::Debug for AttachedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachedFile").finish_non_exhaustive()
    }
}

impl AttachedFile {
    /// The file part and its blob references, sealed under the conversation key.
    pub(crate) fn to_rows(
        &self,
        conversation: &AudienceKey,
        report: ReportId,
        day: &str,
    ) -> Result<(PartRow, Vec<BlobRef>)> {
        let meta = serde_json::to_vec(&self.meta).map_err(super::submit::json_error)?;
        let part = PartRow {
            id: self.part,
            kind: kind::FILE.to_owned(),
            audience: Audience::Conversation.as_str().to_owned(),
            key_generation: self.key_generation,
            author: None,
            day: day.to_owned(),
            sealed: seal_part(conversation, report, self.part, kind::FILE, &meta),
        };
        let mut refs = Vec::new();
        for (variant, blob) in [
            (FileVariant::Clean, &self.clean),
            (FileVariant::Original, &self.original),
        ] {
            if let Some((blob, size)) = blob {
                refs.push(BlobRef {
                    blob_id: blob.id().to_string(),
                    part: self.part,
                    variant: variant.as_str().to_owned(),
                    size: i64::try_from(*size).unwrap_or(i64::MAX),
                });
            }
        }
        Ok((part, refs))
    }

    /// The report transaction committed: the blobs no longer count against the pending quota, and
    /// are kept.
    pub(crate) fn settle(mut self) {
        if let Some((b, _)) = self.clean.take() {
            b.settle();
        }
        if let Some((b, _)) = self.original.take() {
            b.settle();
        }
    }
}

/// Seals files for one report, on a blocking thread (it is `Send + 'static`).
#[derive(Clone)]
pub struct FileSealer {
    app: App,
    report: ReportId,
    generation: i64,
    key: AudienceKey,
}

impl std::fmt::Debug for FileSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileSealer").finish_non_exhaustive()
    }
}

/// Reads `inner` and writes every byte read into `copy` as well (the sealed original).
struct Tee<'a, R, W> {
    inner: R,
    copy: &'a mut W,
    copy_failed: Option<io::Error>,
    /// The first bytes, to name the type of a file the cleaner refused.
    head: Vec<u8>,
}

impl<R: Read, W: Write> Read for Tee<'_, R, W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let room = vigie_sanitize::SNIFF_LEN.saturating_sub(self.head.len());
        self.head.extend_from_slice(&buf[..n.min(room)]);
        if let Err(e) = self.copy.write_all(&buf[..n]) {
            let kind = e.kind();
            self.copy_failed = Some(e);
            return Err(io::Error::new(kind, "cannot write the sealed original"));
        }
        Ok(n)
    }
}

fn blob_error(e: BlobError) -> FileError {
    match e {
        BlobError::QuotaExceeded { .. } => FileError::Busy,
        other => FileError::Storage(other.to_string()),
    }
}

fn write_error(e: io::Error) -> FileError {
    blob_error(BlobError::from_write(e))
}

impl FileSealer {
    fn sealer(
        &self,
        part: PartId,
        variant: FileVariant,
    ) -> std::result::Result<StreamSealer<BlobWriter>, FileError> {
        let writer = self.app.blobs().create().map_err(blob_error)?;
        let key = self.key.part_key(part.0, variant.blob_kind());
        StreamSealer::new(
            &key,
            &part_aad(self.report, part, variant.blob_kind()),
            writer,
        )
        .map_err(write_error)
    }

    /// Cleans and seals one upload. Blocking: call it on the upload pool (`App::upload_pool`).
    ///
    /// On `Err`, nothing of the file remains (unfinished blobs delete themselves).
    pub fn attach(
        &self,
        name: &str,
        input: impl Read,
    ) -> std::result::Result<AttachedFile, FileError> {
        let part = PartId::random();
        let settings = &self.app.settings().reports;
        let limits = Limits {
            max_bytes: settings.max_file_bytes,
            ..Limits::default()
        };
        let mut original = self.sealer(part, FileVariant::Original)?;
        let mut clean = self.sealer(part, FileVariant::Clean)?;
        let mut tee = Tee {
            inner: input,
            copy: &mut original,
            copy_failed: None,
            head: Vec::new(),
        };
        let result =
            vigie_sanitize::sanitize(&mut tee, &mut clean, &limits, self.app.sanitize_budget());
        let copy_failed = tee.copy_failed.take();
        let sniffed = vigie_sanitize::sniff(&tee.head);
        if let Some(e) = copy_failed {
            return Err(write_error(e));
        }
        let report = clean_outcome(result, settings.max_file_bytes)?;
        let cleaned = report.is_some();
        let (original_blob, size) = committed(original)?;
        let meta = file_meta(name, report.as_ref(), sniffed, size);
        // Not cleaned (malformed, unsupported, too large to clean in memory), or a type we do not
        // clean, copied as it came: the original is all there is, served only through the audited
        // action, and one sealed copy of it is enough.
        let clean = if cleaned && meta.has_clean_copy() {
            Some(committed(clean)?)
        } else {
            drop(clean);
            None
        };
        Ok(AttachedFile {
            part,
            key_generation: self.generation,
            meta,
            clean,
            original: Some((original_blob, size)),
            store: self.app.blobs().clone(),
        })
    }
}

/// What the cleaner's outcome means for the upload: its report when it cleaned the file, `None`
/// when the file could not be cleaned but the sealed original is kept (malformed, unsupported,
/// too large to clean in memory), or the error that refuses the upload.
fn clean_outcome(
    result: std::result::Result<vigie_sanitize::Report, SanitizeError>,
    max_file_bytes: u64,
) -> std::result::Result<Option<vigie_sanitize::Report>, FileError> {
    match result {
        Ok(report) => Ok(Some(report)),
        Err(SanitizeError::TooLarge) => Err(FileError::TooLarge {
            limit: max_file_bytes,
        }),
        Err(SanitizeError::Busy) => Err(FileError::Busy),
        Err(SanitizeError::Io(e)) => {
            // The clean sealer's write errors are the blob store's; anything else is the upload.
            Err(
                match e.get_ref().and_then(|i| i.downcast_ref::<BlobError>()) {
                    Some(_) => write_error(e),
                    None => FileError::Interrupted(e.kind().to_string()),
                },
            )
        }
        // Malformed, unsupported or too large to clean in memory: keep the sealed original only.
        Err(_) => Ok(None),
    }
}

/// The file's description, sealed with the report: its type is the cleaner's when it cleaned the
/// file, else the one sniffed from its first bytes; a file not cleaned is flagged and unchecked.
fn file_meta(
    name: &str,
    report: Option<&vigie_sanitize::Report>,
    sniffed: vigie_sanitize::FileKind,
    size: u64,
) -> FileMeta {
    let cleaned = report.is_some();
    let meta_kind = report.map_or(sniffed, |r| r.kind);
    FileMeta {
        name: safe_name(name),
        mime: meta_kind.mime().to_owned(),
        size,
        removed: report
            .map(|r| r.removed.iter().map(|x| x.key().to_owned()).collect())
            .unwrap_or_default(),
        flagged: report.is_some_and(|r| r.flagged) || !cleaned,
        unchecked: !cleaned,
        may_contain_location: meta_kind.may_contain_location(),
        cleaner: CLEANER_VERSION,
    }
}

/// A blob id read back from a report's row; one that does not parse is a corrupt row.
pub(crate) fn stored_blob_id(id: &str) -> Result<BlobId> {
    id.parse()
        .map_err(|_| AppError::Invalid("corrupt blob reference".into()))
}

/// Finishes one sealed copy and commits its blob; returns it with the file's plaintext size.
fn committed(
    sealer: StreamSealer<BlobWriter>,
) -> std::result::Result<(PendingBlob, u64), FileError> {
    let size = sealer.bytes_in();
    let blob = sealer
        .finish()
        .map_err(write_error)?
        .commit()
        .map_err(blob_error)?;
    Ok((blob, size))
}

/// Keeps letters, digits, dot, dash and underscore; at most 120 characters; never empty.
pub(crate) fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    tidy_file_name(
        base.chars().filter(|c| !c.is_control()),
        char::is_alphanumeric,
    )
}

/// The one rule for a file name the server keeps or offers: each character that is neither `.`,
/// `-`, `_` nor one `letter` accepts becomes `_`; at most 120 characters, no leading dot (no hidden
/// file), never empty.
pub fn tidy_file_name(chars: impl Iterator<Item = char>, letter: fn(char) -> bool) -> String {
    let cleaned: String = chars
        .map(|c| {
            if letter(c) || matches!(c, '.' | '-' | '_') {
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

impl App {
    /// A sealer for the files of a report being written.
    pub fn file_sealer(&self, draft: &super::ReportDraft) -> FileSealer {
        FileSealer {
            app: self.clone(),
            report: draft.id,
            generation: 0,
            key: draft.conversation.clone(),
        }
    }

    pub(crate) fn file_sealer_for(
        &self,
        report: ReportId,
        generation: i64,
        key: AudienceKey,
    ) -> FileSealer {
        FileSealer {
            app: self.clone(),
            report,
            generation,
            key,
        }
    }

    /// Opens a sealed file copy for reading as a stream (blocking reads: use `spawn_blocking`).
    pub(crate) fn open_blob_stream(
        &self,
        key: &AudienceKey,
        report: ReportId,
        part: PartId,
        variant: FileVariant,
        blob_id: &str,
    ) -> Result<StreamOpener<vigie_store::BlobReader>> {
        let id = stored_blob_id(blob_id)?;
        let file = self
            .blobs()
            .open_blob(&id)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(StreamOpener::new(
            &key.part_key(part.0, variant.blob_kind()),
            &part_aad(report, part, variant.blob_kind()),
            file,
        )?)
    }
}
