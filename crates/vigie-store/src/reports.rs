//! Reports: clear routing metadata, sealed parts, key slots and references to sealed blobs.
//!
//! A report is written in one transaction (row, slots, parts, blob references) after its sealed blobs
//! are on disk; deleting it removes every row in one transaction and hands back the blob ids to delete.

use sqlx::FromRow;
use vigie_domain::help::HelpMeta;
use vigie_domain::help_link::HelpLink;
use vigie_domain::report::{Category, ReportKind, ReportStatus};
use vigie_domain::{KeyHolder, PartId, ReportId, TeamId, UserId};

use crate::help_links::{LinkSent, mark_sent};
use crate::report_parts::{insert_blob, insert_part};
use crate::{
    Audit, Result, Store, StoreError, conflict_or, dispatch, found, parse_code, parse_uuid,
    write_tx,
};

/// A report's clear row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRecord {
    /// Random id.
    pub id: ReportId,
    /// Display number, in order of arrival.
    pub number: i64,
    /// What it is about.
    pub category: Category,
    /// Arrondissement code.
    pub district: String,
    /// Where it stands.
    pub status: ReportStatus,
    /// Day received (`YYYY-MM-DD`, Europe/Paris).
    pub received_day: String,
    /// Day of the last message, note or change.
    pub last_activity_day: String,
    /// Day it was closed, if it is.
    pub closed_day: Option<String>,
    /// The team it is routed to.
    pub team: TeamId,
    /// The person it is assigned to.
    pub assignee: Option<UserId>,
    /// The KDF parameters that produced the receipt's lookup hash.
    pub receipt_kdf: String,
    /// The receipt holder's public key.
    pub reporter_public_key: Vec<u8>,
    /// Its MAC under a key derived from the instance secret (`None` for reports filed before MACs).
    pub reporter_key_mac: Option<Vec<u8>>,
    /// Messages from the reporter no handler has opened yet. (There is no counterpart for the
    /// reporter: clearing it when they read would date their visit.)
    pub team_unread: i64,
    /// For a help request, who asks and how soon; `None` for a report.
    pub help: Option<HelpMeta>,
    /// For a report, where its reporter's request to be put in touch with the casework team stands.
    pub help_link: Option<HelpLink>,
}

impl ReportRecord {
    /// A report, or a help request.
    pub fn kind(&self) -> ReportKind {
        if self.help.is_some() {
            ReportKind::HelpRequest
        } else {
            ReportKind::Report
        }
    }
}

#[derive(FromRow)]
pub(crate) struct ReportRow {
    id: String,
    number: i64,
    category: String,
    district: String,
    status: String,
    received_day: String,
    last_activity_day: String,
    closed_day: Option<String>,
    team_id: String,
    assignee_id: Option<String>,
    receipt_kdf: String,
    reporter_public_key: Vec<u8>,
    reporter_key_mac: Option<Vec<u8>>,
    team_unread: i64,
    kind: String,
    asker: Option<String>,
    urgency: Option<String>,
    help_link: Option<String>,
}

pub(crate) const REPORT_COLUMNS: &str = "r.id, r.number, r.category, r.district, r.status, r.received_day, \
     r.last_activity_day, r.closed_day, r.team_id, r.assignee_id, r.receipt_kdf, \
     r.reporter_public_key, r.reporter_key_mac, r.team_unread, r.kind, r.asker, r.urgency, r.help_link";

/// The clear metadata of a stored help request: both codes are there, or the row is corrupt.
fn help_meta(r: &ReportRow) -> Result<Option<HelpMeta>> {
    match parse_code::<ReportKind>(&r.kind, "kind")? {
        ReportKind::Report => Ok(None),
        ReportKind::HelpRequest => Ok(Some(HelpMeta {
            asker: parse_code(r.asker.as_deref().unwrap_or_default(), "asker")?,
            urgency: parse_code(r.urgency.as_deref().unwrap_or_default(), "urgency")?,
        })),
    }
}

impl TryFrom<ReportRow> for ReportRecord {
    type Error = StoreError;
    fn try_from(r: ReportRow) -> Result<Self> {
        let help = help_meta(&r)?;
        Ok(ReportRecord {
            id: ReportId(parse_uuid(&r.id)?),
            number: r.number,
            category: parse_code(&r.category, "category")?,
            district: r.district,
            status: parse_code(&r.status, "status")?,
            received_day: r.received_day,
            last_activity_day: r.last_activity_day,
            closed_day: r.closed_day,
            team: TeamId(parse_uuid(&r.team_id)?),
            assignee: r
                .assignee_id
                .as_deref()
                .map(parse_uuid)
                .transpose()?
                .map(UserId),
            receipt_kdf: r.receipt_kdf,
            reporter_public_key: r.reporter_public_key,
            reporter_key_mac: r.reporter_key_mac,
            team_unread: r.team_unread,
            help,
            help_link: r
                .help_link
                .as_deref()
                .map(|l| parse_code(l, "help link"))
                .transpose()?,
        })
    }
}

/// An audience key wrapped for one holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySlotRow {
    /// `conversation`, `internal` or `identity`.
    pub audience: String,
    /// The audience key's generation (0 when the report was filed; one more at each revocation).
    pub key_generation: i64,
    /// Who holds it.
    pub holder: KeyHolder,
    /// For a team holder, the team key generation the slot was wrapped for; 0 otherwise.
    pub holder_generation: i64,
    /// The wrapped key.
    pub wrapped: Vec<u8>,
}

impl KeySlotRow {
    /// A team holder.
    pub fn team_holder(team: TeamId) -> KeyHolder {
        KeyHolder::Team(team)
    }
    /// A person holder.
    pub fn user_holder(user: UserId) -> KeyHolder {
        KeyHolder::User(user)
    }
    /// The receipt holder.
    pub const RECEIPT: KeyHolder = KeyHolder::Receipt;
    /// The escrow key.
    pub const ESCROW: KeyHolder = KeyHolder::Escrow;
}

/// A sealed part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartRow {
    /// Random id (bound into the ciphertext's associated data).
    pub id: PartId,
    /// `content`, `message`, `note`, `identity`, `file`...
    pub kind: String,
    /// The audience whose key seals it.
    pub audience: String,
    /// The generation of that audience key.
    pub key_generation: i64,
    /// The staff author; `None` for the reporter.
    pub author: Option<UserId>,
    /// Day written.
    pub day: String,
    /// The ciphertext.
    pub sealed: Vec<u8>,
}

/// A part as read back, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPart {
    /// Position in the report, from 1.
    pub seq: i64,
    /// The part.
    pub part: PartRow,
}

/// A sealed blob a file part refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobRef {
    /// The blob store's id.
    pub blob_id: String,
    /// The part it belongs to.
    pub part: PartId,
    /// `clean` or `original`.
    pub variant: String,
    /// Plaintext size in bytes (the sealed file adds 16 bytes per 64 KiB chunk and a header).
    pub size: i64,
}

/// A new report, sealed by the caller.
#[derive(Clone, Debug)]
pub struct NewReportRow {
    /// Random id.
    pub id: ReportId,
    /// What it is about.
    pub category: Category,
    /// Arrondissement code.
    pub district: String,
    /// Day received.
    pub day: String,
    /// Routed team.
    pub team: TeamId,
    /// SHA-256 of the receipt's lookup id.
    pub receipt_lookup: Vec<u8>,
    /// KDF parameters used for the receipt.
    pub receipt_kdf: String,
    /// Receipt holder's public key.
    pub reporter_public_key: Vec<u8>,
    /// Its MAC (see [`ReportRecord::reporter_key_mac`]).
    pub reporter_key_mac: Vec<u8>,
    /// Key slots.
    pub slots: Vec<KeySlotRow>,
    /// Parts, in order.
    pub parts: Vec<PartRow>,
    /// Blobs of file parts.
    pub blobs: Vec<BlobRef>,
    /// For a help request, who asks and how soon; `None` for a report.
    pub help: Option<HelpMeta>,
    /// For a help request a handler transmitted from a report: the report, marked `sent` in the
    /// same transaction (or nothing is stored), and the code sealed for its reporter.
    pub link: Option<LinkSent>,
}

/// Who wrote a new part: a reporter's moves the team's unread counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartAuthor {
    /// The reporter: the team has one more message to read.
    Reporter,
    /// A handler writing to the reporter.
    StaffToReporter,
    /// A handler writing for staff only (a note).
    StaffInternal,
}

/// Inserts one key slot of `$report` (inside a transaction of either backend).
macro_rules! insert_slot {
    ($tx:expr, $report:expr, $slot:expr) => {{
        let s: &KeySlotRow = $slot;
        sqlx::query(
            "INSERT INTO report_key_slots (report_id, audience, key_generation, holder, \
             holder_generation, wrapped) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($report.to_string())
        .bind(&s.audience)
        .bind(s.key_generation)
        .bind(s.holder.to_string())
        .bind(s.holder_generation)
        .bind(&s.wrapped)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_slot;

impl Store {
    /// How many help requests are stored (the demonstration files its own only on an instance
    /// that has none).
    pub async fn count_help_requests(&self) -> Result<i64> {
        let (n,): (i64,) = dispatch!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM reports WHERE kind = 'help'"
        ).fetch_one(pool).await?);
        Ok(n)
    }

    /// Stores a report with its slots, parts and blob references in one transaction, and returns its
    /// number. `Conflict("receipt")` if the receipt's lookup hash is already used (draw another).
    pub async fn insert_report(&self, r: &NewReportRow, audit: &Audit<'_>) -> Result<i64> {
        let number = write_tx!(self, tx => {
            let (number,): (i64,) = sqlx::query_as(
                "INSERT INTO counters (name, value) VALUES ('report_number', 1) \
                 ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
            )
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO reports (id, number, category, district, status, received_day, \
                 last_activity_day, team_id, receipt_lookup, receipt_kdf, reporter_public_key, \
                 reporter_key_mac, kind, asker, urgency) \
                 VALUES ($1, $2, $3, $4, 'new', $5, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(r.id.to_string())
            .bind(number)
            .bind(r.category.as_str())
            .bind(&r.district)
            .bind(&r.day)
            .bind(r.team.to_string())
            .bind(&r.receipt_lookup)
            .bind(&r.receipt_kdf)
            .bind(&r.reporter_public_key)
            .bind(&r.reporter_key_mac)
            .bind(if r.help.is_some() { ReportKind::HelpRequest } else { ReportKind::Report }.as_str())
            .bind(r.help.map(|h| h.asker.as_str()))
            .bind(r.help.map(|h| h.urgency.as_str()))
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict_or(e, "receipt"))?;
            for s in &r.slots {
                insert_slot!(tx, r.id, s);
            }
            for (i, p) in r.parts.iter().enumerate() {
                let seq = i64::try_from(i).unwrap_or(i64::MAX - 1) + 1;
                insert_part!(tx, r.id, seq, p);
            }
            for b in &r.blobs {
                insert_blob!(tx, b);
            }
            if let Some(link) = &r.link {
                mark_sent!(tx, link, &r.day);
            }
            crate::audit::append_audit!(self, tx, audit);
            number
        });
        Ok(number)
    }

    /// The report whose receipt has this lookup hash.
    pub async fn report_by_lookup(&self, lookup: &[u8]) -> Result<Option<ReportRecord>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE r.receipt_lookup = $1");
        let row = dispatch!(self, pool => sqlx::query_as::<_, ReportRow>(sqlx::AssertSqlSafe(sql.clone())).bind(lookup).fetch_optional(pool).await?);
        row.map(ReportRecord::try_from).transpose()
    }

    /// One report.
    pub async fn report(&self, id: ReportId) -> Result<Option<ReportRecord>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE r.id = $1");
        let row = dispatch!(self, pool => sqlx::query_as::<_, ReportRow>(sqlx::AssertSqlSafe(sql.clone())).bind(id.to_string()).fetch_optional(pool).await?);
        row.map(ReportRecord::try_from).transpose()
    }

    /// The distinct receipt KDF parameter sets in use (a receipt login tries each).
    pub async fn receipt_kdfs(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT DISTINCT receipt_kdf FROM reports ORDER BY receipt_kdf"
        ).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|(k,)| k).collect())
    }

    /// The blobs of a report's file parts.
    pub async fn report_blobs(&self, report: ReportId) -> Result<Vec<BlobRef>> {
        let rows: Vec<(String, String, String, i64)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT b.blob_id, b.part_id, b.variant, b.size FROM report_blobs b \
             JOIN report_parts p ON p.id = b.part_id WHERE p.report_id = $1 ORDER BY p.seq, b.variant",
        )
        .bind(report.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(|(blob_id, part, variant, size)| {
                Ok(BlobRef {
                    blob_id,
                    part: PartId(parse_uuid(&part)?),
                    variant,
                    size,
                })
            })
            .collect()
    }

    /// Whether any report refers to this blob (the sweep keeps referenced blobs).
    pub async fn blob_is_referenced(&self, blob_id: &str) -> Result<bool> {
        let row: Option<(i64,)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT 1 FROM report_blobs WHERE blob_id = $1"
        ).bind(blob_id).fetch_optional(pool).await?);
        Ok(row.is_some())
    }

    /// Every referenced blob id (for the sweep).
    pub async fn referenced_blobs(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT blob_id FROM report_blobs"
        ).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|(b,)| b).collect())
    }

    /// Changes a report's status; `closed` sets the closing day, any other status clears it.
    pub async fn set_report_status(
        &self,
        report: ReportId,
        status: ReportStatus,
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE reports SET status = $1, last_activity_day = $2, \
                 closed_day = CASE WHEN $1 = 'closed' THEN $2 ELSE NULL END WHERE id = $3",
            )
            .bind(status.as_str())
            .bind(day)
            .bind(report.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            found(done, "report")?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Assigns a report to a person, or to nobody in particular.
    pub async fn assign_report(
        &self,
        report: ReportId,
        assignee: Option<UserId>,
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE reports SET assignee_id = $1, last_activity_day = $2 WHERE id = $3",
            )
            .bind(assignee.map(|u| u.to_string()))
            .bind(day)
            .bind(report.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            found(done, "report")?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Deletes a report and everything attached to it in one transaction; returns the ids of the
    /// blobs to delete from the blob store (the sweep catches any left by a crash).
    pub async fn delete_report(&self, report: ReportId, audit: &Audit<'_>) -> Result<Vec<String>> {
        let blobs = write_tx!(self, tx => {
            let blobs: Vec<(String,)> = sqlx::query_as(
                "SELECT b.blob_id FROM report_blobs b JOIN report_parts p ON p.id = b.part_id \
                 WHERE p.report_id = $1",
            )
            .bind(report.to_string())
            .fetch_all(&mut *tx)
            .await?;
            let done = sqlx::query("DELETE FROM reports WHERE id = $1")
                .bind(report.to_string())
                .execute(&mut *tx)
                .await?;
            found(done.rows_affected(), "report")?;
            crate::audit::append_audit!(self, tx, audit);
            blobs
        });
        Ok(blobs.into_iter().map(|(b,)| b).collect())
    }

    /// Counts for a team's digest: reports still `new`, and messages from reporters not yet opened.
    pub async fn team_waiting(&self, team: TeamId) -> Result<(i64, i64)> {
        let (new, unread): (i64, Option<i64>) = dispatch!(self, pool => sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN status = 'new' THEN 1 ELSE 0 END), 0), \
             CAST(COALESCE(SUM(team_unread), 0) AS BIGINT) FROM reports WHERE team_id = $1",
        )
        .bind(team.to_string())
        .fetch_one(pool)
        .await?);
        Ok((new, unread.unwrap_or(0)))
    }
}
