//! What a year's casework indicators read in clear (the files open during the year, their
//! referrals' kinds and days, who came to which support session), and the published yearly
//! releases (`casework_releases`, migration 0018). The sealed parts are read with the files' other
//! parts; counting is the domain's.

use vigie_domain::{FileId, SessionId, TeamId, UserId};

use sqlx::FromRow;

use crate::decode::Parsed;
use crate::sql::{Arg, Filter, args, execute};
use crate::{Audit, FileRecord, Result, Store, audited_tx, conflict_or, parse_code, parse_uuid};

/// A referral's clear facts for the indicators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralFact {
    /// The file referred.
    pub file: FileId,
    /// The kind of partner.
    pub kind: vigie_domain::partner::PartnerKind,
    /// Where it stands.
    pub status: vigie_domain::referral::ReferralStatus,
    /// The day it was proposed.
    pub proposed_day: String,
    /// The day it was closed (done, declined, revoked), if so.
    pub closed_day: Option<String>,
}

/// One person at one support session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceFact {
    /// The session.
    pub session: SessionId,
    /// Its day.
    pub day: String,
    /// The file of the person who came.
    pub file: FileId,
}

/// A published yearly release.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct CaseworkReleaseRow {
    /// The year.
    pub year: i64,
    /// 1 for the first.
    pub version: i64,
    /// `YYYY-MM-DD`.
    pub published_day: String,
    /// The caseworker.
    #[sqlx(try_from = "Parsed<Option<UserId>>")]
    pub published_by: Option<UserId>,
    /// The figures' JSON.
    pub body: String,
}

/// Only the rows of `teams` (`column IN (...)`).
fn of_teams<'a>(column: &str, teams: &[TeamId]) -> Filter<'a> {
    let mut f = Filter::default();
    f.any_of(column, teams.iter().map(Arg::from));
    f
}

impl Store {
    /// The files of `teams` open at some point between `first` and `last` (`YYYY-MM-DD`), by number.
    pub async fn files_open_between(
        &self,
        teams: &[TeamId],
        first: &str,
        last: &str,
    ) -> Result<Vec<FileRecord>> {
        if teams.is_empty() {
            return Ok(Vec::new());
        }
        let mut f = of_teams("team_id", teams);
        f.push("opened_day <=", last);
        let mark = f.mark(first);
        f.condition(format!("(closed_day IS NULL OR closed_day >= {mark})"));
        self.files_where(&format!("{} ORDER BY number", f.clause()), f.into_values())
            .await
    }

    /// The referrals of the files of `teams`.
    pub async fn referral_facts(&self, teams: &[TeamId]) -> Result<Vec<ReferralFact>> {
        if teams.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String, String, String, Option<String>)> = self
            .all_filtered(
                "SELECT file_id, partner_kind, status, proposed_day, closed_day FROM case_referrals",
                of_teams("team_id", teams),
                "",
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ReferralFact {
                    file: FileId(parse_uuid(&r.0)?),
                    kind: parse_code(&r.1, "partner kind")?,
                    status: parse_code(&r.2, "referral status")?,
                    proposed_day: r.3,
                    closed_day: r.4,
                })
            })
            .collect()
    }

    /// Who came to which session of the support groups of `teams`.
    pub async fn attendance_facts(&self, teams: &[TeamId]) -> Result<Vec<AttendanceFact>> {
        if teams.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String, String)> = self
            .all_filtered(
                "SELECT a.session_id, s.day, a.file_id FROM support_attendance a \
                 JOIN support_sessions s ON s.id = a.session_id \
                 JOIN support_groups g ON g.id = s.group_id",
                of_teams("g.team_id", teams),
                "",
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(AttendanceFact {
                    session: SessionId(parse_uuid(&r.0)?),
                    day: r.1,
                    file: FileId(parse_uuid(&r.2)?),
                })
            })
            .collect()
    }

    /// Stores a year's release; `Conflict` when that year and version already exist.
    pub async fn insert_casework_release(
        &self,
        row: &CaseworkReleaseRow,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            execute(
                &mut *tx,
                "INSERT INTO casework_releases (year, version, published_day, published_by, body) \
                 VALUES ($1, $2, $3, $4, $5)",
                args![row.year, row.version, &row.published_day, row.published_by, &row.body],
            )
            .await
            .map_err(|e| conflict_or(e, "casework release"))?;
        });
        Ok(())
    }

    /// Every release, newest year first (the newest version of each year first).
    pub async fn casework_releases(&self) -> Result<Vec<CaseworkReleaseRow>> {
        self.all(
            "SELECT year, version, published_day, published_by, body FROM casework_releases \
             ORDER BY year DESC, version DESC",
            args![],
        )
        .await
    }
}
