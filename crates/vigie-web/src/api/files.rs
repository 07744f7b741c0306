//! An edition's open-data files: the monthly series (`series.json`, `series.csv`) and one month by
//! area (`areas.json`, `areas.csv`, `areas.geojson`). Rows are the edition's published cells as they
//! are: a suppressed cell has a null (JSON) or empty (CSV) count and `suppressed` true.

use std::sync::Arc;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use vigie_domain::observatory::{EditionSnapshot, Month};
use vigie_observatory::opendata::{KIND_AREAS, KIND_SERIES};
use vigie_observatory::{
    MapData, MapLevel, RowFilter, area_rows, series_rows, to_csv, to_geojson, to_json,
};

use super::cache::{Encoded, FileCache};
use super::{
    ApiError, CACHE_IMMUTABLE, Cache, RawPath, RawQuery, checked_query, edition, file_handlers,
};
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

/// One of an edition's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum File {
    SeriesJson,
    SeriesCsv,
    AreasJson,
    AreasCsv,
    AreasGeojson,
}

impl File {
    /// Every file, in the order the edition document lists their digests.
    pub(super) const ALL: [File; 5] = [
        File::SeriesJson,
        File::SeriesCsv,
        File::AreasJson,
        File::AreasCsv,
        File::AreasGeojson,
    ];

    /// Its name in the edition's address.
    pub(super) fn name(self) -> &'static str {
        match self {
            File::SeriesJson => "series.json",
            File::SeriesCsv => "series.csv",
            File::AreasJson => "areas.json",
            File::AreasCsv => "areas.csv",
            File::AreasGeojson => "areas.geojson",
        }
    }

    fn is_series(self) -> bool {
        matches!(self, File::SeriesJson | File::SeriesCsv)
    }

    fn kind(self) -> &'static str {
        if self.is_series() {
            KIND_SERIES
        } else {
            KIND_AREAS
        }
    }
}

/// The filters of `file` from the query (every refusal names its parameter).
fn filter_of(file: File, q: &Query<'_>) -> Result<RowFilter, ParamError> {
    let mut filter = RowFilter {
        category: q.get("category").map(params::category).transpose()?,
        level: q.get("level").map(params::level).transpose()?,
        from: None,
        to: None,
    };
    if file.is_series() {
        let month = |name| q.get(name).map(|v| params::month(name, v)).transpose();
        filter.from = month("from")?;
        filter.to = month("to")?;
        if let (Some(f), Some(t)) = (filter.from, filter.to)
            && t < f
        {
            return Err(ParamError::invalid(
                "to",
                format!("YYYY-MM, not before from ({f})"),
            ));
        }
    }
    Ok(filter)
}

/// Encodes the rows of `file` (CPU only: called off the async workers).
fn encode(snap: &EditionSnapshot, file: File, filter: &RowFilter, month: Option<Month>) -> Encoded {
    let rows = match month {
        Some(m) => area_rows(snap, m, filter),
        None => series_rows(snap, filter),
    };
    let (body, content_type) = match file {
        File::SeriesJson | File::AreasJson => (
            serde_json::to_vec(&to_json(&rows, snap, file.kind())).unwrap_or_default(),
            "application/json",
        ),
        File::SeriesCsv | File::AreasCsv => {
            (to_csv(&rows, snap).into_bytes(), "text/csv; charset=utf-8")
        }
        File::AreasGeojson => {
            // Parsed once per process; the GeoJSON cannot be written without the contours.
            let body = MapData::shared_marseille()
                .map(|map| serde_json::to_vec(&to_geojson(&rows, snap, map)).unwrap_or_default())
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "bundled map unreadable");
                    Vec::new()
                });
            (body, "application/geo+json")
        }
    };
    Encoded {
        body: body.into(),
        content_type,
    }
}

/// `file` of `snap` with `filter` and `month`: from the cache, or encoded now (off the async workers)
/// and kept.
async fn encoded(
    cache: &FileCache,
    snap: &Arc<EditionSnapshot>,
    file: File,
    filter: RowFilter,
    month: Option<Month>,
) -> Result<Encoded, ApiError> {
    let key = format!("{}/{}?{filter:?}&{month:?}", snap.id, file.name());
    if let Some(hit) = cache.get(&key) {
        return Ok(hit);
    }
    let owned = Arc::clone(snap);
    let encoded = tokio::task::spawn_blocking(move || encode(&owned, file, &filter, month))
        .await
        .map_err(|e| ApiError::internal(&e))?;
    if encoded.body.is_empty() {
        return Err(ApiError::internal(&"empty open-data file"));
    }
    cache.put(key, encoded.clone());
    Ok(encoded)
}

/// `file` of `snap` as served at its address without parameters: the bytes the edition document's
/// digest covers.
pub(super) async fn unfiltered(
    cache: &FileCache,
    snap: &Arc<EditionSnapshot>,
    file: File,
) -> Result<Encoded, ApiError> {
    let month = (!file.is_series()).then_some(snap.period);
    encoded(cache, snap, file, RowFilter::default(), month).await
}

/// The response for `file` of the edition in `path`, filtered by `query`.
async fn serve(
    state: &AppState,
    cache: &FileCache,
    file: File,
    path: RawPath,
    query: RawQuery,
) -> Result<Response, ApiError> {
    let accepted: &[&str] = if file.is_series() {
        &["category", "level", "from", "to"]
    } else {
        &["category", "level", "month"]
    };
    let pairs = checked_query(query, accepted)?;
    let q = Query(&pairs);
    let filter = filter_of(file, &q).map_err(|e| ApiError::param(&e))?;
    let Ok(Path(id)) = path else {
        return Err(ApiError::unknown_edition());
    };
    let snap = edition(state, &id).await?;
    let month = match (file.is_series(), q.get("month")) {
        (true, _) => None,
        (false, Some(v)) => Some(params::covered_month(v, &snap).map_err(|e| ApiError::param(&e))?),
        (false, None) => Some(snap.period),
    };
    let encoded = encoded(cache, &snap, file, filter, month).await?;
    let mut r = (StatusCode::OK, encoded.body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(encoded.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_IMMUTABLE),
    );
    if matches!(file, File::SeriesCsv | File::AreasCsv) {
        // Edition ids are `YYYY-MM.N`: nothing to quote or escape in the file name.
        let name: String = snap
            .id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
            .collect();
        let kind = file.kind();
        if let Ok(v) =
            HeaderValue::try_from(format!("attachment; filename=\"vigie-{name}-{kind}.csv\""))
        {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(r)
}

async fn respond(
    state: AppState,
    cache: Cache,
    file: File,
    path: RawPath,
    query: RawQuery,
) -> Response {
    serve(&state, &cache.0, file, path, query)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

file_handlers! {
    respond, tag "files",
    id ("id" = String, Path, description = "Edition id", example = "2026-03.1"),
    bad "A bad parameter (named in `parameter`)", missing "No edition has this id";
    /// The monthly series as JSON: every month of the edition, arrondissements and quartiers.
    series_json: File::SeriesJson, at "/api/v1/editions/{id}/series.json" with [SeriesParams],
        ok "The rows, with the edition and the licence", [vigie_observatory::OpenDataDocument] as "application/json";
    /// The monthly series as CSV (RFC 4180, UTF-8, header row; empty count when suppressed).
    series_csv: File::SeriesCsv, at "/api/v1/editions/{id}/series.csv" with [SeriesParams],
        ok "Header `area_code,area_level,category,period,count,suppressed,edition,licence`, then one line per row", [String] as "text/csv";
    /// One month by area as JSON (the edition's period unless `month` says otherwise).
    areas_json: File::AreasJson, at "/api/v1/editions/{id}/areas.json" with [AreaParams],
        ok "The rows, with the edition and the licence", [vigie_observatory::OpenDataDocument] as "application/json";
    /// One month by area as CSV.
    areas_csv: File::AreasCsv, at "/api/v1/editions/{id}/areas.csv" with [AreaParams],
        ok "Header `area_code,area_level,category,period,count,suppressed,edition,licence`, then one line per row", [String] as "text/csv";
    /// One month by area as GeoJSON (RFC 7946): a feature per row with its area's contour.
    areas_geojson: File::AreasGeojson, at "/api/v1/editions/{id}/areas.geojson" with [AreaParams],
        ok "A FeatureCollection naming the edition and the licence", [super::doc::AreaFeatureCollection] as "application/geo+json";
}
