//! The observatory's pages over HTTP: the empty state, the dashboard and its filters, suppressed
//! figures shown as "< k" in tables and SVG titles, accessibility structure, nothing from another
//! origin, 400/404 pages, the methodology, the history of editions and the data dictionary.

use vigie_domain::area::AreaList;
use vigie_domain::observatory::{CellArea, EditionSnapshot, IncidentCategory, Month};

use super::{CHANGELOG, Seeded, seed};
use crate::public::{get, servers};

/// HTML text with the entities askama writes turned back into characters.
pub fn unescape(html: &str) -> String {
    html.replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The page at `path` (it must answer 200), unescaped.
async fn shown(base: &str, path: &str) -> String {
    let r = get(base, path, None).await;
    assert_eq!(r.status.as_u16(), 200, "{path}");
    unescape(&r.body)
}

/// `mars 2026`.
fn month_fr(m: Month) -> String {
    const NAMES: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    format!("{} {}", NAMES[m.month() as usize - 1], m.year())
}

/// Structure every observatory page keeps: landmarks, headings, tables with captions and scoped
/// headers, every chart followed by its sentence and table, no inline script or style, and no
/// address of another origin (the SVG namespace is a name, never fetched).
pub fn assert_accessible_and_self_contained(html: &str, what: &str) {
    for landmark in ["<main", "<header", "<footer", "<nav", "<h1"] {
        assert!(html.contains(landmark), "{what}: no {landmark}");
    }
    assert!(!html.contains("<script"), "{what}: script");
    assert!(!html.contains("style="), "{what}: style attribute");
    assert!(!html.contains("<style"), "{what}: style element");
    let lower = html.to_ascii_lowercase();
    for attr in ["=\"http", "='http", "url(http", "=\"//", "url(//"] {
        for (i, _) in lower.match_indices(attr) {
            assert!(
                lower[i..].starts_with("=\"http://www.w3.org/2000/svg\""),
                "{what}: outside address at {}",
                &html[i..(i + 60).min(html.len())]
            );
        }
    }
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<caption").count(),
        "{what}: a table without caption"
    );
    for th in html.split("<th").skip(1).filter(|t| !t.starts_with("ead")) {
        assert!(
            th.starts_with(" scope=\"col\"") || th.starts_with(" scope=\"row\""),
            "{what}: <th{}",
            &th[..40.min(th.len())]
        );
    }
    for section in html.split("<section class=\"obs-figure\"").skip(1) {
        let section = section.split("</section>").next().unwrap();
        if let Some((_, after)) = section.split_once("</svg>") {
            let summary = after
                .find("class=\"obs-summary\"")
                .expect("a sentence after the chart");
            let table = after.find("<table").expect("a table after the chart");
            assert!(summary < table, "{what}: sentence, then table");
        }
    }
}

/// No `http` anywhere in the page but the SVG namespace (a name, never fetched): the dashboard
/// names no other site, not even as text.
fn assert_no_outside_url(html: &str, what: &str) {
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices("http") {
        assert!(
            lower[i..].starts_with("http://www.w3.org/2000/svg\""),
            "{what}: outside address at {}",
            &html[i..(i + 60).min(html.len())]
        );
    }
}

/// The section of a dashboard whose heading is `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(
            "<section class=\"obs-figure\" aria-labelledby=\"{id}\""
        ))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

/// The map section of a dashboard.
fn map_section(html: &str) -> &str {
    section(html, "obs-map")
}

/// The bars by category and the monthly line say, in their SVG titles, what their tables say, and
/// a suppressed figure is "< 5" in both (the page is unescaped).
fn assert_charts_match(
    html: &str,
    snap: &EditionSnapshot,
    month: Month,
    category: Option<IncidentCategory>,
) {
    let bars = section(html, "obs-bars");
    let mut hidden = 0;
    for row in bars.split("<tr><th scope=\"row\">").skip(1) {
        let (label, rest) = row.split_once("</th>").unwrap();
        let value = rest
            .split_once('>')
            .unwrap()
            .1
            .split("</td>")
            .next()
            .unwrap();
        let tip = if value == "< 5" {
            hidden += 1;
            "< 5, non publié".to_owned()
        } else {
            assert!(value.parse::<u64>().is_ok(), "{label}: {value}");
            value.to_owned()
        };
        assert!(
            bars.contains(&format!("<title>{label}: {tip}</title>")),
            "{label}: {tip}"
        );
    }
    let release = snap.month(month).unwrap();
    let suppressed = IncidentCategory::ALL
        .iter()
        .filter(|c| release.cell(&CellArea::City, Some(**c)).unwrap().suppressed)
        .count();
    assert_eq!(hidden, suppressed);
    let line = section(html, "obs-series");
    for r in &snap.months {
        let cell = r.cell(&CellArea::City, category).unwrap();
        let shown = match cell.count {
            Some(n) if !cell.suppressed => n.to_string(),
            _ => "< 5, non publié".to_owned(),
        };
        assert!(
            line.contains(&format!(", {}: {shown}</title>", r.month)),
            "{}: {shown}",
            r.month
        );
    }
}

/// The map's table and SVG titles show each area's published count, or "< k" when suppressed, and
/// nothing else.
fn assert_map_matches(
    html: &str,
    snap: &EditionSnapshot,
    areas: &AreaList,
    month: Month,
    category: Option<IncidentCategory>,
    quartiers: bool,
) {
    let section = unescape(map_section(html));
    let release = snap.month(month).unwrap();
    let cells: Vec<_> = release
        .cells
        .iter()
        .filter(|c| c.category == category)
        .filter_map(|c| match (&c.area, quartiers) {
            (CellArea::Arrondissement(code), false) | (CellArea::Quartier(code), true) => {
                Some((code.clone(), c))
            }
            _ => None,
        })
        .collect();
    assert_eq!(cells.len(), if quartiers { 111 } else { 16 });
    let rows = section.matches("<tr><th scope=\"row\">").count();
    assert_eq!(rows, cells.len());
    let mut hidden = 0;
    for (code, cell) in &cells {
        let name = areas
            .district(code)
            .map(|d| d.name.clone())
            .or_else(|| areas.neighbourhood(code).map(|n| n.name.clone()))
            .unwrap();
        let shown = if cell.suppressed {
            hidden += 1;
            assert!(cell.count.is_none());
            "< 5".to_owned()
        } else {
            cell.count.unwrap().to_string()
        };
        let row = format!("<tr><th scope=\"row\">{name}</th><td>{code}</td><td");
        let at = section
            .find(&row)
            .unwrap_or_else(|| panic!("no row for {name}"));
        let cell_html = &section[at + row.len()..];
        let text = cell_html
            .split_once('>')
            .unwrap()
            .1
            .split("</td>")
            .next()
            .unwrap();
        assert_eq!(text, shown, "{name}");
        let title = if cell.suppressed {
            format!("<title>{name}: < 5, non publié</title>")
        } else {
            format!("<title>{name}: {shown}</title>")
        };
        assert!(section.contains(&title), "{title}");
    }
    assert_eq!(section.matches(": < 5, non publié</title>").count(), hidden);
}

async fn empty_state(base: &str) {
    for (path, text) in [
        ("/observatoire", "Aucune édition publiée pour l'instant"),
        ("/en/observatoire", "No edition published yet"),
        (
            "/observatoire/editions",
            "La première édition n'est pas encore parue",
        ),
        ("/observatoire/methodologie", "Seuil de publication"),
        ("/observatoire/donnees", "area_code"),
    ] {
        let r = get(base, path, None).await;
        assert_eq!(r.status.as_u16(), 200, "{path}");
        assert!(unescape(&r.body).contains(text), "{path}: {}", r.body);
        assert_accessible_and_self_contained(&r.body, path);
    }
    let r = get(base, "/observatoire?edition=2026-01.1", None).await;
    assert_eq!(r.status.as_u16(), 404);
}

async fn dashboard(base: &str, s: &Seeded, areas: &AreaList) -> usize {
    let snap = s.latest();
    let r = get(base, "/observatoire", None).await;
    r.assert_french_page("dashboard");
    assert_eq!(r.status.as_u16(), 200);
    let size = r.body.len();
    assert_accessible_and_self_contained(&r.body, "/observatoire");
    assert_no_outside_url(&r.body, "/observatoire");
    let html = unescape(&r.body);
    assert_eq!(r.body.matches("<svg").count(), 3, "series, bars, map");
    let total = snap.latest().unwrap().cell(&CellArea::City, None).unwrap();
    let total = total.count.unwrap();
    assert!(html.contains(&format!(
        "<span class=\"obs-total-value\" id=\"obs-total\">{total}</span>"
    )));
    assert!(html.contains(&format!("Chiffres clés, {}", month_fr(snap.period))));
    assert!(html.contains(&format!("Édition {}", snap.id)));
    assert!(html.contains(CHANGELOG), "the correction is said");
    assert!(html.contains("Que signifie « < 5 » ?"));
    assert!(html.contains("Contours : IGN / INSEE"));
    assert!(html.contains("Trafic de stupéfiants (Mis en cause)"));
    assert!(html.contains(&format!("/api/v1/editions/{}/series.csv", snap.id)));
    assert_map_matches(&html, snap, areas, snap.period, None, false);
    assert_charts_match(&html, snap, snap.period, None);
    // Homicides: the small cell is "< 5" in the key figures, the map and its table. Quartiers of
    // one category: not published, and said so.
    for (query, says, category) in [
        (
            "category=homicide",
            "<tr><th scope=\"row\">Homicides liés au trafic</th><td class=\"obs-suppressed\">< 5</td>",
            IncidentCategory::Homicide,
        ),
        (
            "level=quartier&category=deal_point",
            "Les chiffres par quartier sont publiés seulement pour l'ensemble des catégories",
            IncidentCategory::DealPoint,
        ),
    ] {
        let html = shown(base, &format!("/observatoire?{query}")).await;
        assert!(html.contains(says), "{query}");
        assert_map_matches(&html, snap, areas, snap.period, Some(category), false);
        if category == IncidentCategory::Homicide {
            assert_charts_match(&html, snap, snap.period, Some(category));
        }
    }

    // Quartiers (all categories only), another month, another edition.
    let m1 = s.months[1];
    let html = shown(
        base,
        &format!("/observatoire?month={m1}&category=total&level=quartier"),
    )
    .await;
    assert!(html.contains(&format!("Chiffres clés, {}", month_fr(m1))));
    assert_map_matches(&html, snap, areas, m1, None, true);
    assert!(!html.contains("Les chiffres par quartier sont publiés seulement"));
    let first = s.first();
    let html = shown(base, &format!("/observatoire?edition={}&foo=bar", first.id)).await;
    assert!(html.contains("Vous consultez une édition antérieure."));
    assert!(html.contains(&format!("Voir l'édition la plus récente ({})", snap.id)));
    assert!(html.contains(&format!("name=\"edition\" value=\"{}\"", first.id)));
    assert_map_matches(&html, first, areas, first.period, None, false);

    // English.
    let r = get(base, "/en/observatoire?category=seizure", None).await;
    assert_eq!(r.status.as_u16(), 200);
    r.assert_shows(&[
        "<html lang=\"en\"",
        "Key figures",
        "Month by month: Seizures (drugs, weapons, assets)",
    ]);
    assert_accessible_and_self_contained(&r.body, "/en/observatoire");
    assert_no_outside_url(&r.body, "/en/observatoire");
    size
}

async fn refusals(base: &str, s: &Seeded) {
    let before = s.months[0].previous();
    for (query, parameter, allowed) in [
        (
            format!("month={before}"),
            "month",
            format!("{} – {}", s.months[0], s.months[2]),
        ),
        ("month=2026-3".to_owned(), "month", "YYYY-MM".to_owned()),
        (
            "category=drugs".to_owned(),
            "category",
            "total, deal_point".to_owned(),
        ),
        (
            "level=city".to_owned(),
            "level",
            "arrondissement, quartier".to_owned(),
        ),
        (
            "level=quartier&level=quartier".to_owned(),
            "level",
            String::new(),
        ),
    ] {
        for prefix in ["", "/en"] {
            let r = get(base, &format!("{prefix}/observatoire?{query}"), None).await;
            assert_eq!(r.status.as_u16(), 400, "{query}");
            assert!(r.header("content-type").unwrap().starts_with("text/html"));
            let html = unescape(&r.body);
            assert!(
                html.contains(&format!("« {parameter} »"))
                    || html.contains(&format!("“{parameter}”")),
                "{query}: {html}"
            );
            assert!(html.contains(&allowed), "{query}: {allowed}");
        }
    }
    for path in [
        "/observatoire?edition=1999-01.1",
        "/en/observatoire?edition=x",
    ] {
        let r = get(base, path, None).await;
        assert_eq!(r.status.as_u16(), 404, "{path}");
    }
}

async fn text_pages(base: &str, s: &Seeded) {
    let r = get(base, "/observatoire/editions", None).await;
    assert_eq!(r.status.as_u16(), 200);
    assert_accessible_and_self_contained(&r.body, "editions");
    let html = unescape(&r.body);
    for e in &s.editions {
        assert!(html.contains(&format!(
            "<a href=\"/observatoire?edition={}\">{}</a>",
            e.id, e.id
        )));
        assert!(html.contains(&format!("/api/v1/editions/{}/areas.geojson", e.id)));
    }
    assert!(html.contains(&format!(
        "Corrige l'édition {} : {CHANGELOG}",
        s.editions[2].id
    )));
    let newest = html.find(&s.latest().id).unwrap();
    assert!(newest < html.find(&format!("edition={}\"", s.first().id)).unwrap());

    let r = get(base, "/observatoire/methodologie", None).await;
    assert_accessible_and_self_contained(&r.body, "methodology");
    let html = unescape(&r.body);
    assert!(html.contains("moins de 5 faits"));
    assert!(html.contains("Ce qui n'est jamais publié"));
    assert!(html.contains("Homicides liés au trafic <code>homicide</code>"));

    let r = get(base, "/observatoire/donnees", None).await;
    assert_accessible_and_self_contained(&r.body, "data");
    let html = unescape(&r.body);
    for needle in [
        "<code>area_level</code>",
        "<code>suppressed</code>",
        "<code>deal_point_closure</code>",
        "<code>13216</code>",
        "<code>1320101</code>",
        "Licence Ouverte / Etalab 2.0",
        "/api/openapi.json",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(html.contains(&format!("/api/v1/editions/{}/series.csv", s.latest().id)));
    for path in [
        "/en/observatoire/editions",
        "/en/observatoire/methodologie",
        "/en/observatoire/donnees",
    ] {
        let r = get(base, path, None).await;
        assert_eq!(r.status.as_u16(), 200, "{path}");
        assert!(r.body.contains("<html lang=\"en\""), "{path}");
        assert!(!r.body.contains(">obs-"), "{path}: an untranslated key");
    }
    let r = get(base, "/static/observatory.css", None).await;
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    let home = get(base, "/", None).await;
    assert!(home.body.contains("href=\"/observatoire\""));
}

/// The observatory and its data are gzipped for clients that ask; pages with a form token never are
/// (a compression side channel needs a secret in the response).
async fn compression(base: &str, s: &Seeded) {
    let c = reqwest::Client::new();
    let fetch = |path: String| {
        let c = c.clone();
        async move {
            let r = c
                .get(format!("{base}{path}"))
                .header("accept-encoding", "gzip")
                .send()
                .await
                .unwrap();
            let encoding = r
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap_or("").to_owned());
            (encoding, r.bytes().await.unwrap().len())
        }
    };
    let plain = get(base, "/observatoire", None).await.body.len();
    let (encoding, size) = fetch("/observatoire".into()).await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(size * 2 < plain, "gzip {size} vs {plain}");
    let csv = format!("/api/v1/editions/{}/series.csv", s.latest().id);
    assert_eq!(fetch(csv).await.0.as_deref(), Some("gzip"));
    for with_token in ["/signaler", "/suivi", "/espace/connexion"] {
        assert_eq!(fetch(with_token.into()).await.0, None, "{with_token}");
    }
}

#[tokio::test]
async fn the_observatory_pages() {
    for s in servers().await {
        empty_state(&s.base).await;
        let seeded = seed(&s.app).await;
        let areas = s.app.settings().areas.clone();
        let size = dashboard(&s.base, &seeded, &areas).await;
        eprintln!("/observatoire: {size} bytes ({})", s.backend());
        refusals(&s.base, &seeded).await;
        text_pages(&s.base, &seeded).await;
        compression(&s.base, &seeded).await;
    }
}
