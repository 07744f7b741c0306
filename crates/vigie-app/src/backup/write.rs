//! `vigie backup`: a consistent snapshot of the database and of the blobs it refers to, streamed
//! into one age file.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::mpsc;
use vigie_store::{BlobId, BlobStore, Snapshot, Store};
use vigie_vault::{AgeExport, SecretString};

use super::format::{self, CHUNK_BYTES, FORMAT_VERSION, MANIFEST_FORMAT, Manifest, ManifestTable};
use super::{BackupError, Progress, key_entries};
use crate::KeyPaths;

/// Who can open the backup.
pub enum BackupTarget {
    /// Age X25519 recipients (`age1...`): the key files stay out.
    Recipients(Vec<String>),
    /// A passphrase (age's scrypt recipient, alone): the key files go in.
    Passphrase(SecretString),
}

/// What `vigie backup` was asked.
pub struct BackupOptions {
    /// Who can open it (and so whether the key files are inside).
    pub target: BackupTarget,
    /// The file to write; it must not exist.
    pub output: PathBuf,
}

/// What a backup wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupOutcome {
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Tables and rows backed up.
    pub tables: usize,
    /// Rows backed up, every table together.
    pub rows: u64,
    /// Blobs backed up.
    pub blobs: u64,
}

/// What the database side hands the file writer: at most a few pieces wait at a time.
enum Piece {
    /// A small entry held in memory (the manifest, a key file, a chunk of rows).
    Bytes(String, Vec<u8>),
    /// A blob, streamed from the blob store by the writer.
    Blob(BlobId),
    /// Everything was sent: finish the file. Without it (the sender gave up), the file is left
    /// unfinished, so that it never decrypts as a whole.
    End,
}

/// Pieces in flight between the database and the file.
const IN_FLIGHT: usize = 4;

/// Backs up the instance whose database is `store` and blobs `blobs` into `opts.output` (and its key
/// files `keys`, for a passphrase target).
///
/// The file is written as `<output>.partial`, created readable by its owner only, and renamed once
/// complete: a failure leaves no file behind (the partial one is removed). Its times are set to the
/// day.
pub async fn backup(
    store: &Store,
    blobs: &BlobStore,
    keys: Option<&KeyPaths>,
    opts: &BackupOptions,
    progress: Arc<dyn Progress>,
) -> Result<BackupOutcome, BackupError> {
    if opts.output.exists() {
        return Err(BackupError::Input(format!(
            "--output: {} already exists",
            opts.output.display()
        )));
    }
    let instance = store.instance().await?.ok_or_else(|| {
        BackupError::Input("this instance is not initialised: nothing to back up".into())
    })?;
    let partial = partial_path(&opts.output);
    let file = create_private(&partial)?;
    let export = match start_export(&opts.target, file) {
        Ok(e) => e,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    let writer = {
        let blobs = blobs.clone();
        let progress = progress.clone();
        tokio::task::spawn_blocking(move || write_pieces(export, rx, &blobs, &*progress))
    };
    let with_keys = matches!(opts.target, BackupTarget::Passphrase(_));
    let head = ManifestHead {
        with_keys,
        instance_salt: hex::encode(&instance.salt),
        secret_check: hex::encode(&instance.secret_check),
        audit_public_key: hex::encode(&instance.audit_public_key),
    };
    let sent = send_snapshot(store, keys, head, &tx, &*progress).await;
    let end = match &sent {
        Ok(_) => tx.send(Piece::End).await.map_err(|_| writer_gone()),
        Err(_) => Ok(()),
    };
    drop(tx);
    let written = writer
        .await
        .map_err(|e| BackupError::Failed(format!("the backup writer stopped: {e}")));
    let outcome = match (sent, end, written) {
        (Ok(counts), Ok(()), Ok(Ok(()))) => finish_file(&partial, &opts.output, counts),
        // The writer's own error says more than the closed channel the sender saw.
        (_, _, Ok(Err(e))) | (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
    };
    if outcome.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    progress.done();
    outcome
}

/// The manifest's fields that come from the instance and the options.
struct ManifestHead {
    with_keys: bool,
    instance_salt: String,
    secret_check: String,
    audit_public_key: String,
}

/// Tables, rows and blobs sent.
struct Counts {
    tables: usize,
    rows: u64,
    blobs: u64,
}

fn start_export(target: &BackupTarget, file: File) -> Result<AgeExport<File>, BackupError> {
    match target {
        BackupTarget::Recipients(list) => {
            if list.is_empty() {
                return Err(BackupError::Input(
                    "--recipient: give at least one age public key (age1...)".into(),
                ));
            }
            let refs: Vec<&str> = list.iter().map(String::as_str).collect();
            AgeExport::for_recipients(&refs, file).map_err(|e| match e {
                vigie_vault::VaultError::StreamIo(e) => {
                    BackupError::Failed(format!("cannot write the backup: {e}"))
                }
                other => BackupError::Input(format!("--recipient: {other}")),
            })
        }
        BackupTarget::Passphrase(p) => AgeExport::for_passphrase(p.clone(), file)
            .map_err(|e| BackupError::Failed(format!("cannot write the backup: {e}"))),
    }
}

/// Reads the snapshot and sends every piece of the archive in order.
async fn send_snapshot(
    store: &Store,
    keys: Option<&KeyPaths>,
    head: ManifestHead,
    tx: &mpsc::Sender<Piece>,
    progress: &dyn Progress,
) -> Result<Counts, BackupError> {
    let mut snap = store.snapshot().await?;
    let tables = snap.tables().await?;
    let mut listed = Vec::with_capacity(tables.len());
    let mut rows = 0;
    for t in &tables {
        let n = snap.count(t).await?;
        rows += n;
        listed.push(ManifestTable::of(t, n));
    }
    let blob_ids = snap.blob_ids().await?;
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        version: FORMAT_VERSION,
        vigie_version: env!("CARGO_PKG_VERSION").into(),
        backend: snap.backend_name().into(),
        last_migration: snap.last_migration().await?,
        day: vigie_domain::time::day_string(vigie_domain::time::paris_day(chrono::Utc::now())),
        with_keys: head.with_keys,
        instance_salt: head.instance_salt,
        secret_check: head.secret_check,
        audit_public_key: head.audit_public_key,
        audit_head: snap.audit_head().await?,
        tables: listed,
        blobs: blob_ids.len() as u64,
    };
    let json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Failed(e.to_string()))?;
    send(tx, Piece::Bytes(format::MANIFEST_NAME.into(), json)).await?;
    if head.with_keys {
        let keys =
            keys.ok_or_else(|| BackupError::Failed("the key files are not known here".into()))?;
        for (name, path) in key_entries(keys) {
            let bytes = std::fs::read(&path).map_err(|e| {
                BackupError::Input(format!("cannot read the key file {}: {e}", path.display()))
            })?;
            send(tx, Piece::Bytes(name.into(), bytes)).await?;
        }
    }
    progress.stage("tables", rows);
    for t in &tables {
        send_table(&mut snap, t, tx, progress).await?;
    }
    // The blobs come after the rows, from the same snapshot's list.
    progress.stage("files", blob_ids.len() as u64);
    for id in &blob_ids {
        let id: BlobId = id
            .parse()
            .map_err(|e: vigie_store::BlobError| BackupError::Failed(e.to_string()))?;
        send(tx, Piece::Blob(id)).await?;
    }
    snap.close().await?;
    Ok(Counts {
        tables: tables.len(),
        rows,
        blobs: blob_ids.len() as u64,
    })
}

/// Streams one table's rows as chunks of JSON lines.
async fn send_table(
    snap: &mut Snapshot,
    table: &vigie_store::TableInfo,
    tx: &mpsc::Sender<Piece>,
    progress: &dyn Progress,
) -> Result<(), BackupError> {
    let mut buf = Vec::with_capacity(CHUNK_BYTES + 4096);
    let mut chunk = 0u64;
    let mut in_buf = 0u64;
    let mut rows = snap.rows(table);
    while let Some(values) = futures_util::TryStreamExt::try_next(&mut rows).await? {
        format::encode_row(&values, &mut buf)?;
        in_buf += 1;
        if buf.len() >= CHUNK_BYTES {
            chunk += 1;
            let full = std::mem::replace(&mut buf, Vec::with_capacity(CHUNK_BYTES + 4096));
            send(
                tx,
                Piece::Bytes(format::chunk_name(&table.name, chunk), full),
            )
            .await?;
            progress.advance(std::mem::take(&mut in_buf));
        }
    }
    drop(rows);
    if !buf.is_empty() {
        chunk += 1;
        send(
            tx,
            Piece::Bytes(format::chunk_name(&table.name, chunk), buf),
        )
        .await?;
        progress.advance(in_buf);
    }
    Ok(())
}

async fn send(tx: &mpsc::Sender<Piece>, piece: Piece) -> Result<(), BackupError> {
    tx.send(piece).await.map_err(|_| writer_gone())
}

fn writer_gone() -> BackupError {
    BackupError::Failed("the backup writer stopped".into())
}

/// The blocking half: writes each piece into the tar inside the age file, streaming blobs.
fn write_pieces(
    mut export: AgeExport<File>,
    mut rx: mpsc::Receiver<Piece>,
    blobs: &BlobStore,
    progress: &dyn Progress,
) -> Result<(), BackupError> {
    let io =
        |e: vigie_vault::VaultError| BackupError::Failed(format!("cannot write the backup: {e}"));
    while let Some(piece) = rx.blocking_recv() {
        match piece {
            Piece::Bytes(name, data) => {
                export.add_bytes(&name, &data).map_err(io)?;
            }
            Piece::Blob(id) => {
                let size = blobs.len(&id)?;
                let file = blobs.open_blob(&id)?;
                export
                    .add_reader(&format!("blob-{id}"), size, file)
                    .map_err(io)?;
                progress.advance(1);
            }
            Piece::End => {
                let file = export.finish().map_err(io)?;
                file.sync_all()
                    .map_err(|e| BackupError::Failed(format!("cannot write the backup: {e}")))?;
                return Ok(());
            }
        }
    }
    Err(BackupError::Failed(
        "the backup was given up before its end".into(),
    ))
}

fn finish_file(
    partial: &Path,
    output: &Path,
    counts: Counts,
) -> Result<BackupOutcome, BackupError> {
    let fail =
        |e: std::io::Error| BackupError::Failed(format!("cannot write {}: {e}", output.display()));
    if output.exists() {
        return Err(BackupError::Input(format!(
            "--output: {} appeared during the backup",
            output.display()
        )));
    }
    std::fs::rename(partial, output).map_err(fail)?;
    vigie_store::day_files::stamp(output).map_err(fail)?;
    let bytes = std::fs::metadata(output).map_err(fail)?.len();
    Ok(BackupOutcome {
        path: output.to_path_buf(),
        bytes,
        tables: counts.tables,
        rows: counts.rows,
        blobs: counts.blobs,
    })
}

/// `<output>.partial`.
fn partial_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    output.with_file_name(name)
}

/// A new file readable by its owner only.
fn create_private(path: &Path) -> Result<File, BackupError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map_err(|e| BackupError::Input(format!("--output: cannot create {}: {e}", path.display())))
}
