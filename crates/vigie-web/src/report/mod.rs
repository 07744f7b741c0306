//! The reporter's pages: `/signaler` (the anonymous form and the receipt) and `/suivi` (the follow-up
//! with the receipt). They work without JavaScript, load nothing from elsewhere, and set no cookie
//! until the reporter opens a follow-up session.

pub(crate) mod admission;
mod consent;
mod follow;
mod form;
pub(crate) mod link;
pub(crate) mod upload;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use vigie_app::AppError;
use vigie_domain::area::AreaList;
use vigie_domain::report::Category;

pub use admission::UsedNonces;

use crate::state::AppState;
use crate::{Lang, PageError};

/// An option of a `<select>`.
#[derive(Clone, Debug)]
pub struct Choice {
    /// Submitted value.
    pub value: String,
    /// Shown label.
    pub label: String,
    /// Pre-selected.
    pub selected: bool,
}

fn category_choices(lang: Lang, chosen: &str) -> Vec<Choice> {
    Category::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().to_owned(),
            label: lang.t(&format!("report-category-{}", c.as_str())),
            selected: c.as_str() == chosen,
        })
        .collect()
}

/// Arrondissements, and quartiers grouped by arrondissement (no script filters them: the server
/// checks that a quartier lies in the chosen arrondissement).
pub(crate) fn area_choices(
    areas: &AreaList,
    district: &str,
    neighbourhood: &str,
) -> (Vec<Choice>, Vec<(String, Vec<Choice>)>) {
    let districts = areas
        .districts()
        .iter()
        .map(|d| Choice {
            value: d.code.clone(),
            label: d.name.clone(),
            selected: d.code == district,
        })
        .collect();
    let groups = areas
        .districts()
        .iter()
        .map(|d| {
            let items = areas
                .neighbourhoods_of(&d.code)
                .map(|n| Choice {
                    value: n.code.clone(),
                    label: n.name.clone(),
                    selected: n.code == neighbourhood,
                })
                .collect();
            (d.name.clone(), items)
        })
        .collect();
    (districts, groups)
}

/// The page for an app error on a public route: limits and saturation get their 429/503 pages, a
/// missing team is a 503 (the service is not ready), anything else a 500 with the detail logged.
pub(crate) fn app_error_page(state: &AppState, lang: Lang, e: AppError) -> PageError {
    match e {
        AppError::RateLimited { retry_after_secs } => {
            PageError::too_many_requests(lang, retry_after_secs)
        }
        AppError::Busy { retry_after_secs } => PageError::unavailable(lang, retry_after_secs),
        AppError::NoTeam => {
            tracing::error!("a report arrived but no team exists to receive it");
            PageError::unavailable(lang, 3600)
        }
        other => {
            tracing::error!(error = %other, "report use case failed");
            PageError::internal(lang)
        }
    }
    .with_config(&state.web)
}

/// The reporter's routes, at their French addresses (the router mounts them under `/en` too), with
/// the upload body limit.
pub fn routes(state: &AppState) -> Router<AppState> {
    let r = &state.app.settings().reports;
    // Every file at its largest, plus room for the text fields and the multipart framing.
    let upload_limit = usize::try_from(
        r.max_file_bytes
            .saturating_mul(r.max_files as u64)
            .saturating_add(2 * 1024 * 1024),
    )
    .unwrap_or(usize::MAX);
    Router::new()
        .route(
            "/signaler",
            get(form::show)
                .post(admission::post::<form::Report>)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/signaler/suite", get(form::next))
        .route("/suivi", get(follow::show).post(follow::login))
        .route(
            "/suivi/repondre",
            post(follow::reply)
                .get(follow::show)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/suivi/retirer",
            get(follow::withdraw_form).post(follow::withdraw),
        )
        .route("/suivi/deconnexion", post(follow::logout).get(follow::show))
        .route(
            "/suivi/consentements",
            get(consent::show).post(consent::withdraw),
        )
        .route("/suivi/accompagnement", get(link::form).post(link::ask))
        .route(
            "/suivi/accompagnement/annuler",
            post(link::cancel).get(follow::show),
        )
        .route(
            "/suivi/accompagnement/code",
            post(link::noted).get(follow::show),
        )
}
