//! Sessions (ateliers): recorded with their day, structure, programme, facilitators, whether they
//! took place and their participants as counts by age band and sex; listed by programme,
//! structure and month; summed by year for the dashboard.

use vigie_domain::observatory::Month;
use vigie_domain::prevention::{
    Workshop, WorkshopChoices, WorkshopForm, YearSummary, summarise, validate_workshop,
};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{AuditActor, Principal, ProgrammeId, StructureId, WorkshopId};
use vigie_store::{WorkshopFilter, WorkshopRecord};

use super::invalid;
use crate::{App, AppError, Result};

/// Sessions a list page shows.
pub const WORKSHOPS_PER_PAGE: i64 = 50;

/// The sessions list's filters and page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkshopQuery {
    /// Only this programme's.
    pub programme: Option<ProgrammeId>,
    /// Only those in this structure.
    pub structure: Option<StructureId>,
    /// Only those of this month.
    pub month: Option<Month>,
    /// The page, from 1.
    pub page: i64,
}

/// What the dashboard shows for a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreventionDashboard {
    /// The year.
    pub year: i32,
    /// Sessions, participants, structures covered, priority neighbourhoods.
    pub summary: YearSummary,
    /// Structures worked with now.
    pub active_structures: usize,
    /// Programmes offered now.
    pub active_programmes: usize,
}

/// A session's audit object: `prevention_session:<uuid>`.
pub(super) fn workshop_object(id: WorkshopId) -> String {
    format!("prevention_session:{id}")
}

impl App {
    /// One page of the sessions `q` keeps, newest first, and how many match in all.
    pub async fn workshops(
        &self,
        who: &Principal,
        q: &WorkshopQuery,
    ) -> Result<(Vec<WorkshopRecord>, i64)> {
        self.may_manage_prevention(who, "").await?;
        let filter = WorkshopFilter {
            programme: q.programme,
            structure: q.structure,
            from: q.month.and_then(Month::first_day).map(day_string),
            until: q.month.and_then(|m| m.next().first_day()).map(day_string),
        };
        let offset = (q.page.max(1) - 1) * WORKSHOPS_PER_PAGE;
        Ok(self
            .store()
            .workshops(&filter, WORKSHOPS_PER_PAGE, offset)
            .await?)
    }

    /// One session, for its edit form.
    pub async fn workshop(&self, who: &Principal, id: WorkshopId) -> Result<Workshop> {
        self.may_manage_prevention(who, &workshop_object(id))
            .await?;
        self.workshop_row(id).await
    }

    /// The stored session `id`, or `NoPreventionItem` (the callers checked the policy).
    async fn workshop_row(&self, id: WorkshopId) -> Result<Workshop> {
        let rec = self.store().workshop(id).await?;
        rec.map(|r| r.workshop).ok_or(AppError::NoPreventionItem)
    }

    /// Validates `form` against the active structures, programmes and facilitators and writes
    /// session `id` (new, or over the old) with its audit entry. An edit marks the session delivered
    /// (with its counts) or not, or moves it to another day: its structure, programme and
    /// facilitators stay allowed even if no longer active.
    pub(super) async fn write_workshop(
        &self,
        actor: AuditActor,
        id: WorkshopId,
        form: &WorkshopForm,
        insert: bool,
    ) -> Result<()> {
        let (mut structures, mut programmes) = self.active_ids().await?;
        let mut facilitators = self.facilitator_ids().await?;
        if !insert {
            let old = self.workshop_row(id).await?;
            structures.push(old.structure);
            programmes.push(old.programme);
            facilitators.extend(old.facilitators.iter().copied());
        }
        let choices = WorkshopChoices {
            structures: &structures,
            programmes: &programmes,
            facilitators: &facilitators,
            today: paris_day(self.clock().now()),
        };
        let workshop = validate_workshop(form, &choices).map_err(invalid)?;
        let what = match (!insert, workshop.delivered) {
            (false, true) => format!("session recorded participants={}", workshop.counts.total()),
            (false, false) => "session planned".to_owned(),
            (true, true) => format!(
                "session edited delivered participants={}",
                workshop.counts.total()
            ),
            (true, false) => "session edited not delivered".to_owned(),
        };
        let rec = WorkshopRecord { id, workshop };
        let store = self.store();
        self.audited_change(actor, (&workshop_object(id), &what), async |audit| {
            store.save_workshop(&rec, insert, audit).await
        })
        .await
    }

    /// The year `year` of prevention (the current year when `None`).
    pub async fn prevention_dashboard(
        &self,
        who: &Principal,
        year: Option<i32>,
    ) -> Result<PreventionDashboard> {
        self.may_manage_prevention(who, "").await?;
        let year = year.unwrap_or_else(|| Month::of_instant(self.clock().now()).year());
        let structures = self.structure_rows().await?;
        let bound = |y: i32| Month::new(y, 1).and_then(Month::first_day).map(day_string);
        let filter = WorkshopFilter {
            from: bound(year),
            until: bound(year + 1),
            ..Default::default()
        };
        let (rows, _) = self.store().workshops(&filter, i64::MAX, 0).await?;
        let held: Vec<Workshop> = rows.into_iter().map(|r| r.workshop).collect();
        let summary = summarise(year, &held, |s| {
            structures.iter().any(|(id, c)| *id == s && c.qpv)
        });
        let active_programmes = self
            .programme_rows()
            .await?
            .iter()
            .filter(|p| p.programme.active)
            .count();
        Ok(PreventionDashboard {
            year,
            summary,
            active_structures: structures.iter().filter(|(_, c)| c.active).count(),
            active_programmes,
        })
    }
}
