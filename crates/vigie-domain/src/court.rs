//! Court follow-up (dossiers judiciaires): where a victim's case stands in the criminal courts, their
//! civil-party and legal-aid status, and the compensation deadlines that follow from the dates a
//! caseworker enters ([`deadlines`]).
//!
//! Everything here is pure data and arithmetic on days: the web asks which deadlines apply to a case
//! and shows them as indicative, with the date of the legal table they come from.

pub mod case;
pub mod deadlines;
pub mod table;

pub use case::{CourtCase, CourtUpdate, Hearing, MAX_HEARINGS, current_cases, hold_until};
pub use deadlines::{
    CaseDates, Deadline, DeadlineError, DeadlineNote, DeadlineSheet, FinalDecision, deadlines,
};
pub use table::{
    DEADLINE_TABLE, MAJORITY_YEARS, MINORITY_RULE_FROM, Relief, Rule, RuleKey, Scheme, Start,
    TABLE_DATE,
};

code_enum!(
    /// Where a criminal case stands (the stages a caseworker follows, in their usual order).
    CourtStage {
        /// Plainte: the complaint was filed (police, gendarmerie or the prosecutor).
        Complaint => "complaint",
        /// Enquête: the police investigate under the prosecutor.
        Investigation => "investigation",
        /// Classement sans suite: the prosecutor dropped the case (it may be reopened, or the victim
        /// may bring it before a judge themself).
        Dismissed => "dismissed",
        /// Instruction: an investigating judge (juge d'instruction) was appointed.
        JudicialInvestigation => "judicial_investigation",
        /// Audience: a hearing is set before the tribunal correctionnel or another court.
        Hearing => "hearing",
        /// Cour d'assises: trial of a crime with a jury.
        AssizeCourt => "assize_court",
        /// Cour criminelle départementale: trial of certain crimes by professional judges.
        CriminalCourt => "criminal_court",
        /// Jugement: the court ruled at first instance.
        Judgment => "judgment",
        /// Appel: an appeal is pending.
        Appeal => "appeal",
        /// Exécution des peines: the sentence is being enforced (the victim may be informed of a
        /// release).
        SentenceEnforcement => "sentence_enforcement",
    }
);

impl CourtStage {
    /// Whether a case at this stage has been prosecuted (action publique mise en mouvement: an
    /// instruction opened or the case brought before a court), which extends the CIVI deadline to a
    /// year after the final decision (art. 706-5 CPP). A complaint under investigation or a
    /// classement sans suite is not a prosecution. The web may preset [`CaseDates::prosecuted`]
    /// with it.
    pub fn implies_prosecution(self) -> bool {
        !matches!(
            self,
            CourtStage::Complaint | CourtStage::Investigation | CourtStage::Dismissed
        )
    }
}

code_enum!(
    /// Whether the person is a civil party (partie civile) to the criminal case.
    CivilParty {
        /// Not a civil party.
        NotConstituted => "none",
        /// Constitué(e) partie civile.
        Constituted => "constituted",
        /// Intends to become one (before or at the hearing).
        Planned => "planned",
    }
);

code_enum!(
    /// Where the person's request for legal aid (aide juridictionnelle) stands.
    LegalAid {
        /// No request.
        NotRequested => "not_requested",
        /// A request is to be filed.
        Planned => "planned",
        /// Filed with the bureau d'aide juridictionnelle, awaiting its decision.
        Filed => "filed",
        /// Granted in full (aide totale).
        GrantedFull => "granted_full",
        /// Granted in part (aide partielle).
        GrantedPartial => "granted_partial",
        /// Refused (a recourse may be possible).
        Refused => "refused",
    }
);

#[cfg(test)]
mod tests;
