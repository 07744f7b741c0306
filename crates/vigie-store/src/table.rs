//! Tables whose rows are written whole by id ([`Table`]): the statements that select, add and
//! replace them are written once, from the table's name and columns.

use std::marker::PhantomData;

use crate::sql::{Arg, Row, execute, placeholders};
use crate::{Result, Store, StoreError, audited_tx, found};

/// A table whose rows are written whole, by id, and read as `R` (a row type whose `TryFrom`
/// makes the record): its name, its columns (the id first, as `"id, a, b"`), what `NotFound`
/// names, and what a unique violation is a `Conflict` of (if one can happen).
pub(crate) struct Table<R> {
    name: &'static str,
    columns: &'static str,
    what: &'static str,
    conflict: Option<&'static str>,
    row: PhantomData<fn() -> R>,
}

impl<R> Table<R> {
    /// A table without unique columns besides its id.
    pub(crate) const fn new(name: &'static str, columns: &'static str, what: &'static str) -> Self {
        Table {
            name,
            columns,
            what,
            conflict: None,
            row: PhantomData,
        }
    }

    /// A unique violation on writing is `Conflict(what)`.
    pub(crate) const fn conflict(self, what: &'static str) -> Self {
        Table {
            conflict: Some(what),
            ..self
        }
    }

    /// `SELECT` of every column, then `rest` (`WHERE ...`, `ORDER BY ...`; SQL text of this crate).
    pub(crate) fn select_sql(&self, rest: &str) -> String {
        format!("SELECT {} FROM {} {rest}", self.columns, self.name)
    }

    /// `INSERT` of a row, or `UPDATE` of every column but the id (`$1`).
    fn write_sql(&self, insert: bool) -> String {
        let names: Vec<&str> = self.columns.split(", ").collect();
        if insert {
            format!(
                "INSERT INTO {} ({}) VALUES ({})",
                self.name,
                self.columns,
                placeholders(names.len())
            )
        } else {
            let set: Vec<String> = (2..)
                .zip(&names[1..])
                .map(|(i, c)| format!("{c} = ${i}"))
                .collect();
            format!("UPDATE {} SET {} WHERE id = $1", self.name, set.join(", "))
        }
    }
}

impl Store {
    /// The records of the rows of `table` that `rest` keeps, in its order (see
    /// [`Table::select_sql`]); a bad stored value is `Corrupt`.
    pub(crate) async fn records_of<R: Row, T: TryFrom<R, Error = StoreError>>(
        &self,
        table: &Table<R>,
        rest: &str,
        values: Vec<Arg<'_>>,
    ) -> Result<Vec<T>> {
        self.records(sqlx::AssertSqlSafe(table.select_sql(rest)), values)
            .await
    }

    /// The record of `table`'s row `id`, if there is one.
    pub(crate) async fn record_by_id<'a, R: Row, T: TryFrom<R, Error = StoreError>>(
        &self,
        table: &Table<R>,
        id: impl Into<Arg<'a>>,
    ) -> Result<Option<T>> {
        let found = self.records_of(table, "WHERE id = $1", vec![id.into()]);
        Ok(found.await?.pop())
    }

    /// Adds a row (`insert`) or replaces every column of one by id (`NotFound` when there is
    /// none), with `audit` in the same transaction: `values` are the table's columns in order.
    pub(crate) async fn save_row<R>(
        &self,
        table: &Table<R>,
        values: Vec<Arg<'_>>,
        insert: bool,
        audit: &crate::Audit<'_>,
    ) -> Result<()> {
        let sql = sqlx::AssertSqlSafe(table.write_sql(insert));
        audited_tx!(self, audit, tx => {
            let n = execute(&mut *tx, sql, values).await.map_err(|e| match table.conflict {
                Some(what) => crate::conflict_or(e, what),
                None => StoreError::Database(e),
            })?;
            found(n, table.what)?;
        });
        Ok(())
    }
}
