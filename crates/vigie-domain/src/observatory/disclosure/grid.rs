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
        let sums = Sums::of(areas, input)?;
        let mut cells = Vec::new();
        let mut at = Indices::published(&mut cells, areas, input, &sums);
        let published = cells.len();
        at.residuals = residuals(&mut cells, areas, &sums, &at.quartiers, consistency)?;
        let equations = at.equations();
        let equations_of = equations_of(&equations, cells.len());
        Ok(Grid {
            cells,
            published,
            equations,
            equations_of,
        })
    }

    /// A grid of cells and equations given whole, every cell published (the other release streams:
    /// [`super::LinkedTable`]).
    pub fn from_cells(cells: Vec<Cell>, equations: Vec<Equation>) -> Grid {
        let equations_of = equations_of(&equations, cells.len());
        Grid {
            published: cells.len(),
            cells,
            equations,
            equations_of,
        }
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

/// Appends a cell; returns its index.
fn push(
    cells: &mut Vec<Cell>,
    area: CellArea,
    category: Option<IncidentCategory>,
    tally: Tally,
    level: Level,
) -> usize {
    cells.push(Cell {
        area,
        category,
        tally,
        level,
    });
    cells.len() - 1
}

/// The arrondissement x category tallies of a month and their sums, in area list and
/// [`IncidentCategory::ALL`] order.
struct Sums {
    /// Per district, per category.
    rows: Vec<Vec<Tally>>,
    /// Per district, every category.
    row_totals: Vec<Tally>,
    /// Per category, every district.
    columns: Vec<Tally>,
    city: Tally,
}

impl Sums {
    /// Refuses a month whose city total exceeds [`MAX_TOTAL`] (in facts or contributors).
    fn of(areas: &AreaList, input: &MonthInput) -> Result<Sums, DisclosureError> {
        let categories = IncidentCategory::ALL;
        let rows: Vec<Vec<Tally>> = areas
            .districts()
            .iter()
            .map(|d| {
                categories
                    .iter()
                    .map(|c| {
                        input
                            .by_district
                            .get(&(d.code.clone(), *c))
                            .copied()
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        let row_totals = rows.iter().map(|row| sum(row)).collect();
        let mut columns = vec![Tally::default(); categories.len()];
        for row in &rows {
            for (total, c) in columns.iter_mut().zip(row) {
                total.add(*c);
            }
        }
        let city = sum(&columns);
        if city.count > MAX_TOTAL || city.contributors > MAX_TOTAL {
            return Err(DisclosureError::BadInput(
                "counts too large for one month".into(),
            ));
        }
        Ok(Sums {
            rows,
            row_totals,
            columns,
            city,
        })
    }
}

/// The sum of `tallies`.
fn sum(tallies: &[Tally]) -> Tally {
    let mut t = Tally::default();
    for c in tallies {
        t.add(*c);
    }
    t
}

/// Where each kind of cell sits in [`Grid::cells`], to write the equations.
struct Indices {
    /// The city total.
    city: usize,
    /// City x category.
    categories: Vec<usize>,
    /// Arrondissement totals.
    districts: Vec<usize>,
    /// Arrondissement x category, per arrondissement.
    district_categories: Vec<Vec<usize>>,
    /// Quartiers, per arrondissement.
    quartiers: Vec<Vec<usize>>,
    /// Residuals, one per arrondissement.
    residuals: Vec<usize>,
}

impl Indices {
    /// Appends the published cells in release order (city, city x category, then per arrondissement
    /// its total and categories, then every quartier); the residuals are left to [`residuals`].
    fn published(
        cells: &mut Vec<Cell>,
        areas: &AreaList,
        input: &MonthInput,
        sums: &Sums,
    ) -> Indices {
        let categories = IncidentCategory::ALL;
        let districts = areas.districts();
        let city = push(cells, CellArea::City, None, sums.city, Level::Top);
        let category_cells: Vec<usize> = categories
            .iter()
            .zip(&sums.columns)
            .map(|(c, t)| push(cells, CellArea::City, Some(*c), *t, Level::Mid))
            .collect();
        let mut district_cells = Vec::with_capacity(districts.len());
        let mut district_categories = Vec::with_capacity(districts.len());
        for ((d, row), total) in districts.iter().zip(&sums.rows).zip(&sums.row_totals) {
            let area = CellArea::Arrondissement(d.code.clone());
            district_cells.push(push(cells, area.clone(), None, *total, Level::Mid));
            district_categories.push(
                categories
                    .iter()
                    .zip(row)
                    .map(|(c, t)| push(cells, area.clone(), Some(*c), *t, Level::Leaf))
                    .collect::<Vec<usize>>(),
            );
        }
        let mut quartiers: Vec<Vec<usize>> = Vec::with_capacity(districts.len());
        for d in districts {
            let mut of = Vec::new();
            for q in areas.neighbourhoods_of(&d.code) {
                let tally = input
                    .by_neighbourhood
                    .get(&q.code)
                    .copied()
                    .unwrap_or_default();
                of.push(push(
                    cells,
                    CellArea::Quartier(q.code.clone()),
                    None,
                    tally,
                    Level::Leaf,
                ));
            }
            quartiers.push(of);
        }
        Indices {
            city,
            categories: category_cells,
            districts: district_cells,
            district_categories,
            quartiers,
            residuals: Vec::new(),
        }
    }

    /// What an attacker knows: each arrondissement total is the sum of its categories; each city
    /// category the sum over arrondissements; the city total the sum of the arrondissements and of
    /// the categories; each arrondissement total its quartiers plus its residual.
    fn equations(&self) -> Vec<Equation> {
        let mut equations = Vec::new();
        for (t, ys) in self.districts.iter().zip(&self.district_categories) {
            equations.push(Equation {
                total: *t,
                parts: ys.clone(),
            });
        }
        for (i, c) in self.categories.iter().enumerate() {
            equations.push(Equation {
                total: *c,
                parts: self
                    .district_categories
                    .iter()
                    .filter_map(|ys| ys.get(i).copied())
                    .collect(),
            });
        }
        equations.push(Equation {
            total: self.city,
            parts: self.districts.clone(),
        });
        equations.push(Equation {
            total: self.city,
            parts: self.categories.clone(),
        });
        for ((t, zs), r) in self
            .districts
            .iter()
            .zip(&self.quartiers)
            .zip(&self.residuals)
        {
            let mut parts = zs.clone();
            parts.push(*r);
            equations.push(Equation { total: *t, parts });
        }
        equations
    }
}

/// Appends each arrondissement's residual (its total minus its quartiers), in district order;
/// `quartiers` are the quartier cells per district. A residual below zero is refused
/// ([`Consistency::Strict`]) or taken as zero ([`Consistency::Lenient`]).
fn residuals(
    cells: &mut Vec<Cell>,
    areas: &AreaList,
    sums: &Sums,
    quartiers: &[Vec<usize>],
    consistency: Consistency,
) -> Result<Vec<usize>, DisclosureError> {
    let districts = areas.districts();
    let mut residuals = Vec::with_capacity(districts.len());
    for ((d, total), zs) in districts.iter().zip(&sums.row_totals).zip(quartiers) {
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
        residuals.push(push(
            cells,
            CellArea::Arrondissement(d.code.clone()),
            None,
            residual,
            Level::Hidden,
        ));
    }
    Ok(residuals)
}

/// For each of `cells` cells, the equations it appears in.
fn equations_of(equations: &[Equation], cells: usize) -> Vec<Vec<usize>> {
    let mut equations_of = vec![Vec::new(); cells];
    for (e, eq) in equations.iter().enumerate() {
        for c in eq.cells() {
            if let Some(list) = equations_of.get_mut(c) {
                list.push(e);
            }
        }
    }
    equations_of
}
