//! Impact surveys (`/espace/prevention/questionnaires`, issue 12, item 4), for the prevention
//! coordinators (`ManageWorkshops`): the cycles and their results (`cycles`), the printable slips
//! (`slips`), a programme's statements (`statements`); here, their gates, errors and the results'
//! rows. The pupils' own pages are [`crate::survey`].

pub(super) mod cycles;
pub(super) mod slips;
pub(super) mod statements;

use vigie_domain::prevention::{FormErrors, Problem};
use vigie_domain::survey::{Change, Results, Wave};
use vigie_domain::{CycleId, ProgrammeId};

use super::kit::gate;
use crate::Lang;
use crate::staff::showing::FieldErrors;
use crate::survey::statement_text;

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

/// A mean as shown (one decimal, the language's decimal mark), `signed` with its sign.
fn number(lang: Lang, x: f64, signed: bool) -> String {
    let s = if signed {
        format!("{x:+.1}")
    } else {
        format!("{x:.1}")
    };
    if lang == Lang::En {
        s
    } else {
        s.replace('.', ",")
    }
}

/// One statement's row of a results table.
pub struct ResultRow {
    /// The statement.
    pub statement: String,
    /// Pairs before and after.
    pub pairs: u32,
    /// Before, after, change; or the note that there are too few pairs.
    pub means: Result<[String; 3], String>,
    /// Pairs before and three months later, and their change (or the note).
    pub later: Option<(u32, Result<String, String>)>,
}

/// The rows of `results` in `lang` (`later`: show the third wave).
pub fn result_rows(lang: Lang, results: &Results, later: bool) -> Vec<ResultRow> {
    let too_few = || {
        lang.t_args(
            "staff-survey-too-few",
            &[("k", vigie_domain::survey::K_MIN_PAIRS.to_string())],
        )
    };
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
            pairs: s.after.pairs,
            means: shown(&s.after),
            later: later.then(|| (s.later.pairs, shown(&s.later).map(|[_, _, d]| d))),
        })
        .collect()
}
