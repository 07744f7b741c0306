//! `GET /api/v1/catalog.jsonld`: a DCAT-AP catalogue (JSON-LD) of the city's published editions, for
//! open-data portals that harvest DCAT (data.gouv.fr's harvester, and the European portals').
//!
//! One `dcat:Dataset`, the city's observatory, whose distributions are the files of every published
//! edition (each with its download URL, media type, format, licence, byte size and SHA-256, the last
//! two read from the signed edition document, so that a portal's checksum is the one the city
//! signed). One dataset rather than one per edition: data.gouv.fr's harvester makes a dataset page
//! of each `dcat:Dataset` and a resource of each distribution, matched by URL from one harvest to the
//! next; a monthly dataset per edition would fill the portal with near-identical pages, where one
//! page lists every edition's files and gains a resource a month. (See docs/network.md.)
//!
//! The URLs are absolute: from `public_url` when configured, else from the request's `Host`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use vigie_domain::observatory::{LICENCE_NAME, LICENCE_URL, Month};

use super::{ApiError, CACHE_LIST, Cache, RawQuery, bytes_response, checked_query};
use crate::state::AppState;

/// The JSON-LD context: the DCAT-AP vocabularies, by their usual prefixes.
fn context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "spdx": "http://spdx.org/rdf/terms#",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    })
}

/// EU vocabularies DCAT-AP asks for.
const EU_FREQUENCY_MONTHLY: &str =
    "http://publications.europa.eu/resource/authority/frequency/MONTHLY";
const EU_LANGUAGE_FR: &str = "http://publications.europa.eu/resource/authority/language/FRA";
const EU_FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const IANA_MEDIA_TYPES: &str = "https://www.iana.org/assignments/media-types/";
const SPDX_SHA256: &str = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256";

/// A file as the signed edition document lists it.
#[derive(Deserialize)]
struct SignedFile {
    name: String,
    url: String,
    media_type: String,
    sha256: String,
    bytes: u64,
}

/// The signed document's fields the catalogue reads.
#[derive(Deserialize)]
struct Document {
    id: String,
    published_at: String,
    months: Vec<MonthRef>,
    files: Vec<SignedFile>,
}

#[derive(Deserialize)]
struct MonthRef {
    period: String,
}

fn id(url: String) -> Value {
    json!({ "@id": url })
}

fn typed(value: impl Into<Value>, datatype: &str) -> Value {
    json!({ "@value": value.into(), "@type": datatype })
}

fn french(text: String) -> Value {
    json!({ "@value": text, "@language": "fr" })
}

/// The base of absolute URLs: `public_url`, else `http://` and the request's `Host` (checked to
/// be a host name and port, so that nothing else can be injected into the document).
pub(crate) fn public_base(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = state.web.public_base() {
        return base.to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                })
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// What a file is, in French, for its distribution's title.
fn file_label(name: &str) -> (&'static str, &'static str) {
    match name {
        "series.json" => ("séries mensuelles par arrondissement et quartier", "JSON"),
        "series.csv" => ("séries mensuelles par arrondissement et quartier", "CSV"),
        "areas.json" => ("dernier mois par arrondissement et quartier", "JSON"),
        "areas.csv" => ("dernier mois par arrondissement et quartier", "CSV"),
        "areas.geojson" => ("dernier mois par zone, avec les contours", "GEOJSON"),
        _ => ("fichier", "BIN"),
    }
}

/// The distribution of one signed file of edition `doc`.
fn distribution(base: &str, doc: &Document, f: &SignedFile) -> Value {
    let (what, format) = file_label(&f.name);
    let media = f.media_type.split(';').next().unwrap_or_default().trim();
    let url = format!("{base}{}", f.url);
    json!({
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:identifier": format!("{}/{}", doc.id, f.name),
        "dct:title": french(format!("Édition {} : {what} ({})", doc.id, format.to_lowercase())),
        "dct:description": french(format!(
            "Fichier {} de l'édition {}, signé par la ville : son empreinte SHA-256 figure dans le \
             document signé {base}/api/v1/editions/{}.jws.",
            f.name, doc.id, doc.id
        )),
        "dcat:downloadURL": id(url.clone()),
        "dcat:accessURL": id(url),
        "dcat:mediaType": id(format!("{IANA_MEDIA_TYPES}{media}")),
        "dct:format": id(format!("{EU_FILE_TYPE}{format}")),
        "dct:license": id(LICENCE_URL.to_owned()),
        "dct:rights": french(LICENCE_NAME.to_owned()),
        "dct:issued": typed(doc.published_at.clone(), "xsd:dateTime"),
        "dcat:byteSize": typed(f.bytes.to_string(), "xsd:nonNegativeInteger"),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": id(SPDX_SHA256.to_owned()),
            "spdx:checksumValue": typed(f.sha256.clone(), "xsd:hexBinary"),
        },
    })
}

/// The catalogue of `docs` (newest first), published by the instance's city, at `base`.
fn catalogue(state: &AppState, base: &str, docs: &[Document]) -> Value {
    let city = state.app.city();
    let publisher = json!({
        "@id": format!("{base}/#ville"),
        "@type": "foaf:Organization",
        "foaf:name": city.name,
        "dct:identifier": city.insee,
        "foaf:homepage": id(format!("{base}/")),
    });
    let landing = format!("{base}/observatoire");
    let newest = docs.first().map(|d| d.published_at.clone());
    let oldest = docs.last().map(|d| d.published_at.clone());
    let months: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.months.iter().map(|m| m.period.as_str()))
        .collect();
    let mut dataset = json!({
        "@id": format!("{landing}#jeu-de-donnees"),
        "@type": "dcat:Dataset",
        "dct:identifier": format!("vigie-{}-observatoire", city.insee),
        "dct:title": french(format!("Observatoire du narcotrafic de {}", city.name)),
        "dct:description": french(format!(
            "Chiffres mensuels publiés par l'observatoire de {} (vigie) : faits liés au trafic de \
             stupéfiants par catégorie, arrondissement et quartier. Les cellules de moins de k faits \
             sont masquées (« < k »), sans qu'aucun total ne permette de les retrouver. Chaque \
             édition est signée par la ville (JWS, {base}/.well-known/jwks.json) ; méthodologie : \
             {base}/observatoire/methodologie.",
            city.name
        )),
        "dcat:keyword": ["narcotrafic", "trafic de stupéfiants", "sécurité", "observatoire", city.name.as_str()],
        "dcat:landingPage": id(landing),
        "dct:publisher": id(format!("{base}/#ville")),
        "dct:language": id(EU_LANGUAGE_FR.to_owned()),
        "dct:accrualPeriodicity": id(EU_FREQUENCY_MONTHLY.to_owned()),
        "dct:license": id(LICENCE_URL.to_owned()),
        "dcat:distribution": docs
            .iter()
            .flat_map(|d| d.files.iter().map(move |f| distribution(base, d, f)))
            .collect::<Vec<_>>(),
    });
    if let (Some(obj), Some(first), Some(last)) = (
        dataset.as_object_mut(),
        months.iter().min(),
        months.iter().max(),
    ) {
        obj.insert(
            "dct:temporal".into(),
            json!({
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": typed(format!("{first}-01"), "xsd:date"),
                "dcat:endDate": typed(month_end(last).unwrap_or_default(), "xsd:date"),
            }),
        );
    }
    if let Some(obj) = dataset.as_object_mut() {
        if let Some(issued) = &oldest {
            obj.insert("dct:issued".into(), typed(issued.clone(), "xsd:dateTime"));
        }
        if let Some(modified) = &newest {
            obj.insert(
                "dct:modified".into(),
                typed(modified.clone(), "xsd:dateTime"),
            );
        }
        if let Some(contact) = &city.contact {
            let target = if contact.contains('@') && !contact.contains("://") {
                format!("mailto:{contact}")
            } else {
                contact.clone()
            };
            obj.insert(
                "dcat:contactPoint".into(),
                json!({
                    "@type": "vcard:Organization",
                    "vcard:fn": city.name,
                    "vcard:hasEmail": id(target),
                }),
            );
        }
    }
    let mut out = json!({
        "@context": context(),
        "@id": format!("{base}/api/v1/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": french(format!("Données ouvertes de l'observatoire de {}", city.name)),
        "dct:description": french(format!(
            "Catalogue DCAT-AP des éditions publiées par l'observatoire de {} (vigie).",
            city.name
        )),
        "dct:publisher": publisher,
        "foaf:homepage": id(format!("{base}/observatoire/donnees")),
        "dct:language": id(EU_LANGUAGE_FR.to_owned()),
        "dct:license": id(LICENCE_URL.to_owned()),
        "dcat:dataset": [dataset],
    });
    if let (Some(obj), Some(modified)) = (out.as_object_mut(), newest) {
        obj.insert("dct:modified".into(), typed(modified, "xsd:dateTime"));
    }
    out
}

/// The last day of month `YYYY-MM`, `YYYY-MM-DD` (`None` for anything else).
fn month_end(period: &str) -> Option<String> {
    let next = period.parse::<Month>().ok()?.next();
    Some(next.first_day()?.pred_opt()?.to_string())
}

/// The DCAT-AP catalogue of the published editions, as JSON-LD.
#[utoipa::path(
    get,
    path = "/api/v1/catalog.jsonld",
    tag = "editions",
    responses(
        (status = 200, description = "A `dcat:Catalog` (DCAT-AP) whose dataset lists every published edition's files with their licence, byte size and SHA-256 (`spdx:checksum`)", body = Object, content_type = "application/ld+json"),
        (status = 400, description = "A query parameter was given (none is accepted)", body = super::ApiErrorBody),
    )
)]
pub(crate) async fn catalog(
    State(state): State<AppState>,
    cache: Cache,
    headers: HeaderMap,
    query: RawQuery,
) -> Response {
    answer(&state, &cache.0, &headers, query)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn answer(
    state: &AppState,
    cache: &super::cache::FileCache,
    headers: &HeaderMap,
    query: RawQuery,
) -> Result<Response, ApiError> {
    checked_query(query, &[])?;
    let list = state
        .app
        .editions()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let mut docs = Vec::with_capacity(list.len());
    for e in &list {
        let bytes = super::signed::document(state, cache, &e.id).await?;
        docs.push(serde_json::from_slice::<Document>(&bytes).map_err(|e| ApiError::internal(&e))?);
    }
    let base = public_base(state, headers);
    let body = serde_json::to_vec(&catalogue(state, &base, &docs)).unwrap_or_default();
    Ok(bytes_response(
        body,
        "application/ld+json",
        Some(CACHE_LIST),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_end_on_their_last_day() {
        for (m, end) in [
            ("2026-02", "2026-02-28"),
            ("2024-02", "2024-02-29"),
            ("2026-12", "2026-12-31"),
            ("2026-04", "2026-04-30"),
        ] {
            assert_eq!(month_end(m).as_deref(), Some(end));
        }
        assert_eq!(month_end("2026-13"), None);
    }
}
