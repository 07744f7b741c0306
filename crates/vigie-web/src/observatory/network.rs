//! `/reseau`: the network's figures (issue 14, item 3). Each member city's published city-level
//! figures side by side, by category and month, with rates per 10,000 inhabitants (INSEE's legal
//! populations, shipped with vigie) and the network's totals; a chart per figure, its sentence and
//! its table; no script. On an instance that is not a hub, the city's own figures, saying so: the
//! address is public (a reader following a link from another city's site finds a page that tells
//! what it is), and a 404 would read as a broken link.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use vigie_domain::observatory::{IncidentCategory, Month};
use vigie_observatory::line_chart;
use vigie_observatory::network::{
    Figure as Fig, Network, NetworkMonth, POPULATION_SOURCE, Row, Total, rate,
};
use vigie_observatory::svg::{ChartSeries, ChartText};

use super::figures::{Cell, Figure, TableRow};
use super::text::{category_label, count, month_label, value};
use super::{NavLink, read_failed, subnav};
use crate::Lang;
use crate::layout::PageCtx;
use crate::staff::render;
use crate::state::AppState;

const PATH: &str = "/reseau";

/// A member as the page lists it.
struct MemberLine {
    name: String,
    insee: String,
    edition: String,
    k: u32,
    population: String,
}

#[derive(Template)]
#[template(path = "observatory/network.html")]
struct NetworkPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    hub: bool,
    city: String,
    members: Vec<MemberLine>,
    category_links: Vec<NavLink>,
    figures: Vec<Figure>,
    withheld: Option<String>,
    population_source: &'static str,
}

fn plain(text: String) -> Cell {
    Cell {
        text,
        suppressed: false,
    }
}

/// A rate per 10,000 inhabitants, two decimals, in the reader's language.
fn rate_text(lang: Lang, r: f64) -> String {
    let s = format!("{r:.2}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En | Lang::Ar => s,
    }
}

/// A member's figure: its count (or `< k`) and its rate when published and the population known.
fn member_cell(lang: Lang, f: Fig, k: u32, population: Option<u64>) -> Cell {
    match f {
        Fig::Count(n) => plain(match population.and_then(|p| rate(n, p)) {
            Some(r) => format!("{} ({})", count(lang, n), rate_text(lang, r)),
            None => count(lang, n),
        }),
        Fig::Suppressed => Cell {
            text: value(lang, None, k),
            suppressed: true,
        },
        Fig::Absent => plain("—".into()),
    }
}

/// The network's total: the count (and rate), or "≥ n" when a part is suppressed.
fn total_cell(lang: Lang, n: &Network, row: &Row) -> Cell {
    match row.total {
        Total::Count(c) => plain(match n.total_rate(row) {
            Some(r) => format!("{} ({})", count(lang, c), rate_text(lang, r)),
            None => count(lang, c),
        }),
        Total::AtLeast(a) => Cell {
            text: lang.t_args("net-at-least", &[("count", count(lang, a))]),
            suppressed: true,
        },
        Total::None => plain("—".into()),
    }
}

/// Columns: the row header's, each member, the network.
fn columns(lang: Lang, n: &Network, first: &str) -> Vec<String> {
    std::iter::once(lang.t(first))
        .chain(n.members.iter().map(|m| m.name.clone()))
        .chain([lang.t("net-col-network")])
        .collect()
}

fn cells_of(lang: Lang, n: &Network, row: &Row) -> Vec<Cell> {
    row.members
        .iter()
        .zip(&n.members)
        .map(|(f, m)| member_cell(lang, *f, m.k, m.population))
        .chain([total_cell(lang, n, row)])
        .collect()
}

fn row_of(m: &NetworkMonth, category: Option<IncidentCategory>) -> Option<&Row> {
    m.rows.iter().find(|r| r.category == category)
}

/// One category over every month: a line per member, the table month by month.
fn by_month(lang: Lang, n: &Network, category: Option<IncidentCategory>) -> Figure {
    let name = category_label(lang, category);
    let title = lang.t_args("net-months-title", &[("category", name.clone())]);
    let series: Vec<ChartSeries> = n
        .members
        .iter()
        .enumerate()
        .map(|(j, member)| ChartSeries {
            name: member.name.clone(),
            points: n
                .months
                .iter()
                .filter_map(|m| {
                    let f = row_of(m, category)?.members.get(j).copied()?;
                    (f != Fig::Absent).then_some((m.month, f.count()))
                })
                .collect(),
        })
        .collect();
    let summary = lang.t_args(
        "net-months-summary",
        &[
            ("category", name.clone()),
            ("members", n.members.len().to_string()),
            ("months", n.months.len().to_string()),
        ],
    );
    let text = ChartText {
        title: title.clone(),
        desc: summary.clone(),
        title_id: "net-months-svg-title".into(),
        desc_id: "net-months-svg-desc".into(),
        suppressed_label: lang.t("net-suppressed-label"),
    };
    Figure {
        id: "net-months".into(),
        svg: if n.months.is_empty() {
            String::new()
        } else {
            line_chart(&series, &text)
        },
        title,
        summary,
        notice: None,
        caption: lang.t_args("net-months-caption", &[("category", name)]),
        columns: columns(lang, n, "obs-col-month"),
        rows: n
            .months
            .iter()
            .filter_map(|m| {
                Some(TableRow {
                    head: month_label(lang, m.month),
                    cells: cells_of(lang, n, row_of(m, category)?),
                })
            })
            .collect(),
        note: Some(lang.t("net-rate-note")),
    }
}

/// One month, every category: the members side by side.
fn by_category(lang: Lang, n: &Network, m: &NetworkMonth) -> Figure {
    let label = month_label(lang, m.month);
    Figure {
        id: "net-categories".into(),
        title: lang.t_args("net-categories-title", &[("month", label.clone())]),
        svg: String::new(),
        summary: lang.t_args("net-categories-summary", &[("month", label.clone())]),
        notice: None,
        caption: lang.t_args("net-categories-caption", &[("month", label)]),
        columns: columns(lang, n, "obs-col-category"),
        rows: m
            .rows
            .iter()
            .map(|r| TableRow {
                head: category_label(lang, r.category),
                cells: cells_of(lang, n, r),
            })
            .collect(),
        note: Some(lang.t("net-rate-note")),
    }
}

/// The category asked for (`?category=CODE`, `total` or nothing: every category together);
/// anything else is every category together too (a link's typo shows the whole).
fn chosen(query: Option<&str>) -> Option<IncidentCategory> {
    query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("category="))
        .and_then(|c| c.parse().ok())
}

/// `GET /reseau`.
pub(crate) async fn show(
    State(state): State<AppState>,
    lang: Lang,
    RawQuery(query): RawQuery,
) -> Response {
    let (n, hub) = match crate::api::network::network(&state).await {
        Ok(n) => n,
        Err(e) => return read_failed(&state, lang, &e),
    };
    let category = chosen(query.as_deref());
    let mut figures = vec![by_month(lang, &n, category)];
    if let Some(latest) = n.months.last() {
        figures.push(by_category(lang, &n, latest));
    }
    let links = std::iter::once(None)
        .chain(IncidentCategory::ALL.iter().copied().map(Some))
        .map(|c| NavLink {
            href: match c {
                Some(c) => format!("{}?category={}", lang.path(PATH), c.as_str()),
                None => lang.path(PATH),
            },
            label: category_label(lang, c),
            current: c == category,
        })
        .collect();
    let members = n
        .members
        .iter()
        .map(|m| MemberLine {
            name: m.name.clone(),
            insee: m.insee.clone(),
            edition: m
                .edition
                .clone()
                .unwrap_or_else(|| lang.t("net-no-edition")),
            k: m.k,
            population: match (m.population, m.fictional) {
                (Some(p), false) => count(lang, p),
                (Some(p), true) => {
                    lang.t_args("net-population-fictional", &[("count", count(lang, p))])
                }
                (None, _) => lang.t("net-population-unknown"),
            },
        })
        .collect();
    let withheld = (!n.withheld.is_empty()).then(|| {
        let months: Vec<String> = n
            .withheld
            .iter()
            .map(|m: &Month| month_label(lang, *m))
            .collect();
        lang.t_args("net-withheld", &[("months", months.join(", "))])
    });
    let page = NetworkPage {
        ctx: PageCtx::titled(lang, &state.web, "net-title", PATH),
        nav: subnav(lang, PATH),
        hub,
        city: state.app.city().name.clone(),
        members,
        category_links: links,
        figures,
        withheld,
        population_source: POPULATION_SOURCE,
    };
    render(&page, StatusCode::OK, lang)
}
