//! Administration of teams: list, create (empty; a report team takes handlers only, a casework team
//! caseworkers only), add a member (an admin who is a member passes the team's history on; otherwise
//! a new key generation starts and the newcomer reads what arrives from then on), remove a member
//! (the team key is rotated), name the casework team that help requests reach.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::{AppError, Joined, TeamKeySource};
use vigie_domain::AuditActor;
use vigie_domain::keys::TeamKind;

use super::{TeamsDone, TeamsForm, error_key};
use crate::PageError;
use crate::session::Staff;
use crate::staff::kit::from_pairs;
use crate::staff::kit::{Landed, OrPage, PageResult, Post, View, done};
use crate::staff::{StaffPage, render, staff_page, staff_template};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "staff/teams.html")]
struct TeamsPage {
    page: StaffPage,
    teams: Vec<vigie_app::TeamSummary>,
    message: Option<String>,
    error: Option<String>,
}

staff_template!(TeamsPage);

/// `GET /espace/admin/equipes`.
pub async fn teams(view: View<TeamsForm>) -> PageResult {
    let message = view.notice::<TeamsDone>();
    let (state, staff, _) = view.parts();
    page(&state, &staff, StatusCode::OK, message, None).await
}

async fn page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    message: Option<String>,
    error: Option<String>,
) -> PageResult {
    let lang = staff.lang;
    let teams = state.app.list_teams().await.or_page(state, lang)?;
    let page = TeamsPage {
        page: staff_page(state, staff, "staff-teams-title", "/espace/admin/equipes")
            .with_form::<TeamsForm>(state, staff, &()),
        teams,
        message,
        error,
    };
    Ok(render(&page, status, lang))
}

/// Every team form: the team's name and, for membership changes, a user name; for a new team,
/// its kind.
pub struct TeamForm {
    team: String,
    username: String,
    kind: String,
}

from_pairs!(TeamForm { team, username, kind; ticks: ; lists: });

/// The end of every team form: the redirect, the page again with an error an admin can fix (422),
/// or the 500 page.
async fn finish(
    state: &AppState,
    staff: &Staff,
    result: Result<TeamsDone, vigie_app::AppError>,
) -> PageResult {
    let lang = staff.lang;
    match result {
        Ok(what) => Ok(done(&lang.path("/espace/admin/equipes"), what)),
        Err(e) => match error_key(&e) {
            Some(key) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                page(state, staff, status, None, Some(lang.t(key))).await
            }
            None => {
                tracing::error!(error = %e, "team change failed");
                Err(PageError::internal(lang))
            }
        },
    }
}

/// `POST /espace/admin/equipes`.
pub async fn create(post: Post<TeamsForm, TeamForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let actor = AuditActor::Staff(staff.principal.id);
    // A form without the choice (an older page) creates a report team, as it always did.
    let kind = match form.kind.as_str() {
        "" => Ok(TeamKind::Report),
        k => k
            .parse::<TeamKind>()
            .map_err(|_| AppError::Invalid(format!("unknown team kind `{k}`"))),
    };
    let result = match kind {
        Ok(kind) => state
            .app
            .create_team_of_kind(actor, &form.team, kind, &[])
            .await
            .map(|_| match kind {
                TeamKind::Report => TeamsDone::Created,
                TeamKind::Casework => TeamsDone::CreatedCasework,
            }),
        Err(e) => Err(e),
    };
    finish(&state, &staff, result).await
}

/// `POST /espace/admin/equipes/demandes-aide`: help requests reach this casework team from now on.
pub async fn help_requests(post: Post<TeamsForm, TeamForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let actor = AuditActor::Staff(staff.principal.id);
    let result = state.app.set_help_team(actor, &form.team).await;
    finish(&state, &staff, result.map(|_| TeamsDone::HelpRequests)).await
}

/// `POST /espace/admin/equipes/ajout`.
pub async fn add(post: Post<TeamsForm, TeamForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let joined = async {
        let (me, secret) = (staff.principal.id, staff.session.secret()?);
        let key = TeamKeySource::Member(me, &secret);
        let app = &state.app;
        app.add_team_member(AuditActor::Staff(me), key, &form.team, &form.username)
            .await
    };
    let done = joined.await.map(|joined| match joined {
        Joined::WithHistory => TeamsDone::Added,
        Joined::FromNow => TeamsDone::AddedFromNow,
    });
    finish(&state, &staff, done).await
}

/// `POST /espace/admin/equipes/retrait`.
pub async fn remove(post: Post<TeamsForm, TeamForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let actor = AuditActor::Staff(staff.principal.id);
    let result = state
        .app
        .remove_team_member(actor, &form.team, &form.username)
        .await;
    finish(&state, &staff, result.map(|()| TeamsDone::Removed)).await
}
