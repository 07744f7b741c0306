//! The staff session cookie and the extractors that require a session.
//!
//! Cookies are read and written through axum-extra's plain [`CookieJar`]: their values are already
//! unguessable and useless alone (a session id and the key to a sealed row, DESIGN.md section 3), so
//! a signed or private jar would add a second MAC and change what browsers hold, for nothing.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use vigie_app::{ActiveSession, SessionError};
use vigie_domain::{Action, Principal, Resource};
use vigie_store::SessionStage;
use vigie_vault::SessionToken;

use crate::state::AppState;
use crate::{Lang, PageError};

/// The cookie's name. It holds the session id and the key that opens the session's sealed secret.
pub const SESSION_COOKIE: &str = "vigie_session";

/// The value of the cookie `name` in the request's jar, if it has one.
pub fn cookie_value(jar: &CookieJar, name: &str) -> Option<String> {
    jar.get(name).map(|c| c.value().to_owned())
}

/// One of vigie's two cookies (the staff session, the reporter's follow-up) as it is set:
/// `Path=/`, `HttpOnly`, `SameSite=Strict`, `Secure` over HTTPS, and no `Max-Age` or `Expires` (it
/// ends with the browser; the server enforces idle and absolute timeouts).
pub fn session_cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .build()
}

/// The cookie `name` emptied with `Max-Age=0`, same attributes. Not the jar's `remove`, which also
/// writes an `Expires` date a year back: one attribute more than the browser needs.
pub fn expired_cookie(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie(name, String::new(), secure);
    cookie.set_max_age(cookie::time::Duration::ZERO);
    cookie
}

/// `response` with `Set-Cookie: cookie` added.
pub fn with_cookie(response: Response, cookie: Cookie<'static>) -> Response {
    (CookieJar::new().add(cookie), response).into_response()
}

/// Whether the request reached us over HTTPS, as a trusted proxy says (`behind_https_proxy`).
pub fn is_https(state: &AppState, headers: &HeaderMap) -> bool {
    state.web.secure_cookies
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// `response` setting a new staff session's cookie.
pub fn set_session(response: Response, token: &SessionToken, secure: bool) -> Response {
    with_cookie(
        response,
        session_cookie(SESSION_COOKIE, token.to_cookie_value(), secure),
    )
}

/// `response` removing the staff session's cookie.
pub fn clear_session(response: Response, secure: bool) -> Response {
    with_cookie(response, expired_cookie(SESSION_COOKIE, secure))
}

fn lang_of(parts: &Parts) -> Lang {
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or_else(|| parts.uri.path(), |o| o.0.path());
    Lang::from_path(path)
}

/// Where to send someone without a valid session.
fn to_login(lang: Lang, expired: bool) -> Response {
    let target = if expired {
        "/espace/connexion?expiree=1"
    } else {
        "/espace/connexion"
    };
    Redirect::to(&lang.path(target)).into_response()
}

async fn resume(parts: &Parts, state: &AppState) -> Result<ActiveSession, Response> {
    let lang = lang_of(parts);
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(cookie) = cookie_value(&jar, SESSION_COOKIE) else {
        return Err(to_login(lang, false));
    };
    match state.app.resume_session(&cookie).await {
        Ok(s) => Ok(s),
        Err(SessionError::Missing) => Err(to_login(lang, false)),
        Err(SessionError::Expired) => Err(clear_session(
            to_login(lang, true),
            is_https(state, &parts.headers),
        )),
        Err(SessionError::Internal(e)) => {
            tracing::error!(error = %e, "session lookup failed");
            Err(PageError::internal(lang).into_response())
        }
    }
}

/// A session between the password and the second factor.
pub struct PendingLogin {
    /// The application.
    pub state: AppState,
    /// The session.
    pub session: ActiveSession,
    /// The page's language.
    pub lang: Lang,
    /// Whether the request reached us over HTTPS (the new session cookie's `Secure`).
    pub https: bool,
}

impl FromRequestParts<AppState> for PendingLogin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = lang_of(parts);
        let session = resume(parts, state).await?;
        match session.stage() {
            SessionStage::SecondFactor => Ok(PendingLogin {
                state: state.clone(),
                session,
                lang,
                https: is_https(state, &parts.headers),
            }),
            SessionStage::Full => Err(Redirect::to(&lang.path("/espace")).into_response()),
        }
    }
}

/// A fully logged-in staff member (password and second factor), with their principal as stored now.
pub struct Staff {
    /// The session.
    pub session: ActiveSession,
    /// Roles and teams, for the policy.
    pub principal: Principal,
    /// The page's language.
    pub lang: Lang,
}

async fn full_staff(parts: &Parts, state: &AppState) -> Result<Staff, Response> {
    let lang = lang_of(parts);
    let session = resume(parts, state).await?;
    if session.stage() != SessionStage::Full {
        return Err(to_login(lang, false));
    }
    let principal = state.app.principal(session.user.id).await.map_err(|e| {
        tracing::error!(error = %e, "principal lookup failed");
        PageError::internal(lang).into_response()
    })?;
    // The policy opens the staff area itself (every role may; a disabled account may not).
    if state
        .app
        .authorize(&principal, Action::EnterStaffArea, &Resource::Instance)
        .await
        .is_err()
    {
        return Err(PageError::forbidden(lang)
            .with_config(&state.web)
            .into_response());
    }
    Ok(Staff {
        session,
        principal,
        lang,
    })
}

/// The partners' charter page, where a partner who has not accepted its current version is sent
/// from every other staff page.
pub const CHARTER_PATH: &str = "/espace/partenaire/charte";

/// A fully signed-in staff member, checked in the order every staff page needs: a one-time
/// password must be replaced before anything else (a redirect to the password page, unless
/// `any_password`), then a partner accepts the current charter (a redirect to it, unless
/// `before_charter`; a user still on a one-time password is not sent there).
async fn checked_staff(
    parts: &Parts,
    state: &AppState,
    any_password: bool,
    before_charter: bool,
) -> Result<Staff, Response> {
    let staff = full_staff(parts, state).await?;
    let must_change = staff.session.user.must_change_password;
    if must_change && !any_password {
        return Err(Redirect::to(&staff.lang.path("/espace/mot-de-passe")).into_response());
    }
    if must_change || before_charter {
        return Ok(staff);
    }
    match state.app.charter_pending(&staff.principal).await {
        Ok(false) => Ok(staff),
        Ok(true) => Err(Redirect::to(&staff.lang.path(CHARTER_PATH)).into_response()),
        Err(e) => {
            tracing::error!(error = %e, "charter lookup failed");
            Err(PageError::internal(staff.lang).into_response())
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        checked_staff(parts, state, false, false).await
    }
}

/// Like [`Staff`], but also lets through a user who must still change their one-time password (for
/// the password page; logout takes any session). A partner whose password is fine is still sent to
/// the charter first.
pub struct StaffAnyPassword(pub Staff);

impl FromRequestParts<AppState> for StaffAnyPassword {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        checked_staff(parts, state, true, false).await.map(Self)
    }
}

/// Like [`Staff`], but lets through a partner who has not accepted the current charter yet: for
/// the charter's page and its form only.
pub struct StaffBeforeCharter(pub Staff);

impl FromRequestParts<AppState> for StaffBeforeCharter {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        checked_staff(parts, state, false, true).await.map(Self)
    }
}
