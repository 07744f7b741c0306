//! Secondary suppression (rule 2): the cells hidden so that no sensitive cell can be recovered or
//! narrowed by difference.
//!
//! 1. Greedy, to a fixpoint: in every equation holding a cell to protect, at least two unknowns whose
//!    true values sum to at least k; when not, the published cell of the equation that costs least is
//!    suppressed (a leaf before a total, then the smallest value that reaches k).
//! 2. Audit and repair: the interval audit ([`super::audit`]) finds the cells still narrower than k;
//!    for each, one more cell of its tightest equation is suppressed (or, when its equations hold no
//!    published cell, of the nearest equation that does); again until the audit passes.
//! 3. For a correction, the group differences between versions ([`correction_groups`]).
//!
//! Every round suppresses at least one more cell or stops, so the process ends; with every cell
//! suppressed the city total is unknown and unbounded, and the audit passes.

use std::collections::{BTreeSet, VecDeque};

use super::audit::Finding;
use super::grid::{Equation, Grid, Level};
use super::primary::{OldCells, State, candidate_value};

/// Step 1: the greedy pass, to a fixpoint.
pub(super) fn greedy(grid: &Grid, state: &mut State, k: u64) {
    loop {
        let mut changed = false;
        for eq in &grid.equations {
            loop {
                let unknowns: Vec<usize> = eq.cells().filter(|c| state.is_suppressed(*c)).collect();
                if !unknowns
                    .iter()
                    .any(|c| state.protect.get(*c).copied().unwrap_or(false))
                {
                    break;
                }
                let sum = unknowns
                    .iter()
                    .fold(0u64, |s, c| s.saturating_add(grid.value(*c)));
                if unknowns.len() >= 2 && sum >= k {
                    break;
                }
                match choose(grid, state, eq, k.saturating_sub(sum)) {
                    Some(c) if state.suppress(c) => changed = true,
                    _ => break,
                }
            }
        }
        if !changed {
            return;
        }
    }
}

/// The published cell of `eq` to suppress, so that the unknowns gain `need`. Leaves before totals
/// (an arrondissement or category total before the city total); then cells that would not stand
/// alone in another equation (closing a cycle of suppressions, as a rectangle in a table does,
/// instead of starting a new chain); then the smallest value. When no single cell reaches `need`: the
/// largest leaf if the leaves together can, else the largest total.
pub(super) fn choose(grid: &Grid, state: &State, eq: &Equation, need: u64) -> Option<usize> {
    let open: Vec<usize> = eq.cells().filter(|c| !state.is_suppressed(*c)).collect();
    let level = |c: usize| grid.cells.get(c).map_or(Level::Hidden, |x| x.level);
    // Other equations of `c` that hold no unknown yet: there `c` would be alone, and exposed.
    let lonely = |c: usize| {
        grid.equations_of
            .get(c)
            .into_iter()
            .flatten()
            .filter_map(|e| grid.equations.get(*e))
            .filter(|other| !std::ptr::eq(*other, eq))
            .filter(|other| other.cells().all(|x| !state.is_suppressed(x)))
            .count()
    };
    let best = |cells: &mut dyn Iterator<Item = usize>| {
        cells.min_by_key(|c| (level(*c), lonely(*c), grid.value(*c), *c))
    };
    let leaves: Vec<usize> = open
        .iter()
        .copied()
        .filter(|c| level(*c) == Level::Leaf)
        .collect();
    if let Some(c) = best(&mut leaves.iter().copied().filter(|c| grid.value(*c) >= need)) {
        return Some(c);
    }
    let largest = |cells: &mut dyn Iterator<Item = usize>| {
        cells.max_by_key(|c| (grid.value(*c), std::cmp::Reverse(*c)))
    };
    let leaf_mass = leaves
        .iter()
        .fold(0u64, |s, c| s.saturating_add(grid.value(*c)));
    if leaf_mass >= need && !leaves.is_empty() {
        return largest(&mut leaves.iter().copied());
    }
    let totals = || open.iter().copied().filter(|c| level(*c) != Level::Leaf);
    best(&mut totals().filter(|c| grid.value(*c) >= need))
        .or_else(|| largest(&mut totals()))
        .or_else(|| largest(&mut leaves.iter().copied()))
}

/// Step 2: one repair round for the audit's `failures`. Returns whether anything was suppressed.
pub(super) fn repair(grid: &Grid, state: &mut State, failures: &[Finding], k: u64) -> bool {
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    let mut changed = false;
    for f in failures {
        let own = grid
            .equations_of
            .get(f.cell)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if own.iter().any(|e| touched.contains(e)) {
            // An equation of this cell just changed: the next audit tells whether it is enough.
            continue;
        }
        let width = f.high.map_or(f64::INFINITY, |h| h - f.low);
        let deficit = if width.is_finite() && width >= 0.0 {
            k.saturating_sub(width.floor() as u64).max(1)
        } else {
            1
        };
        let Some(e) = tightest(grid, state, own).or_else(|| nearest(grid, state, f.cell)) else {
            continue;
        };
        let Some(eq) = grid.equations.get(e) else {
            continue;
        };
        if let Some(c) = choose(grid, state, eq, deficit)
            && state.suppress(c)
        {
            changed = true;
            touched.extend(grid.equations_of.get(c).into_iter().flatten().copied());
        }
    }
    changed
}

/// Among `equations`, one with a published cell, the one whose unknowns hold the least (the one most
/// likely to pin the failing cell).
fn tightest(grid: &Grid, state: &State, equations: &[usize]) -> Option<usize> {
    equations
        .iter()
        .copied()
        .filter_map(|e| {
            let eq = grid.equations.get(e)?;
            if eq.cells().all(|c| state.is_suppressed(c)) {
                return None;
            }
            let mass = eq
                .cells()
                .filter(|c| state.is_suppressed(*c))
                .fold(0u64, |s, c| s.saturating_add(grid.value(c)));
            Some((mass, e))
        })
        .min()
        .map(|(_, e)| e)
}

/// The equation with a published cell nearest to `cell`, through equations linked by unknown cells.
fn nearest(grid: &Grid, state: &State, cell: usize) -> Option<usize> {
    let mut seen_cells = BTreeSet::from([cell]);
    let mut seen_equations = BTreeSet::new();
    let mut queue = VecDeque::from([cell]);
    while let Some(c) = queue.pop_front() {
        for e in grid.equations_of.get(c).into_iter().flatten().copied() {
            if !seen_equations.insert(e) {
                continue;
            }
            let Some(eq) = grid.equations.get(e) else {
                continue;
            };
            if eq.cells().any(|x| !state.is_suppressed(x)) {
                return Some(e);
            }
            for x in eq.cells() {
                if seen_cells.insert(x) {
                    queue.push_back(x);
                }
            }
        }
    }
    None
}

/// Step 3, for a correction: in each equation whose total is published in this version and an earlier
/// one (each of `old`), the sum of the unknown parts is known in both (the total less the published
/// parts), so their difference is too. A difference of 1 to k-1 would single out a small group of late
/// additions or removals: the total is then suppressed (and protected). Returns whether anything was
/// suppressed.
pub(super) fn correction_groups(
    grid: &Grid,
    state: &mut State,
    old: &[OldCells],
    noise: &[i64],
    k: u64,
) -> bool {
    let mut changed = false;
    for eq in &grid.equations {
        for old in old {
            if !state.is_suppressed(eq.total) && group_changes(grid, state, eq, old, noise, k) {
                state.suppress(eq.total);
                if let Some(p) = state.protect.get_mut(eq.total) {
                    *p = true;
                }
                changed = true;
            }
        }
    }
    changed
}

/// Whether the unknown parts of `eq` sum, in this version, to 1 to k-1 more or less than in `old`.
fn group_changes(
    grid: &Grid,
    state: &State,
    eq: &Equation,
    old: &OldCells,
    noise: &[i64],
    k: u64,
) -> bool {
    let old_value = |c: usize| {
        grid.cells
            .get(c)
            .and_then(|x| old.get(&(x.area.clone(), x.category)).copied().flatten())
    };
    let Some(old_total) = old_value(eq.total) else {
        return false;
    };
    let mut hidden_parts = false;
    let mut new_group = i128::from(candidate_value(grid, noise, eq.total));
    let mut old_group = i128::from(old_total);
    for p in &eq.parts {
        if state.is_suppressed(*p) {
            hidden_parts = true;
            continue;
        }
        match old_value(*p) {
            Some(before) => {
                new_group -= i128::from(candidate_value(grid, noise, *p));
                old_group -= i128::from(before);
            }
            // A part the earlier version did not publish: its group is not comparable.
            None => return false,
        }
    }
    let change = (new_group - old_group).unsigned_abs();
    hidden_parts && change >= 1 && change < u128::from(k)
}
