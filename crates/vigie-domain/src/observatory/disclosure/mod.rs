//! Disclosure control (DESIGN.md section 2, item 5): turns a month's true tallies into the cells the
//! public sees, so that no published figure reveals a cell below k, directly or by difference.
//!
//! # What is published
//!
//! The structure of a month is fixed by the area list, never by the data (an absent cell would reveal a
//! zero). With `a` an arrondissement, `c` a category, `q` a quartier:
//!
//! - `y[a][c]` (arrondissement x category), `T[a]` (arrondissement total), `C[c]` (city x category),
//!   `G` (city total), `z[q]` (quartier, every category together);
//! - never published: the residual `r[a] = T[a] - sum of z[q] for q in a`, the incidents of `a` that
//!   name no quartier.
//!
//! Cells come in a stable order: the city (total, then categories in [`IncidentCategory::ALL`] order),
//! each arrondissement in file order (total, then categories), then the quartiers (district order, then
//! file order). Every cell is always present, with a value or suppressed ("< k").
//!
//! # The attacker
//!
//! The attacker knows every published cell of every release, the structure above and the equations
//! between cells, every term non-negative:
//! `T[a] = sum over c of y[a][c]`, `C[c] = sum over a of y[a][c]`, `G = sum of T[a] = sum of C[c]`,
//! `T[a] = sum of z[q] + r[a]`. They may solve any linear program over them (the audit computes
//! exactly the LP relaxation of what they can learn about each cell) and compare versions of a month
//! cell by cell and equation by equation. They know nothing linking two versions of a month other than
//! the published figures (in particular not which incidents a correction added or removed), nor the
//! noise of any cell.
//!
//! # The rules
//!
//! 1. **Primary** (`primary`): a published cell whose count or contributors is below k (zeros
//!    included) is suppressed. A residual with 1 to k-1 facts, or facts from fewer than k contributors,
//!    is sensitive; every residual is unknown to the attacker.
//! 2. **Secondary** (`secondary`): greedy over the equations, then audit and repair, until no
//!    suppressed cell and no sensitive residual can be narrowed below k.
//! 3. **Interval audit** (`audit`): for each suppressed cell and sensitive residual, the smallest and
//!    largest value the published figures allow (LP relaxation, solved with `microlp` per connected
//!    component of unknowns) must differ by at least k. A release that still fails is refused
//!    ([`DisclosureError::AuditFailed`]); that is a safety net, which suppressing everything always
//!    satisfies.
//! 4. **Corrections** (`previous`): (a) a cell suppressed in the previous version stays suppressed;
//!    (b) a cell published in both whose published value would change by 1 to k-1 is suppressed as
//!    sensitive; (b') likewise, in an equation whose total is published in both versions, the sum of
//!    the unknown parts is known in both, and a change of 1 to k-1 in it suppresses the total; (c) a
//!    cell's noise is frozen: it keeps the noise of the previous version. (a), (b) and (b') hold
//!    against every earlier version (kept in [`ReleaseSecrets::earlier`]), not only the last: two
//!    corrections of +6 and -4 must not publish a net change of 2.
//! 5. **Noise** (`noise`): with `epsilon`, a discrete-Laplace draw per published cell, added after
//!    the suppression decisions (which use true values), clamped at zero, kept in [`ReleaseSecrets`].
//!    A draw is made for every cell without frozen noise, in cell order, before the decisions (rule
//!    4 (b) compares published values); only the published cells' draws are kept, and a suppressed
//!    cell stays suppressed in every later version, so a discarded draw never shows.
//!
//! What this does not claim: an attacker who combines three or more equations of two versions (a
//! signed combination of unknowns determined in both) could learn the net change of such a combination;
//! rule (b') covers the single equations, which are the combinations that count incidents.
//!
//! Input codes that are not in the area list are ignored (they cannot be placed in the structure);
//! quartier totals larger than their arrondissement's are refused ([`DisclosureError::BadInput`]).

mod audit;
mod grid;
mod lp;
mod noise;
mod primary;
mod secondary;
mod table;

use std::collections::BTreeMap;

use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{
    CellArea, Incident, IncidentCategory, IncidentStatus, Month, MonthRelease, PublishedCell,
};
use crate::area::AreaList;
use audit::{Auditor, Finding};
use grid::{Consistency, Grid};
use primary::State;
pub use table::{LinkedTable, TableLevel};

/// How many facts, and how many reports, cases or people they stand for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Facts.
    pub count: u64,
    /// Reports, cases or people.
    pub contributors: u64,
}

impl Tally {
    /// Adds another tally.
    pub fn add(&mut self, other: Tally) {
        self.count = self.count.saturating_add(other.count);
        self.contributors = self.contributors.saturating_add(other.contributors);
    }
}

/// A month's true tallies: the input of a release. Never published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthInput {
    /// The month.
    pub month: Month,
    /// Per arrondissement and category.
    pub by_district: BTreeMap<(String, IncidentCategory), Tally>,
    /// Per quartier, every category together (incidents that name a quartier).
    pub by_neighbourhood: BTreeMap<String, Tally>,
}

impl MonthInput {
    /// Tallies the accepted incidents of `month` (others are ignored).
    pub fn from_incidents<'a>(
        month: Month,
        incidents: impl IntoIterator<Item = &'a Incident>,
    ) -> MonthInput {
        let mut input = MonthInput {
            month,
            by_district: BTreeMap::new(),
            by_neighbourhood: BTreeMap::new(),
        };
        for i in incidents {
            if i.month != month || i.status != IncidentStatus::Accepted {
                continue;
            }
            let t = Tally {
                count: u64::from(i.count),
                contributors: u64::from(i.contributors),
            };
            input
                .by_district
                .entry((i.district.clone(), i.category))
                .or_default()
                .add(t);
            if let Some(q) = &i.neighbourhood {
                input.by_neighbourhood.entry(q.clone()).or_default().add(t);
            }
        }
        input
    }
}

/// The instance's publication rules.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisclosureRules {
    /// Threshold: a cell whose count or contributors is below k is published as "< k".
    pub k: u32,
    /// Discrete-Laplace noise of this epsilon per published cell, when set.
    pub epsilon: Option<f64>,
}

impl Default for DisclosureRules {
    fn default() -> DisclosureRules {
        DisclosureRules {
            k: 5,
            epsilon: None,
        }
    }
}

/// What a release keeps beside it for the next correction: the frozen noise of each published cell
/// (the published count is the true count plus this noise, clamped at zero, so this never leaves the
/// database), and the earlier versions of the month, so that a correction is compared with every one
/// of them, not only the last ([`release_month`]'s `previous`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSecrets {
    /// Noise per cell, for cells that got some.
    pub noise: Vec<(CellArea, Option<IncidentCategory>, i64)>,
    /// The versions of the month released before this one, oldest first, as published (public
    /// figures; empty for a first release).
    #[serde(default)]
    pub earlier: Vec<MonthRelease>,
}

/// A suppressed cell (or a sensitive residual) whose feasible range is narrower than k.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditFailure {
    /// Where.
    pub area: CellArea,
    /// What.
    pub category: Option<IncidentCategory>,
    /// Smallest value the published figures allow.
    pub low: f64,
    /// Largest value they allow (`None`: unbounded).
    pub high: Option<f64>,
    /// The cell is the hidden residual of the arrondissement `area` (its incidents that name no
    /// quartier), not a published cell; `category` is then `None`.
    #[serde(default)]
    pub hidden: bool,
}

/// The interval audit's result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    /// Suppressed (or hidden) cells checked.
    pub cells_checked: usize,
    /// Cells whose range is narrower than k.
    pub failures: Vec<AuditFailure>,
}

/// Why a release could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DisclosureError {
    /// k must be at least 2, epsilon positive and finite.
    #[error("disclosure rules: {0}")]
    BadRules(&'static str),
    /// The month's tallies cannot be released as given (quartiers counting more than their
    /// arrondissement, counts beyond any real month).
    #[error("disclosure input: {0}")]
    BadInput(String),
    /// `previous` is not an earlier version of the same month.
    #[error("disclosure correction: {0}")]
    BadCorrection(&'static str),
    /// The interval audit found cells that the published figures would narrow below k.
    #[error("the interval audit refuses this release: {} cell(s) would be narrower than k", .0.failures.len())]
    AuditFailed(AuditReport),
}

/// Checks the rules; returns k.
fn checked_rules(rules: &DisclosureRules) -> Result<u64, DisclosureError> {
    if rules.k < 2 {
        return Err(DisclosureError::BadRules("k must be at least 2"));
    }
    if let Some(e) = rules.epsilon
        && !(e.is_finite() && e > 0.0)
    {
        return Err(DisclosureError::BadRules(
            "epsilon must be a positive, finite number",
        ));
    }
    Ok(u64::from(rules.k))
}

/// The noise each cell kept in the releases before, by cell.
type Frozen = BTreeMap<(CellArea, Option<IncidentCategory>), i64>;

/// One published cell's noise, as [`ReleaseSecrets::noise`] keeps it.
type CellNoise = (CellArea, Option<IncidentCategory>, i64);

/// Releases a month: primary suppression, secondary suppression, interval audit, frozen noise (see the
/// module documentation). `previous` is the release this one corrects, if any, with its secrets: it
/// must be of the same month and an earlier version. Deterministic given its inputs and the words
/// `rng` returns; without noise `rng` is not used.
pub fn release_month(
    input: &MonthInput,
    areas: &AreaList,
    rules: &DisclosureRules,
    version: u32,
    previous: Option<(&MonthRelease, &ReleaseSecrets)>,
    rng: &mut impl RngCore,
) -> Result<(MonthRelease, ReleaseSecrets), DisclosureError> {
    let k = checked_rules(rules)?;
    let (earlier, frozen) = history(input, version, previous)?;
    let old: Vec<primary::OldCells> = earlier
        .iter()
        .filter(|r| r.month == input.month)
        .map(primary::old_cells)
        .collect();
    let grid = Grid::build(areas, input, Consistency::Strict)?;
    let (noise, noised) = draw_noise(&grid, &frozen, rules.epsilon, rng);
    let state = suppress(&grid, k, &old, &noise)?;
    let (cells, kept) = published(&grid, &state, &noise, &noised);
    Ok((
        MonthRelease {
            month: input.month,
            version,
            cells,
        },
        ReleaseSecrets {
            noise: kept,
            earlier,
        },
    ))
}

/// The versions of the month a correction is compared with (rule 4: every earlier one, the one
/// corrected last) and the noise frozen by them. Refuses a `previous` of another month, or not
/// older than `version`.
fn history(
    input: &MonthInput,
    version: u32,
    previous: Option<(&MonthRelease, &ReleaseSecrets)>,
) -> Result<(Vec<MonthRelease>, Frozen), DisclosureError> {
    let Some((release, secrets)) = previous else {
        return Ok((Vec::new(), BTreeMap::new()));
    };
    if release.month != input.month {
        return Err(DisclosureError::BadCorrection(
            "the previous release is of another month",
        ));
    }
    if version <= release.version {
        return Err(DisclosureError::BadCorrection(
            "a correction needs a later version than the release it corrects",
        ));
    }
    let frozen: Frozen = secrets
        .noise
        .iter()
        .map(|(a, c, n)| ((a.clone(), *c), *n))
        .collect();
    let mut earlier = secrets.earlier.clone();
    earlier.push(release.clone());
    Ok((earlier, frozen))
}

/// Noise: frozen from the previous version, else drawn now when the rules ask for it. Drawn for
/// every cell before the decisions (rule 4 (b) compares published values), kept only for the cells
/// published: a suppressed cell stays suppressed in every later version, so its draw never shows.
/// Returns the noise of each cell and whether it got any.
fn draw_noise(
    grid: &Grid,
    frozen: &Frozen,
    epsilon: Option<f64>,
    rng: &mut impl RngCore,
) -> (Vec<i64>, Vec<bool>) {
    let mut noise = vec![0i64; grid.cells.len()];
    let mut noised = vec![false; grid.cells.len()];
    for (i, cell) in grid.cells.iter().enumerate().take(grid.published) {
        let drawn = match (frozen.get(&(cell.area.clone(), cell.category)), epsilon) {
            (Some(n), _) => Some(*n),
            (None, Some(e)) => Some(noise::discrete_laplace(rng, e)),
            (None, None) => None,
        };
        if let (Some(n), Some(slot), Some(flag)) = (drawn, noise.get_mut(i), noised.get_mut(i)) {
            *slot = n;
            *flag = true;
        }
    }
    (noise, noised)
}

/// Rules 1 to 4: primary suppression, then secondary suppression and the correction groups until
/// the interval audit passes or nothing more can be repaired; the audit's failures refuse the
/// release.
fn suppress(
    grid: &Grid,
    k: u64,
    old: &[primary::OldCells],
    noise: &[i64],
) -> Result<State, DisclosureError> {
    let mut state = primary::primary(grid, k, old, noise);
    secondary::greedy(grid, &mut state, k);
    let mut auditor = Auditor::default();
    let outcome = loop {
        if secondary::correction_groups(grid, &mut state, old, noise, k) {
            secondary::greedy(grid, &mut state, k);
            continue;
        }
        let outcome = auditor.run(grid, &state.suppressed, &state.checked(grid), k);
        if outcome.failures.is_empty() || !secondary::repair(grid, &mut state, &outcome.failures, k)
        {
            break outcome;
        }
    };
    if !outcome.failures.is_empty() {
        return Err(DisclosureError::AuditFailed(report(grid, outcome)));
    }
    Ok(state)
}

/// The published cells, in the grid's order (suppressed or with their noised count), and the noise
/// to keep for the next correction: only that of the cells published.
fn published(
    grid: &Grid,
    state: &State,
    noise: &[i64],
    noised: &[bool],
) -> (Vec<PublishedCell>, Vec<CellNoise>) {
    let mut cells = Vec::with_capacity(grid.published);
    let mut kept = Vec::new();
    for (i, cell) in grid.cells.iter().enumerate().take(grid.published) {
        let suppressed = state.is_suppressed(i);
        let count = (!suppressed).then(|| primary::candidate_value(grid, noise, i));
        if !suppressed
            && noised.get(i).copied().unwrap_or(false)
            && let Some(n) = noise.get(i)
        {
            kept.push((cell.area.clone(), cell.category, *n));
        }
        cells.push(PublishedCell {
            area: cell.area.clone(),
            category: cell.category,
            count,
            suppressed,
        });
    }
    (cells, kept)
}

fn report(grid: &Grid, outcome: audit::Outcome) -> AuditReport {
    AuditReport {
        cells_checked: outcome.checked,
        failures: outcome
            .failures
            .into_iter()
            .filter_map(|Finding { cell, low, high }| {
                let c = grid.cells.get(cell)?;
                Some(AuditFailure {
                    area: c.area.clone(),
                    category: c.category,
                    low,
                    high,
                    hidden: grid.is_hidden(cell),
                })
            })
            .collect(),
    }
}

/// Re-runs the interval audit of a release against the true tallies it was made from.
///
/// The unknowns are the cells the release suppresses (a cell it lacks, or marks published without a
/// count, counts as suppressed) and every residual; the constants are the TRUE values of the cells it
/// publishes, the same as the published ones without noise, and the strongest attacker (one who could
/// remove the noise) with it. The truth also tells which residuals are sensitive. Tallies that
/// [`release_month`] would refuse (quartiers counting more than their arrondissement) make the
/// equations infeasible, and every checked cell of the affected components fails.
pub fn audit_release(
    input: &MonthInput,
    areas: &AreaList,
    release: &MonthRelease,
    k: u32,
) -> AuditReport {
    let k = u64::from(k);
    let grid = match Grid::build(areas, input, Consistency::Lenient) {
        Ok(grid) => grid,
        Err(_) => {
            // Counts beyond any real month: nothing can be vouched for.
            let failures: Vec<AuditFailure> = release
                .cells
                .iter()
                .filter(|c| c.suppressed || c.count.is_none())
                .map(|c| AuditFailure {
                    area: c.area.clone(),
                    category: c.category,
                    low: 0.0,
                    high: Some(0.0),
                    hidden: false,
                })
                .collect();
            return AuditReport {
                cells_checked: failures.len(),
                failures,
            };
        }
    };
    let published = primary::old_cells(release);
    let n = grid.cells.len();
    let mut state = State {
        suppressed: vec![true; n],
        protect: vec![false; n],
    };
    for (i, cell) in grid.cells.iter().enumerate() {
        let shown = !grid.is_hidden(i)
            && matches!(
                published.get(&(cell.area.clone(), cell.category)),
                Some(Some(_))
            );
        if let Some(s) = state.suppressed.get_mut(i) {
            *s = !shown;
        }
        if let Some(p) = state.protect.get_mut(i) {
            *p = grid.is_hidden(i) && grid.primary_sensitive(i, k);
        }
    }
    let outcome = Auditor::default().run(&grid, &state.suppressed, &state.checked(&grid), k);
    report(&grid, outcome)
}
