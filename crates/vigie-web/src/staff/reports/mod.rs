//! The team's side of reports (`/espace/signalements`): the inbox (`inbox`), a report's page
//! (`page`), its forms (`actions`), its files and the forwarding to the authorities (`files`), and
//! the handler's "qualify" form (`qualify`); here, what they share (names, paths, the forms' gates
//! and outcomes).

mod actions;
mod files;
pub(crate) use files::attachment;
mod inbox;
pub(crate) mod link;
pub(crate) mod page;
mod qualify;

use vigie_domain::ReportId;
use vigie_domain::report::{Category, ReportStatus};

use super::kit::{gate, outcomes};
use super::table::RouteTable;
use crate::Lang;
use crate::state::AppState;

gate!(
    /// The forms of a report's page, for its readers (the app checks the report's own policy).
    ReportForm: ReportId, ListReports, |id| purpose(*id);

    /// The identity forms of a report's page (a custodian, or a handler they granted).
    IdentityForm: ReportId, EnterStaffArea, |id| purpose(*id);
);

outcomes!(
    /// What a form of a report's page did.
    ReportDone {
        /// A reply to the reporter.
        Reply = "reponse" => "staff-report-done-reply",
        /// An internal note.
        Note = "note" => "staff-report-done-note",
        /// A new status.
        Status = "statut" => "staff-report-done-status",
        /// New labels.
        Labels = "etiquettes" => "staff-report-done-labels",
        /// A new assignee.
        Assign = "attribution" => "staff-report-done-assign",
        /// Access granted.
        Grant = "acces" => "staff-report-done-grant",
        /// Access revoked.
        Revoke = "retrait" => "staff-report-done-revoke",
        /// The identity granted to a handler.
        Identity = "identite" => "staff-report-done-identity-grant",
        /// Qualified into an incident.
        Qualified = "qualifie" => "staff-obs-qualify-done",
        /// The reporter's request transmitted to the casework team.
        Transmitted = "accompagnement" => "staff-report-done-link",
    }
);

/// The purpose the forms of report `id` are signed for: a token for one report opens no other.
pub(super) fn purpose(id: ReportId) -> String {
    format!("report:{id}")
}

/// The translated name of a code (a Fluent key `<prefix>-<code>`, underscores as dashes).
fn code_name(lang: Lang, prefix: &str, code: &str) -> String {
    lang.t(&format!("{prefix}-{}", code.replace('_', "-")))
}

/// A category's translated name.
pub(super) fn category_name(lang: Lang, category: Category) -> String {
    code_name(lang, "staff-report-category", category.as_str())
}

/// A status's translated name.
pub(crate) fn status_name(lang: Lang, status: ReportStatus) -> String {
    code_name(lang, "staff-report-status", status.as_str())
}

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

/// The routes under `/espace/signalements`.
pub(super) fn routes() -> RouteTable {
    RouteTable::new()
        .get("/", inbox::inbox)
        .get("/{id}", page::report)
        .post("/{id}/reponse", actions::reply)
        .post("/{id}/note", actions::note)
        .post("/{id}/statut", actions::status)
        .post("/{id}/etiquettes", actions::labels)
        .post("/{id}/attribution", actions::assign)
        .post("/{id}/acces/personne", actions::grant_person)
        .post("/{id}/acces/equipe", actions::grant_team)
        .post("/{id}/acces/retrait", actions::revoke)
        .post("/{id}/identite", actions::reveal_identity)
        .post("/{id}/identite/acces", actions::grant_identity)
        .get("/{id}/fichiers/{part}", files::clean_copy)
        .post("/{id}/fichiers/{part}/original", files::original)
        .post("/{id}/transmettre", files::forward)
        .post("/{id}/qualifier", qualify::qualify)
        .post("/{id}/accompagnement", link::transmit)
}
