//! The public prevention figures' rules: periods, the estimate of young people reached, and small
//! cells suppressed so that no difference gives them back.

use super::*;
use crate::prevention::reach::{StructurePlace, reach};
use crate::prevention::{Band, Counts, Sex, StructureKind, Workshop};
use crate::{ProgrammeId, StructureId};

#[test]
fn periods_read_and_print_as_years_and_quarters() {
    assert_eq!("2025".parse(), Ok(Period::Year(2025)));
    assert_eq!("2025-Q3".parse(), Ok(Period::Quarter(2025, 3)));
    assert_eq!("2025-t1".parse(), Ok(Period::Quarter(2025, 1)));
    for bad in [
        "", "25", "2025-Q5", "2025-Q0", "1999-", "20255", "2025-X1", "3000",
    ] {
        assert_eq!(bad.parse::<Period>(), Err(BadPeriod), "{bad}");
    }
    assert_eq!(Period::Quarter(2025, 3).to_string(), "2025-Q3");
    let Some((first, last)) = Period::Quarter(2024, 1).days() else {
        panic!("a quarter has days");
    };
    assert_eq!(
        (first.to_string(), last.to_string()),
        ("2024-01-01".into(), "2024-03-31".into())
    );
    let Some((_, last)) = Period::Year(2024).days() else {
        panic!("a year has days");
    };
    assert_eq!(last.to_string(), "2024-12-31");
}

#[test]
fn a_year_overlaps_its_quarters_and_quarters_do_not_overlap_each_other() {
    assert!(Period::Year(2025).overlaps(Period::Quarter(2025, 2)));
    assert!(Period::Quarter(2025, 2).overlaps(Period::Year(2025)));
    assert!(Period::Year(2025).overlaps(Period::Year(2025)));
    assert!(!Period::Year(2025).overlaps(Period::Quarter(2024, 4)));
    assert!(!Period::Quarter(2025, 1).overlaps(Period::Quarter(2025, 2)));
}

/// A delivered session at `place` of `programme` with `n` girls of band `band`.
fn session(place: &StructurePlace, programme: ProgrammeId, band: Band, n: u32) -> Workshop {
    let mut counts = Counts::default();
    counts.0[band as usize][Sex::Female as usize] = n;
    Workshop {
        day: NaiveDate::from_ymd_opt(2025, 2, 3).unwrap_or_default(),
        structure: place.id,
        programme,
        facilitators: Vec::new(),
        delivered: true,
        counts,
    }
}

fn place(district: &str, qpv: bool) -> StructurePlace {
    StructurePlace {
        id: StructureId::random(),
        kind: StructureKind::College,
        district: district.to_owned(),
        qpv,
    }
}

#[test]
fn one_group_over_a_cycle_counts_once() {
    let (p, q) = (ProgrammeId::random(), ProgrammeId::random());
    let college = place("13203", true);
    let sessions = [
        session(&college, p, Band::Age12To14, 20),
        session(&college, p, Band::Age12To14, 24),
        session(&college, q, Band::Age12To14, 10),
    ];
    let r = reach(&sessions, std::slice::from_ref(&college));
    assert_eq!(r.reached.young(), 34);
    assert_eq!(r.participations.total(), 54);
    assert_eq!((r.delivered, r.structures, r.qpv_structures), (3, 1, 1));
    assert_eq!(r.young_in_qpv, 34);
}

#[test]
fn a_small_cell_is_suppressed_with_what_would_give_it_back() {
    let p = ProgrammeId::random();
    let (big, small) = (place("13203", true), place("13208", false));
    let sessions = [
        session(&big, p, Band::Age12To14, 30),
        session(&small, p, Band::Age15To18, 2),
    ];
    let districts: Vec<String> = ["13201", "13203", "13208", "13213"]
        .map(String::from)
        .to_vec();
    let r = reach(&sessions, &[big, small]);
    let f = release_period(&r, &districts, (Period::Quarter(2025, 1), 1, 5));
    let Ok(f) = f else {
        panic!("the release was refused");
    };
    let hidden = |b: &str, k: &str| f.value("young_people", b, k) == Some(None);
    assert!(hidden("district", "13208"));
    assert!(hidden("district_age_band", "13208/15_18"));
    // The total is published; the 3rd's 30 would then give the 8th's 2 back, so it is hidden too.
    assert_eq!(f.young_people(), Some(32));
    assert!(hidden("district", "13203"));
    assert!(hidden("age_band", "15_18"));
    assert!(hidden("age_band", "12_14"));
    // Every figure of the structure is there, whatever the data: 1 + 4 + 3 + 12 young people
    // figures, 1 + 4 sessions, 1 + 4 + 2 structures.
    assert_eq!(f.figures.len(), 20 + 5 + 7);
}
