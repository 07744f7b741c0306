//! Admission of new reports without any client identifier (over Tor every client shares one address,
//! and vigie keeps none): the report form's token is single-use and must be a few seconds old.
//!
//! A bot must fetch a form and wait before each submission, and cannot replay one token many times.
//! The used nonces live in this instance's memory only, each until its token expires, in a bounded
//! set: nothing is written, so nothing dates a report.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use vigie_vault::csrf::NONCE_BYTES;

use crate::state::AppState;
use crate::{Lang, PageError};

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
pub enum Admission {
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
pub fn admit(
    state: &AppState,
    lang: Lang,
    token: &str,
    purpose: &str,
) -> Result<Admission, PageError> {
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
