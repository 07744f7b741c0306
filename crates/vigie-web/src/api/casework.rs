//! The yearly casework figures' open data: `GET /api/v1/accompagnement` (the releases, newest year
//! first) and each year's `figures.json` and `figures.csv`. A release never changes: its files are
//! cached like an edition's.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use vigie_app::casework::PublishedYear;
use vigie_observatory::casework::{CaseworkDocument, casework_csv, casework_document};
use vigie_observatory::opendata::Licence;

use super::cache::Encoded;
use super::{
    ApiError, ApiErrorBody, CACHE_IMMUTABLE, CACHE_LIST, Cache, RawPath, RawQuery, bytes_response,
    checked_query, file_handlers, json_response,
};
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

fn releases_error(e: &vigie_app::AppError) -> ApiError {
    ApiError::internal(e)
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
    if let Err(e) = checked_query(query, &[]) {
        return e.into_response();
    }
    let list = match state.app.casework_releases().await {
        Ok(l) => l,
        Err(e) => return releases_error(&e).into_response(),
    };
    let items: Vec<CaseworkReleaseItem> = list
        .into_iter()
        .map(|r| {
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
        .collect();
    json_response(&items, Some(CACHE_LIST))
}

/// The release of the year in `path`.
async fn release(
    state: &AppState,
    path: RawPath,
    query: RawQuery,
) -> Result<PublishedYear, ApiError> {
    checked_query(query, &[])?;
    let Ok(Path(raw)) = path else {
        return Err(unknown_year());
    };
    let year: i32 = raw.parse().map_err(|_| unknown_year())?;
    state
        .app
        .casework_releases()
        .await
        .map_err(|e| releases_error(&e))?
        .into_iter()
        .find(|r| r.figures.year == year)
        .ok_or_else(unknown_year)
}

/// A figures file of a release (the casework figures', the prevention figures').
#[derive(Clone, Copy, Debug)]
pub(super) enum Figures {
    Json,
    Csv,
}

/// `file` of a release, encoded by `json` or `csv` once per process under `key` (a release never
/// changes: a new release is a new version, another key).
pub(super) fn figures_file(
    cache: &Cache,
    (key, file): (String, Figures),
    json: impl FnOnce() -> Vec<u8>,
    csv: impl FnOnce() -> String,
) -> Response {
    let encoded = cache.0.get(&key).unwrap_or_else(|| {
        let encoded = match file {
            Figures::Json => Encoded {
                body: json().into(),
                content_type: "application/json",
            },
            Figures::Csv => Encoded {
                body: csv().into_bytes().into(),
                content_type: "text/csv; charset=utf-8",
            },
        };
        cache.0.put(key, encoded.clone());
        encoded
    });
    bytes_response(
        encoded.body.to_vec(),
        encoded.content_type,
        Some(CACHE_IMMUTABLE),
    )
}

/// The year's `file`, or the error.
async fn respond(
    state: AppState,
    cache: Cache,
    file: Figures,
    path: RawPath,
    query: RawQuery,
) -> Response {
    let release = match release(&state, path, query).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let f = &release.figures;
    let key = format!("accompagnement/{}.{}/{file:?}", f.year, f.version);
    figures_file(
        &cache,
        (key, file),
        || serde_json::to_vec(&casework_document(f)).unwrap_or_default(),
        || casework_csv(f),
    )
}

file_handlers! {
    respond, tag "casework",
    id ("year" = i32, Path, description = "The year", example = 2025),
    bad "A query parameter was given (none is accepted)", missing "No release for this year";
    /// A year's figures, JSON.
    figures_json: Figures::Json, at "/api/v1/accompagnement/{year}/figures.json" with [],
        ok "The year's figures", [CaseworkDocument] as "application/json";
    /// A year's figures, CSV.
    figures_csv: Figures::Csv, at "/api/v1/accompagnement/{year}/figures.csv" with [],
        ok "The year's figures (RFC 4180)", [String] as "text/csv";
}
