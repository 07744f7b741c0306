//! The blocking half of a restore: decrypts the age file, walks the tar archive in order, parses
//! rows and writes blobs, handing the rows to the database side over a bounded channel.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use vigie_store::{BlobId, BlobStore, ColumnKind, Value};
use vigie_vault::age_input::{AgeKey, AgeOpenError, age_decryptor, age_open};
use zeroize::Zeroizing;

use super::format::{self, MANIFEST_NAME, Manifest, bad};
use super::{BackupError, Progress};

/// What the reader hands the database side, in the archive's order.
pub(crate) enum Msg {
    /// The manifest; the reader waits for a go-ahead before reading on.
    Manifest(Box<Manifest>),
    /// A key file (only in a backup with keys).
    Key(String, Zeroizing<Vec<u8>>),
    /// Rows of a table, values in the manifest's column order.
    Rows(String, Vec<Vec<Value>>),
    /// A blob was written to the blob store.
    Blob,
    /// The archive ended and age's final chunk checked: everything before it is authentic.
    End,
}

/// Rows sent to the database at a time.
const ROWS_PER_BATCH: usize = 256;
/// The largest manifest, key file and row accepted (a row holds sealed text, not files).
const MAX_MANIFEST: u64 = 16 << 20;
const MAX_KEY_FILE: u64 = 4 << 10;
const MAX_LINE: u64 = 64 << 20;

/// The reader's side of the work.
pub(crate) struct Reader {
    pub(crate) key: AgeKey,
    pub(crate) blobs: BlobStore,
    pub(crate) tx: mpsc::Sender<Msg>,
    /// The database side's answer to the manifest: go on (`true`) or stop.
    pub(crate) go: std::sync::mpsc::Receiver<bool>,
    /// Blobs written so far, for the database side to delete if the restore fails.
    pub(crate) written: Arc<Mutex<Vec<BlobId>>>,
    pub(crate) progress: Arc<dyn Progress>,
}

impl Reader {
    /// Reads the whole file. Stops quietly when the database side stops listening.
    pub(crate) fn run(self, input: std::fs::File) -> Result<(), BackupError> {
        let (decryptor, _) = age_decryptor(io::BufReader::new(input)).map_err(open_error)?;
        let plain = age_open(decryptor, &self.key).map_err(open_error)?;
        let mut archive = tar::Archive::new(plain);
        let mut kinds: HashMap<String, Vec<ColumnKind>> = HashMap::new();
        let mut first = true;
        for entry in archive.entries().map_err(damaged)? {
            let entry = entry.map_err(damaged)?;
            let name = entry
                .path()
                .map_err(damaged)?
                .to_string_lossy()
                .into_owned();
            if first {
                first = false;
                let Some(manifest) = self.manifest(&name, entry)? else {
                    return Ok(());
                };
                for t in &manifest.tables {
                    kinds.insert(t.name.clone(), t.kinds()?);
                }
                continue;
            }
            let going = if let Some(table) = format::chunk_table(&name) {
                let kinds = kinds
                    .get(table)
                    .ok_or_else(|| bad("rows of a table the manifest does not list"))?;
                self.rows(table, kinds, entry)?
            } else if let Some(id) = name.strip_prefix("blob-") {
                self.blob(id, entry)?
            } else if name.starts_with("key-") {
                let bytes = read_small(entry, MAX_KEY_FILE)?;
                self.send(Msg::Key(name, bytes))
            } else {
                return Err(bad("an entry that is no part of a vigie backup"));
            };
            if !going {
                return Ok(());
            }
        }
        if first {
            return Err(bad("the archive is empty"));
        }
        // Read on to the end of the age stream: only its final chunk proves nothing was cut.
        let mut rest = archive.into_inner();
        io::copy(&mut rest, &mut io::sink()).map_err(damaged)?;
        self.send(Msg::End);
        Ok(())
    }

    /// Reads the manifest, hands it over and waits for the go-ahead.
    fn manifest(&self, name: &str, entry: impl Read) -> Result<Option<Manifest>, BackupError> {
        if name != MANIFEST_NAME {
            return Err(bad("the archive does not start with its manifest"));
        }
        let bytes = read_small(entry, MAX_MANIFEST)?;
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|_| bad("the manifest does not parse"))?;
        if !self.send(Msg::Manifest(Box::new(manifest.clone()))) {
            return Ok(None);
        }
        Ok(self.go.recv().unwrap_or(false).then_some(manifest))
    }

    /// Parses a chunk of rows and sends it in batches.
    fn rows(
        &self,
        table: &str,
        kinds: &[ColumnKind],
        entry: impl Read,
    ) -> Result<bool, BackupError> {
        let mut reader = BufReader::new(entry);
        let mut batch = Vec::with_capacity(ROWS_PER_BATCH);
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = (&mut reader)
                .take(MAX_LINE)
                .read_until(b'\n', &mut line)
                .map_err(damaged)?;
            if n == 0 {
                break;
            }
            if line.last() != Some(&b'\n') {
                return Err(bad("a row that does not end its line, or is too long"));
            }
            batch.push(format::decode_row(&line[..line.len() - 1], kinds)?);
            if batch.len() == ROWS_PER_BATCH
                && !self.send(Msg::Rows(table.to_owned(), std::mem::take(&mut batch)))
            {
                return Ok(false);
            }
        }
        Ok(batch.is_empty() || self.send(Msg::Rows(table.to_owned(), batch)))
    }

    /// Writes a blob under its own id, streaming it.
    fn blob(&self, id: &str, mut entry: impl Read) -> Result<bool, BackupError> {
        let id: BlobId = id
            .parse()
            .map_err(|_| bad("a file whose name is no blob id"))?;
        let mut writer = self.blobs.create_with_id(id)?;
        // Noted before the first byte: a failure anywhere from here on removes it.
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(id);
        let mut buf = vec![0u8; 64 << 10];
        loop {
            let n = entry.read(&mut buf).map_err(damaged)?;
            if n == 0 {
                break;
            }
            io::Write::write_all(&mut writer, &buf[..n])
                .map_err(|e| BackupError::from(vigie_store::BlobError::from_write(e)))?;
        }
        writer.commit()?.settle();
        self.progress.advance(1);
        Ok(self.send(Msg::Blob))
    }

    /// Sends `msg`; `false` when the database side stopped listening.
    fn send(&self, msg: Msg) -> bool {
        self.tx.blocking_send(msg).is_ok()
    }
}

/// The whole of a small entry, at most `max` bytes.
fn read_small(entry: impl Read, max: u64) -> Result<Zeroizing<Vec<u8>>, BackupError> {
    let mut out = Zeroizing::new(Vec::new());
    entry.take(max + 1).read_to_end(&mut out).map_err(damaged)?;
    if out.len() as u64 > max {
        return Err(bad("an entry larger than it may be"));
    }
    Ok(out)
}

/// A read error inside the age stream: age's authentication failed (an altered or truncated file),
/// or the file could not be read.
fn damaged(e: io::Error) -> BackupError {
    BackupError::BadBackup(format!(
        "the backup is altered or truncated ({e}): it cannot be trusted"
    ))
}

fn open_error(e: AgeOpenError) -> BackupError {
    match e {
        AgeOpenError::WrongKind(m) => BackupError::Input(format!("{m}: {}", key_hint(m))),
        AgeOpenError::BadIdentityFile => BackupError::Input(format!("--identity: {e}")),
        AgeOpenError::NoMatchingKey => BackupError::BadBackup(
            "the identity (or passphrase) does not open this backup: it was made for another key"
                .into(),
        ),
        AgeOpenError::BadHeader => {
            BackupError::BadBackup("not a backup file, or its header was altered".into())
        }
        AgeOpenError::Io(e) => BackupError::Failed(format!("--input: cannot read the file: {e}")),
    }
}

fn key_hint(m: &str) -> &'static str {
    if m.contains("passphrase, not") {
        "give --passphrase-file (a backup made with --with-keys)"
    } else {
        "give --identity"
    }
}
