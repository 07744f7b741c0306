//! Administration of accounts: list, create (one-time password shown once), disable, reset 2FA.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_app::{AppError, NewAccount};
use vigie_domain::{Action, AuditActor, Resource, Role, RoleSet};

use super::{NavItem, StaffPage, check_post, role_names, staff_page};
use super::{render, require};
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

/// A user as the table shows it.
pub struct UserLine {
    name: String,
    roles: String,
    has_2fa: bool,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "staff/users.html")]
struct UsersPage {
    ctx: crate::layout::PageCtx,
    nav: Vec<NavItem>,
    csrf: String,
    users: Vec<UserLine>,
    roles: Vec<(String, String)>,
    message: Option<String>,
    error: Option<String>,
    created: Option<(String, String)>,
    new_name: String,
}

/// Query after an action (which message to show).
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    fait: Option<String>,
}

/// The message key for an error an admin can fix.
pub(super) fn error_key(e: &AppError) -> Option<&'static str> {
    Some(match e {
        AppError::UnknownUser(_) => "staff-error-unknown-user",
        AppError::Exists(_) => "staff-error-exists",
        AppError::Rule(_) => "staff-error-bad-username",
        AppError::LastAdmin(_) => "staff-error-last-admin",
        AppError::SelfAction => "staff-error-self",
        AppError::NotTeamMember => "staff-error-not-member",
        AppError::UnknownTeam(_) | AppError::Invalid(_) => "staff-error-invalid",
        _ => return None,
    })
}

async fn page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    message: Option<String>,
    error: Option<String>,
    created: Option<(String, String)>,
    new_name: String,
) -> Response {
    let lang = staff.lang;
    let users = match state.app.list_users().await {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(error = %e, "user list failed");
            return PageError::internal(lang).into_response();
        }
    };
    let StaffPage { ctx, nav } = staff_page(
        state,
        staff,
        "staff-users-title",
        "/espace/admin/utilisateurs",
    );
    let page = UsersPage {
        ctx,
        nav,
        csrf: csrf::issue(state, "users", &staff.session.csrf_binding()),
        users: users
            .into_iter()
            .map(|u| UserLine {
                name: u.username,
                roles: role_names(lang, u.roles),
                has_2fa: u.has_2fa,
                disabled: u.disabled,
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), lang.role_name(*r)))
            .collect(),
        message,
        error,
        created,
        new_name,
    };
    render(&page, status, lang)
}

/// `GET /espace/admin/utilisateurs`.
pub async fn users(
    State(state): State<AppState>,
    staff: Staff,
    Query(done): Query<Done>,
) -> Response {
    if let Err(e) = require(&state, &staff, Action::ManageUsers, &Resource::Instance).await {
        return e.into_response();
    }
    let message = match done.fait.as_deref() {
        Some("desactive") => Some(staff.lang.t("staff-users-disabled-done")),
        Some("2fa") => Some(staff.lang.t("staff-users-2fa-reset-done")),
        _ => None,
    };
    page(
        &state,
        &staff,
        StatusCode::OK,
        message,
        None,
        None,
        String::new(),
    )
    .await
}

/// The account creation form: a name and one or more `role` fields (repeated keys, hence pairs).
pub struct CreateForm {
    csrf: String,
    username: String,
    role: Vec<String>,
    contact: String,
}

impl CreateForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = CreateForm {
            csrf: String::new(),
            username: String::new(),
            role: Vec::new(),
            contact: String::new(),
        };
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => form.csrf = v,
                "username" => form.username = v,
                "contact" => form.contact = v,
                "role" if form.role.len() < Role::ALL.len() => form.role.push(v),
                _ => {}
            }
        }
        form
    }
}

fn failure(state: &AppState, lang: Lang, e: &AppError) -> Result<String, PageError> {
    match error_key(e) {
        Some(key) => Ok(lang.t(key)),
        None => {
            tracing::error!(error = %e, "administration action failed");
            Err(PageError::internal(lang).with_config(&state.web))
        }
    }
}

/// The page again with the error an admin can fix (422), or the 500 page for anything else.
async fn refused(state: &AppState, staff: &Staff, e: &AppError, new_name: String) -> Response {
    match failure(state, staff.lang, e) {
        Ok(msg) => {
            page(
                state,
                staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(msg),
                None,
                new_name,
            )
            .await
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /espace/admin/utilisateurs`: creates an account and shows its one-time password once.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = CreateForm::from_pairs(pairs);
    let lang = staff.lang;
    if let Err(e) = check_post(
        &state,
        &staff,
        &form.csrf,
        "users",
        Action::ManageUsers,
        &Resource::Instance,
    )
    .await
    {
        return e.into_response();
    }
    let roles: Option<RoleSet> = form.role.iter().map(|r| r.parse::<Role>().ok()).collect();
    let Some(roles) = roles.filter(|r| !r.is_empty()) else {
        let msg = lang.t("staff-error-no-role");
        return page(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(msg),
            None,
            form.username,
        )
        .await;
    };
    let new = NewAccount {
        username: form.username.clone(),
        roles,
        contact: Some(form.contact.trim().to_owned()).filter(|c| !c.is_empty()),
    };
    match state
        .app
        .create_user(AuditActor::Staff(staff.principal.id), &new)
        .await
    {
        Ok((_, password)) => {
            let name =
                vigie_domain::user::normalize_username(&form.username).unwrap_or(form.username);
            let created = Some((
                lang.t_args("staff-users-created", &[("name", name)]),
                password.to_string(),
            ));
            page(
                &state,
                &staff,
                StatusCode::OK,
                None,
                None,
                created,
                String::new(),
            )
            .await
        }
        Err(e) => refused(&state, &staff, &e, form.username).await,
    }
}

/// A form naming one account.
#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
}

/// `POST /espace/admin/utilisateurs/desactiver` and `/espace/admin/utilisateurs/2fa`.
async fn user_action(state: AppState, staff: Staff, form: UserForm, disable: bool) -> Response {
    let lang = staff.lang;
    if let Err(e) = check_post(
        &state,
        &staff,
        &form.csrf,
        "users",
        Action::ManageUsers,
        &Resource::Instance,
    )
    .await
    {
        return e.into_response();
    }
    let actor = AuditActor::Staff(staff.principal.id);
    let (result, done) = if disable {
        (
            state
                .app
                .disable_user(actor, &form.username)
                .await
                .map(|_| ()),
            "desactive",
        )
    } else {
        (state.app.reset_2fa(actor, &form.username).await, "2fa")
    };
    match result {
        Ok(()) => Redirect::to(&lang.path(&format!("/espace/admin/utilisateurs?fait={done}")))
            .into_response(),
        Err(e) => refused(&state, &staff, &e, String::new()).await,
    }
}

/// `POST /espace/admin/utilisateurs/desactiver`.
pub async fn disable(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<UserForm>,
) -> Response {
    user_action(state, staff, form, true).await
}

/// `POST /espace/admin/utilisateurs/2fa`.
pub async fn reset_2fa(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<UserForm>,
) -> Response {
    user_action(state, staff, form, false).await
}

/// `POST /espace/admin/utilisateurs/coordonnees`: shows a staff member's contact details once, on
/// purpose (a POST, audited as a decryption), never in the list.
pub async fn show_contact(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<UserForm>,
) -> Response {
    let lang = staff.lang;
    if let Err(e) = check_post(
        &state,
        &staff,
        &form.csrf,
        "users",
        Action::ManageUsers,
        &Resource::Instance,
    )
    .await
    {
        return e.into_response();
    }
    let shown = match state.app.user_named(&form.username).await {
        Ok(user) => state
            .app
            .contact_of(AuditActor::Staff(staff.principal.id), &user)
            .await
            .map(|contact| match contact {
                Some(c) => lang.t_args(
                    "staff-users-contact-of",
                    &[("name", user.username.clone()), ("contact", c)],
                ),
                None => lang.t_args(
                    "staff-users-contact-none",
                    &[("name", user.username.clone())],
                ),
            }),
        Err(e) => Err(e),
    };
    match shown {
        Ok(text) => {
            page(
                &state,
                &staff,
                StatusCode::OK,
                Some(text),
                None,
                None,
                String::new(),
            )
            .await
        }
        Err(e) => refused(&state, &staff, &e, String::new()).await,
    }
}
