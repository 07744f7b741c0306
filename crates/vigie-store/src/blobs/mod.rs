//! The blob store: sealed attachments as files in a local directory.
//!
//! The bytes handed to this module are already sealed by the caller (`vigie-vault`): it never sees a
//! plaintext and does no cryptography. It is synchronous (`std::io`), meant to run on tokio's
//! `spawn_blocking` threads, and its surface is small ([`BlobStore::create`], [`BlobStore::open_blob`],
//! [`BlobStore::len`], [`BlobStore::delete`], [`BlobStore::list`], [`BlobStore::sweep`]) so that an
//! S3-compatible backend can later share it behind a trait.
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
mod quota;
mod sweep;
mod writer;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use error::BlobError;
use files::{create_private_dir, create_private_file, stamp, sync_dir};
pub use id::BlobId;
pub use quota::BlobQuota;
use quota::Pending;
pub use sweep::SweepReport;
pub use writer::{BlobWriter, PendingBlob};

/// Suffix of the temporary files in `tmp/`.
const TMP_SUFFIX: &str = ".tmp";

#[derive(Debug)]
struct Inner {
    blobs: PathBuf,
    tmp: PathBuf,
    pending: Arc<Pending>,
}

/// The blob store over a local directory. Cheap to clone; clones share the quota.
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
                pending: Arc::new(Pending {
                    bytes: AtomicU64::new(0),
                    limit: quota.max_pending_bytes,
                }),
            }),
        };
        store.probe()?;
        Ok(store)
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

    /// Opens a committed blob for reading.
    pub fn open_blob(&self, id: &BlobId) -> Result<File, BlobError> {
        let path = self.blob_path(id);
        File::open(&path).map_err(|e| self.not_found_or(id, e, "cannot open", &path))
    }

    /// The size in bytes of a committed blob.
    pub fn len(&self, id: &BlobId) -> Result<u64, BlobError> {
        let path = self.blob_path(id);
        fs::metadata(&path)
            .map(|m| m.len())
            .map_err(|e| self.not_found_or(id, e, "cannot read metadata of", &path))
    }

    /// Deletes a committed blob. `Ok(false)` if it was not there. The directory is synced, so the
    /// deletion survives a crash. (The bytes are ciphertext whose keys are deleted with the report.)
    pub fn delete(&self, id: &BlobId) -> Result<bool, BlobError> {
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
