//! The interval audit: what an attacker who knows every published figure and every equation between
//! cells can tell about each suppressed cell.
//!
//! Variables are the unknown cells (every suppressed cell and every residual), each at least 0;
//! published cells are constants; constraints are the grid's equations. For each cell to check, the
//! audit computes the smallest and largest value the linear-programming relaxation allows: the cell
//! passes when `high - low >= k` (an unbounded maximum passes). Unknowns linked by no equation cannot
//! inform one another, so the problem is split into connected components, each solved on its own.
//!
//! Unknowns that appear in one equation only (the quartiers and the residual of an arrondissement)
//! enter as one variable per equation: any value of it splits among them in any way, so each member
//! ranges from 0 to the group's maximum (a lone member: the group's range).
//!
//! Most cells are settled without a linear program of their own: the true tally is a feasible point,
//! and so is every vertex a solve returns, so a cell whose values seen so far already span k passes.
//! Two solves per component settle most (one pushes as many checked cells as it can to k above their
//! value at one point; one pulls them all down); the rest get their own maximum and minimum. A solve
//! that fails for any reason counts as the narrowest answer (the values seen), so a solver failure can
//! only fail a cell, never pass it.

use std::collections::BTreeMap;

use microlp::OptimizationDirection::{self, Maximize, Minimize};

use super::grid::Grid;
use super::lp::{Solved, System, reduce, solve};

/// Slack for floating-point round-off when comparing a range with k.
const TOLERANCE: f64 = 1e-6;

/// A cell whose feasible range is narrower than k.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Finding {
    /// The cell (grid index).
    pub cell: usize,
    /// Smallest feasible value.
    pub low: f64,
    /// Largest (`None`: unbounded).
    pub high: Option<f64>,
}

/// What an audit run found.
#[derive(Clone, Debug, Default)]
pub(super) struct Outcome {
    /// Cells checked.
    pub checked: usize,
    /// Cells narrower than k, in grid order.
    pub failures: Vec<Finding>,
}

/// Runs audits, remembering each component's result (a component's result depends only on its set of
/// unknowns: the true values and the cells to check are fixed for one release).
#[derive(Debug, Default)]
pub(super) struct Auditor {
    cache: BTreeMap<Vec<usize>, Vec<Finding>>,
    /// Linear programs solved, for tests and measurements.
    pub solves: usize,
}

impl Auditor {
    /// Audits the release whose unknown cells are `unknown`; `check` tells which unknowns must span k.
    pub fn run(&mut self, grid: &Grid, unknown: &[bool], check: &[bool], k: u64) -> Outcome {
        let is_unknown = |i: usize| unknown.get(i).copied().unwrap_or(true);
        let n = grid.cells.len();
        let mut parent: Vec<usize> = (0..n).collect();
        for eq in &grid.equations {
            let mut first = None;
            for c in eq.cells().filter(|c| is_unknown(*c)) {
                match first {
                    None => first = Some(c),
                    Some(f) => union(&mut parent, f, c),
                }
            }
        }
        let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in (0..n).filter(|i| is_unknown(*i)) {
            let root = find(&mut parent, i);
            components.entry(root).or_default().push(i);
        }
        let mut outcome = Outcome::default();
        for vars in components.into_values() {
            let to_check = vars
                .iter()
                .filter(|v| check.get(**v).copied().unwrap_or(false))
                .count();
            if to_check == 0 {
                continue;
            }
            outcome.checked += to_check;
            if let Some(found) = self.cache.get(&vars) {
                outcome.failures.extend(found.iter().cloned());
                continue;
            }
            let found = self.component(grid, &vars, unknown, check, k);
            outcome.failures.extend(found.iter().cloned());
            self.cache.insert(vars, found);
        }
        outcome.failures.sort_by_key(|f| f.cell);
        outcome
    }

    fn component(
        &mut self,
        grid: &Grid,
        vars: &[usize],
        unknown: &[bool],
        check: &[bool],
        k: u64,
    ) -> Vec<Finding> {
        let local: BTreeMap<usize, usize> = vars.iter().enumerate().map(|(l, c)| (*c, l)).collect();
        let mut rows = Vec::new();
        let mut seen_equations = std::collections::BTreeSet::new();
        for v in vars {
            for e in grid.equations_of.get(*v).into_iter().flatten() {
                if !seen_equations.insert(*e) {
                    continue;
                }
                let Some(eq) = grid.equations.get(*e) else {
                    continue;
                };
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                for (c, coefficient) in
                    std::iter::once((eq.total, 1.0)).chain(eq.parts.iter().map(|p| (*p, -1.0)))
                {
                    match local.get(&c) {
                        Some(l) if unknown.get(c).copied().unwrap_or(true) => {
                            terms.push((*l, coefficient))
                        }
                        _ => rhs -= coefficient * grid.value(c) as f64,
                    }
                }
                rows.push((terms, rhs));
            }
        }
        if rows.is_empty() {
            // Unknowns in no equation (a figure published alone, `LinkedTable`): nothing bounds
            // them above.
            return Vec::new();
        }
        let values: Vec<f64> = vars.iter().map(|c| grid.value(*c) as f64).collect();
        let (system, of_var, members) = reduce(&values, &rows);
        let checked: Vec<usize> = vars
            .iter()
            .enumerate()
            .filter(|(_, c)| check.get(**c).copied().unwrap_or(false))
            .map(|(l, _)| l)
            .collect();
        let mut targets: Vec<usize> = checked
            .iter()
            .filter_map(|l| of_var.get(*l).copied())
            .collect();
        targets.sort_unstable();
        targets.dedup();
        let narrow = self.narrow(&system, &targets, &members, k);
        let mut findings = Vec::new();
        for l in checked {
            let (Some(cell), Some(r)) = (vars.get(l), of_var.get(l)) else {
                continue;
            };
            if let Some((low, high)) = narrow.get(r) {
                // A member of a group of several can be anything from 0 to the group's maximum.
                let low = if members.get(*r).copied().unwrap_or(1) > 1 {
                    0.0
                } else {
                    *low
                };
                findings.push(Finding {
                    cell: *cell,
                    low: low.max(0.0),
                    high: *high,
                });
            }
        }
        findings
    }

    /// The reduced variables of `targets` whose range is narrower than k, with (low, high). A variable
    /// standing for a group of several cells needs only a maximum of k (each member can be 0).
    fn narrow(
        &mut self,
        system: &System,
        targets: &[usize],
        members: &[usize],
        k: u64,
    ) -> BTreeMap<usize, (f64, Option<f64>)> {
        let need = k as f64 - TOLERANCE;
        let mut narrow = BTreeMap::new();
        let grouped = |r: usize| members.get(r).copied().unwrap_or(1) > 1;

        // A lone unknown is pinned by any of its equations.
        if system.values.len() == 1 {
            for r in targets {
                let v = system.values.get(*r).copied().unwrap_or(0.0);
                let low = if grouped(*r) { 0.0 } else { v };
                if v - low < need {
                    narrow.insert(*r, (low, Some(v)));
                }
            }
            return narrow;
        }

        let mut seen = Extremes {
            low: system.values.clone(),
            high: system.values.clone(),
        };
        let wide = |r: &usize, seen: &Extremes| {
            let lo = if grouped(*r) {
                Some(&0.0)
            } else {
                seen.low.get(*r)
            };
            match (lo, seen.high.get(*r)) {
                (Some(lo), Some(hi)) => hi - lo >= need,
                _ => false,
            }
        };
        let mut pending: Vec<usize> = targets.to_vec();
        if pending.len() > 1 {
            // Push as many pending variables as possible to k above their value (a group: to k), at
            // one point: maximise the sum of `reach[r] = min(k, x[r] - base[r])`.
            let reach: Vec<(usize, f64, f64)> = pending
                .iter()
                .map(|r| {
                    let base = if grouped(*r) {
                        0.0
                    } else {
                        system.values.get(*r).copied().unwrap_or(0.0)
                    };
                    (*r, base, k as f64)
                })
                .collect();
            self.observe(system, Maximize, &[], &reach, &mut seen);
            pending.retain(|r| !wide(r, &seen));
        }
        if pending.iter().filter(|r| !grouped(**r)).count() > 1 {
            // Pull the rest down together.
            let objective: Vec<(usize, f64)> = pending
                .iter()
                .filter(|r| !grouped(**r))
                .map(|r| (*r, 1.0))
                .collect();
            self.observe(system, Minimize, &objective, &[], &mut seen);
            pending.retain(|r| !wide(r, &seen));
        }
        for r in pending {
            if wide(&r, &seen) {
                continue;
            }
            let objective = [(r, 1.0)];
            let high = match self.observe(system, Maximize, &objective, &[], &mut seen) {
                Solved::Unbounded => None,
                Solved::Optimal { objective, .. } => {
                    Some(objective.max(seen.high.get(r).copied().unwrap_or(objective)))
                }
                Solved::Failed => seen.high.get(r).copied(),
            };
            let Some(high) = high else {
                continue;
            };
            if wide(&r, &seen) {
                continue;
            }
            let low = if grouped(r) {
                0.0
            } else {
                match self.observe(system, Minimize, &objective, &[], &mut seen) {
                    Solved::Optimal { objective, .. } => {
                        objective.min(seen.low.get(r).copied().unwrap_or(objective))
                    }
                    Solved::Unbounded | Solved::Failed => seen.low.get(r).copied().unwrap_or(0.0),
                }
            };
            if high - low < need {
                narrow.insert(r, (low.max(0.0), Some(high)));
            }
        }
        narrow
    }

    /// Solves once and records the vertex's values among those seen.
    fn observe(
        &mut self,
        system: &System,
        direction: OptimizationDirection,
        objective: &[(usize, f64)],
        reach: &[(usize, f64, f64)],
        seen: &mut Extremes,
    ) -> Solved {
        self.solves += 1;
        let solved = solve(system, direction, objective, reach);
        if let Solved::Optimal { values, .. } = &solved {
            for ((x, lo), hi) in values
                .iter()
                .zip(seen.low.iter_mut())
                .zip(seen.high.iter_mut())
            {
                *lo = lo.min(*x);
                *hi = hi.max(*x);
            }
        }
        solved
    }
}

/// The lowest and highest value each reduced variable took at any optimum solved so far. Each optimum
/// is consistent with the published figures, so the range seen is one the attacker cannot narrow.
struct Extremes {
    low: Vec<f64>,
    high: Vec<f64>,
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while let Some(p) = parent.get(root).copied() {
        if p == root {
            break;
        }
        root = p;
    }
    let mut j = i;
    while let Some(p) = parent.get(j).copied() {
        if p == root {
            break;
        }
        if let Some(slot) = parent.get_mut(j) {
            *slot = root;
        }
        j = p;
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb
        && let Some(slot) = parent.get_mut(ra.max(rb))
    {
        *slot = ra.min(rb);
    }
}
