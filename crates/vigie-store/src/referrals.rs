//! Referrals of a file to a partner: the clear row, the referral key's slots and its sealed parts
//! (extract versions, follow-up notes).
//!
//! A status change names the statuses it may start from and happens only if the row is still in
//! one of them; closing or revoking deletes the partner's slots and adds the next key generation,
//! in the same transaction.

use vigie_domain::referral::ReferralStatus;
use vigie_domain::{FileId, KeyHolder, ReferralId, ReportId, TeamId, UserId};

use crate::case_files::{StoredCasePart, StoredSlot, part_rows, slot_rows};
use crate::{Audit, KeySlotRow, PartRow, Result, Store, dispatch, found, parse_code, parse_uuid};
use crate::{StoreError, write_tx};

/// A referral's clear row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralRecord {
    /// Random id.
    pub id: ReferralId,
    /// The file referred.
    pub file: FileId,
    /// The file's casework team.
    pub team: TeamId,
    /// The partner account it is referred to.
    pub partner: UserId,
    /// The kind of partner (a `RecipientKind` code).
    pub partner_kind: String,
    /// Where it stands.
    pub status: ReferralStatus,
    /// Why the partner declined (a `DeclineReason` code).
    pub decline_reason: Option<String>,
    /// How it ended (a `ReferralOutcome` code).
    pub outcome: Option<String>,
    /// The day it was proposed.
    pub proposed_day: String,
    /// The day the partner answered.
    pub answered_day: Option<String>,
    /// The day it was closed.
    pub closed_day: Option<String>,
}

type ReferralRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

const COLUMNS: &str = "id, file_id, team_id, partner_id, partner_kind, status, decline_reason, \
     outcome, proposed_day, answered_day, closed_day";

fn record(r: ReferralRow) -> Result<ReferralRecord> {
    Ok(ReferralRecord {
        id: ReferralId(parse_uuid(&r.0)?),
        file: FileId(parse_uuid(&r.1)?),
        team: TeamId(parse_uuid(&r.2)?),
        partner: UserId(parse_uuid(&r.3)?),
        partner_kind: r.4,
        status: parse_code(&r.5, "referral status")?,
        decline_reason: r.6,
        outcome: r.7,
        proposed_day: r.8,
        answered_day: r.9,
        closed_day: r.10,
    })
}

/// Inserts slots of referral `$id` (inside a transaction).
macro_rules! insert_referral_slots {
    ($tx:expr, $id:expr, $slots:expr) => {
        for s in $slots {
            let s: &KeySlotRow = s;
            sqlx::query(
                "INSERT INTO referral_key_slots (referral_id, key_generation, holder, holder_generation, wrapped) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind($id.to_string())
            .bind(s.key_generation)
            .bind(s.holder.to_string())
            .bind(s.holder_generation)
            .bind(&s.wrapped)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

/// Appends a part of referral `$id` (inside a transaction).
macro_rules! insert_referral_part {
    ($tx:expr, $id:expr, $part:expr) => {{
        let p: &PartRow = $part;
        let (last,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM referral_parts WHERE referral_id = $1")
                .bind($id.to_string())
                .fetch_one(&mut *$tx)
                .await?;
        sqlx::query(
            "INSERT INTO referral_parts (id, referral_id, seq, kind, key_generation, author_id, day, sealed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(p.id.to_string())
        .bind($id.to_string())
        .bind(last + 1)
        .bind(&p.kind)
        .bind(p.key_generation)
        .bind(p.author.map(|a| a.to_string()))
        .bind(&p.day)
        .bind(&p.sealed)
        .execute(&mut *$tx)
        .await?;
    }};
}

/// A status change: from which statuses, to which, with its code and day; the holder whose slots
/// go and the next generation's slots when it closes.
#[derive(Debug)]
pub struct ReferralMove<'a> {
    /// The statuses it may start from.
    pub from: &'a [ReferralStatus],
    /// The new status.
    pub to: ReferralStatus,
    /// A decline reason or an outcome code.
    pub code: Option<&'a str>,
    /// Today.
    pub day: &'a str,
    /// Whose slots are deleted (the partner, when it closes).
    pub revoke: Option<KeyHolder>,
    /// The next key generation, for those who keep reading.
    pub new_slots: &'a [KeySlotRow],
}

impl Store {
    /// Stores a new referral with its slots and first extract.
    pub async fn insert_referral(
        &self,
        r: &ReferralRecord,
        slots: &[KeySlotRow],
        extract: &PartRow,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO case_referrals ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            )))
            .bind(r.id.to_string())
            .bind(r.file.to_string())
            .bind(r.team.to_string())
            .bind(r.partner.to_string())
            .bind(&r.partner_kind)
            .bind(r.status.as_str())
            .bind(&r.decline_reason)
            .bind(&r.outcome)
            .bind(&r.proposed_day)
            .bind(&r.answered_day)
            .bind(&r.closed_day)
            .execute(&mut *tx)
            .await?;
            insert_referral_slots!(tx, r.id, slots);
            insert_referral_part!(tx, r.id, extract);
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// One referral.
    pub async fn referral(&self, id: ReferralId) -> Result<Option<ReferralRecord>> {
        let row: Option<ReferralRow> = dispatch!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(
            format!("SELECT {COLUMNS} FROM case_referrals WHERE id = $1")
        ))
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?);
        row.map(record).transpose()
    }

    /// A file's referrals, oldest first.
    pub async fn referrals_of_file(&self, file: FileId) -> Result<Vec<ReferralRecord>> {
        self.referrals_where("file_id = $1 ORDER BY proposed_day, id", file.to_string())
            .await
    }

    /// The referrals made to partner `partner`, newest first.
    pub async fn referrals_to(&self, partner: UserId) -> Result<Vec<ReferralRecord>> {
        self.referrals_where(
            "partner_id = $1 ORDER BY proposed_day DESC, id",
            partner.to_string(),
        )
        .await
    }

    /// Referrals still `proposed` that were proposed on or before `day` (`YYYY-MM-DD`), at most
    /// `limit`, oldest first: the ones past their expiry.
    pub async fn referrals_proposed_by(
        &self,
        day: &str,
        limit: i64,
    ) -> Result<Vec<ReferralRecord>> {
        let rows: Vec<ReferralRow> = dispatch!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(
            format!("SELECT {COLUMNS} FROM case_referrals WHERE status = 'proposed' \
                     AND proposed_day <= $1 ORDER BY proposed_day, id LIMIT $2")
        ))
        .bind(day)
        .bind(limit)
        .fetch_all(pool)
        .await?);
        rows.into_iter().map(record).collect()
    }

    /// The referrals matching `clause` (one `$1`, bound to `value`; a constant of this module).
    async fn referrals_where(
        &self,
        clause: &'static str,
        value: String,
    ) -> Result<Vec<ReferralRecord>> {
        let rows: Vec<ReferralRow> = dispatch!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(
            format!("SELECT {COLUMNS} FROM case_referrals WHERE {clause}")
        ))
        .bind(value.clone())
        .fetch_all(pool)
        .await?);
        rows.into_iter().map(record).collect()
    }

    /// A referral's slots, every generation.
    pub async fn referral_slots(&self, id: ReferralId) -> Result<Vec<KeySlotRow>> {
        let rows: Vec<StoredSlot> = dispatch!(self, pool => sqlx::query_as(
            "SELECT key_generation, holder, holder_generation, wrapped FROM referral_key_slots \
             WHERE referral_id = $1 ORDER BY key_generation, holder",
        )
        .bind(id.to_string())
        .fetch_all(pool)
        .await?);
        slot_rows(rows, "referral")
    }

    /// A referral's parts in the order written.
    pub async fn referral_parts(&self, id: ReferralId) -> Result<Vec<PartRow>> {
        let rows: Vec<StoredCasePart> = dispatch!(self, pool => sqlx::query_as(
            "SELECT id, kind, key_generation, author_id, day, sealed FROM referral_parts \
             WHERE referral_id = $1 ORDER BY seq",
        )
        .bind(id.to_string())
        .fetch_all(pool)
        .await?);
        part_rows(rows, "referral")
    }

    /// Appends a part (a new extract version, a follow-up note) to a referral still in one of
    /// `open` (`NotFound` otherwise).
    pub async fn add_referral_part(
        &self,
        id: ReferralId,
        open: &[ReferralStatus],
        part: &PartRow,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let (status,): (String,) = sqlx::query_as("SELECT status FROM case_referrals WHERE id = $1")
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("referral"))?;
            if !open.iter().any(|s| s.as_str() == status) {
                return Err(StoreError::NotFound("open referral"));
            }
            insert_referral_part!(tx, id, part);
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Moves a referral as `m` says, if it is still in one of `m.from` (`NotFound` otherwise).
    pub async fn move_referral(
        &self,
        id: ReferralId,
        m: &ReferralMove<'_>,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let from: Vec<&str> = m.from.iter().map(|s| s.as_str()).collect();
        let closes = !m.to.is_open();
        let answers = matches!(m.to, ReferralStatus::Accepted | ReferralStatus::Declined);
        write_tx!(self, tx => {
            let (status,): (String,) = sqlx::query_as("SELECT status FROM case_referrals WHERE id = $1")
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("referral"))?;
            if !from.contains(&status.as_str()) {
                return Err(StoreError::NotFound("referral in that state"));
            }
            let changed = sqlx::query(
                "UPDATE case_referrals SET status = $2, \
                 decline_reason = CASE WHEN $2 = 'declined' THEN $3 ELSE decline_reason END, \
                 outcome = CASE WHEN $2 = 'done' THEN $3 ELSE outcome END, \
                 answered_day = CASE WHEN $4 THEN $5 ELSE answered_day END, \
                 closed_day = CASE WHEN $6 THEN $5 ELSE closed_day END WHERE id = $1",
            )
            .bind(id.to_string())
            .bind(m.to.as_str())
            .bind(m.code)
            .bind(answers)
            .bind(m.day)
            .bind(closes)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            found(changed, "referral")?;
            if let Some(holder) = m.revoke {
                sqlx::query("DELETE FROM referral_key_slots WHERE referral_id = $1 AND holder = $2")
                    .bind(id.to_string())
                    .bind(holder.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            insert_referral_slots!(tx, id, m.new_slots);
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// The open referrals (proposed or accepted) of the files opened from help request `request`.
    pub async fn open_referrals_of_request(
        &self,
        request: ReportId,
    ) -> Result<Vec<ReferralRecord>> {
        self.referrals_where(
            "status IN ('proposed', 'accepted') AND file_id IN \
             (SELECT id FROM case_files WHERE help_request_id = $1) ORDER BY proposed_day, id",
            request.to_string(),
        )
        .await
    }
}

/// An extract sent as an age file, as recorded (nothing of its content, nor the recipient's key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralExportRecord {
    /// Random id.
    pub id: ReferralId,
    /// The file it came from.
    pub file: FileId,
    /// The file's casework team.
    pub team: TeamId,
    /// The kind of partner (a `RecipientKind` code).
    pub partner_kind: String,
    /// The details sent (`DetailField` codes).
    pub fields: Vec<String>,
    /// Sent without the person's consent to that partner, on an override with a reason.
    pub overridden: bool,
    /// The day it was produced.
    pub day: String,
}

impl Store {
    /// Records an extract sent as an age file, with its audit entries, in one transaction.
    pub async fn insert_referral_export(
        &self,
        r: &ReferralExportRecord,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO referral_exports (id, file_id, team_id, partner_kind, fields, overridden, day) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(r.id.to_string())
            .bind(r.file.to_string())
            .bind(r.team.to_string())
            .bind(&r.partner_kind)
            .bind(r.fields.join(","))
            .bind(r.overridden)
            .bind(&r.day)
            .execute(&mut *tx)
            .await?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// The extracts a file sent as age files, oldest first.
    pub async fn referral_exports_of_file(
        &self,
        file: FileId,
    ) -> Result<Vec<ReferralExportRecord>> {
        let rows: Vec<(String, String, String, String, String, bool, String)> = dispatch!(self, pool => sqlx::query_as(
                "SELECT id, file_id, team_id, partner_kind, fields, overridden, day FROM referral_exports \
                 WHERE file_id = $1 ORDER BY day, id",
            )
            .bind(file.to_string())
            .fetch_all(pool)
            .await?);
        rows.into_iter()
            .map(|r| {
                Ok(ReferralExportRecord {
                    id: ReferralId(parse_uuid(&r.0)?),
                    file: FileId(parse_uuid(&r.1)?),
                    team: TeamId(parse_uuid(&r.2)?),
                    partner_kind: r.3,
                    fields: r
                        .4
                        .split(',')
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    overridden: r.5,
                    day: r.6,
                })
            })
            .collect()
    }
}
