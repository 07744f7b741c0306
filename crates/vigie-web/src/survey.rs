//! The pupils' impact survey (issue 12, item 4): `/questionnaire`, where a pupil types the code
//! printed on a slip (phones are often banned in class), and `/questionnaire/{code}`, where the QR
//! code leads, with the statements to answer from 1 to 5 (and `/en/...`).
//!
//! No account, no cookie, no script; never logged ([`crate::request_log`]). The form's token is
//! the stateless one of the public forms, bound to the code (a token for one code posts to no
//! other); replay is what the code itself stops: it answers once. Refusals say only what the
//! holder of the code needs: unknown (404), already answered (409), closed (410).

use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use vigie_app::AppError;
use vigie_domain::prevention::FormErrors;
use vigie_domain::survey::{
    CodeRefusal, Statement, Wave, answer_field, display_code, normalize_code,
};

use crate::help::{HELP_LINES, HelpLine};
use crate::layout::PageCtx;
use crate::report::Choice;
use crate::staff::kit::field;
use crate::staff::render;
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

/// The address of the page where a code is typed.
pub(crate) const SURVEY_PATH: &str = "/questionnaire";
/// What the form's token is signed for (with the code as binding).
const PURPOSE: &str = "questionnaire";

/// A statement in `lang`: a standard one translated, a programme's own as written.
pub(crate) fn statement_text(lang: Lang, s: &Statement) -> String {
    match s {
        Statement::Standard(s) => lang.t(&format!("survey-statement-{}", s.as_str())),
        Statement::Own(text) => text.clone(),
    }
}

/// A mean as shown (one decimal, the language's decimal mark), `signed` with its sign: the staff
/// pages', the report's and the public figures'.
pub(crate) fn number(lang: Lang, x: f64, signed: bool) -> String {
    let s = if signed {
        format!("{x:+.1}")
    } else {
        format!("{x:.1}")
    };
    if lang == Lang::En {
        s
    } else {
        s.replace('.', ",")
    }
}

/// The five points of the scale as radio buttons, `chosen` checked (none by default: a pupil may
/// leave a statement unanswered).
pub(crate) fn points(lang: Lang, chosen: &str) -> Vec<Choice> {
    (1..=5)
        .map(|p: u8| Choice {
            value: p.to_string(),
            label: lang.t(&format!("survey-point-{p}")),
            selected: chosen == p.to_string(),
        })
        .collect()
}

/// A statement as the form shows it: its field's name, its text, its points, its error.
pub(crate) struct Question {
    /// The field's name (`s0`...).
    pub name: String,
    /// The statement.
    pub text: String,
    /// The radio buttons.
    pub points: Vec<Choice>,
    /// Its error, if any.
    pub error: Option<String>,
}

/// The questions of `statements`, with what was posted (`value`) and `errors` beside them.
pub(crate) fn questions(
    lang: Lang,
    statements: &[Statement],
    value: impl Fn(&str) -> String,
    errors: &FormErrors,
) -> Vec<Question> {
    statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = answer_field(i);
            let error = errors
                .iter()
                .any(|(f, _)| *f == name)
                .then(|| lang.t("survey-error-point"));
            Question {
                text: statement_text(lang, s),
                points: points(lang, value(&name).trim()),
                name,
                error,
            }
        })
        .collect()
}

/// The page where a code is typed (and where an unknown, used or closed code is said).
#[derive(Template)]
#[template(path = "survey/code.html")]
struct CodePage {
    ctx: PageCtx,
    value: String,
    error: Option<String>,
    lines: &'static [HelpLine],
}

/// The survey's form.
#[derive(Template)]
#[template(path = "survey/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    csrf: String,
    code: String,
    wave: String,
    questions: Vec<Question>,
    summary: bool,
    lines: &'static [HelpLine],
}

/// The thanks, with the help numbers.
#[derive(Template)]
#[template(path = "survey/done.html")]
struct DonePage {
    ctx: PageCtx,
    lines: &'static [HelpLine],
}

/// The code page with `value` typed and `error`, answered with `status`.
fn code_page(
    state: &AppState,
    lang: Lang,
    (value, error): (&str, Option<String>),
    status: StatusCode,
) -> Response {
    let page = CodePage {
        ctx: PageCtx::titled(lang, &state.web, "survey-title", SURVEY_PATH),
        value: value.chars().take(64).collect(),
        error,
        lines: &HELP_LINES,
    };
    render(&page, status, lang)
}

/// The status and message of a code that opens nothing.
fn refusal(r: CodeRefusal) -> (StatusCode, &'static str) {
    match r {
        CodeRefusal::Unknown => (StatusCode::NOT_FOUND, "survey-error-unknown"),
        CodeRefusal::Used => (StatusCode::CONFLICT, "survey-error-used"),
        CodeRefusal::Closed => (StatusCode::GONE, "survey-error-closed"),
    }
}

/// The page for an error of the app: a refused code on the code page, anything else its page.
fn failed(state: &AppState, lang: Lang, code: &str, e: AppError) -> Response {
    match e {
        AppError::SurveyCode(r) => {
            let (status, key) = refusal(r);
            code_page(state, lang, (code, Some(lang.t(key))), status)
        }
        other => crate::report::app_error_page(state, lang, other).into_response(),
    }
}

/// `GET /questionnaire`: the code form; with `?code=`, on to that code's survey (or the error
/// beside the field, 400).
async fn enter(
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let typed = field(&query, "code");
    if typed.trim().is_empty() {
        let error = (!query.is_empty()).then(|| lang.t("survey-error-empty"));
        let status = if error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        return code_page(&state, lang, ("", error), status);
    }
    match normalize_code(typed) {
        Some(code) => Redirect::to(&lang.path(&format!("{SURVEY_PATH}/{code}"))).into_response(),
        None => code_page(
            &state,
            lang,
            (typed, Some(lang.t("survey-error-shape"))),
            StatusCode::BAD_REQUEST,
        ),
    }
}

/// The form of `code` with what was posted (`value`) and `errors`, answered with `status`.
async fn form_page(
    state: &AppState,
    lang: Lang,
    code: &str,
    (value, errors): (&[(String, String)], FormErrors),
    status: StatusCode,
) -> Response {
    let open = match state.app.open_survey(code).await {
        Ok(open) => open,
        Err(e) => return failed(state, lang, code, e),
    };
    let Some(canonical) = normalize_code(code) else {
        return failed(
            state,
            lang,
            code,
            AppError::SurveyCode(CodeRefusal::Unknown),
        );
    };
    let wave = match open.wave {
        Wave::Before => "survey-wave-before",
        Wave::After => "survey-wave-after",
        Wave::Later => "survey-wave-later",
    };
    let path = format!("{SURVEY_PATH}/{canonical}");
    let page = FormPage {
        ctx: PageCtx::titled(lang, &state.web, "survey-title", &path),
        action: lang.path(&path),
        csrf: csrf::issue(state, PURPOSE, canonical.as_bytes()),
        code: display_code(&canonical),
        wave: lang.t(wave),
        questions: questions(
            lang,
            &open.statements,
            |f| field(value, f).to_owned(),
            &errors,
        ),
        summary: !errors.is_empty(),
        lines: &HELP_LINES,
    };
    render(&page, status, lang)
}

/// `GET /questionnaire/{code}`: the statements to answer, or why the code opens nothing.
async fn show(State(state): State<AppState>, lang: Lang, Path(code): Path<String>) -> Response {
    form_page(
        &state,
        lang,
        &code,
        (&[], FormErrors::new()),
        StatusCode::OK,
    )
    .await
}

/// `POST /questionnaire/{code}`: the answers, stored once; the thanks page. A forged or foreign
/// token is 403; a value that is not a point brings the form back (422).
async fn answer(
    State(state): State<AppState>,
    lang: Lang,
    Path(code): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(pairs) =
        form.map_err(|_| PageError::bad_request(lang, "error-400-form").with_config(&state.web))?;
    let binding = normalize_code(&code).unwrap_or_default();
    csrf::check(
        &state,
        lang,
        field(&pairs, csrf::CSRF_FIELD),
        PURPOSE,
        binding.as_bytes(),
    )?;
    let value = |f: &str| field(&pairs, f).to_owned();
    Ok(match state.app.answer_survey(&code, value).await {
        Ok(()) => {
            let page = DonePage {
                ctx: PageCtx::titled(lang, &state.web, "survey-done-title", SURVEY_PATH),
                lines: &HELP_LINES,
            };
            render(&page, StatusCode::OK, lang)
        }
        Err(AppError::InvalidPrevention(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&state, lang, &code, (&pairs, errors), status).await
        }
        Err(e) => failed(&state, lang, &code, e),
    })
}

/// The pupils' routes, at their French addresses (the router mounts them under `/en` too).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(SURVEY_PATH, get(enter))
        .route(&format!("{SURVEY_PATH}/{{code}}"), get(show).post(answer))
}
