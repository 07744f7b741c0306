//! The online help request on `/aide`: the form, its post and the page with the follow-up code.
//!
//! The post has the report form's protections ([`crate::report::admission`]): a multipart body
//! whose first field is a signed, single-use token of a minimum age, a body limit, no log line
//! (`/aide` is a reporter's path), `no-store`. A request refused for now, or with errors, comes back
//! filled as it was sent, but for the code word (see [`RequestForm::new`]).

use askama::Template;
use axum::extract::multipart::Multipart;
use axum::http::StatusCode;
use axum::response::Response;
use vigie_app::AppError;
use vigie_domain::help::{
    Asker, Channel, FieldError, HelpField, HelpForm, Need, Urgency, validate_help,
};

use super::page;
use crate::layout::PageCtx;
use crate::report::admission::{self, Posted, PublicForm, Texts};
use crate::report::upload::{MAX_TEXT_FIELD_BYTES, Part, next_part, read_text};
use crate::report::{Choice, app_error_page, area_choices};
use crate::staff::render;
use crate::state::AppState;
use crate::{Lang, PageError};

/// Largest body of the form: the message at its longest, and room for the short fields and the
/// multipart framing.
pub(super) const BODY_LIMIT: usize = 2 * MAX_TEXT_FIELD_BYTES;

/// The help request's form as the page shows it: empty, or as it was posted.
pub struct RequestForm {
    lang: Lang,
    pub(super) csrf: String,
    pub(super) askers: Vec<Choice>,
    pub(super) needs: Vec<Choice>,
    pub(super) urgencies: Vec<Choice>,
    pub(super) districts: Vec<Choice>,
    pub(super) channels: Vec<Choice>,
    /// The text fields as posted; the code word is always empty here.
    pub(super) values: HelpForm,
    /// Each field's first error, translated, in the form's order.
    pub(super) errors: Vec<(HelpField, String)>,
    /// A code word was typed and is not shown again: its field asks for it anew.
    pub(super) code_word_dropped: bool,
    /// Why the form comes back without errors in it (sent too soon, already sent).
    pub(super) notice: Option<String>,
}

/// Each field: its name in the form, the message key of its label (or legend), and the id of its
/// first input (where the summary's link leads).
fn field_info(f: HelpField) -> (&'static str, &'static str, String) {
    let first = |name: &'static str, code: &str| format!("{name}-{code}");
    match f {
        HelpField::Asker => (
            "asker",
            "help-asker",
            first("asker", Asker::ALL[0].as_str()),
        ),
        HelpField::Needs => ("needs", "help-needs", first("needs", Need::ALL[0].as_str())),
        HelpField::Urgency => (
            "urgency",
            "help-urgency",
            first("urgency", Urgency::ALL[0].as_str()),
        ),
        HelpField::Channel => (
            "channel",
            "help-channel",
            first("channel", Channel::ALL[0].as_str()),
        ),
        HelpField::District => ("district", "help-district", "district".into()),
        HelpField::Message => ("message", "help-message", "message".into()),
        HelpField::Contact => ("contact", "help-contact", "contact".into()),
        HelpField::SafeTimes => ("safe_times", "help-safe-times", "safe_times".into()),
        HelpField::CodeWord => ("code_word", "help-code-word", "code_word".into()),
    }
}

/// The fields in the page's order, so that the summary lists errors as the form shows them.
const ORDER: [HelpField; 9] = [
    HelpField::Asker,
    HelpField::Needs,
    HelpField::Urgency,
    HelpField::District,
    HelpField::Message,
    HelpField::Channel,
    HelpField::Contact,
    HelpField::SafeTimes,
    HelpField::CodeWord,
];

/// The options of a group of codes (`help-{group}-{code}` labels), those `chosen` checked.
pub(crate) fn choices<T: Copy>(
    lang: Lang,
    all: &[T],
    code: fn(T) -> &'static str,
    group: &str,
    chosen: impl Fn(&str) -> bool,
) -> Vec<Choice> {
    all.iter()
        .map(|&c| Choice {
            value: code(c).to_owned(),
            label: lang.t(&format!("help-{group}-{}", code(c))),
            selected: chosen(code(c)),
        })
        .collect()
}

impl RequestForm {
    /// The form filled with `posted` (empty for a new one), with a fresh token.
    ///
    /// The code word is never written back into the page: it proves the team to the person, and a
    /// page holding it may be read later (the browser's history and restored tabs, a screen seen
    /// over a shoulder, a phone taken), which the message and the number can survive better than
    /// the one secret meant to tell the team from an impostor. Typing a word again costs little.
    pub fn new(state: &AppState, lang: Lang, mut posted: HelpForm) -> Self {
        let code_word_dropped = !posted.code_word.trim().is_empty();
        posted.code_word.clear();
        // Nobody is called unless they chose it: "only through my code" is the default.
        if posted.channel.is_empty() {
            posted.channel = Channel::FollowUpOnly.as_str().to_owned();
        }
        let (districts, _) = area_choices(&state.app.settings().areas, &posted.district, "");
        let v = &posted;
        RequestForm {
            lang,
            csrf: admission::issue(state, Request::PURPOSE),
            askers: choices(lang, Asker::ALL, Asker::as_str, "asker", |c| c == v.asker),
            needs: choices(lang, Need::ALL, Need::as_str, "need", |c| {
                v.needs.iter().any(|n| n == c)
            }),
            urgencies: choices(lang, Urgency::ALL, Urgency::as_str, "urgency", |c| {
                c == v.urgency
            }),
            channels: choices(lang, Channel::ALL, Channel::as_str, "channel", |c| {
                c == v.channel
            }),
            districts,
            values: posted,
            errors: Vec::new(),
            code_word_dropped,
            notice: None,
        }
    }

    /// Keeps the first error of each field, translated, in the page's order.
    fn with_errors(mut self, errors: &[(HelpField, FieldError)]) -> Self {
        let lang = self.lang;
        self.errors = ORDER
            .iter()
            .filter_map(|f| errors.iter().find(|(e, _)| e == f))
            .map(|&(f, e)| (f, lang.t(error_key(f, e))))
            .collect();
        self
    }

    /// The error beside the field named `name`, if any.
    pub(super) fn error_for(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| field_info(*f).0 == name)
            .map(|(_, m)| m.as_str())
    }

    /// The summary's lines: the id of the field's first input, and its label with its error.
    pub(super) fn summary(&self) -> Vec<(String, String)> {
        let lang = self.lang;
        self.errors
            .iter()
            .map(|(f, message)| {
                let (_, label, anchor) = field_info(*f);
                let args = [("field", lang.t(label)), ("message", message.clone())];
                (anchor, lang.t_args("help-error-line", &args))
            })
            .collect()
    }

    /// The code word's hint, which says to type it again when it was dropped.
    pub(super) fn code_word_hint(&self) -> String {
        let hint = self.lang.t("help-code-word-hint");
        if self.code_word_dropped {
            format!("{hint} {}", self.lang.t("help-code-word-again"))
        } else {
            hint
        }
    }
}

/// The message key of an error: what to do, said for the field where a general word would not do.
fn error_key(field: HelpField, e: FieldError) -> &'static str {
    match (field, e) {
        (_, FieldError::TooLong) => "report-error-too-long",
        (HelpField::Needs, FieldError::Required) => "help-error-needs",
        (HelpField::Contact, _) => "help-error-contact",
        (_, FieldError::Required) => "help-error-choose",
        (_, FieldError::Unknown | FieldError::BadDate) => "help-error-unknown",
    }
}

/// The page with the follow-up code.
#[derive(Template)]
#[template(path = "help/done.html")]
struct DonePage {
    ctx: PageCtx,
    receipt: String,
    /// The message key of how the team may reach the person besides `/suivi`; `None`: only there.
    channel: Option<String>,
    /// The person gave a code word.
    code_word: bool,
}

/// Reads the rest of the form (after its token). Unknown fields are ignored, never stored.
async fn read_form(mp: &mut Multipart, lang: Lang) -> Result<HelpForm, PageError> {
    let mut form = HelpForm::default();
    while let Some(part) = next_part(mp, lang).await? {
        let (name, value) = match part {
            Part::Text(name, value) => (name, value),
            // Read as any other field (capped, UTF-8), then dropped: this form takes no file.
            Part::File(field) => {
                read_text(*field, lang).await?;
                continue;
            }
        };
        match name.as_str() {
            "asker" => form.asker = value,
            "needs" => form.needs.push(value),
            "urgency" => form.urgency = value,
            "district" => form.district = value,
            "message" => form.message = value,
            "channel" => form.channel = value,
            "contact" => form.contact = value,
            "safe_times" => form.safe_times = value,
            "code_word" => form.code_word = value,
            _ => {}
        }
    }
    Ok(form)
}

/// `POST /aide` ([`admission::post`]): the request checked, sealed and stored, and the follow-up
/// code shown once.
pub struct Request;

impl admission::PublicForm for Request {
    /// A report form's token opens no help request, and the other way round.
    const PURPOSE: &'static str = "help";
    const TEXTS: Texts = Texts {
        too_soon: "help-too-soon",
        already_sent: "help-already-sent",
        resend: "help-resend-steps",
    };

    async fn refused(posted: Posted<'_>, notice: String) -> Result<Response, PageError> {
        let Posted { state, lang, mp } = posted;
        let mut form = RequestForm::new(state, lang, read_form(mp, lang).await?);
        form.notice = Some(notice);
        Ok(render(&page(state, lang, Some(form)), StatusCode::OK, lang))
    }

    /// Reads and checks the admitted form, then stores the request. `true` with the response when
    /// a request was stored.
    async fn receive(posted: Posted<'_>) -> Result<(Response, bool), PageError> {
        receive(
            posted.state,
            posted.lang,
            read_form(posted.mp, posted.lang).await?,
        )
        .await
    }
}

/// Checks the `posted` form and stores the request.
async fn receive(
    state: &AppState,
    lang: Lang,
    posted: HelpForm,
) -> Result<(Response, bool), PageError> {
    let now = state.app.clock().unix();
    let request = match validate_help(&posted, &state.app.settings().areas, now) {
        Ok(r) => r,
        Err(errors) => {
            let form = RequestForm::new(state, lang, posted).with_errors(&errors);
            let shown = render(
                &page(state, lang, Some(form)),
                StatusCode::BAD_REQUEST,
                lang,
            );
            return Ok((shown, false));
        }
    };
    // What the page says of the way back to the person, known before the request is moved.
    let contact = request.contact.as_ref();
    let channel = contact.map(|c| format!("help-done-channel-{}", c.channel.as_str()));
    let code_word = contact.is_some_and(|c| c.code_word.is_some());
    match state.app.submit_help_request(request).await {
        Ok(sent) => {
            let page = DonePage {
                ctx: PageCtx::titled(lang, &state.web, "help-done-title", "/aide"),
                receipt: sent.receipt.display(),
                channel,
                code_word,
            };
            Ok((render(&page, StatusCode::OK, lang), true))
        }
        Err(AppError::NoHelpTeam) => {
            // Counted among the day's reporter warnings (nothing is written for this request).
            tracing::error!("a help request arrived but no caseworkers' team is set to receive it");
            let shown = render(
                &page(state, lang, None),
                StatusCode::SERVICE_UNAVAILABLE,
                lang,
            );
            Ok((shown, false))
        }
        Err(e) => Err(app_error_page(state, lang, e)),
    }
}
