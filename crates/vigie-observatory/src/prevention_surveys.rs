//! Open data of the impact surveys' published results (issue 12, items 4 and 7): a release's
//! `surveys` as a JSON object (a field of the period's `figures.json`) and as CSV
//! (`surveys.csv`), as they were published: a suppressed figure has null or empty values and
//! `suppressed` true. Releases published before the surveys were added have none (`null`, and a
//! CSV of its header only).

use serde::Serialize;
use utoipa::ToSchema;
use vigie_domain::observatory::LICENCE_NAME;
use vigie_domain::prevention::{PairedChange, PreventionFigures, SurveyFigures};

/// The CSV header.
pub const SURVEYS_CSV_HEADER: [&str; 11] = [
    "period",
    "statement",
    "text",
    "pairs",
    "change",
    "suppressed",
    "later_pairs",
    "later_change",
    "later_suppressed",
    "version",
    "licence",
];

/// One statement's published results.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct SurveyRow {
    /// A standard statement's code (`know_risks`, `recognise_recruitment`, `can_refuse`,
    /// `know_help`, `online_caution`, `future`), or `own` for a programme's own wording.
    #[schema(example = "know_risks")]
    pub statement: String,
    /// A programme's own wording (for `own`); null for a standard statement.
    pub text: Option<String>,
    /// Slips answered before and after on this statement; null when suppressed.
    #[schema(example = 24)]
    pub pairs: Option<u64>,
    /// The mean change from before to after on the 1 to 5 scale, to a tenth; null when suppressed.
    #[schema(example = 0.8)]
    pub change: Option<f64>,
    /// Below the threshold, or made mostly by one structure: published as "< k".
    pub suppressed: bool,
    /// Slips answered before and three months later; null when suppressed or not asked.
    pub later_pairs: Option<u64>,
    /// The mean change from before to three months later; null when suppressed or not asked.
    pub later_change: Option<f64>,
    /// Whether the third wave's figure is suppressed; null when no cycle asked it.
    pub later_suppressed: Option<bool>,
}

/// A period's published survey results.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct SurveysDocument {
    /// The threshold of the surveys' figures (the release's, and never under 5).
    #[schema(example = 5)]
    pub k: u32,
    /// Slips answered before and after, whatever the statements; null when suppressed.
    #[schema(example = 31)]
    pub pairs: Option<u64>,
    /// Whether `pairs` is suppressed.
    pub suppressed: bool,
    /// Every standard statement, then the programmes' own wording published.
    pub statements: Vec<SurveyRow>,
}

/// The third wave's values: (pairs, change, suppressed), all null when not asked.
fn later(c: Option<PairedChange>) -> (Option<u64>, Option<f64>, Option<bool>) {
    match c {
        Some(c) => (c.pairs, c.change.map(|t| t.value()), Some(c.suppressed)),
        None => (None, None, None),
    }
}

/// A release's survey results as rows.
pub fn survey_rows(s: &SurveyFigures) -> Vec<SurveyRow> {
    s.statements
        .iter()
        .map(|st| {
            let (later_pairs, later_change, later_suppressed) = later(st.later);
            SurveyRow {
                statement: st.statement.clone(),
                text: st.text.clone(),
                pairs: st.after.pairs,
                change: st.after.change.map(|t| t.value()),
                suppressed: st.after.suppressed,
                later_pairs,
                later_change,
                later_suppressed,
            }
        })
        .collect()
}

/// A release's survey results as a JSON object; `None` for a release published before them.
pub fn surveys_document(f: &PreventionFigures) -> Option<SurveysDocument> {
    f.surveys.as_ref().map(|s| SurveysDocument {
        k: s.k,
        pairs: s.pairs,
        suppressed: s.suppressed,
        statements: survey_rows(s),
    })
}

/// A release's survey results as CSV (RFC 4180, CRLF, UTF-8): [`SURVEYS_CSV_HEADER`], then one
/// line per statement (none for a release published before them).
pub fn surveys_csv(f: &PreventionFigures) -> String {
    let rows = f.surveys.as_ref().map(survey_rows).unwrap_or_default();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(96 * (rows.len() + 1)));
    let (period, version) = (f.period.to_string(), f.version.to_string());
    let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let x = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    let flag = |b: bool| if b { "true" } else { "false" };
    // Writing to memory does not fail: the only errors `csv` reports are those of the writer.
    let _ = writer.write_record(SURVEYS_CSV_HEADER);
    for r in rows {
        let _ = writer.write_record([
            period.as_str(),
            &r.statement,
            r.text.as_deref().unwrap_or_default(),
            &n(r.pairs),
            &x(r.change),
            flag(r.suppressed),
            &n(r.later_pairs),
            &x(r.later_change),
            r.later_suppressed.map(flag).unwrap_or_default(),
            &version,
            LICENCE_NAME,
        ]);
    }
    let bytes = writer.into_inner().map(|v| v.to_vec()).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
