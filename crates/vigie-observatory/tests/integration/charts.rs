//! Line and bar charts.

use vigie_domain::observatory::{IncidentCategory, Month};
use vigie_observatory::svg::{Bar, ChartSeries, ChartText, bar_chart, line_chart};

use crate::common::{check_svg, month, titles};

fn text() -> ChartText {
    ChartText {
        title: "Faits par mois & par catégorie".into(),
        desc: "Évolution <mensuelle>".into(),
        title_id: "courbe-titre".into(),
        desc_id: "courbe-desc".into(),
        suppressed_label: "< 5, non publié".into(),
    }
}

/// Twelve series over 24 months; series `i` is suppressed in month `i` and lacks month `i + 3`.
fn twelve_series() -> Vec<ChartSeries> {
    let months: Vec<Month> = month("2024-04").through(month("2026-03")).collect();
    IncidentCategory::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| ChartSeries {
            name: format!("{c} <{i}>"),
            points: months
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i + 3)
                .map(|(j, m)| (*m, (j != i).then_some(5 + ((i * 7 + j * 3) % 60) as u64)))
                .collect(),
        })
        .collect()
}

#[test]
fn line_chart_draws_gaps_and_hollow_markers_for_suppressed_months() {
    let series = twelve_series();
    let svg = line_chart(&series, &text());
    let doc = check_svg(&svg, "courbe-titre", "courbe-desc");
    eprintln!("line chart, 12 series x 24 months: {} bytes", svg.len());
    let tips = titles(&doc);
    // One tooltip per point present (24 - 1 missing, per series), one per legend marker, the
    // suppressed legend marker and the chart's title.
    assert_eq!(tips.len(), 12 * 23 + 12 + 1 + 1);
    assert!(tips.contains(&"deal_point <0>, 2024-04: < 5, non publié"));
    assert!(tips.contains(&"deal_point <0>, 2024-05: 8"));
    let hollow = doc
        .descendants()
        .filter(|n| n.attribute("fill") == Some("#ffffff") && n.attribute("stroke").is_some())
        .count();
    assert_eq!(hollow, 12 + 1);
    // Each series breaks at its suppressed and its missing month: at most three runs.
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .count();
    assert!((12 * 2..=12 * 3).contains(&lines), "{lines}");
    // Month labels are thinned, and the latest month is labelled.
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .filter_map(|n| n.text())
        .filter(|t| t.len() == 7 && t.as_bytes()[4] == b'-')
        .collect();
    assert!(labels.len() <= 9 && labels.len() >= 4, "{labels:?}");
    assert!(labels.contains(&"2026-03"));
    // Colour is not the only cue: dash patterns and four marker shapes.
    assert!(svg.matches("stroke-dasharray").count() >= 10);
    for shape in ["<circle", "<rect x", "<path"] {
        assert!(svg.contains(shape), "{shape}");
    }
}

#[test]
fn long_series_keep_markers_for_suppressed_and_isolated_months_only() {
    let months: Vec<Month> = month("2016-01").through(month("2025-12")).collect();
    let points = months
        .iter()
        .enumerate()
        .map(|(j, m)| (*m, (j != 10 && j != 12).then_some(20 + j as u64 % 9)))
        .collect();
    let svg = line_chart(
        &[ChartSeries {
            name: "dix ans".into(),
            points,
        }],
        &text(),
    );
    let doc = check_svg(&svg, "courbe-titre", "courbe-desc");
    let tips = titles(&doc);
    // The title, two suppressed months, the point alone between them, two legend markers.
    assert_eq!(tips.len(), 1 + 2 + 1 + 2, "{tips:?}");
    assert!(tips.contains(&"dix ans, 2016-12: 22"));
    assert!(svg.len() < 12_000, "{}", svg.len());
}

#[test]
fn line_chart_handles_nothing_and_single_points() {
    for series in [
        vec![],
        vec![ChartSeries {
            name: "seul".into(),
            points: vec![(month("2026-03"), Some(0))],
        }],
        vec![ChartSeries {
            name: "caché".into(),
            points: vec![(month("2026-03"), None)],
        }],
        vec![ChartSeries {
            name: "énorme".into(),
            points: vec![
                (month("1000-01"), Some(u64::MAX)),
                (month("9999-12"), Some(1)),
            ],
        }],
    ] {
        let svg = line_chart(&series, &text());
        check_svg(&svg, "courbe-titre", "courbe-desc");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }
}

#[test]
fn bar_chart_shows_suppressed_bars_as_hatched_stubs() {
    let bars = vec![
        Bar {
            label: "Point de deal".into(),
            value: Some(42),
        },
        Bar {
            label: "Homicide lié au trafic".into(),
            value: None,
        },
        Bar {
            label: "Menaces, intimidation & <pressions>".into(),
            value: Some(7),
        },
        Bar {
            label:
                "Marseille 16e Arrondissement, un nom bien trop long pour la colonne des libellés"
                    .into(),
            value: Some(0),
        },
    ];
    let svg = bar_chart(&bars, 5, &text());
    let doc = check_svg(&svg, "courbe-titre", "courbe-desc");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"< 5"));
    assert!(texts.contains(&"42"));
    assert!(texts.contains(&"Menaces, intimidation & <pressions>: 7"));
    assert!(texts.contains(&"Homicide lié au trafic: < 5, non publié"));
    assert!(
        texts.iter().any(|t| t.ends_with('…')),
        "long labels are cut"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Marseille 16e") && t.ends_with(": 0"))
    );
    let stub = doc
        .descendants()
        .find(|n| n.attribute("fill") == Some("url(#courbe-titre-hatch)"))
        .unwrap();
    let bar_42 = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("rect") && n.children().any(|c| c.text() == Some("Point de deal: 42"))
        })
        .unwrap();
    let width = |n: roxmltree::Node| n.attribute("width").unwrap().parse::<f64>().unwrap();
    assert!(width(stub) > 0.0 && width(stub) < width(bar_42) / 4.0);
    // The legend explains the hatching.
    assert!(texts.contains(&"< 5, non publié"));
    let none = bar_chart(&[], 5, &text());
    check_svg(&none, "courbe-titre", "courbe-desc");
}
