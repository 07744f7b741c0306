//! The bundled map and the choropleth drawn on it.

use vigie_domain::area::AreaList;
use vigie_observatory::svg::{MapText, MapValue, choropleth};
use vigie_observatory::{ATTRIBUTION, MapData, MapLevel, RowFilter, area_rows};

use crate::common::{check_svg, map, month, snapshot};

fn text() -> MapText {
    MapText {
        title: "Faits par quartier, mars 2026".into(),
        desc: "Nombre de faits publiés par quartier".into(),
        title_id: "carte-titre".into(),
        desc_id: "carte-desc".into(),
        legend_title: "Faits".into(),
        suppressed_label: "< 5, non publié".into(),
        no_data_label: "pas de donnée".into(),
        attribution: ATTRIBUTION.into(),
    }
}

/// The map's values for one month of the test edition.
fn values(level: MapLevel) -> Vec<(String, MapValue)> {
    let filter = RowFilter {
        level: Some(level),
        category: Some(vigie_observatory::CategoryFilter::Total),
        ..RowFilter::default()
    };
    area_rows(&snapshot(), month("2026-03"), &filter)
        .into_iter()
        .map(|r| {
            let v = r.count.map_or(MapValue::Suppressed, MapValue::Count);
            (r.area_code, v)
        })
        .collect()
}

#[test]
fn the_map_has_every_arrondissement_and_quartier_of_the_area_list() {
    let map = map();
    assert_eq!(map.areas(MapLevel::Arrondissement).len(), 16);
    assert_eq!(map.areas(MapLevel::Quartier).len(), 111);
    let areas = AreaList::marseille().unwrap();
    for d in areas.districts() {
        let a = map
            .area(&d.code)
            .unwrap_or_else(|| panic!("{} missing", d.code));
        assert_eq!(a.level(), MapLevel::Arrondissement);
        let quartiers: Vec<&str> = map.quartiers_of(&d.code).map(|q| q.code()).collect();
        let expected: Vec<&str> = areas
            .neighbourhoods_of(&d.code)
            .map(|n| n.code.as_str())
            .collect();
        assert_eq!(quartiers, expected, "{}", d.code);
        for q in &expected {
            assert_eq!(map.area(q).and_then(|a| a.parent()), Some(d.code.as_str()));
        }
    }
    let w = map.width();
    let h = map.height();
    assert_eq!(w, 640.0);
    assert!((500.0..800.0).contains(&h), "height {h}");
    for level in [MapLevel::Arrondissement, MapLevel::Quartier] {
        for a in map.areas(level) {
            assert!(
                a.path().starts_with('M') && a.path().ends_with('z'),
                "{}",
                a.code()
            );
            let (x, y) = a.label();
            assert!(
                (0.0..=w).contains(&x) && (0.0..=h).contains(&y),
                "{}",
                a.code()
            );
        }
    }
    assert_eq!(
        map.area("13201").map(|a| a.name()),
        Some("Marseille 1er Arrondissement")
    );
    assert_eq!(map.area("1320101").map(|a| a.name()), Some("Belsunce"));
}

#[test]
fn quartier_map_is_one_titled_path_per_quartier() {
    let text = text();
    let svg = choropleth(
        map(),
        MapLevel::Quartier,
        &values(MapLevel::Quartier),
        &text,
    );
    let doc = check_svg(&svg, "carte-titre", "carte-desc");
    eprintln!("quartier map: {} bytes", svg.len());
    assert!(svg.len() < 250_000, "{} bytes", svg.len());
    let titled: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|p| p.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text().map(str::to_owned))
        .collect();
    assert_eq!(titled.len(), 111);
    assert!(
        titled.contains(&"Belsunce: 5".to_owned()),
        "{:?}",
        &titled[..3]
    );
    assert!(titled.iter().any(|t| t.ends_with(": < 5, non publié")));
    // Suppressed quartiers are hatched; the legend names the hatching; the source is credited.
    assert!(svg.contains(r#"fill="url(#carte-titre-hatch)""#));
    assert!(svg.contains(">&lt; 5, non publié</text>"));
    assert!(svg.contains("Licence Ouverte 2.0</text>"));
    // Sixteen arrondissement borders drawn over the quartiers, no count drawn on 111 small areas.
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("path")).count(),
        111 + 16
    );
    assert!(
        !doc.descendants()
            .any(|n| n.has_tag_name("text") && n.attribute("dy").is_some())
    );
}

#[test]
fn arrondissement_map_writes_counts_in_contrasting_ink() {
    let text = text();
    let mut values = values(MapLevel::Arrondissement);
    values.retain(|(code, _)| code != "13216");
    let svg = choropleth(map(), MapLevel::Arrondissement, &values, &text);
    let doc = check_svg(&svg, "carte-titre", "carte-desc");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|p| p.children().find(|c| c.has_tag_name("title"))?.text())
        .collect();
    assert_eq!(titles.len(), 16);
    assert!(titles.contains(&"Marseille 2e Arrondissement: < 5, non publié"));
    assert!(titles.contains(&"Marseille 16e Arrondissement: pas de donnée"));
    assert!(svg.contains(r#"fill="url(#carte-titre-nodata)""#));
    // One count label per published arrondissement (14 of 16), each readable on its fill.
    let labels: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("dy").is_some())
        .collect();
    assert_eq!(labels.len(), 14);
    let fills: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|n| n.attribute("fill"))
        .filter(|f| f.starts_with('#'))
        .collect();
    assert!(fills.iter().collect::<std::collections::HashSet<_>>().len() >= 4);
    for label in labels {
        let ink = label.attribute("fill").unwrap();
        assert!(ink == "#111111" || ink == "#ffffff");
    }
    // The legend: five classes, then the hatching and the dots.
    assert_eq!(svg.matches(r#"<rect x="8""#).count(), 7);
}

#[test]
fn text_from_the_caller_and_the_data_is_escaped() {
    let arr = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1","nom":"Saint-<Louis> & \"Co\""},
        "geometry":{"type":"MultiPolygon","coordinates":[[[[5.3,43.2],[5.4,43.2],[5.4,43.3],[5.3,43.2]],[[5.35,43.22],[5.36,43.22],[5.36,43.23],[5.35,43.22]]],[[[5.5,43.1],[5.51,43.1],[5.51,43.11],[5.5,43.1]]]]}}]}"#;
    let qua = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code_qua":"11","nom":"Q&A","arrondissement_code":"1"},
        "geometry":{"type":"Polygon","coordinates":[[[5.3,43.2],[5.4,43.2],[5.4,43.3],[5.3,43.2]]]}}]}"#;
    let map = MapData::parse(arr, qua).unwrap();
    // A MultiPolygon with a hole: three subpaths.
    assert_eq!(map.area("1").unwrap().path().matches('M').count(), 3);
    let text = MapText {
        title: "A <b>bold</b> title & more".into(),
        desc: "</desc><script>alert(1)</script>".into(),
        title_id: "t\" onload=\"x".into(),
        desc_id: "d".into(),
        legend_title: "<".into(),
        suppressed_label: "< 5 & co".into(),
        no_data_label: "\u{0}nothing".into(),
        attribution: "IGN & INSEE".into(),
    };
    for level in [MapLevel::Arrondissement, MapLevel::Quartier] {
        let svg = choropleth(&map, level, &[("1".into(), MapValue::Suppressed)], &text);
        let doc = check_svg(&svg, "t--onload--x", "d");
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&"A <b>bold</b> title & more"));
        assert!(texts.contains(&"</desc><script>alert(1)</script>"));
        assert!(texts.contains(&"IGN & INSEE"));
        if level == MapLevel::Arrondissement {
            assert!(
                texts.contains(&"Saint-<Louis> & \"Co\": < 5 & co"),
                "{texts:?}"
            );
        } else {
            assert!(texts.contains(&"Q&A: nothing"), "{texts:?}");
        }
    }
}
