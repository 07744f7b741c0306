//! `/suivi/consentements`: the person reads the consents in force on their file and withdraws them
//! (at once: the caseworkers see it in the conversation).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vigie_app::AppError;
use vigie_app::casework::ConsentsInForce;

use super::app_error_page;
use super::follow::{form_error, session};
use crate::layout::PageCtx;
use crate::staff::render;
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

#[derive(Template)]
#[template(path = "report/consents.html")]
struct ConsentsPage {
    ctx: PageCtx,
    csrf: String,
    consents: Option<ConsentsInForce>,
    notice: Option<String>,
    error: Option<String>,
}

/// The withdrawal form: which consents.
#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    statistiques: String,
    #[serde(default)]
    partage: String,
}

async fn page(
    state: &AppState,
    lang: Lang,
    s: &vigie_app::reports::ReporterSession,
    (notice, error): (Option<String>, Option<String>),
) -> Result<ConsentsPage, PageError> {
    let consents = state
        .app
        .reporter_consents(s)
        .await
        .map_err(|e| app_error_page(state, lang, e))?;
    Ok(ConsentsPage {
        ctx: PageCtx::titled(lang, &state.web, "consents-title", "/suivi/consentements"),
        csrf: csrf::issue(state, "suivi", &s.csrf_binding()),
        consents,
        notice,
        error,
    })
}

/// `GET /suivi/consentements`.
pub async fn show(State(state): State<AppState>, lang: Lang, headers: HeaderMap) -> Response {
    let s = match session(&state, lang, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match page(&state, lang, &s, (None, None)).await {
        Ok(p) => render(&p, StatusCode::OK, lang),
        Err(e) => e.into_response(),
    }
}

/// `POST /suivi/consentements`: withdraws what was ticked, then back to the page.
pub async fn withdraw(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    form: Result<Form<WithdrawForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|e| form_error(&state, lang, &e))?;
    let s = match session(&state, lang, &headers).await {
        Ok(s) => s,
        Err(r) => return Ok(r),
    };
    csrf::check(&state, lang, &form.csrf, "suivi", &s.csrf_binding())?;
    match state
        .app
        .withdraw_consents(&s, form.statistiques == "1", form.partage == "1")
        .await
    {
        Ok(()) => {
            let p = page(&state, lang, &s, (Some(lang.t("consents-withdrawn")), None)).await?;
            Ok(render(&p, StatusCode::OK, lang))
        }
        Err(AppError::Invalid(_)) => {
            let p = page(&state, lang, &s, (None, Some(lang.t("consents-choose")))).await?;
            Ok(render(&p, StatusCode::UNPROCESSABLE_ENTITY, lang))
        }
        Err(e) => Err(app_error_page(&state, lang, e)),
    }
}
