//! The yearly casework figures' open data: `GET /api/v1/accompagnement` (the releases, newest year
//! first) and each year's `figures.json` and `figures.csv`. A release never changes: its files are
//! cached like an edition's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use vigie_app::casework::PublishedYear;
use vigie_app::{App, AppError};
use vigie_observatory::casework::{CaseworkDocument, casework_csv, casework_document};
use vigie_observatory::opendata::Licence;

use super::releases::{self, Figures, Stream, respond};
use super::{ApiError, ApiErrorBody, RawQuery, file_handlers};
use crate::state::AppState;

/// A year's release in the list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CaseworkReleaseItem {
    /// The year counted.
    #[schema(example = 2025)]
    pub year: i32,
    /// 1 for the first release of the year.
    #[schema(example = 1)]
    pub version: u32,
    /// The day it was published, `YYYY-MM-DD`.
    #[schema(example = "2026-01-15")]
    pub published_day: String,
    /// The threshold: figures below it are suppressed.
    #[schema(example = 5)]
    pub k: u32,
    /// The licence of its data.
    pub licence: Licence,
    /// Its figures, JSON.
    #[schema(example = "/api/v1/accompagnement/2025/figures.json")]
    pub figures_json: String,
    /// Its figures, CSV.
    #[schema(example = "/api/v1/accompagnement/2025/figures.csv")]
    pub figures_csv: String,
    /// Its page (HTML, French; English under `/en`).
    #[schema(example = "/observatoire/accompagnement?annee=2025")]
    pub page: String,
}

/// 404 for a year without a release.
fn unknown_year() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_release",
        "no casework figures are published for this year; the list is at /api/v1/accompagnement"
            .into(),
        Some("year"),
    )
}

/// The list of releases.
#[utoipa::path(
    get,
    path = "/api/v1/accompagnement",
    tag = "casework",
    responses(
        (status = 200, description = "Every yearly release of the casework figures, newest year first", body = [CaseworkReleaseItem], content_type = "application/json"),
        (status = 400, description = "A query parameter was given (none is accepted)", body = ApiErrorBody),
    )
)]
pub(crate) async fn list(State(state): State<AppState>, query: RawQuery) -> Response {
    releases::list::<Casework, _>(&state, query, |r| {
        let year = r.figures.year;
        CaseworkReleaseItem {
            year,
            version: r.figures.version,
            published_day: r.published_day,
            k: r.figures.k,
            licence: casework_document(&r.figures).licence,
            figures_json: format!("/api/v1/accompagnement/{year}/figures.json"),
            figures_csv: format!("/api/v1/accompagnement/{year}/figures.csv"),
            page: format!("/observatoire/accompagnement?annee={year}"),
        }
    })
    .await
}

/// The casework figures, a release a year.
struct Casework;

impl Stream for Casework {
    type Release = PublishedYear;
    type Key = i32;
    const SEGMENT: &'static str = "accompagnement";

    fn unknown() -> ApiError {
        unknown_year()
    }

    async fn releases(app: &App) -> Result<Vec<PublishedYear>, AppError> {
        app.casework_releases().await
    }

    fn named(r: &PublishedYear) -> (i32, u32) {
        (r.figures.year, r.figures.version)
    }

    fn json(r: &PublishedYear) -> Vec<u8> {
        serde_json::to_vec(&casework_document(&r.figures)).unwrap_or_default()
    }

    fn csv(r: &PublishedYear) -> String {
        casework_csv(&r.figures)
    }
}

file_handlers! {
    respond::<Casework>, tag "casework",
    id ("year" = i32, Path, description = "The year", example = 2025),
    bad "A query parameter was given (none is accepted)", missing "No release for this year";
    /// A year's figures, JSON.
    figures_json: Figures::Json, at "/api/v1/accompagnement/{year}/figures.json" with [],
        ok "The year's figures", [CaseworkDocument] as "application/json";
    /// A year's figures, CSV.
    figures_csv: Figures::Csv, at "/api/v1/accompagnement/{year}/figures.csv" with [],
        ok "The year's figures (RFC 4180)", [String] as "text/csv";
}
