#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use proptest::prelude::*;

use super::deadlines::{add_months, majority};
use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A case with only an offence day.
fn offence(s: &str) -> CaseDates {
    CaseDates {
        offence: day(s),
        victim_birth: None,
        prosecuted: false,
        decision: None,
        civi_inadmissible_notified: None,
    }
}

fn decision(decided: &str, final_on: Option<&str>, damages_awarded: bool) -> Option<FinalDecision> {
    Some(FinalDecision {
        decided: day(decided),
        final_on: final_on.map(day),
        damages_awarded,
    })
}

/// (scheme, rule, opens, due) of each deadline, as text.
fn summary(case: &CaseDates, today: &str) -> Vec<(Scheme, RuleKey, Option<String>, String)> {
    deadlines(case, day(today))
        .unwrap()
        .deadlines
        .into_iter()
        .map(|d| {
            (
                d.scheme,
                d.rule,
                d.opens.map(|o| o.to_string()),
                d.due.to_string(),
            )
        })
        .collect()
}

fn civi(case: &CaseDates, today: &str) -> Deadline {
    let sheet = deadlines(case, day(today)).unwrap();
    sheet
        .deadlines
        .into_iter()
        .find(|d| d.scheme == Scheme::Civi)
        .unwrap()
}

#[test]
fn the_table_has_one_row_per_rule() {
    let keys: Vec<RuleKey> = DEADLINE_TABLE.iter().map(|r| r.key).collect();
    assert_eq!(keys, RuleKey::ALL);
    for key in RuleKey::ALL {
        assert_eq!(key.rule().key, *key);
        let article = match key.rule().scheme {
            Scheme::Civi => "706-5",
            Scheme::Sarvi => "706-15-2",
        };
        assert!(key.rule().reference.contains(article), "{key}");
        assert!(key.rule().reference.ends_with("CPP") || key.rule().reference.contains("CPP ("));
        assert!(
            key.rule().relief.is_some(),
            "{key}: both schemes allow relief"
        );
    }
    assert_eq!(TABLE_DATE, day("2026-12-06"));
    assert_eq!(MINORITY_RULE_FROM, day("2023-11-22"));
}

#[test]
fn only_stages_after_an_instruction_or_a_summons_are_prosecutions() {
    let prosecuted: Vec<&str> = CourtStage::ALL
        .iter()
        .filter(|s| s.implies_prosecution())
        .map(|s| s.as_str())
        .collect();
    assert_eq!(
        prosecuted,
        [
            "judicial_investigation",
            "hearing",
            "assize_court",
            "criminal_court",
            "judgment",
            "appeal",
            "sentence_enforcement"
        ]
    );
}

#[test]
fn civi_is_three_years_from_the_offence_and_the_last_day_still_counts() {
    let case = offence("2025-03-10");
    assert_eq!(
        summary(&case, "2026-12-06"),
        [(
            Scheme::Civi,
            RuleKey::CiviOffence,
            None,
            "2028-03-10".into()
        )]
    );
    let on_the_day = civi(&case, "2028-03-10");
    assert!(!on_the_day.passed && !on_the_day.relief_possible);
    let after = civi(&case, "2028-03-11");
    assert!(after.passed && after.relief_possible);
    assert_eq!(after.reference(), "art. 706-5, al. 1 CPP");
}

#[test]
fn a_final_decision_extends_the_civi_deadline_but_never_shortens_it() {
    let mut case = offence("2022-05-02");
    case.prosecuted = true;
    // Awaiting the decision: three years from the offence, and a note that it will be extended.
    let waiting = civi(&case, "2024-01-01");
    assert_eq!(waiting.due, day("2025-05-02"));
    assert_eq!(waiting.notes, [DeadlineNote::AwaitingDecision]);
    // Decided in 2026: one year after it.
    case.decision = decision("2026-09-15", Some("2026-09-25"), false);
    let late = civi(&case, "2026-12-06");
    assert_eq!(
        (late.rule, late.due),
        (RuleKey::CiviDecision, day("2027-09-15"))
    );
    assert!(late.notes.is_empty());
    // Decided a month after the offence: the three years still run.
    case.decision = decision("2022-06-02", None, false);
    assert_eq!(civi(&case, "2022-07-01").due, day("2025-05-02"));
    // A decision without damages opens no SARVI.
    assert_eq!(summary(&case, "2022-07-01").len(), 1);
}

#[test]
fn a_minor_s_civi_delay_runs_from_majority_for_offences_since_the_2023_law() {
    let mut case = offence("2024-06-01");
    case.victim_birth = Some(day("2010-04-20"));
    let d = civi(&case, "2026-12-06");
    assert_eq!((d.rule, d.due), (RuleKey::CiviMajority, day("2031-04-20")));
    assert!(d.reference().contains("2023-1059"));
    // The day before the law applies: the offence's three years, and a note about relief.
    case.offence = day("2023-11-21");
    let d = civi(&case, "2026-12-06");
    assert_eq!((d.rule, d.due), (RuleKey::CiviOffence, day("2026-11-21")));
    assert_eq!(d.notes, [DeadlineNote::MinorBeforeReform]);
    assert!(d.passed && d.relief_possible);
    // The first day it applies.
    case.offence = MINORITY_RULE_FROM;
    assert_eq!(civi(&case, "2026-12-06").rule, RuleKey::CiviMajority);
    // Eighteen on the day of the offence: an adult.
    case.victim_birth = Some(day("2005-11-22"));
    let d = civi(&case, "2026-12-06");
    assert_eq!((d.rule, d.due), (RuleKey::CiviOffence, day("2026-11-22")));
    assert!(d.notes.is_empty());
    // A decision more than three years after majority wins.
    case.victim_birth = Some(day("2007-01-10"));
    case.decision = decision("2029-06-30", None, false);
    let d = civi(&case, "2026-12-06");
    assert_eq!((d.rule, d.due), (RuleKey::CiviDecision, day("2030-06-30")));
}

#[test]
fn leap_days_end_on_the_last_day_of_february() {
    assert_eq!(
        add_months(day("2024-02-29"), 12).unwrap(),
        day("2025-02-28")
    );
    assert_eq!(
        add_months(day("2024-02-29"), 48).unwrap(),
        day("2028-02-29")
    );
    assert_eq!(
        add_months(day("2023-02-28"), 12).unwrap(),
        day("2024-02-28")
    );
    assert_eq!(add_months(day("2027-12-31"), 2).unwrap(), day("2028-02-29"));
    assert_eq!(add_months(day("2026-12-31"), 2).unwrap(), day("2027-02-28"));
    // Born on 29 February 2008: of age on 28 February 2026.
    assert_eq!(majority(day("2008-02-29")).unwrap(), day("2026-02-28"));

    // An offence on a leap day: three years later is 28 February.
    assert_eq!(
        civi(&offence("2024-02-29"), "2026-12-06").due,
        day("2027-02-28")
    );
    // A minor born on a leap day: three years from 28 February of their 18th year.
    let mut case = offence("2024-03-01");
    case.victim_birth = Some(day("2008-02-29"));
    assert_eq!(civi(&case, "2026-12-06").due, day("2029-02-28"));
    // A decision on a leap day, final on the last day of a year.
    let mut case = offence("2025-01-15");
    case.decision = decision("2028-02-29", Some("2028-12-31"), true);
    assert_eq!(
        summary(&case, "2029-01-01"),
        [
            (
                Scheme::Civi,
                RuleKey::CiviDecision,
                None,
                "2029-02-28".into()
            ),
            (
                Scheme::Sarvi,
                RuleKey::SarviFinal,
                Some("2029-02-28".into()),
                "2029-12-31".into()
            ),
        ]
    );
}

#[test]
fn sarvi_opens_two_months_after_the_decision_is_final_and_closes_a_year_after() {
    let mut case = offence("2025-02-01");
    case.decision = decision("2026-06-10", Some("2026-06-20"), true);
    let sheet = deadlines(&case, day("2026-07-01")).unwrap();
    let sarvi = &sheet.deadlines[1];
    assert_eq!(sarvi.scheme, Scheme::Sarvi);
    assert_eq!(sarvi.opens, Some(day("2026-08-20")));
    assert_eq!(sarvi.due, day("2027-06-20"));
    assert_eq!(
        sarvi.reference(),
        "art. 706-15-1 et 706-15-2, al. 1 et 2 CPP"
    );
    assert!(sarvi.notes.is_empty());
    // The digest's next deadline: CIVI (2028-02-01) after SARVI (2027-06-20).
    assert_eq!(sheet.next_due().map(|d| d.scheme), Some(Scheme::Sarvi));

    // Unknown day it became final: the decision's day, said in a note.
    case.decision = decision("2026-06-10", None, true);
    let sarvi = deadlines(&case, day("2026-07-01")).unwrap().deadlines[1].clone();
    assert_eq!(sarvi.due, day("2027-06-10"));
    assert_eq!(sarvi.notes, [DeadlineNote::FinalDayAssumed]);

    // The CIVI found the request inadmissible: the year runs from its notification.
    case.decision = decision("2026-06-10", Some("2026-06-20"), true);
    case.civi_inadmissible_notified = Some(day("2027-03-05"));
    let sheet = deadlines(&case, day("2027-06-21")).unwrap();
    let sarvi = &sheet.deadlines[1];
    assert_eq!(
        (sarvi.rule, sarvi.due),
        (RuleKey::SarviAfterCivi, day("2028-03-05"))
    );
    assert!(!sarvi.passed);
    assert!(sarvi.reference().contains("706-5, al. 2"));
}

#[test]
fn every_passed_deadline_may_still_be_relieved_and_the_digest_skips_it() {
    let mut case = offence("2019-01-01");
    case.decision = decision("2020-01-01", Some("2020-01-11"), true);
    let sheet = deadlines(&case, day("2026-12-06")).unwrap();
    assert_eq!(sheet.deadlines.len(), 2);
    assert!(
        sheet
            .deadlines
            .iter()
            .all(|d| d.passed && d.relief_possible)
    );
    assert_eq!(sheet.next_due(), None);
    assert_eq!(sheet.table_date, TABLE_DATE);
    assert_eq!(sheet.today, day("2026-12-06"));
    let relief = RuleKey::SarviFinal.rule().relief.unwrap();
    assert_eq!(relief.by, "Fonds de garantie (FGTI)");
    assert!(
        relief
            .then
            .is_some_and(|t| t.contains("tribunal judiciaire"))
    );
    assert_eq!(
        RuleKey::CiviOffence.rule().relief.map(|r| r.by),
        Some("CIVI")
    );
}

#[test]
fn impossible_dates_are_refused() {
    let mut case = offence("2025-01-01");
    case.victim_birth = Some(day("2025-01-02"));
    assert_eq!(
        deadlines(&case, day("2026-01-01")),
        Err(DeadlineError::BornAfterOffence)
    );
    let mut case = offence("2025-01-01");
    case.decision = decision("2024-12-31", None, false);
    assert_eq!(
        deadlines(&case, day("2026-01-01")),
        Err(DeadlineError::DecisionBeforeOffence)
    );
    case.decision = decision("2025-06-01", Some("2025-05-31"), false);
    assert_eq!(
        deadlines(&case, day("2026-01-01")),
        Err(DeadlineError::FinalBeforeDecision)
    );
    let mut case = offence("2025-01-01");
    case.civi_inadmissible_notified = Some(day("2024-01-01"));
    assert_eq!(
        deadlines(&case, day("2026-01-01")),
        Err(DeadlineError::NotifiedBeforeOffence)
    );
    let far = CaseDates {
        offence: NaiveDate::MAX,
        ..offence("2025-01-01")
    };
    assert_eq!(
        deadlines(&far, day("2026-01-01")),
        Err(DeadlineError::OutOfRange)
    );
}

/// Days from 1990 to 2060.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    (0i64..25_567).prop_map(|n| day("1990-01-01") + chrono::Duration::days(n))
}

/// A case whose dates are in a possible order.
fn any_case() -> impl Strategy<Value = CaseDates> {
    (
        any_day(),
        proptest::option::of(0i64..40 * 366),
        any::<bool>(),
        proptest::option::of((
            0i64..20 * 366,
            proptest::option::of(0i64..400),
            any::<bool>(),
        )),
        proptest::option::of(0i64..20 * 366),
    )
        .prop_map(|(offence, age, prosecuted, decision, notified)| {
            let plus = |d: NaiveDate, n: i64| d + chrono::Duration::days(n);
            CaseDates {
                offence,
                victim_birth: age.map(|a| offence - chrono::Duration::days(a)),
                prosecuted,
                decision: decision.map(|(after, final_after, damages_awarded)| {
                    let decided = plus(offence, after);
                    FinalDecision {
                        decided,
                        final_on: final_after.map(|f| plus(decided, f)),
                        damages_awarded,
                    }
                }),
                civi_inadmissible_notified: notified.map(|n| plus(offence, n)),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// What art. 706-5 and 706-15-2 CPP guarantee, whatever the dates.
    #[test]
    fn deadlines_follow_the_law(case in any_case(), today in any_day()) {
        let sheet = deadlines(&case, today).unwrap();
        let civi = &sheet.deadlines[0];
        prop_assert_eq!(civi.scheme, Scheme::Civi);
        // Never before the offence, and never less than three years after it.
        prop_assert!(civi.due > case.offence);
        prop_assert!(civi.due >= add_months(case.offence, 36).unwrap());
        // Never less than a year after the final decision.
        if let Some(d) = case.decision {
            prop_assert!(civi.due >= add_months(d.decided, 12).unwrap());
        }
        // A minor (at an offence since the 2023 law) has at least until 18th birthday + 3 years.
        if let Some(birth) = case.victim_birth {
            let of_age = majority(birth).unwrap();
            if case.offence < of_age && case.offence >= MINORITY_RULE_FROM {
                prop_assert!(civi.due >= add_months(of_age, 36).unwrap());
                prop_assert!(civi.due >= add_months(birth, 12 * 21).unwrap());
            }
        }
        // The date is one of the rules' own, not an invented one.
        let start = match civi.rule {
            RuleKey::CiviOffence => case.offence,
            RuleKey::CiviMajority => majority(case.victim_birth.unwrap()).unwrap(),
            RuleKey::CiviDecision => case.decision.unwrap().decided,
            other => return Err(TestCaseError::fail(format!("CIVI decided by {other}"))),
        };
        prop_assert_eq!(civi.due, add_months(start, civi.rule.rule().months).unwrap());

        // SARVI exactly when a final decision awarded damages; within its window.
        let awarded = case.decision.filter(|d| d.damages_awarded);
        prop_assert_eq!(sheet.deadlines.len(), 1 + usize::from(awarded.is_some()));
        if let (Some(d), Some(sarvi)) = (awarded, sheet.deadlines.get(1)) {
            let final_on = d.final_on.unwrap_or(d.decided);
            prop_assert_eq!(sarvi.opens, Some(add_months(final_on, 2).unwrap()));
            prop_assert!(sarvi.due >= add_months(final_on, 12).unwrap());
            prop_assert!(sarvi.opens.unwrap() < sarvi.due);
        }

        for d in &sheet.deadlines {
            prop_assert_eq!(d.passed, d.due < today);
            prop_assert_eq!(d.relief_possible, d.passed);
        }
        // Only `today` moves the passed flags, and a deadline once passed stays passed.
        let later = deadlines(&case, today + chrono::Duration::days(30)).unwrap();
        for (now, then) in sheet.deadlines.iter().zip(&later.deadlines) {
            prop_assert_eq!((now.rule, now.opens, now.due), (then.rule, then.opens, then.due));
            prop_assert!(!now.passed || then.passed);
        }
    }

    /// Adding months keeps the month arithmetic of French procedure: the same day, or the
    /// month's last.
    #[test]
    fn adding_months_keeps_the_day_or_ends_the_month(d in any_day(), months in 0u32..600) {
        use chrono::Datelike;
        let end = add_months(d, months).unwrap();
        let total = d.year() * 12 + d.month0() as i32 + months as i32;
        prop_assert_eq!((end.year(), end.month0() as i32), (total.div_euclid(12), total.rem_euclid(12)));
        prop_assert!(end.day() <= d.day());
        if end.day() < d.day() {
            prop_assert!(end.succ_opt().unwrap().day() == 1, "only at the end of a month");
        }
    }
}
