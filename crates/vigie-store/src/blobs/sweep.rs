//! Listing committed blobs and sweeping unreferenced ones.

use std::fs;
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::files::{stamp, sync_dir};
use super::{BlobError, BlobId, BlobStore, TMP_SUFFIX};

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
    /// Every committed blob's id, in no particular order. Foreign files are skipped (and logged).
    pub fn list(&self) -> Result<Vec<BlobId>, BlobError> {
        if let Some(remote) = &self.inner.remote {
            return remote.list();
        }
        let mut out = Vec::new();
        self.walk_blobs(&mut |id, _path, _meta| {
            out.push(id);
        })?;
        Ok(out)
    }

    /// Deletes every committed blob older than `grace` (by mtime, or the bucket's `LastModified`) for which `referenced` returns
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
        if let Some(remote) = &self.inner.remote {
            // Unfinished uploads are no objects: the writer aborts them, the bucket's lifecycle
            // rule removes those of a crash.
            return remote.sweep(referenced, grace);
        }
        let now = SystemTime::now();
        let is_old = |meta: &fs::Metadata| {
            meta.modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > grace)
        };
        let mut report = SweepReport::default();
        self.sweep_blobs(referenced, &is_old, &mut report)?;
        self.sweep_tmp(&is_old, &mut report)?;
        Ok(report)
    }

    /// The committed half of [`BlobStore::sweep`]: unreferenced blobs past the grace period.
    fn sweep_blobs(
        &self,
        referenced: &dyn Fn(&BlobId) -> bool,
        is_old: &dyn Fn(&fs::Metadata) -> bool,
        report: &mut SweepReport,
    ) -> Result<(), BlobError> {
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
        Ok(())
    }

    /// The temporary half of [`BlobStore::sweep`]: files of writers that crashed or stalled.
    fn sweep_tmp(
        &self,
        is_old: &dyn Fn(&fs::Metadata) -> bool,
        report: &mut SweepReport,
    ) -> Result<(), BlobError> {
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
        Ok(())
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
}
