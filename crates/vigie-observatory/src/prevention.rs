//! Open data of the published prevention figures
//! (`/api/v1/prevention/{period}/figures.{json,csv}`): a release's figures as rows, as they were
//! published (a suppressed figure has a null or empty count and `suppressed` true), each file
//! naming the period and the licence. The rows are the casework figures' ([`CaseworkRow`]).

use serde::Serialize;
use utoipa::ToSchema;
use vigie_domain::prevention::PreventionFigures;

use crate::casework::{CaseworkRow, figure_rows, figures_csv, licence};
use crate::opendata::Licence;
use crate::prevention_surveys::{SurveysDocument, surveys_document};

/// The CSV header.
pub const PREVENTION_CSV_HEADER: [&str; 8] = [
    "period",
    "measure",
    "breakdown",
    "key",
    "count",
    "suppressed",
    "version",
    "licence",
];

/// A period's prevention figures as one JSON document.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct PreventionDocument {
    /// The period: a year (`2025`) or a quarter (`2025-Q3`).
    #[schema(example = "2025-Q3")]
    pub period: String,
    /// 1 for the first release of the period.
    #[schema(example = 1)]
    pub version: u32,
    /// The threshold: figures below it are suppressed.
    #[schema(example = 5)]
    pub k: u32,
    /// The licence of the data.
    pub licence: Licence,
    /// The figures: `young_people` (breakdowns `total`, `district`, `age_band`,
    /// `district_age_band` keyed `13201/12_14`), `sessions` (`total`, `district`), `structures`
    /// (`total`, `district`, `qpv` keyed `yes` or `no`).
    pub rows: Vec<CaseworkRow>,
    /// The impact surveys' results; null for a release published before they were added.
    pub surveys: Option<SurveysDocument>,
}

/// The release as a JSON document.
pub fn prevention_document(f: &PreventionFigures) -> PreventionDocument {
    PreventionDocument {
        period: f.period.to_string(),
        version: f.version,
        k: f.k,
        licence: licence(),
        rows: figure_rows(&f.figures),
        surveys: surveys_document(f),
    }
}

/// The release as CSV (RFC 4180, CRLF, UTF-8): [`PREVENTION_CSV_HEADER`], then one line per figure.
pub fn prevention_csv(f: &PreventionFigures) -> String {
    let period = f.period.to_string();
    figures_csv(&PREVENTION_CSV_HEADER, &period, &f.figures, f.version)
}
