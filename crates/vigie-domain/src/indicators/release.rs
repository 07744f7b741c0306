//! The published yearly casework figures: city-level, only the people who consented to publication
//! (the caller filters them), every figure through the observatory's disclosure control
//! ([`LinkedTable`]: primary suppression below k in count or people, secondary suppression, the
//! interval audit).
//!
//! The structure is fixed by the codes, never by the data: every figure is always present, with a
//! count or suppressed ("< k"). People are linked by equations (the total is the sum of the roles, of
//! the age bands, of the sexes and of the levels of support), so they are protected together;
//! needs, interviews, referrals and the other counts are published per kind, without a total that
//! would link them.

use serde::{Deserialize, Serialize};

use super::{COUNTED_EVENTS, Indicators, SupportLevel};
use crate::casefile::{AgeBand, PersonRole, Sex};
use crate::help::Need;
use crate::observatory::disclosure::{DisclosureError, LinkedTable, TableLevel, Tally};
use crate::partner::PartnerKind;

/// One published figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// What is counted: `people`, `support_level`, `needs`, `interviews`, `referrals_made`,
    /// `referrals_completed`, `safety_plans`, `court_cases`, `group_sessions`, `group_attendance`.
    pub measure: String,
    /// How: `total`, `role`, `age_band`, `sex`, `level`, `need`, `kind`.
    pub breakdown: String,
    /// The codes of the breakdown, joined by `/` (empty for a total).
    pub key: String,
    /// The count; `None` when suppressed.
    pub count: Option<u64>,
    /// Published as "< k".
    pub suppressed: bool,
}

/// A year's published figures: a release of its own stream, beside the monthly editions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFigures {
    /// The year.
    pub year: i32,
    /// The version of the year's release (1 for the first).
    pub version: u32,
    /// The threshold applied.
    pub k: u32,
    /// Every figure, in a fixed order.
    pub figures: Vec<Figure>,
}

impl YearFigures {
    /// The figure of `measure`, `breakdown` and `key`, if the release has it.
    pub fn get(&self, measure: &str, breakdown: &str, key: &str) -> Option<&Figure> {
        self.figures
            .iter()
            .find(|f| f.measure == measure && f.breakdown == breakdown && f.key == key)
    }
}

/// Figures waiting for their table's protection (the prevention figures' release builds its tables
/// with it too).
pub(crate) struct Builder {
    /// The cells and their equations.
    pub(crate) table: LinkedTable,
    figures: Vec<Figure>,
}

impl Builder {
    /// No figure yet.
    pub(crate) fn new() -> Builder {
        Builder {
            table: LinkedTable::new(),
            figures: Vec::new(),
        }
    }

    /// Adds a figure; returns its cell.
    pub(crate) fn add(
        &mut self,
        measure: &str,
        breakdown: &str,
        key: String,
        t: Tally,
        level: TableLevel,
    ) -> usize {
        self.figures.push(Figure {
            measure: measure.to_owned(),
            breakdown: breakdown.to_owned(),
            key,
            count: Some(t.count),
            suppressed: false,
        });
        self.table.cell(t, level)
    }

    /// One leaf per value of `all` (keyed by its code, counted by `tally`); their cells.
    fn leaves<T: Copy + std::fmt::Display>(
        &mut self,
        measure: &str,
        breakdown: &str,
        all: &[T],
        tally: impl Fn(T) -> Tally,
    ) -> Vec<usize> {
        all.iter()
            .map(|&v| {
                let t = tally(v);
                self.add(measure, breakdown, v.to_string(), t, TableLevel::Leaf)
            })
            .collect()
    }

    /// Protects the table and appends its figures to `out`, the suppressed ones without a count.
    pub(crate) fn finish(self, k: u32, out: &mut Vec<Figure>) -> Result<(), DisclosureError> {
        let flags = self.table.protect(k)?;
        for (mut f, suppressed) in self.figures.into_iter().zip(flags) {
            if suppressed {
                f.count = None;
                f.suppressed = true;
            }
            out.push(f);
        }
        Ok(())
    }
}

/// A count of people (each is one fact and one contributor).
fn people(n: u64) -> Tally {
    Tally {
        count: n,
        contributors: n,
    }
}

/// Releases `ind` (counted over consenting people only) as version `version` of its year under
/// threshold `k`.
pub fn release_year(
    ind: &Indicators,
    k: u32,
    version: u32,
) -> Result<YearFigures, DisclosureError> {
    let mut figures = Vec::new();
    people_table(ind).finish(k, &mut figures)?;
    kinds_table(ind).finish(k, &mut figures)?;
    Ok(YearFigures {
        year: ind.year,
        version,
        k,
        figures,
    })
}

/// People supported: the total and its margins (role, age band, sex, level of support), each the
/// total's sum. The role x age band and role x sex tables stay in the staff's report: a city's year
/// has too few people for them, and their zeros would hide the margins.
fn people_table(ind: &Indicators) -> Builder {
    let mut b = Builder::new();
    let p = &ind.people;
    let total = b.add(
        "people",
        "total",
        String::new(),
        people(p.total),
        TableLevel::Total,
    );
    let roles = b.leaves("people", "role", PersonRole::ALL, |r| people(p.role(r)));
    let ages = b.leaves("people", "age_band", AgeBand::ALL, |a| people(p.age(a)));
    let sexes = b.leaves("people", "sex", Sex::ALL, |s| people(p.sex(s)));
    let levels = b.leaves("support_level", "level", SupportLevel::ALL, |l| {
        people(ind.level(l).total)
    });
    for parts in [&roles, &ages, &sexes, &levels] {
        b.table.equation(total, parts.to_vec());
    }
    b
}

/// Figures published per kind, without a total linking them: needs, interviews, referrals made and
/// completed, safety plans, court cases, group sessions and attendance.
fn kinds_table(ind: &Indicators) -> Builder {
    let leaf = TableLevel::Leaf;
    let mut b = Builder::new();
    b.leaves("needs", "need", Need::ALL, |n| people(ind.need(n).total));
    b.leaves("interviews", "kind", COUNTED_EVENTS, |e| ind.event(e));
    b.leaves("referrals_made", "kind", PartnerKind::ALL, |p| ind.made(p));
    b.leaves("referrals_completed", "kind", PartnerKind::ALL, |p| {
        ind.done(p)
    });
    b.add(
        "safety_plans",
        "total",
        String::new(),
        people(ind.safety_plans.total),
        leaf,
    );
    b.add("court_cases", "total", String::new(), ind.court_cases, leaf);
    b.add(
        "group_sessions",
        "total",
        String::new(),
        ind.group_sessions,
        leaf,
    );
    b.add(
        "group_attendance",
        "total",
        String::new(),
        ind.attendance,
        leaf,
    );
    b
}
