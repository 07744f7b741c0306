//! The staff session cookie and the extractors that require a session.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use vigie_app::{ActiveSession, SessionError};
use vigie_domain::{Action, Principal, Resource};
use vigie_store::SessionStage;
use vigie_vault::SessionToken;

use crate::state::AppState;
use crate::{Lang, PageError};

/// The cookie's name. It holds the session id and the key that opens the session's sealed secret.
pub const SESSION_COOKIE: &str = "vigie_session";

/// The session cookie's value, if the request has one.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    named_cookie(headers, SESSION_COOKIE)
}

/// The value of the cookie `name`, if the request has one.
pub fn named_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether the request reached us over HTTPS, as a trusted proxy says (`behind_https_proxy`).
pub fn is_https(state: &AppState, headers: &HeaderMap) -> bool {
    state.web.secure_cookies
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, Secure over HTTPS, no Max-Age (it
/// ends with the browser; the server enforces idle and absolute timeouts).
pub fn set_cookie(token: &SessionToken, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}",
        token.to_cookie_value()
    );
    HeaderValue::from_str(&v)
        .unwrap_or_else(|_| HeaderValue::from_static("vigie_session=; Path=/; Max-Age=0"))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "vigie_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0",
        )
    } else {
        HeaderValue::from_static("vigie_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    }
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
    let Some(cookie) = cookie_value(&parts.headers) else {
        return Err(to_login(lang, false));
    };
    match state.app.resume_session(&cookie).await {
        Ok(s) => Ok(s),
        Err(SessionError::Missing) => Err(to_login(lang, false)),
        Err(SessionError::Expired) => {
            let mut r = to_login(lang, true);
            r.headers_mut().insert(
                header::SET_COOKIE,
                clear_cookie(is_https(state, &parts.headers)),
            );
            Err(r)
        }
        Err(SessionError::Internal(e)) => {
            tracing::error!(error = %e, "session lookup failed");
            Err(PageError::internal(lang).into_response())
        }
    }
}

/// A session between the password and the second factor.
pub struct PendingLogin {
    /// The session.
    pub session: ActiveSession,
    /// The page's language.
    pub lang: Lang,
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
            SessionStage::SecondFactor => Ok(PendingLogin { session, lang }),
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

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let staff = full_staff(parts, state).await?;
        // A one-time password must be replaced before anything else.
        if staff.session.user.must_change_password {
            return Err(Redirect::to(&staff.lang.path("/espace/mot-de-passe")).into_response());
        }
        Ok(staff)
    }
}

/// Like [`Staff`], but also lets through a user who must still change their one-time password (for
/// the password page and logout only).
pub struct StaffAnyPassword(pub Staff);

impl FromRequestParts<AppState> for StaffAnyPassword {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(StaffAnyPassword(full_staff(parts, state).await?))
    }
}
