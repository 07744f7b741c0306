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

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use uuid::Uuid;

/// Suffix of the temporary files in `tmp/`.
const TMP_SUFFIX: &str = ".tmp";

/// Mode of the store's directories (owner only).
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;
/// Mode of blob and temporary files (owner read/write only).
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

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
        if let Some(BlobError::QuotaExceeded { limit }) =
            err.get_ref().and_then(|e| e.downcast_ref::<BlobError>())
        {
            return BlobError::QuotaExceeded { limit: *limit };
        }
        BlobError::Io {
            context: "cannot write a blob (check free space on the blob directory's file system)"
                .into(),
            source: err,
        }
    }

    fn io(context: impl Into<String>, source: io::Error) -> Self {
        BlobError::Io {
            context: context.into(),
            source,
        }
    }
}

/// Limits of the blob store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlobQuota {
    /// Maximum total bytes of blobs being written or committed but not yet settled (waiting for the
    /// report transaction). A write that would go beyond fails with [`BlobError::QuotaExceeded`].
    pub max_pending_bytes: u64,
}

/// A blob's identifier: a random UUIDv4, written and parsed only in canonical form
/// (lowercase, hyphenated), and used as the blob's file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(Uuid);

impl BlobId {
    fn random() -> Self {
        BlobId(Uuid::new_v4())
    }

    /// The UUID inside.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }

    /// `blobs/<xx>` shard directory name: the first two hex digits.
    fn shard(&self) -> String {
        let s = self.to_string();
        s[..2].to_owned()
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl FromStr for BlobId {
    type Err = BlobError;

    /// Accepts only what [`Display`](fmt::Display) writes: 36 characters, lowercase hex, hyphens at
    /// the canonical places, version 4, RFC 4122 variant. Braces, `urn:uuid:`, the simple form,
    /// uppercase, whitespace and other versions (time-bearing v1/v6/v7, nil) are refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let canonical_shape = s.len() == 36
            && s.bytes().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => b == b'-',
                _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            });
        if !canonical_shape {
            return Err(BlobError::BadId);
        }
        let uuid = Uuid::parse_str(s).map_err(|_| BlobError::BadId)?;
        if uuid.get_version() != Some(uuid::Version::Random)
            || uuid.get_variant() != uuid::Variant::RFC4122
        {
            return Err(BlobError::BadId);
        }
        Ok(BlobId(uuid))
    }
}

/// The shared count of pending bytes.
#[derive(Debug)]
struct Pending {
    bytes: AtomicU64,
    limit: u64,
}

/// Bytes counted against the quota; given back when dropped.
#[derive(Debug)]
struct Reservation {
    pending: Arc<Pending>,
    bytes: u64,
}

impl Reservation {
    fn empty(pending: Arc<Pending>) -> Self {
        Reservation { pending, bytes: 0 }
    }

    /// Adds `n` bytes if the total stays within the limit.
    fn grow(&mut self, n: u64) -> Result<(), BlobError> {
        let limit = self.pending.limit;
        self.pending
            .bytes
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |cur| {
                cur.checked_add(n).filter(|&total| total <= limit)
            })
            .map_err(|_| BlobError::QuotaExceeded { limit })?;
        self.bytes += n;
        Ok(())
    }

    /// Gives back `n` bytes (at most what is held).
    fn shrink(&mut self, n: u64) {
        let n = n.min(self.bytes);
        self.pending.bytes.fetch_sub(n, Ordering::AcqRel);
        self.bytes -= n;
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.pending.bytes.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

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

/// What a [`BlobStore::sweep`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Blobs kept: referenced, or younger than the grace period.
    pub kept: u64,
    /// Unreferenced blobs older than the grace period, deleted.
    pub deleted: u64,
    /// Temporary files older than the grace period (left by a crash or a stalled writer), deleted.
    pub tmp_deleted: u64,
    /// Bytes freed by the deletions (blobs and temporary files).
    pub bytes_freed: u64,
    /// Files and directories that the store did not write, left alone (and logged).
    pub foreign: u64,
    /// Deletions that failed (logged); the next sweep tries again.
    pub failed: u64,
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

    /// Starts a new blob: a temporary file in `tmp/` (random name, created exclusively, mode 0600).
    pub fn create(&self) -> Result<BlobWriter, BlobError> {
        let id = BlobId::random();
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
            reservation: Reservation::empty(self.inner.pending.clone()),
            written: 0,
            refused: None,
        })
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

    /// Every committed blob's id, in no particular order. Foreign files are skipped (and logged).
    pub fn list(&self) -> Result<Vec<BlobId>, BlobError> {
        let mut out = Vec::new();
        self.walk_blobs(&mut |id, _path, _meta| {
            out.push(id);
        })?;
        Ok(out)
    }

    /// Deletes every committed blob older than `grace` (by mtime) for which `referenced` returns
    /// false, and every temporary file older than `grace` (left by a crash or a writer stalled that
    /// long). Files the store did not write are left alone and logged (by path, never contents).
    ///
    /// `grace` must exceed the longest time between a blob's last write and the commit of the
    /// transaction that references it, and `referenced` must see transactions committed before
    /// the sweep started: blobs younger than `grace` are kept whatever `referenced` says. A deletion
    /// that fails is logged and counted in [`SweepReport::failed`]; the sweep goes on.
    pub fn sweep(
        &self,
        referenced: &dyn Fn(&BlobId) -> bool,
        grace: Duration,
    ) -> Result<SweepReport, BlobError> {
        let now = SystemTime::now();
        let is_old = |meta: &fs::Metadata| {
            meta.modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > grace)
        };
        let mut report = SweepReport::default();

        let mut touched_shards = Vec::new();
        let foreign = self.walk_blobs(&mut |id, path, meta| {
            if !is_old(meta) || referenced(&id) {
                report.kept += 1;
                return;
            }
            match fs::remove_file(path) {
                Ok(()) => {
                    report.deleted += 1;
                    report.bytes_freed += meta.len();
                    touched_shards.push(id);
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    report.failed += 1;
                    tracing::warn!(path = %path.display(), error = %e, "blob sweep: cannot delete blob");
                }
            }
        })?;
        report.foreign += foreign;
        touched_shards.sort_by_key(|id| id.shard());
        touched_shards.dedup_by_key(|id| id.shard());
        for id in &touched_shards {
            stamp(&self.shard_dir(id))?;
            self.sync_shard(id)?;
        }

        let tmp = &self.inner.tmp;
        let entries = fs::read_dir(tmp).map_err(|e| {
            BlobError::io(
                format!("cannot list {} (check permissions)", tmp.display()),
                e,
            )
        })?;
        let mut tmp_deleted_any = false;
        for entry in entries {
            let entry = entry.map_err(|e| {
                BlobError::io(
                    format!("cannot list {} (check permissions)", tmp.display()),
                    e,
                )
            })?;
            let path = entry.path();
            let ours = entry
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(TMP_SUFFIX))
                .is_some_and(|stem| stem.parse::<BlobId>().is_ok());
            let meta = match fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => {
                    report.failed += 1;
                    tracing::warn!(path = %path.display(), error = %e, "blob sweep: cannot stat temporary file");
                    continue;
                }
            };
            if !ours || !meta.file_type().is_file() {
                report.foreign += 1;
                tracing::warn!(path = %path.display(), "blob sweep: foreign file in the temporary directory, left alone");
                continue;
            }
            if !is_old(&meta) {
                continue;
            }
            match fs::remove_file(&path) {
                Ok(()) => {
                    report.tmp_deleted += 1;
                    report.bytes_freed += meta.len();
                    tmp_deleted_any = true;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    report.failed += 1;
                    tracing::warn!(path = %path.display(), error = %e, "blob sweep: cannot delete temporary file");
                }
            }
        }
        if tmp_deleted_any {
            stamp(tmp)?;
            sync_dir(tmp)?;
        }
        Ok(report)
    }

    /// Calls `f` on every well-formed blob (`blobs/<xx>/<id>`, a regular file whose id starts with
    /// `xx`); logs and counts everything else. Entries vanishing meanwhile are skipped.
    fn walk_blobs(
        &self,
        f: &mut dyn FnMut(BlobId, &Path, &fs::Metadata),
    ) -> Result<u64, BlobError> {
        let root = &self.inner.blobs;
        let list_err = |dir: &Path, e: io::Error| {
            BlobError::io(
                format!("cannot list {} (check permissions)", dir.display()),
                e,
            )
        };
        let mut foreign = 0;
        for shard in fs::read_dir(root).map_err(|e| list_err(root, e))? {
            let shard = shard.map_err(|e| list_err(root, e))?;
            let shard_path = shard.path();
            let shard_name = shard.file_name();
            let is_shard_name = shard_name.to_str().is_some_and(|n| {
                n.len() == 2
                    && n.bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            });
            let is_dir = shard.file_type().is_ok_and(|t| t.is_dir());
            if !is_shard_name || !is_dir {
                foreign += 1;
                tracing::warn!(path = %shard_path.display(), "blob store: foreign entry in the blob directory, left alone");
                continue;
            }
            let entries = match fs::read_dir(&shard_path) {
                Ok(e) => e,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(list_err(&shard_path, e)),
            };
            for entry in entries {
                let entry = entry.map_err(|e| list_err(&shard_path, e))?;
                let path = entry.path();
                let id = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.parse::<BlobId>().ok())
                    .filter(|id| shard_name.to_str() == Some(id.shard().as_str()));
                let meta = match fs::symlink_metadata(&path) {
                    Ok(m) => m,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                    Err(e) => {
                        return Err(BlobError::io(
                            format!(
                                "cannot read metadata of {} (check permissions)",
                                path.display()
                            ),
                            e,
                        ));
                    }
                };
                match id {
                    Some(id) if meta.file_type().is_file() => f(id, &path, &meta),
                    _ => {
                        foreign += 1;
                        tracing::warn!(path = %path.display(), "blob store: foreign entry in the blob directory, left alone");
                    }
                }
            }
        }
        Ok(foreign)
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

/// A blob being written: a temporary file that becomes a blob on [`commit`](BlobWriter::commit).
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
    /// `None` once committed or refused.
    file: Option<File>,
    reservation: Reservation,
    written: u64,
    /// Set when the quota refused a write: the limit.
    refused: Option<u64>,
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

    /// Makes the blob durable: syncs the file, renames it to `blobs/<xx>/<id>`, syncs that directory.
    /// The returned [`PendingBlob`] keeps its bytes counted until [`settled`](PendingBlob::settle)
    /// (or dropped).
    pub fn commit(mut self) -> Result<PendingBlob, BlobError> {
        if let Some(limit) = self.refused {
            return Err(BlobError::QuotaExceeded { limit });
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

/// Creates `dir` with mode 0700 (parents too when `parents`); tightens its mode if it already
/// exists. Returns whether it was created.
fn create_private_dir(dir: &Path, parents: bool) -> Result<bool, BlobError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(parents);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    let created = match builder.create(dir) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
        Err(e) => {
            return Err(BlobError::io(
                format!(
                    "cannot create directory {} (check that the data directory exists and is writable by this user)",
                    dir.display()
                ),
                e,
            ));
        }
    };
    // With `recursive`, an existing directory is not an error: check what is there.
    let meta = fs::metadata(dir)
        .map_err(|e| BlobError::io(format!("cannot read metadata of {}", dir.display()), e))?;
    if !meta.is_dir() {
        return Err(BlobError::io(
            format!(
                "{} exists and is not a directory (move it away)",
                dir.display()
            ),
            io::Error::from(io::ErrorKind::AlreadyExists),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o7777 != DIR_MODE {
            fs::set_permissions(dir, fs::Permissions::from_mode(DIR_MODE)).map_err(|e| {
                BlobError::io(
                    format!(
                        "cannot set mode 0700 on {} (check that this user owns it)",
                        dir.display()
                    ),
                    e,
                )
            })?;
        }
    }
    Ok(created)
}

/// Gives `path` the day's time ([`crate::day_files::stamp`]), as a blob store error.
fn stamp(path: &Path) -> Result<(), BlobError> {
    crate::day_files::stamp(path).map_err(|e| {
        BlobError::io(
            format!(
                "cannot set the time of {} (check that this user owns it)",
                path.display()
            ),
            e,
        )
    })
}

/// Creates a new file (failing if it exists), mode 0600 on unix.
fn create_private_file(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(FILE_MODE);
    }
    opts.open(path)
}

/// Makes a directory's entries (created, renamed, removed files) durable. A no-op off unix, where
/// directories cannot be opened as files.
fn sync_dir(dir: &Path) -> Result<(), BlobError> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| {
            BlobError::io(
                format!("cannot sync directory {} (check the disk)", dir.display()),
                e,
            )
        })?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
