//! The caseworkers' list (`GET /espace/accompagnement`): the help requests their casework teams (or
//! they in person) hold, newest first, in pages.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::reports::InboxQuery;

use super::{RequestForm, asker_name, request_path, urgency_name};
use crate::staff::kit::{OrPage, PageResult, View};
use crate::staff::pager::{Pager, page_param};
use crate::staff::reports::status_name;
use crate::staff::{StaffPage, render, staff_page, staff_template};

/// One row of the list.
pub struct RequestRow {
    href: String,
    number: i64,
    asker: String,
    urgency: String,
    status: String,
    day: String,
    team: String,
    unread: i64,
}

#[derive(Template)]
#[template(path = "staff/casework/list.html")]
struct ListPage {
    page: StaffPage,
    rows: Vec<RequestRow>,
    count: String,
    pages: Pager,
}

staff_template!(ListPage);

/// `GET /espace/accompagnement`.
pub async fn list(view: View<RequestForm>) -> PageResult {
    let (state, staff, pairs) = view.parts();
    let lang = staff.lang;
    let dir = state.app.staff_names().await.or_page(&state, lang)?;
    let q = InboxQuery {
        page: page_param(&pairs),
        ..InboxQuery::default()
    };
    let found = state
        .app
        .help_inbox(&staff.principal, &q)
        .await
        .or_page(&state, lang)?;
    let rows = found
        .reports
        .iter()
        .filter_map(|r| {
            let help = r.help?;
            Some(RequestRow {
                href: request_path(lang, r.id, ""),
                number: r.number,
                asker: asker_name(lang, help.asker),
                urgency: urgency_name(lang, help.urgency),
                status: status_name(lang, r.status),
                day: r.received_day.clone(),
                team: dir.team(r.team),
                unread: r.team_unread,
            })
        })
        .collect();
    let pages = Pager::new(
        lang,
        "staff-reports-page-of",
        &lang.path("/espace/accompagnement"),
        &[],
        (found.page, found.total, found.per_page),
    );
    let page = ListPage {
        page: staff_page(&state, &staff, "staff-help-title", "/espace/accompagnement"),
        rows,
        count: lang.t_args("staff-help-count", &[("count", found.total.to_string())]),
        pages,
    };
    Ok(render(&page, StatusCode::OK, lang))
}
