//! Disclosure control for release streams other than the monthly incident editions (the yearly
//! casework figures): a set of cells linked by the equations an attacker knows (a total is the sum
//! of its parts), protected by the same rules as a month — primary suppression below k in count or
//! contributors, the greedy secondary suppression, the interval audit and its repair — through the
//! same [`Grid`](super::grid::Grid) and [`suppress`](super::suppress), never a second
//! implementation.
//!
//! The caller fixes the structure from its codes, never from the data, so that an absent cell never
//! reveals a zero. Every cell is published (no hidden residual); a release of this kind is not
//! corrected in place (no earlier version, no noise).

use super::grid::{Cell, Equation, Grid, Level};
use super::{DisclosureError, Tally, checked_rules};
use crate::observatory::CellArea;

/// Where a cell sits: suppressing a total costs more than suppressing a leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableLevel {
    /// A part of equations only (a role x age band cell, a kind of partner).
    Leaf,
    /// A margin (a role's total, an age band's total).
    Margin,
    /// The grand total.
    Total,
}

/// Cells and the equations between them, to be protected at once (tables that share margins go in
/// one: a total published in two tables links them).
#[derive(Clone, Debug, Default)]
pub struct LinkedTable {
    cells: Vec<Cell>,
    equations: Vec<Equation>,
}

impl LinkedTable {
    /// An empty table.
    pub fn new() -> LinkedTable {
        LinkedTable::default()
    }

    /// Adds a cell; returns its index.
    pub fn cell(&mut self, tally: Tally, level: TableLevel) -> usize {
        self.cells.push(Cell {
            area: CellArea::City,
            category: None,
            tally,
            level: match level {
                TableLevel::Leaf => Level::Leaf,
                TableLevel::Margin => Level::Mid,
                TableLevel::Total => Level::Top,
            },
        });
        self.cells.len() - 1
    }

    /// `total = sum of parts`. Indices out of range are ignored.
    pub fn equation(&mut self, total: usize, parts: Vec<usize>) {
        let n = self.cells.len();
        if total < n {
            self.equations.push(Equation {
                total,
                parts: parts.into_iter().filter(|p| *p < n).collect(),
            });
        }
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether it has no cell.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Which cells to publish as "< k" (one flag per cell, in the order added): primary and
    /// secondary suppression until the interval audit passes (an audit that still fails refuses the
    /// release, [`DisclosureError::AuditFailed`]).
    pub fn protect(&self, k: u32) -> Result<Vec<bool>, DisclosureError> {
        let k = checked_rules(&super::DisclosureRules { k, epsilon: None })?;
        let grid = Grid::from_cells(self.cells.clone(), self.equations.clone());
        let noise = vec![0; grid.cells.len()];
        let state = super::suppress(&grid, k, &[], &noise)?;
        Ok((0..grid.cells.len())
            .map(|i| state.is_suppressed(i))
            .collect())
    }
}

impl LinkedTable {
    /// The interval audit of figures already published, as they are republished by someone who
    /// never saw the truth (a hub's network tables, built from member cities' published cells):
    /// `known[i]` is cell `i`'s published count, `None` when suppressed; `k[i]` the threshold the
    /// range of a suppressed cell must span (below 2: not checked). Returns the suppressed cells the
    /// published figures narrow below their k, in order.
    ///
    /// The audit needs a point consistent with the published figures: the unknowns' values at the
    /// optimum of one linear program (sums of cells: its vertices are whole numbers). Published
    /// figures that no point satisfies (an equation whose parts do not add up) fail every checked
    /// cell: nothing can be vouched for.
    pub fn audit_published(&self, known: &[Option<u64>], k: &[u32]) -> Vec<usize> {
        let n = self.cells.len();
        let value = |i: usize| known.get(i).copied().flatten();
        let unknown: Vec<bool> = (0..n).map(|i| value(i).is_none()).collect();
        let threshold = |i: usize| k.get(i).copied().unwrap_or(0);
        let checked: Vec<usize> = (0..n)
            .filter(|i| unknown[*i] && threshold(*i) >= 2)
            .collect();
        let Some(point) = self.feasible_point(&unknown, &value) else {
            return checked;
        };
        let cells: Vec<Cell> = self
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let v = value(i).unwrap_or_else(|| point.get(&i).copied().unwrap_or(0));
                Cell {
                    tally: Tally {
                        count: v,
                        contributors: v,
                    },
                    ..c.clone()
                }
            })
            .collect();
        let grid = Grid::from_cells(cells, self.equations.clone());
        let mut thresholds: Vec<u32> = checked.iter().map(|i| threshold(*i)).collect();
        thresholds.sort_unstable();
        thresholds.dedup();
        let mut failing = std::collections::BTreeSet::new();
        for kk in thresholds {
            let check: Vec<bool> = (0..n).map(|i| unknown[i] && threshold(i) == kk).collect();
            let outcome =
                super::audit::Auditor::default().run(&grid, &unknown, &check, u64::from(kk));
            failing.extend(outcome.failures.iter().map(|f| f.cell));
        }
        failing.into_iter().collect()
    }

    /// Whole values of the unknown cells that satisfy every equation with the published ones, or
    /// `None` when there are none.
    fn feasible_point(
        &self,
        unknown: &[bool],
        value: &dyn Fn(usize) -> Option<u64>,
    ) -> Option<std::collections::BTreeMap<usize, u64>> {
        use super::lp::{Solved, System, solve};
        let vars: Vec<usize> = (0..unknown.len()).filter(|i| unknown[*i]).collect();
        let local: std::collections::BTreeMap<usize, usize> =
            vars.iter().enumerate().map(|(l, c)| (*c, l)).collect();
        let rows: Vec<(Vec<(usize, f64)>, f64)> = self
            .equations
            .iter()
            .map(|eq| {
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                for (c, coefficient) in
                    std::iter::once((eq.total, 1.0)).chain(eq.parts.iter().map(|p| (*p, -1.0)))
                {
                    match local.get(&c) {
                        Some(l) => terms.push((*l, coefficient)),
                        None => rhs -= coefficient * value(c).unwrap_or(0) as f64,
                    }
                }
                (terms, rhs)
            })
            .collect();
        let values = if vars.is_empty() {
            Vec::new()
        } else {
            let system = System {
                values: vec![0.0; vars.len()],
                rows: rows
                    .iter()
                    .filter(|(t, _)| !t.is_empty())
                    .cloned()
                    .collect(),
            };
            let objective: Vec<(usize, f64)> = (0..vars.len()).map(|l| (l, 1.0)).collect();
            match solve(
                &system,
                microlp::OptimizationDirection::Minimize,
                &objective,
                &[],
            ) {
                Solved::Optimal { values, .. } => values,
                Solved::Unbounded | Solved::Failed => return None,
            }
        };
        let point: Vec<u64> = values.iter().map(|v| v.round().max(0.0) as u64).collect();
        // Every equation must hold exactly, the known ones included.
        let holds = rows.iter().all(|(terms, rhs)| {
            let lhs: f64 = terms
                .iter()
                .map(|(l, c)| c * point.get(*l).copied().unwrap_or(0) as f64)
                .sum();
            (lhs - rhs).abs() < 1e-6
        });
        holds.then(|| vars.iter().copied().zip(point).collect())
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    fn t(n: u64) -> Tally {
        Tally {
            count: n,
            contributors: n,
        }
    }

    /// A 2 x 2 table with margins: returns (cells, flags).
    fn two_by_two(values: [u64; 4], k: u32) -> Vec<bool> {
        let mut table = LinkedTable::new();
        let total = table.cell(t(values.iter().sum()), TableLevel::Total);
        let rows = [
            table.cell(t(values[0] + values[1]), TableLevel::Margin),
            table.cell(t(values[2] + values[3]), TableLevel::Margin),
        ];
        let cols = [
            table.cell(t(values[0] + values[2]), TableLevel::Margin),
            table.cell(t(values[1] + values[3]), TableLevel::Margin),
        ];
        let leaves: Vec<usize> = values
            .iter()
            .map(|v| table.cell(t(*v), TableLevel::Leaf))
            .collect();
        table.equation(rows[0], vec![leaves[0], leaves[1]]);
        table.equation(rows[1], vec![leaves[2], leaves[3]]);
        table.equation(cols[0], vec![leaves[0], leaves[2]]);
        table.equation(cols[1], vec![leaves[1], leaves[3]]);
        table.equation(total, rows.to_vec());
        table.equation(total, cols.to_vec());
        let Ok(flags) = table.protect(k) else {
            panic!("the audit refused a table");
        };
        flags
    }

    #[test]
    fn a_table_above_k_everywhere_is_published_whole() {
        assert!(two_by_two([10, 12, 9, 30], 5).iter().all(|s| !s));
    }

    #[test]
    fn a_small_cell_is_hidden_and_cannot_be_found_by_difference() {
        let flags = two_by_two([2, 12, 9, 30], 5);
        // The leaf of 2 is suppressed, and so is another of its row and of its column.
        assert!(flags[5]);
        assert!(flags[6] || flags[1]);
        assert!(flags[7] || flags[3]);
    }

    /// A member city's row (`total = a + b`) and another's, with the network's column totals.
    fn network(a: [Option<u64>; 3], b: [Option<u64>; 3], totals: [Option<u64>; 3]) -> Vec<usize> {
        let mut table = LinkedTable::new();
        let mut known = Vec::new();
        let mut add = |table: &mut LinkedTable, v: Option<u64>| {
            known.push(v);
            table.cell(t(0), TableLevel::Leaf)
        };
        let ra: Vec<usize> = a.iter().map(|v| add(&mut table, *v)).collect();
        let rb: Vec<usize> = b.iter().map(|v| add(&mut table, *v)).collect();
        let nt: Vec<usize> = totals.iter().map(|v| add(&mut table, *v)).collect();
        table.equation(ra[0], vec![ra[1], ra[2]]);
        table.equation(rb[0], vec![rb[1], rb[2]]);
        for i in 0..3 {
            table.equation(nt[i], vec![ra[i], rb[i]]);
        }
        let k: Vec<u32> = (0..known.len())
            .map(|i| if i < 6 { 5 } else { 0 })
            .collect();
        table.audit_published(&known, &k)
    }

    #[test]
    fn republished_cells_stay_wide_unless_a_total_gives_them_away() {
        // City A hid both parts of its total of 20; the network's totals are withheld where a part
        // is hidden: nothing narrows them.
        let safe = network(
            [Some(20), None, None],
            [Some(30), Some(10), Some(20)],
            [Some(50), None, None],
        );
        assert!(safe.is_empty(), "{safe:?}");
        // A network total of a hidden part published: the part is the difference.
        let leak = network(
            [Some(20), None, None],
            [Some(30), Some(10), Some(20)],
            [Some(50), Some(13), None],
        );
        assert_eq!(leak, vec![1, 2]);
        // Figures that do not add up: nothing can be vouched for.
        let broken = network(
            [Some(20), None, None],
            [Some(30), Some(10), Some(25)],
            [Some(50), None, None],
        );
        assert_eq!(broken, vec![1, 2]);
    }

    #[test]
    fn k_below_two_is_refused() {
        let mut table = LinkedTable::new();
        table.cell(t(1), TableLevel::Total);
        assert!(table.protect(1).is_err());
    }
}
