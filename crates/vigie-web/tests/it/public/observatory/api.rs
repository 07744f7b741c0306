//! The open-data API: every endpoint, its headers, filters, CSV read back as RFC 4180, GeoJSON
//! structure, suppressed cells without a count anywhere, and the 400/404 error shape.

use serde_json::Value;
use vigie_domain::observatory::{CellArea, EditionSnapshot, LICENCE_NAME};

use super::{Seeded, api_error, json, seed};
use crate::public::{Resp, get, servers};

/// The CSV header line, byte for byte, as the API documents it.
const HEADER_LINE: &str =
    "area_code,area_level,category,period,count,suppressed,edition,licence\r\n";

/// The rows of a CSV body, read with the `csv` crate in strict RFC 4180 terms (every record the
/// header's length), as JSON objects shaped like the JSON rows.
pub fn csv_rows(body: &str, edition: &str) -> Vec<Value> {
    assert!(!body.starts_with('\u{feff}'), "no byte-order mark");
    assert!(body.ends_with("\r\n"), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(body.as_bytes());
    assert!(body.starts_with(HEADER_LINE), "the header: {body}");
    assert_eq!(reader.headers().unwrap().len(), 8);
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(&r[6], edition);
            assert_eq!(&r[7], LICENCE_NAME);
            let suppressed = match &r[5] {
                "true" => true,
                "false" => false,
                other => panic!("suppressed `{other}`"),
            };
            let count = if r[4].is_empty() {
                Value::Null
            } else {
                Value::from(r[4].parse::<u64>().unwrap())
            };
            serde_json::json!({
                "area_code": &r[0], "area_level": &r[1], "category": &r[2], "period": &r[3],
                "count": count, "suppressed": suppressed,
            })
        })
        .collect()
}

/// Every row: a known level, its code at that level, and a count if and only if not suppressed.
fn check_rows(rows: &[Value], snap: &EditionSnapshot) {
    assert!(!rows.is_empty());
    for row in rows {
        let code = row["area_code"].as_str().unwrap();
        match row["area_level"].as_str().unwrap() {
            "arrondissement" => assert!(code.len() == 5 && code.starts_with("132"), "{row}"),
            "quartier" => assert!(code.len() == 7 && code.starts_with("132"), "{row}"),
            other => panic!("level {other}"),
        }
        let suppressed = row["suppressed"].as_bool().unwrap();
        assert_eq!(suppressed, row["count"].is_null(), "{row}");
        // The row says what the edition says.
        let month = snap
            .month(row["period"].as_str().unwrap().parse().unwrap())
            .unwrap();
        let area = if code.len() == 5 {
            CellArea::Arrondissement(code.into())
        } else {
            CellArea::Quartier(code.into())
        };
        let category = match row["category"].as_str().unwrap() {
            "total" => None,
            c => Some(c.parse().unwrap()),
        };
        let cell = month.cell(&area, category).unwrap();
        assert_eq!(cell.suppressed, suppressed, "{row}");
        assert_eq!(cell.count, row["count"].as_u64(), "{row}");
    }
}

fn assert_file_headers(r: &Resp, content_type: &str) {
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some(content_type));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=3600, immutable")
    );
    assert!(r.header("set-cookie").is_none());
}

async fn editions_list(base: &str, s: &Seeded) {
    let r = get(base, "/api/v1/editions", None).await;
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("cache-control"), Some("public, max-age=60"));
    let list = json(&r);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = s.editions.iter().rev().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, want, "newest first");
    for (item, snap) in list.as_array().unwrap().iter().zip(s.editions.iter().rev()) {
        assert_eq!(item["period"], snap.period.to_string());
        let at = item["published_at"].as_str().unwrap();
        let parsed = chrono::DateTime::parse_from_rfc3339(at).unwrap();
        assert_eq!(parsed.timestamp(), snap.published_at.timestamp());
        assert_eq!(item["licence"]["name"], LICENCE_NAME);
        assert!(
            item["licence"]["url"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
    }
    assert_eq!(list[0]["changelog"], super::CHANGELOG);
    assert_eq!(list[0]["supersedes"], s.editions[2].id.as_str());
}

async fn edition_detail(base: &str, s: &Seeded) {
    let snap = s.latest();
    let r = get(base, &format!("/api/v1/editions/{}", snap.id), None).await;
    assert_file_headers(&r, "application/json");
    let d = json(&r);
    assert_eq!(d["id"], snap.id.as_str());
    assert_eq!(d["version"], 2);
    assert_eq!(d["k"], 5);
    assert!(d["epsilon"].is_null());
    assert_eq!(d["changelog"], super::CHANGELOG);
    let months: Vec<&str> = d["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["period"].as_str().unwrap())
        .collect();
    let want: Vec<String> = s.months.iter().map(|m| m.to_string()).collect();
    assert_eq!(months, want);
    assert_eq!(d["months"][1]["version"], 2, "the corrected month");
    for (_, link) in d["links"].as_object().unwrap() {
        let link = link.as_str().unwrap();
        assert_eq!(get(base, link, None).await.status.as_u16(), 200, "{link}");
    }
    let figures = d["key_figures"].as_array().unwrap();
    assert_eq!(figures[0]["category"], "total");
    let city = snap.latest().unwrap().cell(&CellArea::City, None).unwrap();
    assert_eq!(figures[0]["count"].as_u64(), city.count);
    for f in figures {
        assert_eq!(
            f["suppressed"].as_bool().unwrap(),
            f["count"].is_null(),
            "{f}"
        );
    }
    assert_eq!(d["context"][0]["points"][1]["value"], 3390);
    // The whole document's shape is the API's contract: a change shows as a snapshot diff.
    // Ids and months follow today's date: named by their place instead.
    let mut text = d.to_string();
    for (i, e) in s.editions.iter().enumerate() {
        text = text.replace(&e.id, &format!("[edition {i}]"));
    }
    for (i, m) in s.months.iter().enumerate() {
        text = text.replace(&m.to_string(), &format!("[month {i}]"));
    }
    let shape: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The files' digests and lengths follow the dates as well (checked in `signed.rs`).
    insta::assert_json_snapshot!("edition_detail", shape, {
        ".published_at" => "[time]",
        ".files[].sha256" => "[sha256]",
        ".files[].bytes" => "[bytes]",
    });
}

// Long on purpose: a list of cases, each file of an edition checked against the same rows.
async fn files(base: &str, s: &Seeded) {
    let snap = s.latest();
    let e = format!("/api/v1/editions/{}", snap.id);

    // The series: JSON and CSV carry the same rows, every month, both levels.
    let r = get(base, &format!("{e}/series.json"), None).await;
    assert_file_headers(&r, "application/json");
    let doc = json(&r);
    assert_eq!(doc["edition"], snap.id.as_str());
    assert_eq!(doc["kind"], "series");
    assert_eq!(doc["licence"]["name"], LICENCE_NAME);
    let rows = doc["rows"].as_array().unwrap().clone();
    check_rows(&rows, snap);
    let r = get(base, &format!("{e}/series.csv"), None).await;
    assert_file_headers(&r, "text/csv; charset=utf-8");
    assert_eq!(
        r.header("content-disposition").unwrap(),
        format!("attachment; filename=\"vigie-{}-series.csv\"", snap.id)
    );
    assert_eq!(csv_rows(&r.body, &snap.id), rows);
    // 3 months x (16 arrondissements x 13 + 111 quartiers).
    assert_eq!(rows.len(), 3 * (16 * 13 + 111));

    // Filters.
    let m1 = s.months[1].to_string();
    let r = get(
        base,
        &format!("{e}/series.json?category=total&level=quartier&from={m1}&to={m1}"),
        None,
    )
    .await;
    let rows = json(&r)["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 111);
    assert!(rows.iter().all(|r| r["period"] == m1.as_str()
        && r["area_level"] == "quartier"
        && r["category"] == "total"));
    let r = get(base, &format!("{e}/series.csv?category=homicide"), None).await;
    let rows = csv_rows(&r.body, &snap.id);
    assert_eq!(rows.len(), 3 * 16);
    assert!(rows.iter().all(|r| r["category"] == "homicide"));
    let hidden = rows
        .iter()
        .find(|r| r["area_code"] == "13215" && r["period"] == m1.as_str())
        .unwrap();
    assert_eq!(hidden["suppressed"], true);
    assert!(hidden["count"].is_null());

    // Areas: the latest month by default, another month on demand.
    let r = get(base, &format!("{e}/areas.json"), None).await;
    assert_file_headers(&r, "application/json");
    let doc = json(&r);
    assert_eq!(doc["kind"], "areas");
    let rows = doc["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 16 * 13 + 111);
    assert!(rows.iter().all(|r| r["period"] == snap.period.to_string()));
    check_rows(&rows, snap);
    let r = get(
        base,
        &format!("{e}/areas.csv?month={m1}&level=arrondissement"),
        None,
    )
    .await;
    assert_file_headers(&r, "text/csv; charset=utf-8");
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("-areas.csv")
    );
    let rows = csv_rows(&r.body, &snap.id);
    assert_eq!(rows.len(), 16 * 13);
    check_rows(&rows, snap);

    // GeoJSON: a FeatureCollection of located features carrying the rows' properties.
    let r = get(base, &format!("{e}/areas.geojson?category=total"), None).await;
    assert_file_headers(&r, "application/geo+json");
    let g = json(&r);
    assert_eq!(g["type"], "FeatureCollection");
    assert_eq!(g["edition"], snap.id.as_str());
    assert_eq!(g["licence"]["name"], LICENCE_NAME);
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), 16 + 111);
    let mut props = Vec::new();
    for f in features {
        assert_eq!(f["type"], "Feature");
        let kind = f["geometry"]["type"].as_str().unwrap();
        assert!(kind == "Polygon" || kind == "MultiPolygon", "{kind}");
        let rings: Vec<&Value> = if kind == "Polygon" {
            f["geometry"]["coordinates"]
                .as_array()
                .unwrap()
                .iter()
                .collect()
        } else {
            f["geometry"]["coordinates"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|p| p.as_array().unwrap())
                .collect()
        };
        for ring in rings {
            let ring = ring.as_array().unwrap();
            assert!(
                ring.len() >= 4 && ring.first() == ring.last(),
                "closed ring"
            );
            for p in ring {
                let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                assert!(
                    (5.2..5.6).contains(&lon) && (43.1..43.4).contains(&lat),
                    "{p}"
                );
            }
        }
        assert!(f["properties"]["name"].is_string());
        let mut p = f["properties"].clone();
        p.as_object_mut().unwrap().remove("name");
        props.push(p);
    }
    check_rows(&props, snap);
}

#[tokio::test]
async fn every_endpoint_serves_the_editions() {
    for s in servers().await {
        let seeded = seed(&s.app).await;
        editions_list(&s.base, &seeded).await;
        edition_detail(&s.base, &seeded).await;
        files(&s.base, &seeded).await;
        // An earlier edition stays readable, with its own months only.
        let first = seeded.first();
        let r = get(
            &s.base,
            &format!("/api/v1/editions/{}/series.json", first.id),
            None,
        )
        .await;
        let rows = json(&r)["rows"].as_array().unwrap().clone();
        assert_eq!(rows.len(), 16 * 13 + 111, "{}", s.backend());
        check_rows(&rows, first);
    }
}

#[tokio::test]
async fn bad_parameters_and_unknown_editions_get_the_error_shape() {
    for s in servers().await {
        let b = &s.base;
        // Before any edition: an empty list, and 404 for any id.
        let r = get(b, "/api/v1/editions", None).await;
        assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "[]"));
        api_error(b, "/api/v1/editions/2026-01.1", 404, Some("id")).await;

        let seeded = seed(&s.app).await;
        let e = format!("/api/v1/editions/{}", seeded.latest().id);
        let before = seeded.months[0].previous();
        for (path, parameter) in [
            (format!("{e}/series.json?category=drugs"), "category"),
            (format!("{e}/series.csv?category="), "category"),
            (format!("{e}/series.json?level=city"), "level"),
            (format!("{e}/series.csv?from=2026-13"), "from"),
            (format!("{e}/series.json?to=march"), "to"),
            (format!("{e}/series.json?from=2026-05&to=2026-04"), "to"),
            (format!("{e}/series.json?month=2026-01"), "month"),
            (format!("{e}/areas.json?month={before}"), "month"),
            (format!("{e}/areas.geojson?month=2026-1"), "month"),
            (format!("{e}/areas.csv?from=2026-01"), "from"),
            (
                format!("{e}/areas.csv?level=quartier&level=quartier"),
                "level",
            ),
            (format!("{e}?category=total"), "category"),
            ("/api/v1/editions?page=2".to_owned(), "page"),
        ] {
            let v = api_error(b, &path, 400, Some(parameter)).await;
            assert_eq!(v["error"]["code"], "bad_parameter", "{path}");
        }
        let v = api_error(b, &format!("{e}/areas.json?level=x"), 400, Some("level")).await;
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("arrondissement, quartier")
        );
        for file in [
            "",
            "/series.json",
            "/series.csv",
            "/areas.json",
            "/areas.csv",
            "/areas.geojson",
        ] {
            for id in ["1999-01.1", "nope", "%FF%FE", &"9".repeat(200)] {
                let v =
                    api_error(b, &format!("/api/v1/editions/{id}{file}"), 404, Some("id")).await;
                assert_eq!(v["error"]["code"], "unknown_edition");
            }
        }
        let v = api_error(b, "/api/v1/nothing/here", 404, None).await;
        assert_eq!(v["error"]["code"], "not_found");
        let v = api_error(
            b,
            &format!("{e}/series.json?level=city"),
            400,
            Some("level"),
        )
        .await;
        insta::assert_json_snapshot!("error_bad_parameter", v);
    }
}
