//! Coordination (issue 12, items 8 and 9): the meetings of the local security and crime-prevention
//! council (CLSPD: plenary, thematic groups, restricted groups), their decisions and actions, and
//! the rules of its charter, enforced rather than advised:
//!
//! - minutes carry no name: every free text of a meeting is checked by [`looks_like_name`], and a
//!   form whose text looks like a person's name comes back with a warning the user must confirm;
//! - a named situation is discussed only in a restricted group ([`validate_situation`] refuses it
//!   on any other meeting), and it never goes into the minutes: with the person's consent, it goes
//!   to the caseworkers' team as a help request ([`NewHelpRequest`]);
//! - only staff who accepted the charter take part (the app keeps the list).

use chrono::NaiveDate;

pub use crate::form::{MAX_LINE_CHARS, MAX_NAME_CHARS, MAX_NOTES_CHARS};
use crate::form::{code, required_picks, required_text, text};
use crate::help::{Asker, Channel, HelpContact, HelpContent, Need, NewHelpRequest, Urgency};
use crate::help_link::{CopiedText, TextSource};
use crate::{DecisionId, MeetingId, UserId};

mod names;
pub use names::looks_like_name;

code_enum!(
    /// What kind of CLSPD meeting.
    MeetingKind {
        /// The plenary assembly.
        Plenary => "plenary",
        /// A thematic working group.
        Thematic => "thematic",
        /// A restricted group: the only one where a named situation may be discussed.
        Restricted => "restricted",
    }
);

code_enum!(
    /// Where a decision's action stands.
    DecisionStatus {
        /// To be done.
        Open => "open",
        /// Done.
        Done => "done",
        /// Given up.
        Dropped => "dropped",
    }
);

/// Longest minutes, in characters.
pub const MAX_MINUTES_CHARS: usize = 20_000;
/// Most organisations a meeting may list.
pub const MAX_ORGANISATIONS: usize = 60;
/// Longest reference of an STSPD action sheet.
pub const MAX_SHEET_CHARS: usize = 40;
/// How many years back a meeting may be recorded.
pub const YEARS_BACK: i32 = 5;
/// How many days ahead a meeting or a due date may be.
pub const DAYS_AHEAD: i64 = 3 * 366;

form_problem! {
    /// What is wrong with a field of a coordination form.
    pub enum Problem {
        /// Not a day, or out of range.
        #[error("not a day in range")]
        BadDay,
        /// More organisations than a meeting may list.
        #[error("too many organisations")]
        TooMany,
        /// The text looks like it names a person (a warning the user may confirm).
        #[error("looks like a person's name")]
        LooksLikeName,
        /// A named situation on a meeting that is not a restricted group.
        #[error("a named situation outside a restricted group")]
        NotRestricted,
        /// The person's consent was not given.
        #[error("no consent")]
        NoConsent,
        /// Not a phone number or an e-mail address.
        #[error("not a phone number or an e-mail address")]
        BadContact,
    }
}

/// A form's errors, each beside its field (the field's name in the form), in the form's order.
pub type FormErrors = Vec<(String, Problem)>;

/// A meeting's clear half: what the lists show and the policy reads. The minutes are sealed apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    /// Plenary, thematic or restricted.
    pub kind: MeetingKind,
    /// Its day (no time).
    pub day: NaiveDate,
    /// Where (a room, a town hall: never a person's address).
    pub place: String,
    /// The organisations present, in the form's order, each once.
    pub organisations: Vec<String>,
    /// The agenda (no name: checked).
    pub agenda: String,
    /// The staff accounts who took part (the minutes are sealed for them), sorted.
    pub participants: Vec<UserId>,
}

/// The meeting form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeetingForm {
    /// [`MeetingKind`] code.
    pub kind: String,
    /// Its day.
    pub day: String,
    /// Where.
    pub place: String,
    /// The organisations present, one a line.
    pub organisations: String,
    /// The agenda.
    pub agenda: String,
    /// Participants' account ids (checkboxes).
    pub participants: Vec<String>,
    /// The user confirmed that no text names a person (after a warning).
    pub confirm_no_name: bool,
}

/// A day within the range a coordination form accepts, or its error beside `field`.
fn day_in_range(
    raw: &str,
    field: &str,
    today: NaiveDate,
    errors: &mut FormErrors,
) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(chrono::Datelike::year(&today) - YEARS_BACK, 1, 1);
    let last = today + chrono::Duration::days(DAYS_AHEAD);
    match raw.trim() {
        "" => {
            errors.push((field.into(), Problem::Required));
            None
        }
        s => match crate::prevention::parse_day(s) {
            Some(d) if first.is_some_and(|f| d >= f) && d <= last => Some(d),
            _ => {
                errors.push((field.into(), Problem::BadDay));
                None
            }
        },
    }
}

/// Warns (beside `field`) when `value` looks like it names a person, unless the user confirmed.
fn no_name(value: Option<&str>, field: &str, confirmed: bool, errors: &mut FormErrors) {
    if !confirmed && value.and_then(looks_like_name).is_some() {
        errors.push((field.into(), Problem::LooksLikeName));
    }
}

/// The organisations, one a line, trimmed, each once, at least one.
fn organisations(raw: &str, errors: &mut FormErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > MAX_NAME_CHARS {
            errors.push(("organisations".into(), Problem::TooLong));
            return Vec::new();
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(line)) {
            out.push(line.to_owned());
        }
    }
    if out.is_empty() {
        errors.push(("organisations".into(), Problem::Required));
    } else if out.len() > MAX_ORGANISATIONS {
        errors.push(("organisations".into(), Problem::TooMany));
    }
    out
}

/// Checks a posted meeting form; `allowed` are the accounts that may take part (active
/// coordinators who accepted the charter).
pub fn validate_meeting(
    form: &MeetingForm,
    allowed: &[UserId],
    today: NaiveDate,
) -> Result<Meeting, FormErrors> {
    let mut errors = FormErrors::new();
    let kind = code::<MeetingKind, _, _>(&form.kind, "kind", &mut errors);
    let day = day_in_range(&form.day, "day", today, &mut errors);
    let place = required_text(&form.place, MAX_LINE_CHARS, "place", &mut errors);
    let organisations = organisations(&form.organisations, &mut errors);
    let agenda = required_text(&form.agenda, MAX_NOTES_CHARS, "agenda", &mut errors);
    let participants = required_picks(
        &form.participants,
        "participants",
        |p| p.parse().ok().filter(|id| allowed.contains(id)),
        &mut errors,
    );
    no_name(
        agenda.as_deref(),
        "agenda",
        form.confirm_no_name,
        &mut errors,
    );
    match (kind, day, place, agenda) {
        (Some(kind), Some(day), Some(place), Some(agenda)) if errors.is_empty() => Ok(Meeting {
            kind,
            day,
            place,
            organisations,
            agenda,
            participants,
        }),
        _ => Err(errors),
    }
}

/// The minutes form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MinutesForm {
    /// The minutes.
    pub minutes: String,
    /// The user confirmed that they name nobody (after a warning).
    pub confirm_no_name: bool,
}

/// Checks posted minutes: required, within length, and naming nobody (or confirmed so).
pub fn validate_minutes(form: &MinutesForm) -> Result<String, FormErrors> {
    let mut errors = FormErrors::new();
    let minutes = required_text(&form.minutes, MAX_MINUTES_CHARS, "minutes", &mut errors);
    no_name(
        minutes.as_deref(),
        "minutes",
        form.confirm_no_name,
        &mut errors,
    );
    match minutes {
        Some(m) if errors.is_empty() => Ok(m),
        _ => Err(errors),
    }
}

/// A decision of a meeting and the action it asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The meeting it was taken at.
    pub meeting: MeetingId,
    /// What was decided (no name: checked).
    pub text: String,
    /// The organisation that carries it out.
    pub owner: String,
    /// When it is due.
    pub due: NaiveDate,
    /// Where it stands.
    pub status: DecisionStatus,
    /// The STSPD action sheet it answers, if any (a reference such as `FA 2.1`).
    pub sheet: Option<String>,
}

impl Decision {
    /// Open and due before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status == DecisionStatus::Open && self.due < today
    }
}

/// The decision form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecisionForm {
    /// What was decided.
    pub text: String,
    /// The owner organisation.
    pub owner: String,
    /// The due day.
    pub due: String,
    /// The STSPD action sheet.
    pub sheet: String,
    /// The user confirmed that it names nobody (after a warning).
    pub confirm_no_name: bool,
}

/// Checks a posted decision of meeting `meeting`.
pub fn validate_decision(
    form: &DecisionForm,
    meeting: MeetingId,
    today: NaiveDate,
) -> Result<Decision, FormErrors> {
    let mut errors = FormErrors::new();
    let text_ = required_text(&form.text, MAX_LINE_CHARS, "text", &mut errors);
    let owner = required_text(&form.owner, MAX_NAME_CHARS, "owner", &mut errors);
    let due = day_in_range(&form.due, "due", today, &mut errors);
    let sheet = text(&form.sheet, MAX_SHEET_CHARS, "sheet", &mut errors);
    no_name(text_.as_deref(), "text", form.confirm_no_name, &mut errors);
    match (text_, owner, due) {
        (Some(text), Some(owner), Some(due)) if errors.is_empty() => Ok(Decision {
            meeting,
            text,
            owner,
            due,
            status: DecisionStatus::Open,
            sheet,
        }),
        _ => Err(errors),
    }
}

/// A decision as stored, with its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionRecord {
    /// Random id.
    pub id: DecisionId,
    /// The decision.
    pub decision: Decision,
}

/// The named-situation form as posted (restricted groups only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SituationForm {
    /// The situation, in words (it may name the person: it goes to the caseworkers sealed).
    pub situation: String,
    /// [`Need`] codes (checkboxes).
    pub needs: Vec<String>,
    /// [`Urgency`] code.
    pub urgency: String,
    /// How the caseworkers reach the person: a phone number or an e-mail address.
    pub contact: String,
    /// The person consented to the transmission (a required checkbox).
    pub consent: bool,
}

/// Checks a named situation raised at a meeting of `kind`: refused outright outside a restricted
/// group; otherwise a help request for the caseworkers' team, asked by a professional, with the
/// situation as a text copied from the coordination on `day` and the contact sealed for the team.
pub fn validate_situation(
    form: &SituationForm,
    kind: MeetingKind,
    (day, now): (NaiveDate, i64),
) -> Result<NewHelpRequest, FormErrors> {
    let mut errors = FormErrors::new();
    if kind != MeetingKind::Restricted {
        errors.push(("situation".into(), Problem::NotRestricted));
        return Err(errors);
    }
    let situation = required_text(
        &form.situation,
        crate::help::MAX_MESSAGE_CHARS,
        "situation",
        &mut errors,
    );
    let needs: Vec<Need> = required_picks(&form.needs, "needs", |n| n.parse().ok(), &mut errors);
    let urgency = code::<Urgency, _, _>(&form.urgency, "urgency", &mut errors);
    let contact = required_text(&form.contact, MAX_LINE_CHARS, "contact", &mut errors);
    let channel = contact.as_deref().and_then(|c| {
        if crate::form::looks_like_email(c) {
            Some(Channel::Email)
        } else if crate::form::looks_like_phone(c) {
            Some(Channel::Phone)
        } else {
            errors.push(("contact".into(), Problem::BadContact));
            None
        }
    });
    if !form.consent {
        errors.push(("consent".into(), Problem::NoConsent));
    }
    match (situation, urgency, contact, channel) {
        (Some(situation), Some(urgency), Some(contact), Some(channel)) if errors.is_empty() => {
            Ok(NewHelpRequest {
                asker: Asker::Professional,
                urgency,
                district: None,
                content: HelpContent {
                    needs,
                    message: None,
                    channel,
                    submitted_at: now,
                    copied: vec![CopiedText {
                        source: TextSource::Coordination,
                        day: crate::time::day_string(day),
                        text: situation,
                    }],
                },
                contact: Some(HelpContact {
                    channel,
                    contact,
                    safe_times: None,
                    code_word: None,
                }),
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
#[path = "coordination_tests.rs"]
mod tests;
