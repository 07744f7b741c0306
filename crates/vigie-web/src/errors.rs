//! Error pages: a [`PageError`] is what a page handler returns when it cannot show
//! the page; it renders a localized page with the right status.
//!
//! ```
//! # use vigie_web::{ErrorKind, Lang, PageError};
//! fn check(lang: Lang, token_ok: bool) -> Result<(), PageError> {
//!     if !token_ok {
//!         return Err(ErrorKind::CsrfFailed.in_lang(lang));
//!     }
//!     Ok(())
//! }
//! ```

use askama::Template;
use axum::extract::OriginalUri;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::config::WebConfig;
use crate::i18n::Lang;
use crate::layout::PageCtx;

/// What went wrong, independent of the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 404: no such page.
    NotFound,
    /// 403: the form's CSRF token is missing, forged or expired.
    CsrfFailed,
    /// 403: not allowed.
    Forbidden,
    /// 413: the request body is too large.
    TooLarge,
    /// 429: throttled; `Retry-After` is sent.
    TooManyRequests {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// 503: a bounded queue is full; `Retry-After` is sent.
    Unavailable {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// 400: the request is malformed; the key names the Fluent message saying what to fix.
    BadRequest {
        /// Fluent key of the explanation.
        reason: &'static str,
    },
    /// 500: a generic page, no detail shown or logged.
    Internal,
}

impl ErrorKind {
    /// This error, shown in `lang`.
    pub fn in_lang(self, lang: Lang) -> PageError {
        PageError::new(lang, self)
    }

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::CsrfFailed | ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn retry_after(self) -> Option<u64> {
        match self {
            ErrorKind::TooManyRequests { retry_after_secs }
            | ErrorKind::Unavailable { retry_after_secs } => Some(retry_after_secs.max(1)),
            _ => None,
        }
    }

    /// Title key and paragraphs (translated) of the page.
    fn texts(self, lang: Lang) -> (&'static str, Vec<String>) {
        let seconds = || [("seconds", self.retry_after().unwrap_or(1).to_string())];
        match self {
            ErrorKind::NotFound => ("error-404-title", vec![lang.t("error-404-text")]),
            ErrorKind::CsrfFailed => (
                "error-csrf-title",
                vec![lang.t("error-csrf-text"), lang.t("error-csrf-steps")],
            ),
            ErrorKind::Forbidden => ("error-403-title", vec![lang.t("error-403-text")]),
            ErrorKind::TooLarge => ("error-413-title", vec![lang.t("error-413-text")]),
            ErrorKind::TooManyRequests { .. } => (
                "error-429-title",
                vec![lang.t_args("error-429-text", &seconds())],
            ),
            ErrorKind::Unavailable { .. } => (
                "error-503-title",
                vec![lang.t_args("error-503-text", &seconds())],
            ),
            ErrorKind::BadRequest { reason } => ("error-400-title", vec![lang.t(reason)]),
            ErrorKind::Internal => ("error-500-title", vec![lang.t("error-500-text")]),
        }
    }
}

/// An error page in a language; handlers return `Result<_, PageError>`.
///
/// Build it with [`ErrorKind::in_lang`] or the shortcuts ([`PageError::not_found`]...).
/// The page shows the demo banner only if built with [`PageError::with_config`]
/// (error pages are rendered without the app state).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The page's language.
    pub lang: Lang,
    demo: bool,
    /// A Fluent key of one more paragraph (what to do next).
    hint: Option<&'static str>,
}

impl PageError {
    /// `kind` shown in `lang`.
    pub fn new(lang: Lang, kind: ErrorKind) -> Self {
        Self {
            kind,
            lang,
            demo: false,
            hint: None,
        }
    }

    /// 400, with the Fluent key of what to fix.
    pub fn bad_request(lang: Lang, reason: &'static str) -> Self {
        Self::new(lang, ErrorKind::BadRequest { reason })
    }

    /// 404.
    pub fn not_found(lang: Lang) -> Self {
        Self::new(lang, ErrorKind::NotFound)
    }

    /// 403, CSRF token missing, forged or expired.
    pub fn csrf_failed(lang: Lang) -> Self {
        Self::new(lang, ErrorKind::CsrfFailed)
    }

    /// 403.
    pub fn forbidden(lang: Lang) -> Self {
        Self::new(lang, ErrorKind::Forbidden)
    }

    /// 413.
    pub fn too_large(lang: Lang) -> Self {
        Self::new(lang, ErrorKind::TooLarge)
    }

    /// 429 with `Retry-After`.
    pub fn too_many_requests(lang: Lang, retry_after_secs: u64) -> Self {
        Self::new(lang, ErrorKind::TooManyRequests { retry_after_secs })
    }

    /// 503 with `Retry-After`.
    pub fn unavailable(lang: Lang, retry_after_secs: u64) -> Self {
        Self::new(lang, ErrorKind::Unavailable { retry_after_secs })
    }

    /// 500. Log what you need (nothing sensitive) before returning it.
    pub fn internal(lang: Lang) -> Self {
        Self::new(lang, ErrorKind::Internal)
    }

    /// Takes the demo flag from the configuration, so that the page shows the banner.
    pub fn with_config(mut self, cfg: &WebConfig) -> Self {
        self.demo = cfg.demo;
        self
    }

    /// Adds a paragraph saying what to do next (a Fluent key), e.g. how to resend a form.
    pub fn with_hint(mut self, key: &'static str) -> Self {
        self.hint = Some(key);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    paragraphs: Vec<String>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.kind.status();
        if self.kind == ErrorKind::Internal {
            // Deliberately no detail: whatever failed may carry personal data.
            tracing::error!(status = status.as_u16(), "internal error page");
        }
        let (title_key, mut paragraphs) = self.kind.texts(self.lang);
        if let Some(hint) = self.hint {
            paragraphs.push(self.lang.t(hint));
        }
        let mut cfg = WebConfig::new("");
        cfg.demo = self.demo;
        let mut ctx = PageCtx::new(self.lang, &cfg, self.lang.t(title_key), "/");
        ctx.path = String::new(); // no navigation entry is the current page
        let page = ErrorPage {
            ctx,
            status: status.as_u16(),
            paragraphs,
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, self.lang.t(title_key)).into_response(),
        };
        if let Some(secs) = self.kind.retry_after() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// The fallback handler: a 404 page in the language of the path (`/en/…` is English),
/// with the demo banner when configured.
pub async fn not_found_page(
    axum::extract::State(cfg): axum::extract::State<WebConfig>,
    OriginalUri(uri): OriginalUri,
) -> PageError {
    PageError::not_found(Lang::from_path(uri.path())).with_config(&cfg)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let cases = [
            (ErrorKind::NotFound, 404),
            (ErrorKind::CsrfFailed, 403),
            (ErrorKind::Forbidden, 403),
            (ErrorKind::TooLarge, 413),
            (
                ErrorKind::TooManyRequests {
                    retry_after_secs: 5,
                },
                429,
            ),
            (
                ErrorKind::Unavailable {
                    retry_after_secs: 30,
                },
                503,
            ),
            (ErrorKind::Internal, 500),
        ];
        for (kind, code) in cases {
            for lang in Lang::ALL {
                let response = kind.in_lang(lang).into_response();
                assert_eq!(response.status().as_u16(), code);
                let retry = response.headers().get(header::RETRY_AFTER);
                assert_eq!(retry.is_some(), code == 429 || code == 503);
            }
        }
    }

    #[test]
    fn texts_are_localized_with_seconds() {
        let (title, paragraphs) = ErrorKind::Unavailable {
            retry_after_secs: 30,
        }
        .texts(Lang::Fr);
        assert_eq!(Lang::Fr.t(title), "Service saturé");
        assert_eq!(
            paragraphs,
            vec!["Le service est saturé pour le moment. Réessayez dans 30 secondes.".to_owned()]
        );
        let (_, en) = ErrorKind::CsrfFailed.texts(Lang::En);
        assert!(en[1].contains("reload"));
    }
}
