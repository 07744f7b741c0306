//! `/aide` (and `/en/aide`): where a victim, a relative or a witness finds help now. The emergency
//! and national numbers come first, with a quick-exit link; the online help request that reaches the
//! caseworkers (issue 11) joins this page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{OriginalUri, State};

use crate::config::WebConfig;
use crate::i18n::Lang;
use crate::layout::PageCtx;

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

/// The help page.
#[derive(Template, WebTemplate)]
#[template(path = "help/page.html")]
pub struct HelpPage {
    /// Layout context.
    pub ctx: PageCtx,
    /// The national help lines.
    pub lines: &'static [HelpLine],
}

/// `GET /aide` and `GET /en/aide`.
pub async fn help_page(State(cfg): State<WebConfig>, OriginalUri(uri): OriginalUri) -> HelpPage {
    let lang = Lang::from_path(uri.path());
    HelpPage {
        ctx: PageCtx::titled(lang, &cfg, "help-title", uri.path()),
        lines: &HELP_LINES,
    }
}
