//! Disclosure control, property-tested over random months on Marseille's areas and on small synthetic
//! area lists: every sensitive cell is hidden, every hidden cell stays wide, corrections keep their
//! promises.

use std::collections::BTreeSet;

use crate::disclosure_common::*;
use proptest::prelude::*;
use vigie_domain::area::AreaList;
use vigie_domain::observatory::MonthRelease;
use vigie_domain::observatory::disclosure::{
    DisclosureRules, MonthInput, ReleaseSecrets, audit_release, release_month,
};

fn facts_strategy(max: usize) -> impl Strategy<Value = Vec<Fact>> {
    let one = (
        0usize..64,
        prop::option::weighted(0.75, 0usize..64),
        0usize..12,
        prop_oneof![8 => Just(1u64), 2 => 1u64..8],
        0u64..8,
    )
        .prop_map(|(district, quartier, category, count, c)| Fact {
            district,
            quartier,
            category,
            count,
            contributors: 1 + c % count,
        });
    prop::collection::vec(one, 0..max)
}

/// Checks one release without noise against the truth.
fn check_release(
    areas: &AreaList,
    input: &MonthInput,
    release: &MonthRelease,
    k: u64,
) -> Result<(), TestCaseError> {
    let t = truth(areas, input);
    prop_assert_eq!(release.cells.len(), t.cells.len());
    for c in &release.cells {
        let key = (c.area.clone(), c.category);
        let tally = t.cells[&key];
        prop_assert_eq!(c.suppressed, c.count.is_none());
        if sensitive(&tally, k) {
            prop_assert!(
                c.suppressed,
                "sensitive cell published: {:?} {:?}",
                key,
                tally
            );
        }
        if let Some(v) = c.count {
            prop_assert_eq!(v, tally.count, "published value differs from the truth");
        }
    }
    let audit = audit_release(input, areas, release, k as u32);
    prop_assert!(audit.failures.is_empty(), "audit: {:?}", audit);
    for (total, parts) in equations(areas) {
        let unknown: Vec<&Term> = std::iter::once(&total)
            .chain(&parts)
            .filter(|term| match term {
                Term::Cell(key) => published(release, key).is_none(),
                Term::Residual(_) => true,
            })
            .collect();
        if let [only] = unknown.as_slice() {
            let exposed = match only {
                Term::Cell(_) => true,
                Term::Residual(d) => residual_sensitive(&t.residuals[d], k),
            };
            prop_assert!(!exposed, "{:?} is the only unknown of its equation", only);
        }
    }
    Ok(())
}

fn rules(k: u32) -> DisclosureRules {
    DisclosureRules { k, epsilon: None }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn small_areas_releases_hide_what_they_must(
        shape in prop::collection::vec(0usize..4, 1..5),
        facts in facts_strategy(80),
        k in 2u32..7,
    ) {
        let areas = synthetic(&shape);
        let input = input_of(&areas, &facts);
        let (release, secrets) =
            release_month(&input, &areas, &rules(k), 1, None, &mut NoRng).unwrap();
        prop_assert!(secrets.noise.is_empty());
        check_release(&areas, &input, &release, u64::from(k))?;
        let again = release_month(&input, &areas, &rules(k), 1, None, &mut NoRng).unwrap();
        prop_assert_eq!(again.0, release);
    }

    #[test]
    fn corrections_keep_their_promises(
        shape in prop::collection::vec(0usize..4, 1..4),
        facts in facts_strategy(60),
        edits in prop::collection::vec((facts_strategy(8), prop::collection::vec(0usize..64, 0..6)), 1..4),
        k in 2u32..6,
    ) {
        let areas = synthetic(&shape);
        let k64 = u64::from(k);
        let mut current = facts;
        let input = input_of(&areas, &current);
        let (mut last, mut secrets) =
            release_month(&input, &areas, &rules(k), 1, None, &mut NoRng).unwrap();
        let mut all = vec![last.clone()];
        for (version, (added, removed)) in (2u32..).zip(edits) {
            let removed: BTreeSet<usize> =
                removed.into_iter().filter(|_| !current.is_empty()).map(|i| i % current.len().max(1)).collect();
            current = current
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !removed.contains(i))
                .map(|(_, f)| f)
                .chain(added)
                .collect();
            let input = input_of(&areas, &current);
            let (next, next_secrets) =
                release_month(&input, &areas, &rules(k), version, Some((&last, &secrets)), &mut NoRng)
                    .unwrap();
            check_release(&areas, &input, &next, k64)?;
            for earlier in &all {
                for (a, b) in earlier.cells.iter().zip(&next.cells) {
                    prop_assert_eq!((&a.area, a.category), (&b.area, b.category));
                    if a.suppressed {
                        prop_assert!(b.suppressed, "{:?} published again", b);
                    }
                    if let (Some(x), Some(y)) = (a.count, b.count) {
                        prop_assert!(!(1..k64).contains(&x.abs_diff(y)), "{:?}: {} -> {}", a.area, x, y);
                    }
                }
            }
            prop_assert_eq!(&next_secrets.earlier, &all);
            all.push(next.clone());
            last = next;
            secrets = next_secrets;
        }
    }

    #[test]
    fn noise_comes_after_the_decisions_and_is_frozen(
        shape in prop::collection::vec(0usize..4, 1..4),
        facts in facts_strategy(120),
        epsilon in 0.05f64..3.0,
        seed in any::<u64>(),
    ) {
        let areas = synthetic(&shape);
        let input = input_of(&areas, &facts);
        let noisy_rules = DisclosureRules { k: 5, epsilon: Some(epsilon) };
        let (plain, _) = release_month(&input, &areas, &rules(5), 1, None, &mut NoRng).unwrap();
        let (noisy, secrets) =
            release_month(&input, &areas, &noisy_rules, 1, None, &mut SplitMix(seed)).unwrap();
        let t = truth(&areas, &input);
        // The same cells are hidden: the decisions use true values only.
        for (a, b) in plain.cells.iter().zip(&noisy.cells) {
            prop_assert_eq!(a.suppressed, b.suppressed);
        }
        prop_assert_eq!(secrets.noise.len(), noisy.cells.iter().filter(|c| !c.suppressed).count());
        for (area, category, n) in &secrets.noise {
            let truth = t.cells[&(area.clone(), *category)].count as i64;
            let cell = noisy.cell(area, *category).unwrap();
            prop_assert_eq!(cell.count, Some((truth + n).max(0) as u64));
        }
        // Republished unchanged, with a different generator: identical figures.
        let (again, secrets2) = release_month(
            &input, &areas, &noisy_rules, 2, Some((&noisy, &secrets)), &mut SplitMix(seed ^ 1),
        ).unwrap();
        prop_assert_eq!(&again.cells, &noisy.cells);
        prop_assert_eq!(&secrets2.noise, &secrets.noise);
        prop_assert_eq!(secrets2.earlier, vec![noisy]);
        let _: &ReleaseSecrets = &secrets;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn marseille_releases_hide_what_they_must(
        facts in facts_strategy(1500),
        k in prop_oneof![Just(5u32), 2u32..11],
    ) {
        let areas = marseille();
        let input = input_of(&areas, &facts);
        let (release, _) = release_month(&input, &areas, &rules(k), 1, None, &mut NoRng).unwrap();
        check_release(&areas, &input, &release, u64::from(k))?;
    }
}
