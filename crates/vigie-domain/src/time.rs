//! Dates as the association sees them: the day in Marseille (Europe/Paris).
//!
//! Rows about reporters carry only this day, never an exact time (DESIGN.md section 2, item 3).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;

/// The calendar day in Europe/Paris at instant `at`.
pub fn paris_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

/// The day as stored and shown: `YYYY-MM-DD`.
pub fn day_string(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn day_follows_paris_not_utc() {
        // 23:30 UTC on 30 June is 01:30 on 1 July in Paris (summer time, UTC+2).
        let at = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).single();
        assert_eq!(
            at.map(|t| day_string(paris_day(t))).as_deref(),
            Some("2026-07-01")
        );
        // 22:30 UTC on 31 December is 23:30 in Paris (winter time, UTC+1): same day.
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 22, 30, 0).single();
        assert_eq!(
            at.map(|t| day_string(paris_day(t))).as_deref(),
            Some("2026-12-31")
        );
    }
}
