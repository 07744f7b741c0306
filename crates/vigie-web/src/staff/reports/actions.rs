//! The forms of a report's page: reply to the reporter, add a note, change the status, the labels,
//! the assignee, grant access to another handler or team, and (custodian) reveal or grant the
//! reporter's identity. Each checks the form's token (signed for this report and this session), then
//! the app checks the policy and writes the audit log. Success redirects to the page (303); a bad
//! input re-shows the page with the error beside its form (400).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigie_app::AppError;
use vigie_domain::report::ReportStatus;
use vigie_domain::{Action, LabelId, ReportId, Resource, TeamId, UserId};

use super::check_post;
use super::report_page::{Extra, FormErrors, parse_id, show};
use super::reports::{app_error, field, purpose, report_path};
use crate::session::Staff;
use crate::state::AppState;

/// A posted form, as pairs (repeated keys for checkboxes; a duplicate never fails the parse).
pub(super) type Pairs = Vec<(String, String)>;

/// Most labels a form may post (more than any admin defines).
const MAX_LABELS: usize = 200;

/// The gate of every form of a report's page: a valid id (else 404), the form's token for this
/// report (else 403), then the policy for `action` (a refusal is audited, 403).
pub(super) async fn gate(
    state: &AppState,
    staff: &Staff,
    raw: &str,
    pairs: &Pairs,
    action: Action,
) -> Result<ReportId, Response> {
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

fn done(staff: &Staff, id: ReportId, what: &str) -> Response {
    Redirect::to(&report_path(staff.lang, id, &format!("?fait={what}"))).into_response()
}

/// After a failed action: the page again with `extra` (the error beside its form) for a bad input
/// (400), the error page for anything else.
async fn refused(
    state: &AppState,
    staff: &Staff,
    id: ReportId,
    e: AppError,
    extra: Extra,
) -> Response {
    match e {
        AppError::Invalid(_) | AppError::UnknownUser(_) | AppError::UnknownTeam(_) => {
            show(state, staff, id, extra, StatusCode::BAD_REQUEST).await
        }
        other => app_error(state, staff.lang, &other),
    }
}

fn invalid() -> AppError {
    AppError::Invalid("bad input".into())
}

fn error_extra(set: impl FnOnce(&mut FormErrors)) -> Extra {
    let mut extra = Extra::default();
    set(&mut extra.errors);
    extra
}

/// The two forms that post a text: a reply (sealed for the reporter) and a note (staff only).
#[derive(Clone, Copy)]
enum TextForm {
    Reply,
    Note,
}

async fn post_text(
    state: &AppState,
    staff: &Staff,
    raw: &str,
    pairs: &Pairs,
    form: TextForm,
) -> Response {
    let id = match gate(state, staff, raw, pairs, Action::ListReports).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let text = field(pairs, "text");
    let result = if text.trim().is_empty() {
        Err(invalid())
    } else {
        match staff.session.secret() {
            Ok(secret) => match form {
                TextForm::Reply => {
                    state
                        .app
                        .reply_to_reporter(&staff.principal, &secret, id, text)
                        .await
                }
                TextForm::Note => {
                    state
                        .app
                        .add_note(&staff.principal, &secret, id, text)
                        .await
                }
            },
            Err(e) => Err(e),
        }
    };
    let error = || Some(staff.lang.t("staff-report-error-text"));
    match (result, form) {
        (Ok(()), TextForm::Reply) => done(staff, id, "reponse"),
        (Ok(()), TextForm::Note) => done(staff, id, "note"),
        (Err(e), TextForm::Reply) => {
            let mut extra = error_extra(|f| f.reply = error());
            extra.reply = text.to_owned();
            refused(state, staff, id, e, extra).await
        }
        (Err(e), TextForm::Note) => {
            let mut extra = error_extra(|f| f.note = error());
            extra.note = text.to_owned();
            refused(state, staff, id, e, extra).await
        }
    }
}

/// `POST /espace/signalements/{id}/reponse`: a message to the reporter.
pub async fn reply(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    post_text(&state, &staff, &raw, &pairs, TextForm::Reply).await
}

/// `POST /espace/signalements/{id}/note`: an internal note (never shown to the reporter).
pub async fn note(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    post_text(&state, &staff, &raw, &pairs, TextForm::Note).await
}

/// `POST /espace/signalements/{id}/statut`.
pub async fn status(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let id = match gate(&state, &staff, &raw, &pairs, Action::ListReports).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let result = match field(&pairs, "status").parse::<ReportStatus>() {
        Ok(s) => state.app.set_report_status(&staff.principal, id, s).await,
        Err(_) => Err(invalid()),
    };
    match result {
        Ok(()) => done(&staff, id, "statut"),
        Err(e) => {
            let extra = error_extra(|f| f.status = Some(staff.lang.t("staff-report-error-status")));
            refused(&state, &staff, id, e, extra).await
        }
    }
}

/// `POST /espace/signalements/{id}/etiquettes`: replaces the labels (checkboxes `label`).
pub async fn labels(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let id = match gate(&state, &staff, &raw, &pairs, Action::ListReports).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let chosen: Option<Vec<LabelId>> = pairs
        .iter()
        .filter(|(k, _)| k == "label")
        .take(MAX_LABELS + 1)
        .map(|(_, v)| v.parse::<LabelId>().ok())
        .collect();
    let result = match chosen.filter(|c| c.len() <= MAX_LABELS) {
        Some(mut list) => {
            list.sort();
            list.dedup();
            state
                .app
                .set_report_labels(&staff.principal, id, &list)
                .await
        }
        None => Err(invalid()),
    };
    match result {
        Ok(()) => done(&staff, id, "etiquettes"),
        Err(e) => {
            let extra = error_extra(|f| f.labels = Some(staff.lang.t("staff-report-error-labels")));
            refused(&state, &staff, id, e, extra).await
        }
    }
}

/// `POST /espace/signalements/{id}/attribution`: assigns the report to a handler (`assignee`, a user
/// id) or to nobody (empty).
pub async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let id = match gate(&state, &staff, &raw, &pairs, Action::ListReports).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let assignee = match field(&pairs, "assignee") {
        "" => Ok(None),
        v => v.parse::<UserId>().map(Some).map_err(|_| invalid()),
    };
    let result = match (assignee, staff.session.secret()) {
        (Ok(assignee), Ok(secret)) => {
            state
                .app
                .assign_report(&staff.principal, &secret, id, assignee)
                .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match result {
        Ok(()) => done(&staff, id, "attribution"),
        Err(e) => {
            let extra = error_extra(|f| f.assign = Some(staff.lang.t("staff-report-error-person")));
            refused(&state, &staff, id, e, extra).await
        }
    }
}

/// Whom access goes to.
#[derive(Clone, Copy)]
enum Grantee {
    Person,
    Team,
}

async fn grant(state: AppState, staff: Staff, raw: String, pairs: Pairs, to: Grantee) -> Response {
    let id = match gate(&state, &staff, &raw, &pairs, Action::ListReports).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let secret = match staff.session.secret() {
        Ok(s) => s,
        Err(e) => return app_error(&state, staff.lang, &e),
    };
    let result = match to {
        Grantee::Person => match field(&pairs, "user").parse::<UserId>() {
            Ok(user) => {
                state
                    .app
                    .grant_user(&staff.principal, &secret, id, user)
                    .await
            }
            Err(_) => Err(invalid()),
        },
        Grantee::Team => match field(&pairs, "team").parse::<TeamId>() {
            Ok(team) => {
                state
                    .app
                    .grant_team(&staff.principal, &secret, id, team)
                    .await
            }
            Err(_) => Err(invalid()),
        },
    };
    match result {
        Ok(()) => done(&staff, id, "acces"),
        Err(e) => {
            let key = match to {
                Grantee::Person => "staff-report-error-person",
                Grantee::Team => "staff-report-error-team",
            };
            let extra = error_extra(|f| f.grant = Some(staff.lang.t(key)));
            refused(&state, &staff, id, e, extra).await
        }
    }
}

/// `POST /espace/signalements/{id}/acces/personne`: gives another handler the report's keys.
pub async fn grant_person(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    grant(state, staff, raw, pairs, Grantee::Person).await
}

/// `POST /espace/signalements/{id}/acces/equipe`: gives another team the report's keys.
pub async fn grant_team(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    grant(state, staff, raw, pairs, Grantee::Team).await
}

/// `POST /espace/signalements/{id}/acces/retrait`: revokes a person's or another team's access;
/// the report's keys are rotated for what it receives from now on.
pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let id = match gate(&state, &staff, &raw, &pairs, Action::ListReports).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let result = match field(&pairs, "reader").parse::<vigie_app::reports::Reader>() {
        Ok(reader) => state.app.revoke_access(&staff.principal, id, reader).await,
        Err(_) => Err(invalid()),
    };
    match result {
        Ok(()) => done(&staff, id, "retrait"),
        Err(e) => {
            let extra = error_extra(|f| f.grant = Some(staff.lang.t("staff-report-error-revoke")));
            refused(&state, &staff, id, e, extra).await
        }
    }
}

/// `POST /espace/signalements/{id}/identite`: shows the name or contact the reporter gave, once, on
/// purpose (the custodian, or a handler they granted). Audited by the app.
pub async fn reveal_identity(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let id = match gate(&state, &staff, &raw, &pairs, Action::EnterStaffArea).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let secret = match staff.session.secret() {
        Ok(s) => s,
        Err(e) => return app_error(&state, staff.lang, &e),
    };
    match state.app.read_identity(&staff.principal, &secret, id).await {
        Ok(Some(identity)) => {
            let extra = Extra {
                identity: Some(identity),
                ..Extra::default()
            };
            show(&state, &staff, id, extra, StatusCode::OK).await
        }
        Ok(None) => {
            let extra = error_extra(|f| {
                f.identity = Some(staff.lang.t("staff-report-identity-none"));
            });
            show(&state, &staff, id, extra, StatusCode::OK).await
        }
        Err(e) => app_error(&state, staff.lang, &e),
    }
}

/// `POST /espace/signalements/{id}/identite/acces`: the custodian grants a handler (`user`) the
/// reporter's identity.
pub async fn grant_identity(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let id = match gate(&state, &staff, &raw, &pairs, Action::EnterStaffArea).await {
        Ok(id) => id,
        Err(r) => return r,
    };
    let result = match (
        field(&pairs, "user").parse::<UserId>(),
        staff.session.secret(),
    ) {
        (Ok(user), Ok(secret)) => {
            state
                .app
                .grant_identity(&staff.principal, &secret, id, user)
                .await
        }
        (Err(_), _) => Err(invalid()),
        (_, Err(e)) => Err(e),
    };
    match result {
        Ok(()) => done(&staff, id, "identite"),
        Err(e) => {
            let extra =
                error_extra(|f| f.identity = Some(staff.lang.t("staff-report-error-person")));
            refused(&state, &staff, id, e, extra).await
        }
    }
}
