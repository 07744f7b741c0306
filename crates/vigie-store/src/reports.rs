//! Reports: clear routing metadata, sealed parts, key slots and references to sealed blobs.
//!
//! A report is written in one transaction (row, slots, parts, blob references) after its sealed blobs
//! are on disk; deleting it removes every row in one transaction and hands back the blob ids to delete.

use sqlx::{AssertSqlSafe, FromRow};
use vigie_domain::help::HelpMeta;
use vigie_domain::help_link::HelpLink;
use vigie_domain::report::{Category, ReportKind, ReportStatus};
use vigie_domain::{PartId, ReportId, TeamId, UserId};

use crate::audit::{INSERT_DEFERRED_SQL, append_in_tx, deferred_args};
use crate::batch::Batch;
use crate::decode::Parsed;
use crate::help_links::{LinkSent, mark_sent};
use crate::report_parts::{INSERT_BLOB_SQL, blob_args};
use crate::sealed::{KeySlotRow, PartRow, REPORT};
use crate::sql::{Arg, BUMP_COUNTER_SQL, args, change_one, fetch_all};
use crate::{Audit, Result, Store, audited_tx, conflict_on, parse_code, parse_uuid, write_tx};

/// The counter that numbers reports and help requests, in order of arrival.
const REPORT_NUMBER: &str = "report_number";

/// A report's clear row.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ReportRecord {
    /// Random id.
    #[sqlx(try_from = "Parsed<ReportId>")]
    pub id: ReportId,
    /// Display number, in order of arrival.
    pub number: i64,
    /// What it is about.
    #[sqlx(try_from = "Parsed<Category>")]
    pub category: Category,
    /// Arrondissement code.
    pub district: String,
    /// Where it stands.
    #[sqlx(try_from = "Parsed<ReportStatus>")]
    pub status: ReportStatus,
    /// Day received (`YYYY-MM-DD`, Europe/Paris).
    pub received_day: String,
    /// Day of the last message, note or change.
    pub last_activity_day: String,
    /// Day it was closed, if it is.
    pub closed_day: Option<String>,
    /// The team it is routed to.
    #[sqlx(rename = "team_id", try_from = "Parsed<TeamId>")]
    pub team: TeamId,
    /// The person it is assigned to.
    #[sqlx(rename = "assignee_id", try_from = "Parsed<Option<UserId>>")]
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
    #[sqlx(flatten, try_from = "HelpColumns")]
    pub help: Option<HelpMeta>,
    /// For a report, where its reporter's request to be put in touch with the casework team stands.
    #[sqlx(try_from = "Parsed<Option<HelpLink>>")]
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

/// A row's help-request metadata, read from its `kind`, `asker` and `urgency` columns: both
/// codes are there for a help request, or the row is corrupt (the error travels inside sqlx's
/// decode error, as `decode.rs` explains).
pub(crate) struct HelpColumns(Option<HelpMeta>);

impl<'r, R: sqlx::Row> FromRow<'r, R> for HelpColumns
where
    &'r str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        let kind: String = row.try_get("kind")?;
        let asker: Option<String> = row.try_get("asker")?;
        let urgency: Option<String> = row.try_get("urgency")?;
        let meta = match parse_code::<ReportKind>(&kind, "kind") {
            Ok(ReportKind::Report) => Ok(None),
            Ok(ReportKind::HelpRequest) => {
                parse_code(asker.as_deref().unwrap_or_default(), "asker").and_then(|asker| {
                    let urgency = parse_code(urgency.as_deref().unwrap_or_default(), "urgency")?;
                    Ok(Some(HelpMeta { asker, urgency }))
                })
            }
            Err(e) => Err(e),
        };
        meta.map(HelpColumns)
            .map_err(|e| sqlx::Error::ColumnDecode {
                index: "kind".into(),
                source: Box::new(e),
            })
    }
}

impl From<HelpColumns> for Option<HelpMeta> {
    fn from(h: HelpColumns) -> Self {
        h.0
    }
}

pub(crate) const REPORT_COLUMNS: &str = "r.id, r.number, r.category, r.district, r.status, r.received_day, \
     r.last_activity_day, r.closed_day, r.team_id, r.assignee_id, r.receipt_kdf, \
     r.reporter_public_key, r.reporter_key_mac, r.team_unread, r.kind, r.asker, r.urgency, r.help_link";

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

impl Store {
    /// How many help requests are stored (the demonstration files its own only on an instance
    /// that has none).
    pub async fn count_help_requests(&self) -> Result<i64> {
        let (n,) = self
            .one("SELECT COUNT(*) FROM reports WHERE kind = 'help'", args![])
            .await?;
        Ok(n)
    }

    /// Stores a report with its slots, parts, blob references and audit entries in one
    /// transaction. `Conflict("receipt")` if the receipt's lookup hash is already used (draw
    /// another).
    ///
    /// Its inserts go as one [`Batch`]: on SQLite one round trip to the connection's thread
    /// between `BEGIN` and `COMMIT` (a reporter's submission is the path this matters on), and
    /// the report's number comes from the counter inside the batch, not back to this process.
    pub async fn insert_report(&self, r: &NewReportRow, audit: &Audit<'_>) -> Result<()> {
        let kind = if r.help.is_some() {
            ReportKind::HelpRequest
        } else {
            ReportKind::Report
        };
        let id = r.id.to_string();
        let slots: Vec<&KeySlotRow> = r.slots.iter().collect();
        let parts: Vec<&PartRow> = r.parts.iter().collect();
        // On the new reports' own connection (see `Store::intake`).
        let store = self.intake();
        write_tx!(store, tx => {
            let mut batch = Batch::default();
            batch.push(BUMP_COUNTER_SQL, args![REPORT_NUMBER]);
            batch.push(
                "INSERT INTO reports (id, number, category, district, status, received_day, \
                 last_activity_day, team_id, receipt_lookup, receipt_kdf, reporter_public_key, \
                 reporter_key_mac, kind, asker, urgency) \
                 VALUES ($1, (SELECT value FROM counters WHERE name = $2), $3, $4, 'new', $5, $5, \
                 $6, $7, $8, $9, $10, $11, $12, $13)",
                args![
                    &id,
                    REPORT_NUMBER,
                    r.category.as_str(),
                    &r.district,
                    &r.day,
                    r.team,
                    &r.receipt_lookup,
                    &r.receipt_kdf,
                    &r.reporter_public_key,
                    &r.reporter_key_mac,
                    kind.as_str(),
                    r.help.map(|h| h.asker.as_str()),
                    r.help.map(|h| h.urgency.as_str()),
                ],
            );
            batch.slots(&REPORT, &id, &slots);
            // A new report has no part yet: its parts start at 1 (no read of the last position).
            batch.parts(&REPORT, &id, &parts, 1);
            for b in &r.blobs {
                batch.push(INSERT_BLOB_SQL, blob_args(b));
            }
            for e in audit.deferred {
                batch.push(INSERT_DEFERRED_SQL, deferred_args(e));
            }
            batch
                .run(&mut *tx)
                .await
                .map_err(|e| conflict_on(e, "receipt_lookup", "receipt"))?;
            if let Some(link) = &r.link {
                mark_sent!(tx, link, &r.day);
            }
            for e in audit.entries {
                append_in_tx!(store, tx, e, audit.hasher);
            }
        });
        Ok(())
    }

    /// The report whose row matches `clause` (a constant of this crate, `$1` bound to `value`).
    async fn report_where(
        &self,
        clause: &'static str,
        value: Arg<'_>,
    ) -> Result<Option<ReportRecord>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE {clause}");
        self.optional(AssertSqlSafe(sql), vec![value]).await
    }

    /// The report whose receipt has this lookup hash.
    pub async fn report_by_lookup(&self, lookup: &[u8]) -> Result<Option<ReportRecord>> {
        self.report_where("r.receipt_lookup = $1", lookup.into())
            .await
    }

    /// One report.
    pub async fn report(&self, id: ReportId) -> Result<Option<ReportRecord>> {
        self.report_where("r.id = $1", id.into()).await
    }

    /// The distinct receipt KDF parameter sets in use, each with the previous instance secret that
    /// peppers it (`None`: the current one), those of the current secret first (a receipt login
    /// tries each).
    pub async fn receipt_kdfs(&self) -> Result<Vec<(String, Option<String>)>> {
        let mut kdfs: Vec<(String, Option<String>)> = self
            .all(
                "SELECT DISTINCT receipt_kdf, receipt_pepper FROM reports",
                args![],
            )
            .await?;
        kdfs.sort_by(|a, b| (a.1.is_some(), a).cmp(&(b.1.is_some(), b)));
        Ok(kdfs)
    }

    /// The blobs of a report's file parts.
    pub async fn report_blobs(&self, report: ReportId) -> Result<Vec<BlobRef>> {
        let rows: Vec<(String, String, String, i64)> = self
            .all(
                "SELECT b.blob_id, b.part_id, b.variant, b.size FROM report_blobs b \
                 JOIN report_parts p ON p.id = b.part_id WHERE p.report_id = $1 ORDER BY p.seq, b.variant",
                args![report],
            )
            .await?;
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
        let row: Option<(i64,)> = self
            .optional(
                "SELECT 1 FROM report_blobs WHERE blob_id = $1",
                args![blob_id],
            )
            .await?;
        Ok(row.is_some())
    }

    /// Every referenced blob id (for the sweep).
    pub async fn referenced_blobs(&self) -> Result<Vec<String>> {
        self.column("SELECT blob_id FROM report_blobs", args![])
            .await
    }

    /// Changes a report's status; `closed` sets the closing day, any other status clears it.
    pub async fn set_report_status(
        &self,
        report: ReportId,
        status: ReportStatus,
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.update_audited(
            "UPDATE reports SET status = $1, last_activity_day = $2, \
             closed_day = CASE WHEN $1 = 'closed' THEN $2 ELSE NULL END WHERE id = $3",
            args![status.as_str(), day, report],
            "report",
            audit,
        )
        .await
    }

    /// Assigns a report to a person, or to nobody in particular.
    pub async fn assign_report(
        &self,
        report: ReportId,
        assignee: Option<UserId>,
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.update_audited(
            "UPDATE reports SET assignee_id = $1, last_activity_day = $2 WHERE id = $3",
            args![assignee, day, report],
            "report",
            audit,
        )
        .await
    }

    /// Deletes a report and everything attached to it in one transaction; returns the ids of the
    /// blobs to delete from the blob store (the sweep catches any left by a crash).
    pub async fn delete_report(&self, report: ReportId, audit: &Audit<'_>) -> Result<Vec<String>> {
        let blobs: Vec<(String,)> = audited_tx!(self, audit, tx => {
            let blobs = fetch_all(
                &mut *tx,
                "SELECT b.blob_id FROM report_blobs b JOIN report_parts p ON p.id = b.part_id \
                 WHERE p.report_id = $1",
                args![report],
            )
            .await?;
            change_one(&mut *tx, "DELETE FROM reports WHERE id = $1", args![report], "report").await?;
            blobs
        });
        Ok(blobs.into_iter().map(|(b,)| b).collect())
    }

    /// Counts for a team's digest: reports still `new`, and messages from reporters not yet opened.
    pub async fn team_waiting(&self, team: TeamId) -> Result<(i64, i64)> {
        let (new, unread): (i64, Option<i64>) = self
            .one(
                "SELECT COALESCE(SUM(CASE WHEN status = 'new' THEN 1 ELSE 0 END), 0), \
                 CAST(COALESCE(SUM(team_unread), 0) AS BIGINT) FROM reports WHERE team_id = $1",
                args![team],
            )
            .await?;
        Ok((new, unread.unwrap_or(0)))
    }
}
