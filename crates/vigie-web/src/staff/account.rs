//! The dashboard and the password page.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vigie_app::{AppError, LoginError};
use vigie_domain::user::AccountRuleError;
use vigie_domain::{Action, Resource};

use super::{StaffPage, check_post, render, require, role_names, staff_page, staff_template};
use crate::session::{Staff, StaffAnyPassword};
use crate::state::AppState;
use crate::{PageError, csrf};

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    page: StaffPage,
    hello: String,
    roles: String,
    areas: Vec<(String, String)>,
}

staff_template!(DashboardPage);

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    page: StaffPage,
    must_change: bool,
    error: Option<String>,
    done: bool,
}

staff_template!(PasswordPage);

/// `GET /espace`.
pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> Response {
    let lang = staff.lang;
    // The areas this person's roles open (their pages arrive with the next issues).
    #[rustfmt::skip] // A table: one line per area.
    let candidates = [
        (Action::ListReports, "staff-link-reports", "/espace/signalements"),
        (Action::ListCases, "staff-link-cases", "/espace/accompagnement"),
        (Action::ManagePartners, "staff-link-partners", "/espace/accompagnement/partenaires"),
        (Action::UsePartnerSpace, "staff-link-partner", "/espace/partenaire"),
        (Action::RecordIncident, "staff-link-observatory", "/espace/observatoire"),
        (Action::ManageWorkshops, "staff-link-prevention", "/espace/prevention"),
        (Action::ManageUsers, "staff-link-admin", "/espace/admin/utilisateurs"),
    ];
    let areas: Vec<(String, String)> = candidates
        .iter()
        .filter(|(a, _, _)| vigie_domain::decide(&staff.principal, *a, &Resource::Instance).is_ok())
        .map(|(_, key, path)| (lang.t(key), lang.path(path)))
        .collect();
    let page = DashboardPage {
        page: staff_page(&state, &staff, "staff-dashboard-title", "/espace"),
        hello: lang.t_args(
            "staff-dashboard-hello",
            &[("name", staff.session.user.username.clone())],
        ),
        roles: lang.t_args(
            "staff-dashboard-roles",
            &[("roles", role_names(lang, staff.principal.roles))],
        ),
        areas,
    };
    render(&page, StatusCode::OK, lang)
}

fn password_page(
    state: &AppState,
    staff: &Staff,
    error: Option<String>,
    done: bool,
) -> PasswordPage {
    PasswordPage {
        page: StaffPage {
            csrf: csrf::issue(state, "password", &staff.session.csrf_binding()),
            ..staff_page(state, staff, "staff-password-title", "/espace/mot-de-passe")
        },
        must_change: staff.session.user.must_change_password,
        error,
        done,
    }
}

/// `GET /espace/mot-de-passe`.
pub async fn password_form(
    State(state): State<AppState>,
    StaffAnyPassword(staff): StaffAnyPassword,
) -> Response {
    if let Err(e) = require(
        &state,
        &staff,
        Action::ManageOwnAccount,
        &Resource::Account(staff.principal.id),
    )
    .await
    {
        return e.into_response();
    }
    render(
        &password_page(&state, &staff, None, false),
        StatusCode::OK,
        staff.lang,
    )
}

/// The password form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    confirm: String,
}

/// `POST /espace/mot-de-passe`.
pub async fn password_submit(
    State(state): State<AppState>,
    StaffAnyPassword(mut staff): StaffAnyPassword,
    Form(form): Form<PasswordForm>,
) -> Response {
    let lang = staff.lang;
    if let Err(e) = check_post(
        &state,
        &staff,
        &form.csrf,
        "password",
        Action::ManageOwnAccount,
        &Resource::Account(staff.principal.id),
    )
    .await
    {
        return e.into_response();
    }
    let fail = |staff: &Staff, key: &str| {
        render(
            &password_page(&state, staff, Some(lang.t(key)), false),
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
        )
    };
    if form.new != form.confirm {
        return fail(&staff, "staff-password-mismatch");
    }
    match state
        .app
        .change_password(&staff.session, &form.current, &form.new)
        .await
    {
        Ok(()) => {
            staff.session.user.must_change_password = false;
            render(
                &password_page(&state, &staff, None, true),
                StatusCode::OK,
                lang,
            )
        }
        Err(LoginError::Invalid) => fail(&staff, "staff-password-current-wrong"),
        Err(LoginError::Internal(AppError::Rule(AccountRuleError::PasswordTooShort))) => {
            fail(&staff, "staff-password-too-short")
        }
        Err(LoginError::Internal(AppError::Rule(AccountRuleError::PasswordTooLong))) => {
            fail(&staff, "staff-password-too-long")
        }
        Err(LoginError::Busy { retry_after_secs } | LoginError::Throttled { retry_after_secs }) => {
            PageError::unavailable(lang, retry_after_secs)
                .with_config(&state.web)
                .into_response()
        }
        Err(LoginError::Internal(e)) => {
            tracing::error!(error = %e, "password change failed");
            PageError::internal(lang).into_response()
        }
    }
}
