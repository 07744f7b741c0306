//! Casework (`/espace/accompagnement`): the help requests that reach the caseworkers' casework
//! teams (`list`), one request with its conversation and the way to reach the person (`request`);
//! here, their forms' gate and outcomes, and their routes.

mod archive;
mod court;
mod extract;
mod file;
mod files;
mod groups;
mod list;
mod referral;
mod report;

pub(super) use referral::{detail_opts, extract_choice, status_name};
mod request;

use std::fmt::Display;

use vigie_domain::{FileId, ReportId, SupportGroupId};

use super::Opt;
use super::kit::{gate, outcomes};
use super::table::RouteTable;
use crate::Lang;

gate!(
    /// The forms of a help request's page, for caseworkers (the app checks the request's team).
    RequestForm: ReportId, ListCases, |id| format!("help:{id}");
    /// The forms of a person's file, for caseworkers (the app checks the file's team).
    FileForm: FileId, ListCases, |id| format!("file:{id}");
    /// The form that opens a file.
    NewFileForm: (), ListCases, |_| "file-new";
    /// The reason form of an archived file, for custodians (the app checks the file's team).
    ArchiveForm: FileId, ReadArchivedCase, |id| format!("file-archive:{id}");
    /// The support groups list's forms (a new group, two files kept apart).
    SupportGroupsForm: (), RunSupportGroups, |_| "support-groups";
    /// The forms of a support group's page (the app checks the group's team).
    SupportGroupForm: SupportGroupId, RunSupportGroups, |id| format!("support_group:{id}");
    /// The yearly activity report (a page without a form of its own).
    ActivityReportForm: (), ReadActivityReport, |_| "activity-report";
    /// The form that publishes a year's casework figures.
    CaseworkFiguresForm: (), PublishCaseworkFigures, |_| "casework-figures";
);

outcomes!(
    /// What a form of a help request's page did.
    RequestDone {
        /// A reply to the person.
        Reply = "reponse" => "staff-help-done-reply",
    }
    /// What a file's forms (and the one that opens it) did.
    FileDone {
        /// The file was opened.
        Opened = "ouvert" => "file-done-opened",
        /// The change was saved.
        Saved = "enregistre" => "file-done-saved",
    }
    /// What a support group's forms did.
    SupportDone {
        /// The group was made.
        Created = "cree" => "file-groups-done-created",
        /// The change was saved.
        Saved = "enregistre" => "file-done-saved",
        /// The group is full: the file is on the waiting list.
        Waiting = "attente" => "file-groups-done-waiting",
        /// Two files are kept apart.
        Apart = "separes" => "file-groups-done-apart",
    }
    /// What the publishing form did.
    ReportDone {
        /// The year's figures are published.
        Published = "publie" => "file-report-done-published",
    }
);

/// The address of file `id`'s page.
fn file_path(lang: Lang, id: FileId) -> String {
    lang.path(&format!("/espace/accompagnement/dossiers/{id}"))
}

/// A code's name, translated: the Fluent key `{prefix}-{code}` with `_` as `-`.
pub(crate) fn code_name(lang: Lang, prefix: &str, code: &str) -> String {
    lang.t(&format!("{prefix}-{}", code.replace('_', "-")))
}

/// The names of the codes of `list` (given by `code`), translated as [`code_name`] does, in one
/// line.
pub(crate) fn code_names<T: Copy>(
    lang: Lang,
    prefix: &str,
    list: &[T],
    code: impl Fn(T) -> &'static str,
) -> String {
    list.iter()
        .map(|v| code_name(lang, prefix, code(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The options of `all` (each value its code, each label its name as [`code_name`] gives it),
/// `current` selected.
fn code_opts<T: Copy + PartialEq + Display>(
    lang: Lang,
    prefix: &str,
    all: &[T],
    current: Option<T>,
) -> Vec<Opt> {
    all.iter()
        .map(|v| {
            let value = v.to_string();
            Opt {
                label: code_name(lang, prefix, &value),
                selected: current == Some(*v),
                value,
            }
        })
        .collect()
}

/// The address of help request `id`'s page, or of something under it (`suffix` starts with `/`).
fn request_path(lang: Lang, id: ReportId, suffix: &str) -> String {
    lang.path(&format!("/espace/accompagnement/demandes/{id}{suffix}"))
}

/// The routes under `/espace/accompagnement`.
pub(super) fn routes() -> RouteTable {
    RouteTable::new()
        .get("/", list::list)
        .get("/demandes/{id}", request::page)
        .post("/demandes/{id}/reponse", request::reply)
        .get("/dossiers", files::list)
        .post("/dossiers", files::create)
        .get("/dossiers/nouveau", files::new_form)
        .get("/dossiers/{id}", file::page)
        .get("/echeances", court::agenda)
        .post("/dossiers/{id}", file::post)
        .post("/dossiers/{id}/extrait-age", extract::age_extract)
        .post("/dossiers/{id}/code-de-suivi", extract::new_receipt)
        .post("/dossiers/{id}/archive", archive::read)
        .get("/groupes", groups::list)
        .post("/groupes", groups::create)
        .post("/groupes/separer", groups::keep_apart)
        .get("/groupes/{id}", groups::page)
        .post("/groupes/{id}", groups::post)
        .get("/rapport", report::page)
        .post("/rapport/publier", report::publish)
}
