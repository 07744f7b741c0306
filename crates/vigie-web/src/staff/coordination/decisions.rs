//! Actions: the follow-up of open actions across meetings (`/espace/coordination/actions`, overdue
//! first), and the form that sets an action's status.

use askama::Template;
use vigie_domain::DecisionId;
use vigie_domain::coordination::DecisionStatus;

use super::{CoordinationGate, DecisionGate, DueRow, area, area_path, due_rows};
use crate::Lang;
use crate::staff::casework::code_name;
use crate::staff::kit::{Landed, PageResult, Post, View, done, from_pairs};
use crate::staff::outcomes::CoordinationDone;
use crate::staff::{Opt, StaffPage, staff_template};

/// A status, translated.
pub(super) fn status_name(lang: Lang, s: DecisionStatus) -> String {
    code_name(lang, "staff-coord-status", s.as_str())
}

/// The status options, `current` marked.
pub(super) fn statuses(lang: Lang, current: DecisionStatus) -> Vec<Opt> {
    Opt::codes(
        DecisionStatus::ALL,
        Some(current),
        DecisionStatus::as_str,
        |s| status_name(lang, s),
    )
}

#[derive(Template)]
#[template(path = "staff/coordination/actions.html")]
struct FollowUpPage {
    page: StaffPage,
    rows: Vec<DueRow>,
    count_line: String,
}

staff_template!(FollowUpPage);

/// `GET /espace/coordination/actions`.
pub async fn follow_up(view: View<CoordinationGate>) -> PageResult {
    let at = view.showing::<CoordinationDone>();
    let f = at
        .ask(async |app, who| app.coordination_follow_up(who).await)
        .await?;
    let lang = at.lang();
    let overdue = f.open.iter().filter(|d| d.overdue).count();
    let page = FollowUpPage {
        page: at.staff_page("staff-coord-actions-title", &area("/actions")),
        count_line: lang.t_args(
            "staff-coord-actions-count",
            &[
                ("open", f.open.len().to_string()),
                ("overdue", overdue.to_string()),
            ],
        ),
        rows: due_rows(lang, &f.open),
    };
    Ok(at.render(&page))
}

/// The status form as posted.
#[derive(Default)]
pub struct StatusForm {
    status: String,
}

from_pairs!(StatusForm { status; ticks: ; lists: });

/// `POST /espace/coordination/actions/{id}/statut`: back to the action's meeting.
pub async fn set_status(post: Post<DecisionGate, StatusForm>) -> PageResult {
    let (state, staff, id, form): (_, _, DecisionId, _) = post.parts();
    let lang = staff.lang;
    let Ok(status) = form.status.trim().parse::<DecisionStatus>() else {
        return Err(
            crate::PageError::bad_request(lang, "staff-coord-error-status").with_config(&state.web),
        );
    };
    let meeting = state
        .app
        .set_decision_status(&staff.principal, id, status)
        .await
        .map_err(|e| crate::staff::kit::record_error(&state, lang, e, None))?;
    Ok(done(
        &area_path(lang, &format!("/reunions/{meeting}")),
        CoordinationDone::StatusChanged,
    ))
}
