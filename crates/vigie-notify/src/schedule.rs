//! When digests go out.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Days, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};

use crate::NotifyError;

/// The fixed schedule of the digests, written in the configuration as `"daily 07:00"` (a wall-clock
/// time in Europe/Paris; `"daily"` alone means 07:00) or `"hourly"` (at the top of every hour).
///
/// The default is daily at 07:00. On the day clocks go forward, a time that does not exist
/// (02:00 to 02:59) is moved forward by the jump, as the clocks are (02:30 is sent at 03:30); on
/// the day they go back, a time that happens twice is sent once, the first time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DigestSchedule {
    /// Every day at this wall-clock time in Europe/Paris.
    Daily {
        /// Hour, 0 to 23.
        hour: u8,
        /// Minute, 0 to 59.
        minute: u8,
    },
    /// At the start of every hour.
    Hourly,
}

impl Default for DigestSchedule {
    fn default() -> Self {
        Self::Daily { hour: 7, minute: 0 }
    }
}

impl DigestSchedule {
    /// The first sending time strictly after `now`.
    pub fn next_after(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match *self {
            Self::Hourly => {
                let next_hour = now
                    .timestamp()
                    .div_euclid(3600)
                    .saturating_add(1)
                    .saturating_mul(3600);
                DateTime::from_timestamp(next_hour, 0).unwrap_or(now + TimeDelta::hours(1))
            }
            Self::Daily { hour, minute } => {
                let today = now.with_timezone(&Paris).date_naive();
                // Today's time if still ahead, else tomorrow's; a third day only as a guard.
                (0..3)
                    .filter_map(|d| today.checked_add_days(Days::new(d)))
                    .filter_map(|day| paris_wall_clock(day, hour, minute))
                    .find(|t| *t > now)
                    .unwrap_or(now + TimeDelta::days(1))
            }
        }
    }
}

/// The instant when Paris clocks show `hour:minute` on `day` (see [`DigestSchedule`] for the two
/// days a year when that is not exactly one instant).
fn paris_wall_clock(day: NaiveDate, hour: u8, minute: u8) -> Option<DateTime<Utc>> {
    let local: NaiveDateTime = day.and_hms_opt(u32::from(hour), u32::from(minute), 0)?;
    match Paris.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => {
            // In the gap: read the wall-clock time with the offset in force before the jump, which
            // lands as far past the jump as the time was past its start.
            let before = Paris
                .offset_from_utc_datetime(&local.checked_sub_signed(TimeDelta::days(1))?)
                .fix();
            let utc = local
                .checked_sub_signed(TimeDelta::seconds(i64::from(before.local_minus_utc())))?;
            Some(Utc.from_utc_datetime(&utc))
        }
    }
}

impl FromStr for DigestSchedule {
    type Err = NotifyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            NotifyError::Config(format!(
                "digest schedule {s:?}: expected \"daily HH:MM\" (Europe/Paris time, such as \
                 \"daily 07:00\"), \"daily\" (07:00) or \"hourly\""
            ))
        };
        let words: Vec<String> = s.split_whitespace().map(str::to_ascii_lowercase).collect();
        match words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["hourly"] => Ok(Self::Hourly),
            ["daily"] => Ok(Self::default()),
            ["daily", time] => {
                let (h, m) = time.split_once(':').ok_or_else(bad)?;
                let digits = |x: &str, max: u8| -> Option<u8> {
                    if x.is_empty() || x.len() > 2 || !x.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    x.parse::<u8>().ok().filter(|v| *v <= max)
                };
                if m.len() != 2 {
                    return Err(bad());
                }
                let hour = digits(h, 23).ok_or_else(bad)?;
                let minute = digits(m, 59).ok_or_else(bad)?;
                Ok(Self::Daily { hour, minute })
            }
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for DigestSchedule {
    type Error = NotifyError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Display for DigestSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Daily { hour, minute } => write!(f, "daily {hour:02}:{minute:02}"),
            Self::Hourly => f.write_str("hourly"),
        }
    }
}

impl From<DigestSchedule> for String {
    fn from(s: DigestSchedule) -> Self {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        match DateTime::parse_from_rfc3339(s) {
            Ok(t) => t.with_timezone(&Utc),
            Err(e) => panic!("bad test time {s}: {e}"),
        }
    }

    fn daily(hour: u8, minute: u8) -> DigestSchedule {
        DigestSchedule::Daily { hour, minute }
    }

    #[test]
    fn parses_and_prints() {
        let cases = [
            ("daily 07:00", daily(7, 0)),
            ("daily 7:05", daily(7, 5)),
            ("  Daily   23:59 ", daily(23, 59)),
            ("daily 00:00", daily(0, 0)),
            ("daily", daily(7, 0)),
            ("hourly", DigestSchedule::Hourly),
            ("HOURLY", DigestSchedule::Hourly),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<DigestSchedule>().ok(), Some(want), "{text}");
            assert_eq!(want.to_string().parse::<DigestSchedule>().ok(), Some(want));
        }
        assert_eq!(daily(7, 5).to_string(), "daily 07:05");
        assert_eq!(DigestSchedule::default(), daily(7, 0));
    }

    #[test]
    fn rejects_with_a_clear_message() {
        for bad in [
            "",
            "weekly",
            "daily 24:00",
            "daily 07:60",
            "daily 7",
            "daily 07:0",
            "daily -1:00",
            "daily 07:00 extra",
            "hourly 07:00",
            "daily 007:00",
            "daily +7:00",
            "daily ٧:٠٠",
        ] {
            match bad.parse::<DigestSchedule>() {
                Err(NotifyError::Config(m)) => assert!(m.contains("daily HH:MM"), "{m}"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn serde_is_the_config_string() {
        let s: Result<DigestSchedule, _> = serde_json::from_str("\"daily 06:30\"");
        assert_eq!(s.ok(), Some(daily(6, 30)));
        assert!(serde_json::from_str::<DigestSchedule>("\"daily 25:00\"").is_err());
        assert_eq!(
            serde_json::to_string(&DigestSchedule::Hourly)
                .ok()
                .as_deref(),
            Some("\"hourly\"")
        );
    }

    /// Each `(after, next)`: the first send of `schedule` strictly after `after` is at `next` (UTC).
    fn assert_next(schedule: DigestSchedule, cases: &[(&str, &str)]) {
        for (after, next) in cases {
            assert_eq!(schedule.next_after(utc(after)), utc(next), "after {after}");
        }
    }

    /// From `from`, the next three sends are `sends` (UTC), each found from the one before, and the
    /// first two are `hours` apart (the day of a clock change).
    fn assert_sends_chain(schedule: DigestSchedule, from: &str, sends: [&str; 3], hours: i64) {
        let first = schedule.next_after(utc(from));
        assert_eq!(first, utc(sends[0]));
        let second = schedule.next_after(first);
        assert_eq!(second, utc(sends[1]));
        assert_eq!(second - first, TimeDelta::hours(hours));
        assert_eq!(schedule.next_after(second), utc(sends[2]));
    }

    #[test]
    fn daily_on_an_ordinary_day() {
        assert_next(
            daily(7, 0),
            &[
                // Winter (UTC+1): 07:00 Paris is 06:00 UTC.
                ("2026-01-15T05:59:59Z", "2026-01-15T06:00:00Z"),
                // Strictly after: at the very instant, the next one is tomorrow.
                ("2026-01-15T06:00:00Z", "2026-01-16T06:00:00Z"),
                ("2026-01-15T20:00:00Z", "2026-01-16T06:00:00Z"),
                // Summer (UTC+2): 05:00 UTC.
                ("2026-07-01T04:00:00Z", "2026-07-01T05:00:00Z"),
                // Late evening UTC is already tomorrow in Paris.
                ("2026-07-01T23:30:00Z", "2026-07-02T05:00:00Z"),
                // New year.
                ("2026-12-31T07:00:00Z", "2027-01-01T06:00:00Z"),
            ],
        );
        // Midnight Paris, seen from UTC the day before.
        assert_next(
            daily(0, 0),
            &[("2026-01-15T12:00:00Z", "2026-01-15T23:00:00Z")],
        );
    }

    #[test]
    fn daily_across_the_spring_change_2026_03_29() {
        let s = daily(7, 0);
        // Saturday 28 March, 07:00 CET = 06:00 UTC; Sunday 29 March, 07:00 CEST = 05:00 UTC.
        let sends = [
            "2026-03-28T06:00:00Z",
            "2026-03-29T05:00:00Z",
            "2026-03-30T05:00:00Z",
        ];
        assert_sends_chain(s, "2026-03-27T12:00:00Z", sends, 23);
        // From the night of the change itself, before and after the jump (01:00 UTC).
        assert_next(
            s,
            &[
                ("2026-03-29T00:30:00Z", "2026-03-29T05:00:00Z"),
                ("2026-03-29T01:30:00Z", "2026-03-29T05:00:00Z"),
            ],
        );
        // 02:30 does not exist that day: sent at 03:30 CEST = 01:30 UTC, once.
        assert_next(
            daily(2, 30),
            &[
                ("2026-03-28T12:00:00Z", "2026-03-29T01:30:00Z"),
                ("2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"),
            ],
        );
        // The day before, at noon: 02:00 itself is the jump (sent at 03:00 CEST), 03:00 exists (just
        // after it), 01:59 is before it, still CET.
        for ((hour, minute), next) in [
            ((2, 0), "2026-03-29T01:00:00Z"),
            ((3, 0), "2026-03-29T01:00:00Z"),
            ((1, 59), "2026-03-29T00:59:00Z"),
        ] {
            assert_next(daily(hour, minute), &[("2026-03-28T12:00:00Z", next)]);
        }
    }

    #[test]
    fn daily_across_the_autumn_change_2026_10_25() {
        let s = daily(7, 0);
        // Saturday 24 October, 07:00 CEST = 05:00 UTC; Sunday 25, 07:00 CET = 06:00 UTC.
        let sends = [
            "2026-10-24T05:00:00Z",
            "2026-10-25T06:00:00Z",
            "2026-10-26T06:00:00Z",
        ];
        assert_sends_chain(s, "2026-10-23T12:00:00Z", sends, 25);

        // 02:30 happens twice (00:30 and 01:30 UTC): sent the first time only.
        let twice = daily(2, 30);
        let first = twice.next_after(utc("2026-10-24T12:00:00Z"));
        assert_eq!(first, utc("2026-10-25T00:30:00Z"));
        assert_eq!(twice.next_after(first), utc("2026-10-26T01:30:00Z"));
        // Between the two 02:30s, the next is the following day's.
        assert_next(twice, &[("2026-10-25T01:00:00Z", "2026-10-26T01:30:00Z")]);
    }

    #[test]
    fn a_year_of_daily_sends_is_one_per_paris_day() {
        let s = daily(7, 0);
        let mut t = utc("2026-01-01T00:00:00Z");
        let mut days = Vec::new();
        for _ in 0..365 {
            t = s.next_after(t);
            let local = t.with_timezone(&Paris);
            assert_eq!((local.format("%H:%M").to_string()), "07:00", "{t}");
            days.push(local.date_naive());
        }
        assert_eq!(
            days.first().map(ToString::to_string).as_deref(),
            Some("2026-01-01")
        );
        assert_eq!(
            days.last().map(ToString::to_string).as_deref(),
            Some("2026-12-31")
        );
        assert!(days.windows(2).all(|w| w[0].succ_opt() == Some(w[1])));
    }

    #[test]
    fn hourly() {
        let s = DigestSchedule::Hourly;
        assert_next(
            s,
            &[
                ("2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z"),
                ("2026-05-01T10:59:59Z", "2026-05-01T11:00:00Z"),
                ("2026-12-31T23:15:00Z", "2027-01-01T00:00:00Z"),
                // Before 1970 too.
                ("1969-12-31T23:30:00Z", "1970-01-01T00:00:00Z"),
            ],
        );
        // Across both changes: every hour, on the hour, no gap and no repeat.
        for start in ["2026-03-28T22:00:00Z", "2026-10-24T22:00:00Z"] {
            let mut t = utc(start);
            for _ in 0..8 {
                let next = s.next_after(t);
                assert_eq!(next - t, TimeDelta::hours(1));
                t = next;
            }
        }
    }
}
