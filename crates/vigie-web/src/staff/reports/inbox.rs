//! The inbox (`GET /espace/signalements`): the reports the reader's teams (or the reader in person)
//! hold, with filters and pages.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::reports::{InboxFilter, InboxQuery};
use vigie_domain::report::{Category, ReportStatus};
use vigie_domain::{LabelId, TeamId, UserId};

use super::{ReportForm, category_name, district_name, report_path, status_name};
use crate::staff::kit::{OrPage, PageResult, View, field};
use crate::staff::pager::{Pager, page_param};
use crate::staff::{Opt, StaffPage, render, staff_page, staff_template};

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
}

#[derive(Template)]
#[template(path = "staff/reports.html")]
struct InboxPage {
    page: StaffPage,
    rows: Vec<InboxRow>,
    count: String,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    districts: Vec<Opt>,
    teams: Vec<Opt>,
    assignees: Vec<Opt>,
    labels: Vec<Opt>,
    pages: Pager,
}

staff_template!(InboxPage);

fn options<T: PartialEq>(
    items: impl IntoIterator<Item = (T, String, String)>,
    current: &Option<T>,
) -> Vec<Opt> {
    items
        .into_iter()
        .map(|(v, value, label)| Opt {
            selected: current.as_ref() == Some(&v),
            value,
            label,
        })
        .collect()
}

/// `GET /espace/signalements`: the reports the reader's teams (or the reader in person) hold, newest
/// first, filtered by the query string; values that are not valid codes are ignored.
pub async fn inbox(view: View<ReportForm>) -> PageResult {
    let (state, staff, pairs) = view.parts();
    let lang = staff.lang;
    let dir = state.app.staff_names().await.or_page(&state, lang)?;
    let areas = &state.app.settings().areas;
    let status = field(&pairs, "status").parse::<ReportStatus>().ok();
    let category = field(&pairs, "category").parse::<Category>().ok();
    let district = areas
        .district(field(&pairs, "district"))
        .map(|d| d.code.clone());
    let team = field(&pairs, "team").parse::<TeamId>().ok();
    let assignee = field(&pairs, "assignee").parse::<UserId>().ok();
    let label = field(&pairs, "label").parse::<LabelId>().ok();
    let page = page_param(&pairs);
    let q = InboxQuery {
        filter: InboxFilter {
            status,
            category,
            district: district.clone(),
            team,
            assignee,
            label,
        },
        page,
    };
    let found = state
        .app
        .inbox(&staff.principal, &q)
        .await
        .or_page(&state, lang)?;
    let rows = found
        .reports
        .iter()
        .map(|r| InboxRow {
            href: report_path(lang, r.id, ""),
            number: r.number,
            category: category_name(lang, r.category),
            district: district_name(&state, &r.district),
            status: status_name(lang, r.status),
            day: r.received_day.clone(),
            team: dir.team(r.team),
            assignee: r.assignee.map(|u| dir.user(u)).unwrap_or_default(),
            unread: r.team_unread,
        })
        .collect();
    // The filters, carried over to the other pages (codes and ids only: nothing to escape).
    let kept: Vec<String> = [
        ("status", status.map(|s| s.as_str().to_owned())),
        ("category", category.map(|c| c.as_str().to_owned())),
        ("district", district),
        ("team", team.map(|t| t.to_string())),
        ("assignee", assignee.map(|u| u.to_string())),
        ("label", label.map(|l| l.to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")))
    .collect();
    let pages = Pager::new(
        lang,
        "staff-reports-page-of",
        &lang.path("/espace/signalements"),
        &kept,
        (found.page, found.total, found.per_page),
    );
    let page = InboxPage {
        page: staff_page(
            &state,
            &staff,
            "staff-reports-title",
            "/espace/signalements",
        ),
        rows,
        count: lang.t_args("staff-reports-count", &[("count", found.total.to_string())]),
        statuses: options(
            ReportStatus::ALL
                .iter()
                .map(|s| (*s, s.as_str().to_owned(), status_name(lang, *s))),
            &status,
        ),
        categories: options(
            Category::ALL
                .iter()
                .map(|c| (*c, c.as_str().to_owned(), category_name(lang, *c))),
            &category,
        ),
        districts: Opt::districts(&state, q.filter.district.as_deref()),
        teams: options(
            dir.teams
                .iter()
                .map(|(id, name)| (*id, id.to_string(), name.clone())),
            &team,
        ),
        assignees: options(
            dir.handlers
                .iter()
                .map(|(id, name)| (*id, id.to_string(), name.clone())),
            &assignee,
        ),
        labels: options(
            dir.labels
                .iter()
                .map(|(id, name)| (*id, id.to_string(), name.clone())),
            &label,
        ),
        pages,
    };
    Ok(render(&page, StatusCode::OK, lang))
}
