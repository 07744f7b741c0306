//! The yearly activity report (`GET /espace/accompagnement/rapport?annee=2026`): everyone the
//! caseworker's teams helped in the year, counted (no name anywhere), for funders and the Justice
//! ministry, printable (a print style sheet, no script); and the form that publishes a finished
//! year's figures (`POST /espace/accompagnement/rapport/publier`).

use askama::Template;
use chrono::Datelike;
use vigie_app::AppError;
use vigie_domain::casefile::{AgeBand, PersonRole, Sex};
use vigie_domain::help::Need;
use vigie_domain::indicators::{Breakdown, COUNTED_EVENTS, Facts, Indicators, SupportLevel};
use vigie_domain::partner::PartnerKind;

use super::{ActivityReportForm, CaseworkFiguresForm, FiguresDone, code_name};
use crate::Lang;
use crate::observatory::text::count;
use crate::staff::kit::{Landed, PageResult, Post, Showing, View, answer, field, with_secret};
use crate::staff::{StaffPage, staff_template};

/// A table of the report.
pub(crate) struct ReportTable {
    id: &'static str,
    caption: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// A published year, linked to its public page.
pub(crate) struct PublishedLink {
    year: i32,
    href: String,
}

#[derive(Template)]
#[template(path = "staff/casework/report.html")]
struct ReportPage {
    page: StaffPage,
    year: i32,
    previous: String,
    next: Option<String>,
    people: u64,
    tables: Vec<ReportTable>,
    publish_year: i32,
    published: Vec<PublishedLink>,
}

staff_template!(ReportPage);

const PATH: &str = "/espace/accompagnement/rapport";

/// The columns of a table of people: the total, each sex, each age band.
fn people_columns(lang: Lang, first: &str) -> Vec<String> {
    let mut out = vec![lang.t(first), lang.t("file-report-total")];
    out.extend(
        Sex::ALL
            .iter()
            .map(|s| code_name(lang, "file-sex", s.as_str())),
    );
    out.extend(
        AgeBand::ALL
            .iter()
            .map(|a| code_name(lang, "file-age", a.as_str())),
    );
    out
}

/// A row of people: the total, each sex, each age band.
fn people_row(lang: Lang, head: String, b: &Breakdown) -> (String, Vec<String>) {
    let mut cells = vec![count(lang, b.total)];
    cells.extend(Sex::ALL.iter().map(|s| count(lang, b.sex(*s))));
    cells.extend(AgeBand::ALL.iter().map(|a| count(lang, b.age(*a))));
    (head, cells)
}

/// A role's people, from the role x sex and role x age band counts.
fn role_breakdown(ind: &Indicators, r: PersonRole) -> Breakdown {
    Breakdown {
        total: ind.people.role(r),
        by_role: [(r, ind.people.role(r))].into_iter().collect(),
        by_age: AgeBand::ALL
            .iter()
            .map(|a| (*a, ind.role_age(r, *a)))
            .collect(),
        by_sex: Sex::ALL.iter().map(|s| (*s, ind.role_sex(r, *s))).collect(),
    }
}

fn facts_cells(lang: Lang, f: Facts) -> Vec<String> {
    vec![count(lang, f.count), count(lang, f.contributors)]
}

/// The report's tables.
fn tables(lang: Lang, ind: &Indicators) -> Vec<ReportTable> {
    let mut people: Vec<(String, Vec<String>)> = PersonRole::ALL
        .iter()
        .map(|r| {
            let head = code_name(lang, "file-role", r.as_str());
            people_row(lang, head, &role_breakdown(ind, *r))
        })
        .collect();
    people.push(people_row(lang, lang.t("file-report-total"), &ind.people));
    let levels = SupportLevel::ALL
        .iter()
        .map(|l| {
            let head = code_name(lang, "file-report-level", l.as_str());
            people_row(lang, head, &ind.level(*l))
        })
        .collect();
    let needs = Need::ALL
        .iter()
        .map(|n| {
            people_row(
                lang,
                code_name(lang, "help-need", n.as_str()),
                &ind.need(*n),
            )
        })
        .collect();
    let other_people = vec![
        people_row(lang, lang.t("file-report-safety-plans"), &ind.safety_plans),
        people_row(lang, lang.t("file-report-group-people"), &ind.group_people),
    ];
    let events = COUNTED_EVENTS
        .iter()
        .map(|e| {
            let head = code_name(lang, "file-event", e.as_str());
            (head, facts_cells(lang, ind.event(*e)))
        })
        .collect();
    let referrals = PartnerKind::ALL
        .iter()
        .map(|k| {
            let mut cells = facts_cells(lang, ind.made(*k));
            cells.extend(facts_cells(lang, ind.done(*k)));
            (code_name(lang, "staff-partner-kind", k.as_str()), cells)
        })
        .collect();
    let activity = vec![
        (
            lang.t("file-report-court-cases"),
            facts_cells(lang, ind.court_cases),
        ),
        (
            lang.t("file-report-group-sessions"),
            facts_cells(lang, ind.group_sessions),
        ),
        (
            lang.t("file-report-attendance"),
            facts_cells(lang, ind.attendance),
        ),
    ];
    let facts_columns = |first: &str| {
        vec![
            lang.t(first),
            lang.t("file-report-count"),
            lang.t("file-report-people"),
        ]
    };
    vec![
        ReportTable {
            id: "report-people",
            caption: lang.t("file-report-people-caption"),
            columns: people_columns(lang, "file-role"),
            rows: people,
        },
        ReportTable {
            id: "report-levels",
            caption: lang.t("file-report-levels-caption"),
            columns: people_columns(lang, "file-report-level"),
            rows: levels,
        },
        ReportTable {
            id: "report-needs",
            caption: lang.t("file-report-needs-caption"),
            columns: people_columns(lang, "staff-help-needs"),
            rows: needs,
        },
        ReportTable {
            id: "report-other-people",
            caption: lang.t("file-report-other-people-caption"),
            columns: people_columns(lang, "file-report-what"),
            rows: other_people,
        },
        ReportTable {
            id: "report-events",
            caption: lang.t("file-report-events-caption"),
            columns: facts_columns("file-event-kind"),
            rows: events,
        },
        ReportTable {
            id: "report-referrals",
            caption: lang.t("file-report-referrals-caption"),
            columns: vec![
                lang.t("staff-partner-kind"),
                lang.t("file-report-made"),
                lang.t("file-report-people"),
                lang.t("file-report-completed"),
                lang.t("file-report-people"),
            ],
            rows: referrals,
        },
        ReportTable {
            id: "report-activity",
            caption: lang.t("file-report-activity-caption"),
            columns: facts_columns("file-report-what"),
            rows: activity,
        },
    ]
}

/// The year asked for in `annee=`, the current one when absent; `None` when it is not a year.
fn asked_year(query: &[(String, String)], current: i32) -> Option<i32> {
    match field(query, "annee").trim() {
        "" => Some(current),
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| vigie_domain::indicators::YEARS.contains(y)),
    }
}

/// The page for `year`, with a notice or the publishing form's error.
async fn show(at: Showing<'_>, year: i32) -> PageResult {
    let (state, staff, lang) = (at.state, at.staff, at.lang());
    let ind = at
        .opened(async |app, who, secret| app.activity_report(who, secret, year).await)
        .await?;
    let releases = at.ask(async |app, _| app.casework_releases().await).await?;
    let published = releases
        .into_iter()
        .map(|r| PublishedLink {
            year: r.figures.year,
            href: format!(
                "{}?annee={}",
                lang.path("/observatoire/accompagnement"),
                r.figures.year
            ),
        })
        .collect();
    let current = vigie_domain::time::paris_day(state.app.clock().now()).year();
    let year_at = |y: i32| format!("{}?annee={y}", lang.path(PATH));
    let mut page = at.staff_page("file-report-title", PATH);
    page.csrf = crate::staff::kit::token::<CaseworkFiguresForm>(state, staff, &());
    let page = ReportPage {
        page,
        year,
        previous: year_at(year - 1),
        next: (year < current).then(|| year_at(year + 1)),
        people: ind.people.total,
        tables: tables(lang, &ind),
        publish_year: current - 1,
        published,
    };
    Ok(at.render(&page))
}

/// `GET /espace/accompagnement/rapport?annee=2026`: opens every file of the caseworker's teams
/// open in the year (one audit entry) and counts.
pub async fn page(view: View<ActivityReportForm>) -> PageResult {
    let (state, staff) = (&view.state, &view.staff);
    let current = vigie_domain::time::paris_day(state.app.clock().now()).year();
    let Some(year) = asked_year(&view.query, current) else {
        return Err(
            crate::PageError::bad_request(staff.lang, "file-report-bad-year")
                .with_config(&state.web),
        );
    };
    show(view.showing::<FiguresDone>(), year).await
}

/// `POST /espace/accompagnement/rapport/publier`: publishes a finished year's figures (only the
/// people who consented, under disclosure control).
pub async fn publish(post: Post<CaseworkFiguresForm>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    let lang = staff.lang;
    let current = vigie_domain::time::paris_day(state.app.clock().now()).year();
    let result = match field(&form, "annee").trim().parse::<i32>() {
        Ok(year) => with_secret(&state, &staff, async |app, who, secret| {
            Ok(app.publish_casework_figures(who, secret, year).await)
        })
        .await?
        .map(|_| FiguresDone::Published),
        Err(_) => Err(AppError::Invalid(lang.t("file-report-bad-year"))),
    };
    let to = lang.path(PATH);
    answer((&state, &staff), (current, result, &to), show).await
}
