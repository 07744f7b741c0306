//! Retention: when a report must be deleted, irrecoverably. Two clocks: days since it was closed, and days
//! since anything last happened on it (a report nobody closes must not live forever either).

use chrono::NaiveDate;

/// The retention periods, in days (configurable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Days a closed report is kept after its closure.
    pub after_closure_days: u32,
    /// Days any report is kept after its last activity (a message, a note, a status change).
    pub after_last_activity_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            after_closure_days: 90,
            after_last_activity_days: 365,
        }
    }
}

impl RetentionPolicy {
    /// Whether a report closed on `closed` (if it is), last active on `last_activity`, is due for
    /// deletion on `today`. Days are Europe/Paris days, as stored.
    pub fn expired(
        &self,
        closed: Option<NaiveDate>,
        last_activity: NaiveDate,
        today: NaiveDate,
    ) -> bool {
        let since = |day: NaiveDate| (today - day).num_days();
        closed.is_some_and(|c| since(c) >= i64::from(self.after_closure_days))
            || since(last_activity) >= i64::from(self.after_last_activity_days)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn both_clocks() {
        let p = RetentionPolicy::default();
        let today = day("2026-11-21");
        assert!(
            !p.expired(Some(day("2026-08-24")), day("2026-08-24"), today),
            "89 days after closure"
        );
        assert!(
            p.expired(Some(day("2026-08-23")), day("2026-11-01"), today),
            "90 days after closure"
        );
        assert!(
            !p.expired(None, day("2025-11-22"), today),
            "open, active 364 days ago"
        );
        assert!(
            p.expired(None, day("2025-11-21"), today),
            "open, idle for a year"
        );
        let strict = RetentionPolicy {
            after_closure_days: 0,
            after_last_activity_days: 30,
        };
        assert!(
            strict.expired(Some(today), today, today),
            "0 days: deleted the day it closes"
        );
    }
}
