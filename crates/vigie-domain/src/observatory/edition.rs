//! Editions: what the public pages and the API read, and nothing else. An edition is an immutable
//! snapshot: every month it covers, each as released once under disclosure control and frozen, and the
//! official context series shown beside them. A correction is a new edition (same period, next
//! version) with a changelog line; earlier editions stay readable.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{IncidentCategory, Month};

/// The open-data licence of every edition.
pub const LICENCE_NAME: &str = "Licence Ouverte / Etalab 2.0";
/// Where the licence text lives.
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

/// The identifier of the edition of `period`, `version` (1 for the first publication): `2026-03.1`.
pub fn edition_id(period: Month, version: u32) -> String {
    format!("{period}.{version}")
}

/// The area a published cell counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "level", content = "code", rename_all = "snake_case")]
pub enum CellArea {
    /// The whole city.
    City,
    /// An arrondissement (INSEE code, `13201`).
    Arrondissement(String),
    /// A quartier (`1320101`).
    Quartier(String),
}

/// One published figure: an area, a category (`None`: every category) and a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedCell {
    /// Where.
    pub area: CellArea,
    /// What; `None` is the total over categories.
    pub category: Option<IncidentCategory>,
    /// The published count (with frozen noise when the edition uses it); `None` when suppressed.
    pub count: Option<u64>,
    /// Published as "< k".
    pub suppressed: bool,
}

/// A month as released: every cell the public sees for it. Released once, then carried unchanged by
/// every later edition until a correction releases a new version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRelease {
    /// The month.
    pub month: Month,
    /// 1 for the first release, then one more per correction.
    pub version: u32,
    /// Every cell, in a stable order (city, arrondissements, quartiers; total before categories).
    pub cells: Vec<PublishedCell>,
}

impl MonthRelease {
    /// The cell for `area` and `category`, if published.
    pub fn cell(
        &self,
        area: &CellArea,
        category: Option<IncidentCategory>,
    ) -> Option<&PublishedCell> {
        self.cells
            .iter()
            .find(|c| &c.area == area && c.category == category)
    }
}

/// One point of an official series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContextPoint {
    /// Year.
    pub year: i32,
    /// Number recorded.
    pub value: u64,
    /// Per thousand inhabitants, when the source gives it.
    pub rate_per_thousand: Option<f64>,
}

/// An official series shown beside our figures (SSMSI recorded crime, for instance), labelled with its
/// source and licence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContextSeries {
    /// Indicator, as the source names it (`Trafic de stupéfiants`).
    pub indicator: String,
    /// Unit of count (`Mis en cause`).
    pub unit: String,
    /// Territory (`Bouches-du-Rhône (13)`).
    pub territory: String,
    /// Source line shown with it.
    pub source: String,
    /// Its licence.
    pub licence: String,
    /// Yearly points, oldest first.
    pub points: Vec<ContextPoint>,
}

/// A published edition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditionSnapshot {
    /// `2026-03.1` (see [`edition_id`]).
    pub id: String,
    /// The latest month it covers.
    pub period: Month,
    /// 1, then one more per correction of the same period.
    pub version: u32,
    /// When the analyst published it.
    pub published_at: DateTime<Utc>,
    /// The threshold: a cell below it is published as "< k".
    pub k: u32,
    /// Differential-privacy noise, when used: its epsilon per cell.
    pub epsilon: Option<f64>,
    /// The correction it makes, for a correction edition.
    pub changelog: Option<String>,
    /// The edition it corrects.
    pub supersedes: Option<String>,
    /// Every month it covers, oldest first.
    pub months: Vec<MonthRelease>,
    /// Official series shown beside our figures.
    pub context: Vec<ContextSeries>,
}

impl EditionSnapshot {
    /// The release of `month`, if covered.
    pub fn month(&self, month: Month) -> Option<&MonthRelease> {
        self.months.iter().find(|r| r.month == month)
    }

    /// The release of the edition's period.
    pub fn latest(&self) -> Option<&MonthRelease> {
        self.month(self.period)
    }
}
