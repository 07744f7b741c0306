//! The interval audit: what an attacker who knows every published figure and every equation between
//! cells can tell about each suppressed cell.
//!
//! Variables are the unknown cells (every suppressed cell and every residual), each at least 0;
//! published cells are constants; constraints are the grid's equations. For each cell to check, the
//! audit computes the smallest and largest value the linear-programming relaxation allows: the cell
//! passes when `high - low >= k` (an unbounded maximum passes). Unknowns linked by no equation cannot
//! inform one another, so the problem is split into connected components, each solved on its own.
//!
//! Most cells are settled without a linear program of their own: the true tally is a feasible point,
//! and so is every vertex a solve returns, so a cell whose values seen so far already span k passes.
//! Two solves per component (push every checked cell up to its value plus k; pull them all down) settle
//! most; the rest get their own maximum and minimum. A solve that fails for any reason counts as the
//! narrowest answer (the values seen), so a solver failure can only fail a cell, never pass it.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use microlp::{ComparisonOp, Error as LpError, OptimizationDirection, Problem, SolveOutcome};

use super::grid::Grid;

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

/// One component's linear system: `sum(coefficient * x) = rhs` per row, over local variables.
struct System {
    values: Vec<f64>,
    rows: Vec<(Vec<(usize, f64)>, f64)>,
}

enum Solved {
    Optimal { objective: f64, values: Vec<f64> },
    Unbounded,
    Failed,
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
        let system = System {
            values: vars.iter().map(|c| grid.value(*c) as f64).collect(),
            rows,
        };
        let checked: Vec<usize> = vars
            .iter()
            .enumerate()
            .filter(|(_, c)| check.get(**c).copied().unwrap_or(false))
            .map(|(l, _)| l)
            .collect();
        let need = k as f64 - TOLERANCE;
        let mut findings = Vec::new();

        // A lone unknown is pinned by any of its equations.
        if vars.len() == 1 {
            for l in &checked {
                let v = system.values.get(*l).copied().unwrap_or(0.0);
                if let Some(cell) = vars.get(*l) {
                    findings.push(Finding {
                        cell: *cell,
                        low: v,
                        high: Some(v),
                    });
                }
            }
            return findings;
        }

        let mut low_seen = system.values.clone();
        let mut high_seen = system.values.clone();
        let wide = |l: &usize, low: &[f64], high: &[f64]| match (low.get(*l), high.get(*l)) {
            (Some(lo), Some(hi)) => hi - lo >= need,
            _ => false,
        };
        let mut pending = checked;
        if pending.len() > 1 {
            // Push every pending cell up to its value plus k at once.
            let objective: Vec<(usize, f64)> = pending.iter().map(|l| (*l, 1.0)).collect();
            let caps: Vec<(usize, f64)> = pending
                .iter()
                .map(|l| (*l, system.values.get(*l).copied().unwrap_or(0.0) + k as f64))
                .collect();
            self.observe(
                &system,
                OptimizationDirection::Maximize,
                &objective,
                &caps,
                &mut low_seen,
                &mut high_seen,
            );
            pending.retain(|l| !wide(l, &low_seen, &high_seen));
        }
        if pending.len() > 1 {
            // Pull the rest down together.
            let objective: Vec<(usize, f64)> = pending.iter().map(|l| (*l, 1.0)).collect();
            self.observe(
                &system,
                OptimizationDirection::Minimize,
                &objective,
                &[],
                &mut low_seen,
                &mut high_seen,
            );
            pending.retain(|l| !wide(l, &low_seen, &high_seen));
        }
        for l in pending {
            if wide(&l, &low_seen, &high_seen) {
                continue;
            }
            let objective = [(l, 1.0)];
            let high = match self.observe(
                &system,
                OptimizationDirection::Maximize,
                &objective,
                &[],
                &mut low_seen,
                &mut high_seen,
            ) {
                Solved::Unbounded => None,
                Solved::Optimal { objective, .. } => {
                    Some(objective.max(high_seen.get(l).copied().unwrap_or(objective)))
                }
                Solved::Failed => high_seen.get(l).copied(),
            };
            if high.is_none() || wide(&l, &low_seen, &high_seen) {
                continue;
            }
            let low = match self.observe(
                &system,
                OptimizationDirection::Minimize,
                &objective,
                &[],
                &mut low_seen,
                &mut high_seen,
            ) {
                Solved::Optimal { objective, .. } => {
                    objective.min(low_seen.get(l).copied().unwrap_or(objective))
                }
                Solved::Unbounded | Solved::Failed => low_seen.get(l).copied().unwrap_or(0.0),
            };
            let high = high.unwrap_or(f64::INFINITY);
            if high - low < need
                && let Some(cell) = vars.get(l)
            {
                findings.push(Finding {
                    cell: *cell,
                    low: low.max(0.0),
                    high: Some(high),
                });
            }
        }
        findings
    }

    /// Solves once and records the vertex's values among those seen.
    fn observe(
        &mut self,
        system: &System,
        direction: OptimizationDirection,
        objective: &[(usize, f64)],
        caps: &[(usize, f64)],
        low_seen: &mut [f64],
        high_seen: &mut [f64],
    ) -> Solved {
        self.solves += 1;
        let solved = solve(system, direction, objective, caps);
        if let Solved::Optimal { values, .. } = &solved {
            for ((x, lo), hi) in values
                .iter()
                .zip(low_seen.iter_mut())
                .zip(high_seen.iter_mut())
            {
                *lo = lo.min(*x);
                *hi = hi.max(*x);
            }
        }
        solved
    }
}

fn solve(
    system: &System,
    direction: OptimizationDirection,
    objective: &[(usize, f64)],
    caps: &[(usize, f64)],
) -> Solved {
    let n = system.values.len();
    let mut cost = vec![0.0; n];
    let mut upper = vec![f64::INFINITY; n];
    for (l, c) in objective {
        if let Some(slot) = cost.get_mut(*l) {
            *slot = *c;
        }
    }
    for (l, cap) in caps {
        if let Some(slot) = upper.get_mut(*l) {
            *slot = *cap;
        }
    }
    let run = || {
        let mut problem = Problem::new(direction);
        let vars: Vec<_> = cost
            .iter()
            .zip(&upper)
            .map(|(c, u)| problem.add_var(*c, (0.0, *u)))
            .collect();
        for (terms, rhs) in &system.rows {
            let expr: Vec<_> = terms
                .iter()
                .filter_map(|(l, c)| vars.get(*l).map(|v| (*v, *c)))
                .collect();
            problem.add_constraint(expr.as_slice(), ComparisonOp::Eq, *rhs);
        }
        match problem.solve() {
            Ok(SolveOutcome::Solution(s)) => Solved::Optimal {
                objective: s.objective(),
                values: vars.iter().map(|v| s.var_value(*v)).collect(),
            },
            Err(LpError::Unbounded) => Solved::Unbounded,
            Ok(SolveOutcome::Interrupted(_)) | Err(_) => Solved::Failed,
        }
    };
    // The solver is a dependency: should it ever panic, the cell fails safe instead of the release
    // taking the process down.
    catch_unwind(AssertUnwindSafe(run)).unwrap_or(Solved::Failed)
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
