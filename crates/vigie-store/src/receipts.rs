//! Reporters' follow-up sessions, background job leases, and the retention query.

use vigie_domain::ReportId;

use crate::sql::{args, execute, fetch_optional};
use crate::{Backend, Result, Store};

/// A reporter's follow-up session as stored: nothing in clear but the day of its last use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptSessionRecord {
    /// The report's id, the receipt holder's secret and the exact time of the last request (for the
    /// idle timeout), sealed under the cookie's key.
    pub sealed: Vec<u8>,
    /// The day (Europe/Paris, `YYYY-MM-DD`) of the last request, for housekeeping.
    pub seen_day: String,
}

/// How [`Store::write_receipt_session`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptWrite {
    /// A new session (its id hash is new).
    New,
    /// Activity on an open session: its state sealed afresh (with the new exact time inside) and
    /// the day. A session that ended meanwhile stays ended (no row is written).
    Touch,
}

impl Store {
    /// Writes a receipt session's sealed state and the day it was used on, as `how` says: one
    /// write for both, since they store the same three values.
    pub async fn write_receipt_session(
        &self,
        how: ReceiptWrite,
        id_hash: &[u8],
        sealed: &[u8],
        day: &str,
    ) -> Result<()> {
        // Both statements take the id hash, the sealed state and the day, in this order.
        let sql = match how {
            ReceiptWrite::New => {
                "INSERT INTO receipt_sessions (id_hash, sealed, seen_day) VALUES ($1, $2, $3)"
            }
            ReceiptWrite::Touch => {
                "UPDATE receipt_sessions SET sealed = $2, seen_day = $3 WHERE id_hash = $1"
            }
        };
        self.exec(sql, args![id_hash, sealed, day]).await?;
        Ok(())
    }

    /// The receipt session with this id hash.
    pub async fn receipt_session(&self, id_hash: &[u8]) -> Result<Option<ReceiptSessionRecord>> {
        let row: Option<(Vec<u8>, String)> = self
            .optional(
                "SELECT sealed, seen_day FROM receipt_sessions WHERE id_hash = $1",
                args![id_hash],
            )
            .await?;
        Ok(row.map(|(sealed, seen_day)| ReceiptSessionRecord { sealed, seen_day }))
    }

    /// Ends a receipt session.
    pub async fn delete_receipt_session(&self, id_hash: &[u8]) -> Result<()> {
        self.exec(
            "DELETE FROM receipt_sessions WHERE id_hash = $1",
            args![id_hash],
        )
        .await?;
        Ok(())
    }

    /// Deletes receipt sessions last used before `day` (`YYYY-MM-DD`); returns how many.
    pub async fn delete_idle_receipt_sessions(&self, day: &str) -> Result<u64> {
        self.exec(
            "DELETE FROM receipt_sessions WHERE seen_day < $1",
            args![day],
        )
        .await
    }

    /// Takes the lease on job `name` if it is due (`next_run_at <= now`) and nobody holds it; the lease
    /// lasts `lease_secs`. Several instances may call this at once: exactly one wins (on PostgreSQL with
    /// `FOR UPDATE SKIP LOCKED`, on SQLite under the write lock).
    pub async fn take_job(&self, name: &str, now: i64, lease_secs: i64) -> Result<bool> {
        const ENSURE: &str = "INSERT INTO jobs (name, next_run_at, locked_until) VALUES ($1, 0, 0) \
                              ON CONFLICT (name) DO NOTHING";
        let taken = match &self.backend {
            Backend::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                execute(&mut *tx, ENSURE, args![name]).await?;
                let done = execute(
                    &mut *tx,
                    "UPDATE jobs SET locked_until = $1 WHERE name = $2 AND next_run_at <= $3 \
                     AND locked_until <= $3",
                    args![now + lease_secs, name, now],
                )
                .await?;
                tx.commit().await?;
                done == 1
            }
            Backend::Postgres(pool) => {
                execute(pool, ENSURE, args![name]).await?;
                let mut tx = pool.begin().await?;
                let row: Option<(String,)> = fetch_optional(
                    &mut *tx,
                    "SELECT name FROM jobs WHERE name = $1 AND next_run_at <= $2 AND locked_until <= $2 \
                     FOR UPDATE SKIP LOCKED",
                    args![name, now],
                )
                .await?;
                if row.is_some() {
                    execute(
                        &mut *tx,
                        "UPDATE jobs SET locked_until = $1 WHERE name = $2",
                        args![now + lease_secs, name],
                    )
                    .await?;
                }
                tx.commit().await?;
                row.is_some()
            }
        };
        Ok(taken)
    }

    /// Whether job `name` is due (`next_run_at <= now`): no instance finished the round yet, though
    /// one may be running it, or may have been killed holding its lease (which then ends). A job
    /// never taken is not due.
    pub async fn job_due(&self, name: &str, now: i64) -> Result<bool> {
        let row: Option<(i64,)> = self
            .optional("SELECT next_run_at FROM jobs WHERE name = $1", args![name])
            .await?;
        Ok(row.is_some_and(|(next,)| next <= now))
    }

    /// Releases job `name` and schedules its next run.
    pub async fn finish_job(&self, name: &str, next_run_at: i64) -> Result<()> {
        self.exec(
            "UPDATE jobs SET next_run_at = $1, locked_until = 0 WHERE name = $2",
            args![next_run_at, name],
        )
        .await?;
        Ok(())
    }

    /// Reports past their retention: closed on or before `closed_by`, or without activity since before
    /// `active_since` (days as `YYYY-MM-DD`, which sort as text). At most `limit`.
    pub async fn expired_reports(
        &self,
        closed_by: &str,
        active_since: &str,
        limit: i64,
    ) -> Result<Vec<ReportId>> {
        self.ids(
            "SELECT id FROM reports WHERE (closed_day IS NOT NULL AND closed_day <= $1) \
             OR last_activity_day < $2 ORDER BY number LIMIT $3",
            args![closed_by, active_since, limit],
            ReportId,
        )
        .await
    }
}
