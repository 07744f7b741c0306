//! `/suivi/consentements`: the person reads the consents in force on their file and withdraws them
//! (at once: the caseworkers see it in the conversation).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::AppError;
use vigie_app::casework::ConsentsInForce;

use super::follow::{FollowPost, Reporter};
use crate::PageError;
use crate::layout::PageCtx;
use crate::staff::kit::field;
use crate::staff::render;

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
    r: &Reporter,
    (notice, error): (Option<String>, Option<String>),
) -> Result<ConsentsPage, PageError> {
    let consents = r.state.app.reporter_consents(&r.session).await;
    Ok(ConsentsPage {
        ctx: PageCtx::titled(
            r.lang,
            &r.state.web,
            "consents-title",
            "/suivi/consentements",
        ),
        csrf: r.token(),
        consents: consents.map_err(|e| r.failed(e))?,
        notice,
        error,
    })
}

/// `GET /suivi/consentements`.
pub async fn show(r: Reporter) -> Response {
    match page(&r, (None, None)).await {
        Ok(p) => render(&p, StatusCode::OK, r.lang),
        Err(e) => e.into_response(),
    }
}

/// `POST /suivi/consentements`: withdraws what was ticked, then back to the page.
pub async fn withdraw(post: FollowPost) -> Result<Response, PageError> {
    let (r, lang) = (&post.reporter, post.reporter.lang);
    let ticked = |name| field(&post.pairs, name) == "1";
    let withdrawn =
        r.state
            .app
            .withdraw_consents(&r.session, ticked("statistiques"), ticked("partage"));
    match withdrawn.await {
        Ok(()) => {
            let p = page(r, (Some(lang.t("consents-withdrawn")), None)).await?;
            Ok(render(&p, StatusCode::OK, lang))
        }
        Err(AppError::Invalid(_)) => {
            let p = page(r, (None, Some(lang.t("consents-choose")))).await?;
            Ok(render(&p, StatusCode::UNPROCESSABLE_ENTITY, lang))
        }
        Err(e) => Err(r.failed(e)),
    }
}
