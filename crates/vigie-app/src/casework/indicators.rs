//! Casework indicators (issue 11, item 12): the yearly activity report a caseworker reads (every
//! person helped, counts only, staff-only) and the yearly figures they publish (only the people who
//! consented to publication, under the observatory's disclosure control), stored as a release of
//! their own beside the monthly editions.
//!
//! Most facts are sealed (timeline, assessments, court cases): the server holds no team key, so the
//! files are opened in the caseworker's request, with the team key their password unlocked, and
//! counted in memory by `vigie_domain::indicators`. One audit entry names the year and how many
//! files were opened.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use vigie_domain::court::{CourtCase, current_cases};
use vigie_domain::indicators::{
    FileFacts, Indicators, ReferralFacts, YEARS, YearFigures, count_year, release_year,
};
use vigie_domain::referral::ReferralStatus;
use vigie_domain::{Action, AuditKind, FileId, Principal, TeamId};
use vigie_store::{CaseworkReleaseRow, FileRecord, StoreError};
use vigie_vault::SecretKey;

use super::kind;
use super::view::json;
use crate::reports::handle::actor;
use crate::reports::submit::{json_error, today};
use crate::{App, AppError, Result};

/// A published yearly release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedYear {
    /// The day it was published (`YYYY-MM-DD`).
    pub published_day: String,
    /// Its figures.
    pub figures: YearFigures,
}

/// What an audit entry about a year's figures names.
fn year_object(what: &str, year: i32) -> String {
    format!("{what}:{year}")
}

fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| AppError::Store(StoreError::Corrupt(format!("day `{s}`"))))
}

/// A year a caseworker may ask for.
fn checked_year(year: i32) -> Result<i32> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(AppError::Invalid(format!(
            "année hors de {}–{} / year outside {}–{}",
            YEARS.start(),
            YEARS.end(),
            YEARS.start(),
            YEARS.end()
        )))
    }
}

impl App {
    /// The facts of every file of `teams` open at some point of `year` (only those whose person
    /// consented to publication when `consented_only`: the others are never opened), each opened
    /// with the keys `who` holds through their team (none is audited here: the caller writes one
    /// entry).
    async fn year_facts(
        &self,
        (who, secret): (&Principal, &SecretKey),
        teams: &[TeamId],
        year: i32,
        consented_only: bool,
    ) -> Result<Vec<FileFacts>> {
        let records: Vec<FileRecord> = self
            .store()
            .files_open_between(teams, &format!("{year}-01-01"), &format!("{year}-12-31"))
            .await?
            .into_iter()
            .filter(|r| r.consent_statistics || !consented_only)
            .collect();
        let mut referrals: BTreeMap<FileId, Vec<ReferralFacts>> = BTreeMap::new();
        for r in self.store().referral_facts(teams).await? {
            let done = match (r.status, &r.closed_day) {
                (ReferralStatus::Done, Some(d)) => Some(parse_day(d)?),
                _ => None,
            };
            referrals.entry(r.file).or_default().push(ReferralFacts {
                kind: r.kind,
                proposed: parse_day(&r.proposed_day)?,
                done,
            });
        }
        let mut sessions: BTreeMap<FileId, Vec<(u128, NaiveDate)>> = BTreeMap::new();
        for a in self.store().attendance_facts(teams).await? {
            sessions
                .entry(a.file)
                .or_default()
                .push((a.session.0.as_u128(), parse_day(&a.day)?));
        }
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let mut facts = self.file_facts(who, secret, &record).await?;
            facts.referrals = referrals.remove(&record.id).unwrap_or_default();
            facts.sessions = sessions.remove(&record.id).unwrap_or_default();
            out.push(facts);
        }
        Ok(out)
    }

    /// One file's clear columns and sealed timeline, assessments and court cases.
    async fn file_facts(
        &self,
        who: &Principal,
        secret: &SecretKey,
        record: &FileRecord,
    ) -> Result<FileFacts> {
        let keys = self.file_keys(who, secret, record.id).await?;
        let (mut events, mut assessments, mut cases) = (Vec::new(), Vec::new(), Vec::new());
        for (part, plain) in self.opened_parts(record.id, &keys).await? {
            match part.kind.as_str() {
                kind::EVENT => events.push(json(&plain)?),
                kind::ASSESSMENT => assessments.push(json(&plain)?),
                kind::COURT => cases.push(json::<CourtCase>(&plain)?),
                _ => {}
            }
        }
        Ok(FileFacts {
            role: record.role,
            age_band: record.age_band,
            sex: record.sex,
            consent_statistics: record.consent_statistics,
            opened: parse_day(&record.opened_day)?,
            closed: record.closed_day.as_deref().map(parse_day).transpose()?,
            events,
            assessments,
            court_cases: current_cases(cases).len() as u64,
            referrals: Vec::new(),
            sessions: Vec::new(),
        })
    }

    /// The yearly activity report of the caseworker's casework teams: everyone helped in `year`,
    /// counted (no name). Every file is opened in this request; one `decrypted` audit entry
    /// (`activity_report:<year>`) says how many.
    pub async fn activity_report(
        &self,
        who: &Principal,
        secret: &SecretKey,
        year: i32,
    ) -> Result<Indicators> {
        self.authorize_instance(who, Action::ReadActivityReport)
            .await?;
        let year = checked_year(year)?;
        let dir = self.directory().await?;
        let teams: Vec<TeamId> = who
            .teams
            .iter()
            .copied()
            .filter(|t| dir.casework_teams().contains(t))
            .collect();
        let facts = self.year_facts((who, secret), &teams, year, false).await?;
        self.append_audit(
            actor(who),
            AuditKind::Decrypted,
            &year_object("activity_report", year),
            &format!("{} files", facts.len()),
        )
        .await?;
        Ok(count_year(year, &facts))
    }

    /// Publishes `year`'s casework figures: a finished year, counted over every casework team (the
    /// caseworker must be in each, so that the figures are the city's), only the people who
    /// consented to publication, through the observatory's disclosure control under the instance's
    /// k. Stored as an immutable release (one per year); audited.
    pub async fn publish_casework_figures(
        &self,
        who: &Principal,
        secret: &SecretKey,
        year: i32,
    ) -> Result<YearFigures> {
        self.authorize_instance(who, Action::PublishCaseworkFigures)
            .await?;
        let year = checked_year(year)?;
        let today_date = vigie_domain::time::paris_day(self.clock().now());
        if year >= today_date.year() {
            return Err(AppError::Invalid(format!(
                "l'année {year} n'est pas terminée / {year} is not over yet"
            )));
        }
        self.publish_year(who, secret, year).await
    }

    /// Publishes `year` (the policy asked already): every rule but the finished year, which the
    /// demonstration skips to show a release of the year it invents.
    pub(crate) async fn publish_year(
        &self,
        who: &Principal,
        secret: &SecretKey,
        year: i32,
    ) -> Result<YearFigures> {
        if self
            .casework_releases()
            .await?
            .iter()
            .any(|r| r.figures.year == year)
        {
            return Err(AppError::Invalid(format!(
                "les chiffres de {year} sont déjà publiés / the figures of {year} are already published"
            )));
        }
        let dir = self.directory().await?;
        let teams = dir.casework_teams();
        if teams.iter().any(|t| !who.teams.contains(t)) {
            return Err(AppError::Invalid(
                "publier demande d'être membre de chaque équipe d'accompagnement, pour compter toute \
                 la ville / publishing takes a member of every casework team, so that the whole \
                 city is counted"
                    .into(),
            ));
        }
        let facts = self.year_facts((who, secret), &teams, year, true).await?;
        let k = self.settings().observatory.k;
        let indicators = count_year(year, &facts);
        let figures = tokio::task::spawn_blocking(move || release_year(&indicators, k, 1))
            .await
            .map_err(|e| AppError::Invalid(format!("release task failed: {e}")))?
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let row = CaseworkReleaseRow {
            year: i64::from(year),
            version: 1,
            published_day: today(self),
            published_by: Some(who.id),
            body: serde_json::to_string(&figures).map_err(json_error)?,
        };
        let entry = self
            .entry(
                actor(who),
                AuditKind::CaseworkFiguresPublished,
                &year_object("casework_release", year),
                &format!("{} files", facts.len()),
            )
            .await?;
        match self
            .store()
            .insert_casework_release(&row, &crate::audit::audited(&[entry]))
            .await
        {
            Ok(()) => Ok(figures),
            Err(StoreError::Conflict(_)) => Err(AppError::Invalid(format!(
                "les chiffres de {year} sont déjà publiés / the figures of {year} are already published"
            ))),
            Err(e) => Err(e.into()),
        }
    }

    /// Every published yearly release, newest year first (public: aggregates only).
    pub async fn casework_releases(&self) -> Result<Vec<PublishedYear>> {
        self.store()
            .casework_releases()
            .await?
            .into_iter()
            .map(|r| {
                let figures = serde_json::from_str::<YearFigures>(&r.body).map_err(|e| {
                    AppError::Store(StoreError::Corrupt(format!("casework release: {e}")))
                })?;
                Ok(PublishedYear {
                    published_day: r.published_day,
                    figures,
                })
            })
            .collect()
    }
}
