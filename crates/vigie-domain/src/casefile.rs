//! Victims' files (dossiers): one per person, in a household and an affaire others may share, with
//! a timeline, next steps, dated assessments and consents; the rules a caseworker's input follows.
//!
//! Only the person's role, the file's status, team, assignee, age band, sex, the day of the next due
//! step, the days it was opened, last in contact and closed, and the consents jobs act on are clear
//! (DESIGN.md section 2); everything here that carries words is sealed by the application.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::help::{Asker, Need};
use crate::report::MAX_TEXT_CHARS;

/// Longest name, contact, address line or label, in characters.
pub const MAX_FIELD_CHARS: usize = 500;

code_enum!(
    /// The person's place in what happened.
    PersonRole {
        /// Victime directe.
        DirectVictim => "direct_victim",
        /// Victime indirecte (a relative: the mother, the brother).
        IndirectVictim => "indirect_victim",
        /// Témoin.
        Witness => "witness",
    }
);

impl PersonRole {
    /// The role a help request's asker most likely has (the caseworker can change it).
    pub fn from_asker(asker: Asker) -> PersonRole {
        match asker {
            Asker::Victim | Asker::Professional => PersonRole::DirectVictim,
            Asker::Family => PersonRole::IndirectVictim,
            Asker::Witness => PersonRole::Witness,
        }
    }
}

code_enum!(
    /// Where a file stands.
    FileStatus {
        /// Being followed.
        Open => "open",
        /// Closed with an outcome (it can be reopened).
        Closed => "closed",
        /// No contact for the retention period: a restricted archive, read-only, opened only by
        /// the custodian of its team with a reason, erased once its deadlines have run
        /// ([`crate::retention::FileRetention`]).
        Archived => "archived",
    }
);

code_enum!(
    /// The legal basis on which the file holds data about offences (RGPD art. 10, loi
    /// Informatique et libertés art. 46): acting on the victim's behalf, or the association's
    /// agrément. Clear: the processing register and the data-protection pages count by it.
    LegalBasis {
        /// Acting on the victim's behalf (mandat de la victime).
        VictimMandate => "victim_mandate",
        /// The association's agrément (victim-support association approved by the Justice
        /// ministry).
        Agrement => "agrement",
    }
);

code_enum!(
    /// Why the custodian opens an archived file (coded: the audit log keeps no free text).
    ArchiveReason {
        /// The person asks to exercise their right of access.
        AccessRequest => "access_request",
        /// A compensation request (CIVI, SARVI) that needs the file.
        Compensation => "compensation",
        /// A court or the police asked for it, with a legal basis.
        LegalRequest => "legal_request",
        /// The person came back and asks to be followed again.
        PersonReturned => "person_returned",
        /// A data-protection control (the DPO, the CNIL).
        Control => "control",
    }
);

code_enum!(
    /// Age band (clear: lists, indicators).
    AgeBand {
        /// Not known.
        Unknown => "unknown",
        /// Under 12.
        Under12 => "under_12",
        /// 12 to 17.
        Teen => "12_17",
        /// 18 to 25.
        Young => "18_25",
        /// 26 to 59.
        Adult => "26_59",
        /// 60 and over.
        Senior => "60_plus",
    }
);

code_enum!(
    /// Sex, as the person gives it (clear: indicators).
    Sex {
        /// Not known or not said.
        Unknown => "unknown",
        /// Female.
        Female => "female",
        /// Male.
        Male => "male",
    }
);

code_enum!(
    /// What a timeline entry records.
    EventKind {
        /// Entretien téléphonique.
        PhoneInterview => "phone_interview",
        /// Entretien en présence.
        Interview => "interview",
        /// Visite à domicile.
        HomeVisit => "home_visit",
        /// Accompagnement au tribunal.
        Court => "court",
        /// Accompagnement à l'hôpital.
        Hospital => "hospital",
        /// Accompagnement au commissariat.
        Police => "police",
        /// Orientation vers un partenaire.
        Referral => "referral",
        /// Séance d'un groupe de parole.
        GroupSession => "group_session",
    }
);

impl EventKind {
    /// Whether the entry is a contact with the person (it moves the retention clock).
    pub fn is_contact(self) -> bool {
        !matches!(self, EventKind::Referral)
    }

    /// Whether it counts as an interview ("aidée" after one, "accompagnée" after several).
    pub fn is_interview(self) -> bool {
        matches!(
            self,
            EventKind::PhoneInterview | EventKind::Interview | EventKind::HomeVisit
        )
    }
}

code_enum!(
    /// How a file was closed.
    Outcome {
        /// The needs were met.
        NeedsMet => "needs_met",
        /// Followed elsewhere (a partner, another association).
        FollowedElsewhere => "followed_elsewhere",
        /// The person ended the support.
        PersonEnded => "person_ended",
        /// No contact any more.
        NoContact => "no_contact",
        /// Moved away.
        MovedAway => "moved_away",
    }
);

code_enum!(
    /// Risk level of an assessment.
    Risk {
        /// No known threat.
        Low => "low",
        /// Threats or pressure.
        Medium => "medium",
        /// Serious and current danger.
        High => "high",
    }
);

code_enum!(
    /// Who gave a consent.
    Consenter {
        /// The person.
        Person => "person",
        /// A legal representative (a parent of a minor, a guardian).
        LegalRepresentative => "legal_representative",
    }
);

/// Kinds of recipient a consent may name: the partner directory's kinds, so that a referral to a
/// partner is checked against the kind its entry holds.
pub use crate::partner::PartnerKind as RecipientKind;

code_enum!(
    /// A sealed field of the person's details, each sealed on its own.
    DetailField {
        /// Nom et prénom.
        Name => "name",
        /// Téléphone, e-mail, and when it is safe.
        Contact => "contact",
        /// Adresse.
        Address => "address",
        /// Situation (family, work, what happened).
        Situation => "situation",
        /// Signalements particuliers (do not call in the evening, a relative not to meet...).
        Flags => "flags",
    }
);

/// A timeline entry, sealed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// What it was.
    pub kind: EventKind,
    /// The day it took place.
    pub day: NaiveDate,
    /// What was said or done (may be empty).
    pub note: String,
}

/// A next step, sealed; a new version of the same `id` replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Stable across versions.
    pub id: Uuid,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due: NaiveDate,
    /// Done.
    pub done: bool,
}

/// A dated needs and risk assessment with its safety plan, sealed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The day it was made.
    pub day: NaiveDate,
    /// The needs found.
    pub needs: Vec<Need>,
    /// The risk level.
    pub risk: Risk,
    /// Intimidation or threats of reprisal reported.
    pub intimidation: bool,
    /// What was assessed.
    pub note: String,
    /// The safety plan agreed with the person (may be empty).
    pub safety_plan: String,
}

/// A consent given, dated, sealed; the newest is in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Who gave it.
    pub by: Consenter,
    /// The day it was given.
    pub day: NaiveDate,
    /// To be supported (the file itself).
    pub services: bool,
    /// To be counted in the published anonymous statistics.
    pub statistics: bool,
    /// The kinds of partner that may receive an extract.
    pub recipients: Vec<RecipientKind>,
    /// Never share with (a named relative, a body), free text, one per line.
    pub never_share: Vec<String>,
}

impl Consent {
    /// Whether extracts may go to partners at all.
    pub fn allows_sharing(&self) -> bool {
        self.services && !self.recipients.is_empty()
    }

    /// Whether an extract may go to a partner of `kind` called `names` (its directory name, its
    /// account name) without an override: sharing allowed, that kind consented to, and none of the
    /// names on the "never share with" list (a line matches a name that holds it or that it holds,
    /// ignoring case and surrounding spaces).
    pub fn permits(&self, kind: RecipientKind, names: &[&str]) -> bool {
        self.allows_sharing() && self.recipients.contains(&kind) && !self.never_shares_with(names)
    }

    /// Whether one of `names` is on the "never share with" list.
    pub fn never_shares_with(&self, names: &[&str]) -> bool {
        let names: Vec<String> = names
            .iter()
            .map(|n| n.trim().to_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        self.never_share
            .iter()
            .map(|l| l.trim().to_lowercase())
            .filter(|l| !l.is_empty())
            .any(|l| {
                names
                    .iter()
                    .any(|n| n.contains(&l) || l.contains(n.as_str()))
            })
    }
}

/// A withdrawal of consent the person made (from `/suivi`) or told their caseworker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// The day.
    pub day: NaiveDate,
    /// Publication in statistics withdrawn.
    pub statistics: bool,
    /// Sharing with partners withdrawn (open referrals are revoked).
    pub sharing: bool,
}

/// A reading of an archived file by the custodian, with their reason: sealed in the file (the
/// audit log records the coded reason and the explanation's length, never its words).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveRead {
    /// The day.
    pub day: NaiveDate,
    /// Why, coded.
    pub reason: ArchiveReason,
    /// Why, in the custodian's words.
    pub explanation: String,
}

impl ArchiveRead {
    /// Checks the custodian's reason: a known code and an explanation of a few words.
    pub fn new(day: NaiveDate, reason: &str, explanation: &str) -> Result<Self, CaseInputError> {
        let reason = code(reason, "motif")?;
        let explanation = required_text(explanation, "explication", MAX_FIELD_CHARS)?;
        Ok(ArchiveRead {
            day,
            reason,
            explanation,
        })
    }
}

/// A caseworker's input that breaks a rule, with what to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaseInputError {
    /// A required field is empty.
    #[error("le champ « {0} » est obligatoire / “{0}” is required")]
    Required(&'static str),
    /// A field is too long.
    #[error("le champ « {0} » dépasse {1} caractères / “{0}” is longer than {1} characters")]
    TooLong(&'static str, usize),
    /// A code is not one of the allowed values.
    #[error("valeur inconnue pour « {0} » / unknown value for “{0}”")]
    Unknown(&'static str),
    /// A date is not `YYYY-MM-DD`, or out of range.
    #[error("date invalide pour « {0} » (AAAA-MM-JJ) / bad date for “{0}” (YYYY-MM-DD)")]
    BadDate(&'static str),
    /// Dates in an order that cannot be (French words, English words).
    #[error("dates incohérentes : {} / inconsistent dates: {}", .0.0, .0.1)]
    Dates((&'static str, &'static str)),
}

/// A required short text, trimmed.
pub fn required_text(raw: &str, field: &'static str, max: usize) -> Result<String, CaseInputError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(CaseInputError::Required(field));
    }
    bounded_text(t, field, max)
}

/// An optional text, trimmed (empty allowed).
pub fn bounded_text(raw: &str, field: &'static str, max: usize) -> Result<String, CaseInputError> {
    let t = raw.trim();
    if t.chars().count() > max {
        return Err(CaseInputError::TooLong(field, max));
    }
    Ok(t.to_owned())
}

/// A note or plan (up to a report's length).
pub fn long_text(raw: &str, field: &'static str) -> Result<String, CaseInputError> {
    bounded_text(raw, field, MAX_TEXT_CHARS)
}

/// A code among `T::ALL`.
pub fn code<T: std::str::FromStr>(raw: &str, field: &'static str) -> Result<T, CaseInputError> {
    match raw.trim() {
        "" => Err(CaseInputError::Required(field)),
        c => c.parse().map_err(|_| CaseInputError::Unknown(field)),
    }
}

/// A `YYYY-MM-DD` day between 1900 and 2200.
pub fn day(raw: &str, field: &'static str) -> Result<NaiveDate, CaseInputError> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| CaseInputError::BadDate(field))?;
    let year = chrono::Datelike::year(&d);
    if !(1900..=2200).contains(&year) {
        return Err(CaseInputError::BadDate(field));
    }
    Ok(d)
}

/// The text of each line, trimmed, without empty lines; at most 20 lines of `MAX_FIELD_CHARS`.
pub fn lines(raw: &str, field: &'static str) -> Result<Vec<String>, CaseInputError> {
    let out: Vec<String> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if out.len() > 20 || out.iter().any(|l| l.chars().count() > MAX_FIELD_CHARS) {
        return Err(CaseInputError::TooLong(field, MAX_FIELD_CHARS));
    }
    Ok(out)
}

/// The first undone step's due day (the clear `next_due_day`), from the newest version of each step.
pub fn next_due(steps: &[Step]) -> Option<NaiveDate> {
    steps.iter().filter(|s| !s.done).map(|s| s.due).min()
}

/// The newest version of each step (later entries replace earlier ones with the same id), in
/// order of due day.
pub fn current_steps(versions: impl IntoIterator<Item = Step>) -> Vec<Step> {
    let mut out = newest_versions(versions, |s| s.id);
    out.sort_by_key(|s| (s.done, s.due));
    out
}

/// The newest version of each record (later entries replace earlier ones with the same `id`), in
/// the order each was first recorded.
pub fn newest_versions<T>(
    versions: impl IntoIterator<Item = T>,
    id: impl Fn(&T) -> Uuid,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for v in versions {
        match out.iter_mut().find(|o| id(o) == id(&v)) {
            Some(o) => *o = v,
            None => out.push(v),
        }
    }
    out
}

/// "Aidée" (one interview) or "accompagnée" (several), from the timeline.
pub fn is_accompanied(events: &[Event]) -> bool {
    events.iter().filter(|e| e.kind.is_interview()).count() > 1
}

/// Folds a name for search: lower case, accents and punctuation dropped, spaces collapsed.
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether `name` matches a search: every word of the query starts a word of the name.
pub fn name_matches(folded_name: &str, folded_query: &str) -> bool {
    folded_query
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|q| folded_name.split(' ').any(|w| w.starts_with(q)))
}

#[cfg(test)]
#[path = "casefile_tests.rs"]
mod tests;
