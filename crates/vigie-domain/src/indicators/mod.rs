//! Casework indicators (issue 11, item 12): what a year of support amounts to — people supported by
//! role, "aidées" (one interview) and "accompagnées" (several), interviews and accompaniments by
//! type, needs, referrals made and completed by kind of partner, safety plans, court cases, support
//! group sessions and attendance — by age band and sex where it makes sense.
//!
//! The application opens the files in a caseworker's request and hands over each one's facts
//! ([`FileFacts`]); this module only counts. The unit is the person's file: a person is counted once
//! a year whatever the number of their interviews, needs or sessions. What may be published goes
//! through the observatory's disclosure control ([`release`]).

pub mod release;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::casefile::{AgeBand, Assessment, Event, EventKind, PersonRole, Sex};
use crate::help::Need;
use crate::observatory::disclosure::Tally;
use crate::partner::PartnerKind;

pub use release::{Figure, YearFigures, release_year};

/// The first and last year a report or a release may be asked for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

code_enum!(
    /// How much support a person had in the year, from their interviews.
    SupportLevel {
        /// Aidée: one interview in the year.
        Helped => "aidee",
        /// Accompagnée: several interviews in the year.
        Accompanied => "accompagnee",
        /// Followed without an interview in the year (referrals, groups, court).
        NoInterview => "sans_entretien",
    }
);

impl SupportLevel {
    /// The level that `interviews` in the year give.
    pub fn of(interviews: usize) -> SupportLevel {
        match interviews {
            0 => SupportLevel::NoInterview,
            1 => SupportLevel::Helped,
            _ => SupportLevel::Accompanied,
        }
    }
}

/// The timeline entries counted as interviews and accompaniments (a referral and a group session
/// are counted as such, below).
pub const COUNTED_EVENTS: &[EventKind] = &[
    EventKind::PhoneInterview,
    EventKind::Interview,
    EventKind::HomeVisit,
    EventKind::Court,
    EventKind::Hospital,
    EventKind::Police,
];

/// A referral as the indicators see it (all clear columns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralFacts {
    /// The kind of partner.
    pub kind: PartnerKind,
    /// The day it was proposed.
    pub proposed: NaiveDate,
    /// The day the partner finished it (done), if so.
    pub done: Option<NaiveDate>,
}

/// One file's facts, opened in the caseworker's request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFacts {
    /// The person's role.
    pub role: PersonRole,
    /// Age band.
    pub age_band: AgeBand,
    /// Sex.
    pub sex: Sex,
    /// The person consented to be counted in published statistics (the clear flag).
    pub consent_statistics: bool,
    /// The day the file was opened.
    pub opened: NaiveDate,
    /// The day it was closed, if it is.
    pub closed: Option<NaiveDate>,
    /// The timeline.
    pub events: Vec<Event>,
    /// The assessments.
    pub assessments: Vec<Assessment>,
    /// How many court cases the file follows (newest version of each).
    pub court_cases: u64,
    /// Its referrals.
    pub referrals: Vec<ReferralFacts>,
    /// The support group sessions the person came to: an id (any stable number) and the day.
    pub sessions: Vec<(u128, NaiveDate)>,
}

impl FileFacts {
    /// Whether the file was open at some point of `year`.
    pub fn supported_in(&self, year: i32) -> bool {
        self.opened.year() <= year && self.closed.is_none_or(|c| c.year() >= year)
    }

    /// Interviews (by phone, in person, home visits) in `year`.
    pub fn interviews_in(&self, year: i32) -> usize {
        self.events
            .iter()
            .filter(|e| e.day.year() == year && e.kind.is_interview())
            .count()
    }
}

/// People counted once each, in all and by role, age band and sex.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Everyone.
    pub total: u64,
    /// By role.
    pub by_role: BTreeMap<PersonRole, u64>,
    /// By age band.
    pub by_age: BTreeMap<AgeBand, u64>,
    /// By sex.
    pub by_sex: BTreeMap<Sex, u64>,
}

impl Breakdown {
    /// Counts one person.
    pub fn add(&mut self, f: &FileFacts) {
        self.total += 1;
        *self.by_role.entry(f.role).or_default() += 1;
        *self.by_age.entry(f.age_band).or_default() += 1;
        *self.by_sex.entry(f.sex).or_default() += 1;
    }

    /// People of role `r`.
    pub fn role(&self, r: PersonRole) -> u64 {
        self.by_role.get(&r).copied().unwrap_or(0)
    }

    /// People of age band `a`.
    pub fn age(&self, a: AgeBand) -> u64 {
        self.by_age.get(&a).copied().unwrap_or(0)
    }

    /// People of sex `s`.
    pub fn sex(&self, s: Sex) -> u64 {
        self.by_sex.get(&s).copied().unwrap_or(0)
    }
}

/// A count of facts (`count`: interviews, referrals, sessions) and of the people behind them
/// (`contributors`, each once).
pub type Facts = Tally;

/// Counts facts, each person once among the contributors.
#[derive(Clone, Debug, Default)]
struct FactCounter {
    count: u64,
    people: BTreeSet<usize>,
}

impl FactCounter {
    fn add(&mut self, person: usize, n: u64) {
        if n > 0 {
            self.count += n;
            self.people.insert(person);
        }
    }

    fn tally(&self) -> Facts {
        Tally {
            count: self.count,
            contributors: self.people.len() as u64,
        }
    }
}

/// A year's indicators.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicators {
    /// The year.
    pub year: i32,
    /// People supported (a file open at some point of the year).
    pub people: Breakdown,
    /// People by role and age band.
    pub role_age: BTreeMap<(PersonRole, AgeBand), u64>,
    /// People by role and sex.
    pub role_sex: BTreeMap<(PersonRole, Sex), u64>,
    /// People by level of support.
    pub levels: BTreeMap<SupportLevel, Breakdown>,
    /// Interviews and accompaniments by type ([`COUNTED_EVENTS`]), and the people they were with.
    pub events: BTreeMap<EventKind, Facts>,
    /// People by need (from the year's assessments; a person with two needs is in both).
    pub needs: BTreeMap<Need, Breakdown>,
    /// Referrals proposed in the year, by kind of partner.
    pub referrals_made: BTreeMap<PartnerKind, Facts>,
    /// Referrals the partner finished in the year, by kind of partner.
    pub referrals_done: BTreeMap<PartnerKind, Facts>,
    /// People with a safety plan agreed in the year.
    pub safety_plans: Breakdown,
    /// Court cases followed for the people supported, and those people.
    pub court_cases: Facts,
    /// Support group sessions held in the year that the people counted came to.
    pub group_sessions: Facts,
    /// Attendances at those sessions (one person at one session), and the people who came.
    pub attendance: Facts,
    /// People who came to at least one session, by role, age band and sex.
    pub group_people: Breakdown,
}

impl Indicators {
    /// People by role and age band.
    pub fn role_age(&self, r: PersonRole, a: AgeBand) -> u64 {
        self.role_age.get(&(r, a)).copied().unwrap_or(0)
    }

    /// People by role and sex.
    pub fn role_sex(&self, r: PersonRole, s: Sex) -> u64 {
        self.role_sex.get(&(r, s)).copied().unwrap_or(0)
    }

    /// People at a level of support.
    pub fn level(&self, l: SupportLevel) -> Breakdown {
        self.levels.get(&l).cloned().unwrap_or_default()
    }

    /// People with a need.
    pub fn need(&self, n: Need) -> Breakdown {
        self.needs.get(&n).cloned().unwrap_or_default()
    }

    /// Events of a kind.
    pub fn event(&self, k: EventKind) -> Facts {
        self.events.get(&k).copied().unwrap_or_default()
    }

    /// Referrals made to a kind of partner.
    pub fn made(&self, k: PartnerKind) -> Facts {
        self.referrals_made.get(&k).copied().unwrap_or_default()
    }

    /// Referrals to a kind of partner completed.
    pub fn done(&self, k: PartnerKind) -> Facts {
        self.referrals_done.get(&k).copied().unwrap_or_default()
    }
}

/// Counts `year` over `files`: every file open at some point of the year, once.
pub fn count_year<'a>(year: i32, files: impl IntoIterator<Item = &'a FileFacts>) -> Indicators {
    let mut out = Indicators {
        year,
        ..Indicators::default()
    };
    let mut events: BTreeMap<EventKind, FactCounter> = BTreeMap::new();
    let mut made: BTreeMap<PartnerKind, FactCounter> = BTreeMap::new();
    let mut done: BTreeMap<PartnerKind, FactCounter> = BTreeMap::new();
    let (mut court, mut attendance) = (FactCounter::default(), FactCounter::default());
    let mut sessions: BTreeSet<u128> = BTreeSet::new();
    let mut session_people: BTreeSet<usize> = BTreeSet::new();
    for (person, f) in files
        .into_iter()
        .filter(|f| f.supported_in(year))
        .enumerate()
    {
        out.people.add(f);
        *out.role_age.entry((f.role, f.age_band)).or_default() += 1;
        *out.role_sex.entry((f.role, f.sex)).or_default() += 1;
        out.levels
            .entry(SupportLevel::of(f.interviews_in(year)))
            .or_default()
            .add(f);
        for e in f.events.iter().filter(|e| e.day.year() == year) {
            if COUNTED_EVENTS.contains(&e.kind) {
                events.entry(e.kind).or_default().add(person, 1);
            }
        }
        let assessed: Vec<&Assessment> = f
            .assessments
            .iter()
            .filter(|a| a.day.year() == year)
            .collect();
        let needs: BTreeSet<Need> = assessed
            .iter()
            .flat_map(|a| a.needs.iter().copied())
            .collect();
        for n in needs {
            out.needs.entry(n).or_default().add(f);
        }
        if assessed.iter().any(|a| !a.safety_plan.trim().is_empty()) {
            out.safety_plans.add(f);
        }
        for r in &f.referrals {
            if r.proposed.year() == year {
                made.entry(r.kind).or_default().add(person, 1);
            }
            if r.done.is_some_and(|d| d.year() == year) {
                done.entry(r.kind).or_default().add(person, 1);
            }
        }
        court.add(person, f.court_cases);
        let came: BTreeSet<u128> = f
            .sessions
            .iter()
            .filter(|(_, d)| d.year() == year)
            .map(|(s, _)| *s)
            .collect();
        if !came.is_empty() {
            attendance.add(person, came.len() as u64);
            session_people.insert(person);
            out.group_people.add(f);
            sessions.extend(came);
        }
    }
    out.events = tallies(events);
    out.referrals_made = tallies(made);
    out.referrals_done = tallies(done);
    out.court_cases = court.tally();
    out.attendance = attendance.tally();
    out.group_sessions = Tally {
        count: sessions.len() as u64,
        contributors: session_people.len() as u64,
    };
    out
}

/// Each counter's tally.
fn tallies<K: Ord>(m: BTreeMap<K, FactCounter>) -> BTreeMap<K, Facts> {
    m.into_iter().map(|(k, c)| (k, c.tally())).collect()
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests;
