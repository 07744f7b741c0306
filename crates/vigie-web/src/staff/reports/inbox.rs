//! The inbox (`GET /espace/signalements`): the reports the reader's teams (or the reader in person)
//! hold, with filters and pages.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::reports::InboxFilter;
use vigie_domain::report::{Category, ReportStatus};

use super::{ReportForm, district_name, report_path};
use crate::staff::kit::PageResult;
use crate::staff::list::{ListPage, Listing, list_template};
use crate::staff::words::word;
use crate::staff::{Opt, render};

/// One row of the inbox.
pub struct InboxRow {
    href: String,
    number: i64,
    category: String,
    district: String,
    status: String,
    day: String,
    team: String,
    assignee: String,
    unread: i64,
    /// The reporter's request to be put in touch with the casework team, where it stands.
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/reports.html")]
struct InboxPage {
    list: ListPage<InboxRow>,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    districts: Vec<Opt>,
    teams: Vec<Opt>,
    assignees: Vec<Opt>,
    labels: Vec<Opt>,
}

list_template!(InboxPage => InboxRow);

/// `GET /espace/signalements`: the reports the reader's teams (or the reader in person) hold, newest
/// first, filtered by the query string; values that are not valid codes are ignored.
pub async fn inbox(mut list: Listing<ReportForm>) -> PageResult {
    let lang = list.staff.lang;
    let dir = list.fetch(async |app, _| app.staff_names().await).await?;
    let filter = InboxFilter {
        status: list.code("status"),
        category: list.code("category"),
        district: list.district("district"),
        team: list.code("team"),
        assignee: list.code("assignee"),
        label: list.code("label"),
    };
    let found = list
        .fetch_page(filter.clone(), async |app, who, q| app.inbox(who, q).await)
        .await?;
    let state = &list.state;
    let rows = found
        .items
        .iter()
        .map(|r| InboxRow {
            href: report_path(lang, r.id, ""),
            number: r.number,
            category: word(lang, r.category),
            district: district_name(state, &r.district),
            status: word(lang, r.status),
            day: r.received_day.clone(),
            team: dir.team(r.team),
            assignee: r.assignee.map(|u| dir.user(u)).unwrap_or_default(),
            unread: r.team_unread,
            link: r
                .help_link
                .map(|l| lang.t(&format!("staff-reports-link-{}", l.as_str()))),
        })
        .collect();
    let f = &filter;
    let page = InboxPage {
        list: list.show("staff-reports-title", "/espace/signalements", &found, rows),
        statuses: Opt::worded(lang, ReportStatus::ALL, f.status),
        categories: Opt::worded(lang, Category::ALL, f.category),
        districts: Opt::districts(state, f.district.as_deref()),
        teams: Opt::named(&dir.teams, f.team),
        assignees: Opt::named(&dir.handlers, f.assignee),
        labels: Opt::named(&dir.labels, f.label),
    };
    Ok(render(&page, StatusCode::OK, lang))
}
