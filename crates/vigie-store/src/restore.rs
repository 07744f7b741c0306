//! Filling an empty database from a backup: rows inserted in one transaction ([`Restore`]), so a
//! failure leaves the database as empty as it was.

use sqlx::{Postgres, Sqlite, Transaction};

use crate::dump::{TableInfo, Value, arg_for, quoted, schema_of};
use crate::sql::{args, execute, fetch_all};
use crate::{Backend, Result, Store, StoreError};

/// One write transaction that inserts a backup's rows. Dropped without [`Restore::commit`], it
/// rolls back.
pub struct Restore {
    tx: RestoreTx,
    tables: Vec<TableInfo>,
}

enum RestoreTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

macro_rules! on_restore {
    ($r:expr, $tx:ident => $body:expr) => {
        match &mut $r.tx {
            RestoreTx::Sqlite($tx) => $body,
            RestoreTx::Postgres($tx) => $body,
        }
    };
}

impl Store {
    /// Starts a restore: a write transaction (SQLite: `BEGIN IMMEDIATE`, so no other writer slips
    /// in) in which the database must hold no row at all, else `Conflict`.
    pub async fn begin_restore(&self) -> Result<Restore> {
        let sqlite = matches!(self.backend, Backend::Sqlite(_));
        let mut restore = match &self.backend {
            Backend::Sqlite(pool) => Restore {
                tx: RestoreTx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
                tables: Vec::new(),
            },
            Backend::Postgres(pool) => Restore {
                tx: RestoreTx::Postgres(pool.begin().await?),
                tables: Vec::new(),
            },
        };
        let tables = on_restore!(restore, tx => schema_of!(&mut **tx, sqlite))?;
        for t in &tables {
            let sql = format!("SELECT CAST(1 AS BIGINT) FROM {} LIMIT 1", quoted(&t.name));
            let rows: Vec<(i64,)> = on_restore!(restore, tx => fetch_all(&mut **tx, sqlx::AssertSqlSafe(sql), args![]).await?);
            if !rows.is_empty() {
                return Err(StoreError::Conflict(
                    "a row in the database to restore into",
                ));
            }
        }
        restore.tables = tables;
        Ok(restore)
    }
}

impl Restore {
    /// The target's tables, in foreign-key order.
    pub fn tables(&self) -> &[TableInfo] {
        &self.tables
    }

    /// Inserts `rows` into `table`, each row's values in the order of `columns`. The table and every
    /// column must exist in the target (names are matched against its catalog, never trusted from
    /// the backup), else `Corrupt`.
    pub async fn insert(
        &mut self,
        table: &str,
        columns: &[String],
        rows: &[Vec<Value>],
    ) -> Result<()> {
        let Some(target) = self.tables.iter().find(|t| t.name == table) else {
            return Err(StoreError::Corrupt(format!(
                "no table `{}` to restore into",
                shown(table)
            )));
        };
        let mut kinds = Vec::with_capacity(columns.len());
        for name in columns {
            let Some(c) = target.columns.iter().find(|c| &c.name == name) else {
                return Err(StoreError::Corrupt(format!(
                    "no column `{}` in table {table}",
                    shown(name)
                )));
            };
            kinds.push(c.clone());
        }
        let names: Vec<String> = kinds.iter().map(|c| quoted(&c.name)).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quoted(&target.name),
            names.join(", "),
            crate::sql::placeholders(kinds.len())
        );
        for row in rows {
            if row.len() != kinds.len() {
                return Err(StoreError::Corrupt(format!(
                    "a row of {table} has {} values for {} columns",
                    row.len(),
                    kinds.len()
                )));
            }
            let args = row
                .iter()
                .zip(&kinds)
                .map(|(v, c)| arg_for(v, c.kind, &c.name))
                .collect::<Result<Vec<_>>>()?;
            let sql = sqlx::AssertSqlSafe(sql.clone());
            on_restore!(self, tx => execute(&mut **tx, sql, args).await?);
        }
        Ok(())
    }

    /// Commits every row at once. PostgreSQL sequences behind identity or serial columns (the schema
    /// has none today) are moved past the restored values first.
    pub async fn commit(mut self) -> Result<()> {
        if let RestoreTx::Postgres(tx) = &mut self.tx {
            for t in &self.tables {
                let serials: Vec<(String,)> = fetch_all(
                    &mut **tx,
                    "SELECT column_name::TEXT FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 \
                     AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')",
                    args![t.name.as_str()],
                )
                .await?;
                for (col,) in serials {
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence($1, $2), \
                         COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
                        quoted(&col),
                        quoted(&t.name)
                    );
                    execute(
                        &mut **tx,
                        sqlx::AssertSqlSafe(sql),
                        args![quoted(&t.name), col.as_str()],
                    )
                    .await?;
                }
            }
        }
        match self.tx {
            RestoreTx::Sqlite(tx) => tx.commit().await?,
            RestoreTx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// A name from a backup, cut short for an error message.
fn shown(name: &str) -> String {
    name.chars().take(40).collect()
}
