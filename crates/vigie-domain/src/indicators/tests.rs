use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::casefile::Risk;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn event(kind: EventKind, day: NaiveDate) -> Event {
    Event {
        kind,
        day,
        note: String::new(),
    }
}

fn assessment(day: NaiveDate, needs: &[Need], plan: &str) -> Assessment {
    Assessment {
        day,
        needs: needs.to_vec(),
        risk: Risk::Low,
        intimidation: false,
        note: String::new(),
        safety_plan: plan.into(),
    }
}

fn file(role: PersonRole, age_band: AgeBand, sex: Sex) -> FileFacts {
    FileFacts {
        role,
        age_band,
        sex,
        consent_statistics: true,
        opened: d(2026, 1, 10),
        closed: None,
        events: Vec::new(),
        assessments: Vec::new(),
        court_cases: 0,
        referrals: Vec::new(),
        sessions: Vec::new(),
    }
}

#[test]
fn one_interview_is_aidee_several_accompagnee() {
    let mut a = file(PersonRole::DirectVictim, AgeBand::Adult, Sex::Female);
    a.events
        .push(event(EventKind::PhoneInterview, d(2026, 2, 1)));
    let mut b = a.clone();
    b.events.push(event(EventKind::HomeVisit, d(2026, 3, 1)));
    // An accompaniment to court and a referral are not interviews; last year's interview neither.
    let mut c = file(PersonRole::Witness, AgeBand::Teen, Sex::Male);
    c.events.push(event(EventKind::Court, d(2026, 2, 1)));
    c.events.push(event(EventKind::Referral, d(2026, 2, 2)));
    c.events.push(event(EventKind::Interview, d(2025, 12, 30)));
    c.opened = d(2025, 12, 1);
    let ind = count_year(2026, [&a, &b, &c]);
    assert_eq!(ind.people.total, 3);
    assert_eq!(ind.level(SupportLevel::Helped).total, 1);
    assert_eq!(ind.level(SupportLevel::Accompanied).total, 1);
    assert_eq!(ind.level(SupportLevel::NoInterview).total, 1);
    assert_eq!(ind.event(EventKind::PhoneInterview).count, 2);
    assert_eq!(ind.event(EventKind::PhoneInterview).contributors, 2);
    assert_eq!(ind.event(EventKind::Court).count, 1);
    assert_eq!(ind.event(EventKind::Interview).count, 0);
    assert_eq!(ind.people.role(PersonRole::Witness), 1);
    assert_eq!(ind.role_sex(PersonRole::DirectVictim, Sex::Female), 2);
}

#[test]
fn a_file_counts_in_the_years_it_was_open() {
    let mut f = file(PersonRole::IndirectVictim, AgeBand::Senior, Sex::Female);
    f.opened = d(2024, 5, 1);
    f.closed = Some(d(2025, 2, 1));
    assert!(!f.supported_in(2023));
    assert!(f.supported_in(2024));
    assert!(f.supported_in(2025));
    assert!(!f.supported_in(2026));
    assert_eq!(count_year(2026, [&f]).people.total, 0);
}

#[test]
fn needs_safety_plans_referrals_and_groups_are_counted() {
    let mut f = file(PersonRole::DirectVictim, AgeBand::Young, Sex::Male);
    f.assessments = vec![
        assessment(d(2026, 1, 12), &[Need::Legal, Need::Psychological], ""),
        assessment(d(2026, 6, 1), &[Need::Legal], "change de trajet"),
        assessment(d(2025, 6, 1), &[Need::Housing], "old plan"),
    ];
    f.referrals = vec![
        ReferralFacts {
            kind: PartnerKind::Lawyer,
            proposed: d(2026, 2, 1),
            done: Some(d(2026, 9, 1)),
        },
        ReferralFacts {
            kind: PartnerKind::Psychologist,
            proposed: d(2025, 11, 1),
            done: Some(d(2026, 1, 5)),
        },
    ];
    f.court_cases = 2;
    f.sessions = vec![(1, d(2026, 3, 1)), (2, d(2026, 4, 1)), (9, d(2025, 4, 1))];
    let mut g = file(PersonRole::Witness, AgeBand::Adult, Sex::Female);
    g.sessions = vec![(1, d(2026, 3, 1))];
    let ind = count_year(2026, [&f, &g]);
    assert_eq!(ind.need(Need::Legal).total, 1);
    assert_eq!(ind.need(Need::Psychological).total, 1);
    assert_eq!(ind.need(Need::Housing).total, 0);
    assert_eq!(ind.safety_plans.total, 1);
    assert_eq!(ind.made(PartnerKind::Lawyer).count, 1);
    assert_eq!(ind.made(PartnerKind::Psychologist).count, 0);
    assert_eq!(ind.done(PartnerKind::Psychologist).count, 1);
    assert_eq!(
        ind.court_cases,
        Tally {
            count: 2,
            contributors: 1
        }
    );
    assert_eq!(
        ind.group_sessions,
        Tally {
            count: 2,
            contributors: 2
        }
    );
    assert_eq!(
        ind.attendance,
        Tally {
            count: 3,
            contributors: 2
        }
    );
    assert_eq!(ind.group_people.total, 2);
}

/// `n` people of one kind, each with an interview.
fn crowd(n: usize, role: PersonRole, age: AgeBand, sex: Sex) -> Vec<FileFacts> {
    (0..n)
        .map(|_| {
            let mut f = file(role, age, sex);
            f.events.push(event(EventKind::Interview, d(2026, 4, 1)));
            f
        })
        .collect()
}

#[test]
fn the_release_suppresses_small_cells_and_what_would_reveal_them() {
    let mut files = crowd(12, PersonRole::DirectVictim, AgeBand::Adult, Sex::Female);
    files.extend(crowd(
        9,
        PersonRole::IndirectVictim,
        AgeBand::Adult,
        Sex::Female,
    ));
    files.extend(crowd(
        7,
        PersonRole::IndirectVictim,
        AgeBand::Senior,
        Sex::Male,
    ));
    files.extend(crowd(2, PersonRole::Witness, AgeBand::Teen, Sex::Male));
    let ind = count_year(2026, &files);
    let Ok(rel) = release_year(&ind, 5, 1) else {
        panic!("refused: {:?}", release_year(&ind, 5, 1));
    };
    assert_eq!(
        rel.get("people", "total", "").and_then(|f| f.count),
        Some(30)
    );
    let witness = rel.get("people", "role", "witness");
    assert!(witness.is_some_and(|f| f.suppressed && f.count.is_none()));
    // The witnesses cannot be found as the total less the two other roles: the smaller of them
    // is hidden too, the larger is published.
    assert!(
        rel.get("people", "role", "direct_victim")
            .is_some_and(|f| f.suppressed)
    );
    assert_eq!(
        rel.get("people", "role", "indirect_victim")
            .and_then(|f| f.count),
        Some(16)
    );
    // Every interview was "aidée" (30): with the other levels at zero it is hidden as well.
    assert!(
        rel.get("support_level", "level", "aidee")
            .is_some_and(|f| f.suppressed)
    );
    for f in &rel.figures {
        assert!(f.suppressed || f.count.is_some_and(|c| c >= 5), "{f:?}");
    }
}

fn any_file() -> impl Strategy<Value = FileFacts> {
    (
        0usize..3,
        0usize..6,
        0usize..3,
        prop::collection::vec((0usize..8, 2025i32..=2027, 1u32..=12), 0..6),
        prop::collection::vec((0usize..6, 2025i32..=2027), 0..3),
        any::<bool>(),
    )
        .prop_map(|(r, a, s, events, needs, closed)| {
            let mut f = file(PersonRole::ALL[r], AgeBand::ALL[a], Sex::ALL[s]);
            f.events = events
                .into_iter()
                .map(|(k, y, m)| event(EventKind::ALL[k], d(y, m, 1)))
                .collect();
            f.assessments = needs
                .into_iter()
                .map(|(n, y)| assessment(d(y, 3, 1), &[Need::ALL[n]], ""))
                .collect();
            if closed {
                f.closed = Some(d(2026, 6, 1));
            }
            f
        })
}

proptest! {
    #[test]
    fn a_person_is_counted_once_a_year_whatever_their_events(
        files in prop::collection::vec(any_file(), 0..40),
        extra in 0usize..20,
    ) {
        let ind = count_year(2026, &files);
        // The same people with many more interviews: still as many people, levels partition them.
        let busier: Vec<FileFacts> = files.iter().cloned().map(|mut f| {
            for _ in 0..extra {
                f.events.push(event(EventKind::Interview, d(2026, 5, 1)));
            }
            f
        }).collect();
        let busy = count_year(2026, &busier);
        prop_assert_eq!(ind.people.total, files.iter().filter(|f| f.supported_in(2026)).count() as u64);
        prop_assert_eq!(busy.people.clone(), ind.people.clone());
        let levels: u64 = SupportLevel::ALL.iter().map(|l| ind.level(*l).total).sum();
        prop_assert_eq!(levels, ind.people.total);
        let roles: u64 = PersonRole::ALL.iter().map(|r| ind.people.role(*r)).sum();
        prop_assert_eq!(roles, ind.people.total);
        for n in Need::ALL {
            prop_assert!(ind.need(*n).total <= ind.people.total);
        }
        for k in COUNTED_EVENTS {
            prop_assert!(ind.event(*k).contributors <= ind.people.total);
        }
    }

    #[test]
    fn no_published_figure_is_below_k(
        files in prop::collection::vec(any_file(), 0..60),
        k in 2u32..8,
    ) {
        let ind = count_year(2026, &files);
        let rel = release_year(&ind, k, 1);
        prop_assert!(rel.is_ok());
        if let Ok(rel) = rel {
            for f in &rel.figures {
                prop_assert!(f.suppressed || f.count.is_some_and(|c| c >= u64::from(k)), "{:?}", f);
                prop_assert_eq!(f.suppressed, f.count.is_none());
            }
            // The structure does not depend on the data.
            let empty = release_year(&count_year(2026, []), k, 1);
            prop_assert_eq!(empty.map(|e| e.figures.len()).ok(), Some(rel.figures.len()));
        }
    }
}
