//! Prevention's reports and public figures (issue 12, items 6 and 7): what a period amounts to,
//! counted from the sessions' clear counts (nothing is decrypted), for the printable yearly report
//! and the reports per funder or programme; and the period's figures published through the
//! observatory's disclosure control, as a release stream of their own
//! (`prevention_releases`, migration 0022) beside the monthly editions.
//!
//! The coordinators prepare (the report, a preview of the release with its suppressed cells) and
//! publish (`PublishPreventionFigures`, audited `prevention_figures_published`). A period is
//! published once, when it is over, and never beside an overlapping one (a year and its quarters).

use vigie_domain::prevention::{
    Period, PreventionFigures, Reach, StructureClear, StructurePlace, Workshop, reach,
    release_period,
};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{Action, AuditActor, AuditKind, Principal, ProgrammeId, StructureId};
use vigie_store::{CampaignRecord, PreventionReleaseRow, StoreError, WorkshopFilter};

use super::ProgrammeListed;
use super::surveys::survey_figures;
use crate::reports::submit::json_error;
use crate::{App, AppError, Result};

/// Which sessions a report counts: a period, and one programme or the programmes of one funder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportScope {
    /// The period (a year for the yearly report).
    pub period: Period,
    /// Only this programme.
    pub programme: Option<ProgrammeId>,
    /// Only the programmes of this funder (or STSPD action), as the programmes name it.
    pub funder: Option<String>,
}

/// A report as the coordinator prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreventionReport {
    /// What it counts.
    pub scope: ReportScope,
    /// The period's figures (the scope's sessions).
    pub reach: Reach,
    /// The programmes counted, by name.
    pub programmes: Vec<ProgrammeListed>,
    /// Every structure's clear half (names, kinds, places).
    pub structures: Vec<(StructureId, StructureClear)>,
    /// The campaigns of the period (and of the scope's programmes, when scoped).
    pub campaigns: Vec<CampaignRecord>,
    /// Every funder the programmes name, for the choice of another report.
    pub funders: Vec<String>,
    /// Every programme, for the choice of another report.
    pub all_programmes: Vec<ProgrammeListed>,
}

/// A published release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedPrevention {
    /// The day it was published (`YYYY-MM-DD`).
    pub published_day: String,
    /// Its figures.
    pub figures: PreventionFigures,
}

/// A refusal to publish, in both languages.
fn refused(fr: &str, en: &str) -> AppError {
    AppError::Invalid(format!("{fr} / {en}"))
}

impl App {
    /// The sessions of `period` (every programme) and the structures' places.
    async fn period_sessions(
        &self,
        period: Period,
    ) -> Result<(Vec<Workshop>, Vec<(StructureId, StructureClear)>)> {
        let (first, last) = period
            .days()
            .ok_or_else(|| AppError::Invalid("period out of range".into()))?;
        let filter = WorkshopFilter {
            from: Some(day_string(first)),
            until: last.succ_opt().map(day_string),
            ..Default::default()
        };
        let (rows, _) = self.store().workshops(&filter, i64::MAX, 0).await?;
        let sessions = rows.into_iter().map(|r| r.workshop).collect();
        Ok((sessions, self.structure_rows().await?))
    }

    /// The report of `scope`: sessions, people reached, structures, campaigns (counts only).
    pub async fn prevention_report(
        &self,
        who: &Principal,
        scope: &ReportScope,
    ) -> Result<PreventionReport> {
        self.may_manage_prevention(who, "").await?;
        let all_programmes = self.programme_rows().await?;
        let programmes: Vec<ProgrammeListed> = all_programmes
            .iter()
            .filter(|p| scope.programme.is_none_or(|id| id == p.id))
            .filter(|p| {
                scope
                    .funder
                    .as_deref()
                    .is_none_or(|f| p.programme.funder.as_deref().map(str::trim) == Some(f.trim()))
            })
            .cloned()
            .collect();
        let scoped = scope.programme.is_some() || scope.funder.is_some();
        let ids: Vec<ProgrammeId> = programmes.iter().map(|p| p.id).collect();
        let (sessions, structures) = self.period_sessions(scope.period).await?;
        let sessions: Vec<Workshop> = sessions
            .into_iter()
            .filter(|w| ids.contains(&w.programme))
            .collect();
        let (first, last) = scope.period.days().unwrap_or_default();
        let campaigns = self
            .store()
            .campaigns()
            .await?
            .into_iter()
            .filter(|c| c.campaign.overlaps(first, last))
            .filter(|c| !scoped || c.campaign.programme.is_some_and(|p| ids.contains(&p)))
            .collect();
        let mut funders: Vec<String> = all_programmes
            .iter()
            .filter_map(|p| p.programme.funder.as_deref().map(|f| f.trim().to_owned()))
            .collect();
        funders.sort();
        funders.dedup();
        Ok(PreventionReport {
            scope: scope.clone(),
            reach: reach(&sessions, &places(&structures)),
            programmes,
            structures,
            campaigns,
            funders,
            all_programmes,
        })
    }

    /// What publishing `period` would publish now, its small cells suppressed (for the coordinator
    /// who prepares it; nothing is stored).
    pub async fn preview_prevention_figures(
        &self,
        who: &Principal,
        period: Period,
    ) -> Result<PreventionFigures> {
        self.may_manage_prevention(who, "").await?;
        self.release_figures(period).await
    }

    /// `period`'s figures through the disclosure control under the instance's k, with the results
    /// of the survey cycles closed in it.
    async fn release_figures(&self, period: Period) -> Result<PreventionFigures> {
        let (sessions, structures) = self.period_sessions(period).await?;
        let reach = reach(&sessions, &places(&structures));
        let districts = self.settings().areas.district_codes();
        let k = self.settings().observatory.k;
        let cycles = self.closed_survey_cycles(period).await?;
        let mut figures =
            tokio::task::spawn_blocking(move || release_period(&reach, &districts, (period, 1, k)))
                .await
                .map_err(|e| AppError::Invalid(format!("release task failed: {e}")))?
                .map_err(|e| AppError::Invalid(e.to_string()))?;
        figures.surveys = Some(survey_figures(&cycles, k)?);
        Ok(figures)
    }

    /// Publishes `period`'s prevention figures: a period that is over, not published yet and not
    /// overlapping a published one (a year and its quarters), through the disclosure control.
    /// Stored as an immutable release; audited.
    pub async fn publish_prevention_figures(
        &self,
        who: &Principal,
        period: Period,
    ) -> Result<PreventionFigures> {
        self.authorize_instance(who, Action::PublishPreventionFigures)
            .await?;
        self.publish_prevention_period(AuditActor::Staff(who.id), Some(who.id), period)
            .await
    }

    /// Publishes `period` (the policy asked already) as `actor`.
    pub(crate) async fn publish_prevention_period(
        &self,
        actor: AuditActor,
        by: Option<vigie_domain::UserId>,
        period: Period,
    ) -> Result<PreventionFigures> {
        let today = paris_day(self.clock().now());
        let over = period.days().is_some_and(|(_, last)| last < today);
        if !over {
            return Err(refused(
                &format!("la période {period} n'est pas terminée"),
                &format!("{period} is not over yet"),
            ));
        }
        if let Some(r) = self
            .prevention_releases()
            .await?
            .iter()
            .find(|r| r.figures.period.overlaps(period))
        {
            let other = r.figures.period;
            return Err(refused(
                &format!("{period} recoupe {other}, déjà publié"),
                &format!("{period} overlaps {other}, already published"),
            ));
        }
        let figures = self.release_figures(period).await?;
        let row = PreventionReleaseRow {
            period: period.to_string(),
            version: 1,
            published_day: day_string(today),
            published_by: by,
            body: serde_json::to_string(&figures).map_err(json_error)?,
        };
        let young = figures
            .young_people()
            .map_or_else(|| "suppressed".to_owned(), |n| n.to_string());
        let entry = self
            .entry(
                actor,
                AuditKind::PreventionFiguresPublished,
                &format!("prevention_release:{period}"),
                &format!("young_people={young}"),
            )
            .await?;
        match self
            .store()
            .insert_prevention_release(&row, &crate::audit::audited(&[entry]))
            .await
        {
            Ok(()) => Ok(figures),
            Err(StoreError::Conflict(_)) => Err(refused(
                &format!("{period} est déjà publié"),
                &format!("{period} is already published"),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// Every published prevention release, the newest period first (public: aggregates only).
    pub async fn prevention_releases(&self) -> Result<Vec<PublishedPrevention>> {
        self.store()
            .prevention_releases()
            .await?
            .into_iter()
            .map(|r| {
                let figures = serde_json::from_str::<PreventionFigures>(&r.body).map_err(|e| {
                    AppError::Store(StoreError::Corrupt(format!("prevention release: {e}")))
                })?;
                Ok(PublishedPrevention {
                    published_day: r.published_day,
                    figures,
                })
            })
            .collect()
    }
}

/// The structures as the figures place them.
fn places(structures: &[(StructureId, StructureClear)]) -> Vec<StructurePlace> {
    structures
        .iter()
        .map(|(id, c)| StructurePlace {
            id: *id,
            kind: c.kind,
            district: c.district.clone(),
            qpv: c.qpv,
        })
        .collect()
}
