//! Coordination (`/espace/coordination`, issue 12), for the prevention coordinators: the home page
//! (meetings, what is due this week, the CLSPD charter), a meeting's pages (its form, its page with
//! its decisions and the named-situation form of a restricted group, its sealed minutes) and the
//! follow-up of actions across meetings. The charter's rules are the domain's and the app's: these
//! pages show them and the errors beside their fields, a warning about a name included, which the
//! user may confirm.

pub(super) mod decisions;
pub(super) mod home;
// The partners map (issue 12, item 10).
pub(super) mod map;
pub(super) mod meetings;

use vigie_app::coordination::DueDecision;
use vigie_domain::coordination::{FormErrors, MeetingKind, Problem, looks_like_name};
use vigie_domain::time::day_string;
use vigie_domain::{DecisionId, MeetingId};

use super::kit::{PathId, gate};
use crate::Lang;
use crate::staff::showing::FieldErrors;
use crate::staff::words::{word, worded};

gate!(
    /// The area's home, its "new meeting" form, the charter and the follow-up.
    CoordinationGate: (), ManageCoordination, |()| "coordination";
    /// A meeting's forms (its minutes, a decision, a named situation): a token for one meeting
    /// opens no other.
    MeetingGate: MeetingId, ManageCoordination, |id| format!("meeting:{id}");
    /// An action's status form.
    DecisionGate: DecisionId, ManageCoordination, |id| format!("decision:{id}");
);

impl PathId for MeetingId {
    fn from_path(raw: Option<&str>) -> Option<Self> {
        raw?.parse().ok()
    }
}

impl PathId for DecisionId {
    fn from_path(raw: Option<&str>) -> Option<Self> {
        raw?.parse().ok()
    }
}

/// The area's address (French).
const AREA: &str = "/espace/coordination";

/// The address (French, unprefixed) of a page of the area.
fn area(suffix: &str) -> String {
    format!("{AREA}{suffix}")
}

/// The address of a page of the area in `lang`.
pub(super) fn area_path(lang: Lang, suffix: &str) -> String {
    lang.path(&area(suffix))
}

// A meeting kind in words (`crate::staff::words::word`).
worded!(MeetingKind => "staff-coord-kind");

/// `errors` in `lang`, each beside its field and in a summary whose lines link to the fields
/// (`{prefix}-{field}`). A warning about a name quotes what looked like one (`value` gives a field's
/// posted text), and the page then offers the box that confirms there is none.
pub fn field_errors(
    lang: Lang,
    errors: &FormErrors,
    prefix: &str,
    value: impl Fn(&str) -> String,
) -> FieldErrors {
    let mut name_warning = false;
    let mut out = FieldErrors::new(
        errors,
        lang.t("staff-coord-errors-intro"),
        |field, p| match p {
            Problem::LooksLikeName => {
                name_warning = true;
                let fragment = looks_like_name(&value(field)).unwrap_or_default();
                lang.t_args("staff-coord-error-name", &[("fragment", fragment)])
            }
            p => lang.t(message_key(field, *p)),
        },
        |field, message| (format!("{prefix}-{field}"), message.to_owned()),
    );
    out.name_warning = name_warning;
    out
}

/// The message key of an error.
fn message_key(field: &str, p: Problem) -> &'static str {
    use Problem as P;
    match (field, p) {
        ("charter", _) => "staff-coord-error-charter",
        ("participants", _) => "staff-coord-error-participants",
        (_, P::Required) => "staff-coord-error-required",
        (_, P::Unknown) => "staff-coord-error-unknown",
        (_, P::TooLong) => "staff-coord-error-too-long",
        (_, P::BadDay) => "staff-coord-error-day",
        (_, P::TooMany) => "staff-coord-error-too-many",
        (_, P::LooksLikeName) => "staff-coord-error-required",
        (_, P::NotRestricted) => "staff-coord-error-not-restricted",
        (_, P::NoConsent) => "staff-coord-error-consent",
        (_, P::BadContact) => "staff-coord-error-contact",
    }
}

/// An open action as a row shows it.
pub struct DueRow {
    text: String,
    owner: String,
    due: String,
    overdue: bool,
    sheet: String,
    meeting: String,
    meeting_href: String,
}

/// The rows of open actions.
pub(super) fn due_rows(lang: Lang, due: &[DueDecision]) -> Vec<DueRow> {
    due.iter()
        .map(|d| {
            let (kind, day) = d.meeting;
            DueRow {
                text: d.decision.text.clone(),
                owner: d.decision.owner.clone(),
                due: day_string(d.decision.due),
                overdue: d.overdue,
                sheet: d.decision.sheet.clone().unwrap_or_default(),
                meeting: format!("{} {}", word(lang, kind), day_string(day)),
                meeting_href: area_path(lang, &format!("/reunions/{}", d.decision.meeting)),
            }
        })
        .collect()
}
