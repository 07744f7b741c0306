//! `/suivi`: the reporter logs in with the receipt, reads the conversation, replies, withdraws.

use askama::Template;
use axum::Form;
use axum::extract::multipart::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use vigie_app::AppError;
use vigie_app::reports::{ReporterSession, Sent};

use super::app_error_page;
use super::link::{self, LinkSection, TextLine};
use super::upload::{next_field, read_text, read_token, seal_into};
use crate::form_pages::BlankForm;
use crate::layout::PageCtx;
use crate::session::{cookie_value, expired_cookie, is_https, session_cookie, with_cookie};
use crate::staff::kit::field;
use crate::staff::render;
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

/// The follow-up cookie. Set only when a reporter logs in with a receipt.
pub const FOLLOW_COOKIE: &str = "vigie_suivi";

const LOGIN_PURPOSE: &str = "suivi-login";

/// What the forms of an open follow-up session are signed for (bound to the session).
pub(super) const FOLLOW_PURPOSE: &str = "suivi";

/// `response` removing the follow-up cookie.
fn clear_follow(response: Response, secure: bool) -> Response {
    with_cookie(response, expired_cookie(FOLLOW_COOKIE, secure))
}

/// A form body that is not what the page sends: a French page, never axum's plain-text rejection.
pub(super) fn form_error(state: &AppState, lang: Lang, e: &FormRejection) -> PageError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        PageError::too_large(lang).with_config(&state.web)
    } else {
        PageError::bad_request(lang, "error-400-form").with_config(&state.web)
    }
}

/// The login page.
#[derive(Template)]
#[template(path = "report/follow_login.html")]
struct LoginPage {
    ctx: PageCtx,
    csrf: String,
    error: Option<String>,
    notice: Option<String>,
}

/// A message as the reporter sees it.
struct Line {
    from_reporter: bool,
    day: String,
    text: String,
}

/// The conversation page.
#[derive(Template)]
#[template(path = "report/follow.html")]
pub(super) struct FollowPage {
    ctx: PageCtx,
    csrf: String,
    number: i64,
    category: String,
    status: String,
    received_day: String,
    text: String,
    /// For a help request, the kinds of help asked for, translated (empty for a report).
    needs: Option<Vec<String>>,
    files: Vec<String>,
    /// For a help request a handler transmitted from a report: the texts the person chose.
    copied: Vec<TextLine>,
    messages: Vec<Line>,
    /// Being put in touch with the casework team (a report's reporter).
    link: Option<LinkSection>,
    error: Option<String>,
    notice: Option<String>,
    max_files: usize,
}

/// The withdrawal confirmation page.
#[derive(Template)]
#[template(path = "report/withdraw.html")]
struct WithdrawPage {
    ctx: PageCtx,
    csrf: String,
}

fn login_page(
    state: &AppState,
    lang: Lang,
    error: Option<String>,
    notice: Option<String>,
) -> LoginPage {
    LoginPage {
        ctx: PageCtx::titled(lang, &state.web, "follow-title", "/suivi"),
        csrf: csrf::issue(state, LOGIN_PURPOSE, &[]),
        error,
        notice,
    }
}

/// The session from the cookie, or the login page (clearing a dead cookie).
pub(super) async fn session(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
) -> Result<ReporterSession, Response> {
    let secure = is_https(state, headers);
    let Some(cookie) = cookie_value(&CookieJar::from_headers(headers), FOLLOW_COOKIE) else {
        let token = csrf::issue(state, LOGIN_PURPOSE, &[]);
        let blank = (BlankForm::Follow, lang);
        return Err(state.form_pages.answer(blank, token, |csrf| LoginPage {
            csrf,
            ..login_page(state, lang, None, None)
        }));
    };
    match state.app.resume_reporter(&cookie).await {
        Ok(s) => Ok(s),
        Err(AppError::SessionExpired) => {
            let page = login_page(state, lang, None, Some(lang.t("follow-expired")));
            Err(clear_follow(render(&page, StatusCode::OK, lang), secure))
        }
        Err(e) => Err(app_error_page(state, lang, e).into_response()),
    }
}

/// A reporter whose follow-up session is open (from its cookie). Without one the handler is not
/// run: the receipt form answers instead (with the expiry notice for a dead cookie).
pub struct Reporter {
    /// The application.
    pub state: AppState,
    /// The page's language.
    pub lang: Lang,
    /// The follow-up session.
    pub session: ReporterSession,
    /// The request came over HTTPS (the cookie's `Secure` flag).
    pub secure: bool,
}

impl Reporter {
    async fn from_headers(
        state: &AppState,
        lang: Lang,
        headers: &HeaderMap,
    ) -> Result<Self, Response> {
        Ok(Reporter {
            state: state.clone(),
            lang,
            session: session(state, lang, headers).await?,
            secure: is_https(state, headers),
        })
    }

    /// The error page for an unexpected failure of the app.
    pub fn failed(&self, e: AppError) -> PageError {
        app_error_page(&self.state, self.lang, e)
    }

    /// A fresh token for the session's forms.
    pub fn token(&self) -> String {
        csrf::issue(&self.state, FOLLOW_PURPOSE, &self.session.csrf_binding())
    }
}

impl FromRequestParts<AppState> for Reporter {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Ok(lang) = Lang::from_request_parts(parts, state).await;
        Reporter::from_headers(state, lang, &parts.headers).await
    }
}

/// A post of one of the follow-up session's forms: its fields, once the session is open and the
/// form's token (signed for it) checked; else the login page (no session), or the error page (403
/// for a missing, forged or foreign token, 4xx for a body that is not a form). The body is read
/// first, as a form's always was.
pub struct FollowPost {
    /// Who posted.
    pub reporter: Reporter,
    /// The form's fields, in the order posted.
    pub pairs: Vec<(String, String)>,
}

impl FromRequest<AppState> for FollowPost {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let Ok(lang) = Lang::from_request_parts(&mut parts, state).await;
        let headers = parts.headers.clone();
        let Form(pairs) =
            Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|e| form_error(state, lang, &e).into_response())?;
        let reporter = Reporter::from_headers(state, lang, &headers).await?;
        let binding = reporter.session.csrf_binding();
        csrf::check(state, lang, field(&pairs, "csrf"), FOLLOW_PURPOSE, &binding)
            .map_err(IntoResponse::into_response)?;
        Ok(FollowPost { reporter, pairs })
    }
}

impl FollowPost {
    /// `/suivi` again, with the action's refusal (`error`) or outcome (`notice`) keys, as `status`.
    pub async fn back(
        &self,
        status: StatusCode,
        (error, notice): (Option<&str>, Option<&str>),
    ) -> Result<Response, PageError> {
        let lang = self.reporter.lang;
        let say = |k: Option<&str>| k.map(|k| lang.t(k));
        let page = follow_page(&self.reporter, say(error), say(notice)).await?;
        Ok(render(&page, status, lang))
    }
}

/// The conversation page of `r`'s session, with an action's refusal (`error`) or outcome
/// (`notice`).
async fn follow_page(
    r: &Reporter,
    error: Option<String>,
    notice: Option<String>,
) -> Result<FollowPage, PageError> {
    let (state, lang) = (&r.state, r.lang);
    let view = state
        .app
        .reporter_view(&r.session)
        .await
        .map_err(|e| r.failed(e))?;
    Ok(FollowPage {
        ctx: PageCtx::titled(lang, &state.web, "follow-title", "/suivi"),
        csrf: r.token(),
        link: link::section(lang, &view.link),
        copied: match &view.content {
            Sent::Report(_) => Vec::new(),
            Sent::Help(h) => link::copied_lines(lang, &h.copied),
        },
        number: view.number,
        category: match &view.content {
            Sent::Report(_) => lang.t(&format!("report-category-{}", view.category.as_str())),
            Sent::Help(_) => lang.t("follow-help-request"),
        },
        status: lang.t(&format!("report-status-{}", view.status.as_str())),
        received_day: view.received_day,
        needs: match &view.content {
            Sent::Report(_) => None,
            Sent::Help(h) => Some(
                h.needs
                    .iter()
                    .map(|n| lang.t(&format!("help-need-{}", n.as_str())))
                    .collect(),
            ),
        },
        text: match view.content {
            Sent::Report(c) => c.text,
            Sent::Help(h) => h.message.unwrap_or_default(),
        },
        files: view.files.into_iter().map(|f| f.name).collect(),
        messages: view
            .messages
            .into_iter()
            .map(|m| Line {
                from_reporter: m.from_reporter,
                day: m.day,
                text: m.text,
            })
            .collect(),
        error,
        notice,
        max_files: state.app.settings().reports.max_files,
    })
}

/// `GET /suivi`: the conversation when a session is open, else the receipt form.
pub async fn show(r: Reporter) -> Response {
    match follow_page(&r, None, None).await {
        Ok(page) => render(&page, StatusCode::OK, r.lang),
        Err(e) => e.into_response(),
    }
}

/// The receipt form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    csrf: String,
    receipt: String,
}

/// `POST /suivi`: log in with the receipt. One message for every wrong receipt.
pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|e| form_error(&state, lang, &e))?;
    csrf::check(&state, lang, &form.csrf, LOGIN_PURPOSE, &[])?;
    match state.app.receipt_login(&form.receipt).await {
        Ok(cookie) => {
            let r = Redirect::to(&lang.path("/suivi")).into_response();
            let secure = is_https(&state, &headers);
            // The header needs its own copy (as it always did); the zeroized one goes here.
            let value = String::clone(&cookie);
            Ok(with_cookie(r, session_cookie(FOLLOW_COOKIE, value, secure)))
        }
        Err(AppError::WrongReceipt) => {
            let page = login_page(&state, lang, Some(lang.t("follow-wrong-receipt")), None);
            Ok(render(&page, StatusCode::UNAUTHORIZED, lang))
        }
        Err(e) => Err(app_error_page(&state, lang, e)),
    }
}

/// `POST /suivi/repondre` (multipart: token first, then the message and files).
pub async fn reply(
    r: Reporter,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let (state, lang, s) = (&r.state, r.lang, &r.session);
    let mut mp = multipart.map_err(|_| PageError::bad_request(lang, "error-400-multipart"))?;
    let token = read_token(&mut mp, state, lang).await?;
    csrf::check(state, lang, &token, FOLLOW_PURPOSE, &s.csrf_binding())?;
    let sealer = state
        .app
        .reporter_file_sealer(s)
        .await
        .map_err(|e| r.failed(e))?;
    let mut text = String::new();
    let mut files = Vec::new();
    // Only the message and the files are read; any other field is skipped unread.
    while let Some(field) = next_field(&mut mp, lang).await? {
        match field.name() {
            Some("files") => seal_into(field, state, &sealer, lang, &mut files).await?,
            Some("message") => text = read_text(field, lang).await?,
            _ => {}
        }
    }
    match state.app.reporter_reply(s, &text, files).await {
        Ok(()) => {
            let page = follow_page(&r, None, Some(lang.t("follow-sent"))).await?;
            Ok(render(&page, StatusCode::OK, lang))
        }
        Err(AppError::Invalid(_)) => {
            let page = follow_page(&r, Some(lang.t("follow-empty")), None).await?;
            Ok(render(&page, StatusCode::BAD_REQUEST, lang))
        }
        Err(e) => Err(r.failed(e)),
    }
}

/// A form with only its token.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    csrf: String,
}

/// `GET /suivi/retirer`: asks for confirmation.
pub async fn withdraw_form(r: Reporter) -> Response {
    let page = WithdrawPage {
        ctx: PageCtx::titled(r.lang, &r.state.web, "withdraw-title", "/suivi/retirer"),
        csrf: r.token(),
    };
    render(&page, StatusCode::OK, r.lang)
}

/// `POST /suivi/retirer`: deletes the report irrecoverably and ends the session.
pub async fn withdraw(post: FollowPost) -> Result<Response, PageError> {
    let r = &post.reporter;
    let withdrawn = r.state.app.withdraw_report(&r.session).await;
    withdrawn.map_err(|e| r.failed(e))?;
    let page = login_page(&r.state, r.lang, None, Some(r.lang.t("withdraw-done")));
    Ok(clear_follow(
        render(&page, StatusCode::OK, r.lang),
        r.secure,
    ))
}

/// `POST /suivi/deconnexion`.
pub async fn logout(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|e| form_error(&state, lang, &e))?;
    let secure = is_https(&state, &headers);
    if let Ok(s) = session(&state, lang, &headers).await {
        csrf::check(&state, lang, &form.csrf, FOLLOW_PURPOSE, &s.csrf_binding())?;
        state
            .app
            .reporter_logout(&s)
            .await
            .map_err(|e| app_error_page(&state, lang, e))?;
    }
    let page = login_page(&state, lang, None, Some(lang.t("follow-logged-out")));
    Ok(clear_follow(render(&page, StatusCode::OK, lang), secure))
}
