//! The dashboard's figures, each an SVG (or none), a one-sentence summary and its table: key figures,
//! the monthly series, one month by category, the map, and the official context series. Built from
//! one edition's snapshot only.

use vigie_domain::area::AreaList;
use vigie_domain::observatory::{
    CellArea, ContextSeries, EditionSnapshot, IncidentCategory, Month, MonthRelease,
};
use vigie_observatory::svg::{Bar, ChartSeries, ChartText, MapText, MapValue};
use vigie_observatory::{MapData, MapLevel, bar_chart, choropleth, line_chart};

use super::text::{area_name, category_label, change, count, level_plural, month_label, value};
use crate::Lang;

/// One cell of a table.
pub(crate) struct Cell {
    /// Shown text (`< 5` when suppressed).
    pub text: String,
    /// Suppressed: styled apart (the text says it too).
    pub suppressed: bool,
}

/// One row of a table: its header cell, then its cells.
pub(crate) struct TableRow {
    /// The row header (`<th scope="row">`).
    pub head: String,
    /// The other cells.
    pub cells: Vec<Cell>,
}

/// A figure of the page: a heading, an optional SVG, a sentence, a table.
pub(crate) struct Figure {
    /// Id of the section's heading.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Inline SVG (empty: no chart).
    pub svg: String,
    /// What it shows, in one sentence.
    pub summary: String,
    /// A remark shown before the chart (the map's level, for instance).
    pub notice: Option<String>,
    /// The table's caption.
    pub caption: String,
    /// Column headers, the row header's first.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<TableRow>,
    /// A line after the table (source, licence).
    pub note: Option<String>,
}

/// The city's published value of `category` in `release`: `Some(None)` when suppressed, `None`
/// when the release has no such cell.
pub(crate) fn city(
    release: &MonthRelease,
    category: Option<IncidentCategory>,
) -> Option<Option<u64>> {
    release
        .cell(&CellArea::City, category)
        .map(|c| if c.suppressed { None } else { c.count })
}

fn cell(lang: Lang, v: Option<u64>, k: u32) -> Cell {
    Cell {
        text: value(lang, v, k),
        suppressed: v.is_none(),
    }
}

/// The key figures of `month`: the city's total, then each category, with the month before.
pub(crate) fn key_figures(lang: Lang, snap: &EditionSnapshot, month: Month) -> Figure {
    let k = snap.k;
    let now = snap.month(month);
    let before = snap.month(month.previous());
    let (m, p) = (
        month_label(lang, month),
        month_label(lang, month.previous()),
    );
    let mut rows = Vec::new();
    let mut total = None;
    for category in std::iter::once(None).chain(IncidentCategory::ALL.iter().copied().map(Some)) {
        let Some(v) = now.and_then(|r| city(r, category)) else {
            continue;
        };
        let b = before.and_then(|r| city(r, category));
        let delta = match (v, b.flatten()) {
            (Some(n), Some(o)) => i64::try_from(n)
                .ok()
                .zip(i64::try_from(o).ok())
                .map(|(n, o)| n - o),
            _ => None,
        };
        if category.is_none() {
            total = Some((v, delta));
        }
        let mut cells = vec![cell(lang, v, k)];
        if before.is_some() {
            cells.push(b.map_or_else(|| cell(lang, None, k), |b| cell(lang, b, k)));
            cells.push(Cell {
                text: change(lang, delta),
                suppressed: false,
            });
        }
        rows.push(TableRow {
            head: category_label(lang, category),
            cells,
        });
    }
    let mut columns = vec![lang.t("obs-col-category"), m.clone()];
    if before.is_some() {
        columns.push(p.clone());
        columns.push(lang.t("obs-col-change"));
    }
    let summary = match total {
        Some((Some(n), Some(d))) if before.is_some() => lang.t_args(
            "obs-figures-summary-change",
            &[
                ("month", m.clone()),
                ("total", count(lang, n)),
                ("change", change(lang, Some(d))),
                ("previous", p),
            ],
        ),
        Some((Some(n), _)) => lang.t_args(
            "obs-figures-summary",
            &[("month", m.clone()), ("total", count(lang, n))],
        ),
        _ => lang.t_args(
            "obs-figures-summary-hidden",
            &[("month", m.clone()), ("k", k.to_string())],
        ),
    };
    Figure {
        id: "obs-figures".into(),
        title: lang.t_args("obs-figures-title", &[("month", m.clone())]),
        svg: String::new(),
        summary,
        notice: None,
        caption: lang.t_args("obs-figures-caption", &[("month", m)]),
        columns,
        rows,
        note: None,
    }
}

fn suppressed_label(lang: Lang, k: u32) -> String {
    lang.t_args("obs-suppressed-label", &[("k", k.to_string())])
}

/// The city's monthly series of `category` over every month of the edition, as a line chart.
pub(crate) fn series(
    lang: Lang,
    snap: &EditionSnapshot,
    category: Option<IncidentCategory>,
) -> Figure {
    let k = snap.k;
    let name = category_label(lang, category);
    let points: Vec<(Month, Option<u64>)> = snap
        .months
        .iter()
        .filter_map(|r| city(r, category).map(|v| (r.month, v)))
        .collect();
    let (first, last) = (
        points
            .first()
            .map(|p| month_label(lang, p.0))
            .unwrap_or_default(),
        points
            .last()
            .map(|p| month_label(lang, p.0))
            .unwrap_or_default(),
    );
    let published: Vec<u64> = points.iter().filter_map(|p| p.1).collect();
    let summary = match (
        published.iter().min(),
        published.iter().max(),
        points.last(),
    ) {
        (Some(lo), Some(hi), Some((_, latest))) => lang.t_args(
            "obs-series-summary",
            &[
                ("category", name.clone()),
                ("first", first.clone()),
                ("last", last.clone()),
                ("min", count(lang, *lo)),
                ("max", count(lang, *hi)),
                ("latest", value(lang, *latest, k)),
            ],
        ),
        _ => lang.t_args(
            "obs-series-summary-none",
            &[("category", name.clone()), ("first", first), ("last", last)],
        ),
    };
    let title = lang.t_args("obs-series-title", &[("category", name.clone())]);
    let text = ChartText {
        title: title.clone(),
        desc: summary.clone(),
        title_id: "obs-series-svg-title".into(),
        desc_id: "obs-series-svg-desc".into(),
        suppressed_label: suppressed_label(lang, k),
    };
    let svg = line_chart(
        &[ChartSeries {
            name: name.clone(),
            points: points.clone(),
        }],
        &text,
    );
    Figure {
        id: "obs-series".into(),
        title,
        svg,
        summary,
        notice: None,
        caption: lang.t_args("obs-series-caption", &[("category", name)]),
        columns: vec![lang.t("obs-col-month"), lang.t("obs-col-count")],
        rows: points
            .iter()
            .map(|(m, v)| TableRow {
                head: month_label(lang, *m),
                cells: vec![cell(lang, *v, k)],
            })
            .collect(),
        note: None,
    }
}

/// One month's city figures by category, as bars.
pub(crate) fn by_category(lang: Lang, snap: &EditionSnapshot, month: Month) -> Figure {
    let k = snap.k;
    let m = month_label(lang, month);
    let values: Vec<(IncidentCategory, Option<u64>)> = snap
        .month(month)
        .map(|r| {
            IncidentCategory::ALL
                .iter()
                .filter_map(|c| city(r, Some(*c)).map(|v| (*c, v)))
                .collect()
        })
        .unwrap_or_default();
    let hidden = values.iter().filter(|v| v.1.is_none()).count();
    let top = values
        .iter()
        .filter_map(|(c, v)| v.map(|n| (*c, n)))
        .max_by_key(|(_, n)| *n);
    let summary = match top {
        Some((c, n)) => lang.t_args(
            "obs-bars-summary",
            &[
                ("month", m.clone()),
                ("category", category_label(lang, Some(c))),
                ("count", count(lang, n)),
                ("hidden", hidden.to_string()),
                ("k", k.to_string()),
            ],
        ),
        None => lang.t_args(
            "obs-bars-summary-none",
            &[("month", m.clone()), ("k", k.to_string())],
        ),
    };
    let title = lang.t_args("obs-bars-title", &[("month", m.clone())]);
    let bars: Vec<Bar> = values
        .iter()
        .map(|(c, v)| Bar {
            label: category_label(lang, Some(*c)),
            value: *v,
        })
        .collect();
    let text = ChartText {
        title: title.clone(),
        desc: summary.clone(),
        title_id: "obs-bars-svg-title".into(),
        desc_id: "obs-bars-svg-desc".into(),
        suppressed_label: suppressed_label(lang, k),
    };
    Figure {
        id: "obs-bars".into(),
        title,
        svg: bar_chart(&bars, k, &text),
        summary,
        notice: None,
        caption: lang.t_args("obs-bars-caption", &[("month", m)]),
        columns: vec![lang.t("obs-col-category"), lang.t("obs-col-count")],
        rows: values
            .iter()
            .map(|(c, v)| TableRow {
                head: category_label(lang, Some(*c)),
                cells: vec![cell(lang, *v, k)],
            })
            .collect(),
        note: None,
    }
}

/// What the map shows.
pub(crate) struct MapChoice {
    /// The month.
    pub month: Month,
    /// The category (`None`: every category together).
    pub category: Option<IncidentCategory>,
    /// The level drawn.
    pub level: MapLevel,
    /// Set when the reader asked for quartiers with a category (quartiers are published for every
    /// category together only): the map falls back to arrondissements and says so.
    pub notice: Option<String>,
}

/// The choropleth of one month.
pub(crate) fn map(
    lang: Lang,
    snap: &EditionSnapshot,
    areas: &AreaList,
    geo: Option<&MapData>,
    choice: &MapChoice,
) -> Figure {
    let k = snap.k;
    let m = month_label(lang, choice.month);
    let name = category_label(lang, choice.category);
    let level = level_plural(lang, choice.level);
    let values = map_values(snap, choice);
    let summary = map_summary(lang, areas, k, &values, [&level, &name, &m]);
    let title = lang.t_args(
        "obs-map-title",
        &[("level", level), ("category", name), ("month", m.clone())],
    );
    let svg = geo.map_or_else(String::new, |geo| {
        let text = map_text(lang, &title, &summary, k, &m);
        let shown: Vec<(String, MapValue)> = values
            .iter()
            .map(|(code, v)| {
                (
                    code.clone(),
                    v.map_or(MapValue::Suppressed, MapValue::Count),
                )
            })
            .collect();
        choropleth(geo, choice.level, &shown, &text)
    });
    Figure {
        id: "obs-map".into(),
        title,
        svg,
        summary,
        notice: choice.notice.clone(),
        caption: lang.t_args("obs-map-caption", &[("month", m)]),
        columns: vec![
            lang.t("obs-col-area"),
            lang.t("obs-col-code"),
            lang.t("obs-col-count"),
        ],
        rows: map_rows(lang, areas, &values, k),
        note: Some(lang.t("obs-map-attribution")),
    }
}

/// The map's areas with their published count (`None` when suppressed): the cells of the chosen
/// month, category and level, in the snapshot's order. The chart, the sentence and the table all
/// read them.
fn map_values(snap: &EditionSnapshot, choice: &MapChoice) -> Vec<(String, Option<u64>)> {
    snap.month(choice.month)
        .map(|r| {
            r.cells
                .iter()
                .filter(|c| c.category == choice.category)
                .filter_map(|c| match (&c.area, choice.level) {
                    (CellArea::Arrondissement(code), MapLevel::Arrondissement)
                    | (CellArea::Quartier(code), MapLevel::Quartier) => {
                        Some((code.clone(), if c.suppressed { None } else { c.count }))
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The map's sentence: the area with the highest count and how many are hidden, or only the
/// hidden ones when no count is published. The three words are the level, the category and the
/// month, as the title says them.
fn map_summary(
    lang: Lang,
    areas: &AreaList,
    k: u32,
    values: &[(String, Option<u64>)],
    [level, name, m]: [&String; 3],
) -> String {
    let hidden = values.iter().filter(|v| v.1.is_none()).count();
    let top = values
        .iter()
        .filter_map(|(a, v)| v.map(|n| (a, n)))
        .max_by_key(|(_, n)| *n);
    let common = [
        ("level", level.clone()),
        ("category", name.clone()),
        ("month", m.clone()),
        ("hidden", hidden.to_string()),
        ("all", values.len().to_string()),
        ("k", k.to_string()),
    ];
    match top {
        Some((code, n)) => {
            let mut args = common.to_vec();
            args.push(("area", area_name(areas, code)));
            args.push(("count", count(lang, n)));
            lang.t_args("obs-map-summary", &args)
        }
        None => lang.t_args("obs-map-summary-none", &common),
    }
}

/// The map's texts: its title and sentence for screen readers, its legend and attribution.
fn map_text(lang: Lang, title: &str, summary: &str, k: u32, m: &str) -> MapText {
    MapText {
        title: title.to_owned(),
        desc: summary.to_owned(),
        title_id: "obs-map-svg-title".into(),
        desc_id: "obs-map-svg-desc".into(),
        legend_title: lang.t_args("obs-map-legend", &[("month", m.to_owned())]),
        suppressed_label: suppressed_label(lang, k),
        no_data_label: lang.t("obs-map-no-data"),
        attribution: lang.t("obs-map-attribution"),
    }
}

/// The map's table: an area's name, its code and its count (`< k` when suppressed), so that the
/// figures are readable without the chart.
fn map_rows(
    lang: Lang,
    areas: &AreaList,
    values: &[(String, Option<u64>)],
    k: u32,
) -> Vec<TableRow> {
    values
        .iter()
        .map(|(code, v)| TableRow {
            head: area_name(areas, code),
            cells: vec![
                Cell {
                    text: code.clone(),
                    suppressed: false,
                },
                cell(lang, *v, k),
            ],
        })
        .collect()
}

/// The official series, compactly: each one's latest year, the year before and the change. (Their
/// full points are in the edition's metadata, `/api/v1/editions/{id}`.)
pub(crate) fn context(lang: Lang, series: &[ContextSeries]) -> Option<Figure> {
    let first = series.first()?;
    let one_territory = series.iter().all(|s| s.territory == first.territory);
    let rows = series
        .iter()
        .filter_map(|s| {
            let last = s.points.last()?;
            let before = s.points.len().checked_sub(2).and_then(|i| s.points.get(i));
            let mut head = format!("{} ({})", s.indicator, s.unit);
            if !one_territory {
                head = format!("{head}, {}", s.territory);
            }
            let plain = |text: String| Cell {
                text,
                suppressed: false,
            };
            let delta = before.and_then(|b| {
                i64::try_from(last.value)
                    .ok()
                    .zip(i64::try_from(b.value).ok())
                    .map(|(l, b)| l - b)
            });
            Some(TableRow {
                head,
                cells: vec![
                    plain(last.year.to_string()),
                    plain(count(lang, last.value)),
                    plain(before.map_or_else(String::new, |b| count(lang, b.value))),
                    plain(change(lang, delta)),
                ],
            })
        })
        .collect::<Vec<_>>();
    let territory = if one_territory {
        first.territory.clone()
    } else {
        lang.t("obs-context-territories")
    };
    let mut sources: Vec<String> = Vec::new();
    for s in series {
        let line = format!("{} — {}", s.source, s.licence);
        if !sources.contains(&line) {
            sources.push(line);
        }
    }
    Some(Figure {
        id: "obs-context-table".into(),
        title: lang.t("obs-context-latest-title"),
        svg: String::new(),
        summary: lang.t_args(
            "obs-context-summary",
            &[
                ("count", rows.len().to_string()),
                ("territory", territory.clone()),
            ],
        ),
        notice: None,
        caption: lang.t_args("obs-context-caption", &[("territory", territory)]),
        columns: vec![
            lang.t("obs-col-indicator"),
            lang.t("obs-col-year"),
            lang.t("obs-col-value"),
            lang.t("obs-col-year-before"),
            lang.t("obs-col-change"),
        ],
        rows,
        note: Some(lang.t_args("obs-context-source", &[("source", sources.join(" ; "))])),
    })
}
