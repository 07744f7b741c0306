//! Writing a blob: counted against the quota; a temporary file committed by a rename, or a bucket's
//! upload completed (`remote.rs`).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::PathBuf;

use super::files::{create_private_dir, create_private_file, stamp, sync_dir};
use super::quota::Reservation;
use super::remote::Upload;
use super::{BlobError, BlobId, BlobStore};

/// A blob being written: a temporary file (or a bucket's upload) that becomes a blob on
/// [`commit`](BlobWriter::commit).
///
/// Every byte written is counted against [`BlobQuota::max_pending_bytes`] before it reaches the
/// disk. A write that would exceed the quota fails with an error of kind
/// [`io::ErrorKind::QuotaExceeded`] (turn it into [`BlobError::QuotaExceeded`] with
/// [`BlobError::from_write`]); the temporary file is then removed at once, the bytes given back,
/// and every later write or commit fails the same way. Dropped without commit, the writer deletes
/// its temporary file and gives its bytes back.
#[derive(Debug)]
pub struct BlobWriter {
    store: BlobStore,
    id: BlobId,
    tmp_path: PathBuf,
    /// `None` once committed or refused, and for a bucket.
    file: Option<File>,
    /// The bucket's upload; `None` once committed or refused, and for a folder.
    upload: Option<Upload>,
    reservation: Reservation,
    written: u64,
    /// Set when the quota refused a write: the limit.
    refused: Option<u64>,
}

impl BlobStore {
    /// Starts a new blob: a temporary file in `tmp/` (random name, created exclusively, mode 0600).
    pub fn create(&self) -> Result<BlobWriter, BlobError> {
        self.create_as(BlobId::random())
    }

    /// Starts a blob under a given id: a restore puts each blob back under the id its database rows
    /// refer to. An id already committed is refused with [`BlobError::Exists`].
    pub fn create_with_id(&self, id: BlobId) -> Result<BlobWriter, BlobError> {
        let exists = match &self.inner.remote {
            Some(remote) => remote.exists(&id)?,
            None => self.blob_path(&id).exists(),
        };
        if exists {
            return Err(BlobError::Exists(id));
        }
        self.create_as(id)
    }

    fn create_as(&self, id: BlobId) -> Result<BlobWriter, BlobError> {
        if let Some(remote) = &self.inner.remote {
            return Ok(BlobWriter {
                store: self.clone(),
                id,
                tmp_path: PathBuf::new(),
                file: None,
                upload: Some(remote.upload(id)),
                reservation: Reservation::empty(self.inner.pending.clone()),
                written: 0,
                refused: None,
            });
        }
        let tmp_path = self.tmp_path(&id);
        let file = create_private_file(&tmp_path).map_err(|e| {
            BlobError::io(
                format!(
                    "cannot create temporary file {} (check permissions and free space)",
                    tmp_path.display()
                ),
                e,
            )
        })?;
        stamp(&tmp_path)?;
        stamp(&self.inner.tmp)?;
        Ok(BlobWriter {
            store: self.clone(),
            id,
            tmp_path,
            file: Some(file),
            upload: None,
            reservation: Reservation::empty(self.inner.pending.clone()),
            written: 0,
            refused: None,
        })
    }
}

impl BlobWriter {
    /// The id the blob will have once committed.
    pub fn id(&self) -> BlobId {
        self.id
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Parts of a bucket's multipart upload sent so far (always 0 for a folder): the bytes that
    /// left memory before the commit.
    pub fn parts_sent(&self) -> u64 {
        self.upload.as_ref().map_or(0, Upload::parts)
    }

    /// Commits a bucket's upload: its last bytes are sent and the object completed.
    fn commit_upload(mut self, upload: Upload) -> Result<PendingBlob, BlobError> {
        upload.commit()?;
        let pending = self.store.inner.pending.clone();
        Ok(PendingBlob {
            id: self.id,
            len: self.written,
            _reservation: std::mem::replace(&mut self.reservation, Reservation::empty(pending)),
        })
    }

    /// Makes the blob durable: syncs the file, renames it to `blobs/<xx>/<id>`, syncs that directory.
    /// The returned [`PendingBlob`] keeps its bytes counted until [`settled`](PendingBlob::settle)
    /// (or dropped).
    pub fn commit(mut self) -> Result<PendingBlob, BlobError> {
        if let Some(limit) = self.refused {
            return Err(BlobError::QuotaExceeded { limit });
        }
        if let Some(upload) = self.upload.take() {
            return self.commit_upload(upload);
        }
        let file = self.file.take().ok_or_else(|| {
            BlobError::io(
                "blob writer already closed (a bug in the caller)",
                io::Error::other("no file"),
            )
        })?;
        let tmp_path = self.tmp_path.clone();
        file.sync_all().map_err(|e| {
            BlobError::io(
                format!(
                    "cannot sync {} (check the disk and free space)",
                    tmp_path.display()
                ),
                e,
            )
        })?;
        drop(file);
        // The writes gave the file the time of the last one: back to the day before it moves.
        stamp(&tmp_path)?;
        let store = self.store.clone();
        let shard = store.shard_dir(&self.id);
        if create_private_dir(&shard, false)? {
            stamp(&store.inner.blobs)?;
            sync_dir(&store.inner.blobs)?;
        }
        let dest = store.blob_path(&self.id);
        fs::rename(&tmp_path, &dest).map_err(|e| {
            BlobError::io(
                format!(
                    "cannot move {} to {} (the temporary file may have been swept: raise the sweep's \
                     grace period; or check permissions)",
                    tmp_path.display(),
                    dest.display()
                ),
                e,
            )
        })?;
        // From here on the temporary file is gone: Drop must not try to delete it.
        self.tmp_path = PathBuf::new();
        // The rename changed both folders' times.
        stamp(&dest)?;
        stamp(&shard)?;
        stamp(&store.inner.tmp)?;
        let pending = PendingBlob {
            id: self.id,
            len: self.written,
            _reservation: std::mem::replace(
                &mut self.reservation,
                Reservation::empty(store.inner.pending.clone()),
            ),
        };
        store.sync_shard(&pending.id)?;
        Ok(pending)
    }

    /// Quota refused `n` more bytes: remove the temporary file now and give every byte back.
    fn refuse(&mut self, limit: u64) {
        self.refused = Some(limit);
        drop(self.file.take());
        drop(self.upload.take());
        self.remove_tmp();
        self.reservation.shrink(self.reservation.bytes);
    }

    fn remove_tmp(&mut self) {
        if self.tmp_path.as_os_str().is_empty() {
            return;
        }
        match fs::remove_file(&self.tmp_path) {
            Ok(()) => {
                if let Err(e) = stamp(&self.store.inner.tmp) {
                    tracing::warn!(error = %e, "blob store: cannot set the time of the temporary directory");
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(path = %self.tmp_path.display(), error = %e,
                    "blob store: cannot remove temporary file (the sweep will)");
            }
        }
        self.tmp_path = PathBuf::new();
    }
}

fn quota_io_error(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::QuotaExceeded,
        BlobError::QuotaExceeded { limit },
    )
}

impl Write for BlobWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(limit) = self.refused {
            return Err(quota_io_error(limit));
        }
        if buf.is_empty() {
            return Ok(0);
        }
        let n = buf.len() as u64;
        if let Err(BlobError::QuotaExceeded { limit }) = self.reservation.grow(n) {
            self.refuse(limit);
            return Err(quota_io_error(limit));
        }
        if let Some(upload) = self.upload.as_mut() {
            return match upload.write(buf) {
                Ok(()) => {
                    self.written += n;
                    Ok(buf.len())
                }
                Err(e) => {
                    self.reservation.shrink(n);
                    Err(e)
                }
            };
        }
        let Some(file) = self.file.as_mut() else {
            self.reservation.shrink(n);
            return Err(io::Error::other("blob writer already closed"));
        };
        match file.write(buf) {
            Ok(done) => {
                self.reservation.shrink(n - done as u64);
                self.written += done as u64;
                Ok(done)
            }
            Err(e) => {
                self.reservation.shrink(n);
                Err(e)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(limit) = self.refused {
            return Err(quota_io_error(limit));
        }
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        drop(self.file.take());
        // An unfinished upload aborts itself.
        drop(self.upload.take());
        self.remove_tmp();
        // The reservation gives its bytes back when dropped.
    }
}

/// A committed blob whose bytes still count against the quota until the transaction that
/// references it has committed. Call [`settle`](PendingBlob::settle) then; dropping it has the
/// same effect on the count (the blob stays on disk either way; the sweep removes it later if no
/// report refers to it).
#[derive(Debug)]
#[must_use = "keep the PendingBlob until the report transaction has committed, then settle it"]
pub struct PendingBlob {
    id: BlobId,
    len: u64,
    _reservation: Reservation,
}

impl PendingBlob {
    /// The blob's id (to store in the report's blob references).
    pub fn id(&self) -> BlobId {
        self.id
    }

    /// The blob's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the blob is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The referencing transaction has committed: stop counting the blob's bytes as pending.
    pub fn settle(self) {}
}
