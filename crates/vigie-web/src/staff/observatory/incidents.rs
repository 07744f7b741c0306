//! Incidents, for analysts: the form that records one from an outside source, and an incident's page (its facts, the review buttons, the correction form). The
//! app checks the policy and writes the audit log (`incident_changed`); success redirects (303), a bad
//! form comes back with each error beside its field (400).

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_domain::IncidentId;
use vigie_domain::observatory::{Incident, IncidentForm, IncidentStatus, SourceType};

use super::form::{FieldErrors, IncidentFormView, SourceChoice, form_from, view};
use super::{
    CorrectForm, IncidentDone, NewIncidentForm, ReviewForm, area_name, current_month,
    incident_path, month_label, obs_path, staff_template,
};
use crate::PageError;
use crate::session::Staff;
use crate::staff::kit::{ItemPage, Landed, OrPage, PageResult, Post, View, ask, done, field};
use crate::staff::words::word;
use crate::staff::{StaffPage, item_page, render, staff_page};
use crate::state::AppState;

// Recording.

#[derive(Template)]
#[template(path = "staff/observatory/new.html")]
struct NewPage {
    page: StaffPage,
    action: String,
    f: IncidentFormView,
}

staff_template!(NewPage);

fn new_page(
    state: &AppState,
    staff: &Staff,
    form: &IncidentForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> PageResult {
    let lang = staff.lang;
    let page = NewPage {
        page: staff_page(
            state,
            staff,
            "staff-obs-new-title",
            "/espace/observatoire/incidents/nouveau",
        )
        .with_form::<NewIncidentForm>(state, staff, &()),
        action: obs_path(lang, "/incidents/nouveau"),
        f: view(state, lang, "inc", form, errors, SourceChoice::Outside),
    };
    Ok(render(&page, status, lang))
}

/// `GET /espace/observatoire/incidents/nouveau`.
pub async fn new_form(view: View<NewIncidentForm>) -> PageResult {
    let (state, staff, _) = view.parts();
    let form = IncidentForm {
        month: current_month(&state).to_string(),
        count: "1".into(),
        contributors: "1".into(),
        ..IncidentForm::default()
    };
    new_page(&state, &staff, &form, &Vec::new(), StatusCode::OK)
}

/// `POST /espace/observatoire/incidents/nouveau`: records an incident from an outside source.
pub async fn record(post: Post<NewIncidentForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
    let form = form_from(&form);
    match state.app.record_incident(&staff.principal, &form).await {
        Ok(i) => Ok(done(&incident_path(lang, i.id, ""), IncidentDone::Recorded)),
        Err(AppError::InvalidIncident(errors)) => {
            new_page(&state, &staff, &form, &errors, StatusCode::BAD_REQUEST)
        }
        Err(e) => Err(e).or_page(&state, lang),
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
    page: StaffPage,
    base: String,
    list_href: String,
    facts: Facts,
    can_accept: bool,
    can_reject: bool,
    message: Option<String>,
    f: IncidentFormView,
}

staff_template!(IncidentPage);

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
) -> PageResult {
    let lang = staff.lang;
    let i = ask(state, staff, async |app, who| app.incident(who, id).await).await?;
    let names = state.app.staff_names().await.or_page(state, lang)?;
    let recorded_by = names.user(i.recorded_by);
    let from_report = i.source == SourceType::Report;
    let choice = if from_report {
        SourceChoice::Fixed
    } else {
        SourceChoice::Outside
    };
    let (form, errors) = typed.unwrap_or_else(|| (form_of(&i), Vec::new()));
    let heading = lang.t_args(
        "staff-obs-incident-heading",
        &[
            ("category", word(lang, i.category)),
            ("month", month_label(lang, i.month)),
        ],
    );
    let path = format!("/espace/observatoire/incidents/{id}");
    let shell = item_page::<CorrectForm>(state, staff, (&id, &path), heading);
    let page = IncidentPage {
        page: shell,
        base: incident_path(lang, id, ""),
        list_href: obs_path(lang, "/incidents"),
        facts: Facts {
            category: word(lang, i.category),
            area: area_name(state, &i.district, i.neighbourhood.as_deref()),
            month: month_label(lang, i.month),
            count: i.count,
            contributors: i.contributors,
            source: word(lang, i.source),
            status: word(lang, i.status),
            reference: i.reference.clone(),
            recorded_by,
            from_report,
        },
        can_accept: i.status != IncidentStatus::Accepted,
        can_reject: i.status != IncidentStatus::Rejected,
        message,
        f: view(state, lang, "inc", &form, &errors, choice),
    };
    Ok(render(&page, status, lang))
}

/// `GET /espace/observatoire/incidents/{id}`.
pub async fn incident(page: ItemPage<IncidentId>) -> PageResult {
    let message = page.notice::<IncidentDone>();
    let (state, staff, id, _) = page.parts();
    show(&state, &staff, id, message, None, StatusCode::OK).await
}

/// `POST /espace/observatoire/incidents/{id}/correction`: corrects the facts.
pub async fn correct(post: Post<CorrectForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let form = form_from(&form);
    match state
        .app
        .correct_incident(&staff.principal, id, &form)
        .await
    {
        Ok(_) => Ok(done(&incident_path(lang, id, ""), IncidentDone::Corrected)),
        Err(AppError::InvalidIncident(errors)) => {
            let typed = Some((form, errors));
            show(&state, &staff, id, None, typed, StatusCode::BAD_REQUEST).await
        }
        Err(e) => Err(e).or_page(&state, lang),
    }
}

/// `POST /espace/observatoire/incidents/{id}/revue`: `decision` is `accept` or `reject`.
pub async fn review(post: Post<ReviewForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let (accept, what) = match field(&form, "decision") {
        "accept" => (true, IncidentDone::Accepted),
        "reject" => (false, IncidentDone::Rejected),
        _ => return Err(PageError::bad_request(lang, "error-400-form").with_config(&state.web)),
    };
    state
        .app
        .review_incident(&staff.principal, id, accept)
        .await
        .or_page(&state, lang)?;
    Ok(done(&incident_path(lang, id, ""), what))
}
