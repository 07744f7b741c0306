//! Rows, CSV, JSON and GeoJSON.

use serde_json::Value;
use vigie_domain::observatory::{CellArea, IncidentCategory, LICENCE_NAME, LICENCE_URL};
use vigie_observatory::opendata::{CSV_HEADER, KIND_AREAS, KIND_SERIES};
use vigie_observatory::{
    CategoryFilter, MapLevel, OpenDataDocument, Row, RowFilter, area_rows, series_rows, to_csv,
    to_geojson, to_json,
};

use crate::common::{cell, map, month, snapshot};

#[test]
fn series_rows_are_every_area_cell_oldest_month_first() {
    let snapshot = snapshot();
    let rows = series_rows(&snapshot, &RowFilter::default());
    // Per month: 16 totals, 16 deal points, 111 quartiers; the city cells are not rows.
    assert_eq!(rows.len(), 2 * (16 + 16 + 111));
    assert!(rows[..143].iter().all(|r| r.period == "2026-02"));
    assert!(rows[143..].iter().all(|r| r.period == "2026-03"));
    assert_eq!(
        rows[0],
        Row {
            area_code: "13201".into(),
            area_level: "arrondissement",
            category: "total".into(),
            period: "2026-02".into(),
            count: Some(5),
            suppressed: false,
        }
    );
    assert_eq!(
        (rows[1].category.as_str(), rows[1].count, rows[1].suppressed),
        ("deal_point", None, true)
    );
    assert!(rows.iter().all(|r| r.count.is_some() != r.suppressed));
    assert_eq!(
        rows.iter().filter(|r| r.area_level == "quartier").count(),
        222
    );

    let only = |filter: RowFilter| series_rows(&snapshot, &filter);
    let deal = only(RowFilter {
        category: Some(CategoryFilter::One(IncidentCategory::DealPoint)),
        ..RowFilter::default()
    });
    assert_eq!(deal.len(), 32);
    let totals = only(RowFilter {
        category: Some(CategoryFilter::Total),
        level: Some(MapLevel::Arrondissement),
        ..RowFilter::default()
    });
    assert_eq!(totals.len(), 32);
    assert!(
        totals
            .iter()
            .all(|r| r.category == "total" && r.area_level == "arrondissement")
    );
    let march = only(RowFilter {
        from: Some(month("2026-03")),
        level: Some(MapLevel::Quartier),
        ..RowFilter::default()
    });
    assert_eq!(march.len(), 111);
    assert!(
        only(RowFilter {
            to: Some(month("2026-01")),
            ..RowFilter::default()
        })
        .is_empty()
    );
}

#[test]
fn filters_parse_from_the_codes_rows_carry() {
    assert_eq!("total".parse(), Ok(CategoryFilter::Total));
    assert_eq!(
        "deal_point".parse(),
        Ok(CategoryFilter::One(IncidentCategory::DealPoint))
    );
    assert!("Total".parse::<CategoryFilter>().is_err());
    assert_eq!("quartier".parse(), Ok(MapLevel::Quartier));
    assert_eq!("arrondissement".parse(), Ok(MapLevel::Arrondissement));
    assert!("city".parse::<MapLevel>().is_err());
}

#[test]
fn area_rows_are_one_months_cells() {
    let snapshot = snapshot();
    let rows = area_rows(&snapshot, month("2026-03"), &RowFilter::default());
    assert_eq!(rows.len(), 143);
    assert!(rows.iter().all(|r| r.period == "2026-03"));
    assert_eq!(rows[0].count, Some(7));
    assert!(area_rows(&snapshot, month("2025-03"), &RowFilter::default()).is_empty());
}

#[test]
fn csv_parses_back_into_the_same_rows() {
    let mut snapshot = snapshot();
    // An area code no real edition has, to force quoting.
    snapshot.months[0].cells.push(cell(
        CellArea::Quartier("13,\"x\"\r\ny".into()),
        None,
        Some(9),
    ));
    let rows = series_rows(&snapshot, &RowFilter::default());
    let text = to_csv(&rows, &snapshot);
    assert!(
        text.starts_with(
            "area_code,area_level,category,period,count,suppressed,edition,licence\r\n"
        )
    );
    assert!(
        text.contains("\"13,\"\"x\"\"\r\ny\""),
        "quoted with doubled quotes"
    );
    assert!(text.contains(
        "13201,arrondissement,deal_point,2026-02,,true,2026-03.1,Licence Ouverte / Etalab 2.0\r\n"
    ));
    assert_eq!(
        text.matches("\r\n").count(),
        rows.len() + 2,
        "CRLF line ends (one inside the quoted field)"
    );

    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_HEADER
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len());
    for (record, row) in records.iter().zip(&rows) {
        let count = row.count.map(|c| c.to_string()).unwrap_or_default();
        let expected = [
            row.area_code.as_str(),
            row.area_level,
            &row.category,
            &row.period,
            &count,
            if row.suppressed { "true" } else { "false" },
            "2026-03.1",
            LICENCE_NAME,
        ];
        assert_eq!(record.iter().collect::<Vec<_>>(), expected);
    }
    assert_eq!(&records[rows.len() - 1][0], "13,\"x\"\r\ny");
}

#[test]
fn json_names_the_edition_and_licence_and_matches_its_schema() {
    let snapshot = snapshot();
    let rows = area_rows(&snapshot, month("2026-03"), &RowFilter::default());
    let json = to_json(&rows, &snapshot, KIND_AREAS);
    assert_eq!(json["edition"], "2026-03.1");
    assert_eq!(json["period"], "2026-03");
    assert_eq!(json["published_at"], "2026-04-02T09:30:00Z");
    assert_eq!(json["licence"]["name"], LICENCE_NAME);
    assert_eq!(json["licence"]["url"], LICENCE_URL);
    assert_eq!(json["kind"], "areas");
    assert_eq!(json["k"], 5);
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(rows.len()));
    assert_eq!(json["rows"][1]["count"], Value::Null);
    assert_eq!(json["rows"][1]["suppressed"], true);
    // The document is exactly what its OpenAPI type describes.
    let typed = serde_json::to_value(OpenDataDocument::new(&rows, &snapshot, KIND_AREAS)).unwrap();
    assert_eq!(json, typed);
    let series = to_json(
        &series_rows(&snapshot, &RowFilter::default()),
        &snapshot,
        KIND_SERIES,
    );
    assert_eq!(series["kind"], "series");
}

#[test]
fn openapi_schemas_describe_the_rows() {
    use utoipa::PartialSchema;
    let row = serde_json::to_value(Row::schema()).unwrap();
    // Every column of the CSV (checked word for word elsewhere) but the edition's and the licence's.
    assert_eq!(CSV_HEADER[6..], ["edition", "licence"]);
    for field in &CSV_HEADER[..6] {
        assert!(row["properties"].get(field).is_some(), "{field}: {row}");
    }
    let doc = serde_json::to_value(OpenDataDocument::schema())
        .unwrap()
        .to_string();
    for field in ["edition", "published_at", "licence", "rows", "kind"] {
        assert!(doc.contains(field), "{field}");
    }
}

#[test]
fn geojson_is_a_feature_collection_in_marseille() {
    let snapshot = snapshot();
    let rows = area_rows(&snapshot, month("2026-03"), &RowFilter::default());
    let geo = to_geojson(&rows, &snapshot, map());
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["edition"], "2026-03.1");
    assert_eq!(geo["licence"]["name"], LICENCE_NAME);
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len());
    let mut positions = 0;
    for (f, row) in features.iter().zip(&rows) {
        assert_eq!(f["type"], "Feature");
        let p = &f["properties"];
        assert_eq!(p["area_code"], row.area_code.as_str());
        assert_eq!(p["area_level"], row.area_level);
        assert_eq!(p["category"], row.category.as_str());
        assert_eq!(p["period"], "2026-03");
        assert_eq!(p["suppressed"], row.suppressed);
        assert_eq!(p["count"], row.count.map_or(Value::Null, Value::from));
        assert!(p["name"].as_str().is_some_and(|n| !n.is_empty()));
        let g = &f["geometry"];
        let polygons: Vec<&Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["coordinates"]],
            Some("MultiPolygon") => g["coordinates"].as_array().unwrap().iter().collect(),
            other => panic!("geometry {other:?}"),
        };
        for polygon in polygons {
            for (i, ring) in polygon.as_array().unwrap().iter().enumerate() {
                let ring = ring.as_array().unwrap();
                assert!(ring.len() >= 4);
                let xy: Vec<(f64, f64)> = ring
                    .iter()
                    .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
                    .collect();
                let twice_area: f64 = xy
                    .windows(2)
                    .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
                    .sum();
                assert_eq!(twice_area > 0.0, i == 0, "right-hand rule");
                assert_eq!(ring.first(), ring.last(), "closed ring");
                for pos in ring {
                    let (lon, lat) = (pos[0].as_f64().unwrap(), pos[1].as_f64().unwrap());
                    assert!(
                        (5.2..5.6).contains(&lon) && (43.15..43.4).contains(&lat),
                        "{lon} {lat}"
                    );
                    positions += 1;
                }
            }
        }
    }
    assert!(positions > 10_000);
    // Coordinates are the source's, to the digit.
    assert!(geo.to_string().contains("[5.37629,43.30168]"));
}
