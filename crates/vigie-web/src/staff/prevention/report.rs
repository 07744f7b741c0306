//! The printable prevention report (`GET /espace/prevention/rapport?annee=2026`, and
//! `&programme=<id>` or `&financeur=<name>` for one programme's or one funder's): the document a
//! mayor or a funder receives. Sessions delivered, young people reached by age band, sex and
//! arrondissement, structures and priority neighbourhoods covered, campaigns, the impact surveys'
//! results (each programme's cycles closed in the period, through the staff pages' own aggregation,
//! with no count or mean under `K_MIN_PAIRS` pairs), with SVG charts (as the observatory draws
//! them, server-side) and tables; a print style sheet, no script. Counts only: no name of anyone,
//! and nothing is decrypted.

use askama::Template;
use chrono::Datelike;
use vigie_app::prevention::{PreventionReport, ProgrammeResults, ReportScope};
use vigie_domain::prevention::{Band, Period, Sex, YOUNG_BANDS};
use vigie_domain::survey::K_MIN_PAIRS;
use vigie_domain::time::day_string;

use super::campaigns::{area_names, reach_text};
use super::{PreventionDone, PreventionGate, area};
use crate::Lang;
use crate::observatory::figures::Figure;
use crate::observatory::prevention::bar_figure;
use crate::observatory::text::count;
use crate::staff::kit::{Landed, PageResult, View, field};
use crate::staff::surveys::{ProgrammeBlock, Readers, programme_blocks};
use crate::staff::words::word;
use crate::staff::{Opt, StaffPage, staff_template};
use crate::state::AppState;

/// A table of the report: its id, caption, column heads and rows (a head, then cells).
pub(crate) struct ReportTable {
    id: &'static str,
    caption: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "staff/prevention/report.html")]
struct ReportPage {
    page: StaffPage,
    heading: String,
    scope_line: String,
    year: i32,
    facts: Vec<(String, String)>,
    charts: Vec<Figure>,
    tables: Vec<ReportTable>,
    campaigns: ReportTable,
    blocks: Vec<ProgrammeBlock>,
    survey_chart: Option<Figure>,
    k: u32,
    programmes: Vec<Opt>,
    funders: Vec<Opt>,
}

staff_template!(ReportPage);

/// The scope asked for; `None` for a year out of range.
fn asked(query: &[(String, String)], current: i32) -> Option<ReportScope> {
    let year = match field(query, "annee").trim() {
        "" => current,
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| vigie_domain::indicators::YEARS.contains(y))?,
    };
    let funder = field(query, "financeur").trim();
    Some(ReportScope {
        period: Period::Year(year),
        programme: field(query, "programme").trim().parse().ok(),
        funder: (!funder.is_empty()).then(|| funder.to_owned()),
    })
}

/// A count in the reader's language.
fn n(lang: Lang, v: u32) -> String {
    count(lang, u64::from(v))
}

/// The key figures, as a list of terms and values.
fn facts(lang: Lang, r: &PreventionReport) -> Vec<(String, String)> {
    let x = &r.reach;
    let share = (x.reached.young() > 0)
        .then(|| u64::from(x.young_in_qpv) * 100 / u64::from(x.reached.young()))
        .map_or_else(
            || lang.t("staff-prev-nobody-yet"),
            |p| lang.t_args("staff-prev-percent", &[("value", p.to_string())]),
        );
    [
        ("staff-prev-sessions-delivered", n(lang, x.delivered)),
        ("staff-prev-report-not-delivered", n(lang, x.not_delivered)),
        ("staff-prev-report-young", n(lang, x.reached.young())),
        (
            "staff-prev-report-adults",
            n(lang, x.reached.band(Band::Adults)),
        ),
        (
            "staff-prev-report-participations",
            n(lang, x.participations.total()),
        ),
        ("staff-prev-covered", n(lang, x.structures)),
        (
            "staff-prev-report-qpv-structures",
            n(lang, x.qpv_structures),
        ),
        ("staff-prev-qpv-share", share),
        (
            "staff-prev-report-campaigns",
            count(lang, r.campaigns.len() as u64),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (lang.t(k), v))
    .collect()
}

/// The charts: young people by age band, by arrondissement.
fn charts(state: &AppState, lang: Lang, r: &PreventionReport) -> Vec<Figure> {
    let k = state.app.settings().observatory.k;
    let x = &r.reach;
    let bands = YOUNG_BANDS
        .iter()
        .map(|b| (word(lang, *b), Some(u64::from(x.reached.band(*b)))))
        .collect();
    let districts = x
        .districts
        .iter()
        .map(|(code, d)| {
            let name = area_names(state, std::slice::from_ref(code));
            (name, Some(u64::from(d.reached.young())))
        })
        .collect();
    let young = lang.t("staff-prev-report-young");
    vec![
        bar_figure(
            lang,
            (
                "report-age",
                lang.t("staff-prev-report-age-title"),
                lang.t("staff-prev-report-age-summary"),
            ),
            k,
            bands,
            vec![lang.t("staff-prev-band"), young.clone()],
        ),
        bar_figure(
            lang,
            (
                "report-district",
                lang.t("staff-prev-report-district-title"),
                lang.t("staff-prev-report-district-summary"),
            ),
            k,
            districts,
            vec![lang.t("staff-prev-report-district"), young],
        ),
    ]
}

/// The tables: people by age band and sex, arrondissements, kinds of structure, programmes.
fn tables(state: &AppState, lang: Lang, r: &PreventionReport) -> Vec<ReportTable> {
    let x = &r.reach;
    let mut by_sex: Vec<String> = vec![lang.t("staff-prev-band")];
    by_sex.extend(Sex::ALL.iter().map(|s| word(lang, *s)));
    by_sex.push(lang.t("staff-prev-total"));
    let mut people: Vec<(String, Vec<String>)> = Band::ALL
        .iter()
        .map(|&b| {
            let mut cells: Vec<String> = Sex::ALL
                .iter()
                .map(|&s| n(lang, x.reached.get(b, s)))
                .collect();
            cells.push(n(lang, x.reached.band(b)));
            (word(lang, b), cells)
        })
        .collect();
    let mut totals: Vec<String> = Sex::ALL
        .iter()
        .map(|&s| n(lang, x.reached.sex(s)))
        .collect();
    totals.push(n(lang, x.reached.total()));
    people.push((lang.t("staff-prev-total"), totals));
    let districts = x
        .districts
        .iter()
        .map(|(code, d)| {
            (
                area_names(state, std::slice::from_ref(code)),
                vec![
                    n(lang, d.sessions),
                    n(lang, d.reached.young()),
                    n(lang, d.structures),
                ],
            )
        })
        .collect();
    let kinds = x
        .kinds
        .iter()
        .map(|(k, v)| (word(lang, *k), vec![n(lang, *v)]))
        .collect();
    let programmes = r
        .programmes
        .iter()
        .map(|p| {
            let f = x.programmes.get(&p.id).cloned().unwrap_or_default();
            (
                p.programme.name.clone(),
                vec![n(lang, f.sessions), n(lang, f.young), n(lang, f.adults)],
            )
        })
        .collect();
    vec![
        ReportTable {
            id: "report-people",
            caption: lang.t("staff-prev-report-people-caption"),
            columns: by_sex,
            rows: people,
        },
        ReportTable {
            id: "report-districts",
            caption: lang.t("staff-prev-report-districts-caption"),
            columns: [
                "staff-prev-report-district",
                "staff-prev-sessions-delivered",
                "staff-prev-report-young",
                "staff-prev-covered",
            ]
            .iter()
            .map(|k| lang.t(k))
            .collect(),
            rows: districts,
        },
        ReportTable {
            id: "report-kinds",
            caption: lang.t("staff-prev-report-kinds-caption"),
            columns: vec![
                lang.t("staff-prev-structure-kind"),
                lang.t("staff-prev-covered"),
            ],
            rows: kinds,
        },
        ReportTable {
            id: "report-programmes",
            caption: lang.t("staff-prev-report-programmes-caption"),
            columns: [
                "staff-prev-programme-name",
                "staff-prev-sessions-delivered",
                "staff-prev-report-young",
                "staff-prev-report-adults",
            ]
            .iter()
            .map(|k| lang.t(k))
            .collect(),
            rows: programmes,
        },
    ]
}

/// The campaigns of the period.
fn campaigns(state: &AppState, lang: Lang, r: &PreventionReport) -> ReportTable {
    ReportTable {
        id: "report-campaigns",
        caption: lang.t("staff-prev-report-campaigns-caption"),
        columns: [
            "staff-prev-campaign-name",
            "staff-prev-campaign-kind",
            "staff-prev-campaign-period",
            "staff-prev-campaign-districts",
            "staff-prev-campaign-reach",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        rows: r
            .campaigns
            .iter()
            .map(|c| {
                let c = &c.campaign;
                let period = lang.t_args(
                    "staff-prev-campaign-period-value",
                    &[("start", day_string(c.start)), ("end", day_string(c.end))],
                );
                (
                    c.name.clone(),
                    vec![
                        word(lang, c.kind),
                        period,
                        area_names(state, &c.districts),
                        reach_text(lang, c.reach),
                    ],
                )
            })
            .collect(),
    }
}

/// The chart of the surveys: each programme's pairs (a slip answered before and after), hatched
/// `< k` under the threshold, as the tables show no count there either; `None` without any.
fn survey_chart(lang: Lang, results: &[ProgrammeResults]) -> Option<Figure> {
    let rows: Vec<(String, Option<u64>)> = results
        .iter()
        .map(|p| {
            let pairs = p.results.pairs;
            let shown = (pairs >= K_MIN_PAIRS).then_some(u64::from(pairs));
            (p.name.clone(), shown)
        })
        .collect();
    (!rows.is_empty()).then(|| {
        bar_figure(
            lang,
            (
                "report-surveys-pairs",
                lang.t("staff-prev-report-surveys-chart-title"),
                lang.t_args(
                    "staff-prev-report-surveys-chart-summary",
                    &[("k", K_MIN_PAIRS.to_string())],
                ),
            ),
            K_MIN_PAIRS,
            rows,
            vec![
                lang.t("staff-survey-programme"),
                lang.t("staff-survey-pairs"),
            ],
        )
    })
}

/// `GET /espace/prevention/rapport`: 400 for a year out of range.
pub async fn page(view: View<PreventionGate>) -> PageResult {
    let at = view.showing::<PreventionDone>();
    let (state, lang) = (at.state, at.lang());
    let current = vigie_domain::time::paris_day(state.app.clock().now()).year();
    let Some(scope) = asked(view.query(), current) else {
        return Err(
            crate::PageError::bad_request(lang, "staff-prev-report-bad-year")
                .with_config(&state.web),
        );
    };
    let r = at
        .ask(async |app, who| app.prevention_report(who, &scope).await)
        .await?;
    let ids: Vec<_> = r.programmes.iter().map(|p| p.id).collect();
    let surveys = at
        .ask(async |app, who| app.report_survey_results(who, scope.period, &ids).await)
        .await?;
    let year = scope.period.year();
    let scope_line = match (&scope.programme, &scope.funder) {
        (Some(_), _) => lang.t_args(
            "staff-prev-report-scope-programme",
            &[(
                "programme",
                r.programmes
                    .first()
                    .map(|p| p.programme.name.clone())
                    .unwrap_or_default(),
            )],
        ),
        (None, Some(f)) => lang.t_args("staff-prev-report-scope-funder", &[("funder", f.clone())]),
        (None, None) => lang.t("staff-prev-report-scope-all"),
    };
    let named: Vec<_> = r
        .all_programmes
        .iter()
        .map(|p| (p.id, p.programme.name.clone()))
        .collect();
    let funders = r
        .funders
        .iter()
        .map(|f| Opt {
            value: f.clone(),
            label: f.clone(),
            selected: scope.funder.as_deref() == Some(f.as_str()),
        })
        .collect();
    let page = ReportPage {
        page: at.staff_page("staff-prev-report-title", &area("/rapport")),
        heading: lang.t_args("staff-prev-report-heading", &[("year", year.to_string())]),
        scope_line,
        year,
        facts: facts(lang, &r),
        charts: charts(state, lang, &r),
        tables: tables(state, lang, &r),
        campaigns: campaigns(state, lang, &r),
        survey_chart: survey_chart(lang, &surveys),
        blocks: programme_blocks(lang, &surveys, Readers::Printed),
        k: K_MIN_PAIRS,
        programmes: Opt::named(&named, scope.programme),
        funders,
    };
    Ok(at.render(&page))
}
