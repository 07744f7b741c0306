//! The impact surveys' results on `/observatoire/prevention` (issue 12, items 4 and 7): one figure
//! per release, a bar chart of the pairs per statement (hatched "< k" when suppressed) and its
//! table with the mean changes, each statement in words (a standard one translated, a programme's
//! own wording as published). Read from the release's snapshot only; a release published before
//! the surveys were added has none, and the page says so.

use vigie_domain::prevention::{PairedChange, PreventionFigures, SurveyStatement};
use vigie_domain::survey::{StandardStatement, Statement};

use super::figures::{Cell, Figure};
use super::prevention::bar_figure;
use super::text::value;
use crate::Lang;
use crate::survey::{number, statement_text};

/// A statement as published, in words.
fn statement_words(lang: Lang, s: &SurveyStatement) -> String {
    match (s.statement.parse::<StandardStatement>(), &s.text) {
        (Ok(standard), _) => statement_text(lang, &Statement::Standard(standard)),
        (Err(_), Some(text)) => text.clone(),
        (Err(_), None) => s.statement.clone(),
    }
}

/// A published change as a cell: `+0,8`, or "< k" when suppressed.
fn change_cell(lang: Lang, c: &PairedChange, k: u32) -> Cell {
    Cell {
        text: c
            .change
            .map_or_else(|| format!("< {k}"), |t| number(lang, t.value(), true)),
        suppressed: c.change.is_none(),
    }
}

/// The surveys' figure of a release; `None` for a release published before them.
pub(crate) fn survey_figure(lang: Lang, f: &PreventionFigures) -> Option<Figure> {
    let s = f.surveys.as_ref()?;
    let k = s.k;
    let rows: Vec<(String, Option<u64>)> = s
        .statements
        .iter()
        .map(|st| (statement_words(lang, st), st.after.pairs))
        .collect();
    let shown = s
        .statements
        .iter()
        .filter(|st| !st.after.suppressed)
        .count();
    let later = s.statements.iter().any(|st| st.later.is_some());
    let mut columns = vec![
        lang.t("obs-prev-surveys-statement-col"),
        lang.t("obs-prev-surveys-pairs-col"),
        lang.t("obs-prev-surveys-change-col"),
    ];
    if later {
        columns.push(lang.t("obs-prev-surveys-later-pairs-col"));
        columns.push(lang.t("obs-prev-surveys-later-change-col"));
    }
    let summary = lang.t_args(
        "obs-prev-surveys-summary",
        &[
            ("pairs", value(lang, s.pairs, k)),
            ("shown", shown.to_string()),
            ("k", k.to_string()),
        ],
    );
    let mut figure = bar_figure(
        lang,
        (
            "obs-prev-surveys-figure",
            lang.t("obs-prev-surveys-chart-title"),
            summary,
        ),
        k,
        rows,
        columns,
    );
    figure.notice = Some(lang.t_args("obs-prev-surveys-intro", &[("k", k.to_string())]));
    for (row, st) in figure.rows.iter_mut().zip(&s.statements) {
        row.cells.push(change_cell(lang, &st.after, k));
        if let Some(c) = st.later.filter(|_| later) {
            row.cells.push(Cell {
                text: value(lang, c.pairs, k),
                suppressed: c.pairs.is_none(),
            });
            row.cells.push(change_cell(lang, &c, k));
        }
    }
    Some(figure)
}
