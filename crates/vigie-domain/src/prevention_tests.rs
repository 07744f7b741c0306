#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;
use crate::area::test_areas as areas;

fn structure() -> StructureForm {
    StructureForm {
        name: "  Collège Fictif des Calanques ".into(),
        kind: "college".into(),
        district: "13203".into(),
        neighbourhood: "1320301".into(),
        qpv: true,
        active: true,
        person: "Mme Principale Fictive".into(),
        role: "Principale".into(),
        phone: "04 00 00 00 10".into(),
        email: "college.fictif@exemple.invalid".into(),
        notes: String::new(),
    }
}

fn day(s: &str) -> NaiveDate {
    parse_day(s).unwrap()
}

#[test]
fn a_good_structure_form_splits_into_clear_and_sealed_halves() {
    let (clear, contact) = validate_structure(&structure(), &areas()).unwrap();
    assert_eq!(clear.name, "Collège Fictif des Calanques");
    assert_eq!(clear.kind, StructureKind::College);
    assert_eq!(clear.neighbourhood.as_deref(), Some("1320301"));
    assert!(clear.qpv && clear.active);
    assert_eq!(contact.person.as_deref(), Some("Mme Principale Fictive"));
    assert_eq!(contact.notes, None);
}

#[test]
fn a_structure_form_names_every_error_beside_its_field() {
    let mut f = structure();
    f.name = " ".into();
    f.kind = "prison".into();
    f.neighbourhood = "1320101".into();
    f.email = "pas une adresse".into();
    f.phone = "appelez-moi".into();
    let errors = validate_structure(&f, &areas()).unwrap_err();
    let fields: Vec<(&str, Problem)> = errors.iter().map(|(f, p)| (f.as_str(), *p)).collect();
    assert_eq!(
        fields,
        vec![
            ("name", Problem::Required),
            ("kind", Problem::Unknown),
            ("neighbourhood", Problem::NotInDistrict),
            ("phone", Problem::BadPhone),
            ("email", Problem::BadEmail),
        ]
    );
    f = structure();
    f.district = "75001".into();
    f.neighbourhood = String::new();
    assert_eq!(
        validate_structure(&f, &areas()).unwrap_err(),
        vec![("district".to_owned(), Problem::Unknown)]
    );
}

#[test]
fn a_programme_needs_a_theme_an_audience_a_cycle_and_known_facilitators() {
    let pierre = UserId::random();
    let form = ProgrammeForm {
        name: "Parcours Fictif".into(),
        theme: "lookouts".into(),
        audiences: vec!["15_18".into(), "12_14".into(), "12_14".into()],
        cycle_sessions: "4".into(),
        facilitators: vec![pierre.to_string()],
        funder: "Fiche action STSPD 2.3 (fictive)".into(),
        active: true,
    };
    let p = validate_programme(&form, &[pierre]).unwrap();
    assert_eq!(p.audiences, vec![Audience::Age12To14, Audience::Age15To18]);
    assert_eq!((p.cycle_sessions, p.facilitators), (4, vec![pierre]));

    let bad = ProgrammeForm {
        audiences: vec![],
        cycle_sessions: "0".into(),
        facilitators: vec![UserId::random().to_string()],
        ..form
    };
    let errors = validate_programme(&bad, &[pierre]).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, vec!["audiences", "cycle_sessions", "facilitators"]);
}

/// A session form for `structure` and `programme`, delivered, with `n` girls of 12-14.
fn session(s: StructureId, p: ProgrammeId, n: &str) -> WorkshopForm {
    let mut counts: [[String; 3]; 4] = Default::default();
    counts[Band::Age12To14 as usize][Sex::Female as usize] = n.into();
    WorkshopForm {
        day: "2026-03-12".into(),
        structure: s.to_string(),
        programme: p.to_string(),
        facilitators: vec![],
        delivered: true,
        counts,
    }
}

#[test]
fn session_counts_are_bounded_and_agree_with_delivery() {
    let (s, p) = (StructureId::random(), ProgrammeId::random());
    let choices = WorkshopChoices {
        structures: &[s],
        programmes: &[p],
        facilitators: &[],
        today: day("2026-06-01"),
    };
    let w = validate_workshop(&session(s, p, " 12 "), &choices).unwrap();
    assert_eq!(w.counts.get(Band::Age12To14, Sex::Female), 12);
    assert_eq!(w.counts.total(), 12);

    let problems = |f: &WorkshopForm| -> Vec<(String, Problem)> {
        validate_workshop(f, &choices).unwrap_err()
    };
    assert_eq!(
        problems(&session(s, p, "-1")),
        vec![("n_12_14_female".to_owned(), Problem::BadNumber)]
    );
    assert_eq!(
        problems(&session(s, p, "501")),
        vec![("n_12_14_female".to_owned(), Problem::BadNumber)]
    );
    assert_eq!(
        problems(&session(s, p, "")),
        vec![("counts".to_owned(), Problem::NoParticipants)]
    );
    let mut planned = session(s, p, "3");
    planned.delivered = false;
    assert_eq!(
        problems(&planned),
        vec![("counts".to_owned(), Problem::CountsNotDelivered)]
    );
    let mut crowd = session(s, p, "500");
    for b in 0..3 {
        crowd.counts[b][Sex::Male as usize] = "500".into();
    }
    assert_eq!(
        problems(&crowd),
        vec![("counts".to_owned(), Problem::TooMany)]
    );
    let mut future = session(s, p, "3");
    future.day = "2026-06-02".into();
    assert_eq!(
        problems(&future),
        vec![("day".to_owned(), Problem::FutureDay)]
    );
    future.delivered = false;
    future.counts = Default::default();
    assert!(
        validate_workshop(&future, &choices).is_ok(),
        "planned ahead"
    );
    let mut elsewhere = session(StructureId::random(), p, "3");
    elsewhere.day = "12/03/2026".into();
    assert_eq!(
        problems(&elsewhere),
        vec![("structure".to_owned(), Problem::Unknown)]
    );
    let mut old = session(s, p, "3");
    old.day = "2019-01-01".into();
    assert_eq!(problems(&old), vec![("day".to_owned(), Problem::BadDay)]);
}

#[test]
fn the_summary_counts_a_year_of_delivered_sessions() {
    let (a, b) = (StructureId::random(), StructureId::random());
    let p = ProgrammeId::random();
    let w = |s: StructureId, d: &str, delivered: bool, n: u32| {
        let mut counts = Counts::default();
        counts.0[Band::Age12To14 as usize][Sex::Male as usize] = n;
        counts.0[Band::Adults as usize][Sex::Female as usize] = n / 2;
        Workshop {
            day: day(d),
            structure: s,
            programme: p,
            facilitators: vec![],
            delivered,
            counts,
        }
    };
    let all = [
        w(a, "2026-01-10", true, 20),
        w(a, "2026-02-10", true, 10),
        w(b, "2026-03-10", true, 30),
        w(b, "2026-09-10", false, 0),
        w(b, "2025-12-10", true, 99),
    ];
    let s = summarise(2026, &all, |s| s == a);
    assert_eq!((s.delivered, s.planned), (3, 1));
    assert_eq!(s.reached.young(), 60);
    assert_eq!(s.reached.band(Band::Adults), 30);
    assert_eq!((s.structures_covered, s.qpv_structures_covered), (2, 1));
    assert_eq!(s.young_in_qpv, 30);
    assert_eq!(s.qpv_share_percent(), Some(50));
    assert_eq!(summarise(2024, &all, |_| true).qpv_share_percent(), None);
}

fn any_counts() -> impl Strategy<Value = Counts> {
    proptest::array::uniform4(proptest::array::uniform3(0..=MAX_CELL)).prop_map(Counts)
}

proptest! {
    #[test]
    fn counts_survive_the_store(c in any_counts()) {
        prop_assert_eq!(Counts::from_stored(&c.to_stored()), Some(c));
    }

    #[test]
    fn totals_by_band_and_by_sex_agree(c in any_counts()) {
        let by_band: u32 = Band::ALL.iter().map(|b| c.band(*b)).sum();
        let by_sex: u32 = Sex::ALL.iter().map(|s| c.sex(*s)).sum();
        prop_assert_eq!(by_band, c.total());
        prop_assert_eq!(by_sex, c.total());
        prop_assert_eq!(c.young() + c.band(Band::Adults), c.total());
    }

    #[test]
    fn an_accepted_session_never_holds_a_count_out_of_bounds(
        cells in proptest::array::uniform4(proptest::array::uniform3(
            prop_oneof![Just(String::new()), (0u32..700).prop_map(|n| n.to_string()), "[-a-z0-9 ]{0,5}"]
        )),
        delivered in any::<bool>(),
    ) {
        let (s, p) = (StructureId::random(), ProgrammeId::random());
        let choices = WorkshopChoices {
            structures: &[s], programmes: &[p], facilitators: &[], today: day("2026-06-01"),
        };
        let mut form = session(s, p, "");
        form.delivered = delivered;
        form.counts = cells;
        if let Ok(w) = validate_workshop(&form, &choices) {
            prop_assert!(w.counts.0.iter().flatten().all(|n| *n <= MAX_CELL));
            prop_assert!(w.counts.total() <= MAX_TOTAL);
            prop_assert_eq!(w.counts.total() > 0, delivered);
        }
    }

    #[test]
    fn stored_counts_that_are_not_twelve_numbers_are_refused(s in "[0-9,]{0,40}") {
        if let Some(c) = Counts::from_stored(&s) {
            prop_assert_eq!(c.to_stored().split(',').count(), 12);
        }
    }
}
