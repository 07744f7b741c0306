//! The audit log's rows and checkpoints. Appends are serialised (SQLite's write lock, a PostgreSQL
//! advisory lock) so that sequence numbers have no gaps and no duplicates.

use sqlx::FromRow;
use vigie_domain::{AuditCheckpoint, AuditRecord};

use crate::sql::{Filter, args, execute, records};
use crate::{Result, Store, StoreError, dispatch, write_tx};

/// Computes an entry's hash from its fields and `prev_hash` (`vigie_vault::audit::hash_record`).
pub type AuditHasher = fn(&AuditRecord) -> [u8; 32];

/// An entry to append; `seq`, `prev_hash` and `hash` are filled in by [`Store::append_audit`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAuditEntry {
    /// Day in Europe/Paris.
    pub day: String,
    /// Unix seconds, `None` for entries about reporters.
    pub at: Option<i64>,
    /// Who acted.
    pub actor: String,
    /// What happened.
    pub kind: String,
    /// About what.
    pub object: String,
    /// Non-sensitive detail.
    pub detail: String,
}

/// Filters for the admin page. Empty fields match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Exact kind.
    pub kind: Option<String>,
    /// Exact actor.
    pub actor: Option<String>,
    /// First day included (`YYYY-MM-DD`).
    pub day_from: Option<String>,
    /// Last day included.
    pub day_to: Option<String>,
    /// Only entries with `seq` below this (for paging backwards).
    pub before_seq: Option<i64>,
    /// At most this many entries (newest first).
    pub limit: i64,
}

#[derive(FromRow)]
struct AuditRow {
    seq: i64,
    day: String,
    at: Option<i64>,
    actor: String,
    kind: String,
    object: String,
    detail: String,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
}

pub(crate) fn hash32(v: Vec<u8>, what: &str) -> Result<[u8; 32]> {
    v.try_into()
        .map_err(|_| StoreError::Corrupt(format!("{what} is not 32 bytes")))
}

impl TryFrom<AuditRow> for AuditRecord {
    type Error = StoreError;
    fn try_from(r: AuditRow) -> Result<Self> {
        Ok(AuditRecord {
            seq: r.seq,
            day: r.day,
            at: r.at,
            actor: r.actor,
            kind: r.kind,
            object: r.object,
            detail: r.detail,
            prev_hash: hash32(r.prev_hash, "prev_hash")?,
            hash: hash32(r.hash, "hash")?,
        })
    }
}

pub(crate) const AUDIT_COLUMNS: &str = "seq, day, at, actor, kind, object, detail, prev_hash, hash";

/// Appends one entry to the chain inside the open transaction `$tx` of `$store`'s backend, and
/// evaluates to the stored record. Appenders are serialised (SQLite's write lock, taken by
/// `BEGIN IMMEDIATE`; a PostgreSQL advisory lock released at commit).
macro_rules! append_in_tx {
    ($store:expr, $tx:expr, $e:expr, $hasher:expr) => {{
        let e: &$crate::NewAuditEntry = $e;
        if matches!($store.backend, $crate::Backend::Postgres(_)) {
            // Serialise appenders without blocking readers; released at commit.
            sqlx::query("SELECT pg_advisory_xact_lock(7301001)")
                .execute(&mut *$tx)
                .await?;
        }
        let head: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *$tx)
                .await?;
        let (seq, prev_hash) = match head {
            Some((seq, hash)) => (seq + 1, $crate::audit::hash32(hash, "hash")?),
            None => (1, [0u8; 32]),
        };
        let mut record = vigie_domain::AuditRecord {
            seq,
            day: e.day.clone(),
            at: e.at,
            actor: e.actor.clone(),
            kind: e.kind.clone(),
            object: e.object.clone(),
            detail: e.detail.clone(),
            prev_hash,
            hash: [0u8; 32],
        };
        record.hash = $hasher(&record);
        $crate::sql::execute(
            &mut *$tx,
            sqlx::AssertSqlSafe(format!(
                "INSERT INTO audit_log ({}) VALUES ({})",
                $crate::audit::AUDIT_COLUMNS,
                $crate::sql::placeholders(9)
            )),
            $crate::sql::args![
                record.seq,
                &record.day,
                record.at,
                &record.actor,
                &record.kind,
                &record.object,
                &record.detail,
                record.prev_hash.as_slice(),
                record.hash.as_slice(),
            ],
        )
        .await?;
        record
    }};
}
pub(crate) use append_in_tx;

/// Appends every entry of `$audit` inside the open transaction `$tx`.
macro_rules! append_audit {
    ($store:expr, $tx:expr, $audit:expr) => {{
        let audit: &$crate::Audit<'_> = $audit;
        for e in audit.entries {
            $crate::audit::append_in_tx!($store, $tx, e, audit.hasher);
        }
        for e in audit.deferred {
            $crate::audit::insert_deferred!(&mut *$tx, e);
        }
    }};
}
pub(crate) use append_audit;

/// The `INSERT` that keeps one reporter's entry aside in `deferred_audit`; values from
/// [`deferred_args`].
pub(crate) const INSERT_DEFERRED_SQL: &str = "INSERT INTO deferred_audit (id, day, actor, kind, object, detail) VALUES ($1, $2, $3, $4, $5, $6)";

/// The values of [`INSERT_DEFERRED_SQL`] for entry `e` (under a fresh random id).
pub(crate) fn deferred_args(e: &NewAuditEntry) -> Vec<crate::sql::Arg<'_>> {
    crate::sql::args![
        uuid::Uuid::new_v4().to_string(),
        &e.day,
        &e.actor,
        &e.kind,
        &e.object,
        &e.detail,
    ]
}

/// Keeps one reporter's entry `$e` aside in `deferred_audit`, on `$exec` (a pool or an open
/// transaction of either backend): the one statement behind both ways of deferring an entry.
macro_rules! insert_deferred {
    ($exec:expr, $e:expr) => {{
        let e: &$crate::NewAuditEntry = $e;
        $crate::sql::execute(
            $exec,
            $crate::audit::INSERT_DEFERRED_SQL,
            $crate::audit::deferred_args(e),
        )
        .await?;
    }};
}
pub(crate) use insert_deferred;

/// Audit entries a change appends to the chain in its own transaction: the change and the record
/// of it commit together or not at all.
#[derive(Clone, Copy, Debug)]
pub struct Audit<'a> {
    pub(crate) entries: &'a [NewAuditEntry],
    pub(crate) deferred: &'a [NewAuditEntry],
    pub(crate) hasher: AuditHasher,
}

impl<'a> Audit<'a> {
    /// These entries, hashed with `hasher` (`vigie_vault::audit::record_hash`).
    pub fn new(entries: &'a [NewAuditEntry], hasher: AuditHasher) -> Self {
        Audit {
            entries,
            deferred: &[],
            hasher,
        }
    }

    /// Entries about reporters, kept aside until their day has ended (see
    /// [`Store::flush_deferred_audit`]) and written in the change's transaction all the same.
    pub fn deferred(entries: &'a [NewAuditEntry]) -> Self {
        Audit {
            deferred: entries,
            ..Audit::none()
        }
    }

    /// These entries, and reporters' entries kept aside as [`Audit::deferred`] keeps them, in the
    /// same transaction (a staff member's act that files something for a reporter).
    pub fn and_deferred(self, deferred: &'a [NewAuditEntry]) -> Self {
        Audit { deferred, ..self }
    }

    /// No entry (store tests, and writes that nothing records).
    pub fn none() -> Audit<'static> {
        fn unused(_: &AuditRecord) -> [u8; 32] {
            [0; 32]
        }
        Audit {
            entries: &[],
            deferred: &[],
            hasher: unused,
        }
    }
}

impl Store {
    /// Appends one entry to the chain and returns it as stored.
    pub async fn append_audit(
        &self,
        e: &NewAuditEntry,
        hasher: AuditHasher,
    ) -> Result<AuditRecord> {
        self.append_audit_moving(e, hasher, None).await
    }

    /// Keeps a reporter's entry aside until its day has ended (see [`Store::flush_deferred_audit`]).
    pub async fn defer_audit(&self, e: &NewAuditEntry) -> Result<()> {
        dispatch!(self, pool => insert_deferred!(pool, e));
        Ok(())
    }

    /// Moves the deferred entries of days before `before_day` into the chain, in random order (their
    /// random ids), each in the transaction that appends it. Returns how many moved.
    pub async fn flush_deferred_audit(&self, before_day: &str, hasher: AuditHasher) -> Result<u64> {
        let rows: Vec<(String, String, String, String, String, String)> = self
            .all(
                "SELECT id, day, actor, kind, object, detail FROM deferred_audit WHERE day < $1 \
                 ORDER BY id",
                args![before_day],
            )
            .await?;
        let mut moved = 0;
        for (id, day, actor, kind, object, detail) in rows {
            let e = NewAuditEntry {
                day,
                at: None,
                actor,
                kind,
                object,
                detail,
            };
            match self.append_audit_moving(&e, hasher, Some(&id)).await {
                Ok(_) => moved += 1,
                Err(StoreError::NotFound(_)) => {}
                Err(err) => return Err(err),
            }
        }
        Ok(moved)
    }

    async fn append_audit_moving(
        &self,
        e: &NewAuditEntry,
        hasher: AuditHasher,
        deferred: Option<&str>,
    ) -> Result<AuditRecord> {
        let record = write_tx!(self, tx => {
            if let Some(id) = deferred {
                let gone =
                    execute(&mut *tx, "DELETE FROM deferred_audit WHERE id = $1", args![id]).await?;
                if gone == 0 {
                    // Another instance moved it first.
                    return Err(StoreError::NotFound("deferred audit entry"));
                }
            }
            append_in_tx!(self, tx, e, hasher)
        });
        Ok(record)
    }

    /// The whole chain in order, for verification.
    pub async fn audit_chain(&self) -> Result<Vec<AuditRecord>> {
        self.audit_where(Filter::default(), "ORDER BY seq").await
    }

    /// The last entry, if any.
    pub async fn audit_head(&self) -> Result<Option<AuditRecord>> {
        Ok(self
            .audit_where(Filter::default(), "ORDER BY seq DESC LIMIT 1")
            .await?
            .pop())
    }

    /// Entries matching the filter, newest first.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditRecord>> {
        let mut filter = Filter::default();
        for (test, value) in [
            ("kind =", &f.kind),
            ("actor =", &f.actor),
            ("day >=", &f.day_from),
            ("day <=", &f.day_to),
        ] {
            filter.push_some(test, value.as_deref().filter(|v| !v.is_empty()));
        }
        if let Some(before) = f.before_seq {
            // An i64 rendered by us: no injection possible.
            filter.condition(format!("seq < {before}"));
        }
        let limit = f.limit.clamp(1, 1000);
        self.audit_where(filter, &format!("ORDER BY seq DESC LIMIT {limit}"))
            .await
    }

    /// The entries `filter` keeps, in `order` (SQL text of this module).
    async fn audit_where(&self, filter: Filter<'_>, order: &str) -> Result<Vec<AuditRecord>> {
        let rows: Vec<AuditRow> = self
            .all_filtered(
                &format!("SELECT {AUDIT_COLUMNS} FROM audit_log"),
                filter,
                order,
            )
            .await?;
        records(rows)
    }

    /// Stores a signed checkpoint. `Conflict` if one already covers exactly that entry.
    pub async fn insert_checkpoint(&self, c: &AuditCheckpoint) -> Result<()> {
        let values = args![
            c.upto_seq,
            c.head_hash.as_slice(),
            c.created_at,
            &c.signature
        ];
        self.exec_unique(
            "INSERT INTO audit_checkpoints (upto_seq, head_hash, created_at, signature) \
             VALUES ($1, $2, $3, $4)",
            values,
            "checkpoint",
        )
        .await?;
        Ok(())
    }

    /// Every checkpoint, oldest first.
    pub async fn checkpoints(&self) -> Result<Vec<AuditCheckpoint>> {
        let rows: Vec<(i64, Vec<u8>, i64, Vec<u8>)> = self
            .all(
                "SELECT upto_seq, head_hash, created_at, signature FROM audit_checkpoints \
                 ORDER BY upto_seq",
                args![],
            )
            .await?;
        rows.into_iter()
            .map(|(upto_seq, head_hash, created_at, signature)| {
                Ok(AuditCheckpoint {
                    upto_seq,
                    head_hash: hash32(head_hash, "head_hash")?,
                    created_at,
                    signature,
                })
            })
            .collect()
    }
}
