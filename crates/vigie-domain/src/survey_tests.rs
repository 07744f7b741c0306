#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand_core::{OsRng, RngCore};

use super::*;

#[test]
fn codes_are_of_the_alphabet_and_read_back_however_typed() {
    let mut seen = std::collections::HashSet::new();
    for _ in 0..200 {
        let code = draw_code(&mut OsRng);
        assert_eq!(code.len(), CODE_CHARS);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        assert!(seen.insert(code.clone()), "a repeated code");
        let shown = display_code(&code);
        assert_eq!(shown.len(), CODE_CHARS + 2);
        assert_eq!(normalize_code(&shown).as_deref(), Some(code.as_str()));
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(normalize_code(&typed).as_deref(), Some(code.as_str()));
    }
    // Ambiguous characters, a wrong length, anything else: no code.
    for bad in [
        "ABCD-EFGH-JKM0",
        "ABCD-EFGH-JKMI",
        "ABCD-EFGH-JK",
        "ABCD-EFGH-JKMNP",
        "ÀBCD-EFGH-JKMN",
        "",
    ] {
        assert_eq!(normalize_code(bad), None, "{bad}");
    }
}

#[test]
fn every_character_is_drawn_about_as_often() {
    /// Counts 0, 1, 2... in turn: the rejection zone must not favour the first characters.
    struct Counter(u32);
    impl RngCore for Counter {
        fn next_u32(&mut self) -> u32 {
            self.0 = self.0.wrapping_add(0x9E37_79B9);
            self.0
        }
        fn next_u64(&mut self) -> u64 {
            u64::from(self.next_u32())
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            dest.fill(0);
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            dest.fill(0);
            Ok(())
        }
    }
    let mut rng = Counter(0);
    let mut counts = [0u32; 31];
    for _ in 0..3100 {
        for b in draw_code(&mut rng).bytes() {
            let i = CODE_ALPHABET.iter().position(|c| *c == b).unwrap();
            counts[i] += 1;
        }
    }
    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(*max - *min < 200, "{counts:?}");
}

#[test]
fn statements_store_and_validate() {
    let list = vec![
        Statement::Standard(StandardStatement::KnowHelp),
        Statement::Own("Je parle de ce que j'ai appris avec un adulte.".into()),
    ];
    let stored = statements_to_stored(&list);
    assert_eq!(statements_from_stored(&stored), Some(list));
    assert_eq!(statements_from_stored("std:nope"), None);

    let form = StatementsForm {
        standard: vec!["know_risks".into(), "know_risks".into(), "future".into()],
        own: vec!["  Je  sais dire non.  ".into(), String::new()],
    };
    let ok = validate_statements(&form).unwrap();
    assert_eq!(ok.len(), 3);
    assert_eq!(ok[2], Statement::Own("Je sais dire non.".into()));

    let bad = StatementsForm {
        standard: vec!["nope".into()],
        own: vec!["Connais-tu quelqu'un qui deale ?".into(), "x".repeat(201)],
    };
    let errors = validate_statements(&bad).unwrap_err();
    assert_eq!(
        errors,
        vec![
            ("standard".into(), Problem::Unknown),
            ("own1".into(), Problem::Unknown),
            ("own2".into(), Problem::TooLong),
        ]
    );
    let empty = validate_statements(&StatementsForm::default()).unwrap_err();
    assert_eq!(empty, vec![("standard".into(), Problem::Required)]);
}

#[test]
fn a_cycle_needs_its_programme_structure_and_a_closing_day_ahead() {
    let (p, s) = (ProgrammeId::random(), StructureId::random());
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let choices = CycleChoices {
        programmes: &[p],
        structures: &[s],
        today,
    };
    let form = CycleForm {
        programme: p.to_string(),
        structure: s.to_string(),
        closes_on: "2026-06-30".into(),
        later: true,
    };
    let cycle = validate_cycle(&form, &choices, |_| default_statements()).unwrap();
    assert_eq!(cycle.waves(), Wave::ALL);
    assert!(cycle.open_on(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()));
    assert!(!cycle.open_on(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()));
    let bad = CycleForm {
        programme: ProgrammeId::random().to_string(),
        structure: String::new(),
        closes_on: "2026-03-01".into(),
        later: false,
    };
    let errors = validate_cycle(&bad, &choices, |_| Vec::new()).unwrap_err();
    assert_eq!(
        errors,
        vec![
            ("programme".into(), Problem::Unknown),
            ("structure".into(), Problem::Required),
            ("closes_on".into(), Problem::BadDay),
        ]
    );
}

#[test]
fn answers_read_store_and_refuse_what_is_not_a_point() {
    let posted = |f: &str| match f {
        "s0" => "4".to_owned(),
        "s2" => " 1 ".to_owned(),
        _ => String::new(),
    };
    let a = read_answers(3, posted).unwrap();
    assert_eq!(a, Answers(vec![Some(4), None, Some(1)]));
    assert_eq!(a.to_stored(), "4,,1");
    assert_eq!(Answers::from_stored("4,,1"), Some(a));
    assert_eq!(Answers::from_stored("6"), None);
    let errors = read_answers(2, |f| if f == "s1" { "0".into() } else { "x".into() }).unwrap_err();
    assert_eq!(
        errors,
        vec![
            ("s0".into(), Problem::BadNumber),
            ("s1".into(), Problem::BadNumber)
        ]
    );
}

fn response(slip: usize, wave: Wave, points: &[Option<u8>]) -> Response {
    Response {
        slip: format!("slip{slip}"),
        wave,
        answers: Answers(points.to_vec()),
    }
}

#[test]
fn results_pair_by_slip_and_show_a_mean_only_from_k_pairs() {
    let statements = default_statements();
    let mut responses = Vec::new();
    // K - 1 complete pairs: counted, no mean.
    for slip in 0..(K_MIN_PAIRS as usize - 1) {
        responses.push(response(slip, Wave::Before, &[Some(2), Some(3)]));
        responses.push(response(slip, Wave::After, &[Some(4), None]));
    }
    // An "after" without its "before" pairs nothing.
    responses.push(response(99, Wave::After, &[Some(5), Some(5)]));
    let r = results(&[(&statements, &responses)]);
    assert_eq!(r.responses, [4, 5, 0]);
    assert_eq!(r.pairs, 4);
    assert_eq!(r.statements[0].after.pairs, 4);
    assert_eq!(r.statements[0].after.means, None);
    // The K-th pair shows the means.
    responses.push(response(50, Wave::Before, &[Some(1), Some(1)]));
    responses.push(response(50, Wave::After, &[Some(1), Some(2)]));
    let r = results(&[(&statements, &responses)]);
    let (before, after, change) = r.statements[0].after.means.unwrap();
    assert!((before - 9.0 / 5.0).abs() < 1e-9, "{before}");
    assert!((after - 17.0 / 5.0).abs() < 1e-9, "{after}");
    assert!((change - 8.0 / 5.0).abs() < 1e-9, "{change}");
    // The second statement: one pair only (the others left it unanswered after).
    assert_eq!(r.statements[1].after.pairs, 1);
    assert_eq!(r.statements[1].after.means, None);
    assert_eq!(r.statements[2].after.pairs, 0);
}

#[test]
fn a_programme_counts_a_statement_across_cycles_by_identity() {
    let a = vec![
        Statement::Standard(StandardStatement::KnowRisks),
        Statement::Standard(StandardStatement::KnowHelp),
    ];
    let b = vec![Statement::Standard(StandardStatement::KnowHelp)];
    let ra: Vec<Response> = (0..3)
        .flat_map(|i| {
            [
                response(i, Wave::Before, &[Some(1), Some(2)]),
                response(i, Wave::After, &[Some(1), Some(3)]),
            ]
        })
        .collect();
    let rb: Vec<Response> = (0..2)
        .flat_map(|i| {
            [
                response(i, Wave::Before, &[Some(2)]),
                response(i, Wave::Later, &[Some(5)]),
                response(i, Wave::After, &[Some(4)]),
            ]
        })
        .collect();
    let r = results(&[(&a, &ra), (&b, &rb)]);
    assert_eq!(r.statements.len(), 2);
    let help = &r.statements[1];
    assert_eq!(
        help.statement,
        Statement::Standard(StandardStatement::KnowHelp)
    );
    assert_eq!(help.after.pairs, 5);
    let (_, _, change) = help.after.means.unwrap();
    assert!((change - (3.0 + 4.0) / 5.0).abs() < 1e-9, "{change}");
    assert_eq!(help.later.pairs, 2);
    assert_eq!(r.statements[0].after.pairs, 3);
}
