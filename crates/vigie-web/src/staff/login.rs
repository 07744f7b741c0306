//! Login: password, second factor, enrolment, logout.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use vigie_app::LoginError;

use super::kit::PageResult;
use super::render;
use crate::layout::PageCtx;
use crate::session::{
    PendingLogin, SESSION_COOKIE, clear_session, cookie_value, is_https, set_session,
};
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    ctx: PageCtx,
    csrf: String,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/second_factor.html")]
struct SecondFactorPage {
    ctx: PageCtx,
    csrf: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/enrol.html")]
struct EnrolPage {
    ctx: PageCtx,
    csrf: String,
    qr_svg: String,
    secret: String,
    pending: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/recovery_codes.html")]
struct RecoveryCodesPage {
    ctx: PageCtx,
    codes: Vec<String>,
    next: String,
}

/// Query of the login page.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    /// Set when the session expired.
    expiree: Option<String>,
    /// Set after logout.
    sortie: Option<String>,
}

fn login_page(
    state: &AppState,
    lang: Lang,
    username: String,
    error: Option<String>,
    notice: Option<String>,
) -> LoginPage {
    LoginPage {
        ctx: PageCtx::titled(lang, &state.web, "staff-login-title", "/espace/connexion"),
        csrf: csrf::issue(state, "login", b""),
        username,
        error,
        notice,
    }
}

/// `GET /espace/connexion`.
pub async fn login_form(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<LoginQuery>,
) -> Response {
    let notice = if q.expiree.is_some() {
        Some(lang.t("staff-session-expired"))
    } else if q.sortie.is_some() {
        Some(lang.t("staff-logged-out"))
    } else {
        None
    };
    let page = |csrf| LoginPage {
        csrf,
        ..login_page(&state, lang, String::new(), None, notice.clone())
    };
    match notice {
        Some(_) => render(
            &page(csrf::issue(&state, "login", b"")),
            StatusCode::OK,
            lang,
        ),
        None => {
            let token = csrf::issue(&state, "login", b"");
            let blank = (crate::form_pages::BlankForm::StaffLogin, lang);
            state.form_pages.answer(blank, token, page)
        }
    }
}

/// The login form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    csrf: String,
    username: String,
    password: String,
}

/// `POST /espace/connexion`.
pub async fn login_submit(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> PageResult {
    csrf::check(&state, lang, &form.csrf, "login", b"")?;
    let username: String = form.username.chars().take(64).collect();
    let signed_in = state.app.login_password(&form.username, &form.password);
    Ok(match signed_in.await {
        Ok(outcome) => {
            let next = if outcome.needs_enrolment {
                "/espace/2fa/inscription"
            } else {
                "/espace/2fa"
            };
            let r = Redirect::to(&lang.path(next)).into_response();
            set_session(r, &outcome.token, is_https(&state, &headers))
        }
        Err(e) => login_error(&state, lang, e, "staff-login-failed", |msg| {
            let page = login_page(&state, lang, username, Some(msg), None);
            render(&page, StatusCode::UNAUTHORIZED, lang)
        }),
    })
}

fn second_factor_page(p: &PendingLogin, error: Option<String>) -> SecondFactorPage {
    let lang = p.lang;
    SecondFactorPage {
        ctx: PageCtx::titled(lang, &p.state.web, "staff-2fa-title", "/espace/2fa"),
        csrf: csrf::issue(&p.state, "second-factor", &p.session.csrf_binding()),
        error,
    }
}

/// `GET /espace/2fa`.
pub async fn second_factor_form(p: PendingLogin) -> Response {
    if p.session.user.totp_sealed.is_none() {
        return Redirect::to(&p.lang.path("/espace/2fa/inscription")).into_response();
    }
    render(&second_factor_page(&p, None), StatusCode::OK, p.lang)
}

/// The second-factor form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    csrf: String,
    code: String,
    pending: String,
}

/// Where a signed-in account lands: the password form when it must change its password.
fn landing(must_change: bool) -> &'static str {
    if must_change {
        "/espace/mot-de-passe"
    } else {
        "/espace"
    }
}

/// The answer to a failed sign-in step: its page again with `invalid_key` (wrong credentials, 401)
/// or the wait (429 with `Retry-After`), else a 503 (busy) or a 500 (logged).
fn login_error(
    state: &AppState,
    lang: Lang,
    e: LoginError,
    invalid_key: &str,
    page: impl FnOnce(String) -> Response,
) -> Response {
    match e {
        LoginError::Invalid => page(lang.t(invalid_key)),
        LoginError::Throttled { retry_after_secs } => {
            let mut r = page(lang.t_args(
                "staff-login-throttled",
                &[("seconds", retry_after_secs.to_string())],
            ));
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r.headers_mut()
                .insert(header::RETRY_AFTER, retry_after_secs.into());
            r
        }
        LoginError::Busy { retry_after_secs } => PageError::unavailable(lang, retry_after_secs)
            .with_config(&state.web)
            .into_response(),
        LoginError::Internal(e) => {
            tracing::error!(error = %e, "sign-in step failed");
            PageError::internal(lang).into_response()
        }
    }
}

/// `POST /espace/2fa`.
pub async fn second_factor_submit(p: PendingLogin, Form(form): Form<CodeForm>) -> PageResult {
    let state = &p.state;
    let binding = p.session.csrf_binding();
    csrf::check(state, p.lang, &form.csrf, "second-factor", &binding)?;
    Ok(
        match state.app.login_second_factor(&p.session, &form.code).await {
            Ok(token) => {
                let landing = landing(p.session.user.must_change_password);
                let r = Redirect::to(&p.lang.path(landing)).into_response();
                set_session(r, &token, p.https)
            }
            Err(e) => login_error(state, p.lang, e, "staff-2fa-failed", |msg| {
                let page = second_factor_page(&p, Some(msg));
                render(&page, StatusCode::UNAUTHORIZED, p.lang)
            }),
        },
    )
}

fn enrol_page(p: &PendingLogin, error: Option<String>) -> Result<EnrolPage, PageError> {
    let (state, lang) = (&p.state, p.lang);
    let e = state.app.begin_enrolment(&p.session.user).map_err(|e| {
        tracing::error!(error = %e, "enrolment failed");
        PageError::internal(lang)
    })?;
    Ok(EnrolPage {
        ctx: PageCtx::titled(
            lang,
            &state.web,
            "staff-2fa-enrol-title",
            "/espace/2fa/inscription",
        ),
        csrf: csrf::issue(state, "enrol", &p.session.csrf_binding()),
        qr_svg: e.qr_svg,
        secret: e.secret_base32.to_string(),
        pending: e.pending,
        error,
    })
}

/// `GET /espace/2fa/inscription`.
pub async fn enrol_form(p: PendingLogin) -> Response {
    if p.session.user.totp_sealed.is_some() {
        return Redirect::to(&p.lang.path("/espace/2fa")).into_response();
    }
    match enrol_page(&p, None) {
        Ok(page) => render(&page, StatusCode::OK, p.lang),
        Err(e) => e.into_response(),
    }
}

/// `POST /espace/2fa/inscription`: on success, the recovery codes are shown once.
pub async fn enrol_submit(p: PendingLogin, Form(form): Form<CodeForm>) -> PageResult {
    let (state, lang) = (&p.state, p.lang);
    csrf::check(state, lang, &form.csrf, "enrol", &p.session.csrf_binding())?;
    if p.session.user.totp_sealed.is_some() {
        return Ok(Redirect::to(&lang.path("/espace/2fa")).into_response());
    }
    Ok(
        match state
            .app
            .confirm_enrolment(&p.session, &form.pending, &form.code)
            .await
        {
            Ok((token, codes)) => {
                let next = landing(p.session.user.must_change_password);
                let page = RecoveryCodesPage {
                    ctx: PageCtx::titled(
                        lang,
                        &state.web,
                        "staff-recovery-title",
                        "/espace/2fa/inscription",
                    ),
                    codes: codes.iter().map(|c| c.to_string()).collect(),
                    next: lang.path(next),
                };
                let r = render(&page, StatusCode::OK, lang);
                set_session(r, &token, p.https)
            }
            Err(e) => login_error(state, lang, e, "staff-2fa-failed", |msg| {
                match enrol_page(&p, Some(msg)) {
                    Ok(page) => render(&page, StatusCode::UNAUTHORIZED, lang),
                    Err(e) => e.into_response(),
                }
            }),
        },
    )
}

/// The logout form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LogoutForm {
    csrf: String,
}

/// `POST /espace/deconnexion`: works at any stage of the login.
pub async fn logout(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LogoutForm>,
) -> Response {
    let secure = is_https(&state, &headers);
    let done = || {
        let r = Redirect::to(&lang.path("/espace/connexion?sortie=1")).into_response();
        clear_session(r, secure)
    };
    let Some(cookie) = cookie_value(&jar, SESSION_COOKIE) else {
        return done();
    };
    let Ok(session) = state.app.resume_session(&cookie).await else {
        return done();
    };
    if let Err(e) = csrf::check(&state, lang, &form.csrf, "logout", &session.csrf_binding()) {
        return e.into_response();
    }
    if let Err(e) = state.app.logout(&session).await {
        tracing::error!(error = %e, "logout failed");
        return PageError::internal(lang).into_response();
    }
    done()
}
