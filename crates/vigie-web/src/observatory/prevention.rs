//! `/observatoire/prevention`: the published prevention figures, their own release stream beside the
//! monthly incident editions and the yearly casework figures (young people reached, sessions
//! delivered, structures covered, by quarter or year, arrondissement and age band, every figure
//! through the disclosure control). Each figure is an SVG bar chart where it helps, a sentence and a
//! table; no script. It reads published releases only, never a session. The dashboard
//! (`/observatoire`) shows the newest release's headline ("N jeunes sensibilisés") with a link here
//! ([`headline`]).
//!
//! [`bar_figure`] is shared with the staff's printable report.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::prevention::PublishedPrevention;
use vigie_domain::prevention::{Period, PreventionFigures, YOUNG_BANDS};
use vigie_observatory::bar_chart;
use vigie_observatory::svg::{Bar, ChartText};

use super::figures::{Cell, Figure, TableRow};
use super::prevention_surveys::survey_figure;
use super::releases::{self, Chosen};
use super::text::value;
use super::{NavLink, read_failed, subnav};
use crate::Lang;
use crate::layout::PageCtx;
use crate::staff::casework::code_name;
use crate::staff::render;
use crate::state::AppState;

const PATH: &str = "/observatoire/prevention";

/// A period in words: `2025`, `3e trimestre 2025`.
pub(crate) fn period_label(lang: Lang, p: Period) -> String {
    match p {
        Period::Year(y) => y.to_string(),
        Period::Quarter(y, q) => lang.t_args(
            "obs-prev-quarter",
            &[("quarter", q.to_string()), ("year", y.to_string())],
        ),
    }
}

/// A figure of bars and their table: `rows` are (label, count; `None` when suppressed below `k`);
/// `(id, title, summary)` name it, `columns` head its table.
pub(crate) fn bar_figure(
    lang: Lang,
    (id, title, summary): (&str, String, String),
    k: u32,
    rows: Vec<(String, Option<u64>)>,
    columns: Vec<String>,
) -> Figure {
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(label, v)| Bar {
            label: label.clone(),
            value: *v,
        })
        .collect();
    let text = ChartText {
        title: title.clone(),
        desc: summary.clone(),
        title_id: format!("{id}-svg-title"),
        desc_id: format!("{id}-svg-desc"),
        suppressed_label: lang.t_args("obs-suppressed-label", &[("k", k.to_string())]),
    };
    Figure {
        id: id.to_owned(),
        caption: title.clone(),
        title,
        svg: bar_chart(&bars, k, &text),
        summary,
        notice: None,
        columns,
        rows: rows
            .into_iter()
            .map(|(head, v)| TableRow {
                head,
                cells: vec![cell(lang, v, k)],
            })
            .collect(),
        note: None,
    }
}

/// A published value as a table cell.
fn cell(lang: Lang, v: Option<u64>, k: u32) -> Cell {
    Cell {
        text: value(lang, v, k),
        suppressed: v.is_none(),
    }
}

/// The sentence under a figure: how many of its cells are suppressed below `k`.
fn hidden_summary(lang: Lang, hidden: usize, k: u32) -> String {
    lang.t_args(
        "obs-cw-summary",
        &[("hidden", hidden.to_string()), ("k", k.to_string())],
    )
}

/// An arrondissement's name.
fn district_name(state: &AppState, code: &str) -> String {
    super::text::area_name(&state.app.settings().areas, code)
}

/// Every figure of a release, in the page's order.
pub(crate) fn figures(state: &AppState, lang: Lang, f: &PreventionFigures) -> Vec<Figure> {
    let k = f.k;
    let get = |m: &str, b: &str, key: &str| f.value(m, b, key).flatten();
    let band_label = |b: &str| code_name(lang, "staff-prev-band", b);
    let bands: Vec<(String, Option<u64>)> = YOUNG_BANDS
        .iter()
        .map(|b| {
            (
                band_label(b.as_str()),
                get("young_people", "age_band", b.as_str()),
            )
        })
        .collect();
    let hidden = |rows: &[(String, Option<u64>)]| rows.iter().filter(|(_, v)| v.is_none()).count();
    let by_band = bar_figure(
        lang,
        (
            "obs-prev-age",
            lang.t("obs-prev-age-title"),
            hidden_summary(lang, hidden(&bands), k),
        ),
        k,
        bands,
        vec![lang.t("staff-prev-band"), lang.t("obs-prev-young-col")],
    );
    let codes = state.app.settings().areas.district_codes();
    let districts: Vec<(String, Option<u64>)> = codes
        .iter()
        .map(|d| (district_name(state, d), get("young_people", "district", d)))
        .collect();
    let mut by_district = bar_figure(
        lang,
        (
            "obs-prev-district",
            lang.t("obs-prev-district-title"),
            hidden_summary(lang, hidden(&districts), k),
        ),
        k,
        districts,
        vec![
            lang.t("obs-prev-district-col"),
            lang.t("obs-prev-young-col"),
            lang.t("obs-prev-sessions-col"),
            lang.t("obs-prev-structures-col"),
        ],
    );
    // The same rows, with the sessions and structures of each arrondissement.
    for (row, d) in by_district.rows.iter_mut().zip(&codes) {
        row.cells
            .push(cell(lang, get("sessions", "district", d), k));
        row.cells
            .push(cell(lang, get("structures", "district", d), k));
    }
    let mut hidden_cells = 0;
    let mut cross_rows = Vec::with_capacity(codes.len());
    for d in &codes {
        let cells: Vec<Cell> = YOUNG_BANDS
            .iter()
            .map(|b| {
                let v = get(
                    "young_people",
                    "district_age_band",
                    &format!("{d}/{}", b.as_str()),
                );
                hidden_cells += usize::from(v.is_none());
                cell(lang, v, k)
            })
            .collect();
        cross_rows.push(TableRow {
            head: district_name(state, d),
            cells,
        });
    }
    let mut columns = vec![lang.t("obs-prev-district-col")];
    columns.extend(YOUNG_BANDS.iter().map(|b| band_label(b.as_str())));
    let title = lang.t("obs-prev-cross-title");
    let cross = Figure {
        id: "obs-prev-cross".into(),
        caption: title.clone(),
        title,
        svg: String::new(),
        summary: hidden_summary(lang, hidden_cells, k),
        notice: None,
        columns,
        rows: cross_rows,
        note: None,
    };
    let totals = [
        ("sessions", "total", "", "obs-prev-measure-sessions"),
        ("structures", "total", "", "obs-prev-measure-structures"),
        ("structures", "qpv", "yes", "obs-prev-measure-qpv"),
        ("structures", "qpv", "no", "obs-prev-measure-not-qpv"),
    ];
    let total_rows: Vec<TableRow> = totals
        .iter()
        .map(|(m, b, key, label)| TableRow {
            head: lang.t(label),
            cells: vec![cell(lang, get(m, b, key), k)],
        })
        .collect();
    let title = lang.t("obs-prev-activity-title");
    let activity = Figure {
        id: "obs-prev-activity".into(),
        caption: title.clone(),
        title,
        svg: String::new(),
        summary: hidden_summary(
            lang,
            total_rows.iter().filter(|r| r.cells[0].suppressed).count(),
            k,
        ),
        notice: None,
        columns: vec![lang.t("obs-cw-activity-col"), lang.t("obs-cw-count")],
        rows: total_rows,
        note: None,
    };
    vec![by_band, by_district, cross, activity]
}

/// The headline of the newest release, for the dashboard's section.
pub(crate) struct Headline {
    /// "1 234 jeunes sensibilisés", or "< 5 ...".
    pub text: String,
    /// The period it covers, in words.
    pub period: String,
    /// The page of the figures.
    pub href: String,
}

/// The newest release's headline, `None` before the first (or when it cannot be read: the
/// dashboard shows the editions anyway, and the failure is logged).
pub(crate) async fn headline(state: &AppState, lang: Lang) -> Option<Headline> {
    let releases = state
        .app
        .prevention_releases()
        .await
        .map_err(|e| tracing::error!(error = %e, "prevention releases unreadable"))
        .ok()?;
    let newest = releases.first()?;
    let f = &newest.figures;
    Some(Headline {
        text: lang.t_args(
            "obs-prev-headline",
            &[("count", value(lang, f.young_people(), f.k))],
        ),
        period: period_label(lang, f.period),
        href: lang.path(PATH),
    })
}

#[derive(Template)]
#[template(path = "observatory/prevention.html")]
struct PreventionPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    shown: Option<String>,
    headline: String,
    k: u32,
    figures: Vec<Figure>,
    surveys: Option<Figure>,
    periods: Vec<NavLink>,
    files: Vec<NavLink>,
}

/// `GET /observatoire/prevention[?periode=2025-Q3]`: the newest release, or the one asked for (404
/// for a period without one).
pub(crate) async fn show(State(state): State<AppState>, lang: Lang, query: RawQuery) -> Response {
    let releases: Vec<PublishedPrevention> = match state.app.prevention_releases().await {
        Ok(r) => r,
        Err(e) => return read_failed(&state, lang, &e),
    };
    let chosen = releases::chosen(
        (&state, lang),
        (PATH, "periode"),
        &query,
        &releases,
        (
            |r: &PublishedPrevention| r.figures.period,
            |p: &Period| period_label(lang, *p),
        ),
    );
    let Chosen {
        release,
        links: periods,
    } = match chosen {
        Ok(c) => c,
        Err(page) => return page.into_response(),
    };
    let k = release.map_or(state.app.settings().observatory.k, |r| r.figures.k);
    let (shown, headline, figs, files) = match release {
        Some(r) => {
            let f = &r.figures;
            let p = f.period;
            (
                Some(period_label(lang, p)),
                lang.t_args(
                    "obs-prev-headline-period",
                    &[
                        ("count", value(lang, f.young_people(), f.k)),
                        ("period", period_label(lang, p)),
                    ],
                ),
                figures(&state, lang, f),
                releases::files(lang, ("prevention", &p), "obs-prev")
                    .into_iter()
                    .chain([NavLink {
                        href: format!("/api/v1/prevention/{p}/surveys.csv"),
                        label: lang.t("obs-prev-download-surveys-csv"),
                        current: false,
                    }])
                    .collect(),
            )
        }
        None => (None, String::new(), Vec::new(), Vec::new()),
    };
    let page = PreventionPage {
        ctx: PageCtx::titled(lang, &state.web, "obs-prev-title", PATH),
        nav: subnav(lang, PATH),
        shown,
        headline,
        k,
        figures: figs,
        surveys: release.and_then(|r| survey_figure(lang, &r.figures)),
        periods,
        files,
    };
    render(&page, StatusCode::OK, lang)
}
