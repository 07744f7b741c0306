//! Casework (`/espace/accompagnement`): the help requests that reach the caseworkers' casework
//! teams (`list`), one request with its conversation and the way to reach the person (`request`);
//! here, their forms' gates and what they share.

pub(super) mod archive;
pub(super) mod court;
pub(super) mod extract;
pub(super) mod file;
pub(super) mod files;
pub(super) mod groups;
pub(super) mod list;
pub(super) mod referral;
pub(super) mod report;

pub(super) use referral::{detail_opts, extract_choice};
pub(super) mod request;

use std::fmt::Display;

use vigie_domain::{FileId, ReportId, SupportGroupId};

use super::Opt;
use super::kit::gate;
use super::outcomes::{FiguresDone, FileDone, RequestDone, SupportDone};
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
