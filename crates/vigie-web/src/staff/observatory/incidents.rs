//! Incidents, for analysts: the form that records one from an outside source, and an incident's page (its facts, the review buttons, the correction form). The
//! app checks the policy and writes the audit log (`incident_changed`); success redirects (303), a bad
//! form comes back with each error beside its field (400).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigie_app::AppError;
use vigie_domain::observatory::{Incident, IncidentForm, IncidentStatus, SourceType};
use vigie_domain::{Action, IncidentId, Resource};

use super::observatory::{
    area_name, category_name, current_month, incident_path, month_label, obs_error, obs_path,
    source_name, status_name,
};
use super::observatory_form::{FieldErrors, IncidentFormView, SourceChoice, form_from, view};
use super::report_actions::Pairs;
use super::reports::field;
use super::{NavItem, StaffPage, check_post, render, require, staff_page};
use crate::layout::PageCtx;
use crate::session::Staff;
use crate::state::AppState;
use crate::{PageError, csrf};

/// The purpose the "new incident" form is signed for.
const NEW_PURPOSE: &str = "observatory:incident";

/// The purpose the forms of incident `id` are signed for: a token for one incident opens no other.
fn purpose(id: IncidentId) -> String {
    format!("incident:{id}")
}

// Recording.

#[derive(Template)]
#[template(path = "staff/observatory/new.html")]
struct NewPage {
    ctx: PageCtx,
    nav: Vec<NavItem>,
    csrf: String,
    action: String,
    f: IncidentFormView,
}

fn new_page(
    state: &AppState,
    staff: &Staff,
    form: &IncidentForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let StaffPage { ctx, nav } = staff_page(
        state,
        staff,
        "staff-obs-new-title",
        "/espace/observatoire/incidents/nouveau",
    );
    let page = NewPage {
        ctx,
        nav,
        csrf: csrf::issue(state, NEW_PURPOSE, &staff.session.csrf_binding()),
        action: obs_path(lang, "/incidents/nouveau"),
        f: view(state, lang, "inc", form, errors, SourceChoice::Outside),
    };
    render(&page, status, lang)
}

/// `GET /espace/observatoire/incidents/nouveau`.
pub async fn new_form(State(state): State<AppState>, staff: Staff) -> Response {
    if let Err(e) = require(&state, &staff, Action::RecordIncident, &Resource::Instance).await {
        return e.into_response();
    }
    let form = IncidentForm {
        month: current_month(&state).to_string(),
        count: "1".into(),
        contributors: "1".into(),
        ..IncidentForm::default()
    };
    new_page(&state, &staff, &form, &Vec::new(), StatusCode::OK)
}

/// `POST /espace/observatoire/incidents/nouveau`: records an incident from an outside source.
pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(e) = check_post(
        &state,
        &staff,
        field(&pairs, "csrf"),
        NEW_PURPOSE,
        Action::RecordIncident,
        &Resource::Instance,
    )
    .await
    {
        return e.into_response();
    }
    let form = form_from(&pairs);
    match state.app.record_incident(&staff.principal, &form).await {
        Ok(i) => Redirect::to(&incident_path(lang, i.id, "?fait=enregistre")).into_response(),
        Err(AppError::InvalidIncident(errors)) => {
            new_page(&state, &staff, &form, &errors, StatusCode::BAD_REQUEST)
        }
        Err(e) => obs_error(&state, lang, &e),
    }
}

// One incident.

/// An incident's facts, as shown.
pub struct Facts {
    category: String,
    area: String,
    month: String,
    count: u32,
    contributors: u32,
    source: String,
    status: String,
    reference: String,
    recorded_by: String,
    from_report: bool,
}

#[derive(Template)]
#[template(path = "staff/observatory/incident.html")]
struct IncidentPage {
    ctx: PageCtx,
    nav: Vec<NavItem>,
    csrf: String,
    base: String,
    list_href: String,
    facts: Facts,
    can_accept: bool,
    can_reject: bool,
    message: Option<String>,
    f: IncidentFormView,
}

/// The form prefilled with an incident's facts.
fn form_of(i: &Incident) -> IncidentForm {
    IncidentForm {
        category: i.category.as_str().to_owned(),
        district: i.district.clone(),
        neighbourhood: i.neighbourhood.clone().unwrap_or_default(),
        month: i.month.to_string(),
        count: i.count.to_string(),
        contributors: i.contributors.to_string(),
        source: i.source.as_str().to_owned(),
        reference: i.reference.clone(),
    }
}

/// Renders incident `id`'s page; `typed` is a refused correction to show again with its errors.
async fn show(
    state: &AppState,
    staff: &Staff,
    id: IncidentId,
    message: Option<String>,
    typed: Option<(IncidentForm, FieldErrors)>,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let i = match state.app.incident(&staff.principal, id).await {
        Ok(i) => i,
        Err(e) => return obs_error(state, lang, &e),
    };
    let recorded_by = match state.app.store().list_users().await {
        Ok(users) => users
            .into_iter()
            .find(|u| u.id == i.recorded_by)
            .map_or_else(|| i.recorded_by.to_string(), |u| u.username),
        Err(e) => return obs_error(state, lang, &e.into()),
    };
    let from_report = i.source == SourceType::Report;
    let choice = if from_report {
        SourceChoice::Fixed
    } else {
        SourceChoice::Outside
    };
    let (form, errors) = typed.unwrap_or_else(|| (form_of(&i), Vec::new()));
    let StaffPage { ctx, nav } = staff_page(
        state,
        staff,
        "staff-obs-incident-title",
        &format!("/espace/observatoire/incidents/{id}"),
    );
    let mut ctx = ctx;
    ctx.title = lang.t_args(
        "staff-obs-incident-heading",
        &[
            ("category", category_name(lang, i.category)),
            ("month", month_label(lang, i.month)),
        ],
    );
    let page = IncidentPage {
        ctx,
        nav,
        csrf: csrf::issue(state, &purpose(id), &staff.session.csrf_binding()),
        base: incident_path(lang, id, ""),
        list_href: obs_path(lang, "/incidents"),
        facts: Facts {
            category: category_name(lang, i.category),
            area: area_name(state, &i.district, i.neighbourhood.as_deref()),
            month: month_label(lang, i.month),
            count: i.count,
            contributors: i.contributors,
            source: source_name(lang, i.source),
            status: status_name(lang, i.status),
            reference: i.reference.clone(),
            recorded_by,
            from_report,
        },
        can_accept: i.status != IncidentStatus::Accepted,
        can_reject: i.status != IncidentStatus::Rejected,
        message,
        f: view(state, lang, "inc", &form, &errors, choice),
    };
    render(&page, status, lang)
}

fn parse_id(state: &AppState, lang: crate::Lang, raw: &str) -> Result<IncidentId, PageError> {
    raw.parse::<IncidentId>()
        .map_err(|_| PageError::not_found(lang).with_config(&state.web))
}

/// `GET /espace/observatoire/incidents/{id}`.
pub async fn incident(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Query(pairs): Query<Pairs>,
) -> Response {
    let lang = staff.lang;
    let id = match parse_id(&state, lang, &raw) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let key = match field(&pairs, "fait") {
        "enregistre" => Some("staff-obs-done-recorded"),
        "corrige" => Some("staff-obs-done-corrected"),
        "accepte" => Some("staff-obs-done-accepted"),
        "rejete" => Some("staff-obs-done-rejected"),
        _ => None,
    };
    show(
        &state,
        &staff,
        id,
        key.map(|k| lang.t(k)),
        None,
        StatusCode::OK,
    )
    .await
}

/// The gate of an incident's forms: a valid id (else 404), the token for this incident (else 403),
/// then the policy (a refusal is audited, 403).
async fn gate(
    state: &AppState,
    staff: &Staff,
    raw: &str,
    pairs: &Pairs,
    action: Action,
) -> Result<IncidentId, Response> {
    let id = parse_id(state, staff.lang, raw).map_err(IntoResponse::into_response)?;
    check_post(
        state,
        staff,
        field(pairs, "csrf"),
        &purpose(id),
        action,
        &Resource::Instance,
    )
    .await
    .map_err(IntoResponse::into_response)?;
    Ok(id)
}

/// `POST /espace/observatoire/incidents/{id}/correction`: corrects the facts.
pub async fn correct(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    let id = match gate(&state, &staff, &raw, &pairs, Action::RecordIncident).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let form = form_from(&pairs);
    match state
        .app
        .correct_incident(&staff.principal, id, &form)
        .await
    {
        Ok(_) => Redirect::to(&incident_path(lang, id, "?fait=corrige")).into_response(),
        Err(AppError::InvalidIncident(errors)) => {
            show(
                &state,
                &staff,
                id,
                None,
                Some((form, errors)),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => obs_error(&state, lang, &e),
    }
}

/// `POST /espace/observatoire/incidents/{id}/revue`: `decision` is `accept` or `reject`.
pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    let id = match gate(&state, &staff, &raw, &pairs, Action::ReviewIncidents).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let (accept, done) = match field(&pairs, "decision") {
        "accept" => (true, "accepte"),
        "reject" => (false, "rejete"),
        _ => {
            return PageError::bad_request(lang, "error-400-form")
                .with_config(&state.web)
                .into_response();
        }
    };
    match state
        .app
        .review_incident(&staff.principal, id, accept)
        .await
    {
        Ok(()) => Redirect::to(&incident_path(lang, id, &format!("?fait={done}"))).into_response(),
        Err(e) => obs_error(&state, lang, &e),
    }
}
