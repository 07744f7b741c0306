//! `/suivi/accompagnement`: a reporter asks to be put in touch with the association's casework team
//! (issue 11, item 2). They choose which texts of their report the caseworkers may read (none is
//! checked for them), say who they are, what they need and how soon, and consent; they may cancel
//! while it waits. Once a handler transmitted it, their follow-up page shows the help request's own
//! code, as the receipt page shows a receipt, until they say they noted it.
//!
//! The forms are `/suivi`'s: signed for the follow-up session (purpose `suivi`), no log line
//! (`/suivi` is a reporter's path), nothing dated finer than the day.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigie_app::AppError;
use vigie_app::help_link::ReporterLink;
use vigie_app::reports::ReporterView;
use vigie_domain::help::{Asker, Need, Urgency};
use vigie_domain::help_link::{CopiedText, HelpLink, LinkField, LinkForm, REPORT_TEXT, TextSource};
use vigie_domain::report::FieldError;

use super::Choice;
use super::follow::{FollowPost, Reporter};
use crate::help::choices;
use crate::layout::PageCtx;
use crate::staff::kit::{field, fields};
use crate::staff::render;
use crate::{Lang, PageError};

/// A text of the report, as its reporter chooses it or sees it shared: who wrote it and when, and
/// the text itself.
pub(crate) struct TextLine {
    /// The checkbox's value: [`REPORT_TEXT`] or the message's part id.
    pub value: String,
    /// Who wrote it, and the day.
    pub label: String,
    /// The text.
    pub text: String,
    /// Checked (only ever by the reporter: none is, at first).
    pub checked: bool,
}

/// Who wrote a text and when, as the person reads it (on `/suivi` of the report, and of the help
/// request that holds its copy).
pub(crate) fn text_label(lang: Lang, source: TextSource, day: &str) -> String {
    let key = match source {
        TextSource::Report => "link-text-report",
        TextSource::Person => "link-text-person",
        TextSource::Team => "link-text-team",
        // Read by the caseworkers only: nobody holds such a request's follow-up code.
        TextSource::Coordination => "staff-coord-copied",
    };
    lang.t_args(key, &[("day", day.to_owned())])
}

/// Copied texts as listed to the person.
pub(crate) fn copied_lines(lang: Lang, texts: &[CopiedText]) -> Vec<TextLine> {
    texts
        .iter()
        .map(|t| TextLine {
            value: String::new(),
            label: text_label(lang, t.source, &t.day),
            text: t.text.clone(),
            checked: true,
        })
        .collect()
}

/// The follow-up page's section about being put in touch.
pub(super) struct LinkSection {
    /// No request yet, and one can be made: the link to the form.
    pub may_ask: bool,
    /// The request waits for a handler (the cancel button).
    pub asked: bool,
    /// A handler transmitted it.
    pub sent: bool,
    /// The texts it shares.
    pub shared: Vec<TextLine>,
    /// The help request's code, as shown, until the reporter noted it.
    pub code: Option<String>,
}

/// The section for `link` (`None`: nothing to say, as for a help request, or without a casework
/// team to receive requests).
pub(super) fn section(lang: Lang, link: &ReporterLink) -> Option<LinkSection> {
    let state = link.view.as_ref().map(|v| v.state);
    let section = LinkSection {
        may_ask: link.may_ask,
        asked: state == Some(HelpLink::Asked),
        sent: state == Some(HelpLink::Sent),
        shared: link
            .view
            .as_ref()
            .map(|v| copied_lines(lang, &v.texts))
            .unwrap_or_default(),
        code: link.code.as_ref().map(vigie_vault::Receipt::display),
    };
    (section.may_ask || state.is_some()).then_some(section)
}

/// The form's page.
#[derive(Template)]
#[template(path = "report/link.html")]
struct LinkPage {
    ctx: PageCtx,
    csrf: String,
    texts: Vec<TextLine>,
    askers: Vec<Choice>,
    needs: Vec<Choice>,
    urgencies: Vec<Choice>,
    consent: Vec<Choice>,
    /// Each field's first error, translated, in the form's order.
    errors: Vec<(LinkField, String)>,
}

/// Each field: its name in the form, the message key of its legend, the message key of its error
/// when required and left empty.
fn field_info(f: LinkField) -> (&'static str, &'static str, &'static str) {
    match f {
        LinkField::Chosen => ("chosen", "link-chosen", "link-error-chosen"),
        LinkField::Asker => ("asker", "help-asker", "help-error-choose"),
        LinkField::Needs => ("needs", "help-needs", "help-error-needs"),
        LinkField::Urgency => ("urgency", "help-urgency", "help-error-choose"),
        LinkField::Consent => ("consent", "link-consent", "link-error-consent"),
    }
}

const ORDER: [LinkField; 5] = [
    LinkField::Chosen,
    LinkField::Asker,
    LinkField::Needs,
    LinkField::Urgency,
    LinkField::Consent,
];

impl LinkPage {
    /// The error beside the field named `name`, if any.
    fn error_for(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| field_info(*f).0 == name)
            .map(|(_, m)| m.as_str())
    }

    /// The summary's lines: the id of the field's first input, and its legend with its error.
    fn summary(&self) -> Vec<(String, String)> {
        let lang = self.ctx.lang;
        self.errors
            .iter()
            .map(|(f, message)| {
                let (name, legend, _) = field_info(*f);
                let first = match f {
                    LinkField::Chosen => self.texts.first().map(|t| t.value.clone()),
                    LinkField::Asker => Some(Asker::ALL[0].as_str().to_owned()),
                    LinkField::Needs => Some(Need::ALL[0].as_str().to_owned()),
                    LinkField::Urgency => Some(Urgency::ALL[0].as_str().to_owned()),
                    LinkField::Consent => Some("oui".to_owned()),
                };
                let anchor = format!("{name}-{}", first.unwrap_or_default());
                let args = [("field", lang.t(legend)), ("message", message.clone())];
                (anchor, lang.t_args("help-error-line", &args))
            })
            .collect()
    }
}

/// The form for `view`'s report, filled with `posted`, each error beside its field.
fn link_page(
    r: &Reporter,
    view: &ReporterView,
    posted: &LinkForm,
    errors: &[(LinkField, FieldError)],
) -> LinkPage {
    let (state, lang) = (&r.state, r.lang);
    let chosen = |v: &str| posted.chosen.iter().any(|c| c == v);
    let mut texts = Vec::new();
    let own = view.content.text();
    if !own.is_empty() {
        texts.push(TextLine {
            value: REPORT_TEXT.to_owned(),
            label: text_label(lang, TextSource::Report, &view.received_day),
            text: own.to_owned(),
            checked: chosen(REPORT_TEXT),
        });
    }
    for m in &view.messages {
        let value = m.part.to_string();
        let source = if m.from_reporter {
            TextSource::Person
        } else {
            TextSource::Team
        };
        texts.push(TextLine {
            label: text_label(lang, source, &m.day),
            text: m.text.clone(),
            checked: chosen(&value),
            value,
        });
    }
    let errors = ORDER
        .iter()
        .filter_map(|f| errors.iter().find(|(e, _)| e == f))
        .map(|&(f, e)| {
            let key = match e {
                FieldError::Required => field_info(f).2,
                _ => "help-error-unknown",
            };
            (f, lang.t(key))
        })
        .collect();
    LinkPage {
        ctx: PageCtx::titled(lang, &state.web, "link-title", "/suivi/accompagnement"),
        csrf: r.token(),
        texts,
        askers: choices(lang, Asker::ALL, Asker::as_str, "asker", |c| {
            c == posted.asker
        }),
        needs: choices(lang, Need::ALL, Need::as_str, "need", |c| {
            posted.needs.iter().any(|n| n == c)
        }),
        urgencies: choices(lang, Urgency::ALL, Urgency::as_str, "urgency", |c| {
            c == posted.urgency
        }),
        consent: vec![Choice {
            value: "oui".into(),
            label: lang.t("link-consent-text"),
            selected: posted.consent,
        }],
        errors,
    }
}

/// `GET /suivi/accompagnement`: the form, for a reporter who may ask; anyone else goes back to
/// `/suivi`, which says where their request stands.
pub async fn form(r: Reporter) -> Response {
    let view = match r.state.app.reporter_view(&r.session).await {
        Ok(v) => v,
        Err(e) => return r.failed(e).into_response(),
    };
    if !view.link.may_ask {
        return Redirect::to(&r.lang.path("/suivi")).into_response();
    }
    let page = link_page(&r, &view, &LinkForm::default(), &[]);
    render(&page, StatusCode::OK, r.lang)
}

/// `POST /suivi/accompagnement`: records the request, or shows the form again with its errors.
pub async fn ask(post: FollowPost) -> Result<Response, PageError> {
    let (state, lang, s) = (
        &post.reporter.state,
        post.reporter.lang,
        &post.reporter.session,
    );
    let posted = LinkForm {
        chosen: fields(&post.pairs, "chosen"),
        asker: field(&post.pairs, "asker").to_owned(),
        needs: fields(&post.pairs, "needs"),
        urgency: field(&post.pairs, "urgency").to_owned(),
        consent: field(&post.pairs, "consent") == "oui",
    };
    let (status, outcome) = match state.app.ask_help_link(s, &posted).await {
        Ok(()) => (StatusCode::OK, (None, Some("link-asked-notice"))),
        Err(AppError::InvalidLink(errors)) => {
            let view = state
                .app
                .reporter_view(s)
                .await
                .map_err(|e| post.reporter.failed(e))?;
            let page = link_page(&post.reporter, &view, &posted, &errors);
            return Ok(render(&page, StatusCode::BAD_REQUEST, lang));
        }
        Err(AppError::Exists(_)) => (StatusCode::CONFLICT, (Some("link-already-asked"), None)),
        Err(AppError::NoHelpTeam | AppError::Invalid(_)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            (Some("link-unavailable"), None),
        ),
        Err(e) => return Err(post.reporter.failed(e)),
    };
    post.back(status, outcome).await
}

/// `POST /suivi/accompagnement/annuler`: withdraws a request no handler has transmitted.
pub async fn cancel(post: FollowPost) -> Result<Response, PageError> {
    let (status, outcome) = match post
        .reporter
        .state
        .app
        .cancel_help_link(&post.reporter.session)
        .await
    {
        Ok(()) => (StatusCode::OK, (None, Some("link-cancelled-notice"))),
        Err(AppError::Exists(_)) => (StatusCode::CONFLICT, (Some("link-not-waiting"), None)),
        Err(e) => return Err(post.reporter.failed(e)),
    };
    post.back(status, outcome).await
}

/// `POST /suivi/accompagnement/code`: the reporter noted the help request's code; the page no
/// longer shows it.
pub async fn noted(post: FollowPost) -> Result<Response, PageError> {
    let forgotten = post
        .reporter
        .state
        .app
        .forget_help_link_code(&post.reporter.session)
        .await;
    forgotten.map_err(|e| post.reporter.failed(e))?;
    let notice = Some("link-code-noted-notice");
    post.back(StatusCode::OK, (None, notice)).await
}
