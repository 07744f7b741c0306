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
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod disclosure_common;

use std::collections::BTreeMap;

use disclosure_common::*;
use vigie_domain::area::AreaList;
use vigie_domain::observatory::disclosure::{
    DisclosureRules, MonthInput, ReleaseSecrets, release_month,
};
use vigie_domain::observatory::{Month, MonthRelease, PublishedCell};

const INF: i64 = i64::MAX / 8;

/// The attacker's model of a month: terms and equations, from the area list alone.
struct Model {
    terms: Vec<Term>,
    eqs: Vec<(usize, Vec<usize>)>,
}

impl Model {
    fn new(areas: &AreaList) -> Model {
        let mut index: BTreeMap<Term, usize> = BTreeMap::new();
        let mut terms = Vec::new();
        let mut id = |t: &Term| {
            *index.entry(t.clone()).or_insert_with(|| {
                terms.push(t.clone());
                terms.len() - 1
            })
        };
        let eqs = equations(areas)
            .iter()
            .map(|(total, parts)| (id(total), parts.iter().map(&mut id).collect()))
            .collect();
        Model { terms, eqs }
    }

    /// Published values, per term (`None`: unknown).
    fn observe(&self, release: &MonthRelease) -> Vec<Option<i64>> {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Cell(key) => published(release, key).map(|v| v as i64),
                Term::Residual(_) => None,
            })
            .collect()
    }

    fn bounds(&self, seen: &[Option<i64>], cap: i64) -> Vec<(i64, i64)> {
        seen.iter()
            .map(|v| v.map_or((0, cap), |v| (v, v)))
            .collect()
    }

    /// Attack 1: equations with a single unknown, substituted until nothing moves.
    fn substitute(&self, seen: &[Option<i64>]) -> Vec<Option<i64>> {
        let mut known = seen.to_vec();
        loop {
            let mut moved = false;
            for (total, parts) in &self.eqs {
                let all: Vec<usize> = std::iter::once(*total)
                    .chain(parts.iter().copied())
                    .collect();
                let unknown: Vec<usize> = all
                    .iter()
                    .copied()
                    .filter(|t| known[*t].is_none())
                    .collect();
                if let [only] = unknown.as_slice() {
                    let parts_sum: i64 = parts.iter().filter_map(|p| known[*p]).sum();
                    let value = if *only == *total {
                        parts_sum
                    } else {
                        known[*total].unwrap() - parts_sum
                    };
                    known[*only] = Some(value);
                    moved = true;
                }
            }
            if !moved {
                return known;
            }
        }
    }

    /// Attack 2: interval propagation to a fixpoint. `false`: no solution.
    fn propagate(&self, b: &mut [(i64, i64)]) -> bool {
        for _ in 0..10_000 {
            let mut moved = false;
            for (total, parts) in &self.eqs {
                let (mut lo_sum, mut hi_sum, mut infinite) = (0i64, 0i64, 0usize);
                for p in parts {
                    lo_sum = lo_sum.saturating_add(b[*p].0).min(INF);
                    if b[*p].1 >= INF {
                        infinite += 1;
                    } else {
                        hi_sum += b[*p].1;
                    }
                }
                let parts_hi = if infinite > 0 { INF } else { hi_sum };
                let t = &mut b[*total];
                let new = (t.0.max(lo_sum), t.1.min(parts_hi));
                if new != *t {
                    *t = new;
                    moved = true;
                }
                let (t_lo, t_hi) = b[*total];
                for p in parts {
                    let (p_lo, p_hi) = b[*p];
                    let others_lo = lo_sum - p_lo;
                    let others_hi = match (infinite, p_hi >= INF) {
                        (0, _) => Some(hi_sum - p_hi),
                        (1, true) => Some(hi_sum),
                        _ => None,
                    };
                    let mut new = (p_lo, p_hi);
                    if let Some(oh) = others_hi {
                        new.0 = new.0.max(t_lo - oh);
                    }
                    if t_hi < INF {
                        new.1 = new.1.min(t_hi - others_lo);
                    }
                    if new != (p_lo, p_hi) {
                        b[*p] = new;
                        moved = true;
                    }
                }
                if b.iter().any(|(lo, hi)| lo > hi) {
                    return false;
                }
            }
            if !moved {
                return true;
            }
        }
        true
    }

    /// Whether an integer point exists within `b` (`None`: the search budget ran out).
    fn feasible(&self, mut b: Vec<(i64, i64)>, budget: &mut u32) -> Option<bool> {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        if !self.propagate(&mut b) {
            return Some(false);
        }
        let open = (0..b.len())
            .filter(|i| b[*i].0 < b[*i].1)
            .min_by_key(|i| b[*i].1 - b[*i].0);
        let Some(i) = open else {
            return Some(
                self.eqs
                    .iter()
                    .all(|(t, parts)| b[*t].0 == parts.iter().map(|p| b[*p].0).sum::<i64>()),
            );
        };
        let mid = b[i].0 + (b[i].1 - b[i].0) / 2;
        let mut low = b.clone();
        low[i].1 = mid;
        match self.feasible(low, budget)? {
            true => Some(true),
            false => {
                b[i].0 = mid + 1;
                self.feasible(b, budget)
            }
        }
    }

    /// Attack 3: the exact integer range of term `t`, searched between its propagated bounds (`hint`
    /// is any value known to be feasible). `None`: inconclusive within the budget.
    fn integer_range(&self, b: &[(i64, i64)], t: usize, hint: i64) -> Option<(i64, i64)> {
        let mut budget = 20_000u32;
        let query = |lo: i64, hi: i64, budget: &mut u32| {
            let mut c = b.to_vec();
            c[t] = (c[t].0.max(lo), c[t].1.min(hi));
            self.feasible(c, budget)
        };
        // Smallest m with a point at or below m, in [b.0, hint].
        let (mut lo, mut hi) = (b[t].0, hint);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if query(0, mid, &mut budget)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        let min = lo;
        // Largest m with a point at or above m, in [hint, b.1].
        let (mut lo, mut hi) = (hint, b[t].1);
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2;
            if query(mid, INF, &mut budget)? {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Some((min, lo))
    }
}

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
    // Differences between versions of a month.
    for (i, a) in seen.iter().enumerate() {
        for b in seen[i + 1..].iter().filter(|b| b.month == a.month) {
            stats.comparisons += 1;
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
    }
    leaks
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

/// Naive scheme 1: suppress the sensitive cells, nothing else.
fn primary_only(areas: &AreaList, input: &MonthInput, k: u64, version: u32) -> MonthRelease {
    let t = truth(areas, input);
    let (shape, _) = release_month(
        input,
        areas,
        &DisclosureRules {
            k: k as u32,
            epsilon: None,
        },
        version,
        None,
        &mut NoRng,
    )
    .unwrap();
    MonthRelease {
        cells: shape
            .cells
            .iter()
            .map(|c| {
                let tally = t.cells[&(c.area.clone(), c.category)];
                let hide = sensitive(&tally, k);
                PublishedCell {
                    count: (!hide).then_some(tally.count),
                    suppressed: hide,
                    ..c.clone()
                }
            })
            .collect(),
        ..shape
    }
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
    facts.retain(|f| !(f.district == 1 && f.category == 4));
    facts.push(fact(1, Some(0), 4, 2));
    let input = input_in(&areas, &facts, Month::new(2026, 1).unwrap());
    let naive = primary_only(&areas, &input, 5, 1);
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
                release: primary_only(&areas, &input, 5, 1),
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
