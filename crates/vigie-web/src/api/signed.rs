//! What the city signs (issue 14, item 1): an edition's document, whose compact JWS is at
//! `/api/v1/editions/{id}.jws` (its payload is exactly the bytes served at `/api/v1/editions/{id}`),
//! the JWK Set of its current and retired keys at `/.well-known/jwks.json`, and its signed
//! description at `/.well-known/vigie.json` (a flattened JSON JWS).
//!
//! The document is built once per process and edition, from the snapshot and the digests of the files
//! as they are served without parameters (the same cache entries, so the digests are of the very bytes
//! a download gets). Signing is deterministic (Ed25519): the same document and key give the same JWS.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use vigie_domain::observatory::EditionSnapshot;

use super::cache::{Encoded, FileCache};
use super::editions::{FileDigest, detail_of};
use super::files::{File, unfiltered};
use super::{ApiError, CACHE_LIST, bytes_response, edition};
use crate::state::AppState;

/// The edition document of `id`: from the cache, or built now from its files' digests.
pub(super) async fn document(
    state: &AppState,
    cache: &FileCache,
    id: &str,
) -> Result<Bytes, ApiError> {
    let snap = edition(state, id).await?;
    let key = format!("{}/document", snap.id);
    if let Some(hit) = cache.get(&key) {
        return Ok(hit.body);
    }
    let mut files = Vec::with_capacity(File::ALL.len());
    for file in File::ALL {
        files.push((file, unfiltered(cache, &snap, file).await?));
    }
    let city = state.app.city().clone();
    let owned: Arc<EditionSnapshot> = Arc::clone(&snap);
    let body = tokio::task::spawn_blocking(move || {
        let digests = files
            .into_iter()
            .map(|(file, encoded)| FileDigest {
                name: file.name().to_owned(),
                url: format!("/api/v1/editions/{}/{}", owned.id, file.name()),
                media_type: encoded.content_type.to_owned(),
                sha256: vigie_vault::sha256_hex(&encoded.body),
                bytes: encoded.body.len() as u64,
            })
            .collect();
        serde_json::to_vec(&detail_of(&owned, &city, digests))
    })
    .await
    .map_err(|e| ApiError::internal(&e))?
    .map_err(|e| ApiError::internal(&e))?;
    let body = Bytes::from(body);
    cache.put(
        key,
        Encoded {
            body: body.clone(),
            content_type: "application/json",
        },
    );
    Ok(body)
}

/// The compact JWS of edition `id`'s document (`application/jose`, RFC 7515 section 9.2).
pub(super) async fn jws(
    state: &AppState,
    cache: &FileCache,
    id: &str,
) -> Result<Response, ApiError> {
    let doc = document(state, cache, id).await?;
    let signed = state
        .app
        .sign_publication(&doc)
        .map_err(|e| ApiError::internal(&e))?;
    // Not immutable: after a rotation the same document is signed by the new key.
    Ok(bytes_response(
        signed.into_bytes(),
        "application/jose",
        Some(CACHE_LIST),
    ))
}

/// The city's current and retired public keys, a JWK Set (RFC 7517; OKP Ed25519 keys, RFC 8037).
#[utoipa::path(
    get,
    path = "/.well-known/jwks.json",
    tag = "signatures",
    responses((status = 200, description = "`{\"keys\": [...]}`: the current key first, then the retired ones, each with its `kid` (RFC 7638 thumbprint)", body = Object, content_type = "application/jwk-set+json"))
)]
pub(crate) async fn jwks(State(state): State<AppState>) -> Response {
    listed(state.app.jwks_json(), "application/jwk-set+json")
}

/// The city's description signed by its current key: a flattened JSON JWS (RFC 7515 section 7.2.2)
/// whose payload names the city (name, INSEE code, population, contact), its keys with their validity
/// and the thumbprint of its next key.
#[utoipa::path(
    get,
    path = "/.well-known/vigie.json",
    tag = "signatures",
    responses((status = 200, description = "`{\"payload\", \"protected\", \"signature\"}`", body = Object, content_type = "application/jose+json"))
)]
pub(crate) async fn vigie_json(State(state): State<AppState>) -> Response {
    listed(state.app.city_description_jws(), "application/jose+json")
}

/// `body` as `content_type`, cached as a list is (a rotation changes it), or the 500 for its error.
fn listed(
    body: Result<impl Into<Vec<u8>>, impl std::fmt::Display>,
    content_type: &'static str,
) -> Response {
    match body {
        Ok(body) => bytes_response(body.into(), content_type, Some(CACHE_LIST)),
        Err(e) => ApiError::internal(&e).into_response(),
    }
}

/// An edition's document signed by the city: a compact JWS whose payload is exactly the bytes of
/// `/api/v1/editions/{id}`. (Served by the same handler as the document: the id's segment ends in
/// `.jws`; this function only describes it.)
#[utoipa::path(
    get,
    path = "/api/v1/editions/{id}.jws",
    tag = "signatures",
    params(("id" = String, Path, description = "Edition id, `YYYY-MM.version`", example = "2026-03.1")),
    responses(
        (status = 200, description = "`base64url(header).base64url(document).base64url(signature)`; header `{\"alg\":\"EdDSA\",\"kid\":...}`", body = String, content_type = "application/jose"),
        (status = 404, description = "No edition has this id", body = super::ApiErrorBody),
    )
)]
#[allow(dead_code)]
pub(crate) async fn edition_jws() {}
