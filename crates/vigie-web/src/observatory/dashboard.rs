//! `/observatoire`: the dashboard of an edition (the latest unless `edition` names another): key
//! figures of a month and their change from the month before, the monthly series of a category, the
//! month by category, the map by arrondissement or quartier, the official context series, the
//! edition's files. Query: `edition`, `month` (a month the edition covers), `category` (`total` or
//! a code), `level` (`arrondissement` or `quartier`); a bad value gets the 400 page naming it.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query as UrlQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use vigie_app::observatory::EditionSummary;
use vigie_domain::observatory::{EditionSnapshot, IncidentCategory, Month};
use vigie_observatory::{CategoryFilter, MapData, MapLevel};

use super::figures::{self, Figure, MapChoice};
use super::params::{self, ParamError, Query};
use super::text::{date_label, filter_category, filter_code, filter_label, month_label};
use super::{NavLink, bad_request, edition_by_id, edition_list, subnav, unknown_edition};
use crate::Lang;
use crate::layout::PageCtx;
use crate::report::Choice;
use crate::staff::render;
use crate::state::AppState;

const PATH: &str = "/observatoire";

/// The dashboard.
#[derive(Template)]
#[template(path = "observatory/dashboard.html")]
pub(crate) struct DashboardPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    edition_id: String,
    edition_line: String,
    correction: Option<String>,
    latest: Option<NavLink>,
    editions: Vec<Choice>,
    months: Vec<Choice>,
    categories: Vec<Choice>,
    levels: Vec<Choice>,
    edition_hidden: Option<String>,
    category_links: Vec<NavLink>,
    month_links: Vec<NavLink>,
    k: u32,
    noise_note: Option<String>,
    total: Option<String>,
    total_label: String,
    figures: Figure,
    charts: Vec<Figure>,
    context: Option<Figure>,
    downloads: Vec<NavLink>,
    licence_line: String,
    prevention: Option<super::prevention::Headline>,
}

/// The page before the first edition.
#[derive(Template)]
#[template(path = "observatory/empty.html")]
pub(crate) struct EmptyPage {
    ctx: PageCtx,
    nav: Vec<NavLink>,
    prevention: Option<super::prevention::Headline>,
}

/// What the reader asked for, checked.
struct Shown {
    /// The edition named in the query (kept in links), `None` for the latest.
    edition: Option<String>,
    month: Month,
    category: CategoryFilter,
    level: MapLevel,
}

impl Shown {
    /// The query string of this view with `month`, `category` and `level` replaced.
    fn query(&self, month: Month, category: CategoryFilter, level: MapLevel) -> String {
        let mut q = Vec::with_capacity(4);
        if let Some(e) = &self.edition {
            q.push(format!("edition={e}"));
        }
        q.push(format!("month={month}"));
        q.push(format!("category={}", filter_code(category)));
        if level == MapLevel::Quartier {
            q.push("level=quartier".into());
        }
        q.join("&")
    }

    fn href(&self, lang: Lang, month: Month, category: CategoryFilter, level: MapLevel) -> String {
        format!("{}?{}", lang.path(PATH), self.query(month, category, level))
    }
}

/// Reads `month`, `category` and `level` (empty values mean the default: a form may send them).
fn read_query(
    q: &Query<'_>,
    snap: &EditionSnapshot,
    edition: Option<String>,
) -> Result<Shown, ParamError> {
    let given = |name| q.get(name).filter(|v| !v.is_empty());
    Ok(Shown {
        edition,
        month: given("month").map_or(Ok(snap.period), |v| params::covered_month(v, snap))?,
        category: given("category").map_or(Ok(CategoryFilter::Total), params::category)?,
        level: given("level").map_or(Ok(MapLevel::Arrondissement), params::level)?,
    })
}

/// `GET /observatoire` and `/en/observatoire`.
pub(crate) async fn show(
    State(state): State<AppState>,
    lang: Lang,
    query: Result<UrlQuery<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Ok(UrlQuery(pairs)) = query else {
        let e = ParamError::invalid("query", "edition, month, category, level".into());
        return bad_request(&state, lang, PATH, &e);
    };
    let q = Query(&pairs);
    if let Err(e) = q.check(&["edition", "month", "category", "level"], false) {
        return bad_request(&state, lang, PATH, &e);
    }
    let list = match edition_list(&state, lang).await {
        Ok(list) => list,
        Err(r) => return r,
    };
    let asked = q
        .get("edition")
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let id = match (&asked, list.first()) {
        (Some(id), _) => id.clone(),
        (None, Some(latest)) => latest.id.clone(),
        (None, None) => {
            let page = EmptyPage {
                ctx: PageCtx::titled(lang, &state.web, "obs-title", PATH),
                nav: subnav(lang, PATH),
                prevention: super::prevention::headline(&state, lang).await,
            };
            return render(&page, StatusCode::OK, lang);
        }
    };
    let snap = match edition_by_id(&state, lang, &id).await {
        Ok(Some(s)) => s,
        Ok(None) => return unknown_edition(&state, lang),
        Err(r) => return r,
    };
    let shown = match read_query(&q, &snap, asked) {
        Ok(s) => s,
        Err(e) => return bad_request(&state, lang, PATH, &e),
    };
    let mut page = dashboard(&state, lang, &snap, &list, &shown);
    page.prevention = super::prevention::headline(&state, lang).await;
    render(&page, StatusCode::OK, lang)
}

fn choice(value: &str, label: String, selected: bool) -> Choice {
    Choice {
        value: value.to_owned(),
        label,
        selected,
    }
}

fn edition_choices(lang: Lang, list: &[EditionSummary], current: &str) -> Vec<Choice> {
    list.iter()
        .map(|e| {
            let mut label = format!("{} ({})", e.id, month_label(lang, e.period));
            if e.version > 1 {
                label = lang.t_args("obs-edition-choice-correction", &[("edition", label)]);
            }
            choice(&e.id, label, e.id == current)
        })
        .collect()
}

/// "Edition X, published on D, covers M1 to M2."
fn edition_line(lang: Lang, snap: &EditionSnapshot) -> String {
    let (first, last) = (
        snap.months.first().map_or(snap.period, |r| r.month),
        snap.months.last().map_or(snap.period, |r| r.month),
    );
    lang.t_args(
        "obs-edition-line",
        &[
            ("edition", snap.id.clone()),
            ("date", date_label(lang, snap.published_at)),
            ("first", month_label(lang, first)),
            ("last", month_label(lang, last)),
        ],
    )
}

/// The category filter's choices, and the same as links (one click without the form).
fn category_choices(lang: Lang, shown: &Shown) -> (Vec<Choice>, Vec<NavLink>) {
    let filters = std::iter::once(CategoryFilter::Total).chain(
        IncidentCategory::ALL
            .iter()
            .map(|c| CategoryFilter::One(*c)),
    );
    let choices = filters
        .clone()
        .map(|f| choice(filter_code(f), filter_label(lang, f), f == shown.category))
        .collect();
    let links = filters
        .map(|f| NavLink {
            href: shown.href(lang, shown.month, f, shown.level),
            label: filter_label(lang, f),
            current: f == shown.category,
        })
        .collect();
    (choices, links)
}

/// Links to the previous and next months the edition covers.
fn month_links(lang: Lang, snap: &EditionSnapshot, shown: &Shown) -> Vec<NavLink> {
    [
        (shown.month.previous(), "obs-month-previous"),
        (shown.month.next(), "obs-month-next"),
    ]
    .into_iter()
    .filter(|(m, _)| snap.month(*m).is_some())
    .map(|(m, key)| NavLink {
        href: shown.href(lang, m, shown.category, shown.level),
        label: lang.t_args(key, &[("month", month_label(lang, m))]),
        current: false,
    })
    .collect()
}

/// What the map shows: one category by quartier would be too thin, so it falls back to
/// arrondissements with a notice.
fn map_choice(lang: Lang, shown: &Shown, category: Option<IncidentCategory>) -> MapChoice {
    let notice = (shown.level == MapLevel::Quartier && category.is_some()).then(|| {
        lang.t_args(
            "obs-map-quartier-notice",
            &[("category", filter_label(lang, shown.category))],
        )
    });
    MapChoice {
        month: shown.month,
        category,
        level: if notice.is_some() {
            MapLevel::Arrondissement
        } else {
            shown.level
        },
        notice,
    }
}

fn dashboard(
    state: &AppState,
    lang: Lang,
    snap: &EditionSnapshot,
    list: &[EditionSummary],
    shown: &Shown,
) -> DashboardPage {
    let mut ctx = PageCtx::titled(lang, &state.web, "obs-title", PATH);
    let here = shown.query(shown.month, shown.category, shown.level);
    ctx.keep_query(&here);
    let latest = list.first().filter(|l| l.id != snap.id).map(|l| NavLink {
        href: lang.path(PATH),
        label: lang.t_args("obs-edition-latest-link", &[("edition", l.id.clone())]),
        current: false,
    });
    let category = filter_category(shown.category);
    let (categories, category_links) = category_choices(lang, shown);
    let months = snap
        .months
        .iter()
        .rev()
        .map(|r| {
            let m = r.month;
            choice(&m.to_string(), month_label(lang, m), m == shown.month)
        })
        .collect();
    let levels = [MapLevel::Arrondissement, MapLevel::Quartier]
        .into_iter()
        .map(|l| {
            choice(
                l.as_str(),
                lang.t(&format!("obs-level-{}", l.as_str())),
                l == shown.level,
            )
        })
        .collect();
    let map_choice = map_choice(lang, shown, category);
    // The map is parsed once per process; if the bundled contours were broken the tables still
    // carry every figure.
    let geo = MapData::shared_marseille()
        .map_err(|e| tracing::error!(error = %e, "bundled map unreadable"))
        .ok();
    let areas = &state.app.settings().areas;
    let key = figures::key_figures(lang, snap, shown.month);
    let total = snap
        .month(shown.month)
        .and_then(|r| figures::city(r, None))
        .map(|v| super::text::value(lang, v, snap.k));
    let downloads = super::pages::file_links(lang, &snap.id);
    DashboardPage {
        nav: subnav(lang, PATH),
        edition_id: snap.id.clone(),
        edition_line: edition_line(lang, snap),
        correction: snap.changelog.as_ref().map(|c| {
            lang.t_args(
                "obs-edition-correction",
                &[
                    ("supersedes", snap.supersedes.clone().unwrap_or_default()),
                    ("changelog", c.clone()),
                ],
            )
        }),
        latest,
        editions: edition_choices(lang, list, &snap.id),
        months,
        categories,
        levels,
        edition_hidden: shown.edition.clone(),
        category_links,
        month_links: month_links(lang, snap, shown),
        k: snap.k,
        noise_note: snap
            .epsilon
            .map(|e| lang.t_args("obs-noise-note", &[("epsilon", format!("{e}"))])),
        total,
        total_label: lang.t_args(
            "obs-total-label",
            &[("month", month_label(lang, shown.month))],
        ),
        figures: key,
        charts: vec![
            figures::series(lang, snap, category),
            figures::by_category(lang, snap, shown.month),
            figures::map(lang, snap, areas, geo, &map_choice),
        ],
        context: figures::context(lang, &snap.context),
        downloads,
        licence_line: lang.t_args(
            "obs-licence-line",
            &[
                (
                    "licence",
                    vigie_domain::observatory::LICENCE_NAME.to_owned(),
                ),
                ("edition", snap.id.clone()),
            ],
        ),
        prevention: None,
        ctx,
    }
}
