//! The team's side of reports (`/espace/signalements`): the inbox (`inbox`), a report's page
//! (`page`), its forms (`actions`), its files and the forwarding to the authorities (`files`), and
//! the handler's "qualify" form (`qualify`); here, what they share (names, paths, the forms' gates
//! and outcomes).

pub(super) mod actions;
pub(super) mod files;
pub(crate) use files::attachment;
pub(super) mod inbox;
pub(crate) mod link;
pub(crate) mod page;
pub(super) mod qualify;

use vigie_domain::ReportId;
use vigie_domain::report::{Category, ReportStatus};

use super::kit::gate;
use super::outcomes::ReportDone;
use crate::Lang;
use crate::staff::words::worded;
use crate::state::AppState;

gate!(
    /// The forms of a report's page, for its readers (the app checks the report's own policy).
    ReportForm: ReportId, ListReports, |id| purpose(*id);

    /// The identity forms of a report's page (a custodian, or a handler they granted).
    IdentityForm: ReportId, EnterStaffArea, |id| purpose(*id);
);

/// The purpose the forms of report `id` are signed for: a token for one report opens no other.
pub(super) fn purpose(id: ReportId) -> String {
    format!("report:{id}")
}

// Each code enum of the area, in words (`crate::staff::words::word`).
worded!(Category => "staff-report-category", ReportStatus => "staff-report-status");

/// An arrondissement's name (the code itself if unknown).
pub(super) fn district_name(state: &AppState, code: &str) -> String {
    state
        .app
        .settings()
        .areas
        .district(code)
        .map_or_else(|| code.to_owned(), |d| d.name.clone())
}

/// The address of report `id`'s page, or of something under it (`suffix` starts with `/`).
pub(super) fn report_path(lang: Lang, id: ReportId, suffix: &str) -> String {
    lang.path(&format!("/espace/signalements/{id}{suffix}"))
}
