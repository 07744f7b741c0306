//! The DCAT-AP catalogue (issue 14, item 4) through the real server, on each backend: empty before
//! the first edition; then one dataset whose distributions are every published edition's files,
//! each downloadable at its absolute URL with the byte size and SHA-256 the catalogue states (the
//! signed document's); the city as publisher; the licence. Parsed as RDF by an independent JSON-LD
//! implementation (Python's rdflib) when it is there (CI installs Debian's `python3-rdflib`).

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

use super::signed::{python, python_has};
use super::{json, seed};
use crate::public::{get, servers};

const CATALOG: &str = "/api/v1/catalog.jsonld";

/// Parses `doc` as JSON-LD with rdflib and asks its graph, in SPARQL, for each distribution's
/// download URL, checksum algorithm and value: `None` when rdflib is missing (and CI does not
/// require it).
fn rdflib_distributions(doc: &str) -> Option<BTreeSet<(String, String, String)>> {
    if !python_has("rdflib", "python3-rdflib") {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.jsonld");
    std::fs::write(&path, doc).unwrap();
    let script = r#"
import sys, rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format="json-ld")
q = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX spdx: <http://spdx.org/rdf/terms#>
SELECT ?url ?alg ?sum WHERE {
  ?cat a dcat:Catalog ; dcat:dataset ?ds .
  ?ds a dcat:Dataset ; dcat:distribution ?d .
  ?d dcat:downloadURL ?url ; spdx:checksum ?c .
  ?c spdx:algorithm ?alg ; spdx:checksumValue ?sum .
}"""
for row in g.query(q):
    print(row.url, row.alg, row.sum)
"#;
    let out = Command::new(python())
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "rdflib: {stderr}");
    let rows = String::from_utf8(out.stdout).unwrap();
    let triple = |l: &str| {
        let v: Vec<String> = l.split(' ').map(str::to_owned).collect();
        (v[0].clone(), v[1].clone(), v[2].clone())
    };
    Some(rows.lines().map(triple).collect())
}

/// The value of a JSON-LD node: `{"@id"}`, `{"@value"}` or a plain string.
fn text(v: &Value) -> &str {
    v.get("@id")
        .or_else(|| v.get("@value"))
        .unwrap_or(v)
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
}

#[tokio::test]
async fn the_dcat_catalogue_lists_every_edition_file_with_its_signed_checksum() {
    for s in servers().await {
        let b = &s.base;
        // Before the first edition: a catalogue with an empty dataset.
        let r = get(b, CATALOG, None).await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        assert_eq!(r.header("content-type"), Some("application/ld+json"));
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert!(
            json(&r)["dcat:dataset"][0]["dcat:distribution"]
                .as_array()
                .unwrap()
                .is_empty()
        );

        let seeded = seed(&s.app).await;
        let r = get(b, CATALOG, None).await;
        let cat = json(&r);
        assert_eq!(cat["@type"], "dcat:Catalog");
        assert_eq!(text(&cat["@id"]), format!("{b}{CATALOG}"));
        assert_eq!(cat["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
        assert_eq!(cat["dct:publisher"]["foaf:name"], "Marseille");
        assert_eq!(cat["dct:publisher"]["dct:identifier"], "13055");
        assert_eq!(
            text(&cat["dct:publisher"]["foaf:homepage"]),
            format!("{b}/")
        );
        let datasets = cat["dcat:dataset"].as_array().unwrap();
        assert_eq!(datasets.len(), 1);
        let ds = &datasets[0];
        assert_eq!(ds["@type"], "dcat:Dataset");
        assert_eq!(ds["dct:identifier"], "vigie-13055-observatoire");
        assert_eq!(
            text(&ds["dct:license"]),
            vigie_domain::observatory::LICENCE_URL
        );
        assert_eq!(
            text(&ds["dct:accrualPeriodicity"]),
            "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
        );
        let first_month = seeded.months[0].to_string();
        assert_eq!(
            text(&ds["dct:temporal"]["dcat:startDate"]),
            format!("{first_month}-01")
        );

        let dists = ds["dcat:distribution"].as_array().unwrap();
        // Every file of every published edition, once.
        assert_eq!(dists.len(), seeded.editions.len() * 5);
        let mut seen = BTreeSet::new();
        for d in dists {
            assert_eq!(d["@type"], "dcat:Distribution");
            let url = text(&d["dcat:downloadURL"]).to_owned();
            assert!(url.starts_with(&format!("{b}/api/v1/editions/")), "{url}");
            assert!(seen.insert(url.clone()), "{url} twice");
            assert_eq!(
                text(&d["dct:license"]),
                vigie_domain::observatory::LICENCE_URL
            );
            let sum = &d["spdx:checksum"];
            assert_eq!(
                text(&sum["spdx:algorithm"]),
                "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
            );
            // The URL answers with the stated bytes.
            let got = reqwest::get(&url).await.unwrap();
            assert_eq!(got.status().as_u16(), 200, "{url}");
            let ct = got.headers()["content-type"].to_str().unwrap().to_owned();
            let media = text(&d["dcat:mediaType"]);
            assert_eq!(
                media.rsplit_once("media-types/").unwrap().1,
                ct.split(';').next().unwrap(),
                "{url}"
            );
            let bytes = got.bytes().await.unwrap();
            assert_eq!(text(&d["dcat:byteSize"]), bytes.len().to_string(), "{url}");
            assert_eq!(
                text(&sum["spdx:checksumValue"]),
                vigie_vault::sha256_hex(&bytes),
                "{url}"
            );
        }
        // Each edition's files are there, and only published editions.
        for e in &seeded.editions {
            for f in ["series.csv", "areas.geojson"] {
                assert!(
                    seen.contains(&format!("{b}/api/v1/editions/{}/{f}", e.id)),
                    "{} {f}",
                    e.id
                );
            }
        }
        // An independent JSON-LD reader finds the same distributions and checksums.
        if let Some(rows) = rdflib_distributions(&r.body) {
            let want: BTreeSet<(String, String, String)> = dists
                .iter()
                .map(|d| {
                    (
                        text(&d["dcat:downloadURL"]).to_owned(),
                        "http://spdx.org/rdf/terms#checksumAlgorithm_sha256".to_owned(),
                        text(&d["spdx:checksum"]["spdx:checksumValue"]).to_owned(),
                    )
                })
                .collect();
            assert_eq!(rows, want);
        }
        // No parameter is accepted.
        assert_eq!(
            get(b, &format!("{CATALOG}?page=2"), None)
                .await
                .status
                .as_u16(),
            400
        );
    }
}
