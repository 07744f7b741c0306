//! Disclosure control, rule by rule, through the public interface.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod disclosure_common;

use std::time::Instant;

use disclosure_common::*;
use vigie_domain::observatory::disclosure::{DisclosureRules, audit_release, release_month};

#[test]
fn timing_marseille() {
    let areas = marseille();
    let rules = DisclosureRules::default();
    for n in [0usize, 5, 40, 200, 1000, 3000] {
        let mut rng = SplitMix(n as u64);
        let facts = random_facts(&mut rng, &areas, n);
        let input = input_of(&areas, &facts);
        let t = Instant::now();
        let (release, _) = release_month(&input, &areas, &rules, 1, None, &mut NoRng).unwrap();
        let elapsed = t.elapsed();
        let suppressed = release.cells.iter().filter(|c| c.suppressed).count();
        let audit = audit_release(&input, &areas, &release, rules.k);
        eprintln!(
            "{n} facts: {elapsed:?}, {suppressed}/{} suppressed, audit {} checked {} failures",
            release.cells.len(),
            audit.cells_checked,
            audit.failures.len()
        );
        assert!(audit.failures.is_empty());
    }
}
