//! Primary suppression (rule 1) and the rules a correction adds (rule 4): what must be hidden before
//! anything else is decided.

use std::collections::BTreeMap;

use super::grid::Grid;
use super::noise::noisy;
use crate::observatory::{CellArea, IncidentCategory, MonthRelease};

/// The published cells of an earlier release of the same month, by area and category: `Some(count)`
/// when published, `None` when suppressed.
pub(super) type OldCells = BTreeMap<(CellArea, Option<IncidentCategory>), Option<u64>>;

/// The cells of `release`, by area and category. A cell marked published but without a count is taken
/// as suppressed.
pub(super) fn old_cells(release: &MonthRelease) -> OldCells {
    release
        .cells
        .iter()
        .map(|c| {
            let count = if c.suppressed { None } else { c.count };
            ((c.area.clone(), c.category), count)
        })
        .collect()
}

/// Which cells are unknown to the public, and which of them need protection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct State {
    /// Per grid cell: not published (residuals always).
    pub suppressed: Vec<bool>,
    /// Per grid cell: sensitive, so every equation it is in must hide it (primary cells, cells kept
    /// suppressed from the previous release, sensitive residuals).
    pub protect: Vec<bool>,
}

impl State {
    /// Suppresses cell `i`; tells whether it was published.
    pub fn suppress(&mut self, i: usize) -> bool {
        match self.suppressed.get_mut(i) {
            Some(s) if !*s => {
                *s = true;
                true
            }
            _ => false,
        }
    }

    /// Whether cell `i` is unknown to the public.
    pub fn is_suppressed(&self, i: usize) -> bool {
        self.suppressed.get(i).copied().unwrap_or(true)
    }

    /// The cells the audit checks: every suppressed published cell, every sensitive residual.
    pub fn checked(&self, grid: &Grid) -> Vec<bool> {
        (0..grid.cells.len())
            .map(|i| {
                if grid.is_hidden(i) {
                    self.protect.get(i).copied().unwrap_or(false)
                } else {
                    self.is_suppressed(i)
                }
            })
            .collect()
    }
}

/// The value cell `i` would be published with: its true count plus its noise, clamped at zero.
pub(super) fn candidate_value(grid: &Grid, noise: &[i64], i: usize) -> u64 {
    noisy(grid.value(i), noise.get(i).copied().unwrap_or(0))
}

/// Rule 1, plus rule 4 (a) and (b) for a correction: every cell suppressed in an earlier version (`old`)
/// stays suppressed; a cell whose published value would differ by 1 to k-1 from its value in any
/// earlier version is suppressed as sensitive.
pub(super) fn primary(grid: &Grid, k: u64, old: &[OldCells], noise: &[i64]) -> State {
    let n = grid.cells.len();
    let mut state = State {
        suppressed: vec![false; n],
        protect: vec![false; n],
    };
    for i in 0..n {
        let sensitive = grid.primary_sensitive(i, k);
        let hidden = grid.is_hidden(i);
        let kept = match grid.cells.get(i) {
            Some(cell) if !hidden => old.iter().any(|old| {
                match old.get(&(cell.area.clone(), cell.category)) {
                    // Rule 4 (a): once suppressed, always suppressed.
                    Some(None) => true,
                    // Rule 4 (b): a small change would single out late additions or removals.
                    Some(Some(before)) => {
                        let after = candidate_value(grid, noise, i);
                        (1..k).contains(&after.abs_diff(*before))
                    }
                    // A cell the earlier release did not have (the area list changed).
                    None => false,
                }
            }),
            _ => false,
        };
        if let Some(s) = state.suppressed.get_mut(i) {
            *s = hidden || sensitive || kept;
        }
        if let Some(p) = state.protect.get_mut(i) {
            *p = sensitive || kept;
        }
    }
    state
}
