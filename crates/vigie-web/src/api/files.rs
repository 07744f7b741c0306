//! An edition's open-data files: the monthly series (`series.json`, `series.csv`) and one month by
//! area (`areas.json`, `areas.csv`, `areas.geojson`). Rows are the edition's published cells as they
//! are: a suppressed cell has a null (JSON) or empty (CSV) count and `suppressed` true.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use vigie_domain::observatory::EditionSnapshot;
use vigie_observatory::opendata::{KIND_AREAS, KIND_SERIES};
use vigie_observatory::{
    MapData, MapLevel, RowFilter, area_rows, series_rows, to_csv, to_geojson, to_json,
};

use super::{ApiError, CACHE_IMMUTABLE, bytes_response, checked_query, edition, json_response};
use crate::observatory::params::{self, ParamError, Query};
use crate::state::AppState;

/// Filters of the monthly series. (Described for the OpenAPI document; the values are read by hand
/// so that each refusal names its parameter.)
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct SeriesParams {
    /// `total` (every category together) or a category code; all rows when absent.
    #[param(example = "total")]
    category: Option<String>,
    /// `arrondissement` or `quartier`; both when absent.
    level: Option<MapLevel>,
    /// First month kept, `YYYY-MM`.
    #[param(example = "2026-01")]
    from: Option<String>,
    /// Last month kept, `YYYY-MM` (not before `from`).
    #[param(example = "2026-03")]
    to: Option<String>,
}

/// Filters of one month by area. (Described for the OpenAPI document; read by hand.)
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct AreaParams {
    /// `total` (every category together) or a category code; all rows when absent. Quartiers
    /// are published for `total` only.
    #[param(example = "total")]
    category: Option<String>,
    /// `arrondissement` or `quartier`; both when absent.
    level: Option<MapLevel>,
    /// A month the edition covers, `YYYY-MM`; the edition's period when absent.
    #[param(example = "2026-03")]
    month: Option<String>,
}

type RawQuery = Result<UrlQuery<Vec<(String, String)>>, QueryRejection>;
type RawPath = Result<Path<String>, PathRejection>;

fn common(q: &Query<'_>) -> Result<RowFilter, ParamError> {
    Ok(RowFilter {
        category: q.get("category").map(params::category).transpose()?,
        level: q.get("level").map(params::level).transpose()?,
        from: None,
        to: None,
    })
}

/// The edition and the series' rows as asked.
async fn series(
    state: &AppState,
    path: RawPath,
    query: RawQuery,
) -> Result<(std::sync::Arc<EditionSnapshot>, Vec<vigie_observatory::Row>), ApiError> {
    let pairs = checked_query(query, &["category", "level", "from", "to"])?;
    let q = Query(&pairs);
    let mut filter = common(&q).map_err(|e| ApiError::param(&e))?;
    let month = |name| {
        q.get(name)
            .map(|v| params::month(name, v))
            .transpose()
            .map_err(|e| ApiError::param(&e))
    };
    filter.from = month("from")?;
    filter.to = month("to")?;
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && t < f
    {
        let e = ParamError::invalid("to", format!("YYYY-MM, not before from ({f})"));
        return Err(ApiError::param(&e));
    }
    let Ok(Path(id)) = path else {
        return Err(ApiError::unknown_edition());
    };
    let snap = edition(state, &id).await?;
    let rows = series_rows(&snap, &filter);
    Ok((snap, rows))
}

/// The edition and one month's rows as asked.
async fn areas(
    state: &AppState,
    path: RawPath,
    query: RawQuery,
) -> Result<(std::sync::Arc<EditionSnapshot>, Vec<vigie_observatory::Row>), ApiError> {
    let pairs = checked_query(query, &["category", "level", "month"])?;
    let q = Query(&pairs);
    let filter = common(&q).map_err(|e| ApiError::param(&e))?;
    let Ok(Path(id)) = path else {
        return Err(ApiError::unknown_edition());
    };
    let snap = edition(state, &id).await?;
    let month = match q.get("month") {
        Some(v) => params::covered_month(v, &snap).map_err(|e| ApiError::param(&e))?,
        None => snap.period,
    };
    let rows = area_rows(&snap, month, &filter);
    Ok((snap, rows))
}

/// A CSV attachment named `vigie-<edition>-<kind>.csv`.
fn csv_response(snap: &EditionSnapshot, rows: &[vigie_observatory::Row], kind: &str) -> Response {
    let mut r = bytes_response(
        to_csv(rows, snap).into_bytes(),
        "text/csv; charset=utf-8",
        Some(CACHE_IMMUTABLE),
    );
    // Edition ids are `YYYY-MM.N`: nothing to quote or escape in the file name.
    let name: String = snap
        .id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
        .collect();
    if let Ok(v) =
        HeaderValue::try_from(format!("attachment; filename=\"vigie-{name}-{kind}.csv\""))
    {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// The monthly series as JSON: every month of the edition, arrondissements and quartiers.
#[utoipa::path(
    get,
    path = "/api/v1/editions/{id}/series.json",
    tag = "files",
    params(("id" = String, Path, description = "Edition id", example = "2026-03.1"), SeriesParams),
    responses(
        (status = 200, description = "The rows, with the edition and the licence", body = vigie_observatory::OpenDataDocument, content_type = "application/json"),
        (status = 400, description = "A bad parameter (named in `parameter`)", body = super::ApiErrorBody),
        (status = 404, description = "No edition has this id", body = super::ApiErrorBody),
    )
)]
pub(crate) async fn series_json(
    State(state): State<AppState>,
    path: RawPath,
    query: RawQuery,
) -> Response {
    match series(&state, path, query).await {
        Ok((snap, rows)) => {
            json_response(&to_json(&rows, &snap, KIND_SERIES), Some(CACHE_IMMUTABLE))
        }
        Err(e) => e.into_response(),
    }
}

/// The monthly series as CSV (RFC 4180, UTF-8, header row; empty count when suppressed).
#[utoipa::path(
    get,
    path = "/api/v1/editions/{id}/series.csv",
    tag = "files",
    params(("id" = String, Path, description = "Edition id", example = "2026-03.1"), SeriesParams),
    responses(
        (status = 200, description = "Header `area_code,area_level,category,period,count,suppressed,edition,licence`, then one line per row", body = String, content_type = "text/csv"),
        (status = 400, description = "A bad parameter (named in `parameter`)", body = super::ApiErrorBody),
        (status = 404, description = "No edition has this id", body = super::ApiErrorBody),
    )
)]
pub(crate) async fn series_csv(
    State(state): State<AppState>,
    path: RawPath,
    query: RawQuery,
) -> Response {
    match series(&state, path, query).await {
        Ok((snap, rows)) => csv_response(&snap, &rows, KIND_SERIES),
        Err(e) => e.into_response(),
    }
}

/// One month by area as JSON (the edition's period unless `month` says otherwise).
#[utoipa::path(
    get,
    path = "/api/v1/editions/{id}/areas.json",
    tag = "files",
    params(("id" = String, Path, description = "Edition id", example = "2026-03.1"), AreaParams),
    responses(
        (status = 200, description = "The rows, with the edition and the licence", body = vigie_observatory::OpenDataDocument, content_type = "application/json"),
        (status = 400, description = "A bad parameter (named in `parameter`)", body = super::ApiErrorBody),
        (status = 404, description = "No edition has this id", body = super::ApiErrorBody),
    )
)]
pub(crate) async fn areas_json(
    State(state): State<AppState>,
    path: RawPath,
    query: RawQuery,
) -> Response {
    match areas(&state, path, query).await {
        Ok((snap, rows)) => {
            json_response(&to_json(&rows, &snap, KIND_AREAS), Some(CACHE_IMMUTABLE))
        }
        Err(e) => e.into_response(),
    }
}

/// One month by area as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/editions/{id}/areas.csv",
    tag = "files",
    params(("id" = String, Path, description = "Edition id", example = "2026-03.1"), AreaParams),
    responses(
        (status = 200, description = "Header `area_code,area_level,category,period,count,suppressed,edition,licence`, then one line per row", body = String, content_type = "text/csv"),
        (status = 400, description = "A bad parameter (named in `parameter`)", body = super::ApiErrorBody),
        (status = 404, description = "No edition has this id", body = super::ApiErrorBody),
    )
)]
pub(crate) async fn areas_csv(
    State(state): State<AppState>,
    path: RawPath,
    query: RawQuery,
) -> Response {
    match areas(&state, path, query).await {
        Ok((snap, rows)) => csv_response(&snap, &rows, KIND_AREAS),
        Err(e) => e.into_response(),
    }
}

/// One month by area as GeoJSON (RFC 7946): a feature per row with its area's contour.
#[utoipa::path(
    get,
    path = "/api/v1/editions/{id}/areas.geojson",
    tag = "files",
    params(("id" = String, Path, description = "Edition id", example = "2026-03.1"), AreaParams),
    responses(
        (status = 200, description = "A FeatureCollection naming the edition and the licence", body = super::doc::AreaFeatureCollection, content_type = "application/geo+json"),
        (status = 400, description = "A bad parameter (named in `parameter`)", body = super::ApiErrorBody),
        (status = 404, description = "No edition has this id", body = super::ApiErrorBody),
    )
)]
pub(crate) async fn areas_geojson(
    State(state): State<AppState>,
    path: RawPath,
    query: RawQuery,
) -> Response {
    let (snap, rows) = match areas(&state, path, query).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    let map = match MapData::shared_marseille() {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "bundled map unreadable");
            return ApiError::internal(&e).into_response();
        }
    };
    let body = serde_json::to_vec(&to_geojson(&rows, &snap, map)).unwrap_or_default();
    bytes_response(body, "application/geo+json", Some(CACHE_IMMUTABLE))
}
