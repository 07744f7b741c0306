//! The impact surveys' results in the published prevention figures (issue 12, items 4 and 7): for a
//! period, the slips answered before and after (pairs), and for each statement its pairs and the
//! mean paired change (before to after, and before to three months later when that wave was asked),
//! counted over the survey cycles that closed in the period (an answer carries no date: its cycle's
//! closing day places it).
//!
//! The results come from the one aggregation the staff pages use ([`results`]), and go through
//! the observatory's disclosure control ([`LinkedTable`]: a figure below k is suppressed), with
//! two rules more, because a mean is not a count:
//!
//! - **No class, no pupil.** A statement's figure is published only when its pairs reach k (the
//!   instance's, and never under the staff pages' [`K_MIN_PAIRS`]) *and* at least k of them come
//!   from outside the structure that gave the most: a figure made by one school's class would be
//!   that class's result, and a class is known to its teachers and pupils.
//! - **No free text but the programmes' own statements.** The standard statements are published
//!   by their code (every page translates them), always all of them, each with its values or
//!   suppressed. A programme's own wording is published only when every cycle that asked it still
//!   finds it among its programme's configured statements (the coordinators' wording, not a
//!   pupil's), when it does not look like it names someone ([`looks_like_name`]), and when its
//!   figure is not suppressed; otherwise it is left out.
//!
//! The published figures are a field of the release's snapshot ([`super::PreventionFigures`]):
//! releases published before it decode without it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::StructureId;
use crate::coordination::looks_like_name;
use crate::observatory::disclosure::{DisclosureError, LinkedTable, TableLevel, Tally};
use crate::survey::{
    Change, K_MIN_PAIRS, Response, Results, StandardStatement, Statement, results,
};

/// A mean rounded to a tenth of a point, published as a decimal number (`0.8`, `-0.3`): the
/// precision the staff pages show, and no more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tenths(pub i32);

impl Tenths {
    /// `x` rounded to the nearest tenth.
    pub fn of(x: f64) -> Tenths {
        Tenths((x * 10.0).round() as i32)
    }

    /// As a number.
    pub fn value(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl Serialize for Tenths {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.value())
    }
}

impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let x = f64::deserialize(d)?;
        if x.is_finite() && x.abs() <= 4.0 {
            Ok(Tenths::of(x))
        } else {
            Err(serde::de::Error::custom(
                "a mean change lies between -4 and 4",
            ))
        }
    }
}

/// One statement's published results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyStatement {
    /// A standard statement's code (`know_risks`), or `own` for a programme's own wording.
    pub statement: String,
    /// A programme's own wording, as its programme configures it; none for a standard statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Before, then after.
    pub after: PairedChange,
    /// Before, then three months later; none when no cycle of the period asked that wave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub later: Option<PairedChange>,
}

/// A paired change as published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedChange {
    /// Pairs: slips whose two codes both answered the statement; `None` when suppressed.
    pub pairs: Option<u64>,
    /// The mean change (later minus before, on the 1 to 5 scale); `None` when suppressed.
    pub change: Option<Tenths>,
    /// Published as "< k".
    pub suppressed: bool,
}

/// A period's published survey results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyFigures {
    /// The threshold applied to them: the release's k, never under [`K_MIN_PAIRS`].
    pub k: u32,
    /// Slips answered before and after, whatever the statements; `None` when suppressed.
    pub pairs: Option<u64>,
    /// Whether `pairs` is published as "< k".
    pub suppressed: bool,
    /// Every standard statement in its order, then the programmes' own wording published.
    pub statements: Vec<SurveyStatement>,
}

impl SurveyFigures {
    /// Whether any statement's change is published.
    pub fn any_change(&self) -> bool {
        self.statements.iter().any(|s| s.after.change.is_some())
    }
}

/// One cycle, as the published results see it.
#[derive(Clone, Copy, Debug)]
pub struct SurveyPart<'a> {
    /// Where it was answered.
    pub structure: StructureId,
    /// Its statements, in order.
    pub statements: &'a [Statement],
    /// Its answered codes.
    pub responses: &'a [Response],
    /// The statements its programme configures now: its own wording is published only when still
    /// among them.
    pub configured: &'a [Statement],
    /// Its slips carry a third code.
    pub later: bool,
}

/// A cycle's statements and its answered codes, as [`results`] takes them.
type Asked<'a> = (&'a [Statement], &'a [Response]);

/// The pairs of `statement` in `r` after (`false`) or three months later (`true`).
fn change_of<'a>(r: &'a Results, statement: &Statement, later: bool) -> Option<&'a Change> {
    let s = r.statements.iter().find(|s| s.statement == *statement)?;
    Some(if later { &s.later } else { &s.after })
}

/// A statement's figures before their protection: after and three months later, each its change
/// over every cycle and its pairs outside the structure that gave the most.
struct Candidate {
    statement: Statement,
    after: (Change, u64),
    later: (Change, u64),
}

/// `statement`'s change over every cycle (`all`), and how many of its pairs come from outside the
/// structure that gave the most (`places`: each structure's results).
fn spread(statement: &Statement, later: bool, all: &Results, places: &[Results]) -> (Change, u64) {
    let c = change_of(all, statement, later).copied().unwrap_or(Change {
        pairs: 0,
        means: None,
    });
    let largest = places
        .iter()
        .filter_map(|r| change_of(r, statement, later).map(|c| c.pairs))
        .max()
        .unwrap_or(0);
    (c, u64::from(c.pairs - largest.min(c.pairs)))
}

/// The published survey results of `parts` (the cycles closed in the period) under the release's
/// threshold `k` (raised to [`K_MIN_PAIRS`]).
pub fn release_surveys(parts: &[SurveyPart<'_>], k: u32) -> Result<SurveyFigures, DisclosureError> {
    let k = k.max(K_MIN_PAIRS);
    let whole: Vec<Asked<'_>> = parts.iter().map(|p| (p.statements, p.responses)).collect();
    let all = results(&whole);
    // The same aggregation per structure, for the rule on the largest one.
    let mut by_place: BTreeMap<StructureId, Vec<Asked<'_>>> = BTreeMap::new();
    for p in parts {
        (by_place.entry(p.structure).or_default()).push((p.statements, p.responses));
    }
    let places: Vec<Results> = by_place.values().map(|v| results(v)).collect();
    let any_later = parts.iter().any(|p| p.later);

    let mut statements: Vec<Statement> = StandardStatement::ALL
        .iter()
        .map(|s| Statement::Standard(*s))
        .collect();
    statements.extend(
        all.statements
            .iter()
            .map(|s| &s.statement)
            .filter(|s| matches!(s, Statement::Own(_)) && publishable_text(s, parts))
            .cloned(),
    );
    let candidates: Vec<Candidate> = statements
        .into_iter()
        .map(|s| Candidate {
            after: spread(&s, false, &all, &places),
            later: spread(&s, true, &all, &places),
            statement: s,
        })
        .collect();

    // One table: the slips paired, then each statement's pairs after and three months later. No
    // equation links them (a slip answers several statements), so only small cells go.
    let mut table = LinkedTable::new();
    let pupils = |n: u32| Tally {
        count: u64::from(n),
        contributors: u64::from(n),
    };
    table.cell(pupils(all.pairs), TableLevel::Total);
    for c in &candidates {
        table.cell(pupils(c.after.0.pairs), TableLevel::Leaf);
        table.cell(pupils(c.later.0.pairs), TableLevel::Leaf);
    }
    let flags = table.protect(k)?;
    let flag = |i: usize| flags.get(i).copied().unwrap_or(true);
    let published = |(c, outside): &(Change, u64), suppressed: bool| {
        let suppressed = suppressed || *outside < u64::from(k) || c.means.is_none();
        PairedChange {
            pairs: (!suppressed).then_some(u64::from(c.pairs)),
            change: c
                .means
                .filter(|_| !suppressed)
                .map(|(_, _, d)| Tenths::of(d)),
            suppressed,
        }
    };
    let mut out = SurveyFigures {
        k,
        pairs: (!flag(0)).then_some(u64::from(all.pairs)),
        suppressed: flag(0),
        statements: Vec::new(),
    };
    for (i, c) in candidates.iter().enumerate() {
        let after = published(&c.after, flag(1 + 2 * i));
        let later = published(&c.later, flag(2 + 2 * i));
        let (code, text) = match &c.statement {
            Statement::Standard(s) => (s.as_str().to_owned(), None),
            // A programme's own wording whose figure is suppressed is left out: its text tells
            // nothing the figure does not, and a suppressed line would only show it.
            Statement::Own(_) if after.suppressed => continue,
            Statement::Own(t) => ("own".to_owned(), Some(t.clone())),
        };
        out.statements.push(SurveyStatement {
            statement: code,
            text,
            after,
            later: any_later.then_some(later),
        });
    }
    Ok(out)
}

/// Whether `statement`'s wording may be published: every part that asked it still finds it among
/// its programme's configured statements, and it does not look like it names someone.
fn publishable_text(statement: &Statement, parts: &[SurveyPart<'_>]) -> bool {
    let Statement::Own(text) = statement else {
        return true;
    };
    looks_like_name(text).is_none()
        && parts
            .iter()
            .filter(|p| p.statements.contains(statement))
            .all(|p| p.configured.contains(statement))
}

#[cfg(test)]
#[allow(clippy::panic)]
#[path = "survey_release_tests.rs"]
mod tests;
