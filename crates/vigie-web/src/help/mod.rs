//! `/aide` (and `/en/aide`, `/ar/aide`): where a victim, a relative or a witness finds help. The
//! emergency and national numbers come first, with a quick-exit link; then the online help request
//! (issue 11), which reaches the caseworkers' team and answers with a follow-up code ([`request`]).

mod request;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::Response;
use axum::routing::get;
use vigie_domain::help::HelpForm;

use crate::i18n::Lang;
use crate::layout::PageCtx;
use crate::state::AppState;
pub use request::RequestForm;
pub(crate) use request::choices;

/// Where the quick-exit link leads: a neutral, common page (the weather), so that a glance at the
/// screen, or the browser's last page, shows nothing about help. A plain link: it makes no request
/// until it is followed, and pages work without JavaScript.
pub const QUICK_EXIT_URL: &str = "https://meteofrance.com/";

/// A help line: its number (as dialled), and the message keys of its name and of when it answers.
pub struct HelpLine {
    /// The number as dialled (`tel:` link).
    pub number: &'static str,
    /// The number as read aloud and shown (`116 006`).
    pub shown: &'static str,
    /// The message key of what it is for.
    pub name_key: &'static str,
    /// The message key of when and how it answers.
    pub hours_key: &'static str,
}

/// The national help lines, after the emergency numbers: free calls from any phone in France.
pub const HELP_LINES: [HelpLine; 4] = [
    HelpLine {
        number: "116006",
        shown: "116 006",
        name_key: "help-line-victims",
        hours_key: "help-line-victims-hours",
    },
    HelpLine {
        number: "119",
        shown: "119",
        name_key: "help-line-children",
        hours_key: "help-line-always",
    },
    HelpLine {
        number: "3919",
        shown: "3919",
        name_key: "help-line-women",
        hours_key: "help-line-always",
    },
    HelpLine {
        number: "114",
        shown: "114",
        name_key: "help-line-text",
        hours_key: "help-line-text-hours",
    },
];

/// The help page: the numbers first, then the online request's form (or, when the service cannot
/// take requests, a note that sends to the numbers instead).
#[derive(Template)]
#[template(path = "help/page.html")]
pub struct HelpPage {
    /// Layout context.
    pub ctx: PageCtx,
    /// The national help lines.
    pub lines: &'static [HelpLine],
    /// The help request's form; `None` when no team can take requests.
    pub form: Option<RequestForm>,
}

/// `GET /aide`, `/en/aide`, `/ar/aide`: the numbers and an empty form.
pub async fn help_page(State(state): State<AppState>, lang: Lang) -> Response {
    use crate::report::admission::{PublicForm, issue};
    let token = issue(&state, request::Request::PURPOSE);
    let blank = (crate::form_pages::BlankForm::Help, lang);
    state.form_pages.answer(blank, token, |csrf| {
        let mut form = RequestForm::new(&state, lang, HelpForm::default());
        form.csrf = csrf;
        page(&state, lang, Some(form))
    })
}

/// The help page in `lang` with `form`.
fn page(state: &AppState, lang: Lang, form: Option<RequestForm>) -> HelpPage {
    HelpPage {
        ctx: PageCtx::titled(lang, &state.web, "help-title", "/aide"),
        lines: &HELP_LINES,
        form,
    }
}

/// The victim's routes, at their French addresses (the router mounts them under `/en` and `/ar`):
/// the page and its form, whose body holds a message and a few short fields, never a file.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/aide",
        get(help_page)
            .post(crate::report::admission::post::<request::Request>)
            .layer(DefaultBodyLimit::max(request::BODY_LIMIT)),
    )
}
