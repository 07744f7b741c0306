//! Impact surveys (`/espace/prevention/questionnaires`, issue 12, item 4), for the prevention
//! coordinators (`ManageWorkshops`): the cycles and their results (`cycles`), the printable slips
//! (`slips`), a programme's statements (`statements`); here, their gates, errors and the results'
//! rows. The pupils' own pages are [`crate::survey`].

pub(super) mod cycles;
pub(super) mod slips;
pub(super) mod statements;

use vigie_app::prevention::ProgrammeResults;
use vigie_domain::prevention::{FormErrors, Problem};
use vigie_domain::survey::{Change, K_MIN_PAIRS, Results, Wave};
use vigie_domain::{CycleId, ProgrammeId};

use super::kit::gate;
use crate::Lang;
use crate::staff::showing::FieldErrors;
use crate::survey::{number, statement_text};

gate!(
    /// The surveys' list and the new cycle form.
    SurveyGate: (), ManageWorkshops, |()| "surveys";
    /// A cycle's forms (print slips, key in a paper slip): a token for one cycle opens no other.
    CycleGate: CycleId, ManageWorkshops, |id| format!("survey_cycle:{id}");
    /// A programme's statements form.
    StatementsGate: ProgrammeId, ManageWorkshops, |id| format!("survey_statements:{id}");
);

/// The address (French) of a page of the surveys (`suffix` empty or starting with `/`).
fn surveys(suffix: &str) -> String {
    format!("/espace/prevention/questionnaires{suffix}")
}

/// A wave, translated.
fn wave_name(lang: Lang, w: Wave) -> String {
    lang.t(&format!("staff-survey-wave-{}", w.as_str()))
}

/// `errors` in `lang`, each beside its field and in the summary; `anchor` gives the id of a field's
/// input.
pub fn field_errors(
    lang: Lang,
    errors: &FormErrors,
    anchor: impl Fn(&str) -> String,
) -> FieldErrors {
    let message = |field: &String, p: &Problem| {
        let key = match (field.as_str(), p) {
            ("closes_on", _) => "staff-survey-error-day",
            ("code", Problem::TooMany) => "staff-survey-error-code-used",
            ("code", _) => "staff-survey-error-code",
            ("slips", _) => "staff-survey-error-slips",
            (f, Problem::Unknown) if f.starts_with("own") => "staff-survey-error-question",
            (_, Problem::TooLong) => "staff-survey-error-too-long",
            (_, Problem::BadNumber) => "survey-error-point",
            (_, Problem::Required) => "staff-survey-error-required",
            _ => "staff-survey-error-unknown",
        };
        lang.t(key)
    };
    FieldErrors::new(
        errors,
        lang.t("staff-prev-errors-intro"),
        message,
        |field, said| (anchor(field), said.to_owned()),
    )
}

/// One statement's row of a results table.
pub struct ResultRow {
    /// The statement.
    pub statement: String,
    /// Pairs before and after (`< k` in a document that leaves the association, under k).
    pub pairs: String,
    /// Before, after, change; or the note that there are too few pairs.
    pub means: Result<[String; 3], String>,
    /// Pairs before and three months later, and their change (or the note).
    pub later: Option<(String, Result<String, String>)>,
}

/// Who reads the results: the coordinators on their pages, who see every count, or the readers
/// of a printed report (a mayor, a funder), who see no count of pairs under k either.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// The staff pages.
    Staff,
    /// The printable report.
    Printed,
}

/// A number of pairs as `readers` see it.
fn pairs_text(readers: Readers, n: u32) -> String {
    if readers == Readers::Printed && n < K_MIN_PAIRS {
        format!("< {K_MIN_PAIRS}")
    } else {
        n.to_string()
    }
}

/// The rows of `results` in `lang` (`later`: show the third wave), for `readers`.
pub fn result_rows(lang: Lang, results: &Results, later: bool, readers: Readers) -> Vec<ResultRow> {
    let too_few = || lang.t_args("staff-survey-too-few", &[("k", K_MIN_PAIRS.to_string())]);
    let shown = |c: &Change| {
        c.means
            .map(|(b, a, d)| {
                [
                    number(lang, b, false),
                    number(lang, a, false),
                    number(lang, d, true),
                ]
            })
            .ok_or_else(too_few)
    };
    results
        .statements
        .iter()
        .map(|s| ResultRow {
            statement: statement_text(lang, &s.statement),
            pairs: pairs_text(readers, s.after.pairs),
            means: shown(&s.after),
            later: later.then(|| {
                let change = shown(&s.later).map(|[_, _, d]| d);
                (pairs_text(readers, s.later.pairs), change)
            }),
        })
        .collect()
}

/// A programme's results as a block of tables (`staff/surveys/results.html`).
pub struct ProgrammeBlock {
    /// The caption: the programme, its cycles and pairs.
    pub caption: String,
    /// Whether a third wave was answered (then its table too).
    pub later: bool,
    /// The table's id.
    pub id: String,
    /// One a statement.
    pub rows: Vec<ResultRow>,
}

/// Each programme's results as blocks, for `readers`.
pub fn programme_blocks(
    lang: Lang,
    results: &[ProgrammeResults],
    readers: Readers,
) -> Vec<ProgrammeBlock> {
    results
        .iter()
        .map(|p| {
            let later = p.results.responses[2] > 0;
            let pairs = p.results.pairs;
            let caption = if readers == Readers::Printed && pairs < K_MIN_PAIRS {
                lang.t_args(
                    "staff-survey-programme-few",
                    &[
                        ("name", p.name.clone()),
                        ("cycles", p.cycles.to_string()),
                        ("k", K_MIN_PAIRS.to_string()),
                    ],
                )
            } else {
                lang.t_args(
                    "staff-survey-programme-counts",
                    &[
                        ("name", p.name.clone()),
                        ("cycles", p.cycles.to_string()),
                        ("pairs", pairs.to_string()),
                    ],
                )
            };
            ProgrammeBlock {
                caption,
                id: format!("programme-{}", p.id),
                later,
                rows: result_rows(lang, &p.results, later, readers),
            }
        })
        .collect()
}
