//! Admission of new reports without any client identifier (over Tor every client shares one address,
//! and vigie keeps none): the report form's token is single-use and must be a few seconds old.
//!
//! A bot must fetch a form and wait before each submission, and cannot replay one token many times.
//! The used nonces live in this instance's memory only, each until its token expires, in a bounded
//! set: nothing is written, so nothing dates a report.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use vigie_vault::csrf::NONCE_BYTES;

use super::upload::read_token;
use crate::state::AppState;
use crate::{ErrorKind, Lang, PageError};

/// How long a report form stays valid (a long report must still go through).
pub const FORM_TTL_SECS: i64 = 4 * 3600;
/// Most nonces remembered at once; past it (after forgetting expired ones), new reports wait.
const MAX_USED: usize = 100_000;

/// The nonces of report forms that were sent (or are being sent), each with its token's expiry.
#[derive(Debug, Default)]
pub struct UsedNonces {
    used: Mutex<HashMap<[u8; NONCE_BYTES], i64>>,
}

/// What the admission says of a submitted token.
#[derive(Debug)]
enum Admission {
    /// Accepted: the nonce is taken until the ticket is dropped without [`Ticket::keep`].
    Admitted(Ticket),
    /// Genuine, but younger than the minimum age.
    TooSoon,
    /// Genuine, but already sent (or being sent right now).
    Replayed,
    /// The set of used nonces is full: retry later.
    Full,
}

/// A nonce taken by a submission in progress. Dropped without [`Ticket::keep`] (the submission
/// failed, was refused for now, or the client went away), it frees the nonce, so that going back and
/// sending the same page again works.
#[derive(Debug)]
pub struct Ticket {
    nonces: Arc<UsedNonces>,
    nonce: [u8; NONCE_BYTES],
    kept: bool,
}

impl Ticket {
    /// The report was stored: the token is spent for good.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if !self.kept
            && let Ok(mut used) = self.nonces.used.lock()
        {
            used.remove(&self.nonce);
        }
    }
}

impl UsedNonces {
    /// Takes `nonce` (valid until `expires_at`) if it is free.
    fn take(self: &Arc<Self>, nonce: [u8; NONCE_BYTES], expires_at: i64, now: i64) -> Admission {
        let Ok(mut used) = self.used.lock() else {
            return Admission::Full;
        };
        if used.contains_key(&nonce) {
            return Admission::Replayed;
        }
        if used.len() >= MAX_USED {
            used.retain(|_, exp| *exp >= now);
            if used.len() >= MAX_USED {
                return Admission::Full;
            }
        }
        used.insert(nonce, expires_at);
        Admission::Admitted(Ticket {
            nonces: self.clone(),
            nonce,
            kept: false,
        })
    }
}

/// A single-use token for the report form.
pub fn issue(state: &AppState, purpose: &str) -> String {
    state
        .app
        .csrf_key()
        .issue_single_use(purpose, state.app.clock().unix() + FORM_TTL_SECS)
}

/// Checks a report form's token: a forged, malformed or expired one is the usual 403 page; a genuine
/// one is admitted, or said too young or already sent.
fn admit(state: &AppState, lang: Lang, token: &str, purpose: &str) -> Result<Admission, PageError> {
    let now = state.app.clock().unix();
    let genuine = state
        .app
        .csrf_key()
        .check_single_use(token, purpose, now)
        .map_err(|_| PageError::csrf_failed(lang).with_config(&state.web))?;
    let issued_at = genuine.expires_at - FORM_TTL_SECS;
    let min_age = i64::try_from(state.app.settings().reports.form_min_age.as_secs()).unwrap_or(0);
    if now - issued_at < min_age {
        return Ok(Admission::TooSoon);
    }
    Ok(state.admission.take(genuine.nonce, genuine.expires_at, now))
}

/// The messages of a public form that takes a single-use token (Fluent keys): its own words for
/// "sent too soon", "already sent" and how to send it again.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Texts {
    /// Sent before the minimum age (takes `$seconds`); what was written is shown again below it.
    pub too_soon: &'static str,
    /// The token was already spent (or is being spent).
    pub already_sent: &'static str,
    /// On a 429 or 503 page: nothing was stored, go back and send again.
    pub resend: &'static str,
}

/// A genuine post refused for now: the form comes back as it was filled, under `notice`, with a
/// fresh token and this status.
#[derive(Debug)]
struct Refusal {
    /// What to tell the person above the form.
    notice: String,
    /// 429 (too soon) or 409 (already sent).
    status: StatusCode,
    retry_after: Option<u64>,
}

impl Refusal {
    /// `page` (the form shown again) with the refusal's status and `Retry-After`.
    fn respond(&self, mut page: Response) -> Response {
        *page.status_mut() = self.status;
        if let Some(secs) = self.retry_after {
            page.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        page
    }
}

/// A public form posted as multipart with a single-use token first (the report form, the help
/// request): what it reads and stores, and how it shows itself again. [`post`] does the rest.
pub(crate) trait PublicForm {
    /// The purpose its token is signed for (a token for one form opens no other).
    const PURPOSE: &'static str;
    /// Its words for a post refused for now.
    const TEXTS: Texts;

    /// The form shown again as it was filled (the rest of the body), under `notice`, with a fresh
    /// token; [`post`] gives it the refusal's status.
    fn refused(
        posted: Posted<'_>,
        notice: String,
    ) -> impl Future<Output = Result<Response, PageError>> + Send;

    /// Reads the admitted rest of the body and stores what it holds: the page to answer with, and
    /// whether something was stored (which spends the token).
    fn receive(
        posted: Posted<'_>,
    ) -> impl Future<Output = Result<(Response, bool), PageError>> + Send;
}

/// The rest of a public form's body (after its token), with what reading it needs.
pub(crate) struct Posted<'a> {
    /// The application.
    pub state: &'a AppState,
    /// The page's language.
    pub lang: Lang,
    /// The body, its token read.
    pub mp: &'a mut Multipart,
}

/// `POST` of a [`PublicForm`]: the token must be the body's first field, so that nothing of a
/// forged request is read further, let alone stored; it is single-use and must be old enough. A
/// post refused for now (too soon, already sent, busy) keeps what the person wrote.
pub(crate) async fn post<F: PublicForm>(
    State(state): State<AppState>,
    lang: Lang,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let mut mp = multipart.map_err(|_| PageError::bad_request(lang, "error-400-multipart"))?;
    let ticket = match admit_post(&state, lang, &mut mp, F::PURPOSE, F::TEXTS).await? {
        Ok(ticket) => ticket,
        Err(refusal) => {
            let posted = Posted {
                state: &state,
                lang,
                mp: &mut mp,
            };
            let page = F::refused(posted, refusal.notice.clone()).await?;
            return Ok(refusal.respond(page));
        }
    };
    let result = F::receive(Posted {
        state: &state,
        lang,
        mp: &mut mp,
    })
    .await;
    settle(&state, ticket, result, F::TEXTS)
}

/// Reads the token (the body's first field) and admits the post: a ticket, or a refusal for now,
/// or an error page.
async fn admit_post(
    state: &AppState,
    lang: Lang,
    mp: &mut Multipart,
    purpose: &str,
    texts: Texts,
) -> Result<Result<Ticket, Refusal>, PageError> {
    let token = read_token(mp, state, lang).await?;
    match admit(state, lang, &token, purpose)? {
        Admission::Admitted(ticket) => Ok(Ok(ticket)),
        Admission::TooSoon => {
            // The form comes back with a fresh token, which must wait the whole minimum age.
            let wait = state.app.settings().reports.form_min_age.as_secs().max(1);
            Ok(Err(Refusal {
                notice: lang.t_args(texts.too_soon, &[("seconds", wait.to_string())]),
                status: StatusCode::TOO_MANY_REQUESTS,
                retry_after: Some(wait),
            }))
        }
        Admission::Replayed => Ok(Err(Refusal {
            notice: lang.t(texts.already_sent),
            status: StatusCode::CONFLICT,
            retry_after: None,
        })),
        Admission::Full => Err(PageError::unavailable(lang, 60)
            .with_hint(texts.resend)
            .with_config(&state.web)),
    }
}

/// The end of an admitted post: the token is spent for good only when something was stored
/// (`result` is the page and whether it was); otherwise the ticket is dropped, so that the same page
/// can be sent again once a 429 or 503 wait is over, which those pages say how to do.
fn settle(
    state: &AppState,
    ticket: Ticket,
    result: Result<(Response, bool), PageError>,
    texts: Texts,
) -> Result<Response, PageError> {
    match result {
        Ok((response, stored)) => {
            if stored {
                ticket.keep();
            }
            Ok(response)
        }
        Err(e)
            if matches!(
                e.kind,
                ErrorKind::TooManyRequests { .. } | ErrorKind::Unavailable { .. }
            ) =>
        {
            Err(e.with_hint(texts.resend).with_config(&state.web))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn a_nonce_is_taken_once_and_freed_unless_kept() {
        let set = Arc::new(UsedNonces::default());
        let Admission::Admitted(t) = set.take([1; NONCE_BYTES], 100, 0) else {
            panic!("first use refused");
        };
        assert!(matches!(
            set.take([1; NONCE_BYTES], 100, 0),
            Admission::Replayed
        ));
        drop(t);
        let Admission::Admitted(t) = set.take([1; NONCE_BYTES], 100, 0) else {
            panic!("a freed nonce is refused");
        };
        t.keep();
        assert!(matches!(
            set.take([1; NONCE_BYTES], 100, 0),
            Admission::Replayed
        ));
    }
}
