//! The blob store's errors.

use std::io;

use super::BlobId;

/// A blob store failure. Messages name the path and what to check; they never contain blob bytes.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// A file system operation failed.
    #[error("blob store: {context}: {source}")]
    Io {
        /// What was being done, with the path concerned and what to check.
        context: String,
        /// The operating system's error.
        source: io::Error,
    },
    /// The S3-compatible object store refused or failed a request.
    #[error("blob store: {context}: {source}")]
    Remote {
        /// What was being done, on which bucket, and what to check.
        context: String,
        /// The object store's error (it names the request, never the credentials).
        source: Box<object_store::Error>,
    },
    /// No blob has this id (never written, deleted, or swept).
    #[error(
        "blob {0} not found in the blob store (deleted, swept, or the blob directory was changed)"
    )]
    NotFound(BlobId),
    /// Writing more would exceed the bytes allowed for blobs not yet settled. Transient: retry later
    /// (the web edge answers 503 with Retry-After).
    #[error(
        "blob store busy: more than {limit} bytes of attachments are being written or awaiting their \
         report; retry later, or raise the blob quota (max_pending_bytes)"
    )]
    QuotaExceeded {
        /// The configured [`BlobQuota::max_pending_bytes`].
        limit: u64,
    },
    /// A restore met a blob id that the store already holds (the blob directory is not empty).
    #[error("blob {0} is already in the blob store: restore into an empty instance")]
    Exists(BlobId),
    /// A blob id is not a canonical lowercase hyphenated UUIDv4 (a corrupt or foreign database value).
    #[error(
        "malformed blob id (expected a lowercase hyphenated UUIDv4 such as \
         6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f); the stored reference is corrupt"
    )]
    BadId,
}

impl BlobError {
    /// Turns an error returned by [`BlobWriter`]'s [`Write`] methods back into a typed error:
    /// [`BlobError::QuotaExceeded`] when the quota refused the bytes, [`BlobError::Io`] otherwise.
    ///
    /// Use it on errors of the writer only: an error of the reader in `io::copy(reader, writer)`
    /// (a client that went away) is not a blob store failure.
    pub fn from_write(err: io::Error) -> Self {
        // The quota's refusal, or a failure of the bucket, travel through `io::Write` as our own
        // error: give it back as it was.
        match err.downcast::<BlobError>() {
            Ok(ours) => ours,
            Err(err) => BlobError::Io {
                context:
                    "cannot write a blob (check free space on the blob directory's file system)"
                        .into(),
                source: err,
            },
        }
    }

    pub(super) fn io(context: impl Into<String>, source: io::Error) -> Self {
        BlobError::Io {
            context: context.into(),
            source,
        }
    }
}
