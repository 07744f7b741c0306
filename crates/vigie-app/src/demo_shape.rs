//! The shape of invented observatory incidents, shared by `vigie serve --demo` and the observatory
//! benchmark so that both show the same city: the weights of the arrondissements and categories (the
//! orders of magnitude of `shared/data/context/figures.json`), the seasonal swing, where in an
//! arrondissement an incident falls, its source, count and contributors. Deterministic: the same seed
//! gives the same data. Invented data only; nothing here is real.

use vigie_domain::area::AreaList;
use vigie_domain::observatory::{Incident, IncidentCategory, IncidentStatus, Month, SourceType};
use vigie_domain::{IncidentId, UserId};

/// Relative weight of each arrondissement (13201..13216): the northern arrondissements and the
/// centre carry most of the trafficking the press describes.
pub const DISTRICT_WEIGHTS: [u32; 16] = [9, 7, 12, 4, 4, 3, 2, 3, 4, 4, 5, 3, 13, 14, 13, 5];

/// Incidents per month for each category in the demonstration (before seasonal and random
/// variation); relative weights of the categories elsewhere.
pub const CATEGORY_MONTHLY: [(IncidentCategory, u32); 12] = [
    (IncidentCategory::DealPoint, 150),
    (IncidentCategory::LookoutsMinors, 70),
    (IncidentCategory::Threats, 60),
    (IncidentCategory::Violence, 45),
    (IncidentCategory::HallOccupation, 80),
    (IncidentCategory::Online, 30),
    (IncidentCategory::Corruption, 4),
    (IncidentCategory::Other, 35),
    // About 20 killings a year in 2024 (figures.json, "narchomicides"): a couple a month.
    (IncidentCategory::Homicide, 2),
    (IncidentCategory::AttemptedHomicide, 6),
    (IncidentCategory::Seizure, 55),
    (IncidentCategory::DealPointClosure, 10),
];

/// A mild seasonal swing by calendar month (January first), in percent: more in summer.
pub const SEASON: [u32; 12] = [92, 90, 95, 100, 105, 112, 118, 115, 104, 98, 94, 96];

/// The seasonal swing of `month`, in percent.
pub fn season(month: Month) -> u32 {
    SEASON[(month.month() as usize + 11) % 12]
}

/// A small deterministic generator (SplitMix64): invented data must be the same at every start, and
/// nothing here needs unpredictability.
#[derive(Clone, Debug)]
pub struct DemoRng(u64);

impl DemoRng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> DemoRng {
        DemoRng(seed)
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u32) -> u32 {
        u32::try_from(self.next_u64() % u64::from(n.max(1))).unwrap_or(0)
    }

    /// An index drawn with these relative weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut pick = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if pick < *w {
                return i;
            }
            pick -= w;
        }
        0
    }
}

/// Where an incident of this category comes from, for a roll below 100.
fn source_for(category: IncidentCategory, roll: u32) -> SourceType {
    match category {
        IncidentCategory::Seizure | IncidentCategory::DealPointClosure => {
            if roll < 80 {
                SourceType::Police
            } else {
                SourceType::Press
            }
        }
        IncidentCategory::Homicide | IncidentCategory::AttemptedHomicide => match roll {
            0..50 => SourceType::Police,
            50..85 => SourceType::Press,
            _ => SourceType::Court,
        },
        _ => match roll {
            0..40 => SourceType::Report,
            40..75 => SourceType::Association,
            75..90 => SourceType::Press,
            _ => SourceType::Police,
        },
    }
}

struct DistrictPick {
    code: String,
    quartiers: Vec<String>,
    weights: Vec<u32>,
}

/// Places and shapes invented incidents over an area list.
pub struct DemoShape {
    /// The generator; callers draw their own numbers from it too (categories, references).
    pub rng: DemoRng,
    districts: Vec<DistrictPick>,
    district_weights: Vec<u32>,
}

impl DemoShape {
    /// A shape over `areas`, or `None` when the list has no arrondissement.
    pub fn new(areas: &AreaList, seed: u64) -> Option<DemoShape> {
        let districts: Vec<DistrictPick> = areas
            .districts()
            .iter()
            .map(|d| {
                let quartiers: Vec<String> = areas
                    .neighbourhoods_of(&d.code)
                    .map(|q| q.code.clone())
                    .collect();
                // The first quartiers of a list weigh more.
                let weights = (1..=quartiers.len())
                    .map(|i| 12 / u32::try_from(i).unwrap_or(u32::MAX) + 1)
                    .collect();
                DistrictPick {
                    code: d.code.clone(),
                    quartiers,
                    weights,
                }
            })
            .collect();
        if districts.is_empty() {
            return None;
        }
        let district_weights = (0..districts.len())
            .map(|i| DISTRICT_WEIGHTS.get(i).copied().unwrap_or(1))
            .collect();
        Some(DemoShape {
            rng: DemoRng::new(seed),
            districts,
            district_weights,
        })
    }

    /// One accepted incident of `category` in `month`: an arrondissement by weight, a quartier three
    /// times in four, a source by category, seizures counting 1 to 3 facts, one in five incidents
    /// standing for two contributors. The reference is the caller's.
    pub fn incident(
        &mut self,
        category: IncidentCategory,
        month: Month,
        analyst: UserId,
        reference: String,
    ) -> Incident {
        let at = self.rng.weighted(&self.district_weights);
        let d = &self.districts[at.min(self.districts.len() - 1)];
        let neighbourhood = (self.rng.below(4) > 0 && !d.quartiers.is_empty())
            .then(|| d.quartiers[self.rng.weighted(&d.weights)].clone());
        let source = source_for(category, self.rng.below(100));
        let count = if category == IncidentCategory::Seizure {
            1 + self.rng.below(3)
        } else {
            1
        };
        let contributors = 1 + u32::from(self.rng.below(5) == 0);
        Incident {
            id: IncidentId::random(),
            category,
            district: d.code.clone(),
            neighbourhood,
            month,
            count,
            contributors,
            source,
            reference,
            report: None,
            status: IncidentStatus::Accepted,
            recorded_by: analyst,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_weights_hold() {
        let (mut a, mut b) = (DemoRng::new(7), DemoRng::new(7));
        assert_eq!(a.next_u64(), b.next_u64());
        let mut hits = [0u32; 3];
        for _ in 0..3000 {
            hits[a.weighted(&[1, 0, 2])] += 1;
        }
        assert_eq!(hits[1], 0);
        assert!(hits[2] > hits[0], "{hits:?}");
    }

    #[test]
    fn sources_fit_categories_and_incidents_fit_the_areas() {
        assert_eq!(
            source_for(IncidentCategory::Seizure, 10),
            SourceType::Police
        );
        assert_ne!(
            source_for(IncidentCategory::DealPoint, 99),
            SourceType::Report
        );
        let areas = AreaList::marseille().unwrap_or_default();
        let Some(mut shape) = DemoShape::new(&areas, 1) else {
            return assert!(areas.districts().is_empty());
        };
        let month = Month::new(2026, 3).unwrap_or_else(|| Month::of_day(chrono::NaiveDate::MIN));
        for _ in 0..500 {
            let i = shape.incident(
                IncidentCategory::Seizure,
                month,
                UserId::random(),
                String::new(),
            );
            assert!(areas.district(&i.district).is_some());
            if let Some(q) = &i.neighbourhood {
                assert_eq!(
                    areas.neighbourhood(q).map(|n| n.district.as_str()),
                    Some(i.district.as_str())
                );
            }
            assert!((1..=3).contains(&i.count) && (1..=2).contains(&i.contributors));
        }
        assert!(DemoShape::new(&AreaList::default(), 1).is_none());
    }
}
