//! A calendar month in Europe/Paris, written `YYYY-MM`: the unit of time of every published figure.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::time::paris_day;

/// A month (`2026-03`). Ordered by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: i32,
    month: u32,
}

/// Why a month string was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("expected a month written YYYY-MM (for example 2026-03)")]
pub struct MonthError;

impl Month {
    /// The month, if `month` is 1..=12 and the year has four digits.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1000..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// The month holding `day`.
    pub fn of_day(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The month in Marseille at instant `at`.
    pub fn of_instant(at: DateTime<Utc>) -> Month {
        Month::of_day(paris_day(at))
    }

    /// Year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Month of the year, 1..=12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Its first day.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// Months from `self` to `last`, both included (empty when `last` is earlier).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        let mut next = Some(self).filter(|m| *m <= last);
        std::iter::from_fn(move || {
            let m = next?;
            next = Some(m.next()).filter(|n| *n <= last);
            Some(m)
        })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A month as typed by hand in a staff form rewritten as [`Month`] reads it: `03/2026`, `3/2026`,
/// `2026-3` -> `2026-03`; anything else unchanged (the validation names it).
pub fn normalize_month(raw: &str) -> String {
    let s = raw.trim();
    let digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    let (year, month) = match (s.split_once('/'), s.split_once('-')) {
        (Some((m, y)), None) if digits(m) && digits(y) && y.len() == 4 => (y, m),
        (None, Some((y, m))) if digits(y) && digits(m) && y.len() == 4 => (y, m),
        _ => return s.to_owned(),
    };
    if month.len() == 1 {
        format!("{year}-0{month}")
    } else {
        format!("{year}-{month}")
    }
}

impl FromStr for Month {
    type Err = MonthError;
    fn from_str(s: &str) -> Result<Month, MonthError> {
        let b = s.as_bytes();
        if b.len() != 7
            || b[4] != b'-'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
        {
            return Err(MonthError);
        }
        let year = s[..4].parse().map_err(|_| MonthError)?;
        let month = s[5..].parse().map_err(|_| MonthError)?;
        Month::new(year, month).ok_or(MonthError)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_typed_by_hand_are_rewritten() {
        assert_eq!(normalize_month("2026-03"), "2026-03");
        assert_eq!(normalize_month(" 2026-3 "), "2026-03");
        assert_eq!(normalize_month("03/2026"), "2026-03");
        assert_eq!(normalize_month("3/2026"), "2026-03");
        assert_eq!(normalize_month("mars"), "mars");
        assert_eq!(normalize_month("26-03"), "26-03");
        assert_eq!(normalize_month(""), "");
    }

    #[test]
    fn parses_and_prints_yyyy_mm() {
        let m: Month = "2026-03".parse().unwrap_or(Month { year: 0, month: 0 });
        assert_eq!(m.to_string(), "2026-03");
        for bad in [
            "2026-3",
            "2026-13",
            "2026-00",
            "26-03",
            "2026/03",
            "２０２６-03",
            "2026-03 ",
            "",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn next_and_previous_cross_years() {
        let dec = Month {
            year: 2025,
            month: 12,
        };
        assert_eq!(dec.next().to_string(), "2026-01");
        assert_eq!(dec.next().previous(), dec);
        let months: Vec<String> = dec
            .through(Month {
                year: 2026,
                month: 2,
            })
            .map(|m| m.to_string())
            .collect();
        assert_eq!(months, ["2025-12", "2026-01", "2026-02"]);
        assert_eq!(dec.next().through(dec).count(), 0);
    }
}
