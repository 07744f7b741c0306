//! The blob store: sealed attachments as files in a local directory, or as objects in an
//! S3-compatible bucket ([`BlobLocation`], `blob_url`).
//!
//! The bytes handed to this module are already sealed by the caller (`vigie-vault`): it never sees a
//! plaintext and does no cryptography, and a blob is the same bytes in a folder or a bucket. It is
//! synchronous (`std::io`), meant to run on blocking threads (tokio's `spawn_blocking`, the upload
//! pool), never inside an async task: the bucket's calls block on the runtime the store was opened
//! in. Its surface is small ([`BlobStore::create`], [`BlobStore::open_blob`], [`BlobStore::len`],
//! [`BlobStore::delete`], [`BlobStore::list`], [`BlobStore::sweep`]), the same for both backends.
//!
//! Layout in a bucket (`remote.rs`): `PREFIX/<id>`, written by a multipart upload (parts of
//! [`PART_SIZE`] bytes) or one `PUT` for a blob smaller than a part.
//!
//! Layout under the data directory given to [`BlobStore::open`]:
//!
//! ```text
//! blobs/<first 2 hex digits of the id>/<id>   committed blobs (mode 0600, directories 0700)
//! tmp/<id>.tmp                                blobs being written (mode 0600)
//! ```
//!
//! A report's way (DESIGN.md section 4): the caller writes each sealed blob with a [`BlobWriter`],
//! [`commits`](BlobWriter::commit) it (file and directory fsynced, so the blob survives a power cut),
//! then stores the report and its blob references in one database transaction, then
//! [`settles`](PendingBlob::settle) the [`PendingBlob`]s. A crash between the two steps leaves
//! unreferenced blobs, which [`BlobStore::sweep`] removes once they are older than a grace period.
//!
//! Disk quota (DESIGN.md section 2, item 7): [`BlobQuota::max_pending_bytes`] bounds the bytes of blobs
//! being written or committed but not yet settled, across every clone of the store. The count is held
//! by RAII guards (inside [`BlobWriter`] and [`PendingBlob`]) that give the bytes back when dropped, so
//! no error path can leak it.
//!
//! Identifiers are random UUIDv4 (never time-ordered: DESIGN.md section 2, item 3). Files and folders
//! carry midnight (Europe/Paris) of the day they were written as their modification and access times
//! ([`crate::day_files`]): a blob's time must not date its report. The sweep compares those times with
//! its grace period, which must therefore cover a whole day on top of the longest transaction. A
//! temporary file being written carries the time of its last write until it is committed or removed.

mod error;
mod files;
mod id;
mod location;
mod quota;
mod reader;
mod remote;
mod sweep;
mod writer;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub use error::BlobError;
use files::{create_private_dir, create_private_file, stamp, sync_dir};
pub use id::BlobId;
pub use location::{BadBlobUrl, BlobLocation};
pub use quota::BlobQuota;
use quota::Pending;
pub use reader::BlobReader;
pub use remote::PART_SIZE;
pub use sweep::SweepReport;
pub use writer::{BlobWriter, PendingBlob};

/// Suffix of the temporary files in `tmp/`.
const TMP_SUFFIX: &str = ".tmp";

#[derive(Debug)]
struct Inner {
    /// The local folders (empty paths, never used, when the blobs are in a bucket).
    blobs: PathBuf,
    tmp: PathBuf,
    /// The bucket, when the blobs are there.
    remote: Option<Arc<remote::Remote>>,
    pending: Arc<Pending>,
}

/// The blob store over a local directory or a bucket. Cheap to clone; clones share the quota.
#[derive(Clone, Debug)]
pub struct BlobStore {
    inner: Arc<Inner>,
}

impl BlobStore {
    /// Opens (creating if needed) a blob store in `dir`: `dir/blobs` and `dir/tmp`, mode 0700 on unix
    /// (tightened if they exist with a looser mode), then checks that a file can be written there.
    pub fn open(dir: &Path, quota: BlobQuota) -> Result<Self, BlobError> {
        let blobs = dir.join("blobs");
        let tmp = dir.join("tmp");
        for d in [&blobs, &tmp] {
            create_private_dir(d, true)?;
        }
        for d in [dir, blobs.as_path(), tmp.as_path()] {
            stamp(d)?;
        }
        let store = BlobStore {
            inner: Arc::new(Inner {
                blobs,
                tmp,
                remote: None,
                pending: Pending::shared(quota),
            }),
        };
        store.probe()?;
        Ok(store)
    }

    /// Opens the blob store at `location`: a folder ([`BlobStore::open`]), or a bucket reached with
    /// the `AWS_*` environment variables, in which an object is written and deleted to check the
    /// endpoint, the credentials and their rights. Call it inside the tokio runtime that will serve
    /// the bucket's calls.
    pub async fn open_location(
        location: &BlobLocation,
        quota: BlobQuota,
    ) -> Result<Self, BlobError> {
        match location {
            BlobLocation::Folder(dir) => BlobStore::open(dir, quota),
            BlobLocation::S3 { bucket, prefix } => {
                let remote = remote::Remote::open(bucket, prefix).await?;
                Ok(BlobStore {
                    inner: Arc::new(Inner {
                        blobs: PathBuf::new(),
                        tmp: PathBuf::new(),
                        remote: Some(Arc::new(remote)),
                        pending: Pending::shared(quota),
                    }),
                })
            }
        }
    }

    /// Whether the blobs are in a bucket rather than a local folder.
    pub fn is_remote(&self) -> bool {
        self.inner.remote.is_some()
    }

    /// Writes, syncs and removes a temporary file, to fail at start-up rather than on a reporter.
    fn probe(&self) -> Result<(), BlobError> {
        let path = self.tmp_path(&BlobId::random());
        let what = || {
            format!(
                "cannot write in {} (check that it is writable by this user and the disk is not full)",
                self.inner.tmp.display()
            )
        };
        let mut f = create_private_file(&path).map_err(|e| BlobError::io(what(), e))?;
        let res = f.write_all(b"probe").and_then(|()| f.sync_all());
        drop(f);
        let removed = fs::remove_file(&path);
        res.map_err(|e| BlobError::io(what(), e))?;
        removed.map_err(|e| BlobError::io(what(), e))?;
        stamp(&self.inner.tmp)
    }

    /// Bytes currently counted against [`BlobQuota::max_pending_bytes`] (for metrics and tests).
    pub fn pending_bytes(&self) -> u64 {
        self.inner.pending.bytes.load(Ordering::Acquire)
    }

    /// Opens a committed blob for reading (from a bucket, its body streams in as it is read).
    pub fn open_blob(&self, id: &BlobId) -> Result<BlobReader, BlobError> {
        if let Some(remote) = &self.inner.remote {
            return remote.open_blob(id).map(BlobReader::remote);
        }
        let path = self.blob_path(id);
        fs::File::open(&path)
            .map(BlobReader::file)
            .map_err(|e| self.not_found_or(id, e, "cannot open", &path))
    }

    /// The size in bytes of a committed blob.
    pub fn len(&self, id: &BlobId) -> Result<u64, BlobError> {
        if let Some(remote) = &self.inner.remote {
            return remote.len(id);
        }
        let path = self.blob_path(id);
        fs::metadata(&path)
            .map(|m| m.len())
            .map_err(|e| self.not_found_or(id, e, "cannot read metadata of", &path))
    }

    /// Deletes a committed blob. `Ok(false)` if it was not there. The directory is synced, so the
    /// deletion survives a crash. (The bytes are ciphertext whose keys are deleted with the report.)
    pub fn delete(&self, id: &BlobId) -> Result<bool, BlobError> {
        if let Some(remote) = &self.inner.remote {
            return remote.delete(id);
        }
        let path = self.blob_path(id);
        match fs::remove_file(&path) {
            Ok(()) => {
                stamp(&self.shard_dir(id))?;
                self.sync_shard(id)?;
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(BlobError::io(
                format!("cannot delete {} (check permissions)", path.display()),
                e,
            )),
        }
    }

    /// Deletes a committed blob no one will refer to (an abandoned upload), from anywhere, an async
    /// task's `Drop` included: at once in a folder, in the background on a bucket (a later
    /// [`BlobStore::list`] or [`BlobStore::sweep`] waits for it). A failure is logged; the sweep
    /// removes what is left.
    pub fn discard(&self, id: &BlobId) {
        if let Some(remote) = &self.inner.remote {
            return remote.discard(*id);
        }
        if let Err(e) = self.delete(id) {
            tracing::warn!(error = %e, "cannot delete an abandoned blob; the sweep will");
        }
    }

    fn tmp_path(&self, id: &BlobId) -> PathBuf {
        self.inner.tmp.join(format!("{id}{TMP_SUFFIX}"))
    }

    fn shard_dir(&self, id: &BlobId) -> PathBuf {
        self.inner.blobs.join(id.shard())
    }

    fn blob_path(&self, id: &BlobId) -> PathBuf {
        self.shard_dir(id).join(id.to_string())
    }

    fn sync_shard(&self, id: &BlobId) -> Result<(), BlobError> {
        sync_dir(&self.shard_dir(id))
    }

    fn not_found_or(&self, id: &BlobId, e: io::Error, verb: &str, path: &Path) -> BlobError {
        if e.kind() == io::ErrorKind::NotFound {
            BlobError::NotFound(*id)
        } else {
            BlobError::io(format!("{verb} {} (check permissions)", path.display()), e)
        }
    }
}
