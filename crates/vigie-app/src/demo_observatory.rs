//! Demonstration observatory: a year of invented incidents across the 16 arrondissements, shaped by the
//! orders of magnitude in `shared/data/context/figures.json` (deal points, killings, seizures), then
//! one edition per month and one correction, so that `/observatoire` shows a living dashboard. Every
//! reference says it is fictional; nothing here is real data.

use vigie_domain::IncidentId;
use vigie_domain::observatory::{
    ContextSeries, Incident, IncidentCategory, IncidentStatus, Month, SourceType,
};

use crate::reports::submit::today;
use crate::{App, Result};

/// The analyst account the demonstration publishes as.
const DEMO_ANALYST: &str = "demo.analyste";
/// Months of invented incidents.
const DEMO_MONTHS: usize = 12;

/// Relative weight of each arrondissement (13201..13216): the northern arrondissements and the
/// centre carry most of the trafficking the press describes.
const DISTRICT_WEIGHTS: [u32; 16] = [9, 7, 12, 4, 4, 3, 2, 3, 4, 4, 5, 3, 13, 14, 13, 5];

/// Incidents per month for each category (before seasonal and random variation).
const CATEGORY_MONTHLY: [(IncidentCategory, u32); 12] = [
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

/// A small deterministic generator (SplitMix64): demo data must look the same at every start, and
/// nothing here needs unpredictability.
struct Demo(u64);

impl Demo {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u32) -> u32 {
        u32::try_from(self.next() % u64::from(n.max(1))).unwrap_or(0)
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
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

impl App {
    fn demo_incidents(&self, months: &[Month], analyst: vigie_domain::UserId) -> Vec<Incident> {
        let areas = &self.settings().areas;
        let districts = areas.districts();
        let mut rng = Demo(0x0056_4947_4945);
        let mut out = Vec::new();
        for (m, month) in months.iter().enumerate() {
            // A mild seasonal swing (more in summer) and a slow decline of killings over the year.
            let season = [92, 90, 95, 100, 105, 112, 118, 115, 104, 98, 94, 96];
            let swing = season[(month.month() as usize + 11) % 12];
            for (category, base) in CATEGORY_MONTHLY {
                let mut n = base * swing / 100;
                if category == IncidentCategory::Homicide && m >= DEMO_MONTHS / 2 {
                    n = n.saturating_sub(1);
                }
                let n = n + rng.below(base / 5 + 2);
                for _ in 0..n {
                    let d = rng.weighted(&DISTRICT_WEIGHTS);
                    let Some(district) = districts.get(d.min(districts.len().saturating_sub(1)))
                    else {
                        continue;
                    };
                    let quartiers: Vec<_> = areas.neighbourhoods_of(&district.code).collect();
                    // Three in four incidents name a quartier; the first quartiers of a list weigh more.
                    let neighbourhood = (rng.below(4) > 0 && !quartiers.is_empty()).then(|| {
                        let weights: Vec<u32> = (0..quartiers.len())
                            .map(|i| 12 / (i as u32 + 1) + 1)
                            .collect();
                        quartiers[rng.weighted(&weights)].code.clone()
                    });
                    let source = source_for(category, rng.below(100));
                    let count = if category == IncidentCategory::Seizure {
                        1 + rng.below(3)
                    } else {
                        1
                    };
                    out.push(Incident {
                        id: IncidentId::random(),
                        category,
                        district: district.code.clone(),
                        neighbourhood,
                        month: *month,
                        count,
                        contributors: 1 + u32::from(rng.below(5) == 0),
                        source,
                        reference: format!(
                            "[DÉMONSTRATION] source fictive n° {}",
                            rng.below(90_000) + 10_000
                        ),
                        report: None,
                        status: IncidentStatus::Accepted,
                        recorded_by: analyst,
                    });
                }
            }
        }
        out
    }

    /// Fills the observatory for the demonstration (once: nothing happens if an edition exists).
    /// `context` are official series to show beside the figures (already parsed).
    pub async fn provision_demo_observatory(&self, context: &[ContextSeries]) -> Result<usize> {
        if !self.store().editions().await?.is_empty() {
            return Ok(0);
        }
        let analyst = self.user_named(DEMO_ANALYST).await?;
        let who = self.principal(analyst.id).await?;
        if !context.is_empty() {
            self.import_context(&who, context).await?;
        }
        let last = Month::of_instant(self.clock().now()).previous();
        let mut first = last;
        for _ in 1..DEMO_MONTHS {
            first = first.previous();
        }
        let months: Vec<Month> = first.through(last).collect();
        let incidents = self.demo_incidents(&months, analyst.id);
        self.store()
            .insert_incidents(&incidents, &today(self))
            .await?;
        // Late news for the month before last, held back to make the correction.
        let corrected = last.previous();
        let mut late = Vec::new();
        for month in &months {
            self.publish_edition(&who, *month).await?;
            if *month == corrected {
                late = incidents
                    .iter()
                    .filter(|i| i.month == corrected && i.category == IncidentCategory::Seizure)
                    .take(6)
                    .map(|i| Incident {
                        id: IncidentId::random(),
                        reference: "[DÉMONSTRATION] communiqué fictif reçu en retard".into(),
                        ..i.clone()
                    })
                    .collect();
            }
        }
        self.store().insert_incidents(&late, &today(self)).await?;
        self.publish_correction(
            &who,
            corrected,
            &format!("{corrected} : six saisies signalées en retard par un communiqué (fictif) ont été ajoutées."),
        )
        .await?;
        // A few qualified reports wait for the analyst's review.
        let mut waiting: Vec<Incident> = incidents
            .iter()
            .filter(|i| i.month == last && i.source == SourceType::Report)
            .take(4)
            .map(|i| Incident {
                id: IncidentId::random(),
                status: IncidentStatus::Proposed,
                reference: String::new(),
                ..i.clone()
            })
            .collect();
        for i in &mut waiting {
            i.month = Month::of_instant(self.clock().now());
        }
        self.store()
            .insert_incidents(&waiting, &today(self))
            .await?;
        Ok(months.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_weights_hold() {
        let (mut a, mut b) = (Demo(7), Demo(7));
        assert_eq!(a.next(), b.next());
        let mut hits = [0u32; 3];
        for _ in 0..3000 {
            hits[a.weighted(&[1, 0, 2])] += 1;
        }
        assert_eq!(hits[1], 0);
        assert!(hits[2] > hits[0], "{hits:?}");
    }

    #[test]
    fn sources_fit_categories() {
        assert_eq!(
            source_for(IncidentCategory::Seizure, 10),
            SourceType::Police
        );
        assert_ne!(
            source_for(IncidentCategory::DealPoint, 99),
            SourceType::Report
        );
    }
}
