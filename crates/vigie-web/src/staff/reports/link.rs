//! The report page's "put in touch" section: the reporter asked to be put in touch with the casework
//! team (from `/suivi`), chose the texts the caseworkers may read and consented; a handler of the
//! report transmits it (`POST /espace/signalements/{id}/accompagnement`). The page shows what was
//! asked and the chosen texts, never the help request's code: the app wraps it for the reporter.

use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::help_link::LinkView;
use vigie_domain::help::Need;
use vigie_domain::help_link::{CopiedText, HelpLink, TextSource};

use super::page::{Extra, MessageLine, lines, show};
use super::{ReportDone, ReportForm, report_path};
use crate::Lang;
use crate::staff::casework::{code_name, code_names};
use crate::staff::kit::{OrPage, PageResult, Post, done};

/// The section, for a handler who reads the report.
pub struct LinkShown {
    pub(super) action: String,
    /// Waiting for a handler (the button), or transmitted.
    pub(super) asked: bool,
    pub(super) asker: String,
    pub(super) needs: String,
    pub(super) urgency: String,
    /// The texts chosen, as the help request holds (or will hold) them.
    pub(super) texts: Vec<MessageLine>,
}

/// Copied texts as staff read them: who wrote each (never a name), the day, the text.
pub(crate) fn copied_lines(lang: Lang, texts: &[CopiedText]) -> Vec<MessageLine> {
    texts
        .iter()
        .map(|t| MessageLine {
            from_reporter: t.source != TextSource::Team,
            author: code_name(lang, "staff-copied-source", t.source.as_str()),
            day: t.day.clone(),
            lines: lines(&t.text),
        })
        .collect()
}

/// The section for report `id`'s request `view`.
pub(super) fn section(lang: Lang, id: vigie_domain::ReportId, view: &LinkView) -> LinkShown {
    let r = &view.request;
    LinkShown {
        action: report_path(lang, id, "/accompagnement"),
        asked: view.state == HelpLink::Asked,
        asker: code_name(lang, "staff-help-asker", r.asker.as_str()),
        needs: code_names(lang, "staff-help-need", &r.needs, Need::as_str),
        urgency: code_name(lang, "staff-help-urgency", r.urgency.as_str()),
        texts: copied_lines(lang, &view.texts),
    }
}

/// `POST /espace/signalements/{id}/accompagnement`: a handler of the report transmits the waiting
/// request (the app checks `TransmitToCasework` on this report and audits it). Without a casework
/// team, or once the request is no longer waiting, the page says so beside the section (409).
pub async fn transmit(post: Post<ReportForm>) -> PageResult {
    let (state, staff, id, _) = post.parts();
    let lang = staff.lang;
    let secret = staff.session.secret().or_page(&state, lang)?;
    let key = match state
        .app
        .transmit_help_link(&staff.principal, &secret, id)
        .await
    {
        Ok(()) => return Ok(done(&report_path(lang, id, ""), ReportDone::Transmitted)),
        Err(AppError::NoHelpTeam) => "staff-report-link-no-team",
        Err(AppError::Exists(_)) => "staff-report-link-not-waiting",
        Err(e) => return Err(e).or_page(&state, lang),
    };
    let mut extra = Extra::default();
    extra.errors.link = Some(lang.t(key));
    show(&state, &staff, id, extra, StatusCode::CONFLICT).await
}
