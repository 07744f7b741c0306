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
use vigie_observatory::prevention_surveys;

use super::releases::{self, Figures, Stream, respond};
use super::{ApiError, ApiErrorBody, Cache, RawPath, RawQuery, file_handlers};
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
    /// Its impact survey results, CSV (its JSON holds them too, as `surveys`).
    #[schema(example = "/api/v1/prevention/2025-Q3/surveys.csv")]
    pub surveys_csv: String,
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
    releases::list::<Prevention<false>, _>(&state, query, |r| {
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
            surveys_csv: format!("/api/v1/prevention/{p}/surveys.csv"),
            page: format!("/observatoire/prevention?periode={p}"),
        }
    })
    .await
}

/// The prevention figures, a release a quarter or a year; with `SURVEYS`, the same releases whose
/// CSV is their impact survey results (one line per statement; the JSON holds them as `surveys`).
struct Prevention<const SURVEYS: bool>;

impl<const SURVEYS: bool> Stream for Prevention<SURVEYS> {
    type Release = PublishedPrevention;
    type Key = Period;
    const SEGMENT: &'static str = if SURVEYS {
        "prevention-surveys"
    } else {
        "prevention"
    };

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
        if SURVEYS {
            prevention_surveys::surveys_csv(&r.figures)
        } else {
            prevention_csv(&r.figures)
        }
    }
}

/// A file of a period's release: its figures (JSON, CSV) or its survey results (CSV).
#[derive(Clone, Copy, Debug)]
pub(crate) enum PreventionFile {
    Json,
    Csv,
    SurveysCsv,
}

/// The period's `file`, or the error.
async fn respond_file(
    state: AppState,
    cache: Cache,
    file: PreventionFile,
    path: RawPath,
    query: RawQuery,
) -> Response {
    match file {
        PreventionFile::Json => {
            respond::<Prevention<false>>(state, cache, Figures::Json, path, query).await
        }
        PreventionFile::Csv => {
            respond::<Prevention<false>>(state, cache, Figures::Csv, path, query).await
        }
        PreventionFile::SurveysCsv => {
            respond::<Prevention<true>>(state, cache, Figures::Csv, path, query).await
        }
    }
}

file_handlers! {
    respond_file, tag "prevention",
    id ("period" = String, Path, description = "The period: a year or a quarter", example = "2025-Q3"),
    bad "A query parameter was given (none is accepted)", missing "No release for this period";
    /// A period's figures, JSON.
    figures_json: PreventionFile::Json, at "/api/v1/prevention/{period}/figures.json" with [],
        ok "The period's figures, and its survey results (`surveys`, null for a release published before them)", [PreventionDocument] as "application/json";
    /// A period's figures, CSV.
    figures_csv: PreventionFile::Csv, at "/api/v1/prevention/{period}/figures.csv" with [],
        ok "The period's figures (RFC 4180)", [String] as "text/csv";
    /// A period's impact survey results, CSV.
    surveys_csv: PreventionFile::SurveysCsv, at "/api/v1/prevention/{period}/surveys.csv" with [],
        ok "The period's survey results, one line per statement (RFC 4180; its header only for a release published before them)", [String] as "text/csv";
}
