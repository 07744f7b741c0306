//! The observatory's text pages: the methodology, the history of editions (with each correction's
//! changelog and every edition's files) and the data dictionary of the open data.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::DateTime;
use vigie_domain::observatory::{IncidentCategory, LICENCE_NAME, LICENCE_URL, SourceType};

use super::text::{category_label, date_label, month_label};
use super::{NavLink, edition_list, read_failed, subnav};
use crate::Lang;
use crate::layout::PageCtx;
use crate::staff::render;
use crate::state::AppState;

/// A code and what it means.
pub(crate) struct CodeLabel {
    /// The code.
    pub code: String,
    /// Its label in the page's language.
    pub label: String,
}

/// `/observatoire/methodologie`.
#[derive(Template)]
#[template(path = "observatory/methodology.html")]
pub(crate) struct MethodologyPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    k: u32,
    epsilon: Option<String>,
    sources: Vec<CodeLabel>,
    categories: Vec<CodeLabel>,
}

/// One edition in the history.
pub(crate) struct EditionRow {
    id: String,
    period: String,
    published: String,
    correction: Option<String>,
    dashboard: String,
    files: Vec<NavLink>,
}

/// `/observatoire/editions`.
#[derive(Template)]
#[template(path = "observatory/editions.html")]
pub(crate) struct EditionsPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    rows: Vec<EditionRow>,
}

/// A column of the open-data files.
pub(crate) struct ColumnDoc {
    name: &'static str,
    kind: String,
    text: String,
    example: &'static str,
}

/// `/observatoire/donnees`.
#[derive(Template)]
#[template(path = "observatory/data.html")]
pub(crate) struct DataPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    columns: Vec<ColumnDoc>,
    categories: Vec<CodeLabel>,
    arrondissements: Vec<CodeLabel>,
    quartiers: Vec<CodeLabel>,
    example_id: String,
    licence_name: &'static str,
    licence_url: &'static str,
}

fn categories(lang: Lang) -> Vec<CodeLabel> {
    std::iter::once(("total".to_owned(), category_label(lang, None)))
        .chain(
            IncidentCategory::ALL
                .iter()
                .map(|c| (c.as_str().to_owned(), category_label(lang, Some(*c)))),
        )
        .map(|(code, label)| CodeLabel { code, label })
        .collect()
}

/// `GET /observatoire/methodologie`: threshold and noise of the latest edition, or of the instance
/// before the first one.
pub(crate) async fn methodology(State(state): State<AppState>, lang: Lang) -> Response {
    let latest = match state.app.latest_edition().await {
        Ok(l) => l,
        Err(e) => return read_failed(&state, lang, &e),
    };
    let rules = state.app.settings().observatory;
    let (k, epsilon) = latest
        .as_ref()
        .map_or((rules.k, rules.epsilon), |s| (s.k, s.epsilon));
    let path = "/observatoire/methodologie";
    let page = MethodologyPage {
        ctx: PageCtx::titled(lang, &state.web, "obs-method-title", path),
        nav: subnav(lang, path),
        k,
        epsilon: epsilon.map(|e| e.to_string()),
        sources: SourceType::ALL
            .iter()
            .map(|s| CodeLabel {
                code: s.as_str().to_owned(),
                label: lang.t(&format!("obs-source-{}", s.as_str())),
            })
            .collect(),
        categories: categories(lang),
    };
    render(&page, StatusCode::OK, lang)
}

/// The links to an edition's files.
pub(crate) fn file_links(lang: Lang, id: &str) -> Vec<NavLink> {
    [
        ("series.csv", "obs-download-series-csv"),
        ("series.json", "obs-download-series-json"),
        ("areas.csv", "obs-download-areas-csv"),
        ("areas.json", "obs-download-areas-json"),
        ("areas.geojson", "obs-download-areas-geojson"),
    ]
    .into_iter()
    .map(|(file, key)| NavLink {
        href: format!("/api/v1/editions/{id}/{file}"),
        label: lang.t(key),
        current: false,
    })
    .collect()
}

/// `GET /observatoire/editions`: every edition, newest first.
pub(crate) async fn editions(State(state): State<AppState>, lang: Lang) -> Response {
    let list = match edition_list(&state, lang).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let rows = list
        .iter()
        .map(|e| EditionRow {
            id: e.id.clone(),
            period: month_label(lang, e.period),
            published: DateTime::from_timestamp(e.published_at, 0)
                .map(|d| date_label(lang, d))
                .unwrap_or_default(),
            correction: e.changelog.as_ref().map(|c| {
                lang.t_args(
                    "obs-editions-corrects",
                    &[
                        ("supersedes", e.supersedes.clone().unwrap_or_default()),
                        ("changelog", c.clone()),
                    ],
                )
            }),
            dashboard: format!("{}?edition={}", lang.path("/observatoire"), e.id),
            files: file_links(lang, &e.id),
        })
        .collect();
    let path = "/observatoire/editions";
    let page = EditionsPage {
        ctx: PageCtx::titled(lang, &state.web, "obs-editions-title", path),
        nav: subnav(lang, path),
        rows,
    };
    render(&page, StatusCode::OK, lang)
}

/// `GET /observatoire/donnees`: the data dictionary.
pub(crate) async fn data(State(state): State<AppState>, lang: Lang) -> Response {
    let list = match edition_list(&state, lang).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let col = |name, kind: &str, example| ColumnDoc {
        name,
        kind: lang.t(kind),
        text: lang.t(&format!("obs-data-col-{}", name.replace('_', "-"))),
        example,
    };
    let areas = &state.app.settings().areas;
    let path = "/observatoire/donnees";
    let page = DataPage {
        ctx: PageCtx::titled(lang, &state.web, "obs-data-title", path),
        nav: subnav(lang, path),
        columns: vec![
            col("area_code", "obs-data-type-text", "13203"),
            col("area_level", "obs-data-type-code", "arrondissement"),
            col("category", "obs-data-type-code", "deal_point"),
            col("period", "obs-data-type-month", "2026-03"),
            col("count", "obs-data-type-count", "12"),
            col("suppressed", "obs-data-type-boolean", "false"),
            col("edition", "obs-data-type-text", "2026-03.1"),
            col("licence", "obs-data-type-text", LICENCE_NAME),
        ],
        categories: categories(lang),
        arrondissements: areas
            .districts()
            .iter()
            .map(|d| CodeLabel {
                code: d.code.clone(),
                label: d.name.clone(),
            })
            .collect(),
        quartiers: areas
            .districts()
            .iter()
            .flat_map(|d| areas.neighbourhoods_of(&d.code))
            .map(|n| CodeLabel {
                code: n.code.clone(),
                label: n.name.clone(),
            })
            .collect(),
        example_id: list
            .first()
            .map_or_else(|| "2026-03.1".to_owned(), |e| e.id.clone()),
        licence_name: LICENCE_NAME,
        licence_url: LICENCE_URL,
    };
    render(&page, StatusCode::OK, lang)
}
