//! The published prevention figures' open data: `GET /api/v1/prevention` (the releases, newest
//! period first) and each period's `figures.json` and `figures.csv`. A release never changes: its
//! files are cached like an edition's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use vigie_app::prevention::PublishedPrevention;
use vigie_app::{App, AppError};
use vigie_domain::prevention::Period;
use vigie_observatory::opendata::Licence;
use vigie_observatory::prevention::{PreventionDocument, prevention_csv, prevention_document};

use super::releases::{self, Figures, Stream, respond};
use super::{ApiError, ApiErrorBody, RawQuery, file_handlers};
use crate::state::AppState;

/// A period's release in the list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PreventionReleaseItem {
    /// The period: a year (`2025`) or a quarter (`2025-Q3`).
    #[schema(example = "2025-Q3")]
    pub period: String,
    /// 1 for the first release of the period.
    #[schema(example = 1)]
    pub version: u32,
    /// The day it was published, `YYYY-MM-DD`.
    #[schema(example = "2025-10-06")]
    pub published_day: String,
    /// The threshold: figures below it are suppressed.
    #[schema(example = 5)]
    pub k: u32,
    /// Young people reached in the city; null when suppressed.
    #[schema(example = 412)]
    pub young_people: Option<u64>,
    /// The licence of its data.
    pub licence: Licence,
    /// Its figures, JSON.
    #[schema(example = "/api/v1/prevention/2025-Q3/figures.json")]
    pub figures_json: String,
    /// Its figures, CSV.
    #[schema(example = "/api/v1/prevention/2025-Q3/figures.csv")]
    pub figures_csv: String,
    /// Its page (HTML, French; English under `/en`).
    #[schema(example = "/observatoire/prevention?periode=2025-Q3")]
    pub page: String,
}

/// 404 for a period without a release.
fn unknown_period() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_release",
        "no prevention figures are published for this period; the list is at /api/v1/prevention"
            .into(),
        Some("period"),
    )
}

/// The list of releases.
#[utoipa::path(
    get,
    path = "/api/v1/prevention",
    tag = "prevention",
    responses(
        (status = 200, description = "Every release of the prevention figures, newest period first", body = [PreventionReleaseItem], content_type = "application/json"),
        (status = 400, description = "A query parameter was given (none is accepted)", body = ApiErrorBody),
    )
)]
pub(crate) async fn list(State(state): State<AppState>, query: RawQuery) -> Response {
    releases::list::<Prevention, _>(&state, query, |r| {
        let p = r.figures.period;
        PreventionReleaseItem {
            period: p.to_string(),
            version: r.figures.version,
            published_day: r.published_day,
            k: r.figures.k,
            young_people: r.figures.young_people(),
            licence: prevention_document(&r.figures).licence,
            figures_json: format!("/api/v1/prevention/{p}/figures.json"),
            figures_csv: format!("/api/v1/prevention/{p}/figures.csv"),
            page: format!("/observatoire/prevention?periode={p}"),
        }
    })
    .await
}

/// The prevention figures, a release a quarter or a year.
struct Prevention;

impl Stream for Prevention {
    type Release = PublishedPrevention;
    type Key = Period;
    const SEGMENT: &'static str = "prevention";

    fn unknown() -> ApiError {
        unknown_period()
    }

    async fn releases(app: &App) -> Result<Vec<PublishedPrevention>, AppError> {
        app.prevention_releases().await
    }

    fn named(r: &PublishedPrevention) -> (Period, u32) {
        (r.figures.period, r.figures.version)
    }

    fn json(r: &PublishedPrevention) -> Vec<u8> {
        serde_json::to_vec(&prevention_document(&r.figures)).unwrap_or_default()
    }

    fn csv(r: &PublishedPrevention) -> String {
        prevention_csv(&r.figures)
    }
}

file_handlers! {
    respond::<Prevention>, tag "prevention",
    id ("period" = String, Path, description = "The period: a year or a quarter", example = "2025-Q3"),
    bad "A query parameter was given (none is accepted)", missing "No release for this period";
    /// A period's figures, JSON.
    figures_json: Figures::Json, at "/api/v1/prevention/{period}/figures.json" with [],
        ok "The period's figures", [PreventionDocument] as "application/json";
    /// A period's figures, CSV.
    figures_csv: Figures::Csv, at "/api/v1/prevention/{period}/figures.csv" with [],
        ok "The period's figures (RFC 4180)", [String] as "text/csv";
}
