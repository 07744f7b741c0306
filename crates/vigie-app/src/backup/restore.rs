//! `vigie restore`: a backup into an empty instance, in one database transaction, then a signed
//! checkpoint that says where the restored chain ends, and the audit log verified.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use vigie_domain::{AuditActor, AuditKind};
use vigie_store::{BlobId, BlobStore, Restore, Store};
use vigie_vault::AgeKey;
use zeroize::Zeroizing;

use super::format::{FORMAT_VERSION, MANIFEST_FORMAT, Manifest, bad};
use super::read::{Msg, Reader};
use super::{BackupError, Progress, key_entries};
use crate::{App, KeyPaths, Settings};

/// What `vigie restore` was asked.
pub struct RestoreOptions {
    /// The backup file.
    pub input: PathBuf,
    /// What opens it: an identity file's text, or the passphrase of a backup with keys.
    pub key: AgeKey,
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The backend the backup came from.
    pub from_backend: String,
    /// The day of the backup.
    pub day: String,
    /// Rows restored, every table together.
    pub rows: u64,
    /// Blobs restored.
    pub blobs: u64,
    /// The backup's last audit entry: the restored chain ends there, then the restore's own entry.
    pub restored_at_entry: i64,
    /// The checkpoint signed after the restore.
    pub checkpoint: i64,
    /// Where the data directory's older outside copy of the checkpoints was moved, if there was one.
    pub moved_checkpoint_log: Option<PathBuf>,
    /// Entries and checkpoints `vigie audit verify` counted afterwards.
    pub verified: (usize, usize),
}

/// Messages in flight from the reader.
const IN_FLIGHT: usize = 4;

/// Restores `opts.input` into the empty instance `store` (migrated) with the files of `paths`.
///
/// Before anything is written, the database and the blob folder must be empty and, for a backup
/// without keys, the key files in `paths` must belong to the backup. The rows go in one transaction:
/// a failure leaves the database empty, and the blobs written so far are deleted again.
pub async fn restore(
    store: Store,
    paths: &KeyPaths,
    settings: Settings,
    opts: RestoreOptions,
    progress: Arc<dyn Progress>,
) -> Result<(App, Restored), BackupError> {
    if !store.is_empty().await? {
        return Err(not_empty("the database"));
    }
    let quota = vigie_store::BlobQuota {
        max_pending_bytes: settings.reports.pending_blob_quota,
    };
    let blobs = BlobStore::open_location(&paths.blobs, quota).await?;
    let listed = {
        let blobs = blobs.clone();
        tokio::task::spawn_blocking(move || blobs.list())
            .await
            .map_err(|e| BackupError::Failed(format!("the blob listing stopped: {e}")))??
    };
    if !listed.is_empty() {
        return Err(not_empty("the blob folder"));
    }
    let input = std::fs::File::open(&opts.input).map_err(|e| {
        BackupError::Input(format!(
            "--input: cannot open {}: {e}",
            opts.input.display()
        ))
    })?;
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    let (go_tx, go_rx) = std::sync::mpsc::channel();
    let written = Arc::new(Mutex::new(Vec::new()));
    let reader = Reader {
        key: opts.key,
        blobs: blobs.clone(),
        tx,
        go: go_rx,
        written: written.clone(),
        progress: progress.clone(),
    };
    let reading = tokio::task::spawn_blocking(move || reader.run(input));
    let mut keys_written = false;
    let filled = fill(&store, paths, rx, go_tx, &*progress, &mut keys_written).await;
    let read = reading
        .await
        .map_err(|e| BackupError::Failed(format!("the backup reader stopped: {e}")));
    let result = match (filled, read) {
        (Ok(m), Ok(Ok(()))) => Ok(m),
        // The reader's own error (an altered file) says more than the channel the filler saw close.
        (_, Ok(Err(e))) | (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let manifest = match result {
        Ok(m) => m,
        Err(e) => {
            // The bucket's calls block: off the async threads.
            let paths_owned = paths.clone();
            let _ = tokio::task::spawn_blocking(move || {
                undo(&blobs, &written, &paths_owned, keys_written)
            })
            .await;
            progress.done();
            return Err(e);
        }
    };
    progress.done();
    finish(store, paths, settings, &manifest).await
}

fn not_empty(what: &str) -> BackupError {
    BackupError::Input(format!(
        "{what} to restore into is not empty: restore into a new instance (a data directory \
         holding only the key files, and an empty database)"
    ))
}

/// Removes what a failed restore wrote outside the database (which its rollback emptied).
fn undo(blobs: &BlobStore, written: &Mutex<Vec<BlobId>>, paths: &KeyPaths, keys_written: bool) {
    for id in written.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
        if let Err(e) = blobs.delete(&id) {
            tracing::warn!(error = %e, "a blob of a failed restore is left for the sweep");
        }
    }
    if keys_written {
        for (_, path) in key_entries(paths) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The database side: checks the manifest and the keys, then inserts every row in one transaction.
async fn fill(
    store: &Store,
    paths: &KeyPaths,
    mut rx: mpsc::Receiver<Msg>,
    go: std::sync::mpsc::Sender<bool>,
    progress: &dyn Progress,
    keys_written: &mut bool,
) -> Result<Manifest, BackupError> {
    let gone = || BackupError::BadBackup("the backup ended early".into());
    let Some(Msg::Manifest(manifest)) = rx.recv().await else {
        return Err(gone());
    };
    let checked = check_manifest(store, paths, &manifest).await;
    let _ = go.send(checked.is_ok());
    checked?;
    let mut restore: Option<Restore> = None;
    let mut keys: Vec<(String, Zeroizing<Vec<u8>>)> = Vec::new();
    let mut rows: HashMap<String, u64> = HashMap::new();
    let mut blobs = 0u64;
    let columns: HashMap<&str, Vec<String>> = manifest
        .tables
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.columns.iter().map(|(n, _)| n.clone()).collect(),
            )
        })
        .collect();
    progress.stage("tables", manifest.tables.iter().map(|t| t.rows).sum());
    while let Some(msg) = rx.recv().await {
        match msg {
            Msg::Manifest(_) => return Err(bad("two manifests")),
            Msg::Key(name, bytes) if manifest.with_keys && restore.is_none() => {
                keys.push((name, bytes));
            }
            Msg::Key(..) => return Err(bad("a key file where none belongs")),
            Msg::Rows(table, batch) => {
                if restore.is_none() {
                    if manifest.with_keys {
                        write_keys(paths, &manifest, &keys, keys_written)?;
                    }
                    restore = Some(store.begin_restore().await.map_err(|e| match e {
                        vigie_store::StoreError::Conflict(_) => not_empty("the database"),
                        other => other.into(),
                    })?);
                }
                let (Some(r), Some(cols)) = (restore.as_mut(), columns.get(table.as_str())) else {
                    return Err(bad("rows of a table the manifest does not list"));
                };
                r.insert(&table, cols, &batch).await.map_err(|e| match e {
                    vigie_store::StoreError::Corrupt(m) => bad(&m),
                    other => other.into(),
                })?;
                *rows.entry(table).or_default() += batch.len() as u64;
                progress.advance(batch.len() as u64);
            }
            Msg::Blob => {
                if blobs == 0 {
                    progress.stage("files", manifest.blobs);
                }
                blobs += 1;
            }
            Msg::End => {
                let Some(r) = restore else {
                    return Err(bad("a backup without rows"));
                };
                check_counts(&manifest, &rows, blobs)?;
                r.commit().await?;
                return Ok(*manifest);
            }
        }
    }
    Err(gone())
}

/// The manifest names a vigie backup of this schema, and the key files belong to it.
async fn check_manifest(store: &Store, paths: &KeyPaths, m: &Manifest) -> Result<(), BackupError> {
    if m.format != MANIFEST_FORMAT {
        return Err(bad("its manifest names another format"));
    }
    if m.version != FORMAT_VERSION {
        return Err(BackupError::BadBackup(format!(
            "backup format {} is not one this vigie reads ({FORMAT_VERSION})",
            m.version
        )));
    }
    let here = store.last_migration().await?;
    if !vigie_store::restores_into(m.last_migration, here) {
        return Err(BackupError::Input(format!(
            "the backup's database is at migration {}, this vigie's at {here}: restore it with \
             vigie {} (then upgrade)",
            m.last_migration, m.vigie_version
        )));
    }
    if m.with_keys {
        if let Some((_, path)) = key_entries(paths).into_iter().find(|(_, p)| p.exists()) {
            return Err(BackupError::Input(format!(
                "{} exists: a backup with keys restores into a data directory without key files",
                path.display()
            )));
        }
        return Ok(());
    }
    keys_belong(paths, m)
}

/// The key files in `paths` are the ones the backup's instance was made with.
fn keys_belong(paths: &KeyPaths, m: &Manifest) -> Result<(), BackupError> {
    let hex = |s: &str| hex::decode(s).map_err(|_| bad("a key check that is not hexadecimal"));
    crate::init::load_key_files(
        paths,
        &hex(&m.instance_salt)?,
        &hex(&m.secret_check)?,
        &hex(&m.audit_public_key)?,
    )
    .map(|_| ())
    .map_err(|e| {
        BackupError::Input(format!(
            "the key files do not belong to this backup ({e}): restore with the key files of the \
             instance that was backed up"
        ))
    })
}

/// Writes the key files a backup carried, then checks them against its manifest.
fn write_keys(
    paths: &KeyPaths,
    m: &Manifest,
    keys: &[(String, Zeroizing<Vec<u8>>)],
    keys_written: &mut bool,
) -> Result<(), BackupError> {
    for (name, path) in key_entries(paths) {
        let Some((_, bytes)) = keys.iter().find(|(n, _)| n == name) else {
            return Err(bad("a backup with keys that lacks a key file"));
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| key_write_error(&path, e))?;
        }
        vigie_store::day_files::write_private_file(&path, bytes)
            .map_err(|e| key_write_error(&path, e))?;
        *keys_written = true;
    }
    keys_belong(paths, m).map_err(|_| bad("its key files do not match its own manifest"))
}

fn key_write_error(path: &Path, e: std::io::Error) -> BackupError {
    BackupError::Failed(format!("cannot write the key file {}: {e}", path.display()))
}

/// Every table received the rows its manifest announced, and every blob came.
fn check_counts(m: &Manifest, rows: &HashMap<String, u64>, blobs: u64) -> Result<(), BackupError> {
    for t in &m.tables {
        if rows.get(&t.name).copied().unwrap_or(0) != t.rows {
            return Err(BackupError::BadBackup(format!(
                "the backup holds another number of rows of {} than its manifest says",
                t.name
            )));
        }
    }
    if blobs != m.blobs {
        return Err(bad("another number of files than its manifest says"));
    }
    Ok(())
}

/// After the commit: the outside copy of the checkpoints made anew from the restored database (an
/// older copy moved aside), the restore recorded and checkpointed, the log verified.
async fn finish(
    store: Store,
    paths: &KeyPaths,
    settings: Settings,
    m: &Manifest,
) -> Result<(App, Restored), BackupError> {
    let moved = super::checkpoints::renew_outside_copy(&store, paths).await?;
    let app = App::open(store, paths, settings).await?;
    let detail = format!(
        "restored at entry {} from a {} backup of {}",
        m.audit_head, m.backend, m.day
    );
    app.append_audit(AuditActor::Cli, AuditKind::BackupRestored, "", &detail)
        .await?;
    let cp = app.checkpoint(AuditActor::Cli).await?;
    let report = match app.verify_audit().await? {
        Ok(r) => r,
        Err(problem) => {
            return Err(BackupError::BadBackup(format!(
                "the restored audit log does not verify: {problem}"
            )));
        }
    };
    Ok((
        app,
        Restored {
            from_backend: m.backend.clone(),
            day: m.day.clone(),
            rows: m.tables.iter().map(|t| t.rows).sum(),
            blobs: m.blobs,
            restored_at_entry: m.audit_head,
            checkpoint: cp.number,
            moved_checkpoint_log: moved,
            verified: (report.entries, report.checkpoints),
        },
    ))
}
