//! The database as a backup sees it: every table in an order that foreign keys allow, each column's
//! declared type, and rows read inside one consistent snapshot ([`Snapshot`]); and the other way,
//! rows inserted into an empty database in one transaction ([`Restore`], in `restore.rs`).
//!
//! Values travel as [`Value`]s, which both backends read and write: integers, booleans, text, bytes
//! or null, chosen by the column's declared type (PostgreSQL's BIGINT, BOOLEAN, TEXT and BYTEA;
//! SQLite's INTEGER or BIGINT, BOOLEAN, TEXT and BLOB). So a backup of one backend restores into the
//! other. This module stores bytes: what the values mean is the caller's business.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{Postgres, Row as _, Sqlite, Transaction};

use crate::sql::{Arg, args, fetch_all, fetch_one};
use crate::{Backend, Result, Store, StoreError, dispatch};

/// A column's kind, from its declared type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// A 64-bit integer (BIGINT, INTEGER).
    Int,
    /// A boolean.
    Bool,
    /// Text.
    Text,
    /// Bytes (BYTEA, BLOB).
    Bytes,
}

impl ColumnKind {
    /// The kind of a declared type, or `None` for a type this schema never uses.
    pub fn of_declared(declared: &str) -> Option<ColumnKind> {
        let t = declared.to_ascii_lowercase();
        if t.contains("int") {
            Some(ColumnKind::Int)
        } else if t.starts_with("bool") {
            Some(ColumnKind::Bool)
        } else if t == "blob" || t == "bytea" {
            Some(ColumnKind::Bytes)
        } else if t == "text" || t.contains("char") {
            Some(ColumnKind::Text)
        } else {
            None
        }
    }

    /// The name a backup file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::Int => "int",
            ColumnKind::Bool => "bool",
            ColumnKind::Text => "text",
            ColumnKind::Bytes => "bytes",
        }
    }
}

/// A column: its name and kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// Its kind.
    pub kind: ColumnKind,
}

/// A table and its columns, in declaration order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableInfo {
    /// The table's name.
    pub name: String,
    /// Its columns.
    pub columns: Vec<Column>,
}

/// One stored value, backend-neutral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
}

/// A name quoted as an SQL identifier. Names always come from the database's own catalog.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Lists tables, columns and foreign keys on an open connection or transaction: the same queries
/// for a snapshot, a restore and an emptiness check.
macro_rules! schema_of {
    ($conn:expr, $backend:expr) => {{
        let (tables_sql, columns_sql, parents_sql) = $crate::dump::schema_queries($backend);
        let names: Vec<(String,)> =
            $crate::sql::fetch_all(&mut *$conn, tables_sql, $crate::sql::args![]).await?;
        let mut tables = Vec::with_capacity(names.len());
        let mut parents = ::std::collections::BTreeMap::new();
        for (name,) in names {
            let cols: Vec<(String, String)> =
                $crate::sql::fetch_all(&mut *$conn, columns_sql, $crate::sql::args![name.as_str()])
                    .await?;
            let ps: Vec<(String,)> =
                $crate::sql::fetch_all(&mut *$conn, parents_sql, $crate::sql::args![name.as_str()])
                    .await?;
            parents.insert(name.clone(), ps.into_iter().map(|(p,)| p).collect());
            tables.push($crate::dump::table_info(name, cols)?);
        }
        $crate::dump::in_key_order(tables, &parents)
    }};
}
pub(crate) use schema_of;

/// The catalog queries of a backend: tables, a table's columns, the tables a table refers to.
pub(crate) fn schema_queries(sqlite: bool) -> (&'static str, &'static str, &'static str) {
    if sqlite {
        (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name",
            "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
            "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)",
        )
    } else {
        (
            "SELECT table_name::TEXT FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '_sqlx_migrations' ORDER BY table_name",
            "SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            "SELECT DISTINCT p.relname::TEXT FROM pg_constraint c \
             JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class p ON p.oid = c.confrelid \
             WHERE c.contype = 'f' AND t.relname = $1 \
             AND t.relnamespace = current_schema()::regnamespace",
        )
    }
}

pub(crate) fn table_info(name: String, cols: Vec<(String, String)>) -> Result<TableInfo> {
    let columns = cols
        .into_iter()
        .map(|(col, declared)| {
            let kind = ColumnKind::of_declared(&declared).ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "column {name}.{col} has type `{declared}`, which a backup cannot carry"
                ))
            })?;
            Ok(Column { name: col, kind })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(TableInfo { name, columns })
}

/// `tables` ordered so that every table comes after the tables it refers to (ties by name), so that
/// rows inserted in this order satisfy their foreign keys. A cycle is reported as corrupt.
pub fn in_key_order(
    tables: Vec<TableInfo>,
    parents: &BTreeMap<String, BTreeSet<String>>,
) -> Result<Vec<TableInfo>> {
    let mut left: BTreeMap<String, TableInfo> =
        tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left.keys().find(|name| {
            parents.get(*name).is_none_or(|ps| {
                ps.iter()
                    .all(|p| p == *name || !left.contains_key(p.as_str()))
            })
        });
        let Some(name) = ready.cloned() else {
            return Err(StoreError::Corrupt(
                "the tables' foreign keys form a cycle".into(),
            ));
        };
        if let Some(t) = left.remove(&name) {
            out.push(t);
        }
    }
    Ok(out)
}

/// One read transaction: every read sees the database as it was when the first one ran (SQLite: a
/// WAL snapshot held by one connection; PostgreSQL: REPEATABLE READ, READ ONLY).
pub struct Snapshot {
    tx: SnapshotTx,
}

enum SnapshotTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

macro_rules! on_snapshot {
    ($snap:expr, $tx:ident => $body:expr) => {
        match &mut $snap.tx {
            SnapshotTx::Sqlite($tx) => $body,
            SnapshotTx::Postgres($tx) => $body,
        }
    };
}

/// Reads column `i` of `row` as a [`Value`] of `kind`.
macro_rules! value_at {
    ($row:expr, $i:expr, $kind:expr) => {
        match $kind {
            ColumnKind::Int => $row.try_get::<Option<i64>, _>($i)?.map(Value::Int),
            ColumnKind::Bool => $row.try_get::<Option<bool>, _>($i)?.map(Value::Bool),
            ColumnKind::Text => $row.try_get::<Option<String>, _>($i)?.map(Value::Text),
            ColumnKind::Bytes => $row.try_get::<Option<Vec<u8>>, _>($i)?.map(Value::Bytes),
        }
        .unwrap_or(Value::Null)
    };
}

impl Store {
    /// Opens a consistent read snapshot for a backup. Writers go on meanwhile; the snapshot does not
    /// see them.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        let tx = match &self.backend {
            Backend::Sqlite(pool) => SnapshotTx::Sqlite(pool.begin().await?),
            Backend::Postgres(pool) => SnapshotTx::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        };
        Ok(Snapshot { tx })
    }

    /// The newest migration applied (its version number), 0 if none.
    pub async fn last_migration(&self) -> Result<i64> {
        let (v,): (i64,) = self.one(LAST_MIGRATION, args![]).await?;
        Ok(v)
    }

    /// The tables (bookkeeping left out), in foreign-key order.
    pub async fn tables(&self) -> Result<Vec<TableInfo>> {
        let sqlite = matches!(self.backend, Backend::Sqlite(_));
        dispatch!(self, pool => {
            let mut conn = pool.acquire().await?;
            schema_of!(conn, sqlite)
        })
    }

    /// Whether no table holds a row (an instance that `vigie restore` may fill).
    pub async fn is_empty(&self) -> Result<bool> {
        for t in self.tables().await? {
            let sql = format!("SELECT CAST(1 AS BIGINT) FROM {} LIMIT 1", quoted(&t.name));
            let row: Option<(i64,)> = self.optional(sqlx::AssertSqlSafe(sql), args![]).await?;
            if row.is_some() {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// The migrations that only add nullable columns whose NULL means what the rows meant before them
/// (0023: `users.pepper`, `reports.receipt_pepper`, NULL for the current instance secret), or new
/// tables that an older instance had no rows for (0024: a hub's `hub_*` tables).
const ADDITIVE_MIGRATIONS: &[i64] = &[23, 24];

/// Whether a backup of a database at migration `backup` restores into one at migration `here`: the
/// same schema, or an older one whose rows lack only the columns of additive migrations (restored
/// as NULL). Any other difference needs the vigie that made the backup.
pub fn restores_into(backup: i64, here: i64) -> bool {
    backup == here
        || (backup < here && (backup + 1..=here).all(|v| ADDITIVE_MIGRATIONS.contains(&v)))
}

const LAST_MIGRATION: &str = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success";

impl Snapshot {
    /// Which backend the snapshot reads: `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match self.tx {
            SnapshotTx::Sqlite(_) => "sqlite",
            SnapshotTx::Postgres(_) => "postgres",
        }
    }

    /// The newest migration applied, as the snapshot sees it.
    pub async fn last_migration(&mut self) -> Result<i64> {
        let (v,): (i64,) =
            on_snapshot!(self, tx => fetch_one(&mut **tx, LAST_MIGRATION, args![]).await?);
        Ok(v)
    }

    /// The tables, in foreign-key order.
    pub async fn tables(&mut self) -> Result<Vec<TableInfo>> {
        let sqlite = matches!(self.tx, SnapshotTx::Sqlite(_));
        on_snapshot!(self, tx => schema_of!(&mut **tx, sqlite))
    }

    /// The newest audit entry's number (0 if none).
    pub async fn audit_head(&mut self) -> Result<i64> {
        let (v,): (i64,) = on_snapshot!(self, tx => fetch_one(
            &mut **tx,
            "SELECT COALESCE(MAX(seq), 0) FROM audit_log",
            args![]
        )
        .await?);
        Ok(v)
    }

    /// How many rows `table` holds.
    pub async fn count(&mut self, table: &TableInfo) -> Result<u64> {
        let sql = format!("SELECT COUNT(*) FROM {}", quoted(&table.name));
        let (n,): (i64,) = on_snapshot!(self, tx => fetch_one(&mut **tx, sqlx::AssertSqlSafe(sql), args![]).await?);
        Ok(u64::try_from(n).unwrap_or_default())
    }

    /// The ids of the blobs the snapshot's reports refer to.
    pub async fn blob_ids(&mut self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_snapshot!(self, tx => fetch_all(
            &mut **tx,
            "SELECT blob_id FROM report_blobs ORDER BY blob_id",
            args![]
        )
        .await?);
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Every row of `table`, values in column order, as a stream (one row in memory at a time).
    pub fn rows(
        &mut self,
        table: &TableInfo,
    ) -> futures_util::stream::BoxStream<'_, Result<Vec<Value>>> {
        use futures_util::StreamExt;
        let cols: Vec<String> = table.columns.iter().map(|c| quoted(&c.name)).collect();
        let sql = format!("SELECT {} FROM {}", cols.join(", "), quoted(&table.name));
        let kinds: Vec<ColumnKind> = table.columns.iter().map(|c| c.kind).collect();
        on_snapshot!(self, tx => sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch(&mut **tx)
            .map(move |row| {
                let row = row?;
                let mut values = Vec::with_capacity(kinds.len());
                for (i, kind) in kinds.iter().enumerate() {
                    values.push(value_at!(row, i, *kind));
                }
                Ok(values)
            })
            .boxed())
    }

    /// Ends the snapshot.
    pub async fn close(self) -> Result<()> {
        match self.tx {
            SnapshotTx::Sqlite(tx) => tx.rollback().await?,
            SnapshotTx::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}

/// A value as the argument of a column of `kind` (an integer and a boolean convert both ways, as
/// SQLite stores booleans as integers); a value of another kind is corrupt.
pub(crate) fn arg_for<'a>(v: &'a Value, kind: ColumnKind, column: &str) -> Result<Arg<'a>> {
    Ok(match (v, kind) {
        (Value::Null, ColumnKind::Int) => Arg::Int(None),
        (Value::Null, ColumnKind::Bool) => Arg::Bool(None),
        (Value::Null, ColumnKind::Text) => Arg::Str(None),
        (Value::Null, ColumnKind::Bytes) => Arg::Bytes(None),
        (Value::Int(i), ColumnKind::Int) => Arg::Int(Some(*i)),
        (Value::Int(i), ColumnKind::Bool) => Arg::Bool(Some(*i != 0)),
        (Value::Bool(b), ColumnKind::Bool) => Arg::Bool(Some(*b)),
        (Value::Bool(b), ColumnKind::Int) => Arg::Int(Some(i64::from(*b))),
        (Value::Text(s), ColumnKind::Text) => Arg::Str(Some(s)),
        (Value::Bytes(b), ColumnKind::Bytes) => Arg::Bytes(Some(b)),
        _ => {
            return Err(StoreError::Corrupt(format!(
                "a value of the wrong kind for column {column} ({})",
                kind.as_str()
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::restores_into;

    #[test]
    fn a_backup_restores_into_its_schema_or_one_only_added_to_since() {
        assert!(restores_into(22, 22) && restores_into(23, 23));
        assert!(restores_into(22, 23), "0023 only adds nullable columns");
        assert!(!restores_into(21, 23), "0022 created tables");
        assert!(!restores_into(23, 22), "a newer backup never");
        assert!(
            restores_into(22, 24) && restores_into(23, 24),
            "0024 only creates the hub's tables, which an older instance had no rows for"
        );
    }
}
