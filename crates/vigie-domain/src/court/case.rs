//! A court case (dossier judiciaire) as a caseworker records it on a person's file: sealed whole,
//! versioned by a stable id (the newest version of each case wins, as for steps), validated here
//! with messages that say what to fix.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::deadlines::{CaseDates, DeadlineError, DeadlineSheet, FinalDecision, deadlines};
use super::{CivilParty, CourtStage, LegalAid};
use crate::casefile::{CaseInputError, MAX_FIELD_CHARS};

/// Most hearings a case keeps (older ones are history enough).
pub const MAX_HEARINGS: usize = 50;

/// A dated hearing, with what it is (renvoi, audience de jugement, audience civile...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    /// Its day.
    pub day: NaiveDate,
    /// What it is (may be empty).
    pub label: String,
}

/// A court case, sealed; a new version with the same `id` replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourtCase {
    /// Stable across versions.
    pub id: Uuid,
    /// The court (tribunal judiciaire de Marseille, cour d'assises des Bouches-du-Rhône...).
    pub court: String,
    /// Where the case stands.
    pub stage: CourtStage,
    /// Civil-party status.
    pub civil_party: CivilParty,
    /// The lawyer (free text until partners' accounts name one).
    pub lawyer: String,
    /// Hearings, by day.
    pub hearings: Vec<Hearing>,
    /// The legal-aid request.
    pub legal_aid: LegalAid,
    /// Whether the person's address for service is the police station (art. 706-57 CPP), so
    /// their own address stays out of the procedure.
    pub police_domicile: bool,
    /// That station (required when `police_domicile`).
    pub police_station: String,
    /// The day of the offence (the deadlines run from it).
    pub offence: NaiveDate,
    /// The birth date of the person the offence was committed against, when known (a minor's
    /// deadline runs from their majority).
    pub victim_birth: Option<NaiveDate>,
    /// The day of the decision that ruled definitively, once there is one.
    pub decision: Option<NaiveDate>,
    /// The day it became final, when known.
    pub final_on: Option<NaiveDate>,
    /// Whether it awarded the person damages (SARVI).
    pub damages_awarded: bool,
}

/// What the update form of a case changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourtUpdate {
    /// The new stage.
    pub stage: CourtStage,
    /// Civil-party status.
    pub civil_party: CivilParty,
    /// Legal aid.
    pub legal_aid: LegalAid,
    /// A hearing to add.
    pub hearing: Option<Hearing>,
    /// The final decision's day.
    pub decision: Option<NaiveDate>,
    /// The day it became final.
    pub final_on: Option<NaiveDate>,
    /// Damages awarded.
    pub damages_awarded: bool,
}

/// The French and English words of a date ordering error, for [`CaseInputError::Dates`].
fn dates_error(e: DeadlineError) -> CaseInputError {
    CaseInputError::Dates(match e {
        DeadlineError::BornAfterOffence => (
            "la date de naissance est postérieure à l'infraction",
            "the birth date is after the offence",
        ),
        DeadlineError::DecisionBeforeOffence => (
            "la décision est antérieure à l'infraction",
            "the decision is dated before the offence",
        ),
        DeadlineError::FinalBeforeDecision => (
            "la décision est devenue définitive avant d'être rendue",
            "the decision became final before it was made",
        ),
        DeadlineError::NotifiedBeforeOffence => (
            "la notification de la CIVI est antérieure à l'infraction",
            "the CIVI's notification is dated before the offence",
        ),
        DeadlineError::OutOfRange => ("une date est hors limites", "a date is out of range"),
    })
}

impl CourtCase {
    /// The dates the deadline computation needs.
    pub fn dates(&self) -> CaseDates {
        CaseDates {
            offence: self.offence,
            victim_birth: self.victim_birth,
            // A decision implies the case was judged, whatever stage was last entered.
            prosecuted: self.stage.implies_prosecution() || self.decision.is_some(),
            decision: self.decision.map(|decided| FinalDecision {
                decided,
                final_on: self.final_on,
                damages_awarded: self.damages_awarded,
            }),
            civi_inadmissible_notified: None,
        }
    }

    /// The compensation deadlines on `today`.
    pub fn deadlines(&self, today: NaiveDate) -> Result<DeadlineSheet, CaseInputError> {
        deadlines(&self.dates(), today).map_err(dates_error)
    }

    /// Checks what the caseworker entered: the station when the address for service is there, a
    /// final day only with a decision, dates in an order the deadlines can be computed from.
    pub fn validate(mut self) -> Result<CourtCase, CaseInputError> {
        self.court = crate::casefile::required_text(&self.court, "juridiction", MAX_FIELD_CHARS)?;
        self.lawyer = crate::casefile::bounded_text(&self.lawyer, "avocat", MAX_FIELD_CHARS)?;
        self.police_station =
            crate::casefile::bounded_text(&self.police_station, "commissariat", MAX_FIELD_CHARS)?;
        if self.police_domicile && self.police_station.is_empty() {
            return Err(CaseInputError::Required("commissariat"));
        }
        if self.final_on.is_some() && self.decision.is_none() {
            return Err(CaseInputError::Required("date de la décision"));
        }
        if self.damages_awarded && self.decision.is_none() {
            return Err(CaseInputError::Required("date de la décision"));
        }
        if self.hearings.len() > MAX_HEARINGS {
            return Err(CaseInputError::TooLong("audiences", MAX_HEARINGS));
        }
        for h in &mut self.hearings {
            h.label = crate::casefile::bounded_text(&h.label, "audience", MAX_FIELD_CHARS)?;
        }
        self.hearings.sort_by_key(|h| h.day);
        deadlines(&self.dates(), self.offence).map_err(dates_error)?;
        Ok(self)
    }

    /// This case with `update` applied, checked again.
    pub fn updated(mut self, update: CourtUpdate) -> Result<CourtCase, CaseInputError> {
        self.stage = update.stage;
        self.civil_party = update.civil_party;
        self.legal_aid = update.legal_aid;
        self.hearings.extend(update.hearing);
        self.decision = update.decision;
        self.final_on = update.final_on;
        self.damages_awarded = update.damages_awarded;
        self.validate()
    }

    /// The nearest hearing or compensation deadline on or after `today`, for the file's clear
    /// `next_due_day`. Dates that cannot be computed give none (validation refuses them).
    pub fn next_day(&self, today: NaiveDate) -> Option<NaiveDate> {
        let hearing = self.hearings.iter().map(|h| h.day).filter(|d| *d >= today);
        let deadline = self
            .deadlines(today)
            .ok()
            .and_then(|s| s.next_due().map(|d| d.due));
        hearing.chain(deadline).min()
    }
}

/// The day a file's court cases hold it in the archive until (its clear `hold_until_day`): the
/// last day of the latest compensation deadline or hearing of any case (newest version of each),
/// whether or not it has passed; none without a case. A prosecution still awaiting its decision
/// holds the file until the deadline known today: the caseworker's next entry moves it.
pub fn hold_until(versions: impl IntoIterator<Item = CourtCase>) -> Option<NaiveDate> {
    current_cases(versions)
        .iter()
        .filter_map(CourtCase::last_day)
        .max()
}

impl CourtCase {
    /// The last day of its latest compensation deadline or hearing ([`hold_until`]).
    pub fn last_day(&self) -> Option<NaiveDate> {
        let deadlines = self.deadlines(self.offence).ok()?;
        let deadline = deadlines.deadlines.iter().map(|d| d.due);
        deadline.chain(self.hearings.iter().map(|h| h.day)).max()
    }
}

/// The newest version of each case (later entries replace earlier ones with the same id), in the
/// order first recorded.
pub fn current_cases(versions: impl IntoIterator<Item = CourtCase>) -> Vec<CourtCase> {
    crate::casefile::newest_versions(versions, |c| c.id)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case() -> CourtCase {
        CourtCase {
            id: Uuid::nil(),
            court: " Tribunal judiciaire de Marseille ".into(),
            stage: CourtStage::Complaint,
            civil_party: CivilParty::NotConstituted,
            lawyer: String::new(),
            hearings: Vec::new(),
            legal_aid: LegalAid::NotRequested,
            police_domicile: false,
            police_station: String::new(),
            offence: day("2025-03-14"),
            victim_birth: None,
            decision: None,
            final_on: None,
            damages_awarded: false,
        }
    }

    #[test]
    fn validation_says_what_to_fix() {
        let ok = case().validate().unwrap();
        assert_eq!(ok.court, "Tribunal judiciaire de Marseille");
        let no_station = CourtCase {
            police_domicile: true,
            ..case()
        };
        assert_eq!(
            no_station.validate(),
            Err(CaseInputError::Required("commissariat"))
        );
        let early = CourtCase {
            decision: Some(day("2024-01-01")),
            ..case()
        };
        let e = early.validate().unwrap_err().to_string();
        assert!(e.contains("antérieure à l'infraction"), "{e}");
        let final_alone = CourtCase {
            final_on: Some(day("2026-01-01")),
            ..case()
        };
        assert!(final_alone.validate().is_err());
    }

    #[test]
    fn the_next_day_is_the_nearest_hearing_or_deadline_to_come() {
        let mut c = case();
        // CIVI: three years from the offence.
        assert_eq!(c.next_day(day("2026-12-06")), Some(day("2028-03-14")));
        c.hearings.push(Hearing {
            day: day("2027-02-01"),
            label: String::new(),
        });
        c.hearings.push(Hearing {
            day: day("2026-01-01"),
            label: String::new(),
        });
        assert_eq!(c.next_day(day("2026-12-06")), Some(day("2027-02-01")));
        let c = c
            .updated(CourtUpdate {
                stage: CourtStage::Judgment,
                civil_party: CivilParty::Constituted,
                legal_aid: LegalAid::GrantedFull,
                hearing: None,
                decision: Some(day("2027-06-01")),
                final_on: None,
                damages_awarded: false,
            })
            .unwrap();
        assert_eq!(c.hearings[0].day, day("2026-01-01"));
        assert_eq!(current_cases([case(), c.clone()]), vec![c.clone()]);
        // Held until the later of a year after the decision and three years from the offence.
        assert_eq!(hold_until([case()]), Some(day("2028-03-14")));
        assert_eq!(hold_until([case(), c]), Some(day("2028-06-01")));
        assert_eq!(hold_until([]), None);
    }
}
