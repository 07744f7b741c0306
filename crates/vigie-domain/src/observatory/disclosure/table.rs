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

    #[test]
    fn k_below_two_is_refused() {
        let mut table = LinkedTable::new();
        table.cell(t(1), TableLevel::Total);
        assert!(table.protect(1).is_err());
    }
}
