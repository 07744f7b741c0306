//! `/observatoire/accompagnement`: the yearly casework figures, their own release stream beside the
//! monthly editions (city-level, only the people who consented to publication, every figure through
//! the disclosure control). Each figure is an SVG bar chart where it helps, a sentence and a table;
//! no script. It reads published releases only, never a file.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::casework::PublishedYear;
use vigie_domain::casefile::{AgeBand, PersonRole, Sex};
use vigie_domain::help::Need;
use vigie_domain::indicators::{COUNTED_EVENTS, SupportLevel, YearFigures};
use vigie_domain::partner::PartnerKind;
use vigie_observatory::bar_chart;
use vigie_observatory::svg::{Bar, ChartText};

use super::figures::{Cell, Figure, TableRow};
use super::releases::{self, Chosen};
use super::text::value;
use super::{NavLink, read_failed, subnav};
use crate::Lang;
use crate::layout::PageCtx;
use crate::staff::casework::code_name;
use crate::staff::render;
use crate::state::AppState;

const PATH: &str = "/observatoire/accompagnement";

#[derive(Template)]
#[template(path = "observatory/casework.html")]
struct CaseworkPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    year: Option<i32>,
    headline: String,
    k: u32,
    figures: Vec<Figure>,
    years: Vec<NavLink>,
    files: Vec<NavLink>,
}

/// The label of `key` in a figure of `measure` broken down by `breakdown`.
fn key_label(lang: Lang, measure: &str, breakdown: &str, key: &str) -> String {
    let prefix = match (measure, breakdown) {
        (_, "role") => "file-role",
        (_, "age_band") => "file-age",
        (_, "sex") => "file-sex",
        (_, "level") => "file-report-level",
        (_, "need") => "help-need",
        ("interviews", _) => "file-event",
        _ => "staff-partner-kind",
    };
    code_name(lang, prefix, key)
}

/// One value of a release: `Some(None)` when suppressed.
fn get(f: &YearFigures, measure: &str, breakdown: &str, key: &str) -> Option<Option<u64>> {
    f.get(measure, breakdown, key)
        .map(|x| if x.suppressed { None } else { x.count })
}

fn cell(lang: Lang, v: Option<Option<u64>>, k: u32) -> Cell {
    let v = v.flatten();
    Cell {
        text: value(lang, v, k),
        suppressed: v.is_none(),
    }
}

/// The sentence under a figure: how many of its cells are suppressed below `k`.
fn summary(lang: Lang, hidden: usize, k: u32) -> String {
    lang.t_args(
        "obs-cw-summary",
        &[("hidden", hidden.to_string()), ("k", k.to_string())],
    )
}

/// A figure of the release `f` without a chart: its caption and summary, its table.
fn table_figure(
    lang: Lang,
    f: &YearFigures,
    (id, title): (String, String),
    hidden: usize,
    (columns, rows): (Vec<String>, Vec<TableRow>),
) -> Figure {
    Figure {
        id,
        caption: lang.t_args(
            "obs-cw-caption",
            &[("title", title.clone()), ("year", f.year.to_string())],
        ),
        title,
        svg: String::new(),
        summary: summary(lang, hidden, f.k),
        notice: None,
        columns,
        rows,
        note: None,
    }
}

/// A figure of one measure by one breakdown over `keys`: bars (when `chart`), a sentence, a table.
fn by_key(
    lang: Lang,
    f: &YearFigures,
    (measure, breakdown, keys): (&str, &str, &[&str]),
    (id, chart): (&str, bool),
) -> Figure {
    let k = f.k;
    let values: Vec<(String, Option<Option<u64>>)> = keys
        .iter()
        .map(|key| {
            (
                key_label(lang, measure, breakdown, key),
                get(f, measure, breakdown, key),
            )
        })
        .collect();
    let hidden = values.iter().filter(|(_, v)| v.flatten().is_none()).count();
    let title = lang.t(&format!("obs-cw-{id}-title"));
    let svg = if chart {
        let bars: Vec<Bar> = values
            .iter()
            .map(|(label, v)| Bar {
                label: label.clone(),
                value: v.flatten(),
            })
            .collect();
        let text = ChartText {
            title: title.clone(),
            desc: summary(lang, hidden, k),
            title_id: format!("obs-cw-{id}-svg-title"),
            desc_id: format!("obs-cw-{id}-svg-desc"),
            suppressed_label: lang.t_args("obs-suppressed-label", &[("k", k.to_string())]),
        };
        bar_chart(&bars, k, &text)
    } else {
        String::new()
    };
    let columns = vec![lang.t(&format!("obs-cw-{id}-col")), lang.t("obs-cw-count")];
    let rows = values
        .into_iter()
        .map(|(head, v)| TableRow {
            head,
            cells: vec![cell(lang, v, k)],
        })
        .collect();
    let table = table_figure(
        lang,
        f,
        (format!("obs-cw-{id}"), title),
        hidden,
        (columns, rows),
    );
    Figure { svg, ..table }
}

/// Referrals made and completed, by kind of partner.
fn referrals(lang: Lang, f: &YearFigures) -> Figure {
    let k = f.k;
    let title = lang.t("obs-cw-referrals-title");
    let kinds: Vec<&str> = PartnerKind::ALL.iter().map(|p| p.as_str()).collect();
    let mut hidden = 0;
    let rows = kinds
        .iter()
        .map(|kind| TableRow {
            head: key_label(lang, "referrals_made", "kind", kind),
            cells: ["referrals_made", "referrals_completed"]
                .iter()
                .map(|m| {
                    let v = get(f, m, "kind", kind);
                    if v.flatten().is_none() {
                        hidden += 1;
                    }
                    cell(lang, v, k)
                })
                .collect(),
        })
        .collect();
    let columns = vec![
        lang.t("staff-partner-kind"),
        lang.t("obs-cw-referrals-made"),
        lang.t("obs-cw-referrals-completed"),
    ];
    let id = ("obs-cw-referrals".to_owned(), title);
    table_figure(lang, f, id, hidden, (columns, rows))
}

/// Safety plans, court cases, group sessions and attendance.
fn activity(lang: Lang, f: &YearFigures) -> Figure {
    let k = f.k;
    let title = lang.t("obs-cw-activity-title");
    let measures = [
        "safety_plans",
        "court_cases",
        "group_sessions",
        "group_attendance",
    ];
    let values: Vec<Option<Option<u64>>> =
        measures.iter().map(|m| get(f, m, "total", "")).collect();
    let hidden = values.iter().filter(|v| v.flatten().is_none()).count();
    let columns = vec![lang.t("obs-cw-activity-col"), lang.t("obs-cw-count")];
    let rows = measures
        .iter()
        .zip(values)
        .map(|(m, v)| TableRow {
            head: lang.t(&format!("obs-cw-measure-{}", m.replace('_', "-"))),
            cells: vec![cell(lang, v, k)],
        })
        .collect();
    let id = ("obs-cw-activity".to_owned(), title);
    table_figure(lang, f, id, hidden, (columns, rows))
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// Every figure of a release, in the page's order.
fn figures(lang: Lang, f: &YearFigures) -> Vec<Figure> {
    let roles = codes(PersonRole::ALL, PersonRole::as_str);
    let ages = codes(AgeBand::ALL, AgeBand::as_str);
    let sexes = codes(Sex::ALL, Sex::as_str);
    let levels = codes(SupportLevel::ALL, SupportLevel::as_str);
    let needs = codes(Need::ALL, Need::as_str);
    let events = codes(COUNTED_EVENTS, vigie_domain::casefile::EventKind::as_str);
    vec![
        by_key(lang, f, ("people", "role", &roles), ("role", true)),
        by_key(
            lang,
            f,
            ("support_level", "level", &levels),
            ("level", true),
        ),
        by_key(lang, f, ("people", "age_band", &ages), ("age", true)),
        by_key(lang, f, ("people", "sex", &sexes), ("sex", true)),
        by_key(lang, f, ("needs", "need", &needs), ("needs", true)),
        by_key(
            lang,
            f,
            ("interviews", "kind", &events),
            ("interviews", true),
        ),
        referrals(lang, f),
        activity(lang, f),
    ]
}

/// `GET /observatoire/accompagnement[?annee=2025]`: the newest year's release, or the one asked
/// for (404 for a year without one).
pub(crate) async fn show(State(state): State<AppState>, lang: Lang, query: RawQuery) -> Response {
    let releases: Vec<PublishedYear> = match state.app.casework_releases().await {
        Ok(r) => r,
        Err(e) => return read_failed(&state, lang, &e),
    };
    let chosen = releases::chosen(
        (&state, lang),
        (PATH, "annee"),
        &query,
        &releases,
        (|r: &PublishedYear| r.figures.year, i32::to_string),
    );
    let Chosen {
        release,
        links: years,
    } = match chosen {
        Ok(c) => c,
        Err(page) => return page.into_response(),
    };
    let (year, total, k, figs, files) = match release {
        Some(r) => {
            let f = &r.figures;
            let y = f.year;
            (
                Some(y),
                lang.t_args(
                    "obs-cw-total",
                    &[
                        ("year", y.to_string()),
                        (
                            "count",
                            value(lang, get(f, "people", "total", "").flatten(), f.k),
                        ),
                    ],
                ),
                f.k,
                figures(lang, f),
                releases::files(lang, ("accompagnement", &y), "obs-cw"),
            )
        }
        None => (
            None,
            String::new(),
            state.app.settings().observatory.k,
            Vec::new(),
            Vec::new(),
        ),
    };
    let page = CaseworkPage {
        ctx: PageCtx::titled(lang, &state.web, "obs-cw-title", PATH),
        nav: subnav(lang, PATH),
        year,
        headline: total,
        k,
        figures: figs,
        years,
        files,
    };
    render(&page, StatusCode::OK, lang)
}
