//! The coordination home (`/espace/coordination`): the CLSPD charter (accepted once, by a form
//! here), the actions due this week and those overdue (their numbers also go to the coordinators
//! with the daily digests), and every meeting (clear halves only: nothing is decrypted).

use askama::Template;
use vigie_domain::coordination::Meeting;
use vigie_domain::time::day_string;

use super::{CoordinationGate, DueRow, area, area_path, due_rows};
use crate::staff::kit::{Landed, PageResult, Post, done};
use crate::staff::kit::{OrPage, View};
use crate::staff::outcomes::CoordinationDone;
use crate::staff::words::word;
use crate::staff::{StaffPage, staff_template};

/// A meeting as a row of the list shows it.
pub struct MeetingRow {
    href: String,
    day: String,
    kind: String,
    place: String,
    organisations: usize,
    minutes: bool,
}

#[derive(Template)]
#[template(path = "staff/coordination/home.html")]
struct HomePage {
    page: StaffPage,
    charter_day: Option<String>,
    charter_action: String,
    rows: Vec<DueRow>,
    meetings: Vec<MeetingRow>,
    new_href: String,
}

staff_template!(HomePage);

/// `GET /espace/coordination`.
pub async fn page(view: View<CoordinationGate>) -> PageResult {
    let at = view.showing::<CoordinationDone>();
    let home = at
        .ask(async |app, who| app.coordination_home(who).await)
        .await?;
    let lang = at.lang();
    let row = |(id, m, minutes): &(vigie_domain::MeetingId, Meeting, bool)| MeetingRow {
        href: area_path(lang, &format!("/reunions/{id}")),
        day: day_string(m.day),
        kind: word(lang, m.kind),
        place: m.place.clone(),
        organisations: m.organisations.len(),
        minutes: *minutes,
    };
    let page = HomePage {
        page: at
            .staff_page("staff-coord-title", &area(""))
            .with_form::<CoordinationGate>(at.state, at.staff, &()),
        charter_day: home.charter_day,
        charter_action: area_path(lang, "/charte"),
        rows: due_rows(lang, &home.due),
        meetings: home.meetings.iter().map(row).collect(),
        new_href: area_path(lang, "/reunions/nouvelle"),
    };
    Ok(at.render(&page))
}

/// `POST /espace/coordination/charte`: the reader accepts the CLSPD charter.
pub async fn accept_charter(post: Post<CoordinationGate>) -> PageResult {
    let (state, staff, (), _) = post.parts();
    state
        .app
        .accept_coordination_charter(&staff.principal)
        .await
        .or_page(&state, staff.lang)?;
    Ok(done(
        &area_path(staff.lang, ""),
        CoordinationDone::CharterAccepted,
    ))
}
