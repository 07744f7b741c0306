//! The handler's "qualify" form on a report's page: the report becomes a non-identifying incident
//! (category, area, month, numbers), proposed until an analyst reviews it. One incident per report:
//! once qualified, the page shows the incident and its review status instead of the form.

use axum::http::StatusCode;
use chrono::NaiveDate;
use vigie_app::AppError;
use vigie_domain::observatory::{Incident, IncidentCategory, IncidentForm, Month};
use vigie_store::ReportRecord;

use super::page::{Extra, show};
use super::{ReportDone, ReportForm, report_path};
use crate::session::Staff;
use crate::staff::kit::{OrPage, PageResult, Post, done};
use crate::staff::observatory::form::{
    FieldErrors, IncidentFormView, SourceChoice, form_from, view,
};
use crate::staff::observatory::{area_name, month_label};
use crate::staff::words::word;
use crate::state::AppState;

/// A refused qualification, shown again on the report's page.
pub(super) struct QualifyTyped {
    /// What the handler typed.
    pub form: IncidentForm,
    /// Errors beside the fields.
    pub errors: FieldErrors,
    /// A refusal of the whole form (already qualified).
    pub refused: Option<String>,
}

/// What the report's content says about where and when, to prefill the form.
pub(super) struct ReportHint {
    /// Quartier code the reporter chose.
    pub neighbourhood: Option<String>,
    /// Day of the facts, if given.
    pub date: Option<NaiveDate>,
}

/// The incident a report was qualified into, as the handler sees it.
pub struct QualifiedView {
    pub(super) category: String,
    pub(super) area: String,
    pub(super) month: String,
    pub(super) count: u32,
    pub(super) contributors: u32,
    pub(super) status: String,
}

/// The report page's "qualify" section.
pub struct QualifySection {
    pub(super) action: String,
    pub(super) incident: Option<QualifiedView>,
    pub(super) form: Option<IncidentFormView>,
    pub(super) refused: Option<String>,
}

/// The form as first shown: the report's category, arrondissement and quartier, the month of the
/// facts (or of receipt), one fact, one contributor.
fn prefilled(state: &AppState, record: &ReportRecord, hint: &ReportHint) -> IncidentForm {
    let areas = &state.app.settings().areas;
    let neighbourhood = hint
        .neighbourhood
        .as_deref()
        .and_then(|q| areas.neighbourhood(q))
        .filter(|q| q.district == record.district)
        .map(|q| q.code.clone())
        .unwrap_or_default();
    let received = NaiveDate::parse_from_str(&record.received_day, "%Y-%m-%d").ok();
    let month = hint
        .date
        .or(received)
        .map(|d| Month::of_day(d).to_string())
        .unwrap_or_default();
    IncidentForm {
        category: IncidentCategory::from(record.category).as_str().to_owned(),
        district: record.district.clone(),
        neighbourhood,
        month,
        count: "1".into(),
        contributors: "1".into(),
        source: String::new(),
        reference: String::new(),
    }
}

fn qualified(state: &AppState, lang: crate::Lang, i: &Incident) -> QualifiedView {
    QualifiedView {
        category: word(lang, i.category),
        area: area_name(state, &i.district, i.neighbourhood.as_deref()),
        month: month_label(lang, i.month),
        count: i.count,
        contributors: i.contributors,
        status: word(lang, i.status),
    }
}

/// The section for report `record` (whose reader is a handler in its audience): the incident if the
/// report is qualified, the form otherwise (`typed` again after a refusal).
pub(super) async fn section(
    state: &AppState,
    staff: &Staff,
    record: &ReportRecord,
    hint: &ReportHint,
    typed: Option<QualifyTyped>,
) -> Result<QualifySection, AppError> {
    let lang = staff.lang;
    let incident = state
        .app
        .report_incident(&staff.principal, record.id)
        .await?;
    let (refused, form) = match (&incident, typed) {
        (Some(_), t) => (t.and_then(|t| t.refused), None),
        (None, Some(t)) => (
            t.refused,
            Some(view(
                state,
                lang,
                "q",
                &t.form,
                &t.errors,
                SourceChoice::Hidden,
            )),
        ),
        (None, None) => {
            let form = prefilled(state, record, hint);
            (
                None,
                Some(view(
                    state,
                    lang,
                    "q",
                    &form,
                    &Vec::new(),
                    SourceChoice::Hidden,
                )),
            )
        }
    };
    Ok(QualifySection {
        action: report_path(lang, record.id, "/qualifier"),
        incident: incident.as_ref().map(|i| qualified(state, lang, i)),
        form,
        refused,
    })
}

/// `POST /espace/signalements/{id}/qualifier`: a handler in the report's audience qualifies it.
/// The gate opens to the report's readers; the app checks `QualifyReport` on this report.
pub async fn qualify(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let form = form_from(&form);
    let (typed, status) = match state.app.qualify_report(&staff.principal, id, &form).await {
        Ok(_) => return Ok(done(&report_path(lang, id, ""), ReportDone::Qualified)),
        Err(AppError::InvalidIncident(errors)) => (
            QualifyTyped {
                form,
                errors,
                refused: None,
            },
            StatusCode::BAD_REQUEST,
        ),
        Err(AppError::Exists(_)) => (
            QualifyTyped {
                form,
                errors: Vec::new(),
                refused: Some(lang.t("staff-obs-qualify-exists")),
            },
            StatusCode::CONFLICT,
        ),
        Err(e) => return Err(e).or_page(&state, lang),
    };
    let extra = Extra {
        qualify: Some(typed),
        ..Extra::default()
    };
    show(&state, &staff, id, extra, status).await
}
