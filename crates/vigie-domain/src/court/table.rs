//! The compensation deadline table: the legal rules, as data, with their references.
//!
//! Sources, read on the table's date ([`TABLE_DATE`]) in the consolidated code de procédure pénale
//! (CPP), Légifrance's text as its public mirrors carry it:
//!
//! - **CIVI** (commission d'indemnisation des victimes d'infractions), art. 706-5 CPP, as amended by
//!   loi n° 2023-1059 du 20 novembre 2023 (art. 25): the request must be filed, on pain of
//!   forclusion, within three years of the offence; when a prosecution was brought, that delay is
//!   extended and ends no earlier than one year after the decision that ruled definitively on the
//!   prosecution or on the civil action before the criminal court; when the offence was committed
//!   against a minor, the delay runs only from their majority. The commission relieves the applicant
//!   of the forclusion (relevé de forclusion) when they were not told of the CIVI (art. 706-15 CPP),
//!   could not assert their rights in time, their harm worsened, or for any other legitimate ground:
//!   the text sets no time limit for asking.
//! - **The usual short summary** ("3 years, or 1 year after the decision; from majority for
//!   minors; SARVI 1 year after the decision") **is less precise than the law** in four ways, and
//!   the table follows the law: (1) the one-year extension applies only once a prosecution was brought, and counts from
//!   the decision that ruled definitively, not from a first-instance judgment under appeal; (2) "the
//!   delay runs from majority" is worded "lorsque l'infraction est commise à l'encontre d'un mineur",
//!   so it follows the minor the offence was committed against (the wording the Assemblée chose so
//!   that relatives who claim through the minor, indirect victims, follow the same delay); (3) it applies only to offences committed after the law's
//!   publication (JO of 21 November 2023), i.e. from [`MINORITY_RULE_FROM`]: for earlier offences
//!   the Cour de cassation held that minority does not suspend this forclusion but may be a
//!   legitimate ground for relief (Cass. 2e civ., 15 février 2024, n° 22-18.728); (4) SARVI cannot
//!   be asked before two months have passed without payment after the decision became final.
//! - **SARVI** (service d'aide au recouvrement des victimes d'infractions, run by the fonds de
//!   garantie, FGTI), art. 706-15-1 and 706-15-2 CPP: a civil party awarded damages by a final
//!   decision, who cannot be compensated by the CIVI, may ask for help recovering them when the
//!   convicted person has not paid within two months of the day the decision on damages became
//!   final, and must ask within one year of the day the decision became final. The fund may relieve
//!   the victim of the forclusion for any legitimate ground; when it refuses, the président du
//!   tribunal judiciaire may, on a requête filed within one month of the refusal. When the CIVI found
//!   the request inadmissible, the SARVI year runs only from the notification of its decision
//!   (art. 706-5, al. 2).
//!
//! Dates are computed as French procedure counts delays in months and years (art. 641 code de
//! procédure civile): a delay ends on the day of the last month or year that bears the same number as
//! its starting day, or on the last day of that month when it has no such day (29 February + 1 year =
//! 28 February); it ends at midnight of that day, which still counts (art. 642 CPC, art. 801 CPP). A
//! delay ending on a Saturday, a Sunday or a public holiday is extended to the next working day (the
//! same articles); vigie does **not** apply that extension, so the date it shows is never later than
//! the law's.
//!
//! To revisit: the ordonnance n° 2025-1091 du 19 novembre 2025 rewrites the CPP "à droit constant",
//! to come into force on 1 January 2029 (possibly postponed to 2030). It renumbers these articles
//! (the CIVI and SARVI rules move to articles numbered L. 1441-x and L. 1442-x) and renames the CIVI
//! "juridiction d'indemnisation des victimes d'infractions". The rules stay; the references and the
//! table's date must change then.

use chrono::NaiveDate;

code_enum!(
    /// A compensation scheme.
    Scheme {
        /// Commission d'indemnisation des victimes d'infractions (art. 706-3 et seq. CPP).
        Civi => "civi",
        /// Service d'aide au recouvrement des victimes d'infractions (art. 706-15-1 et seq. CPP).
        Sarvi => "sarvi",
    }
);

code_enum!(
    /// A row of the table: the rule that decided a deadline (the web names it from its code).
    RuleKey {
        /// CIVI: three years from the offence.
        CiviOffence => "civi_offence",
        /// CIVI: three years from the majority of the minor the offence was committed against.
        CiviMajority => "civi_majority",
        /// CIVI: one year after the decision that ruled definitively, when a prosecution was brought.
        CiviDecision => "civi_decision",
        /// SARVI: one year from the day the decision awarding damages became final.
        SarviFinal => "sarvi_final",
        /// SARVI: one year from the notification of the CIVI's decision finding the request
        /// inadmissible.
        SarviAfterCivi => "sarvi_after_civi",
    }
);

/// The day a delay runs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Start {
    /// The day of the offence.
    Offence,
    /// The 18th birthday of the minor the offence was committed against.
    Majority,
    /// The day of the decision that ruled definitively on the prosecution or the civil action.
    Decision,
    /// The day that decision became final (no appeal left).
    BecameFinal,
    /// The day the CIVI's decision finding the request inadmissible was notified.
    CiviInadmissibleNotified,
}

/// Who may relieve a late applicant of the forclusion, and on what text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relief {
    /// The body that decides.
    pub by: &'static str,
    /// Its legal basis.
    pub reference: &'static str,
    /// Where to turn when that body refuses, if anywhere.
    pub then: Option<&'static str>,
}

/// One rule of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Its code.
    pub key: RuleKey,
    /// The scheme it belongs to.
    pub scheme: Scheme,
    /// The day it runs from.
    pub runs_from: Start,
    /// Its length, in months (years are 12 months: the same day, or the month's last).
    pub months: u32,
    /// For a request that may not be filed at once: months after [`Start::BecameFinal`] before it
    /// may (SARVI: two months for the convicted person to pay).
    pub opens_after_months: Option<u32>,
    /// The legal reference, as shown beside the date.
    pub reference: &'static str,
    /// How a missed deadline may be lifted.
    pub relief: Option<Relief>,
}

/// The day the table was last checked against the law (shown as "table du JJ/MM/AAAA").
pub const TABLE_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 12, 6) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The first offence day the CIVI's minority rule covers: the day after the loi n° 2023-1059 du
/// 20 novembre 2023 was published (JO of 21 November 2023), per its art. 25.
pub const MINORITY_RULE_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2023, 11, 22) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The age of majority (art. 414 code civil).
pub const MAJORITY_YEARS: u32 = 18;

const CIVI_RELIEF: Relief = Relief {
    by: "CIVI",
    reference: "art. 706-5, al. 1 CPP",
    then: None,
};

const SARVI_RELIEF: Relief = Relief {
    by: "Fonds de garantie (FGTI)",
    reference: "art. 706-15-2, al. 2 CPP",
    then: Some("président du tribunal judiciaire, sur requête dans le mois du refus"),
};

/// CIVI: three years from the offence.
const CIVI_OFFENCE: Rule = Rule {
    key: RuleKey::CiviOffence,
    scheme: Scheme::Civi,
    runs_from: Start::Offence,
    months: 36,
    opens_after_months: None,
    reference: "art. 706-5, al. 1 CPP",
    relief: Some(CIVI_RELIEF),
};

/// CIVI: three years from the majority of the minor the offence was committed against.
const CIVI_MAJORITY: Rule = Rule {
    key: RuleKey::CiviMajority,
    scheme: Scheme::Civi,
    runs_from: Start::Majority,
    months: 36,
    opens_after_months: None,
    reference: "art. 706-5, al. 1 CPP (loi n° 2023-1059 du 20 novembre 2023)",
    relief: Some(CIVI_RELIEF),
};

/// CIVI: one year after the decision that ruled definitively, once prosecuted.
const CIVI_DECISION: Rule = Rule {
    key: RuleKey::CiviDecision,
    scheme: Scheme::Civi,
    runs_from: Start::Decision,
    months: 12,
    opens_after_months: None,
    reference: "art. 706-5, al. 1 CPP",
    relief: Some(CIVI_RELIEF),
};

/// SARVI: from two months to one year after the decision awarding damages became final.
const SARVI_FINAL: Rule = Rule {
    key: RuleKey::SarviFinal,
    scheme: Scheme::Sarvi,
    runs_from: Start::BecameFinal,
    months: 12,
    opens_after_months: Some(2),
    reference: "art. 706-15-1 et 706-15-2, al. 1 et 2 CPP",
    relief: Some(SARVI_RELIEF),
};

/// SARVI after the CIVI found the request inadmissible: one year from its notification.
const SARVI_AFTER_CIVI: Rule = Rule {
    key: RuleKey::SarviAfterCivi,
    scheme: Scheme::Sarvi,
    runs_from: Start::CiviInadmissibleNotified,
    months: 12,
    opens_after_months: Some(2),
    reference: "art. 706-5, al. 2 et 706-15-2, al. 2 CPP",
    relief: Some(SARVI_RELIEF),
};

/// The table: every rule, once, in [`RuleKey::ALL`]'s order.
pub const DEADLINE_TABLE: &[Rule] = &[
    CIVI_OFFENCE,
    CIVI_MAJORITY,
    CIVI_DECISION,
    SARVI_FINAL,
    SARVI_AFTER_CIVI,
];

impl RuleKey {
    /// The table's row for this rule.
    pub fn rule(self) -> &'static Rule {
        match self {
            RuleKey::CiviOffence => &CIVI_OFFENCE,
            RuleKey::CiviMajority => &CIVI_MAJORITY,
            RuleKey::CiviDecision => &CIVI_DECISION,
            RuleKey::SarviFinal => &SARVI_FINAL,
            RuleKey::SarviAfterCivi => &SARVI_AFTER_CIVI,
        }
    }
}
