//! Writes that go together, sent to the database in as few round trips as the backend allows.
//!
//! With sqlx's SQLite driver every statement is a round trip to the connection's thread: a channel
//! send and a futex wake each way, and a task switch on both sides. Those switches, not SQLite,
//! were most of what a new report cost outside its Argon2id run (docs/performance.md). SQLite
//! runs a text of several statements with the values of all of them in one call, so a [`Batch`]
//! joins its statements there, each one's `$n` placeholders shifted past the values of those
//! before it. PostgreSQL's extended protocol takes one statement per `Parse`, so there the
//! statements run one after the other, unchanged: the same statements, in the same order, in the
//! caller's transaction on both backends.
//!
//! A batch is for writes whose count of changed rows nobody checks (inserts that must all succeed,
//! or the whole transaction is given up): the joined text reports one count for all.

use sqlx::{AssertSqlSafe, Executor};

use crate::sealed::{Owner, ROWS_PER_INSERT};
use crate::sql::{Arg, Dialect, execute};
use crate::{KeySlotRow, PartRow};

/// Statements to run in order inside one transaction, with their values.
#[derive(Debug, Default)]
pub(crate) struct Batch<'a> {
    statements: Vec<(String, Vec<Arg<'a>>)>,
}

impl<'a> Batch<'a> {
    /// Adds a statement of this crate, its placeholders numbered from `$1` as if it ran alone.
    pub(crate) fn push(&mut self, sql: impl Into<String>, args: Vec<Arg<'a>>) {
        self.statements.push((sql.into(), args));
    }

    /// Adds the inserts of `slots` of `owner`'s row `id`, in as few statements as
    /// [`ROWS_PER_INSERT`] allows.
    pub(crate) fn slots(&mut self, owner: &Owner, id: &str, slots: &[&'a KeySlotRow]) {
        for chunk in slots.chunks(ROWS_PER_INSERT) {
            let values = chunk
                .iter()
                .flat_map(|s| owner.slot_args(id.to_owned(), s))
                .collect();
            self.push(owner.insert_slots_sql(chunk.len(), ""), values);
        }
    }

    /// Adds the inserts of `parts` of `owner`'s row `id`, at positions from `first` on, in as few
    /// statements as [`ROWS_PER_INSERT`] allows.
    pub(crate) fn parts(&mut self, owner: &Owner, id: &str, parts: &[&'a PartRow], first: i64) {
        let mut seq = first;
        for chunk in parts.chunks(ROWS_PER_INSERT) {
            let mut values = Vec::new();
            for p in chunk {
                values.extend(owner.part_args(id.to_owned(), seq, p));
                seq += 1;
            }
            self.push(owner.insert_parts_sql(chunk.len()), values);
        }
    }

    /// Runs the statements on `conn` (an open transaction): on SQLite as one text, on PostgreSQL
    /// one by one. The first error stops the rest; the caller's transaction is then given up.
    pub(crate) async fn run<DB, C>(self, conn: &mut C) -> Result<(), sqlx::Error>
    where
        DB: Dialect,
        C: Send,
        for<'c> &'c mut C: Executor<'c, Database = DB>,
    {
        if DB::JOINS_STATEMENTS {
            let (sql, args) = self.joined();
            if !sql.is_empty() {
                execute(&mut *conn, AssertSqlSafe(sql), args).await?;
            }
        } else {
            for (sql, args) in self.statements {
                execute(&mut *conn, AssertSqlSafe(sql), args).await?;
            }
        }
        Ok(())
    }

    /// The statements as one text and one list of values: each statement's placeholders shifted
    /// by the number of values before it.
    fn joined(self) -> (String, Vec<Arg<'a>>) {
        let mut sql = String::new();
        let mut values = Vec::new();
        for (text, args) in self.statements {
            if !sql.is_empty() {
                sql.push_str(";\n");
            }
            sql.push_str(&shift_placeholders(&text, values.len()));
            values.extend(args);
        }
        (sql, values)
    }
}

/// `sql` with every placeholder `$n` written `$(n + by)`. Only for this crate's statements, which
/// hold no `$` but in their placeholders (no string literal or identifier of theirs does).
fn shift_placeholders(sql: &str, by: usize) -> String {
    if by == 0 {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            // A `$` without a number: left as it is (SQLite would refuse the statement).
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;
    use crate::sql::args;

    #[test]
    fn placeholders_are_shifted_by_the_values_before() {
        assert_eq!(shift_placeholders("VALUES ($1, $2)", 0), "VALUES ($1, $2)");
        assert_eq!(
            shift_placeholders("VALUES ($1, $10), ($2, 'x')", 3),
            "VALUES ($4, $13), ($5, 'x')"
        );
        assert_eq!(shift_placeholders("SELECT $", 2), "SELECT $");
    }

    #[test]
    fn a_batch_joins_its_statements_and_their_values_in_order() {
        let mut b = Batch::default();
        b.push("INSERT INTO a (x, y) VALUES ($1, $2)", args![1_i64, 2_i64]);
        b.push("UPDATE b SET z = $1 WHERE w = $2", args![3_i64, 4_i64]);
        b.push("DELETE FROM c WHERE v = $1", args![5_i64]);
        let (sql, values) = b.joined();
        assert_eq!(
            sql,
            "INSERT INTO a (x, y) VALUES ($1, $2);\nUPDATE b SET z = $3 WHERE w = $4;\n\
             DELETE FROM c WHERE v = $5"
        );
        let ints: Vec<_> = values
            .into_iter()
            .map(|v| match v {
                Arg::Int(Some(n)) => n,
                other => panic!("unexpected value {other:?}"),
            })
            .collect();
        assert_eq!(ints, [1, 2, 3, 4, 5]);
    }
}
