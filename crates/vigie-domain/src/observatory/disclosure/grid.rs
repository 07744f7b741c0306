//! The fixed structure of one released month: every cell (published or hidden), its true tally, and the
//! linear equations an attacker knows between them. The structure depends on the area list only, never
//! on the data, so that the absence of a cell can never reveal a zero.

use super::{DisclosureError, MonthInput, Tally};
use crate::area::AreaList;
use crate::observatory::{CellArea, IncidentCategory};

/// Largest city total accepted: far beyond any real month, small enough for exact `f64` arithmetic in
/// the audit's linear programs.
pub(super) const MAX_TOTAL: u64 = 1 << 40;

/// Where a cell sits in the hierarchy: suppressing a total costs more than suppressing a leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    /// Arrondissement x category, or quartier: a part of equations only.
    Leaf,
    /// Arrondissement total, city x category.
    Mid,
    /// The city total.
    Top,
    /// An arrondissement's residual (incidents with no quartier): never published.
    Hidden,
}

/// One cell.
#[derive(Clone, Debug)]
pub(super) struct Cell {
    pub area: CellArea,
    pub category: Option<IncidentCategory>,
    pub tally: Tally,
    pub level: Level,
}

impl Cell {
    pub fn value(&self) -> u64 {
        self.tally.count
    }
}

/// `total = sum of parts`, every term non-negative.
#[derive(Clone, Debug)]
pub(super) struct Equation {
    pub total: usize,
    pub parts: Vec<usize>,
}

impl Equation {
    /// Every cell of the equation, total first.
    pub fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().copied())
    }
}

/// A month's cells and equations. Cells `0..published` are published (in release order), the rest are
/// the residuals, one per district, in district order.
#[derive(Clone, Debug)]
pub(super) struct Grid {
    pub cells: Vec<Cell>,
    pub published: usize,
    pub equations: Vec<Equation>,
    /// For each cell, the equations it appears in.
    pub equations_of: Vec<Vec<usize>>,
}

/// How [`Grid::build`] treats quartier totals larger than their arrondissement's total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Consistency {
    /// Refuse them ([`DisclosureError::BadInput`]).
    Strict,
    /// Take a zero residual (the audit then finds the equations infeasible and fails safe).
    Lenient,
}

impl Grid {
    /// Builds the cells of `areas` and fills them from `input`. Codes of `input` that are not in `areas`
    /// are ignored.
    pub fn build(
        areas: &AreaList,
        input: &MonthInput,
        consistency: Consistency,
    ) -> Result<Grid, DisclosureError> {
        let categories = IncidentCategory::ALL;
        let districts = areas.districts();
        let mut cells = Vec::new();
        let push = |cells: &mut Vec<Cell>, area: CellArea, category, tally, level| {
            cells.push(Cell {
                area,
                category,
                tally,
                level,
            });
            cells.len() - 1
        };

        // Arrondissement x category, then their sums.
        let mut y: Vec<Vec<Tally>> = Vec::with_capacity(districts.len());
        for d in districts {
            let row = categories
                .iter()
                .map(|c| {
                    input
                        .by_district
                        .get(&(d.code.clone(), *c))
                        .copied()
                        .unwrap_or_default()
                })
                .collect();
            y.push(row);
        }
        let row_total = |row: &Vec<Tally>| {
            let mut t = Tally::default();
            for c in row {
                t.add(*c);
            }
            t
        };
        let mut column = vec![Tally::default(); categories.len()];
        for row in &y {
            for (total, c) in column.iter_mut().zip(row) {
                total.add(*c);
            }
        }
        let mut city = Tally::default();
        for c in &column {
            city.add(*c);
        }
        if city.count > MAX_TOTAL || city.contributors > MAX_TOTAL {
            return Err(DisclosureError::BadInput(
                "counts too large for one month".into(),
            ));
        }

        let g = push(&mut cells, CellArea::City, None, city, Level::Top);
        let c_cells: Vec<usize> = categories
            .iter()
            .zip(&column)
            .map(|(c, t)| push(&mut cells, CellArea::City, Some(*c), *t, Level::Mid))
            .collect();
        let mut t_cells = Vec::with_capacity(districts.len());
        let mut y_cells = Vec::with_capacity(districts.len());
        for (d, row) in districts.iter().zip(&y) {
            let area = CellArea::Arrondissement(d.code.clone());
            t_cells.push(push(
                &mut cells,
                area.clone(),
                None,
                row_total(row),
                Level::Mid,
            ));
            y_cells.push(
                categories
                    .iter()
                    .zip(row)
                    .map(|(c, t)| push(&mut cells, area.clone(), Some(*c), *t, Level::Leaf))
                    .collect::<Vec<usize>>(),
            );
        }
        let mut z_cells: Vec<Vec<usize>> = Vec::with_capacity(districts.len());
        for d in districts {
            let mut of = Vec::new();
            for q in areas.neighbourhoods_of(&d.code) {
                let tally = input
                    .by_neighbourhood
                    .get(&q.code)
                    .copied()
                    .unwrap_or_default();
                of.push(push(
                    &mut cells,
                    CellArea::Quartier(q.code.clone()),
                    None,
                    tally,
                    Level::Leaf,
                ));
            }
            z_cells.push(of);
        }
        let published = cells.len();
        let mut r_cells = Vec::with_capacity(districts.len());
        for ((d, row), zs) in districts.iter().zip(&y).zip(&z_cells) {
            let total = row_total(row);
            let mut named = Tally::default();
            for z in zs {
                if let Some(cell) = cells.get(*z) {
                    named.add(cell.tally);
                }
            }
            let count = match (total.count.checked_sub(named.count), consistency) {
                (Some(c), _) => c,
                (None, Consistency::Lenient) => 0,
                (None, Consistency::Strict) => {
                    return Err(DisclosureError::BadInput(format!(
                        "the quartiers of {} count more than the arrondissement",
                        d.code
                    )));
                }
            };
            let residual = Tally {
                count,
                contributors: total.contributors.saturating_sub(named.contributors),
            };
            r_cells.push(push(
                &mut cells,
                CellArea::Arrondissement(d.code.clone()),
                None,
                residual,
                Level::Hidden,
            ));
        }

        let mut equations = Vec::new();
        for (t, ys) in t_cells.iter().zip(&y_cells) {
            equations.push(Equation {
                total: *t,
                parts: ys.clone(),
            });
        }
        for (i, c) in c_cells.iter().enumerate() {
            equations.push(Equation {
                total: *c,
                parts: y_cells.iter().filter_map(|ys| ys.get(i).copied()).collect(),
            });
        }
        equations.push(Equation {
            total: g,
            parts: t_cells.clone(),
        });
        equations.push(Equation {
            total: g,
            parts: c_cells.clone(),
        });
        for ((t, zs), r) in t_cells.iter().zip(&z_cells).zip(&r_cells) {
            let mut parts = zs.clone();
            parts.push(*r);
            equations.push(Equation { total: *t, parts });
        }

        let mut equations_of = vec![Vec::new(); cells.len()];
        for (e, eq) in equations.iter().enumerate() {
            for c in eq.cells() {
                if let Some(list) = equations_of.get_mut(c) {
                    list.push(e);
                }
            }
        }
        Ok(Grid {
            cells,
            published,
            equations,
            equations_of,
        })
    }

    /// Whether cell `i` is an arrondissement's residual.
    pub fn is_hidden(&self, i: usize) -> bool {
        i >= self.published
    }

    /// The true count of cell `i` (0 for an index out of range).
    pub fn value(&self, i: usize) -> u64 {
        self.cells.get(i).map_or(0, Cell::value)
    }

    /// Whether cell `i`'s true tally makes it sensitive under threshold `k` (rule 1): a published cell
    /// below k in count or contributors (zeros included); a residual with 1 to k-1 facts, or with facts
    /// from fewer than k contributors.
    pub fn primary_sensitive(&self, i: usize, k: u64) -> bool {
        let Some(cell) = self.cells.get(i) else {
            return false;
        };
        let t = cell.tally;
        if self.is_hidden(i) {
            t.count >= 1 && (t.count < k || t.contributors < k)
        } else {
            t.count < k || t.contributors < k
        }
    }
}
