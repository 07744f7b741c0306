//! Open data of the yearly casework figures (`/api/v1/accompagnement/{year}/figures.{json,csv}`):
//! a release's figures as rows, as they were published (a suppressed figure has a null or empty
//! count and `suppressed` true), each file naming the year and the licence.

use serde::Serialize;
use utoipa::ToSchema;
use vigie_domain::indicators::{Figure, YearFigures};
use vigie_domain::observatory::{LICENCE_NAME, LICENCE_URL};

use crate::opendata::Licence;

/// The CSV header.
pub const CASEWORK_CSV_HEADER: [&str; 8] = [
    "year",
    "measure",
    "breakdown",
    "key",
    "count",
    "suppressed",
    "version",
    "licence",
];

/// One published casework figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct CaseworkRow {
    /// `people`, `support_level`, `needs`, `interviews`, `referrals_made`, `referrals_completed`,
    /// `safety_plans`, `court_cases`, `group_sessions` or `group_attendance`.
    #[schema(example = "people")]
    pub measure: String,
    /// `total`, `role`, `age_band`, `sex`, `level`, `need` or `kind`.
    #[schema(example = "role")]
    pub breakdown: String,
    /// The codes of the breakdown joined by `/` (`direct_victim/female`); empty for a total.
    #[schema(example = "direct_victim")]
    pub key: String,
    /// The count; null when suppressed.
    #[schema(example = 12)]
    pub count: Option<u64>,
    /// Below the threshold `k`, or revealing such a figure by difference: published as "< k".
    pub suppressed: bool,
}

/// A year's casework figures as one JSON document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct CaseworkDocument {
    /// The year.
    #[schema(example = 2025)]
    pub year: i32,
    /// 1 for the first release of the year.
    #[schema(example = 1)]
    pub version: u32,
    /// The threshold: figures below it are suppressed.
    #[schema(example = 5)]
    pub k: u32,
    /// The licence of the data.
    pub licence: Licence,
    /// The figures.
    pub rows: Vec<CaseworkRow>,
}

/// The rows of a release.
pub fn casework_rows(figures: &YearFigures) -> Vec<CaseworkRow> {
    figure_rows(&figures.figures)
}

/// Published figures as rows (the casework figures', the prevention figures').
pub(crate) fn figure_rows(figures: &[Figure]) -> Vec<CaseworkRow> {
    figures
        .iter()
        .map(|f| CaseworkRow {
            measure: f.measure.clone(),
            breakdown: f.breakdown.clone(),
            key: f.key.clone(),
            count: if f.suppressed { None } else { f.count },
            suppressed: f.suppressed,
        })
        .collect()
}

/// The release as a JSON document.
pub fn casework_document(figures: &YearFigures) -> CaseworkDocument {
    CaseworkDocument {
        year: figures.year,
        version: figures.version,
        k: figures.k,
        licence: licence(),
        rows: casework_rows(figures),
    }
}

/// The release as CSV (RFC 4180, CRLF, UTF-8): [`CASEWORK_CSV_HEADER`], then one line per figure.
pub fn casework_csv(figures: &YearFigures) -> String {
    let year = figures.year.to_string();
    figures_csv(
        &CASEWORK_CSV_HEADER,
        &year,
        &figures.figures,
        figures.version,
    )
}

/// Published figures as CSV (RFC 4180, CRLF, UTF-8): `header`, then one line per figure, starting
/// with `lead` (the year, the period) and ending with the version and the licence.
pub(crate) fn figures_csv(header: &[&str], lead: &str, figures: &[Figure], version: u32) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(64 * (figures.len() + 1)));
    let version = version.to_string();
    // Writing to memory does not fail: the only errors `csv` reports are those of the writer.
    let _ = writer.write_record(header);
    for row in figure_rows(figures) {
        let count = row.count.map(|c| c.to_string()).unwrap_or_default();
        let _ = writer.write_record([
            lead,
            &row.measure,
            &row.breakdown,
            &row.key,
            &count,
            if row.suppressed { "true" } else { "false" },
            &version,
            LICENCE_NAME,
        ]);
    }
    let bytes = writer.into_inner().map(|v| v.to_vec()).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The licence of the published figures.
pub(crate) fn licence() -> Licence {
    Licence {
        name: LICENCE_NAME.to_owned(),
        url: LICENCE_URL.to_owned(),
    }
}
