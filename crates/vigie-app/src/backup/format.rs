//! What a backup holds: its manifest, and rows as JSON lines.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use vigie_store::{ColumnKind, TableInfo, Value};

use super::BackupError;

/// The manifest's `format` field: what this file is.
pub const MANIFEST_FORMAT: &str = "vigie-backup";
/// The version of the layout described in the module's documentation.
pub(crate) const FORMAT_VERSION: u32 = 1;
/// The manifest's name in the archive (always the first entry).
pub(crate) const MANIFEST_NAME: &str = "manifest.json";
/// A chunk of rows is sent once it holds this many bytes of JSON.
pub(crate) const CHUNK_BYTES: usize = 1 << 20;

/// The first entry of a backup.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// The layout's version.
    pub version: u32,
    /// The version of vigie that wrote it.
    pub vigie_version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The newest migration of the database backed up.
    pub last_migration: i64,
    /// The day of the backup (Europe/Paris), never the time.
    pub day: String,
    /// Whether the key files are inside (then the file opens with a passphrase only).
    pub with_keys: bool,
    /// The instance's receipt salt (hex), from its database.
    pub instance_salt: String,
    /// The MAC under the instance secret that tells whether a secret belongs (hex).
    pub secret_check: String,
    /// The audit key's public half (hex).
    pub audit_public_key: String,
    /// The newest audit entry in the backup (0 if none): the restore's checkpoint names it.
    pub audit_head: i64,
    /// The tables, in the order of the archive.
    pub tables: Vec<ManifestTable>,
    /// How many blobs follow the tables.
    pub blobs: u64,
}

/// A table in the manifest.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestTable {
    /// Its name.
    pub name: String,
    /// Its columns: name and kind (`int`, `bool`, `text`, `bytes`).
    pub columns: Vec<(String, String)>,
    /// How many rows follow.
    pub rows: u64,
}

impl ManifestTable {
    /// A table as the manifest lists it.
    pub(crate) fn of(t: &TableInfo, rows: u64) -> Self {
        ManifestTable {
            name: t.name.clone(),
            columns: t
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.kind.as_str().to_owned()))
                .collect(),
            rows,
        }
    }

    /// The column kinds, checked.
    pub(crate) fn kinds(&self) -> Result<Vec<ColumnKind>, BackupError> {
        self.columns
            .iter()
            .map(|(_, k)| match k.as_str() {
                "int" => Ok(ColumnKind::Int),
                "bool" => Ok(ColumnKind::Bool),
                "text" => Ok(ColumnKind::Text),
                "bytes" => Ok(ColumnKind::Bytes),
                _ => Err(bad("a column of an unknown kind in the manifest")),
            })
            .collect()
    }
}

pub(crate) fn bad(what: &str) -> BackupError {
    BackupError::BadBackup(format!("not a valid vigie backup: {what}"))
}

/// Appends one row as a JSON line to `out`.
pub(crate) fn encode_row(values: &[Value], out: &mut Vec<u8>) -> Result<(), BackupError> {
    let json: Vec<serde_json::Value> = values
        .iter()
        .map(|v| match v {
            Value::Null => serde_json::Value::Null,
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Bytes(b) => serde_json::Value::String(B64.encode(b)),
        })
        .collect();
    serde_json::to_writer(&mut *out, &json).map_err(|e| BackupError::Failed(e.to_string()))?;
    out.push(b'\n');
    Ok(())
}

/// Reads one JSON line back as values of `kinds`.
pub(crate) fn decode_row(line: &[u8], kinds: &[ColumnKind]) -> Result<Vec<Value>, BackupError> {
    let json: Vec<serde_json::Value> =
        serde_json::from_slice(line).map_err(|_| bad("a row is not a JSON array"))?;
    if json.len() != kinds.len() {
        return Err(bad("a row has the wrong number of values"));
    }
    json.into_iter()
        .zip(kinds)
        .map(|(v, k)| match (v, k) {
            (serde_json::Value::Null, _) => Ok(Value::Null),
            (serde_json::Value::Number(n), ColumnKind::Int) => n
                .as_i64()
                .map(Value::Int)
                .ok_or_else(|| bad("an integer out of range")),
            (serde_json::Value::Bool(b), ColumnKind::Bool) => Ok(Value::Bool(b)),
            (serde_json::Value::String(s), ColumnKind::Text) => Ok(Value::Text(s)),
            (serde_json::Value::String(s), ColumnKind::Bytes) => B64
                .decode(s.as_bytes())
                .map(Value::Bytes)
                .map_err(|_| bad("bytes that are not base64")),
            _ => Err(bad("a value of the wrong kind")),
        })
        .collect()
}

/// The name of chunk `n` of `table`'s rows.
pub(crate) fn chunk_name(table: &str, n: u64) -> String {
    format!("table-{table}-{n:06}.jsonl")
}

/// The table a chunk's name belongs to (`table-<name>-<n>.jsonl`).
pub(crate) fn chunk_table(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("table-")?.strip_suffix(".jsonl")?;
    let (table, n) = rest.rsplit_once('-')?;
    (n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit())).then_some(table)
}
