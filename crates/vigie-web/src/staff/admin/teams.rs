//! Administration of teams: list, create (empty: report teams take handlers only), add a member (an
//! admin who is a member passes the team's history on; otherwise a new key generation starts and the
//! newcomer reads what arrives from then on), remove a member (the team key is rotated).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_app::{Joined, TeamKeySource};
use vigie_domain::{Action, AuditActor, Resource};

use super::admin_users::error_key;
use super::{NavItem, StaffPage, check_post, staff_page};
use super::{render, require};
use crate::session::Staff;
use crate::state::AppState;
use crate::{PageError, csrf};

#[derive(Template)]
#[template(path = "staff/teams.html")]
struct TeamsPage {
    ctx: crate::layout::PageCtx,
    nav: Vec<NavItem>,
    csrf: String,
    teams: Vec<vigie_app::TeamSummary>,
    message: Option<String>,
    error: Option<String>,
}

/// Query after an action.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    fait: Option<String>,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    message: Option<String>,
    error: Option<String>,
) -> Response {
    let lang = staff.lang;
    let teams = match state.app.list_teams().await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "team list failed");
            return PageError::internal(lang).into_response();
        }
    };
    let StaffPage { ctx, nav } =
        staff_page(state, staff, "staff-teams-title", "/espace/admin/equipes");
    let csrf = csrf::issue(state, "teams", &staff.session.csrf_binding());
    render(
        &TeamsPage {
            ctx,
            nav,
            csrf,
            teams,
            message,
            error,
        },
        status,
        lang,
    )
}

/// `GET /espace/admin/equipes`.
pub async fn teams(
    State(state): State<AppState>,
    staff: Staff,
    Query(done): Query<Done>,
) -> Response {
    if let Err(e) = require(&state, &staff, Action::ManageTeams, &Resource::Instance).await {
        return e.into_response();
    }
    let key = match done.fait.as_deref() {
        Some("creee") => Some("staff-teams-created"),
        Some("ajout") => Some("staff-teams-added"),
        Some("ajout-nouveau") => Some("staff-teams-added-from-now"),
        Some("retrait") => Some("staff-teams-removed"),
        _ => None,
    };
    page(
        &state,
        &staff,
        StatusCode::OK,
        key.map(|k| staff.lang.t(k)),
        None,
    )
    .await
}

/// Every team form: the team's name and, for membership changes, a user name.
#[derive(Deserialize)]
pub struct TeamForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    username: String,
}

#[derive(Clone, Copy)]
enum Change {
    Create,
    Add,
    Remove,
}

async fn change(state: AppState, staff: Staff, form: TeamForm, what: Change) -> Response {
    let lang = staff.lang;
    if let Err(e) = check_post(
        &state,
        &staff,
        &form.csrf,
        "teams",
        Action::ManageTeams,
        &Resource::Instance,
    )
    .await
    {
        return e.into_response();
    }
    let me = staff.principal.id;
    let result = match what {
        Change::Create => state
            .app
            .create_team(AuditActor::Staff(me), &form.team, &[])
            .await
            .map(|_| "creee"),
        Change::Add => match staff.session.secret() {
            Ok(secret) => state
                .app
                .add_team_member(
                    AuditActor::Staff(me),
                    TeamKeySource::Member(me, &secret),
                    &form.team,
                    &form.username,
                )
                .await
                .map(|joined| match joined {
                    Joined::WithHistory => "ajout",
                    Joined::FromNow => "ajout-nouveau",
                }),
            Err(e) => Err(e),
        },
        Change::Remove => state
            .app
            .remove_team_member(AuditActor::Staff(me), &form.team, &form.username)
            .await
            .map(|()| "retrait"),
    };
    match result {
        Ok(done) => {
            Redirect::to(&lang.path(&format!("/espace/admin/equipes?fait={done}"))).into_response()
        }
        Err(e) => match error_key(&e) {
            Some(key) => {
                page(
                    &state,
                    &staff,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    None,
                    Some(lang.t(key)),
                )
                .await
            }
            None => {
                tracing::error!(error = %e, "team change failed");
                PageError::internal(lang).into_response()
            }
        },
    }
}

/// `POST /espace/admin/equipes`.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<TeamForm>,
) -> Response {
    change(state, staff, form, Change::Create).await
}

/// `POST /espace/admin/equipes/ajout`.
pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<TeamForm>,
) -> Response {
    change(state, staff, form, Change::Add).await
}

/// `POST /espace/admin/equipes/retrait`.
pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<TeamForm>,
) -> Response {
    change(state, staff, form, Change::Remove).await
}
