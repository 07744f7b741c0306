//! The blank form pages (`/signaler`, `/suivi`, `/aide`, `/espace/connexion`), rendered once per
//! language. Between two requests for one of them only the form token differs (the configuration
//! is read at start and never changes while the process runs), so the page is rendered once with
//! a placeholder where the token goes, and each response is that page with its fresh token in the
//! placeholder's place: the same bytes as a full rendering, for the cost of a copy.
//!
//! Anything that would make the two differ falls back to the full rendering: a page in which the
//! placeholder does not stand exactly once, or a token holding a character the template escapes.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::Lang;
use crate::staff::render;

/// Stands where the token goes while a page is rendered for the cache. It holds only characters
/// the template writes as they are, and no page's text holds it.
const SLOT: &str = "vigie-form-token-slot-6b1f0c2e";

/// A form page that is the same for every visitor but its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlankForm {
    /// `GET /signaler`.
    Report,
    /// `GET /suivi` without a session: the receipt form.
    Follow,
    /// `GET /aide`.
    Help,
    /// `GET /espace/connexion` without a notice.
    StaffLogin,
}

/// A page cut where its token goes.
struct Cut {
    head: String,
    tail: String,
}

/// The blank form pages rendered so far, by page and language.
#[derive(Default)]
pub struct FormPages {
    cut: RwLock<HashMap<(BlankForm, Lang), Arc<Cut>>>,
}

impl FormPages {
    /// The blank `form` in `lang` holding `token`, answered with 200. `build` makes the page that
    /// holds the token it is given; it runs once per page and language (or on each request where
    /// the page cannot be cut, see the module's documentation).
    pub fn answer<T: Template>(
        &self,
        (form, lang): (BlankForm, Lang),
        token: String,
        build: impl Fn(String) -> T,
    ) -> Response {
        if !written_as_is(&token) {
            return render(&build(token), StatusCode::OK, lang);
        }
        let cached = self.read().get(&(form, lang)).cloned();
        let cut = match cached {
            Some(cut) => cut,
            None => match build(SLOT.to_owned())
                .render()
                .ok()
                .and_then(|p| cut_at_slot(&p))
            {
                Some(cut) => {
                    let cut = Arc::new(cut);
                    let mut pages = self.cut.write().unwrap_or_else(PoisonError::into_inner);
                    pages.insert((form, lang), Arc::clone(&cut));
                    cut
                }
                None => return render(&build(token), StatusCode::OK, lang),
            },
        };
        let mut page = String::with_capacity(cut.head.len() + token.len() + cut.tail.len());
        page.push_str(&cut.head);
        page.push_str(&token);
        page.push_str(&cut.tail);
        (StatusCode::OK, Html(page)).into_response()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<(BlankForm, Lang), Arc<Cut>>> {
        // A panic while inserting leaves the map whole (an insert is not half done): read on.
        self.cut.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether the template writes `token` unchanged (askama escapes `<>&"'` and nothing these
/// tokens hold; anything else is rendered in full rather than trusted).
fn written_as_is(token: &str) -> bool {
    token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

/// `page` cut where the placeholder stands, if it stands there exactly once.
fn cut_at_slot(page: &str) -> Option<Cut> {
    let (head, tail) = page.split_once(SLOT)?;
    if tail.contains(SLOT) {
        return None;
    }
    Some(Cut {
        head: head.to_owned(),
        tail: tail.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Template)]
    #[template(
        source = "<form><input value=\"{{ csrf }}\"><p>{{ text }}</p></form>",
        ext = "html"
    )]
    struct Page {
        csrf: String,
        text: &'static str,
    }

    async fn body(r: Response) -> String {
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX).await;
        String::from_utf8(bytes.map(|b| b.to_vec()).unwrap_or_default()).unwrap_or_default()
    }

    fn full(csrf: &str, text: &'static str) -> String {
        let page = Page {
            csrf: csrf.to_owned(),
            text,
        };
        page.render().unwrap_or_default()
    }

    #[tokio::test]
    async fn a_cached_page_is_the_full_rendering_with_each_token() {
        let pages = FormPages::default();
        let key = (BlankForm::Report, Lang::Fr);
        for token in ["abc.DEF-123_~", "zz.9", ""] {
            let r = pages.answer(key, token.to_owned(), |csrf| Page {
                csrf,
                text: "a & b",
            });
            assert_eq!(body(r).await, full(token, "a & b"));
        }
        assert_eq!(pages.read().len(), 1);
    }

    #[tokio::test]
    async fn tokens_the_template_would_escape_are_rendered_in_full() {
        let pages = FormPages::default();
        let key = (BlankForm::Help, Lang::En);
        let r = pages.answer(key, "a\"b<c".to_owned(), |csrf| Page { csrf, text: "x" });
        assert_eq!(body(r).await, full("a\"b<c", "x"));
        assert!(pages.read().is_empty());
    }

    #[tokio::test]
    async fn a_page_holding_the_placeholder_twice_is_never_cut() {
        let pages = FormPages::default();
        let key = (BlankForm::Follow, Lang::Ar);
        let r = pages.answer(key, "t1".to_owned(), |csrf| Page { csrf, text: SLOT });
        assert_eq!(body(r).await, full("t1", SLOT));
        assert!(pages.read().is_empty());
    }
}
