use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    day(s, "test").unwrap_or_default()
}

#[test]
fn the_first_legal_basis_is_the_default() {
    // The migration's default, and the form's.
    assert_eq!(LegalBasis::ALL[0].as_str(), "victim_mandate");
}

#[test]
fn an_archive_reading_needs_a_known_reason_and_words() {
    let today = d("2026-12-06");
    assert_eq!(
        ArchiveRead::new(today, "access_request", "  Sa lettre du 2 décembre ")
            .map(|r| (r.reason, r.explanation)),
        Ok((
            ArchiveReason::AccessRequest,
            "Sa lettre du 2 décembre".to_owned()
        ))
    );
    assert_eq!(
        ArchiveRead::new(today, "curiosity", "x"),
        Err(CaseInputError::Unknown("motif"))
    );
    assert_eq!(
        ArchiveRead::new(today, "", "x"),
        Err(CaseInputError::Required("motif"))
    );
    assert_eq!(
        ArchiveRead::new(today, "control", " "),
        Err(CaseInputError::Required("explication"))
    );
}

#[test]
fn inputs_say_what_to_fix() {
    assert_eq!(
        required_text("  ", "nom", 10),
        Err(CaseInputError::Required("nom"))
    );
    assert_eq!(
        required_text("abcdefghijk", "nom", 10),
        Err(CaseInputError::TooLong("nom", 10))
    );
    assert_eq!(required_text(" Léa ", "nom", 10).as_deref(), Ok("Léa"));
    assert_eq!(
        code::<Risk>("extreme", "risque"),
        Err(CaseInputError::Unknown("risque"))
    );
    assert_eq!(code::<Risk>("high", "risque"), Ok(Risk::High));
    assert_eq!(
        day("2026-02-30", "échéance"),
        Err(CaseInputError::BadDate("échéance"))
    );
    assert_eq!(
        day("1850-01-01", "échéance"),
        Err(CaseInputError::BadDate("échéance"))
    );
    assert_eq!(
        lines("a\n\n  b  \n", "jamais").ok(),
        Some(vec!["a".to_owned(), "b".to_owned()])
    );
    assert!(lines(&"x\n".repeat(21), "jamais").is_err());
    assert!(
        CaseInputError::TooLong("nom", 10)
            .to_string()
            .contains("10")
    );
}

#[test]
fn the_newest_version_of_a_step_counts_and_done_steps_are_not_due() {
    let a = Uuid::from_u128(1);
    let b = Uuid::from_u128(2);
    let step = |id, due: &str, done| Step {
        id,
        text: "appeler".into(),
        due: d(due),
        done,
    };
    let steps = current_steps([
        step(a, "2026-03-01", false),
        step(b, "2026-04-01", false),
        step(a, "2026-03-01", true),
    ]);
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].id, b, "undone first");
    assert_eq!(next_due(&steps), Some(d("2026-04-01")));
    assert_eq!(
        next_due(&current_steps([step(a, "2026-03-01", true)])),
        None
    );
}

#[test]
fn one_interview_is_helped_several_are_accompanied() {
    let e = |kind| Event {
        kind,
        day: d("2026-01-05"),
        note: String::new(),
    };
    assert!(!is_accompanied(&[
        e(EventKind::PhoneInterview),
        e(EventKind::Referral)
    ]));
    assert!(is_accompanied(&[
        e(EventKind::PhoneInterview),
        e(EventKind::HomeVisit)
    ]));
    assert!(!EventKind::Referral.is_contact());
    assert!(EventKind::Court.is_contact());
}

#[test]
fn names_fold_for_search() {
    assert_eq!(fold_name("  Éloïse   BEN-Saïd "), "eloise ben said");
    assert!(name_matches(
        &fold_name("Éloïse Ben-Saïd"),
        &fold_name("ben elo")
    ));
    assert!(!name_matches(
        &fold_name("Éloïse Ben-Saïd"),
        &fold_name("loise")
    ));
    assert!(name_matches(&fold_name("Karim"), ""));
    assert_eq!(
        PersonRole::from_asker(Asker::Family),
        PersonRole::IndirectVictim
    );
}

proptest! {
    #[test]
    fn folding_is_idempotent_and_never_panics(s in "\\PC{0,60}") {
        let once = fold_name(&s);
        prop_assert_eq!(fold_name(&once), once.clone());
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
        prop_assert!(name_matches(&once, &once));
    }

    #[test]
    fn next_due_is_the_earliest_undone(dues in proptest::collection::vec((0u32..400, any::<bool>()), 0..12)) {
        let base = d("2026-01-01");
        let steps: Vec<Step> = dues.iter().enumerate().map(|(i, (off, done))| Step {
            id: Uuid::from_u128(i as u128),
            text: String::new(),
            due: base + chrono::Days::new(u64::from(*off)),
            done: *done,
        }).collect();
        let want = steps.iter().filter(|s| !s.done).map(|s| s.due).min();
        prop_assert_eq!(next_due(&current_steps(steps)), want);
    }
}

#[test]
fn a_consent_permits_only_its_kinds_and_never_a_name_on_its_list() {
    let consent = Consent {
        by: Consenter::Person,
        day: d("2026-01-05"),
        services: true,
        statistics: false,
        recipients: vec![RecipientKind::Psychologist],
        never_share: vec!["  Cabinet Dupont ".into(), String::new()],
    };
    assert!(consent.permits(RecipientKind::Psychologist, &["Mme Martin", "paula"]));
    assert!(!consent.permits(RecipientKind::Lawyer, &["Mme Martin"]));
    assert!(!consent.permits(RecipientKind::Psychologist, &["cabinet dupont, Marseille"]));
    assert!(!consent.permits(RecipientKind::Psychologist, &["Dupont"]));
    // Empty names and empty lines match nothing.
    assert!(consent.permits(RecipientKind::Psychologist, &["", "  "]));
    let no_services = Consent {
        services: false,
        ..consent
    };
    assert!(!no_services.permits(RecipientKind::Psychologist, &[]));
}
