//! The analysts' side of the observatory (`/espace/observatoire`): the overview, and what its pages
//! share (names of codes, months in words, paths, the forms' gates and outcomes). The list of
//! incidents is in `list`, an incident's page and forms in `incidents`, the incident form in `form`
//! (the handler's "qualify" form on a report's page uses it too), publication in `publish`, official
//! series in `context`.
//!
//! Analysts never read reports: nothing here opens one. An incident qualified from a report carries
//! only a category, an area, a month and numbers.

pub(super) mod context;
pub(crate) mod form;
pub(super) mod incidents;
pub(super) mod list;
pub(super) mod publish;

use askama::Template;
use vigie_app::AppError;
use vigie_domain::IncidentId;
use vigie_domain::observatory::{IncidentCategory, IncidentStatus, Month, SourceType};

use super::kit::{OrPage, PageResult, Showing, View, gate};
use super::outcomes::IncidentDone;
use super::{StaffPage, staff_template};
use crate::Lang;
use crate::staff::words::worded;
use crate::state::AppState;

gate!(
    /// The "new incident" form.
    NewIncidentForm: (), RecordIncident, |()| "observatory:incident";

    /// The correction form of an incident's page.
    CorrectForm: IncidentId, RecordIncident, |id| incident_purpose(*id);

    /// The review buttons of an incident's page.
    ReviewForm: IncidentId, ReviewIncidents, |id| incident_purpose(*id);

    /// The import form of the official series (multipart: its token is checked once read).
    ContextForm: (), RecordIncident, |()| "observatory:context";

    /// Both forms of the publication page.
    PublishForm: (), PublishEdition, |()| "observatory:publish";
);

/// The purpose the forms of incident `id` are signed for: a token for one incident opens no other.
fn incident_purpose(id: IncidentId) -> String {
    format!("incident:{id}")
}

/// The address of an analysts' page (`suffix` is empty or starts with `/` or `?`).
pub(super) fn obs_path(lang: Lang, suffix: &str) -> String {
    lang.path(&format!("/espace/observatoire{suffix}"))
}

/// The address of incident `id`'s page, or of something under it.
pub(super) fn incident_path(lang: Lang, id: IncidentId, suffix: &str) -> String {
    obs_path(lang, &format!("/incidents/{id}{suffix}"))
}

/// The public dashboard.
pub(super) fn public_path(lang: Lang) -> String {
    lang.path("/observatoire")
}

// Each code enum of the area, in words (`crate::staff::words::word`).
worded!(
    IncidentCategory => "staff-obs-category",
    SourceType => "staff-obs-source",
    IncidentStatus => "staff-obs-status",
);

/// A month in words: "mars 2026", "March 2026".
pub(super) fn month_label(lang: Lang, m: Month) -> String {
    lang.t_args(
        "staff-obs-month-label",
        &[
            ("month", m.month().to_string()),
            ("year", m.year().to_string()),
        ],
    )
}

/// Where an incident is: the arrondissement, and the quartier when known.
pub(super) fn area_name(state: &AppState, district: &str, neighbourhood: Option<&str>) -> String {
    let areas = &state.app.settings().areas;
    let d = areas
        .district(district)
        .map_or_else(|| district.to_owned(), |d| d.name.clone());
    match neighbourhood {
        Some(q) => {
            let q = areas
                .neighbourhood(q)
                .map_or_else(|| q.to_owned(), |n| n.name.clone());
            format!("{d}, {q}")
        }
        None => d,
    }
}

/// The month now, in Marseille.
pub(super) fn current_month(state: &AppState) -> Month {
    Month::of_instant(state.app.clock().now())
}

/// The month an analyst may publish next, if any: the month after the latest edition, or the first
/// month with an accepted incident; `Err` with that month when it is not over yet.
pub(super) async fn next_publishable(
    state: &AppState,
    latest: Option<Month>,
) -> Result<Option<Result<Month, Month>>, AppError> {
    let next = match latest {
        Some(period) => Some(period.next()),
        None => state
            .app
            .first_incident_month()
            .await?
            .and_then(|m| m.parse::<Month>().ok()),
    };
    let current = current_month(state);
    Ok(next.map(|m| if m < current { Ok(m) } else { Err(m) }))
}

/// The latest edition as the overview and the publish page show it.
pub struct LatestView {
    /// `2026-03.1`.
    pub id: String,
    /// Its period, in words.
    pub period: String,
    /// The day it was published (Europe/Paris).
    pub day: String,
}

/// Reads the latest edition's summary.
pub(super) async fn latest_view(
    state: &AppState,
    lang: Lang,
) -> Result<Option<(LatestView, Month)>, AppError> {
    Ok(state.app.latest_edition().await?.map(|e| {
        let view = LatestView {
            id: e.id.clone(),
            period: month_label(lang, e.period),
            day: vigie_domain::time::paris_day(e.published_at)
                .format("%Y-%m-%d")
                .to_string(),
        };
        (view, e.period)
    }))
}

#[derive(Template)]
#[template(path = "staff/observatory/overview.html")]
struct OverviewPage {
    page: StaffPage,
    to_review: String,
    review_href: String,
    latest: Option<LatestView>,
    public_href: String,
    next: String,
    links: Vec<(String, String)>,
}

staff_template!(OverviewPage);

/// `GET /espace/observatoire`: what waits for the analysts, the latest edition, what comes next.
pub async fn overview(view: View<ReviewForm>) -> PageResult {
    let at = Showing::new(&view.state, &view.staff);
    let (state, lang) = (at.state, at.lang());
    let waiting = at
        .ask(async |app, who| app.incidents_to_review(who).await)
        .await?;
    let latest = latest_view(state, lang).await.or_page(state, lang)?;
    let next = next_publishable(state, latest.as_ref().map(|(_, p)| *p))
        .await
        .or_page(state, lang)?;
    let next = match next {
        Some(Ok(m)) => lang.t_args("staff-obs-next-month", &[("month", month_label(lang, m))]),
        Some(Err(m)) => lang.t_args("staff-obs-next-wait", &[("month", month_label(lang, m))]),
        None => lang.t("staff-obs-next-nothing"),
    };
    let links = [
        ("staff-obs-link-incidents", "/incidents"),
        ("staff-obs-link-new", "/incidents/nouveau"),
        ("staff-obs-link-publish", "/publier"),
        ("staff-obs-link-context", "/contexte"),
    ]
    .iter()
    .map(|(key, suffix)| (lang.t(key), obs_path(lang, suffix)))
    .collect();
    let page = OverviewPage {
        page: at.staff_page("staff-obs-title", "/espace/observatoire"),
        to_review: lang.t_args("staff-obs-to-review", &[("count", waiting.to_string())]),
        review_href: obs_path(lang, "/incidents?status=proposed"),
        latest: latest.map(|(v, _)| v),
        public_href: public_path(lang),
        next,
        links,
    };
    Ok(at.render(&page))
}
