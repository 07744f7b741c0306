//! `/suivi/consentements`: the person reads the consents in force on their file and withdraws them
//! (at once: the caseworkers see it in the conversation).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::AppError;
use vigie_app::casework::ConsentsInForce;

use super::app_error_page;
use super::follow::{FOLLOW_PURPOSE, FollowPost, Reporter};
use crate::layout::PageCtx;
use crate::staff::kit::field;
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
        csrf: csrf::issue(state, FOLLOW_PURPOSE, &s.csrf_binding()),
        consents,
        notice,
        error,
    })
}

/// `GET /suivi/consentements`.
pub async fn show(r: Reporter) -> Response {
    match page(&r.state, r.lang, &r.session, (None, None)).await {
        Ok(p) => render(&p, StatusCode::OK, r.lang),
        Err(e) => e.into_response(),
    }
}

/// `POST /suivi/consentements`: withdraws what was ticked, then back to the page.
pub async fn withdraw(post: FollowPost) -> Result<Response, PageError> {
    let (state, lang, s) = (
        &post.reporter.state,
        post.reporter.lang,
        &post.reporter.session,
    );
    let ticked = |name| field(&post.pairs, name) == "1";
    match state
        .app
        .withdraw_consents(s, ticked("statistiques"), ticked("partage"))
        .await
    {
        Ok(()) => {
            let p = page(state, lang, s, (Some(lang.t("consents-withdrawn")), None)).await?;
            Ok(render(&p, StatusCode::OK, lang))
        }
        Err(AppError::Invalid(_)) => {
            let p = page(state, lang, s, (None, Some(lang.t("consents-choose")))).await?;
            Ok(render(&p, StatusCode::UNPROCESSABLE_ENTITY, lang))
        }
        Err(e) => Err(post.reporter.failed(e)),
    }
}
