//! Demonstration observatory: a year of invented incidents across the 16 arrondissements, shaped by the
//! orders of magnitude in `shared/data/context/figures.json` (deal points, killings, seizures), then
//! one edition per month and one correction, so that `/observatoire` shows a living dashboard. Every
//! reference says it is fictional; nothing here is real data.

use vigie_domain::IncidentId;
use vigie_domain::observatory::{
    ContextSeries, Incident, IncidentCategory, IncidentStatus, Month, SourceType,
};

use crate::demo_shape::{CATEGORY_MONTHLY, DemoShape, season};
use crate::reports::submit::today;
use crate::{App, Result};

/// The analyst account the demonstration publishes as.
const DEMO_ANALYST: &str = "demo.analyste";
/// Months of invented incidents.
const DEMO_MONTHS: usize = 12;
/// The invented incidents' seed.
const DEMO_SEED: u64 = 0x0056_4947_4945;

impl App {
    /// A year of invented incidents shaped like Marseille's, drawn from `seed`.
    pub(crate) fn demo_incidents(
        &self,
        months: &[Month],
        analyst: vigie_domain::UserId,
        seed: u64,
    ) -> Vec<Incident> {
        let Some(mut shape) = DemoShape::new(&self.settings().areas, seed) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (m, month) in months.iter().enumerate() {
            let swing = season(*month);
            for (category, base) in CATEGORY_MONTHLY {
                let mut n = base * swing / 100;
                // A slow decline of killings over the year.
                if category == IncidentCategory::Homicide && m >= DEMO_MONTHS / 2 {
                    n = n.saturating_sub(1);
                }
                let n = n + shape.rng.below(base / 5 + 2);
                for _ in 0..n {
                    let mut incident = shape.incident(category, *month, analyst, String::new());
                    incident.reference = format!(
                        "[DÉMONSTRATION] source fictive n° {}",
                        shape.rng.below(90_000) + 10_000
                    );
                    out.push(incident);
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
        let incidents = self.demo_incidents(&months, analyst.id, DEMO_SEED);
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
