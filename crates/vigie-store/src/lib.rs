//! vigie's storage: one repository API over SQLite (the embedded default) and PostgreSQL.
//!
//! The backend is chosen at run time from the URL scheme. Every query is written once, with `$n`
//! placeholders that both backends accept, and run by the [`dispatch!`] macro on whichever pool is
//! open. This crate stores bytes: it never sees a key or a plaintext, and it does no cryptography (the
//! audit chain's hash is computed by a function the caller passes in).
//!
//! Durability (DESIGN.md section 2, item 6): SQLite runs in WAL mode with `synchronous=FULL` on every
//! connection, foreign keys on, a busy timeout, and `BEGIN IMMEDIATE` for transactions that read then
//! write, so that two writers never both read the same state.

pub(crate) mod audit;
mod batch;
mod blobs;
mod case_files;
mod case_retention;
mod casework_indicators;
mod connect;
mod counters;
pub mod day_files;
mod decode;
mod directory;
// The directory and the routing rules in one statement (issue 15).
mod directory_read;
// Backups (issue 13): the database as rows, and back.
mod dump;
mod help_links;
// The hub of the network of cities (issue 14, item 2).
mod hub;
mod instance;
mod instance_rotation;
mod observatory;
mod partners;
mod prevention;
mod prevention_campaigns;
mod receipts;
mod referrals;
mod report_inbox;
mod report_keys;
mod report_parts;
mod reports;
mod restore;
mod routing;
mod sealed;
mod sessions;
mod sql;
mod support_groups;
mod table;
// Impact surveys (issue 12, item 4).
mod surveys;
mod teams;
mod throttle;
mod users;
// Coordination (issue 12).
mod coordination;

use std::time::Duration;

pub use audit::{Audit, AuditFilter, AuditHasher, NewAuditEntry};
pub use blobs::{
    BadBlobUrl, BlobError, BlobId, BlobLocation, BlobQuota, BlobReader, BlobStore, BlobWriter,
    PART_SIZE, PendingBlob, SweepReport,
};
pub use case_files::{
    CASE_AUDIENCE, FileFilter, FileRecord, GroupRecord, IndexWrite, NameIndexRow, NewFile,
};
pub use casework_indicators::{AttendanceFact, CaseworkReleaseRow, ReferralFact};
pub use connect::{StoreOptions, redact_url};
pub use day_files::write_private_file;
pub use directory::{DirectoryRows, MemberRecord, TeamKeyRecord, UserKeyRecord};
pub use directory_read::RoutingRows;
pub use dump::{Column, ColumnKind, Snapshot, TableInfo, Value, in_key_order, restores_into};
pub use help_links::{HELP_LINK_PART, LinkSent};
pub use hub::{HubEditionRow, HubFile, HubMemberRow, HubPeriod, MemberWrite, PullStatus};
pub use instance::InstanceRow;
pub use instance_rotation::{ContactTable, DirectoryMacs, InstanceRotation, Resealed};
pub use observatory::{ContextRow, EditionRow, IncidentFilter, MonthTallies, ReleaseRow, Window};
pub use partners::PartnerRecord;
pub use prevention::{ProgrammeRecord, StructureRecord, WorkshopFilter, WorkshopRecord};
pub use prevention_campaigns::{CampaignRecord, PreventionReleaseRow};
pub use receipts::{ReceiptSessionRecord, ReceiptWrite};
pub use referrals::{ReferralExportRecord, ReferralMove, ReferralRecord};
pub use report_inbox::{InboxFilter, ReportFilter};
pub use report_keys::NewReceipt;
pub use reports::{BlobRef, NewReportRow, PartAuthor, ReportRecord};
pub use restore::Restore;
pub use routing::RuleRecord;
pub use sealed::{KeySlotRow, PartRow, StoredPart};
pub use sessions::{SessionRecord, SessionStage};
// Impact surveys (issue 12, item 4).
pub use support_groups::{SupportGroupRecord, SupportGroupSummary, SupportMember, SupportSession};
pub use surveys::{CodeRecord, CycleRecord, NewCode};
pub use teams::{NewTeam, RoleChange, RolesChanged, Rotator, TeamRecord, TeamRotation, TeamSlot};
pub use users::{NewUser, PasswordFields, UserRecord};
// Coordination (issue 12).
pub use coordination::MeetingRecord;

/// A storage failure, typed so that callers can tell "not there" and "already there" from outages.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no supported database.
    #[error("unsupported database URL `{0}` (expected sqlite://PATH or postgres://...)")]
    UnsupportedUrl(String),
    /// The database could not be reached or opened.
    #[error("cannot open database {url}: {source}")]
    Connect {
        /// The URL, password masked.
        url: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A unique constraint refused the row (a name already taken, an instance already initialised).
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// The row to change does not exist.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The row changed since its writer read it (a compare-and-set refused): nothing was written.
    #[error("changed since it was read: {0}")]
    Changed(&'static str),
    /// A stored value could not be decoded (corruption or a bug).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    /// A corrupt stored value met while decoding a record is `Corrupt` (see `decode.rs`); any other
    /// driver error is `Database`.
    fn from(e: sqlx::Error) -> Self {
        decode::unwrap_decode(e)
    }
}

/// Result alias for this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Maps a unique-constraint violation to [`StoreError::Conflict`], anything else to `Database`.
pub(crate) fn conflict_or(e: sqlx::Error, what: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(e),
    }
}

/// [`conflict_or`] for a unique violation on `column` only (its name is in the message on both
/// backends: `reports.receipt_lookup`, `reports_receipt_lookup_key`): a statement among several
/// (a [`batch::Batch`]) may break another constraint, which is then not mistaken for this one.
pub(crate) fn conflict_on(e: sqlx::Error, column: &str, what: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() && db.message().contains(column) => {
            StoreError::Conflict(what)
        }
        _ => StoreError::Database(e),
    }
}

/// Turns a write that changed `rows` rows into `NotFound(what)` when it changed none: the row it
/// was meant for is not there (or, for a guarded update, no longer matches).
pub(crate) fn found(rows: u64, what: &'static str) -> Result<()> {
    if rows == 0 {
        Err(StoreError::NotFound(what))
    } else {
        Ok(())
    }
}

#[derive(Clone, Debug)]
enum Backend {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// The repository: cheap to clone (pools are reference-counted).
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
    /// Where a reporter's new report is checked and written ([`Store::directory_and_routing`],
    /// [`Store::insert_report`]). On SQLite, a pool of one connection of its own: a connection's
    /// page cache is dropped whenever another connection has committed since its last use, and
    /// the shared pool lends its connections in turn, so every report re-read from the file
    /// each page it touched (about 35 reads per report); on its own connection the pages a
    /// report touches stay cached from one report to the next. One is enough: a report holds it
    /// for its few statements, never during its Argon2id run, and no long read runs there. On
    /// PostgreSQL (a server with its own shared cache), the same pool.
    intake: Backend,
}

/// Runs the same code on whichever pool is open. `$pool` is bound to `&SqlitePool` or `&PgPool`.
macro_rules! dispatch {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite($pool) => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use dispatch;

/// Opens a write transaction on either backend; on SQLite it is `BEGIN IMMEDIATE`, so that the
/// write lock is taken before the first read (no lost update, no deadlock on lock upgrade).
macro_rules! write_tx {
    ($store:expr, $tx:ident => $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Backend::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}
pub(crate) use write_tx;

/// A write transaction ([`write_tx!`]) that appends `$audit` to the audit chain after `$body`: the
/// change and the record of it commit together or not at all. `$body` returns early with an error
/// to give the whole change up.
macro_rules! audited_tx {
    ($store:expr, $audit:expr, $tx:ident => $body:expr) => {
        $crate::write_tx!($store, $tx => {
            let out = $body;
            $crate::audit::append_audit!($store, $tx, $audit);
            out
        })
    };
}
pub(crate) use audited_tx;

impl Store {
    /// Which backend is open: `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Applies the migrations of the open backend. Idempotent.
    pub async fn migrate(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Backend::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Checks the database answers (for `/healthz` and start-up).
    pub async fn ping(&self) -> Result<()> {
        dispatch!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// SQLite: copies the write-ahead log into the database and truncates it, so that old versions of
    /// deleted rows (a reporter's session, a withdrawn report's slots) do not linger in the WAL file.
    /// A no-op on PostgreSQL.
    pub async fn truncate_wal(&self) -> Result<()> {
        if let Backend::Sqlite(pool) = &self.backend {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Closes the pools, waiting for connections to be returned (clean shutdown; WAL checkpointed
    /// by the last connection to close). The new reports' own first, so that the shared pool's
    /// connection is the last.
    pub async fn close(&self) {
        self.intake().close_own().await;
        self.close_own().await;
    }

    /// Closes this store's `backend` pool only.
    async fn close_own(&self) {
        dispatch!(self, pool => pool.close().await)
    }
}

/// How long a connection waits for SQLite's write lock before giving up.
pub(crate) const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Parses a stored UUID column.
pub(crate) fn parse_uuid(s: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(s).map_err(|e| StoreError::Corrupt(format!("bad uuid `{s}`: {e}")))
}

/// Parses a stored code column (a report's category or status): the database holds the code's
/// string, the records carry the domain's type, and a value outside it is a corrupt row.
pub(crate) fn parse_code<T: std::str::FromStr>(s: &str, what: &str) -> Result<T> {
    s.parse().map_err(|_| {
        // Cut short: whoever wrote the database chose this string, and it lands in a log line.
        let shown: String = s.chars().take(40).collect();
        StoreError::Corrupt(format!("unknown {what} `{shown}`"))
    })
}

impl Store {
    /// Runs one raw statement. For tests that play the attacker who can write the database
    /// (tampering with the audit log); never called by the application.
    #[doc(hidden)]
    pub async fn raw_execute_for_tests(&self, sql: &'static str) -> Result<u64> {
        Ok(dispatch!(self, pool => sqlx::query(sql).execute(pool).await?.rows_affected()))
    }

    /// The same database through the pool a new report uses (see [`Store::intake`]'s field).
    pub(crate) fn intake(&self) -> Store {
        Store {
            backend: self.intake.clone(),
            intake: self.intake.clone(),
        }
    }

    /// Holds every connection of the SQLite pools at once and reads each one's settings
    /// (`journal_mode`, `synchronous`, `foreign_keys`, `secure_delete`): a test checks that none
    /// was opened without them. Empty for PostgreSQL.
    #[doc(hidden)]
    pub async fn sqlite_settings_for_tests(&self) -> Result<Vec<(String, i64, i64, i64)>> {
        let (Backend::Sqlite(pool), Backend::Sqlite(intake)) = (&self.backend, &self.intake) else {
            return Ok(Vec::new());
        };
        let mut held = Vec::new();
        for pool in [pool, intake] {
            for _ in 0..pool.options().get_max_connections() {
                held.push(pool.acquire().await?);
            }
        }
        let mut out = Vec::with_capacity(held.len());
        for conn in &mut held {
            let journal = pragma(conn, "PRAGMA journal_mode").await?;
            let sync = pragma(conn, "PRAGMA synchronous").await?;
            let fk = pragma(conn, "PRAGMA foreign_keys").await?;
            let secure = pragma(conn, "PRAGMA secure_delete").await?;
            out.push((journal, sync, fk, secure));
        }
        Ok(out)
    }
}

/// One SQLite setting, as `sql` (`PRAGMA <name>`) reads it on `conn`.
async fn pragma<T>(conn: &mut sqlx::SqliteConnection, sql: &'static str) -> Result<T>
where
    T: Send + Unpin,
    (T,): for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>,
{
    let (value,): (T,) = sqlx::query_as(sql).fetch_one(conn).await?;
    Ok(value)
}
