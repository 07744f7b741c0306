//! Retention: when a report must be deleted, irrecoverably. Two clocks: days since it was closed, and days
//! since anything last happened on it (a report nobody closes must not live forever either).
//!
//! A victim's file ([`FileRetention`]) stays active until some time after the last contact with the
//! person, then goes to a restricted archive until the compensation deadlines of its court cases
//! have run, then is erased irrecoverably.

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

/// The retention of victims' files, in days (configurable under `[casework]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileRetention {
    /// Days after the last contact with the person that a file is archived (default 730: two years).
    pub archive_after_days: u32,
    /// Days an archived file is kept at least, whatever its court cases (default 365).
    pub archive_min_days: u32,
}

impl Default for FileRetention {
    fn default() -> Self {
        Self {
            archive_after_days: 730,
            archive_min_days: 365,
        }
    }
}

/// `day` minus `days`, or the earliest day there is.
fn minus(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_sub_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN)
}

impl FileRetention {
    /// Whether a file last in contact with the person on `last_contact` goes to the archive on
    /// `today`.
    pub fn archive_due(&self, last_contact: NaiveDate, today: NaiveDate) -> bool {
        (today - last_contact).num_days() >= i64::from(self.archive_after_days)
    }

    /// The latest last-contact day whose file is archived on `today` (the job's query:
    /// `last_contact_day <= cutoff` is [`FileRetention::archive_due`]).
    pub fn archive_cutoff(&self, today: NaiveDate) -> NaiveDate {
        minus(today, self.archive_after_days)
    }

    /// Whether a file archived on `archived`, held until `hold_until` (the last day of its latest
    /// compensation deadline, if any), is erased on `today`: once it has been archived for
    /// [`FileRetention::archive_min_days`] and that deadline has run (the day after its last day:
    /// on the last day the person may still file).
    pub fn erase_due(
        &self,
        archived: NaiveDate,
        hold_until: Option<NaiveDate>,
        today: NaiveDate,
    ) -> bool {
        (today - archived).num_days() >= i64::from(self.archive_min_days)
            && hold_until.is_none_or(|h| h < today)
    }

    /// The job's query for [`FileRetention::erase_due`]: files archived on or before the first
    /// day, whose hold is none or before the second (`today`).
    pub fn erase_cutoffs(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        (minus(today, self.archive_min_days), today)
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

    #[test]
    fn a_file_is_archived_two_years_after_the_last_contact_and_erased_once_its_deadlines_ran() {
        let p = FileRetention::default();
        let today = day("2026-12-06");
        assert!(!p.archive_due(day("2024-12-07"), today), "729 days");
        assert!(p.archive_due(day("2024-12-06"), today), "730 days");
        assert_eq!(p.archive_cutoff(today), day("2024-12-06"));
        // Archived a year ago, nothing held: erased.
        assert!(p.erase_due(day("2025-12-06"), None, today));
        assert!(!p.erase_due(day("2025-12-07"), None, today), "364 days");
        // A CIVI deadline whose last day is today still holds the file; tomorrow it has run.
        assert!(!p.erase_due(day("2024-01-01"), Some(today), today));
        assert!(p.erase_due(day("2024-01-01"), Some(day("2026-12-05")), today));
        assert!(!p.erase_due(day("2024-01-01"), Some(day("2030-03-14")), today));
    }

    fn any_day() -> impl proptest::strategy::Strategy<Value = NaiveDate> {
        use proptest::strategy::Strategy;
        (0i64..80_000).prop_map(|n| day("1950-01-01") + chrono::Duration::days(n))
    }

    proptest::proptest! {
        #[test]
        fn the_jobs_queries_say_what_the_policy_says(
            after in 0u32..5000,
            min in 0u32..5000,
            last in any_day(),
            archived in any_day(),
            hold in proptest::option::of(any_day()),
            today in any_day(),
        ) {
            let p = FileRetention { archive_after_days: after, archive_min_days: min };
            proptest::prop_assert_eq!(p.archive_due(last, today), last <= p.archive_cutoff(today));
            let (archived_by, held_before) = p.erase_cutoffs(today);
            proptest::prop_assert_eq!(
                p.erase_due(archived, hold, today),
                archived <= archived_by && hold.is_none_or(|h| h < held_before)
            );
        }

        #[test]
        fn nothing_is_erased_before_its_minimum_nor_while_a_deadline_runs(
            min in 0u32..5000,
            archived in any_day(),
            hold in proptest::option::of(any_day()),
            today in any_day(),
        ) {
            let p = FileRetention { archive_after_days: 730, archive_min_days: min };
            if p.erase_due(archived, hold, today) {
                proptest::prop_assert!((today - archived).num_days() >= i64::from(min));
                proptest::prop_assert!(hold.is_none_or(|h| today > h));
            }
            // Erasure, once due, stays due (the job may run late).
            if p.erase_due(archived, hold, today) {
                proptest::prop_assert!(p.erase_due(archived, hold, today + chrono::Duration::days(1)));
            }
        }
    }
}
