//! Incidents: recorded by analysts from outside sources, qualified from a report by a handler (then
//! reviewed by an analyst, who never reads the report), corrected; and the official series analysts
//! import. Every change is audited.

use vigie_domain::observatory::{
    ContextSeries, Incident, IncidentField, IncidentForm, IncidentStatus, Month, NewIncident,
    SourceType, validate_incident,
};
use vigie_domain::report::ReportStatus;
use vigie_domain::{Action, AuditActor, AuditKind, IncidentId, Principal, ReportId, UserId};
use vigie_store::{ContextRow, IncidentFilter, NewAuditEntry};

use crate::audit::audited;
use crate::paging::{Page, PageQuery};
use crate::reports::submit::today as today_string;
use crate::{App, AppError, Result};

/// A page of the analysts' list.
pub type IncidentQuery = PageQuery<IncidentFilter>;

/// One page of incidents, newest month first.
pub type IncidentPage = Page<Incident>;

const PER_PAGE: i64 = 50;

fn actor(who: &Principal) -> AuditActor {
    AuditActor::Staff(who.id)
}

fn object(id: IncidentId) -> String {
    format!("incident:{id}")
}

/// What the audit log says about an incident: its clear facts, never the reference.
fn facts(i: &Incident) -> String {
    format!(
        "{} {} {} {}x{} {}",
        i.category,
        i.neighbourhood.as_deref().unwrap_or(&i.district),
        i.month,
        i.count,
        i.contributors,
        i.source
    )
}

/// A new incident from a valid form.
fn fresh(
    new: NewIncident,
    report: Option<ReportId>,
    status: IncidentStatus,
    who: &Principal,
) -> Incident {
    with_facts(new, IncidentId::random(), report, status, who.id)
}

/// An incident with the facts of a valid form, and the rest (which incident, from which report,
/// where it stands, who recorded it) given: a new incident's or a corrected one's.
fn with_facts(
    new: NewIncident,
    id: IncidentId,
    report: Option<ReportId>,
    status: IncidentStatus,
    recorded_by: UserId,
) -> Incident {
    Incident {
        id,
        category: new.category,
        district: new.district,
        neighbourhood: new.neighbourhood,
        month: new.month,
        count: new.count,
        contributors: new.contributors,
        source: new.source,
        reference: new.reference,
        report,
        status,
        recorded_by,
    }
}

impl App {
    /// The audit entry of a change to incident `id` by `who`; `detail` says what, with the facts.
    async fn incident_entry(
        &self,
        who: &Principal,
        id: IncidentId,
        detail: &str,
    ) -> Result<[NewAuditEntry; 1]> {
        let entry = self
            .entry(actor(who), AuditKind::IncidentChanged, &object(id), detail)
            .await?;
        Ok([entry])
    }

    fn current_month(&self) -> Month {
        Month::of_instant(self.clock().now())
    }

    fn checked_incident(
        &self,
        form: &IncidentForm,
    ) -> Result<vigie_domain::observatory::NewIncident> {
        validate_incident(form, &self.settings().areas, self.current_month())
            .map_err(AppError::InvalidIncident)
    }

    /// An analyst records an incident from an outside source (press, police, association, court).
    /// It is counted at once (accepted).
    pub async fn record_incident(&self, who: &Principal, form: &IncidentForm) -> Result<Incident> {
        self.authorize_instance(who, Action::RecordIncident).await?;
        let new = self.checked_incident(form)?;
        if new.source == SourceType::Report {
            return Err(AppError::InvalidIncident(vec![(
                IncidentField::Source,
                "incidents from reports are qualified from the report's page",
            )]));
        }
        let incident = fresh(new, None, IncidentStatus::Accepted, who);
        let entry = self
            .incident_entry(who, incident.id, &format!("recorded {}", facts(&incident)))
            .await?;
        self.store()
            .insert_incident(&incident, &today_string(self), &audited(&entry))
            .await?;
        Ok(incident)
    }

    /// A handler qualifies a report into an incident: proposed, until an analyst reviews it. The
    /// report's status becomes "qualifié". One incident per report.
    pub async fn qualify_report(
        &self,
        who: &Principal,
        report: ReportId,
        form: &IncidentForm,
    ) -> Result<Incident> {
        self.report_for(who, report, Action::QualifyReport).await?;
        if self.store().incident_for_report(report).await?.is_some() {
            return Err(AppError::Exists("an incident for this report".into()));
        }
        // No reference: whatever a handler would write there (the report's number, a name) would
        // link the incident, which analysts read, to the report they never may.
        let form = IncidentForm {
            source: SourceType::Report.as_str().to_owned(),
            reference: String::new(),
            ..form.clone()
        };
        let new = self.checked_incident(&form)?;
        let incident = fresh(new, Some(report), IncidentStatus::Proposed, who);
        // The incident only: an entry naming the report would tie it to the incident for whoever
        // reads the audit log.
        let entry = self
            .incident_entry(who, incident.id, &format!("qualified {}", facts(&incident)))
            .await?;
        self.store()
            .insert_incident(&incident, &today_string(self), &audited(&entry))
            .await
            .map_err(|e| match e {
                vigie_store::StoreError::Conflict(_) => {
                    AppError::Exists("an incident for this report".into())
                }
                e => e.into(),
            })?;
        self.store()
            .set_report_status(
                report,
                ReportStatus::Qualified,
                &today_string(self),
                &vigie_store::Audit::none(),
            )
            .await?;
        Ok(incident)
    }

    /// The incident qualified from a report, for the handler's report page.
    pub async fn report_incident(
        &self,
        who: &Principal,
        report: ReportId,
    ) -> Result<Option<Incident>> {
        self.report_for(who, report, Action::ReadReport).await?;
        Ok(self.store().incident_for_report(report).await?)
    }

    /// The analysts' list.
    pub async fn incidents(&self, who: &Principal, q: &IncidentQuery) -> Result<IncidentPage> {
        self.authorize_instance(who, Action::ReviewIncidents)
            .await?;
        Page::read(q.page, PER_PAGE, async |rows| {
            self.store().list_incidents(&q.filter, rows).await
        })
        .await
        .map_err(AppError::from)
    }

    /// How many incidents wait for review.
    pub async fn incidents_to_review(&self, who: &Principal) -> Result<i64> {
        self.authorize_instance(who, Action::ReviewIncidents)
            .await?;
        Ok(self.store().proposed_incidents().await?)
    }

    /// One incident, for an analyst.
    pub async fn incident(&self, who: &Principal, id: IncidentId) -> Result<Incident> {
        self.authorize_instance(who, Action::ReviewIncidents)
            .await?;
        self.incident_row(id).await
    }

    /// The stored incident `id`, or `NoIncident` (the callers checked the policy).
    async fn incident_row(&self, id: IncidentId) -> Result<Incident> {
        self.store().incident(id).await?.ok_or(AppError::NoIncident)
    }

    /// An analyst accepts (counted from the next edition) or rejects an incident.
    pub async fn review_incident(
        &self,
        who: &Principal,
        id: IncidentId,
        accept: bool,
    ) -> Result<()> {
        let incident = self.incident(who, id).await?;
        let status = if accept {
            IncidentStatus::Accepted
        } else {
            IncidentStatus::Rejected
        };
        let entry = self
            .incident_entry(
                who,
                id,
                &format!("{} {}", status.as_str(), facts(&incident)),
            )
            .await?;
        self.store()
            .set_incident_status(id, status, who.id, &audited(&entry))
            .await?;
        Ok(())
    }

    /// An analyst corrects an incident's facts (published months change only through a correction
    /// edition). Its source type stays what it was.
    pub async fn correct_incident(
        &self,
        who: &Principal,
        id: IncidentId,
        form: &IncidentForm,
    ) -> Result<Incident> {
        self.authorize_instance(who, Action::RecordIncident).await?;
        let old = self.incident_row(id).await?;
        let form = IncidentForm {
            source: if old.source == SourceType::Report {
                SourceType::Report.as_str().to_owned()
            } else {
                form.source.clone()
            },
            ..form.clone()
        };
        let new = self.checked_incident(&form)?;
        if new.source == SourceType::Report && old.source != SourceType::Report {
            return Err(AppError::InvalidIncident(vec![(
                IncidentField::Source,
                "incidents from reports are qualified from the report's page",
            )]));
        }
        let incident = with_facts(new, old.id, old.report, old.status, old.recorded_by);
        let entry = self
            .incident_entry(
                who,
                id,
                &format!("corrected {} -> {}", facts(&old), facts(&incident)),
            )
            .await?;
        self.store()
            .update_incident(&incident, &audited(&entry))
            .await?;
        Ok(incident)
    }

    /// An analyst imports official series (parsed by the caller); a series already on file (same
    /// indicator, unit and territory) is replaced. Returns how many series were stored.
    pub async fn import_context(&self, who: &Principal, series: &[ContextSeries]) -> Result<usize> {
        self.authorize_instance(who, Action::RecordIncident).await?;
        let rows = series
            .iter()
            .map(|s| {
                Ok(ContextRow {
                    indicator: s.indicator.clone(),
                    unit: s.unit.clone(),
                    territory: s.territory.clone(),
                    source: s.source.clone(),
                    licence: s.licence.clone(),
                    points: serde_json::to_string(&s.points)
                        .map_err(|e| AppError::Invalid(format!("context series: {e}")))?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let entry = [self
            .entry(
                actor(who),
                AuditKind::ContextImported,
                "",
                &format!("{} series", rows.len()),
            )
            .await?];
        self.store()
            .put_context_series(&rows, &today_string(self), &audited(&entry))
            .await?;
        Ok(rows.len())
    }
}
