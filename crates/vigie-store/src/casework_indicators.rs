//! What a year's casework indicators read in clear (the files open during the year, their
//! referrals' kinds and days, who came to which support session), and the published yearly
//! releases (`casework_releases`, migration 0018). The sealed parts are read with the files' other
//! parts; counting is the domain's.

use vigie_domain::{FileId, SessionId, TeamId, UserId};

use crate::case_files::{FILE_COLUMNS, FileRow};
use crate::{
    Audit, FileRecord, Result, Store, conflict_or, dispatch, parse_code, parse_uuid, write_tx,
};

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseworkReleaseRow {
    /// The year.
    pub year: i64,
    /// 1 for the first.
    pub version: i64,
    /// `YYYY-MM-DD`.
    pub published_day: String,
    /// The caseworker.
    pub published_by: Option<UserId>,
    /// The figures' JSON.
    pub body: String,
}

/// `$first, $first+1, ...` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

type ReleaseTuple = (i64, i64, String, Option<String>, String);

fn release_row(r: ReleaseTuple) -> Result<CaseworkReleaseRow> {
    Ok(CaseworkReleaseRow {
        year: r.0,
        version: r.1,
        published_day: r.2,
        published_by: r.3.as_deref().map(parse_uuid).transpose()?.map(UserId),
        body: r.4,
    })
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
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM case_files WHERE team_id IN ({}) AND opened_day <= $1 \
             AND (closed_day IS NULL OR closed_day >= $2) ORDER BY number",
            placeholders(3, teams.len())
        );
        let rows: Vec<FileRow> = dispatch!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(last).bind(first);
            for t in teams {
                q = q.bind(t.to_string());
            }
            q.fetch_all(pool).await?
        });
        rows.into_iter().map(FileRecord::try_from).collect()
    }

    /// The referrals of the files of `teams`.
    pub async fn referral_facts(&self, teams: &[TeamId]) -> Result<Vec<ReferralFact>> {
        if teams.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT file_id, partner_kind, status, proposed_day, closed_day FROM case_referrals \
             WHERE team_id IN ({})",
            placeholders(1, teams.len())
        );
        let rows: Vec<(String, String, String, String, Option<String>)> = dispatch!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for t in teams {
                q = q.bind(t.to_string());
            }
            q.fetch_all(pool).await?
        });
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
        let sql = format!(
            "SELECT a.session_id, s.day, a.file_id FROM support_attendance a \
             JOIN support_sessions s ON s.id = a.session_id \
             JOIN support_groups g ON g.id = s.group_id WHERE g.team_id IN ({})",
            placeholders(1, teams.len())
        );
        let rows: Vec<(String, String, String)> = dispatch!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for t in teams {
                q = q.bind(t.to_string());
            }
            q.fetch_all(pool).await?
        });
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
        write_tx!(self, tx => {
            sqlx::query("INSERT INTO casework_releases (year, version, published_day, published_by, body) \
                         VALUES ($1, $2, $3, $4, $5)")
                .bind(row.year)
                .bind(row.version)
                .bind(&row.published_day)
                .bind(row.published_by.map(|u| u.to_string()))
                .bind(&row.body)
                .execute(&mut *tx).await.map_err(|e| conflict_or(e, "casework release"))?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Every release, newest year first (the newest version of each year first).
    pub async fn casework_releases(&self) -> Result<Vec<CaseworkReleaseRow>> {
        let rows: Vec<ReleaseTuple> = dispatch!(self, pool => sqlx::query_as(
            "SELECT year, version, published_day, published_by, body FROM casework_releases \
             ORDER BY year DESC, version DESC")
            .fetch_all(pool).await?);
        rows.into_iter().map(release_row).collect()
    }
}
