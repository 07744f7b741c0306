//! Editions built by hand, and checks every SVG must pass.

use chrono::{TimeZone, Utc};
use vigie_domain::observatory::{
    CellArea, EditionSnapshot, IncidentCategory, Month, MonthRelease, PublishedCell,
};
use vigie_observatory::{MapData, MapLevel};

pub fn month(s: &str) -> Month {
    s.parse().unwrap()
}

pub fn map() -> &'static MapData {
    MapData::shared_marseille().unwrap()
}

pub fn cell(
    area: CellArea,
    category: Option<IncidentCategory>,
    count: Option<u64>,
) -> PublishedCell {
    PublishedCell {
        area,
        category,
        count,
        suppressed: count.is_none(),
    }
}

/// A month: city total and two categories, every arrondissement (the 2nd suppressed) with its deal
/// points (suppressed in the 1st), every quartier (every seventh suppressed). `shift` varies counts.
pub fn release(m: &str, shift: u64) -> MonthRelease {
    let map = map();
    let mut cells = vec![
        cell(CellArea::City, None, Some(400 + shift)),
        cell(
            CellArea::City,
            Some(IncidentCategory::DealPoint),
            Some(120 + shift),
        ),
        cell(CellArea::City, Some(IncidentCategory::Homicide), None),
    ];
    for (i, a) in map.areas(MapLevel::Arrondissement).iter().enumerate() {
        let area = || CellArea::Arrondissement(a.code().to_owned());
        let total = (i != 1).then_some(5 + 3 * i as u64 + shift);
        cells.push(cell(area(), None, total));
        let deal = (i != 0).then_some(5 + i as u64);
        cells.push(cell(area(), Some(IncidentCategory::DealPoint), deal));
    }
    for (i, q) in map.areas(MapLevel::Quartier).iter().enumerate() {
        let count = (i % 7 != 3).then_some(5 + (i as u64 * 13) % 40);
        cells.push(cell(CellArea::Quartier(q.code().to_owned()), None, count));
    }
    MonthRelease {
        month: month(m),
        version: 1,
        cells,
    }
}

pub fn snapshot() -> EditionSnapshot {
    EditionSnapshot {
        id: "2026-03.1".into(),
        period: month("2026-03"),
        version: 1,
        published_at: Utc.with_ymd_and_hms(2026, 4, 2, 9, 30, 0).unwrap(),
        k: 5,
        epsilon: None,
        changelog: None,
        supersedes: None,
        // Deliberately not in order: rows must still come oldest first.
        months: vec![release("2026-03", 2), release("2026-02", 0)],
        context: Vec::new(),
    }
}

/// What every SVG must be: well-formed XML, an accessible image labelled by its title and
/// description, and nothing a strict CSP or Tor Browser would refuse.
pub fn check_svg<'a>(svg: &'a str, title_id: &str, desc_id: &str) -> roxmltree::Document<'a> {
    assert!(!svg.contains("style="), "style attribute");
    assert!(!svg.contains("<style"), "style element");
    assert!(!svg.to_ascii_lowercase().contains("<script"), "script");
    assert!(!svg.contains("href"), "reference");
    assert_eq!(
        svg.matches("http").count(),
        1,
        "only the SVG namespace may name a URL"
    );
    assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some(format!("{title_id} {desc_id}").as_str())
    );
    let child = |name: &str| root.children().find(|n| n.has_tag_name(name)).unwrap();
    assert_eq!(child("title").attribute("id"), Some(title_id));
    assert_eq!(child("desc").attribute("id"), Some(desc_id));
    for node in doc.descendants() {
        if let Some(fill) = node.attribute("fill")
            && let Some(id) = fill.strip_prefix("url(#").and_then(|f| f.strip_suffix(')'))
        {
            assert!(
                doc.descendants().any(|n| n.attribute("id") == Some(id)),
                "fill refers to a missing {id}"
            );
        }
    }
    doc
}

/// The text of every `<title>` of `doc`: the chart's own, then each tooltip.
pub fn titles<'a>(doc: &'a roxmltree::Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect()
}
