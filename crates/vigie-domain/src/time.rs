//! Dates as the association sees them: the day in Marseille (Europe/Paris).
//!
//! Rows about reporters carry only this day, never an exact time (DESIGN.md section 2, item 3).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;

/// The calendar day in Europe/Paris at instant `at`.
pub fn paris_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

/// Midnight at the start of `at`'s day in Europe/Paris, as a Unix time: the only time vigie gives to
/// the files it writes (a file's modification time must not date a reporter's action).
///
/// Midnight exists on every day in Paris (the clocks change at 02:00 or 03:00), so this is exact.
pub fn paris_midnight_unix(at: DateTime<Utc>) -> i64 {
    use chrono::TimeZone;
    let day = paris_day(at);
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match Paris.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.timestamp(),
        // Not possible in Europe/Paris; fall back to the UTC reading rather than the exact time.
        chrono::LocalResult::None => midnight.and_utc().timestamp(),
    }
}

/// The day as stored and shown: `YYYY-MM-DD`.
pub fn day_string(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The first instant of a `YYYY-MM-DD` day in Europe/Paris, as Unix seconds; `None` if the text is not
/// a day. A day that starts in a daylight-saving gap starts at the gap's end.
pub fn day_start_unix(day: &str) -> Option<i64> {
    use chrono::TimeZone;
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let midnight = date.and_hms_opt(0, 0, 0)?;
    let local = Paris
        .from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            Paris
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })?;
    Some(local.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midnight_is_the_start_of_the_paris_day_in_summer_and_winter() {
        let at = |y, mo, d, h, mi| Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single();
        // 23:30 UTC on 30 June is 01:30 on 1 July in Paris: midnight of 1 July is 22:00 UTC.
        assert_eq!(
            at(2026, 6, 30, 23, 30).map(paris_midnight_unix),
            at(2026, 6, 30, 22, 0).map(|t| t.timestamp())
        );
        // 22:30 UTC on 31 December is 23:30 in Paris: its midnight is 23:00 UTC the day before.
        assert_eq!(
            at(2026, 12, 31, 22, 30).map(paris_midnight_unix),
            at(2026, 12, 30, 23, 0).map(|t| t.timestamp())
        );
    }
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

    #[test]
    fn a_day_starts_at_paris_midnight() {
        // 2026-07-01 00:00 in Paris is 2026-06-30 22:00 UTC.
        let expected = Utc
            .with_ymd_and_hms(2026, 6, 30, 22, 0, 0)
            .single()
            .map(|t| t.timestamp());
        assert_eq!(day_start_unix("2026-07-01"), expected);
        assert_eq!(day_start_unix("2026-13-01"), None);
        assert_eq!(day_start_unix("yesterday"), None);
    }
}
