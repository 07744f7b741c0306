//! The observatory: incidents (qualified, non-identifying facts), months, and the editions the public
//! reads. An incident holds no personal data and no free text that is ever published; an edition is an
//! immutable snapshot of every published aggregate, each month released once under disclosure control
//! ([`disclosure`]) and frozen.

pub mod disclosure;
mod edition;
mod incident;
mod month;

pub use edition::{
    CellArea, ContextPoint, ContextSeries, EditionSnapshot, LICENCE_NAME, LICENCE_URL,
    MonthRelease, PublishedCell, edition_id,
};
pub use incident::{
    Incident, IncidentCategory, IncidentField, IncidentForm, IncidentStatus, MAX_COUNT,
    MAX_REFERENCE_CHARS, NewIncident, SourceType, validate_incident,
};
pub use month::{Month, MonthError, normalize_month};
