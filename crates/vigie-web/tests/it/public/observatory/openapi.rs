//! `/api/openapi.json`: it parses as an OpenAPI 3 document, documents every address the API serves
//! and each one's parameters, every `$ref` resolves, and each response (200, 400, 404; JSON, CSV rows,
//! GeoJSON) validates against the schema the document gives for it.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::api::csv_rows;
use super::{json as body_json, seed};
use crate::public::{get, servers};

/// Every address the API serves, as the document writes them.
const PATHS: [&str; 8] = [
    "/api/openapi.json",
    "/api/v1/editions",
    "/api/v1/editions/{id}",
    "/api/v1/editions/{id}/series.json",
    "/api/v1/editions/{id}/series.csv",
    "/api/v1/editions/{id}/areas.json",
    "/api/v1/editions/{id}/areas.csv",
    "/api/v1/editions/{id}/areas.geojson",
];

/// What the city signs (issue 14): an edition's JWS, the JWK Set, the signed description.
const SIGNED_PATHS: [&str; 3] = [
    "/api/v1/editions/{id}.jws",
    "/.well-known/jwks.json",
    "/.well-known/vigie.json",
];

/// The DCAT-AP catalogue (issue 14, item 4).
const CATALOG_PATH: &str = "/api/v1/catalog.jsonld";

/// The network's figures (issue 14, item 3).
const NETWORK_PATH: &str = "/api/v1/reseau/{file}";

/// The yearly casework figures' addresses.
const CASEWORK_PATHS: [&str; 3] = [
    "/api/v1/accompagnement",
    "/api/v1/accompagnement/{year}/figures.json",
    "/api/v1/accompagnement/{year}/figures.csv",
];

/// Stores a release of the casework figures of 2025 (every figure suppressed: nobody counted).
async fn seed_casework(app: &vigie_app::App) {
    use vigie_domain::indicators::{count_year, release_year};
    let figures = release_year(&count_year(2025, []), 5, 1).unwrap();
    let row = vigie_store::CaseworkReleaseRow {
        year: 2025,
        version: 1,
        published_day: "2026-01-15".into(),
        published_by: None,
        body: serde_json::to_string(&figures).unwrap(),
    };
    let audit = vigie_store::Audit::new(&[], vigie_vault::audit::record_hash);
    app.store()
        .insert_casework_release(&row, &audit)
        .await
        .unwrap();
}

/// The prevention figures' addresses.
const PREVENTION_PATHS: [&str; 3] = [
    "/api/v1/prevention",
    "/api/v1/prevention/{period}/figures.json",
    "/api/v1/prevention/{period}/figures.csv",
];

/// The impact surveys' results of a period, CSV (their JSON is a field of `figures.json`).
const SURVEYS_PATH: &str = "/api/v1/prevention/{period}/surveys.csv";

/// Each of `paths` (a list, a JSON and a CSV file of published figures, `placeholder` replaced by
/// `value`) answers 200 with what the document says: the JSON validates, each CSV row validates as a
/// `CaseworkRow`.
async fn figures_paths(doc: &Value, b: &str, paths: &[&str], (placeholder, value): (&str, &str)) {
    let figure_row = json!({ "$ref": "#/components/schemas/CaseworkRow" });
    for path in paths {
        let url = path.replace(placeholder, value);
        let r = get(b, &url, None).await;
        assert_eq!(r.status.as_u16(), 200, "{url}: {}", r.body);
        let (ct, schema) = response_schema(doc, path, "200");
        assert!(
            r.header("content-type").unwrap().starts_with(&ct),
            "{url}: {ct} documented"
        );
        if ct == "text/csv" {
            assert_eq!(schema["type"], "string");
            let mut rows = csv::Reader::from_reader(r.body.as_bytes());
            let mut n = 0;
            for row in rows.deserialize::<std::collections::BTreeMap<String, String>>() {
                let row = row.unwrap();
                let count = row["count"].parse::<u64>().ok();
                let as_json = json!({
                    "measure": row["measure"],
                    "breakdown": row["breakdown"],
                    "key": row["key"],
                    "count": count,
                    "suppressed": row["suppressed"] == "true",
                });
                assert_valid(doc, &figure_row, &as_json, &url);
                n += 1;
            }
            assert!(n > 20, "{url}");
        } else {
            assert_valid(doc, &schema, &body_json(&r), &url);
        }
    }
}

/// Every `$ref` in `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "$ref" {
                    out.push(v.as_str().unwrap().to_owned());
                } else {
                    refs(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// A validator for `schema`, its `$ref`s resolved against the document's components.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("schema {schema}: {e}"))
}

fn assert_valid(doc: &Value, schema: &Value, instance: &Value, what: &str) {
    let v = validator(doc, schema);
    let errors: Vec<String> = v.iter_errors(instance).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
    // The validator is not vacuous: a value of the wrong type fails.
    assert!(
        !v.is_valid(&json!(42)),
        "{what}: the schema accepts anything"
    );
}

/// The schema the document gives for `status` of GET `path`, and its content type.
fn response_schema(doc: &Value, path: &str, status: &str) -> (String, Value) {
    let content = &doc["paths"][path]["get"]["responses"][status]["content"];
    let (ct, media) = content
        .as_object()
        .and_then(|m| m.iter().next())
        .unwrap_or_else(|| panic!("{path} {status}: no content in {content}"));
    (ct.clone(), media["schema"].clone())
}

#[tokio::test]
async fn the_openapi_document_describes_and_validates_every_response() {
    for s in servers().await {
        let b = &s.base;
        let r = get(b, "/api/openapi.json", None).await;
        assert_eq!(r.status.as_u16(), 200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        let parsed: utoipa::openapi::OpenApi = serde_json::from_str(&r.body).unwrap();
        let doc = body_json(&r);
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3."),
            "{}",
            doc["openapi"]
        );
        assert!(parsed.info.title.contains("vigie"));
        assert_eq!(
            parsed.info.license.as_ref().map(|l| l.name.as_str()),
            Some("Licence Ouverte / Etalab 2.0")
        );
        let documented: BTreeSet<&str> = parsed.paths.paths.keys().map(String::as_str).collect();
        assert_eq!(
            documented,
            PATHS
                .into_iter()
                .chain(CASEWORK_PATHS)
                .chain(PREVENTION_PATHS)
                .chain([SURVEYS_PATH])
                .chain(SIGNED_PATHS)
                .chain([CATALOG_PATH])
                .chain([NETWORK_PATH])
                .collect()
        );

        // Every reference points at a schema the document has.
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > 10);
        for r in &all {
            let name = r.strip_prefix("#/components/schemas/").unwrap();
            assert!(doc["components"]["schemas"][name].is_object(), "{r}");
        }
        // Query parameters are described.
        for (path, names) in [
            (
                "/api/v1/editions/{id}/series.csv",
                vec!["id", "category", "level", "from", "to"],
            ),
            (
                "/api/v1/editions/{id}/areas.geojson",
                vec!["id", "category", "level", "month"],
            ),
        ] {
            let got: Vec<&str> = doc["paths"][path]["get"]["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(got, names, "{path}");
        }

        let seeded = seed(&s.app).await;
        let id = &seeded.latest().id;
        let row_schema = json!({ "$ref": "#/components/schemas/Row" });
        for path in PATHS {
            let url = path.replace("{id}", id);
            let r = get(b, &url, None).await;
            assert_eq!(r.status.as_u16(), 200, "{url}: {}", r.body);
            let (ct, schema) = response_schema(&doc, path, "200");
            assert!(
                r.header("content-type").unwrap().starts_with(&ct),
                "{url}: {ct} documented, {:?} served",
                r.header("content-type")
            );
            if ct == "text/csv" {
                assert_eq!(schema["type"], "string");
                let rows = csv_rows(&r.body, id);
                assert!(!rows.is_empty());
                for row in &rows {
                    assert_valid(&doc, &row_schema, row, &url);
                }
            } else {
                assert_valid(&doc, &schema, &body_json(&r), &url);
            }
        }
        for path in SIGNED_PATHS {
            let url = path.replace("{id}", id);
            let r = get(b, &url, None).await;
            assert_eq!(r.status.as_u16(), 200, "{url}: {}", r.body);
            let (ct, schema) = response_schema(&doc, path, "200");
            assert_eq!(r.header("content-type"), Some(ct.as_str()), "{url}");
            if ct == "application/jose" {
                assert_eq!(schema["type"], "string");
                assert_eq!(r.body.split('.').count(), 3, "{url}");
            } else {
                assert_valid(&doc, &schema, &body_json(&r), &url);
            }
        }
        seed_casework(&s.app).await;
        figures_paths(&doc, b, &CASEWORK_PATHS, ("{year}", "2025")).await;
        super::seed_prevention(&s.app, &[]).await;
        figures_paths(&doc, b, &PREVENTION_PATHS, ("{period}", "2025-Q3")).await;
        let r = get(b, &SURVEYS_PATH.replace("{period}", "2025-Q3"), None).await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        let (ct, _) = response_schema(&doc, SURVEYS_PATH, "200");
        assert!(r.header("content-type").unwrap().starts_with(&ct));
        // The release is stored as one published before the surveys: their CSV's header only.
        assert!(
            r.body
                .starts_with("period,statement,text,pairs,change,suppressed,")
        );
        assert_eq!(r.body.lines().count(), 1, "{}", r.body);
        let r = get(b, "/api/v1/accompagnement/1999/figures.json", None).await;
        assert_eq!(r.status.as_u16(), 404);
        let (_, schema) =
            response_schema(&doc, "/api/v1/accompagnement/{year}/figures.json", "404");
        assert_valid(&doc, &schema, &body_json(&r), "unknown year");
        // Errors validate against their documented schema too.
        for (path, url, status) in [
            (
                "/api/v1/editions/{id}/areas.json",
                format!("/api/v1/editions/{id}/areas.json?level=x"),
                "400",
            ),
            (
                "/api/v1/editions/{id}/series.csv",
                "/api/v1/editions/1999-01.1/series.csv".to_owned(),
                "404",
            ),
            ("/api/v1/editions", "/api/v1/editions?x=1".to_owned(), "400"),
        ] {
            let r = get(b, &url, None).await;
            assert_eq!(r.status.as_str(), status, "{url}");
            let (ct, schema) = response_schema(&doc, path, status);
            assert_eq!(ct, "application/json");
            assert_valid(&doc, &schema, &body_json(&r), &url);
        }
    }
}
