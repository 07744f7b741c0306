//! The published prevention figures (issue 12, item 7): young people reached, sessions delivered and
//! structures covered, for a quarter or a year, by arrondissement and age band, through the
//! observatory's disclosure control ([`LinkedTable`]: primary suppression below k, secondary
//! suppression, the interval audit). A release stream of its own beside the monthly incident
//! editions and the yearly casework figures.
//!
//! The structure is fixed by the codes (every arrondissement of the area list, every young age band),
//! never by the data: every figure is present, with a count or suppressed. Three tables, each linked
//! by its equations: young people (city total = sum of arrondissements = sum of age bands, each
//! arrondissement = sum of its bands, each band = sum of its arrondissements), sessions (total = sum
//! of arrondissements) and structures (total = sum of arrondissements = in QPV + outside).
//!
//! A period is released once. A year and one of its quarters are never both released: the year's
//! figures minus three published quarters would give the fourth quarter's suppressed cells.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::reach::{Reach, YOUNG_BANDS};
use super::survey_release::SurveyFigures;
use crate::indicators::release::{Builder, Figure};
use crate::observatory::disclosure::{DisclosureError, TableLevel, Tally};

/// A period the figures cover: a year or one of its quarters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// A quarter of a year (1 to 4).
    Quarter(i32, u8),
}

/// A text that is not a period (`2025` or `2025-Q3`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a period (2025 or 2025-Q3)")]
pub struct BadPeriod;

impl Period {
    /// Its year.
    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Quarter(y, _) => y,
        }
    }

    /// Its first and last days.
    pub fn days(self) -> Option<(NaiveDate, NaiveDate)> {
        let (y, first_month, months) = match self {
            Period::Year(y) => (y, 1, 12),
            Period::Quarter(y, q) => (y, u32::from(q) * 3 - 2, 3),
        };
        let first = NaiveDate::from_ymd_opt(y, first_month, 1)?;
        let next = first.checked_add_months(chrono::Months::new(months))?;
        Some((first, next.pred_opt()?))
    }

    /// Whether releasing `self` beside `other` would let one be subtracted from the other: the same
    /// period, or a year and one of its quarters.
    pub fn overlaps(self, other: Period) -> bool {
        match (self, other) {
            (Period::Year(a), b) | (b, Period::Year(a)) => b.year() == a,
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

impl FromStr for Period {
    type Err = BadPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let year = |y: &str| {
            (y.len() == 4)
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| crate::indicators::YEARS.contains(y))
        };
        match s.split_once(['-', ' ']) {
            None => year(s).map(Period::Year).ok_or(BadPeriod),
            Some((y, q)) => {
                let q = q
                    .strip_prefix(['Q', 'q', 'T', 't'])
                    .and_then(|q| q.parse::<u8>().ok())
                    .filter(|q| (1..=4).contains(q));
                year(y)
                    .zip(q)
                    .map(|(y, q)| Period::Quarter(y, q))
                    .ok_or(BadPeriod)
            }
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A period's published prevention figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventionFigures {
    /// The period.
    pub period: Period,
    /// The version of the period's release (1 for the first).
    pub version: u32,
    /// The threshold applied.
    pub k: u32,
    /// Every figure, in a fixed order: `young_people` (`total`, `district`, `age_band`,
    /// `district_age_band`), `sessions` (`total`, `district`), `structures` (`total`, `district`,
    /// `qpv`).
    pub figures: Vec<Figure>,
    /// The impact surveys' results ([`SurveyFigures`]); releases published before they
    /// were added have none, and still decode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surveys: Option<SurveyFigures>,
}

impl PreventionFigures {
    /// The figure of `measure`, `breakdown` and `key`, if the release has it.
    pub fn get(&self, measure: &str, breakdown: &str, key: &str) -> Option<&Figure> {
        self.figures
            .iter()
            .find(|f| f.measure == measure && f.breakdown == breakdown && f.key == key)
    }

    /// The published value of a figure: `Some(None)` when suppressed, `None` when absent.
    pub fn value(&self, measure: &str, breakdown: &str, key: &str) -> Option<Option<u64>> {
        self.get(measure, breakdown, key)
            .map(|f| if f.suppressed { None } else { f.count })
    }

    /// The young people reached in the whole city, `None` when suppressed.
    pub fn young_people(&self) -> Option<u64> {
        self.value("young_people", "total", "").flatten()
    }
}

/// A count of people, sessions or structures (each one fact and one contributor).
fn units(n: u32) -> Tally {
    Tally {
        count: u64::from(n),
        contributors: u64::from(n),
    }
}

/// Releases `reach` (the period's figures) as version `version` of `period` under threshold `k`,
/// over the arrondissements `districts` (the area list's codes, in its order); without the surveys'
/// results, which the caller adds ([`super::release_surveys`]).
pub fn release_period(
    reach: &Reach,
    districts: &[String],
    (period, version, k): (Period, u32, u32),
) -> Result<PreventionFigures, DisclosureError> {
    let mut figures = Vec::new();
    young_table(reach, districts).finish(k, &mut figures)?;
    sessions_table(reach, districts).finish(k, &mut figures)?;
    structures_table(reach, districts).finish(k, &mut figures)?;
    Ok(PreventionFigures {
        period,
        version,
        k,
        figures,
        surveys: None,
    })
}

/// Young people: the city total, by arrondissement, by age band, by arrondissement and age band.
fn young_table(reach: &Reach, districts: &[String]) -> Builder {
    let mut b = Builder::new();
    let young = "young_people";
    let of = |d: &str| reach.districts.get(d);
    let total = b.add(
        young,
        "total",
        String::new(),
        units(reach.reached.young()),
        TableLevel::Total,
    );
    let by_district: Vec<usize> = districts
        .iter()
        .map(|d| {
            let n = of(d).map_or(0, |x| x.reached.young());
            b.add(young, "district", d.clone(), units(n), TableLevel::Margin)
        })
        .collect();
    let by_band: Vec<usize> = YOUNG_BANDS
        .iter()
        .map(|band| {
            let n = reach.reached.band(*band);
            let key = band.as_str().to_owned();
            b.add(young, "age_band", key, units(n), TableLevel::Margin)
        })
        .collect();
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); YOUNG_BANDS.len()];
    for (d, district_cell) in districts.iter().zip(&by_district) {
        let row: Vec<usize> = YOUNG_BANDS
            .iter()
            .map(|band| {
                let n = of(d).map_or(0, |x| x.reached.band(*band));
                let key = format!("{d}/{}", band.as_str());
                b.add(young, "district_age_band", key, units(n), TableLevel::Leaf)
            })
            .collect();
        for (column, cell) in columns.iter_mut().zip(&row) {
            column.push(*cell);
        }
        b.table.equation(*district_cell, row);
    }
    for (band_cell, column) in by_band.iter().zip(columns) {
        b.table.equation(*band_cell, column);
    }
    b.table.equation(total, by_district);
    b.table.equation(total, by_band);
    b
}

/// Sessions delivered: the total and by arrondissement.
fn sessions_table(reach: &Reach, districts: &[String]) -> Builder {
    let mut b = Builder::new();
    let total = b.add(
        "sessions",
        "total",
        String::new(),
        units(reach.delivered),
        TableLevel::Total,
    );
    let parts = districts
        .iter()
        .map(|d| {
            let n = reach.districts.get(d).map_or(0, |x| x.sessions);
            b.add(
                "sessions",
                "district",
                d.clone(),
                units(n),
                TableLevel::Leaf,
            )
        })
        .collect();
    b.table.equation(total, parts);
    b
}

/// Structures covered: the total, by arrondissement, in priority neighbourhoods or not.
fn structures_table(reach: &Reach, districts: &[String]) -> Builder {
    let mut b = Builder::new();
    let s = "structures";
    let total = b.add(
        s,
        "total",
        String::new(),
        units(reach.structures),
        TableLevel::Total,
    );
    let parts = districts
        .iter()
        .map(|d| {
            let n = reach.districts.get(d).map_or(0, |x| x.structures);
            b.add(s, "district", d.clone(), units(n), TableLevel::Leaf)
        })
        .collect();
    b.table.equation(total, parts);
    let qpv = reach.qpv_structures;
    let split = vec![
        b.add(s, "qpv", "yes".into(), units(qpv), TableLevel::Leaf),
        b.add(
            s,
            "qpv",
            "no".into(),
            units(reach.structures - qpv),
            TableLevel::Leaf,
        ),
    ];
    b.table.equation(total, split);
    b
}

#[cfg(test)]
#[allow(clippy::panic)]
#[path = "release_tests.rs"]
mod tests;
