//! An archived file (`/espace/accompagnement/dossiers/{id}` once the retention job archived it):
//! read-only, opened only by the custodian of its team, who first gives a coded reason and explains
//! it (`POST …/{id}/archive`: the explanation is sealed in the file, the audit log keeps the code
//! and its length). Anyone else gets 403, the refusal audited by the app.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::casework::FileView;
use vigie_domain::FileId;
use vigie_domain::casefile::{ArchiveReason, DetailField};
use vigie_store::FileRecord;

use super::court::CaseSection;
use super::file::{Line, lines, sections};
use super::{ArchiveForm, code_name, code_opts};
use crate::Lang;
use crate::session::Staff;
use crate::staff::kit::{OrPage, PageResult, Post, ask, field};
use crate::staff::{Opt, StaffPage, item_page, render, staff_template};
use crate::state::AppState;

/// What the custodian reads once they gave their reason.
pub struct ArchivedView {
    details: Vec<(String, String)>,
    timeline: Vec<Line>,
    assessments: Vec<Line>,
    consents: Vec<Line>,
    court_cases: Vec<CaseSection>,
    closing_note: Vec<String>,
    reads: Vec<Line>,
}

impl ArchivedView {
    /// The assessments, the consents and the archive's readings, each with its heading's key.
    fn lists(&self) -> [(&'static str, &[Line]); 3] {
        [
            ("file-assessments", &self.assessments),
            ("file-consents", &self.consents),
            ("file-archive-reads", &self.reads),
        ]
    }
}

#[derive(Template)]
#[template(path = "staff/casework/file_archived.html")]
struct ArchivedPage {
    page: StaffPage,
    action: String,
    error: Option<String>,
    facts: Vec<(String, String)>,
    reasons: Vec<Opt>,
    explanation: String,
    court_table: String,
    view: Option<ArchivedView>,
}

staff_template!(ArchivedPage);

/// The archived file's page when file `id` is archived and the viewer its team's custodian (the
/// reason form); `None` when it is not archived; the 403 page (audited) for anyone else.
pub(super) async fn gate(
    state: &AppState,
    staff: &Staff,
    id: FileId,
) -> Result<Option<axum::response::Response>, crate::PageError> {
    let archived = ask(state, staff, async |app, who| {
        app.archived_file(who, id).await
    })
    .await?;
    Ok(archived.map(|record| page(state, staff, &record, (None, String::new()), None)))
}

/// The clear facts of an archived file.
fn facts(lang: Lang, r: &FileRecord) -> Vec<(String, String)> {
    let none = || lang.t("file-none");
    vec![
        (
            lang.t("file-role"),
            code_name(lang, "file-role", r.role.as_str()),
        ),
        (
            lang.t("file-status"),
            code_name(lang, "file-status", r.status.as_str()),
        ),
        (
            lang.t("file-legal-basis"),
            code_name(lang, "file-legal-basis", r.legal_basis.as_str()),
        ),
        (lang.t("file-opened"), r.opened_day.clone()),
        (lang.t("file-last-contact"), r.last_contact_day.clone()),
        (
            lang.t("file-archived-day"),
            r.archived_day.clone().unwrap_or_else(none),
        ),
        (
            lang.t("file-hold-until"),
            r.hold_until_day.clone().unwrap_or_else(none),
        ),
    ]
}

/// What the custodian reads, translated.
fn view(state: &AppState, lang: Lang, v: &FileView) -> ArchivedView {
    let [timeline, _, assessments, consents] = sections(lang, v);
    let today = vigie_domain::time::paris_day(state.app.clock().now());
    ArchivedView {
        details: DetailField::ALL
            .iter()
            .filter_map(|f| {
                let value = v.details.get(f)?;
                Some((code_name(lang, "file-detail", f.as_str()), value.clone()))
            })
            .collect(),
        timeline,
        assessments,
        consents,
        court_cases: super::court::sections(lang, &v.court_cases, today),
        closing_note: v.closing_note.as_deref().map(lines).unwrap_or_default(),
        reads: v
            .archive_reads
            .iter()
            .map(|r| Line {
                day: r.day.to_string(),
                title: code_name(lang, "file-archive-reason", r.reason.as_str()),
                text: lines(&r.explanation),
                ..Line::blank()
            })
            .collect(),
    }
}

/// The page: the reason form (with an error and what was typed), or the file as read.
fn page(
    state: &AppState,
    staff: &Staff,
    record: &FileRecord,
    (error, explanation): (Option<String>, String),
    read: Option<&FileView>,
) -> axum::response::Response {
    let lang = staff.lang;
    let id = record.id;
    let path = format!("/espace/accompagnement/dossiers/{id}");
    let title = lang.t_args(
        "file-archive-title",
        &[("number", record.number.to_string())],
    );
    let page = ArchivedPage {
        page: item_page::<ArchiveForm>(state, staff, (&id, &path), title),
        action: lang.path(&format!("{path}/archive")),
        error,
        facts: facts(lang, record),
        reasons: code_opts(lang, "file-archive-reason", ArchiveReason::ALL, None),
        explanation,
        court_table: super::court::table_note(lang),
        view: read.map(|v| view(state, lang, v)),
    };
    let status = if page.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(&page, status, lang)
}

/// `POST /espace/accompagnement/dossiers/{id}/archive`: the custodian's reason, then the file.
pub async fn read(post: Post<ArchiveForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let secret = staff.session.secret().or_page(&state, lang)?;
    let reason = (field(&form, "motif"), field(&form, "explication"));
    match state
        .app
        .read_archived_file(&staff.principal, &secret, id, reason)
        .await
    {
        Ok(v) => Ok(page(
            &state,
            &staff,
            &v.record,
            (None, String::new()),
            Some(&v),
        )),
        Err(AppError::Invalid(msg)) => {
            let record = state
                .app
                .archived_file(&staff.principal, id)
                .await
                .or_page(&state, lang)?
                .ok_or_else(|| crate::staff::kit::not_found(&state, lang))?;
            let typed = reason.1.chars().take(500).collect();
            Ok(page(&state, &staff, &record, (Some(msg), typed), None))
        }
        Err(e) => Err(e).or_page(&state, lang),
    }
}
