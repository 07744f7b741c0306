//! What the two yearly-or-quarterly release streams of the open data share (the casework figures,
//! the prevention figures): the list of releases, a release found by the key in its path, and its
//! `figures.json` and `figures.csv`, encoded once per process (a release never changes: a new
//! release is a new version, another cache key).

use std::fmt::Display;
use std::str::FromStr;

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use vigie_app::{App, AppError};

use super::cache::Encoded;
use super::{
    ApiError, CACHE_IMMUTABLE, CACHE_LIST, Cache, RawPath, RawQuery, bytes_response, checked_query,
    json_response,
};
use crate::state::AppState;

/// A figures file of a release.
#[derive(Clone, Copy, Debug)]
pub(super) enum Figures {
    Json,
    Csv,
}

/// A stream of published figures: where its releases are and how a release's files read.
pub(super) trait Stream {
    /// A published release.
    type Release;
    /// What names a release in a path: a year, a period.
    type Key: FromStr + PartialEq + Display;
    /// The path's segment after `/api/v1/` (the files' cache keys start with it).
    const SEGMENT: &'static str;

    /// 404 for a key without a release.
    fn unknown() -> ApiError;
    /// Every release, newest first.
    fn releases(app: &App) -> impl Future<Output = Result<Vec<Self::Release>, AppError>> + Send;
    /// A release's key and version.
    fn named(release: &Self::Release) -> (Self::Key, u32);
    /// A release's JSON document.
    fn json(release: &Self::Release) -> Vec<u8>;
    /// A release's CSV.
    fn csv(release: &Self::Release) -> String;
}

/// The list of `S`'s releases, each as `item` shows it (no query parameter is accepted).
pub(super) async fn list<S: Stream, T: Serialize>(
    state: &AppState,
    query: RawQuery,
    item: impl Fn(S::Release) -> T,
) -> Response {
    if let Err(e) = checked_query(query, &[]) {
        return e.into_response();
    }
    match S::releases(&state.app).await {
        Ok(list) => {
            let items: Vec<T> = list.into_iter().map(item).collect();
            json_response(&items, Some(CACHE_LIST))
        }
        Err(e) => ApiError::internal(&e).into_response(),
    }
}

/// The release of the key in `path`.
async fn release<S: Stream>(
    state: &AppState,
    path: RawPath,
    query: RawQuery,
) -> Result<S::Release, ApiError> {
    checked_query(query, &[])?;
    let Ok(Path(raw)) = path else {
        return Err(S::unknown());
    };
    let key: S::Key = raw.parse().map_err(|_| S::unknown())?;
    S::releases(&state.app)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .into_iter()
        .find(|r| S::named(r).0 == key)
        .ok_or_else(S::unknown)
}

/// `file` of the release in `path`, or the error.
pub(super) async fn respond<S: Stream>(
    state: AppState,
    cache: Cache,
    file: Figures,
    path: RawPath,
    query: RawQuery,
) -> Response {
    let release = match release::<S>(&state, path, query).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let (key, version) = S::named(&release);
    let key = format!("{}/{key}.{version}/{file:?}", S::SEGMENT);
    let encoded = cache.0.get(&key).unwrap_or_else(|| {
        let encoded = match file {
            Figures::Json => Encoded {
                body: S::json(&release).into(),
                content_type: "application/json",
            },
            Figures::Csv => Encoded {
                body: S::csv(&release).into_bytes().into(),
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
