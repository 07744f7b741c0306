//! The caseworkers' list (`GET /espace/accompagnement`): the help requests their casework teams (or
//! they in person) hold, newest first, in pages.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::reports::InboxFilter;

use super::{RequestForm, code_name, request_path};
use crate::staff::kit::PageResult;
use crate::staff::list::{ListPage, Listing, list_template};
use crate::staff::render;
use crate::staff::words::word;

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
struct RequestList {
    list: ListPage<RequestRow>,
}

list_template!(RequestList => RequestRow);

/// `GET /espace/accompagnement`.
pub async fn list(list: Listing<RequestForm>) -> PageResult {
    let lang = list.staff.lang;
    let dir = list.fetch(async |app, _| app.staff_names().await).await?;
    let found = list
        .fetch_page(InboxFilter::default(), async |app, who, q| {
            app.help_inbox(who, q).await
        })
        .await?;
    let rows = found
        .items
        .iter()
        .filter_map(|r| {
            let help = r.help?;
            Some(RequestRow {
                href: request_path(lang, r.id, ""),
                number: r.number,
                asker: code_name(lang, "staff-help-asker", help.asker.as_str()),
                urgency: code_name(lang, "staff-help-urgency", help.urgency.as_str()),
                status: word(lang, r.status),
                day: r.received_day.clone(),
                team: dir.team(r.team),
                unread: r.team_unread,
            })
        })
        .collect();
    let list = list.show("staff-help-title", "/espace/accompagnement", &found, rows);
    Ok(render(&RequestList { list }, StatusCode::OK, lang))
}
