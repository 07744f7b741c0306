//! Referrals of a file to a partner: the clear row, the referral key's slots and its sealed parts
//! (extract versions, follow-up notes).
//!
//! A status change names the statuses it may start from and happens only if the row is still in
//! one of them; closing or revoking deletes the partner's slots and adds the next key generation,
//! in the same transaction.

use sqlx::{AssertSqlSafe, FromRow};
use vigie_domain::referral::ReferralStatus;
use vigie_domain::{FileId, KeyHolder, ReferralId, ReportId, TeamId, UserId};

use crate::StoreError;
use crate::decode::Parsed;
use crate::sealed::{REFERRAL, append_parts, insert_slots};
use crate::sql::{Arg, args, change_one, execute, fetch_optional, placeholders};
use crate::{Audit, KeySlotRow, PartRow, Result, Store, audited_tx, parse_uuid};

/// A referral's clear row.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ReferralRecord {
    /// Random id.
    #[sqlx(try_from = "Parsed<ReferralId>")]
    pub id: ReferralId,
    /// The file referred.
    #[sqlx(rename = "file_id", try_from = "Parsed<FileId>")]
    pub file: FileId,
    /// The file's casework team.
    #[sqlx(rename = "team_id", try_from = "Parsed<TeamId>")]
    pub team: TeamId,
    /// The partner account it is referred to.
    #[sqlx(rename = "partner_id", try_from = "Parsed<UserId>")]
    pub partner: UserId,
    /// The kind of partner (a `RecipientKind` code).
    pub partner_kind: String,
    /// Where it stands.
    #[sqlx(try_from = "Parsed<ReferralStatus>")]
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

const COLUMNS: &str = "id, file_id, team_id, partner_id, partner_kind, status, decline_reason, \
     outcome, proposed_day, answered_day, closed_day";

/// The status of referral `$id` (inside a transaction); `NotFound` when there is none.
macro_rules! referral_status {
    ($tx:expr, $id:expr) => {{
        let row: Option<(String,)> = fetch_optional(
            &mut *$tx,
            "SELECT status FROM case_referrals WHERE id = $1",
            args![$id],
        )
        .await?;
        row.ok_or(StoreError::NotFound("referral"))?.0
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
        audited_tx!(self, audit, tx => {
            execute(
                &mut *tx,
                AssertSqlSafe(format!(
                    "INSERT INTO case_referrals ({COLUMNS}) VALUES ({})",
                    placeholders(11)
                )),
                args![
                    r.id,
                    r.file,
                    r.team,
                    r.partner,
                    &r.partner_kind,
                    r.status.as_str(),
                    &r.decline_reason,
                    &r.outcome,
                    &r.proposed_day,
                    &r.answered_day,
                    &r.closed_day,
                ],
            )
            .await?;
            insert_slots!(tx, REFERRAL, r.id, slots);
            append_parts!(tx, REFERRAL, r.id, std::slice::from_ref(extract));
        });
        Ok(())
    }

    /// One referral.
    pub async fn referral(&self, id: ReferralId) -> Result<Option<ReferralRecord>> {
        Ok(self.referrals_where("id = $1", args![id]).await?.pop())
    }

    /// A file's referrals, oldest first.
    pub async fn referrals_of_file(&self, file: FileId) -> Result<Vec<ReferralRecord>> {
        self.referrals_where("file_id = $1 ORDER BY proposed_day, id", args![file])
            .await
    }

    /// The referrals made to partner `partner`, newest first.
    pub async fn referrals_to(&self, partner: UserId) -> Result<Vec<ReferralRecord>> {
        self.referrals_where(
            "partner_id = $1 ORDER BY proposed_day DESC, id",
            args![partner],
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
        self.referrals_where(
            "status = 'proposed' AND proposed_day <= $1 ORDER BY proposed_day, id LIMIT $2",
            args![day, limit],
        )
        .await
    }

    /// The referrals matching `clause` (a constant of this module; its placeholders bound to
    /// `values`).
    async fn referrals_where(
        &self,
        clause: &'static str,
        values: Vec<Arg<'_>>,
    ) -> Result<Vec<ReferralRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM case_referrals WHERE {clause}");
        self.all(AssertSqlSafe(sql), values).await
    }

    /// A referral's slots, every generation.
    pub async fn referral_slots(&self, id: ReferralId) -> Result<Vec<KeySlotRow>> {
        self.slots_of(&REFERRAL, id, "", args![]).await
    }

    /// A referral's parts in the order written.
    pub async fn referral_parts(&self, id: ReferralId) -> Result<Vec<PartRow>> {
        self.parts_of(&REFERRAL, id).await
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
        audited_tx!(self, audit, tx => {
            let status = referral_status!(tx, id);
            if !open.iter().any(|s| s.as_str() == status) {
                return Err(StoreError::NotFound("open referral"));
            }
            append_parts!(tx, REFERRAL, id, std::slice::from_ref(part));
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
        audited_tx!(self, audit, tx => {
            let status = referral_status!(tx, id);
            if !from.contains(&status.as_str()) {
                return Err(StoreError::NotFound("referral in that state"));
            }
            change_one(
                &mut *tx,
                "UPDATE case_referrals SET status = $2, \
                 decline_reason = CASE WHEN $2 = 'declined' THEN $3 ELSE decline_reason END, \
                 outcome = CASE WHEN $2 = 'done' THEN $3 ELSE outcome END, \
                 answered_day = CASE WHEN $4 THEN $5 ELSE answered_day END, \
                 closed_day = CASE WHEN $6 THEN $5 ELSE closed_day END WHERE id = $1",
                args![id, m.to.as_str(), m.code, answers, m.day, closes],
                "referral",
            )
            .await?;
            if let Some(holder) = m.revoke {
                execute(
                    &mut *tx,
                    "DELETE FROM referral_key_slots WHERE referral_id = $1 AND holder = $2",
                    args![id, holder],
                )
                .await?;
            }
            insert_slots!(tx, REFERRAL, id, m.new_slots);
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
            args![request],
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
        self.write_audited(
            "INSERT INTO referral_exports (id, file_id, team_id, partner_kind, fields, overridden, day) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            args![
                r.id,
                r.file,
                r.team,
                &r.partner_kind,
                r.fields.join(","),
                r.overridden,
                &r.day,
            ],
            audit,
        )
        .await?;
        Ok(())
    }

    /// The extracts a file sent as age files, oldest first.
    pub async fn referral_exports_of_file(
        &self,
        file: FileId,
    ) -> Result<Vec<ReferralExportRecord>> {
        let rows: Vec<(String, String, String, String, String, bool, String)> = self
            .all(
                "SELECT id, file_id, team_id, partner_kind, fields, overridden, day FROM referral_exports \
                 WHERE file_id = $1 ORDER BY day, id",
                args![file],
            )
            .await?;
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
