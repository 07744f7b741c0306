//! Disclosure control (DESIGN.md section 2, item 5): turns a month's true tallies into the cells the
//! public sees, so that no published figure reveals a cell below k, directly or by difference.
//!
//! PLACEHOLDER INTERFACE: the implementation (primary and secondary suppression, interval audit, noise)
//! replaces the bodies below; the types and signatures are what the rest of the program uses.

use std::collections::BTreeMap;

use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{
    CellArea, Incident, IncidentCategory, IncidentStatus, Month, MonthRelease, PublishedCell,
};
use crate::area::AreaList;

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

/// What a release keeps private: the frozen noise of each cell (noise plus published count gives the
/// true count, so this never leaves the database).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSecrets {
    /// Noise per cell, for cells that got some.
    pub noise: Vec<(CellArea, Option<IncidentCategory>, i64)>,
}

/// A suppressed cell whose feasible range is narrower than k.
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
    /// The interval audit found cells that the published figures would narrow below k.
    #[error("the interval audit refuses this release: {} cell(s) would be narrower than k", .0.failures.len())]
    AuditFailed(AuditReport),
}

/// Releases a month: primary suppression, secondary suppression, interval audit, frozen noise.
/// `previous` is the release this one corrects, if any.
pub fn release_month(
    input: &MonthInput,
    areas: &AreaList,
    rules: &DisclosureRules,
    version: u32,
    previous: Option<(&MonthRelease, &ReleaseSecrets)>,
    rng: &mut impl RngCore,
) -> Result<(MonthRelease, ReleaseSecrets), DisclosureError> {
    let _ = (input, rules, previous, rng.next_u32());
    // Placeholder: suppress everything (safe), until the real algorithm lands.
    let mut cells = vec![];
    let mut push = |area: CellArea| {
        cells.push(PublishedCell {
            area: area.clone(),
            category: None,
            count: None,
            suppressed: true,
        });
        if !matches!(area, CellArea::Quartier(_)) {
            for c in IncidentCategory::ALL {
                cells.push(PublishedCell {
                    area: area.clone(),
                    category: Some(*c),
                    count: None,
                    suppressed: true,
                });
            }
        }
    };
    push(CellArea::City);
    for d in areas.districts() {
        push(CellArea::Arrondissement(d.code.clone()));
    }
    for d in areas.districts() {
        for q in areas.neighbourhoods_of(&d.code) {
            push(CellArea::Quartier(q.code.clone()));
        }
    }
    Ok((
        MonthRelease {
            month: input.month,
            version,
            cells,
        },
        ReleaseSecrets::default(),
    ))
}

/// Re-runs the interval audit of a release against the true tallies it was made from.
pub fn audit_release(
    input: &MonthInput,
    areas: &AreaList,
    release: &MonthRelease,
    k: u32,
) -> AuditReport {
    let _ = (input, areas, k);
    AuditReport {
        cells_checked: release.cells.iter().filter(|c| c.suppressed).count(),
        failures: vec![],
    }
}
