//! The compensation deadlines of one case, from the dates a caseworker enters and the table
//! ([`super::table`]).
//!
//! Each deadline says which scheme, the last day to file, the rule of the table that decided it (its
//! legal reference), whether it has passed and whether relief may still be asked. The result is
//! indicative: it is shown with the table's date, and where the law leaves a choice the computation
//! takes the earlier day (see each field's documentation).

use chrono::{Months, NaiveDate};

use super::table::{MAJORITY_YEARS, MINORITY_RULE_FROM, RuleKey, Scheme, TABLE_DATE};

/// The dates of a case, as the caseworker enters them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseDates {
    /// The day of the offence. For an offence repeated over time, the earliest day gives the
    /// earliest (safe) deadline.
    pub offence: NaiveDate,
    /// The birth date of the person the offence was committed against, when known. For an indirect
    /// victim (a parent), this is the direct victim's birth date: the minority rule follows the
    /// minor the offence was committed against (art. 706-5, al. 1 CPP).
    pub victim_birth: Option<NaiveDate>,
    /// Whether a prosecution was brought (an instruction opened, or the case sent to a court): the
    /// CIVI deadline then runs until at least a year after the final decision, even while that
    /// decision is awaited ([`super::CourtStage::implies_prosecution`]).
    pub prosecuted: bool,
    /// The decision that ruled definitively, once there is one.
    pub decision: Option<FinalDecision>,
    /// The day the CIVI's decision finding the request inadmissible was notified, if it was
    /// (art. 706-5, al. 2 CPP: the SARVI year then runs from it).
    pub civi_inadmissible_notified: Option<NaiveDate>,
}

/// The decision that ruled definitively on the prosecution or on the civil action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FinalDecision {
    /// Its day (the CIVI's year runs from it).
    pub decided: NaiveDate,
    /// The day it became final, no appeal left (the SARVI's year runs from it). When unknown, the
    /// decision's own day is used: earlier, so the deadline shown is never later than the law's.
    pub final_on: Option<NaiveDate>,
    /// Whether it awarded the person damages as a civil party (the SARVI's condition,
    /// art. 706-15-1 CPP).
    pub damages_awarded: bool,
}

/// Something the caseworker should know about a deadline, beside its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeadlineNote {
    /// A prosecution was brought and no final decision is entered yet: the CIVI deadline will run
    /// until at least a year after that decision.
    AwaitingDecision,
    /// The victim was a minor at an offence committed before [`MINORITY_RULE_FROM`]: the delay ran
    /// from the offence, but minority may be a legitimate ground for relief
    /// (Cass. 2e civ., 15 février 2024, n° 22-18.728).
    MinorBeforeReform,
    /// The day the decision became final is not entered: the SARVI dates count from the
    /// decision's day, which may be some days early.
    FinalDayAssumed,
}

/// One compensation deadline of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// The scheme.
    pub scheme: Scheme,
    /// The rule of the table that decided the date (its reference: `rule.rule().reference`).
    pub rule: RuleKey,
    /// The first day the request may be filed, when the law sets one (SARVI).
    pub opens: Option<NaiveDate>,
    /// The last day to file it.
    pub due: NaiveDate,
    /// Whether `due` is before today.
    pub passed: bool,
    /// Whether, the deadline having passed, the law still lets the person ask to be relieved of the
    /// forclusion (the rule's [`super::Relief`] says who decides).
    pub relief_possible: bool,
    /// What else to know, in a stable order.
    pub notes: Vec<DeadlineNote>,
}

impl Deadline {
    /// The legal reference shown beside the date.
    pub fn reference(&self) -> &'static str {
        self.rule.rule().reference
    }
}

/// The deadlines of a case on a day, to show as "indicatif, table du JJ/MM/AAAA".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineSheet {
    /// The day the table was checked against the law ([`TABLE_DATE`]).
    pub table_date: NaiveDate,
    /// The day the sheet was computed for.
    pub today: NaiveDate,
    /// CIVI first, then SARVI when it applies.
    pub deadlines: Vec<Deadline>,
}

impl DeadlineSheet {
    /// The deadline still to come that ends first (for the caseworker's digest), if any.
    pub fn next_due(&self) -> Option<&Deadline> {
        self.deadlines
            .iter()
            .filter(|d| !d.passed)
            .min_by_key(|d| d.due)
    }
}

/// Dates that cannot describe a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// The victim's birth date is after the offence.
    #[error("the victim's birth date is after the offence")]
    BornAfterOffence,
    /// The decision is dated before the offence.
    #[error("the decision is dated before the offence")]
    DecisionBeforeOffence,
    /// The decision became final before it was made.
    #[error("the decision became final before its own date")]
    FinalBeforeDecision,
    /// The CIVI's decision was notified before the offence.
    #[error("the CIVI's decision is dated before the offence")]
    NotifiedBeforeOffence,
    /// A date is too far in the future to add years to.
    #[error("a date is out of range")]
    OutOfRange,
}

/// `day` plus `months`, ending on the month's last day when `day`'s number does not exist there
/// (29 February + 12 months = 28 February): how French procedure counts (art. 641 CPC).
pub fn add_months(day: NaiveDate, months: u32) -> Result<NaiveDate, DeadlineError> {
    day.checked_add_months(Months::new(months))
        .ok_or(DeadlineError::OutOfRange)
}

/// The day `rule` ends when it runs from `start`.
fn due(rule: RuleKey, start: NaiveDate) -> Result<NaiveDate, DeadlineError> {
    add_months(start, rule.rule().months)
}

/// The 18th birthday of someone born on `birth` (29 February: 28 February of that year).
pub fn majority(birth: NaiveDate) -> Result<NaiveDate, DeadlineError> {
    add_months(birth, 12 * MAJORITY_YEARS)
}

/// The compensation deadlines of a case on `today`. The deadlines depend on the dates only; `today`
/// decides which have passed.
pub fn deadlines(case: &CaseDates, today: NaiveDate) -> Result<DeadlineSheet, DeadlineError> {
    check(case)?;
    let mut found = vec![civi(case)?];
    if let Some(sarvi) = sarvi(case)? {
        found.push(sarvi);
    }
    let deadlines = found
        .into_iter()
        .map(|(rule, opens, due, notes)| {
            let passed = due < today;
            Deadline {
                scheme: rule.rule().scheme,
                rule,
                opens,
                due,
                passed,
                relief_possible: passed && rule.rule().relief.is_some(),
                notes,
            }
        })
        .collect();
    Ok(DeadlineSheet {
        table_date: TABLE_DATE,
        today,
        deadlines,
    })
}

/// Refuses dates in an impossible order.
fn check(case: &CaseDates) -> Result<(), DeadlineError> {
    if case.victim_birth.is_some_and(|b| b > case.offence) {
        return Err(DeadlineError::BornAfterOffence);
    }
    if let Some(d) = case.decision {
        if d.decided < case.offence {
            return Err(DeadlineError::DecisionBeforeOffence);
        }
        if d.final_on.is_some_and(|f| f < d.decided) {
            return Err(DeadlineError::FinalBeforeDecision);
        }
    }
    if case
        .civi_inadmissible_notified
        .is_some_and(|n| n < case.offence)
    {
        return Err(DeadlineError::NotifiedBeforeOffence);
    }
    Ok(())
}

/// A computed deadline before `today` is applied: its rule, opening day, last day and notes.
type Found = (RuleKey, Option<NaiveDate>, NaiveDate, Vec<DeadlineNote>);

/// The CIVI deadline: the latest of three years from the offence (or from the majority of the minor
/// it was committed against) and one year after the final decision.
fn civi(case: &CaseDates) -> Result<Found, DeadlineError> {
    let mut notes = Vec::new();
    let minor_majority = match case.victim_birth {
        Some(birth) => Some(majority(birth)?).filter(|m| case.offence < *m),
        None => None,
    };
    let (mut rule, mut last) = match minor_majority {
        Some(m) if case.offence >= MINORITY_RULE_FROM => {
            (RuleKey::CiviMajority, due(RuleKey::CiviMajority, m)?)
        }
        Some(_) => {
            notes.push(DeadlineNote::MinorBeforeReform);
            (
                RuleKey::CiviOffence,
                due(RuleKey::CiviOffence, case.offence)?,
            )
        }
        None => (
            RuleKey::CiviOffence,
            due(RuleKey::CiviOffence, case.offence)?,
        ),
    };
    match case.decision {
        Some(d) => {
            let after_decision = due(RuleKey::CiviDecision, d.decided)?;
            // The law extends the delay; it never shortens it: the later day wins.
            if after_decision > last {
                (rule, last) = (RuleKey::CiviDecision, after_decision);
            }
        }
        None if case.prosecuted => notes.push(DeadlineNote::AwaitingDecision),
        None => {}
    }
    notes.sort();
    Ok((rule, None, last, notes))
}

/// The SARVI deadline, for a final decision that awarded damages: two months to one year after it
/// became final, or one year after the CIVI's inadmissibility was notified when that is later.
fn sarvi(case: &CaseDates) -> Result<Option<Found>, DeadlineError> {
    let Some(decision) = case.decision.filter(|d| d.damages_awarded) else {
        return Ok(None);
    };
    let mut notes = Vec::new();
    let final_on = decision.final_on.unwrap_or_else(|| {
        notes.push(DeadlineNote::FinalDayAssumed);
        decision.decided
    });
    let wait = RuleKey::SarviFinal.rule().opens_after_months.unwrap_or(0);
    let opens = add_months(final_on, wait)?;
    // "Ne court qu'à compter de la notification": a later start, never an earlier one.
    let (rule, start) = match case.civi_inadmissible_notified {
        Some(n) if n > final_on => (RuleKey::SarviAfterCivi, n),
        _ => (RuleKey::SarviFinal, final_on),
    };
    Ok(Some((rule, Some(opens), due(rule, start)?, notes)))
}
