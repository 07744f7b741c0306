//! Administration of accounts: list, create (one-time password shown once), disable, reset 2FA.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::{AppError, NewAccount};
use vigie_domain::{AuditActor, Role, RoleSet};

use super::{UsersDone, UsersForm, error_key};
use crate::PageError;
use crate::session::Staff;
use crate::staff::kit::from_pairs;
use crate::staff::kit::{FromPairs, Landed, OrPage, PageResult, Pairs, Post, View, done};
use crate::staff::{StaffPage, render, role_names, staff_page, staff_template};
use crate::state::AppState;

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
    page: StaffPage,
    users: Vec<UserLine>,
    roles: Vec<(String, String)>,
    message: Option<String>,
    error: Option<String>,
    created: Option<(String, String)>,
    new_name: String,
}

staff_template!(UsersPage);

/// What the accounts page shows besides the accounts.
#[derive(Default)]
struct Shown {
    /// After an action.
    message: Option<String>,
    /// An error an admin can fix, beside the creation form.
    error: Option<String>,
    /// A new account's name and one-time password, shown once.
    created: Option<(String, String)>,
    /// The name typed in a refused creation form.
    new_name: String,
}

/// `GET /espace/admin/utilisateurs`.
pub async fn users(view: View<UsersForm>) -> PageResult {
    let message = view.notice::<UsersDone>();
    let (state, staff, _) = view.parts();
    with_message(&state, &staff, message).await
}

/// The page (200) with a message.
async fn with_message(state: &AppState, staff: &Staff, message: Option<String>) -> PageResult {
    let shown = Shown {
        message,
        ..Shown::default()
    };
    page(state, staff, StatusCode::OK, shown).await
}

async fn page(state: &AppState, staff: &Staff, status: StatusCode, shown: Shown) -> PageResult {
    let Shown {
        message,
        error,
        created,
        new_name,
    } = shown;
    let lang = staff.lang;
    let users = state.app.list_users().await.or_page(state, lang)?;
    let page = UsersPage {
        page: staff_page(
            state,
            staff,
            "staff-users-title",
            "/espace/admin/utilisateurs",
        )
        .with_form::<UsersForm>(state, staff, &()),
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
    Ok(render(&page, status, lang))
}

/// The account creation form: a name and one or more `role` fields (repeated keys).
pub struct CreateForm {
    username: String,
    role: Vec<String>,
    contact: String,
}

impl FromPairs for CreateForm {
    fn from_pairs(pairs: Pairs) -> Self {
        let mut form = CreateForm {
            username: String::new(),
            role: Vec::new(),
            contact: String::new(),
        };
        for (k, v) in pairs {
            match k.as_str() {
                "username" => form.username = v,
                "contact" => form.contact = v,
                "role" if form.role.len() < Role::ALL.len() => form.role.push(v),
                _ => {}
            }
        }
        form
    }
}

/// The page again with the error an admin can fix (422), or the 500 page for anything else.
async fn refused(state: &AppState, staff: &Staff, e: &AppError, new_name: String) -> PageResult {
    let Some(key) = error_key(e) else {
        tracing::error!(error = %e, "administration action failed");
        return Err(PageError::internal(staff.lang).with_config(&state.web));
    };
    let msg = staff.lang.t(key);
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let shown = Shown {
        error: Some(msg),
        new_name,
        ..Shown::default()
    };
    page(state, staff, status, shown).await
}

/// `POST /espace/admin/utilisateurs`: creates an account and shows its one-time password once.
pub async fn create(post: Post<UsersForm, CreateForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
    let roles: Option<RoleSet> = form.role.iter().map(|r| r.parse::<Role>().ok()).collect();
    let Some(roles) = roles.filter(|r| !r.is_empty()) else {
        let msg = lang.t("staff-error-no-role");
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let shown = Shown {
            error: Some(msg),
            new_name: form.username,
            ..Shown::default()
        };
        return page(&state, &staff, status, shown).await;
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
                Shown {
                    created,
                    ..Shown::default()
                },
            )
            .await
        }
        Err(e) => refused(&state, &staff, &e, form.username).await,
    }
}

/// A form naming one account.
pub struct UserForm {
    username: String,
}

from_pairs!(UserForm { username; ticks: ; lists: });

/// `POST /espace/admin/utilisateurs/desactiver`.
pub async fn disable(post: Post<UsersForm, UserForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let actor = AuditActor::Staff(staff.principal.id);
    match state.app.disable_user(actor, &form.username).await {
        Ok(_) => Ok(done(&users_path(&staff), UsersDone::Disabled)),
        Err(e) => refused(&state, &staff, &e, String::new()).await,
    }
}

/// `POST /espace/admin/utilisateurs/2fa`.
pub async fn reset_2fa(post: Post<UsersForm, UserForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let actor = AuditActor::Staff(staff.principal.id);
    match state.app.reset_2fa(actor, &form.username).await {
        Ok(()) => Ok(done(&users_path(&staff), UsersDone::SecondFactorReset)),
        Err(e) => refused(&state, &staff, &e, String::new()).await,
    }
}

fn users_path(staff: &Staff) -> String {
    staff.lang.path("/espace/admin/utilisateurs")
}

/// `POST /espace/admin/utilisateurs/coordonnees`: shows a staff member's contact details once, on
/// purpose (a POST, audited as a decryption), never in the list.
pub async fn show_contact(post: Post<UsersForm, UserForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
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
            let message = Some(text);
            with_message(&state, &staff, message).await
        }
        Err(e) => refused(&state, &staff, &e, String::new()).await,
    }
}
