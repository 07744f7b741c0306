//! The demonstration's network of cities (issue 14, item 5): two fictional member cities beside the
//! demo city, with invented names, codes and figures, each publishing its own signed editions. Their
//! codes are no commune's (département `00` does not exist), so that nobody takes their figures for
//! a real city's; their populations are the demonstration's invention too.

use vigie_domain::observatory::Month;
use vigie_domain::{AuditActor, Role, RoleSet};

use crate::accounts::NewAccount;
use crate::reports::submit::today;
use crate::{App, City, Result};

/// A fictional member city of the demonstration.
#[derive(Clone, Copy, Debug)]
pub struct FictionalCity {
    /// Its invented name.
    pub name: &'static str,
    /// Its invented code (no commune's).
    pub insee: &'static str,
    /// Its invented population.
    pub population: u64,
    /// Of the incidents invented in Marseille's shape, one in `keep_one_in` is kept (a smaller city).
    pub keep_one_in: usize,
    /// The seed of its invented incidents.
    pub seed: u64,
}

/// The demonstration's two fictional member cities.
pub const FICTIONAL_CITIES: [FictionalCity; 2] = [
    FictionalCity {
        name: "Fictiville",
        insee: "00101",
        population: 152_000,
        keep_one_in: 4,
        seed: 0x00F1_C711,
    },
    FictionalCity {
        name: "Songe-sur-Mer",
        insee: "00102",
        population: 64_500,
        keep_one_in: 9,
        seed: 0x0050_4E6E,
    },
];

/// The fictional member cities' codes and populations (the shipped INSEE table has no such
/// commune).
pub const FICTIONAL_POPULATIONS: &[(&str, u64)] = &[
    (FICTIONAL_CITIES[0].insee, FICTIONAL_CITIES[0].population),
    (FICTIONAL_CITIES[1].insee, FICTIONAL_CITIES[1].population),
];

/// Months a fictional member publishes.
const MEMBER_MONTHS: usize = 6;

/// The analyst account a fictional member publishes as.
const MEMBER_ANALYST: &str = "analyste.fictif";

impl FictionalCity {
    /// The city as its instance's `[city]` says it.
    pub fn city(&self) -> City {
        City {
            name: self.name.into(),
            insee: self.insee.into(),
            population: Some(self.population),
            population_source: Some("fictive (démonstration)".into()),
            contact: None,
        }
    }
}

impl App {
    /// Fills a fictional member city's instance (once: nothing happens if an edition exists): an
    /// analyst, then `MEMBER_MONTHS` months of invented incidents, each published as an edition.
    /// Returns the editions published.
    pub async fn provision_demo_member(&self, city: &FictionalCity) -> Result<usize> {
        if !self.store().editions().await?.is_empty() {
            return Ok(0);
        }
        let new = NewAccount {
            username: MEMBER_ANALYST.into(),
            roles: RoleSet::of(&[Role::Analyst]),
            contact: None,
        };
        let (id, _) = self.create_user(AuditActor::Cli, &new).await?;
        let who = self.principal(id).await?;
        let last = Month::of_instant(self.clock().now()).previous();
        let mut first = last;
        for _ in 1..MEMBER_MONTHS {
            first = first.previous();
        }
        let months: Vec<Month> = first.through(last).collect();
        let incidents: Vec<_> = self
            .demo_incidents(&months, id, city.seed)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % city.keep_one_in.max(1) == 0)
            .map(|(_, i)| i)
            .collect();
        self.store()
            .insert_incidents(&incidents, &today(self))
            .await?;
        for month in &months {
            self.publish_edition(&who, *month).await?;
        }
        Ok(months.len())
    }
}
