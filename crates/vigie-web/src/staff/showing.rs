//! The page being shown: who asked and with which query string ([`Landed`], said by the
//! extractors of a page), and what the page says above its content and how it is answered
//! ([`Showing`]): the message of what a form did, or the app's refusal of a form's input (422).

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use vigie_app::{App, AppError};
use vigie_domain::Principal;
use vigie_vault::SecretKey;

use super::kit::{Gate, ItemPage, Notice, Outcome, View, record_error, with_secret};
use super::{StaffPage, item_page, render, staff_page};
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError};

/// A page asked for (a GET), that may have been redirected to with an outcome (`?fait=…`).
pub(crate) trait Landed {
    /// The application and who asked.
    fn asker(&self) -> (&AppState, &Staff);
    /// The page's query string.
    fn query(&self) -> &[(String, String)];

    /// The reader's language.
    fn lang(&self) -> Lang {
        self.asker().1.lang
    }

    /// The message of the outcome `O` the page was redirected to with, translated.
    fn notice<O: Outcome>(&self) -> Option<String> {
        Notice::<O>::from_pairs(self.query()).message(self.lang())
    }

    /// The page to show, with the message of the outcome `O` it was redirected to with, if any.
    fn showing<O: Outcome>(&self) -> Showing<'_> {
        let (state, staff) = self.asker();
        Showing {
            notice: self.notice::<O>(),
            ..Showing::new(state, staff)
        }
    }
}

/// Lets the extractors of a page say who asked and with which query string.
macro_rules! landed {
    ($($page:ty $(where $p:ident: $bound:path)?),+) => {$(
        impl<$($p: $bound)?> $crate::staff::kit::Landed for $page {
            fn asker(&self) -> (&$crate::state::AppState, &$crate::session::Staff) {
                (&self.state, &self.staff)
            }
            fn query(&self) -> &[(String, String)] {
                &self.query
            }
        }
    )+};
}
pub(crate) use landed;

landed!(View<G> where G: Gate, ItemPage<T> where T: Send);

/// A page being shown: to whom, what it says above its content (the message of what a form did, or
/// why the app refused a form's input) and the status it is answered with.
pub(crate) struct Showing<'a> {
    /// The application.
    pub state: &'a AppState,
    /// Who reads.
    pub staff: &'a Staff,
    /// The message of what a form did.
    pub notice: Option<String>,
    /// Why the app refused a form's input.
    pub error: Option<String>,
    /// The status of the answer (200, or 422 with a refused input).
    pub status: StatusCode,
}

impl<'a> Showing<'a> {
    /// The page for `staff`, saying nothing more, 200.
    pub fn new(state: &'a AppState, staff: &'a Staff) -> Self {
        Showing {
            state,
            staff,
            notice: None,
            error: None,
            status: StatusCode::OK,
        }
    }

    /// The page shown again with the app's refusal of a form's input, 422.
    pub fn refused(state: &'a AppState, staff: &'a Staff, message: String) -> Self {
        Showing {
            error: Some(message),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..Showing::new(state, staff)
        }
    }

    /// The page shown again with a form's errors beside its fields, 422.
    pub fn invalid(state: &'a AppState, staff: &'a Staff) -> Self {
        Showing {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..Showing::new(state, staff)
        }
    }

    /// The reader's language.
    pub fn lang(&self) -> Lang {
        self.staff.lang
    }

    /// What the app answers to `ask` ([`ask`]).
    pub async fn ask<T>(
        &self,
        ask: impl AsyncFnOnce(&App, &Principal) -> Result<T, AppError>,
    ) -> Result<T, PageError> {
        super::kit::ask(self.state, self.staff, ask).await
    }

    /// What the app answers to `ask` about a record of a directory, or the page for its error
    /// ([`record_error`], with the hint `altered`).
    pub async fn record<T>(
        &self,
        ask: impl AsyncFnOnce(&App, &Principal) -> Result<T, AppError>,
        altered: Option<&'static str>,
    ) -> Result<T, PageError> {
        let answer = ask(&self.state.app, &self.staff.principal).await;
        answer.map_err(|e| record_error(self.state, self.lang(), e, altered))
    }

    /// What the app answers to `ask` with the reader's secret key ([`with_secret`]).
    pub async fn opened<T>(
        &self,
        ask: impl AsyncFnOnce(&App, &Principal, &SecretKey) -> Result<T, AppError>,
    ) -> Result<T, PageError> {
        with_secret(self.state, self.staff, ask).await
    }

    /// `page` (a layout) saying this page's notice and error.
    pub fn saying(&self, page: StaffPage) -> StaffPage {
        StaffPage {
            notice: self.notice.clone(),
            error: self.error.clone(),
            ..page
        }
    }

    /// The layout of the page titled `title_key` at `path` ([`staff_page`]), saying its notice.
    pub fn staff_page(&self, title_key: &str, path: &str) -> StaffPage {
        self.saying(staff_page(self.state, self.staff, title_key, path))
    }

    /// The layout of the page of item `id` at `path` ([`item_page`]), saying its notice and error.
    pub fn item_page<G: Gate>(&self, (id, path): (&G::Id, &str), title: String) -> StaffPage {
        self.saying(item_page::<G>(self.state, self.staff, (id, path), title))
    }

    /// `page`, answered with this page's status.
    pub fn render(&self, page: &impl Template) -> Response {
        render(page, self.status, self.lang())
    }
}

/// A form's errors as its page shows them: the first of each field beside it (by the field's name
/// in the form), and a summary before the form whose lines link to the fields (`macros.html`'s
/// `error_summary`). One type for every form that posts field by field.
#[derive(Default)]
pub struct FieldErrors {
    beside: Vec<(String, String)>,
    /// The summary's lines: (the id of the field's input, the line).
    pub summary: Vec<(String, String)>,
    /// Whether a text looked like a person's name (coordination's forms then offer the box that
    /// confirms there is none).
    pub name_warning: bool,
    intro: String,
}

impl FieldErrors {
    /// `errors` (a field's name and its problem, in the form's order) introduced by `intro`:
    /// `message` words the first problem of a field, `line` makes its summary's line (the input's
    /// id, the text) from the field's name and that message.
    pub fn new<'e, F: FieldName + 'e, P: 'e>(
        errors: impl IntoIterator<Item = &'e (F, P)>,
        intro: String,
        mut message: impl FnMut(&F, &P) -> String,
        mut line: impl FnMut(&F, &str) -> (String, String),
    ) -> Self {
        let mut out = FieldErrors {
            intro,
            ..FieldErrors::default()
        };
        for (field, p) in errors {
            if out.error_for(field.field_name()).is_some() {
                continue;
            }
            let said = message(field, p);
            out.summary.push(line(field, &said));
            out.beside.push((field.field_name().to_owned(), said));
        }
        out
    }

    /// The error beside field `name`, if any.
    pub fn error_for(&self, name: &str) -> Option<&str> {
        self.beside
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.as_str())
    }

    /// Whether the form has errors.
    pub fn any(&self) -> bool {
        !self.beside.is_empty()
    }

    /// The summary's introduction.
    pub fn intro(&self) -> &str {
        &self.intro
    }
}

/// A form's field as its errors name it: by its name in the form.
pub trait FieldName {
    /// The field's name in the form.
    fn field_name(&self) -> &str;
}

impl FieldName for String {
    fn field_name(&self) -> &str {
        self
    }
}

impl FieldName for vigie_domain::partner::PartnerField {
    fn field_name(&self) -> &str {
        self.as_str()
    }
}
