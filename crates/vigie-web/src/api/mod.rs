//! The open-data API: `/api/v1/editions` (the list, newest first), `/api/v1/editions/{id}` (an
//! edition's metadata) and `{id}.jws` (the same document signed by the city), its files
//! `series.{json,csv}` and `areas.{json,csv,geojson}`, the city's keys and description
//! (`/.well-known/jwks.json`, `/.well-known/vigie.json`), and `/api/openapi.json`, the OpenAPI 3.1
//! document generated from these handlers and the row types.
//!
//! Public data: every response allows any origin (`Access-Control-Allow-Origin: *`, no cookie is
//! read or set), an edition's files are immutable and cached for an hour, the list for a minute.
//! Errors are JSON: `{"error": {"code", "message", "parameter"}}` (400 for a bad parameter, 404 for an
//! unknown edition or address).

mod cache;
mod casework;
// The DCAT-AP catalogue that open-data portals harvest (issue 14, item 4).
mod catalog;
mod doc;
mod editions;
mod files;
// The network's figures (issue 14, item 3).
pub(crate) mod network;
// Prevention's public figures (issue 12, item 7).
mod prevention;
mod releases;
// Signed editions, the JWK Set and the city's description (issue 14).
mod signed;

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query as UrlQuery};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;
use vigie_domain::observatory::EditionSnapshot;

use crate::observatory::MAX_EDITION_ID;
use crate::observatory::params::{ParamError, Query};
use crate::state::AppState;

/// `Cache-Control` of an edition and its files: they never change.
pub(crate) const CACHE_IMMUTABLE: &str = "public, max-age=3600, immutable";
/// `Cache-Control` of the list: a new edition shows within a minute.
pub(crate) const CACHE_LIST: &str = "public, max-age=60";

/// A handler's query string, refused by [`checked_query`] when it is not one.
pub(crate) type RawQuery = Result<UrlQuery<Vec<(String, String)>>, QueryRejection>;
/// A handler's path parameter (a bad one answers 404, as an unknown id does).
pub(crate) type RawPath = Result<Path<String>, PathRejection>;
/// The encoded files of the process (see [`cache::FileCache`]).
pub(crate) type Cache = axum::Extension<Arc<cache::FileCache>>;

/// The handlers of files that differ only in the file served, its address, its query filters, its
/// 200 answer's description and body and its content type: each calls `$respond(state, cache,
/// file, path, query)`, and carries its OpenAPI description. (Every fragment given to utoipa is a
/// `tt`: a `literal` or `path` fragment would reach its attribute wrapped in an invisible group it
/// may not parse.)
macro_rules! file_handlers {
    (
        $respond:path, tag $tag:tt, id $id:tt, bad $bad:tt, missing $missing:tt;
        $(
            $(#[doc = $doc:tt])*
            $name:ident: $file:expr, at $path:tt with [$($params:tt),*],
            ok $desc:tt, [$($body:tt)+] as $content_type:tt;
        )+
    ) => {$(
        $(#[doc = $doc])*
        #[utoipa::path(
            get,
            path = $path,
            tag = $tag,
            params($id $(, $params)*),
            responses(
                (status = 200, description = $desc, body = $($body)+, content_type = $content_type),
                (status = 400, description = $bad, body = super::ApiErrorBody),
                (status = 404, description = $missing, body = super::ApiErrorBody),
            )
        )]
        pub(crate) async fn $name(
            axum::extract::State(state): axum::extract::State<AppState>,
            cache: super::Cache,
            path: super::RawPath,
            query: super::RawQuery,
        ) -> Response {
            $respond(state, cache, $file, path, query).await
        }
    )+};
}
pub(crate) use file_handlers;

/// The body of every error.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ApiErrorBody {
    /// What went wrong.
    pub error: ApiErrorDetail,
}

/// What went wrong, for a program (`code`), a person (`message`) and the parameter to fix.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// `bad_parameter`, `unknown_edition`, `not_found` or `internal`.
    #[schema(example = "bad_parameter")]
    pub code: String,
    /// What to fix, in English.
    #[schema(example = "invalid value for parameter `level`; accepted: arrondissement, quartier")]
    pub message: String,
    /// The parameter at fault (`id` for an unknown edition), or null.
    #[schema(example = "level")]
    pub parameter: Option<String>,
}

/// An error response.
pub(crate) struct ApiError {
    status: StatusCode,
    body: ApiErrorBody,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        code: &str,
        message: String,
        parameter: Option<&str>,
    ) -> ApiError {
        ApiError {
            status,
            body: ApiErrorBody {
                error: ApiErrorDetail {
                    code: code.to_owned(),
                    message,
                    parameter: parameter.map(str::to_owned),
                },
            },
        }
    }

    /// 400 for a refused parameter.
    pub(crate) fn param(e: &ParamError) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_parameter",
            e.message(),
            Some(&e.parameter),
        )
    }

    /// 404 for an edition that does not exist.
    pub(crate) fn unknown_edition() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_edition",
            "no published edition has this id; the list is at /api/v1/editions".into(),
            Some("id"),
        )
    }

    /// 500 (the cause is logged).
    pub(crate) fn internal(e: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %e, "open-data read failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server could not read the editions".into(),
            None,
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = json_response(&self.body, None);
        *r.status_mut() = self.status;
        r
    }
}

/// `value` as JSON, with `cache` as `Cache-Control` when given.
pub(crate) fn json_response(value: &impl Serialize, cache: Option<&'static str>) -> Response {
    bytes_response(
        serde_json::to_vec(value).unwrap_or_default(),
        "application/json",
        cache,
    )
}

/// A body of `content_type`, with `cache` as `Cache-Control` when given.
pub(crate) fn bytes_response(
    body: Vec<u8>,
    content_type: &'static str,
    cache: Option<&'static str>,
) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(c) = cache {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(c));
    }
    r
}

/// The query's pairs, after refusing parameters other than `accepted` and repeated ones.
pub(crate) fn checked_query(
    query: RawQuery,
    accepted: &[&str],
) -> Result<Vec<(String, String)>, ApiError> {
    let UrlQuery(pairs) =
        query.map_err(|_| ApiError::param(&ParamError::invalid("query", accepted.join(", "))))?;
    Query(&pairs)
        .check(accepted, true)
        .map_err(|e| ApiError::param(&e))?;
    Ok(pairs)
}

/// The edition `id`, or 404.
pub(crate) async fn edition(state: &AppState, id: &str) -> Result<Arc<EditionSnapshot>, ApiError> {
    if id.is_empty() || id.len() > MAX_EDITION_ID {
        return Err(ApiError::unknown_edition());
    }
    state
        .app
        .edition(id)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(ApiError::unknown_edition)
}

/// Any other address under `/api`: a JSON 404.
async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such address; the API is described at /api/openapi.json".into(),
        None,
    )
}

/// Public data: readable from any origin, by scripts (CORS) and by other sites' pages (CORP).
async fn open_to_all(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    r
}

/// This OpenAPI document (built once per process).
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "This OpenAPI document", body = Object, content_type = "application/json"))
)]
pub(crate) async fn openapi_json() -> Response {
    bytes_response(
        doc::document_json().to_vec(),
        "application/json",
        Some("public, max-age=3600"),
    )
}

/// The API's routes.
pub fn routes() -> Router<AppState> {
    let e = "/api/v1/editions/{id}";
    Router::new()
        .route("/api/v1/editions", get(editions::list))
        .route("/api/v1/catalog.jsonld", get(catalog::catalog))
        .route(e, get(editions::detail))
        .route(&format!("{e}/series.json"), get(files::series_json))
        .route(&format!("{e}/series.csv"), get(files::series_csv))
        .route(&format!("{e}/areas.json"), get(files::areas_json))
        .route(&format!("{e}/areas.csv"), get(files::areas_csv))
        .route(&format!("{e}/areas.geojson"), get(files::areas_geojson))
        .route("/api/v1/accompagnement", get(casework::list))
        .route(
            "/api/v1/accompagnement/{year}/figures.json",
            get(casework::figures_json),
        )
        .route(
            "/api/v1/accompagnement/{year}/figures.csv",
            get(casework::figures_csv),
        )
        .route("/api/v1/prevention", get(prevention::list))
        .route(
            "/api/v1/prevention/{period}/figures.json",
            get(prevention::figures_json),
        )
        .route(
            "/api/v1/prevention/{period}/figures.csv",
            get(prevention::figures_csv),
        )
        .route(
            "/api/v1/prevention/{period}/surveys.csv",
            get(prevention::surveys_csv),
        )
        .route("/api/v1/reseau/{file}", get(network::figures))
        .route("/.well-known/jwks.json", get(signed::jwks))
        .route("/.well-known/vigie.json", get(signed::vigie_json))
        .route("/api/openapi.json", get(openapi_json))
        .route("/api", get(not_found))
        .route("/api/{*rest}", get(not_found))
        .layer(axum::Extension(Arc::new(cache::FileCache::default())))
        .layer(axum::middleware::map_response(open_to_all))
}
