//! Backups (issue 13): one age file holding a consistent snapshot of the database and the sealed
//! attachments it refers to, and the restore of such a file into an empty instance, whichever
//! backend either side runs.
//!
//! Inside the age file, a tar archive (regular files, mode 0600, mtime 0: nothing in it dates the
//! backup to less than the day the manifest names):
//!
//! ```text
//! manifest.json                       format, vigie version, source backend, last migration, the day,
//!                                     every table's columns and row count, the blob count, and what
//!                                     tells restore which key files belong (the instance's salt,
//!                                     secret check and audit public key, all already in the database)
//! key-instance.key, key-audit.key     only with --with-keys (then for a passphrase only)
//! table-<name>-<n>.jsonl              a table's rows, in chunks of about 1 MiB, tables in the order
//!                                     their foreign keys need; each line a JSON array of the values
//!                                     in the manifest's column order: null, numbers, booleans, text,
//!                                     and bytes as base64
//! blob-<id>                           each sealed attachment the snapshot refers to, as stored
//! ```
//!
//! Memory stays bounded: rows stream from the database into chunks, chunks and blobs stream through
//! the tar writer into age's STREAM writer, a few chunks at a time in flight. Nothing is written in
//! clear: the output file only ever holds age ciphertext.

mod checkpoints;
mod format;
mod read;
mod restore;
mod schedule;
mod write;

use std::path::PathBuf;

pub use format::{MANIFEST_FORMAT, Manifest, ManifestTable};
pub use restore::{RestoreOptions, Restored, restore};
pub use schedule::{BACKUP_JOB, BackupSchedule, prune};
pub use write::{BackupOptions, BackupOutcome, BackupTarget, backup};

/// Why a backup or a restore failed, by who must act.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Bad input or configuration: a flag, a file that exists, a target that is not empty, key files
    /// that belong to another instance (the command line exits 2).
    #[error("{0}")]
    Input(String),
    /// The backup file cannot be trusted or opened: wrong identity, altered, truncated, not a vigie
    /// backup (exit 1).
    #[error("{0}")]
    BadBackup(String),
    /// Anything else: the database, the blob store, the disk (exit 1).
    #[error("{0}")]
    Failed(String),
}

impl From<crate::AppError> for BackupError {
    fn from(e: crate::AppError) -> Self {
        match e {
            crate::AppError::KeyFile(m) => BackupError::Input(m),
            other => BackupError::Failed(other.to_string()),
        }
    }
}

impl From<vigie_store::StoreError> for BackupError {
    fn from(e: vigie_store::StoreError) -> Self {
        BackupError::Failed(e.to_string())
    }
}

impl From<vigie_store::BlobError> for BackupError {
    fn from(e: vigie_store::BlobError) -> Self {
        BackupError::Failed(e.to_string())
    }
}

/// Where the work stands, for a progress bar (the command line draws one on a terminal only).
pub trait Progress: Send + Sync {
    /// A new stage (`"tables"`, `"files"`) of `total` steps (rows, or bytes).
    fn stage(&self, name: &'static str, total: u64);
    /// `n` more steps done.
    fn advance(&self, n: u64);
    /// The work is over.
    fn done(&self);
}

/// No progress shown (tests, logs, the scheduled job).
#[derive(Clone, Copy, Debug, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &'static str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn done(&self) {}
}

/// The key files a backup may carry, by their name in the archive.
pub(crate) fn key_entries(paths: &crate::KeyPaths) -> [(&'static str, PathBuf); 2] {
    [
        ("key-instance.key", paths.instance_secret.clone()),
        ("key-audit.key", paths.audit_key.clone()),
    ]
}
