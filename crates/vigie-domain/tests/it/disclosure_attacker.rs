//! An attacker who sees only the published cells of every release (several months, several corrected
//! versions of each) and tries every differencing it knows, with machinery of its own (nothing here
//! calls the library's audit):
//!
//! 1. single-unknown equations, substituted to a fixpoint (rows, columns, totals, the
//!    quartier/arrondissement hierarchy, residuals);
//! 2. interval propagation over every equation, to a fixpoint (each term non-negative);
//! 3. on small synthetic area lists, an exact integer search (branch and bound over the unknowns'
//!    domains) for the smallest and largest value of each hidden cell;
//! 4. differences between versions of a month: cell by cell, equation by equation (the sum of an
//!    equation's hidden parts), and cells hidden in one version but published in a later one.
//!
//! It must recover no sensitive value exactly and narrow none (nor any suppressed cell) below k. The
//! same attacker, pointed at naive schemes (primary suppression only; corrections released without
//! the previous version), must find leaks: that is what shows it works.

use crate::disclosure_common::attacker::{INF, Model};
use crate::disclosure_common::*;
use vigie_domain::area::AreaList;
use vigie_domain::observatory::disclosure::{
    DisclosureRules, MonthInput, ReleaseSecrets, release_month,
};
use vigie_domain::observatory::{Month, MonthRelease};

/// A release the attacker sees, and (for judging only) the truth behind it.
struct Seen {
    month: Month,
    version: u32,
    release: MonthRelease,
    input: MonthInput,
}

#[derive(Debug)]
struct Leak {
    month: Month,
    version: u32,
    what: String,
    how: &'static str,
}

#[derive(Default, Debug)]
struct Tally {
    releases: usize,
    targets: usize,
    integer_searches: usize,
    inconclusive: usize,
    comparisons: usize,
}

/// Runs every attack on `seen` (grouped by month, versions in order).
fn attack(areas: &AreaList, k: i64, seen: &[Seen], integer: bool, stats: &mut Tally) -> Vec<Leak> {
    let model = Model::new(areas);
    let mut leaks = Vec::new();
    for s in seen {
        stats.releases += 1;
        attack_release(&model, areas, k, s, integer, stats, &mut leaks);
    }
    // Differences between versions of a month.
    for (i, a) in seen.iter().enumerate() {
        for b in seen[i + 1..].iter().filter(|b| b.month == a.month) {
            stats.comparisons += 1;
            compare_versions(&model, areas, k, (a, b), &mut leaks);
        }
    }
    leaks
}

/// The attacks on one release alone (attacks 1 to 3 of the module documentation): a sensitive
/// cell published, then every suppressed cell and sensitive residual narrowed by substitution,
/// interval propagation and (when `integer`) the exact integer search.
fn attack_release(
    model: &Model,
    areas: &AreaList,
    k: i64,
    s: &Seen,
    integer: bool,
    stats: &mut Tally,
    leaks: &mut Vec<Leak>,
) {
    let t = truth(areas, &s.input);
    let true_value = |term: &Term| -> (i64, bool) {
        match term {
            Term::Cell(key) => {
                let tally = t.cells[key];
                (tally.count as i64, sensitive(&tally, k as u64))
            }
            Term::Residual(d) => {
                let tally = t.residuals[d];
                (tally.count as i64, residual_sensitive(&tally, k as u64))
            }
        }
    };
    let obs = model.observe(&s.release);
    let mut leak = |what: &Term, how| {
        leaks.push(Leak {
            month: s.month,
            version: s.version,
            what: format!("{what:?}"),
            how,
        })
    };
    // Published sensitive cells are leaks outright.
    for (i, term) in model.terms.iter().enumerate() {
        if obs[i].is_some() && true_value(term).1 {
            leak(term, "published although sensitive");
        }
    }
    // The cells that must stay wide: suppressed cells, sensitive residuals.
    let targets: Vec<usize> = (0..model.terms.len())
        .filter(|i| match &model.terms[*i] {
            Term::Cell(_) => obs[*i].is_none(),
            Term::Residual(_) => true_value(&model.terms[*i]).1,
        })
        .collect();
    stats.targets += targets.len();
    let derived = model.substitute(&obs);
    for i in &targets {
        if derived[*i].is_some() {
            leak(&model.terms[*i], "single-unknown equation");
        }
    }
    let g = t.cells[&(vigie_domain::observatory::CellArea::City, None)].count as i64;
    let cap = g + 3 * k;
    let mut b = model.bounds(&obs, INF);
    assert!(
        model.propagate(&mut b),
        "the published figures are consistent"
    );
    for i in &targets {
        let (lo, hi) = b[*i];
        if hi < INF && hi - lo < k {
            leak(&model.terms[*i], "interval propagation");
        }
    }
    if integer {
        let capped = model.bounds(&obs, cap);
        for i in &targets {
            stats.integer_searches += 1;
            let hint = true_value(&model.terms[*i]).0;
            match model.integer_range(&capped, *i, hint) {
                Some((lo, hi)) if hi - lo < k => leak(&model.terms[*i], "integer search"),
                Some(_) => {}
                None => stats.inconclusive += 1,
            }
        }
    }
}

/// The differences between two versions `a` then `b` of a month (attack 4 of the module
/// documentation): cell by cell, a cell hidden in `a` and published in `b`, and the sum of an
/// equation's hidden parts.
fn compare_versions(
    model: &Model,
    areas: &AreaList,
    k: i64,
    (a, b): (&Seen, &Seen),
    leaks: &mut Vec<Leak>,
) {
    let (oa, ob) = (model.observe(&a.release), model.observe(&b.release));
    let ta = truth(areas, &a.input);
    let mut leak = |what: String, how| {
        leaks.push(Leak {
            month: b.month,
            version: b.version,
            what,
            how,
        })
    };
    for (t, term) in model.terms.iter().enumerate() {
        match (oa[t], ob[t]) {
            (Some(x), Some(y)) if (1..k).contains(&(x - y).abs()) => {
                leak(format!("{term:?}: {x} -> {y}"), "cell difference")
            }
            (None, Some(y)) => {
                // Hidden, then shown: the earlier hidden value, if unchanged, is out.
                if let Term::Cell(key) = term
                    && sensitive(&ta.cells[key], k as u64)
                    && ta.cells[key].count as i64 == y
                {
                    leak(format!("{term:?} = {y}"), "hidden cell published later")
                }
            }
            _ => {}
        }
    }
    for (total, parts) in &model.eqs {
        let (Some(xa), Some(xb)) = (oa[*total], ob[*total]) else {
            continue;
        };
        let hidden_b: Vec<&usize> = parts.iter().filter(|p| ob[**p].is_none()).collect();
        if hidden_b.is_empty() {
            continue;
        }
        let shown_b: Vec<&usize> = parts.iter().filter(|p| ob[**p].is_some()).collect();
        if shown_b.iter().any(|p| oa[**p].is_none()) {
            continue;
        }
        let ga = xa - shown_b.iter().map(|p| oa[**p].unwrap_or(0)).sum::<i64>();
        let gb = xb - shown_b.iter().map(|p| ob[**p].unwrap_or(0)).sum::<i64>();
        if (1..k).contains(&(ga - gb).abs()) {
            leak(
                format!("hidden parts of {:?}: {ga} -> {gb}", model.terms[*total]),
                "group difference",
            );
        }
    }
}

/// A month's facts over versions: each version adds and removes a few.
fn versions(rng: &mut SplitMix, areas: &AreaList, n: usize, count: u32) -> Vec<Vec<Fact>> {
    let mut facts = random_facts(rng, areas, n);
    let mut all = vec![facts.clone()];
    for _ in 1..count {
        for _ in 0..rng.below(3) {
            if !facts.is_empty() {
                let i = rng.below(facts.len() as u64) as usize;
                facts.remove(i);
            }
        }
        let extra = rng.below(6) as usize;
        facts.extend(random_facts(rng, areas, extra));
        all.push(facts.clone());
    }
    all
}

fn input_in(areas: &AreaList, facts: &[Fact], month: Month) -> MonthInput {
    MonthInput {
        month,
        ..input_of(areas, facts)
    }
}

/// Releases every month's versions through the library, each correcting the previous.
fn library(areas: &AreaList, k: u32, months: &[(Month, Vec<Vec<Fact>>)]) -> Vec<Seen> {
    let rules = DisclosureRules { k, epsilon: None };
    let mut seen = Vec::new();
    for (month, vs) in months {
        let mut last: Option<(MonthRelease, ReleaseSecrets)> = None;
        for (v, facts) in (1u32..).zip(vs) {
            let input = input_in(areas, facts, *month);
            let previous = last.as_ref().map(|(r, s)| (r, s));
            let (release, secrets) =
                release_month(&input, areas, &rules, v, previous, &mut NoRng).unwrap();
            seen.push(Seen {
                month: *month,
                version: v,
                release: release.clone(),
                input,
            });
            last = Some((release, secrets));
        }
    }
    seen
}

fn scenario(seed: u64, areas: &AreaList, sizes: &[usize]) -> Vec<(Month, Vec<Vec<Fact>>)> {
    let mut rng = SplitMix(seed);
    sizes
        .iter()
        .enumerate()
        .map(|(m, n)| {
            let count = 1 + rng.below(3) as u32;
            (
                Month::new(2026, m as u32 + 1).unwrap(),
                versions(&mut rng, areas, *n, count),
            )
        })
        .collect()
}

fn report(leaks: &[Leak]) -> String {
    leaks
        .iter()
        .take(10)
        .map(|l| format!("{} v{}: {} ({})", l.month, l.version, l.what, l.how))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_library_leaks_nothing_on_small_area_lists() {
    let mut stats = Tally::default();
    for (seed, shape) in [
        (1, vec![2, 1, 0]),
        (2, vec![1, 1]),
        (3, vec![3]),
        (4, vec![0, 2]),
    ] {
        let areas = synthetic(&shape);
        for k in [3u32, 5] {
            let months = scenario(seed * 10 + u64::from(k), &areas, &[3, 12, 30, 70]);
            let seen = library(&areas, k, &months);
            let leaks = attack(&areas, i64::from(k), &seen, true, &mut stats);
            assert!(
                leaks.is_empty(),
                "k = {k}, shape {shape:?}:\n{}",
                report(&leaks)
            );
        }
    }
    eprintln!("{stats:?}");
    assert!(stats.comparisons > 10 && stats.integer_searches > 100);
    assert!(
        stats.inconclusive * 10 < stats.integer_searches,
        "the integer search gave up too often: {stats:?}"
    );
}

#[test]
fn the_library_leaks_nothing_on_marseille() {
    let areas = marseille();
    let mut stats = Tally::default();
    for seed in 0..2 {
        let months = scenario(100 + seed, &areas, &[20, 150, 600, 1500]);
        let seen = library(&areas, 5, &months);
        let leaks = attack(&areas, 5, &seen, false, &mut stats);
        assert!(leaks.is_empty(), "{}", report(&leaks));
    }
    eprintln!("{stats:?}");
}

#[test]
fn primary_suppression_alone_leaks() {
    // By hand: one small cell in a row and a column of large ones.
    let areas = small_areas();
    let mut facts = dense(&areas, 10);
    set_cell(&mut facts, fact(1, Some(0), 4, 2));
    let input = input_in(&areas, &facts, Month::new(2026, 1).unwrap());
    let naive = primary_only(&areas, &input, 5);
    let seen = [Seen {
        month: input.month,
        version: 1,
        release: naive,
        input: input.clone(),
    }];
    let leaks = attack(&areas, 5, &seen, true, &mut Tally::default());
    let hows: Vec<&str> = leaks.iter().map(|l| l.how).collect();
    for how in [
        "single-unknown equation",
        "interval propagation",
        "integer search",
    ] {
        assert!(hows.contains(&how), "{how} missed it: {}", report(&leaks));
    }
    let model = Model::new(&areas);
    let i = model
        .terms
        .iter()
        .position(|t| *t == Term::Cell((arr("B"), cat(4))))
        .unwrap();
    assert_eq!(
        model.substitute(&model.observe(&seen[0].release))[i],
        Some(2)
    );

    // And on random months, with the same attacker that finds nothing in the library's releases.
    let mut found = 0;
    for seed in 0..4 {
        let areas = synthetic(&[2, 1, 0]);
        for (month, vs) in scenario(seed, &areas, &[12, 30, 70]) {
            let input = input_in(&areas, &vs[0], month);
            let seen = [Seen {
                month,
                version: 1,
                release: primary_only(&areas, &input, 5),
                input,
            }];
            found += attack(&areas, 5, &seen, false, &mut Tally::default()).len();
        }
    }
    assert!(found > 10, "{found}");
}

#[test]
fn corrections_released_without_their_history_leak() {
    let areas = small_areas();
    let month = Month::new(2026, 2).unwrap();
    let rules = DisclosureRules {
        k: 5,
        epsilon: None,
    };
    let base = dense(&areas, 10);
    let mut late = base.clone();
    // One late incident in a large cell.
    late.push(fact(2, None, 3, 1));
    let v1_input = input_in(&areas, &base, month);
    let v2_input = input_in(&areas, &late, month);
    let (v1, s1) = release_month(&v1_input, &areas, &rules, 1, None, &mut NoRng).unwrap();
    // Naive: version 2 released on its own.
    let (naive, _) = release_month(&v2_input, &areas, &rules, 2, None, &mut NoRng).unwrap();
    let seen = |v2: MonthRelease| {
        vec![
            Seen {
                month,
                version: 1,
                release: v1.clone(),
                input: v1_input.clone(),
            },
            Seen {
                month,
                version: 2,
                release: v2,
                input: v2_input.clone(),
            },
        ]
    };
    let leaks = attack(&areas, 5, &seen(naive), true, &mut Tally::default());
    assert!(
        leaks.iter().any(|l| l.how == "cell difference"),
        "{}",
        report(&leaks)
    );
    // The library, given the previous version.
    let (v2, _) =
        release_month(&v2_input, &areas, &rules, 2, Some((&v1, &s1)), &mut NoRng).unwrap();
    let leaks = attack(&areas, 5, &seen(v2), true, &mut Tally::default());
    assert!(leaks.is_empty(), "{}", report(&leaks));

    // Random months: independent versions leak somewhere, chained ones nowhere.
    let areas = synthetic(&[2, 1, 0]);
    let (mut naive_leaks, mut stats) = (0, Tally::default());
    for seed in 0..6 {
        let months = scenario(1000 + seed, &areas, &[40, 90]);
        let mut independent = Vec::new();
        for (month, vs) in &months {
            for (v, facts) in (1u32..).zip(vs) {
                let input = input_in(&areas, facts, *month);
                let (release, _) =
                    release_month(&input, &areas, &rules, v, None, &mut NoRng).unwrap();
                independent.push(Seen {
                    month: *month,
                    version: v,
                    release,
                    input,
                });
            }
        }
        naive_leaks += attack(&areas, 5, &independent, false, &mut stats)
            .iter()
            .filter(|l| l.how != "interval propagation")
            .count();
        let leaks = attack(&areas, 5, &library(&areas, 5, &months), false, &mut stats);
        assert!(leaks.is_empty(), "{}", report(&leaks));
    }
    assert!(naive_leaks > 0, "{stats:?}");
}
