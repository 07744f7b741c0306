//! The forms of a report's page: reply to the reporter, add a note, change the status, the labels,
//! the assignee, grant access to another handler or team, and (custodian) reveal or grant the
//! reporter's identity. Each passes its gate (the form's token, signed for this report and this
//! session, then the policy), then the app checks the report's policy and writes the audit log.
//! Success redirects to the page (303); a bad input re-shows the page with the error beside its
//! form (400).

use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::reports::{Reader, Writing};
use vigie_domain::report::ReportStatus;
use vigie_domain::{LabelId, ReportId, TeamId, UserId};

use super::page::{Extra, FormErrors, show};
use super::{IdentityForm, ReportDone, ReportForm, report_path};
use crate::session::Staff;
use crate::staff::kit::{
    OrPage, PageResult, Pairs, Post, app_page, done, field, invalid, with_secret,
};
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

/// Field `name` of `form` read as a `T` and given to `then`; anything else is an invalid input.
async fn parsed<T: std::str::FromStr>(
    form: &Pairs,
    name: &str,
    then: impl AsyncFnOnce(T) -> Result<(), AppError>,
) -> Result<(), AppError> {
    match field(form, name).parse::<T>() {
        Ok(value) => then(value).await,
        Err(_) => Err(invalid()),
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

/// The two forms that post a text.
#[derive(Clone, Copy)]
pub(in crate::staff) enum TextForm {
    /// `POST /espace/signalements/{id}/reponse`: a message to the reporter (sealed for them).
    Reply,
    /// `POST /espace/signalements/{id}/note`: an internal note (never shown to the reporter).
    Note,
}

/// A reply or a note (the routes say which).
pub(in crate::staff) async fn text(post: Post<ReportForm>, to: TextForm) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let text = field(&form, "text");
    let who = &staff.principal;
    let result = match staff.session.secret() {
        _ if text.trim().is_empty() => Err(invalid()),
        Ok(secret) => {
            let what = match to {
                TextForm::Reply => Writing::ReplyToReporter,
                TextForm::Note => Writing::Note,
            };
            state.app.write(who, &secret, id, text, what).await
        }
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

/// `POST /espace/signalements/{id}/statut`.
pub async fn status(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let who = &staff.principal;
    let result = parsed(&form, "status", async |s: ReportStatus| {
        state.app.set_report_status(who, id, s).await
    })
    .await;
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

/// The access forms of a report's page.
#[derive(Clone, Copy)]
pub(in crate::staff) enum Access {
    /// `POST /espace/signalements/{id}/acces/personne`: gives another handler (field `user`) the
    /// report's keys.
    Person,
    /// `POST /espace/signalements/{id}/acces/equipe`: gives another team (field `team`) the keys.
    Team,
    /// `POST /espace/signalements/{id}/acces/retrait`: revokes a person's or another team's access
    /// (field `reader`); the report's keys are rotated for what it receives from now on.
    Revoke,
}

/// Grants or revokes access to the report (the routes say which form).
pub(in crate::staff) async fn access(post: Post<ReportForm>, form_of: Access) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let (app, who) = (&state.app, &staff.principal);
    let (result, key, what) = match form_of {
        Access::Revoke => {
            let revoke = async |reader: Reader| app.revoke_access(who, id, reader).await;
            let result = parsed(&form, "reader", revoke).await;
            (result, "staff-report-error-revoke", ReportDone::Revoke)
        }
        Access::Person => {
            let secret = staff.session.secret().or_page(&state, staff.lang)?;
            let to_user = async |user: UserId| app.grant_user(who, &secret, id, user).await;
            let result = parsed(&form, "user", to_user).await;
            (result, "staff-report-error-person", ReportDone::Grant)
        }
        Access::Team => {
            let secret = staff.session.secret().or_page(&state, staff.lang)?;
            let to_team = async |team: TeamId| app.grant_team(who, &secret, id, team).await;
            let result = parsed(&form, "team", to_team).await;
            (result, "staff-report-error-team", ReportDone::Grant)
        }
    };
    let beside = error(staff.lang, |f| &mut f.grant, key);
    finish(&state, &staff, id, result, what, beside).await
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
