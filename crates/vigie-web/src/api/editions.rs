//! `GET /api/v1/editions` and `GET /api/v1/editions/{id}`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vigie_domain::observatory::{EditionSnapshot, IncidentCategory, LICENCE_NAME, LICENCE_URL};
use vigie_observatory::key_figures;
use vigie_observatory::opendata::{Licence, TOTAL};

use super::{
    ApiError, ApiErrorBody, CACHE_IMMUTABLE, CACHE_LIST, Cache, RawPath, RawQuery, bytes_response,
    checked_query, json_response,
};
use crate::state::AppState;

/// An edition in the list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct EditionItem {
    /// `2026-03.1`: the period, then the version (corrections count up).
    #[schema(example = "2026-03.1")]
    pub id: String,
    /// The latest month it covers, `YYYY-MM`.
    #[schema(example = "2026-03")]
    pub period: String,
    /// 1, then one more per correction of the same period.
    #[schema(example = 1)]
    pub version: u32,
    /// When it was published (RFC 3339, UTC).
    #[schema(example = "2026-04-02T09:30:00Z")]
    pub published_at: String,
    /// The licence of its data.
    pub licence: Licence,
    /// What a correction changed; null for a first publication.
    pub changelog: Option<String>,
    /// The edition a correction replaces; null for a first publication.
    pub supersedes: Option<String>,
    /// Its metadata (`/api/v1/editions/{id}`).
    #[schema(example = "/api/v1/editions/2026-03.1")]
    pub url: String,
}

/// A month an edition covers, with the version of its release (corrections re-release a month).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MonthItem {
    /// `YYYY-MM`.
    #[schema(example = "2026-02")]
    pub period: String,
    /// 1, then one more per correction of this month.
    #[schema(example = 1)]
    pub version: u32,
}

/// Where an edition's files are.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct EditionLinks {
    /// The dashboard of this edition (HTML, French; English under `/en`).
    pub dashboard: String,
    /// Monthly series, JSON.
    pub series_json: String,
    /// Monthly series, CSV.
    pub series_csv: String,
    /// The latest month by area, JSON.
    pub areas_json: String,
    /// The latest month by area, CSV.
    pub areas_csv: String,
    /// The latest month by area, GeoJSON.
    pub areas_geojson: String,
    /// This document signed by the city (compact JWS, RFC 7515).
    pub signed: String,
    /// The city's public keys (JWK Set).
    pub jwks: String,
}

/// A key figure: the city's count for the edition's period and the month before.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct KeyFigureItem {
    /// A category code, or `total`.
    #[schema(example = "total")]
    pub category: String,
    /// The edition's period, `YYYY-MM`.
    #[schema(example = "2026-03")]
    pub period: String,
    /// The count; null when suppressed.
    pub count: Option<u64>,
    /// Below the threshold: published as "< k".
    pub suppressed: bool,
    /// The month before; null when suppressed or not covered.
    pub previous: Option<u64>,
    /// `count - previous`; null unless both are published.
    pub change: Option<i64>,
}

/// A city-level figure of one month: what a hub compares between member cities (issue 14).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CityFigureItem {
    /// The month, `YYYY-MM`.
    #[schema(example = "2026-03")]
    pub period: String,
    /// A category code, or `total`.
    #[schema(example = "deal_point")]
    pub category: String,
    /// The count; null when suppressed.
    pub count: Option<u64>,
    /// Below the threshold: published as "< k".
    pub suppressed: bool,
}

/// One year of an official series.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ContextPointItem {
    /// Year.
    pub year: i32,
    /// Number recorded.
    pub value: u64,
    /// Per thousand inhabitants, when the source gives it.
    pub rate_per_thousand: Option<f64>,
}

/// An official series shown beside the figures.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ContextItem {
    /// Indicator, as the source names it.
    pub indicator: String,
    /// Unit of count.
    pub unit: String,
    /// Territory.
    pub territory: String,
    /// Source line.
    pub source: String,
    /// Its licence.
    pub licence: String,
    /// Yearly points, oldest first.
    pub points: Vec<ContextPointItem>,
}

/// The city that publishes (issue 14): what a hub checks against the member it pulls.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CityItem {
    /// Its name.
    #[schema(example = "Marseille")]
    pub name: String,
    /// Its INSEE commune code.
    #[schema(example = "13055")]
    pub insee: String,
}

/// One of the edition's files, with the SHA-256 of its bytes as served at `url` (no parameters):
/// signing the document signs the files.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FileDigest {
    /// `series.json`, `series.csv`, `areas.json`, `areas.csv` or `areas.geojson`.
    #[schema(example = "series.csv")]
    pub name: String,
    /// Its address.
    #[schema(example = "/api/v1/editions/2026-03.1/series.csv")]
    pub url: String,
    /// Its `Content-Type`.
    #[schema(example = "text/csv; charset=utf-8")]
    pub media_type: String,
    /// SHA-256 of its bytes, lowercase hexadecimal.
    pub sha256: String,
    /// Its length in bytes.
    pub bytes: u64,
}

/// An edition's metadata: the document the city signs (its compact JWS is at `{id}.jws`).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct EditionDetail {
    /// `vigie-edition`: tells this document from the city's description, signed by the same key.
    #[serde(rename = "type")]
    #[schema(example = "vigie-edition")]
    pub kind: String,
    /// `2026-03.1`.
    #[schema(example = "2026-03.1")]
    pub id: String,
    /// Who publishes.
    pub city: CityItem,
    /// The latest month it covers, `YYYY-MM`.
    #[schema(example = "2026-03")]
    pub period: String,
    /// 1, then one more per correction.
    pub version: u32,
    /// When it was published (RFC 3339, UTC).
    pub published_at: String,
    /// The licence of its data.
    pub licence: Licence,
    /// The threshold: counts below it are suppressed ("< k").
    #[schema(example = 5)]
    pub k: u32,
    /// Differential-privacy noise per published cell, when used; null otherwise.
    pub epsilon: Option<f64>,
    /// What a correction changed.
    pub changelog: Option<String>,
    /// The edition a correction replaces.
    pub supersedes: Option<String>,
    /// Every month covered, oldest first.
    pub months: Vec<MonthItem>,
    /// Its files.
    pub links: EditionLinks,
    /// The city's figures for the period: the total first, then each category.
    pub key_figures: Vec<KeyFigureItem>,
    /// The city's figures of every month covered (oldest first; in each, the total first, then
    /// each category), as its dashboard publishes them: what a hub reads.
    pub city_figures: Vec<CityFigureItem>,
    /// Official series shown beside the figures.
    pub context: Vec<ContextItem>,
    /// The digest of each file.
    pub files: Vec<FileDigest>,
}

fn licence() -> Licence {
    Licence {
        name: LICENCE_NAME.to_owned(),
        url: LICENCE_URL.to_owned(),
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Every published edition, newest first (`[]` before the first).
#[utoipa::path(
    get,
    path = "/api/v1/editions",
    tag = "editions",
    responses(
        (status = 200, description = "Every edition, newest first", body = [EditionItem], content_type = "application/json"),
        (status = 400, description = "A query parameter was given (none is accepted)", body = ApiErrorBody),
    )
)]
pub(crate) async fn list(State(state): State<AppState>, query: RawQuery) -> Response {
    if let Err(e) = checked_query(query, &[]) {
        return e.into_response();
    }
    let list = match state.app.editions().await {
        Ok(l) => l,
        Err(e) => return ApiError::internal(&e).into_response(),
    };
    let items: Vec<EditionItem> = list
        .into_iter()
        .map(|e| EditionItem {
            url: format!("/api/v1/editions/{}", e.id),
            period: e.period.to_string(),
            version: e.version,
            published_at: DateTime::from_timestamp(e.published_at, 0)
                .map(rfc3339)
                .unwrap_or_default(),
            licence: licence(),
            changelog: e.changelog,
            supersedes: e.supersedes,
            id: e.id,
        })
        .collect();
    json_response(&items, Some(CACHE_LIST))
}

/// The document of `snap`, published by `city`, with its files' digests.
pub(super) fn detail_of(
    snap: &EditionSnapshot,
    city: &vigie_app::City,
    files: Vec<FileDigest>,
) -> EditionDetail {
    let base = format!("/api/v1/editions/{}", snap.id);
    let period = snap.period.to_string();
    EditionDetail {
        kind: "vigie-edition".into(),
        id: snap.id.clone(),
        city: CityItem {
            name: city.name.clone(),
            insee: city.insee.clone(),
        },
        period: period.clone(),
        version: snap.version,
        published_at: rfc3339(snap.published_at),
        licence: licence(),
        k: snap.k,
        epsilon: snap.epsilon,
        changelog: snap.changelog.clone(),
        supersedes: snap.supersedes.clone(),
        months: snap
            .months
            .iter()
            .map(|r| MonthItem {
                period: r.month.to_string(),
                version: r.version,
            })
            .collect(),
        links: EditionLinks {
            dashboard: format!("/observatoire?edition={}", snap.id),
            series_json: format!("{base}/series.json"),
            series_csv: format!("{base}/series.csv"),
            areas_json: format!("{base}/areas.json"),
            areas_csv: format!("{base}/areas.csv"),
            areas_geojson: format!("{base}/areas.geojson"),
            signed: format!("{base}.jws"),
            jwks: "/.well-known/jwks.json".into(),
        },
        key_figures: key_figures(snap)
            .into_iter()
            .map(|f| KeyFigureItem {
                category: f
                    .category
                    .map_or(TOTAL, IncidentCategory::as_str)
                    .to_owned(),
                period: period.clone(),
                count: f.count,
                suppressed: f.count.is_none(),
                previous: f.previous,
                change: f.change,
            })
            .collect(),
        city_figures: city_figures(snap),
        context: snap
            .context
            .iter()
            .map(|s| ContextItem {
                indicator: s.indicator.clone(),
                unit: s.unit.clone(),
                territory: s.territory.clone(),
                source: s.source.clone(),
                licence: s.licence.clone(),
                points: s
                    .points
                    .iter()
                    .map(|p| ContextPointItem {
                        year: p.year,
                        value: p.value,
                        rate_per_thousand: p.rate_per_thousand,
                    })
                    .collect(),
            })
            .collect(),
        files,
    }
}

/// The city-level cells of every month of `snap`, oldest first.
pub(crate) fn city_figures(snap: &EditionSnapshot) -> Vec<CityFigureItem> {
    let mut months: Vec<_> = snap.months.iter().collect();
    months.sort_by_key(|r| r.month);
    months
        .into_iter()
        .flat_map(|r| {
            std::iter::once(None)
                .chain(IncidentCategory::ALL.iter().copied().map(Some))
                .filter_map(move |c| {
                    let cell = r.cell(&vigie_domain::observatory::CellArea::City, c)?;
                    let count = if cell.suppressed { None } else { cell.count };
                    Some(CityFigureItem {
                        period: r.month.to_string(),
                        category: c.map_or(TOTAL, IncidentCategory::as_str).to_owned(),
                        count,
                        suppressed: count.is_none(),
                    })
                })
        })
        .collect()
}

/// An edition's metadata: threshold, noise, months covered, files, key figures, context series.
#[utoipa::path(
    get,
    path = "/api/v1/editions/{id}",
    tag = "editions",
    params(("id" = String, Path, description = "Edition id, `YYYY-MM.version`", example = "2026-03.1")),
    responses(
        (status = 200, description = "The edition's metadata", body = EditionDetail, content_type = "application/json"),
        (status = 400, description = "A query parameter was given (none is accepted)", body = ApiErrorBody),
        (status = 404, description = "No edition has this id", body = ApiErrorBody),
    )
)]
pub(crate) async fn detail(
    State(state): State<AppState>,
    cache: Cache,
    path: RawPath,
    query: RawQuery,
) -> Response {
    if let Err(e) = checked_query(query, &[]) {
        return e.into_response();
    }
    let Ok(Path(id)) = path else {
        return ApiError::unknown_edition().into_response();
    };
    // `{id}.jws` shares the segment: edition ids (`YYYY-MM.N`) never end so.
    let answer = match id.strip_suffix(".jws") {
        Some(id) => super::signed::jws(&state, &cache.0, id).await,
        None => super::signed::document(&state, &cache.0, &id)
            .await
            .map(|doc| bytes_response(doc.to_vec(), "application/json", Some(CACHE_IMMUTABLE))),
    };
    answer.unwrap_or_else(IntoResponse::into_response)
}
