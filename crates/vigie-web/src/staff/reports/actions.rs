//! The forms of a report's page: reply to the reporter, add a note, change the status, the labels,
//! the assignee, grant access to another handler or team, and (custodian) reveal or grant the
//! reporter's identity. Each passes its gate (the form's token, signed for this report and this
//! session, then the policy), then the app checks the report's policy and writes the audit log.
//! Success redirects to the page (303); a bad input re-shows the page with the error beside its
//! form (400).

use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_domain::report::ReportStatus;
use vigie_domain::{LabelId, ReportId, TeamId, UserId};

use super::page::{Extra, FormErrors, show};
use super::{IdentityForm, ReportDone, ReportForm, report_path};
use crate::session::Staff;
use crate::staff::kit::{OrPage, PageResult, Post, app_page, done, field, invalid, with_secret};
use crate::state::AppState;

/// Most labels a form may post (more than any admin defines).
const MAX_LABELS: usize = 200;

/// The end of every action: the redirect to the page saying `what` was done; or, for a bad input,
/// the page again with the error `beside` its form (400); or the error page.
async fn finish(
    state: &AppState,
    staff: &Staff,
    id: ReportId,
    result: Result<(), AppError>,
    what: ReportDone,
    beside: impl FnOnce(&mut Extra),
) -> PageResult {
    match result {
        Ok(()) => Ok(done(&report_path(staff.lang, id, ""), what)),
        Err(AppError::Invalid(_) | AppError::UnknownUser(_) | AppError::UnknownTeam(_)) => {
            let mut extra = Extra::default();
            beside(&mut extra);
            show(state, staff, id, extra, StatusCode::BAD_REQUEST).await
        }
        Err(other) => Err(app_page(state, staff.lang, &other)),
    }
}

/// The error beside a form: `slot` of the page's errors gets the message `key`.
fn error(
    lang: crate::Lang,
    slot: fn(&mut FormErrors) -> &mut Option<String>,
    key: &'static str,
) -> impl FnOnce(&mut Extra) {
    move |extra| *slot(&mut extra.errors) = Some(lang.t(key))
}

/// The two forms that post a text: a reply (sealed for the reporter) and a note (staff only).
#[derive(Clone, Copy)]
enum TextForm {
    Reply,
    Note,
}

async fn post_text(post: Post<ReportForm>, to: TextForm) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let text = field(&form, "text");
    let who = &staff.principal;
    let result = match staff.session.secret() {
        _ if text.trim().is_empty() => Err(invalid()),
        Ok(secret) => match to {
            TextForm::Reply => state.app.reply_to_reporter(who, &secret, id, text).await,
            TextForm::Note => state.app.add_note(who, &secret, id, text).await,
        },
        Err(e) => Err(e),
    };
    let message = Some(staff.lang.t("staff-report-error-text"));
    let what = match to {
        TextForm::Reply => ReportDone::Reply,
        TextForm::Note => ReportDone::Note,
    };
    // The error beside the form, and what was typed in it again.
    let again = |extra: &mut Extra| match to {
        TextForm::Reply => (extra.errors.reply, extra.reply) = (message, text.to_owned()),
        TextForm::Note => (extra.errors.note, extra.note) = (message, text.to_owned()),
    };
    finish(&state, &staff, id, result, what, again).await
}

/// `POST /espace/signalements/{id}/reponse`: a message to the reporter.
pub async fn reply(post: Post<ReportForm>) -> PageResult {
    post_text(post, TextForm::Reply).await
}

/// `POST /espace/signalements/{id}/note`: an internal note (never shown to the reporter).
pub async fn note(post: Post<ReportForm>) -> PageResult {
    post_text(post, TextForm::Note).await
}

/// `POST /espace/signalements/{id}/statut`.
pub async fn status(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let result = match field(&form, "status").parse::<ReportStatus>() {
        Ok(s) => state.app.set_report_status(&staff.principal, id, s).await,
        Err(_) => Err(invalid()),
    };
    let beside = error(staff.lang, |f| &mut f.status, "staff-report-error-status");
    finish(&state, &staff, id, result, ReportDone::Status, beside).await
}

/// `POST /espace/signalements/{id}/etiquettes`: replaces the labels (checkboxes `label`).
pub async fn labels(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let chosen: Option<Vec<LabelId>> = form
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
    let beside = error(staff.lang, |f| &mut f.labels, "staff-report-error-labels");
    finish(&state, &staff, id, result, ReportDone::Labels, beside).await
}

/// `POST /espace/signalements/{id}/attribution`: assigns the report to a handler (`assignee`, a user
/// id) or to nobody (empty).
pub async fn assign(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let assignee = match field(&form, "assignee") {
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
    let beside = error(staff.lang, |f| &mut f.assign, "staff-report-error-person");
    finish(&state, &staff, id, result, ReportDone::Assign, beside).await
}

/// Whom access goes to: the form's field, and the message beside the form when it names nobody.
#[derive(Clone, Copy)]
enum Grantee {
    Person,
    Team,
}

async fn grant(post: Post<ReportForm>, to: Grantee) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let secret = staff.session.secret().or_page(&state, staff.lang)?;
    let (field_name, key) = match to {
        Grantee::Person => ("user", "staff-report-error-person"),
        Grantee::Team => ("team", "staff-report-error-team"),
    };
    let result = match to {
        Grantee::Person => match field(&form, field_name).parse::<UserId>() {
            Ok(user) => {
                state
                    .app
                    .grant_user(&staff.principal, &secret, id, user)
                    .await
            }
            Err(_) => Err(invalid()),
        },
        Grantee::Team => match field(&form, field_name).parse::<TeamId>() {
            Ok(team) => {
                state
                    .app
                    .grant_team(&staff.principal, &secret, id, team)
                    .await
            }
            Err(_) => Err(invalid()),
        },
    };
    let beside = error(staff.lang, |f| &mut f.grant, key);
    finish(&state, &staff, id, result, ReportDone::Grant, beside).await
}

/// `POST /espace/signalements/{id}/acces/personne`: gives another handler the report's keys.
pub async fn grant_person(post: Post<ReportForm>) -> PageResult {
    grant(post, Grantee::Person).await
}

/// `POST /espace/signalements/{id}/acces/equipe`: gives another team the report's keys.
pub async fn grant_team(post: Post<ReportForm>) -> PageResult {
    grant(post, Grantee::Team).await
}

/// `POST /espace/signalements/{id}/acces/retrait`: revokes a person's or another team's access;
/// the report's keys are rotated for what it receives from now on.
pub async fn revoke(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let result = match field(&form, "reader").parse::<vigie_app::reports::Reader>() {
        Ok(reader) => state.app.revoke_access(&staff.principal, id, reader).await,
        Err(_) => Err(invalid()),
    };
    let beside = error(staff.lang, |f| &mut f.grant, "staff-report-error-revoke");
    finish(&state, &staff, id, result, ReportDone::Revoke, beside).await
}

/// `POST /espace/signalements/{id}/identite`: shows the name or contact the reporter gave, once, on
/// purpose (the custodian, or a handler they granted). Audited by the app.
pub async fn reveal_identity(post: Post<IdentityForm>) -> PageResult {
    let (state, staff, id, _) = post.parts();
    let lang = staff.lang;
    let identity = with_secret(&state, &staff, async |app, who, secret| {
        app.read_identity(who, secret, id).await
    })
    .await?;
    let mut extra = Extra::default();
    match identity {
        Some(identity) => extra.identity = Some(identity),
        None => extra.errors.identity = Some(lang.t("staff-report-identity-none")),
    }
    show(&state, &staff, id, extra, StatusCode::OK).await
}

/// `POST /espace/signalements/{id}/identite/acces`: the custodian grants a handler (`user`) the
/// reporter's identity.
pub async fn grant_identity(post: Post<IdentityForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let result = match (
        field(&form, "user").parse::<UserId>(),
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
    let beside = error(staff.lang, |f| &mut f.identity, "staff-report-error-person");
    finish(&state, &staff, id, result, ReportDone::Identity, beside).await
}
