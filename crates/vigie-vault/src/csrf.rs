//! Stateless CSRF tokens (DESIGN.md section 3b): nothing stored, no cookie needed.
//!
//! Token = base64url-no-pad(`expires_at` (i64 BE) || HMAC-SHA256(key, "vigie/csrf/v1" ||
//! len-prefixed purpose || len-prefixed binding || expires_at)). The purpose names the form, the binding
//! ties a staff token to its session (empty for anonymous forms), the expiry bounds replay.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac;
use zeroize::Zeroizing;

use crate::derive::{HmacSha256, hmac_sha256, len_prefix};

const TOKEN_BYTES: usize = 8 + 32;
/// Length of a token in base64url without padding.
const TOKEN_CHARS: usize = (TOKEN_BYTES * 4).div_ceil(3);
/// Random bytes that make a single-use token unique.
pub const NONCE_BYTES: usize = 16;
const ONCE_BYTES: usize = 8 + NONCE_BYTES + 32;
const ONCE_CHARS: usize = (ONCE_BYTES * 4).div_ceil(3);

/// What a genuine single-use token carries: its nonce (to be accepted once) and its expiry (from which
/// the caller knows the token's age).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SingleUse {
    /// The token's random nonce.
    pub nonce: [u8; NONCE_BYTES],
    /// Unix seconds after which the token is refused.
    pub expires_at: i64,
}

/// Why a CSRF token was refused. Answer 403 with a page saying which, in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CsrfError {
    /// No token was sent.
    #[error("missing form token")]
    Missing,
    /// The token is not the shape of one we issue.
    #[error("malformed form token")]
    Malformed,
    /// The MAC does not match: another form, another session, or forged.
    #[error("invalid form token")]
    Forged,
    /// A genuine token past its expiry.
    #[error("expired form token")]
    Expired,
}

/// The CSRF key, derived from the instance secret ([`crate::InstanceSecret::csrf_key`]). Zeroized on drop.
#[derive(Clone)]
pub struct CsrfKey(Zeroizing<[u8; 32]>);

impl CsrfKey {
    /// A key from its 32 bytes (tests; production derives it from the instance secret).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        CsrfKey(Zeroizing::new(bytes))
    }

    pub(crate) fn from_zeroizing(bytes: Zeroizing<[u8; 32]>) -> Self {
        CsrfKey(bytes)
    }

    #[cfg(test)]
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn mac(&self, purpose: &str, binding: &[u8], expires_at: i64) -> HmacSha256 {
        let mut m = hmac_sha256(&self.0);
        m.update(b"vigie/csrf/v1");
        m.update(&len_prefix(purpose.as_bytes()));
        m.update(purpose.as_bytes());
        m.update(&len_prefix(binding));
        m.update(binding);
        m.update(&expires_at.to_be_bytes());
        m
    }

    /// A token for the form `purpose`, bound to `binding`, valid until `expires_at` (Unix seconds,
    /// inclusive).
    pub fn issue(&self, purpose: &str, binding: &[u8], expires_at: i64) -> String {
        let mut raw = [0u8; TOKEN_BYTES];
        raw[..8].copy_from_slice(&expires_at.to_be_bytes());
        raw[8..].copy_from_slice(
            &self
                .mac(purpose, binding, expires_at)
                .finalize()
                .into_bytes(),
        );
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Checks a submitted token. The MAC is compared in constant time and checked before the expiry, so
    /// an altered expiry is [`CsrfError::Forged`], not [`CsrfError::Expired`].
    pub fn check(
        &self,
        token: &str,
        purpose: &str,
        binding: &[u8],
        now: i64,
    ) -> Result<(), CsrfError> {
        let (expires_at, raw) = decode::<TOKEN_BYTES>(token, TOKEN_CHARS)?;
        let mac = self.mac(purpose, binding, expires_at);
        verify(mac, &raw[8..], expires_at, now)
    }
}

impl CsrfKey {
    fn once_mac(&self, purpose: &str, nonce: &[u8; NONCE_BYTES], expires_at: i64) -> HmacSha256 {
        let mut m = hmac_sha256(&self.0);
        m.update(b"vigie/csrf-once/v1");
        m.update(&len_prefix(purpose.as_bytes()));
        m.update(purpose.as_bytes());
        m.update(nonce);
        m.update(&expires_at.to_be_bytes());
        m
    }

    /// A single-use token for an anonymous form: like [`CsrfKey::issue`], with a fresh random nonce
    /// so that the caller can accept it once ([`CsrfKey::check_single_use`]).
    pub fn issue_single_use(&self, purpose: &str, expires_at: i64) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut nonce);
        self.issue_with_nonce(purpose, nonce, expires_at)
    }

    fn issue_with_nonce(&self, purpose: &str, nonce: [u8; NONCE_BYTES], expires_at: i64) -> String {
        let mut raw = [0u8; ONCE_BYTES];
        raw[..8].copy_from_slice(&expires_at.to_be_bytes());
        raw[8..8 + NONCE_BYTES].copy_from_slice(&nonce);
        raw[8 + NONCE_BYTES..].copy_from_slice(
            &self
                .once_mac(purpose, &nonce, expires_at)
                .finalize()
                .into_bytes(),
        );
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Checks a single-use token's shape, MAC (in constant time, before the expiry) and expiry, and
    /// returns its nonce and expiry. Whether the nonce was already used is the caller's to know.
    pub fn check_single_use(
        &self,
        token: &str,
        purpose: &str,
        now: i64,
    ) -> Result<SingleUse, CsrfError> {
        let (expires_at, raw) = decode::<ONCE_BYTES>(token, ONCE_CHARS)?;
        let mut nonce = [0u8; NONCE_BYTES];
        nonce.copy_from_slice(&raw[8..8 + NONCE_BYTES]);
        let mac = self.once_mac(purpose, &nonce, expires_at);
        verify(mac, &raw[8 + NONCE_BYTES..], expires_at, now)?;
        Ok(SingleUse { nonce, expires_at })
    }
}

/// A token's expiry and its `N` bytes (the expiry first, big-endian): [`CsrfError::Missing`] when it
/// is empty, [`CsrfError::Malformed`] unless it is `chars` characters of unpadded base64url that decode
/// to exactly `N` bytes.
fn decode<const N: usize>(token: &str, chars: usize) -> Result<(i64, [u8; N]), CsrfError> {
    if token.is_empty() {
        return Err(CsrfError::Missing);
    }
    // Length first: decoding is then bounded whatever the client sent.
    if token.len() != chars {
        return Err(CsrfError::Malformed);
    }
    let bytes: [u8; N] = URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|raw| raw.try_into().ok())
        .ok_or(CsrfError::Malformed)?;
    let (exp, _) = bytes.split_first_chunk().ok_or(CsrfError::Malformed)?;
    Ok((i64::from_be_bytes(*exp), bytes))
}

/// Checks `tag` against `mac` in constant time, then the expiry: in that order, so that an altered
/// expiry is [`CsrfError::Forged`], not [`CsrfError::Expired`].
fn verify(mac: HmacSha256, tag: &[u8], expires_at: i64, now: i64) -> Result<(), CsrfError> {
    mac.verify_slice(tag).map_err(|_| CsrfError::Forged)?;
    if now > expires_at {
        return Err(CsrfError::Expired);
    }
    Ok(())
}

impl fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    fn key() -> CsrfKey {
        CsrfKey::from_bytes([9u8; 32])
    }

    #[test]
    fn round_trip_and_refusals() {
        let k = key();
        let t = k.issue("report", b"", 1000);
        assert_eq!(t.len(), TOKEN_CHARS);
        assert_eq!(k.check(&t, "report", b"", 1000), Ok(()));
        assert_eq!(k.check(&t, "report", b"", 1001), Err(CsrfError::Expired));
        assert_eq!(k.check(&t, "login", b"", 10), Err(CsrfError::Forged));
        assert_eq!(
            k.check(&t, "report", b"session", 10),
            Err(CsrfError::Forged)
        );
        assert_eq!(
            CsrfKey::from_bytes([8u8; 32]).check(&t, "report", b"", 10),
            Err(CsrfError::Forged)
        );
        assert_eq!(k.check("", "report", b"", 10), Err(CsrfError::Missing));
        assert_eq!(k.check("abc", "report", b"", 10), Err(CsrfError::Malformed));
        assert_eq!(
            k.check(&"!".repeat(TOKEN_CHARS), "report", b"", 10),
            Err(CsrfError::Malformed)
        );
    }

    #[test]
    fn purpose_and_binding_do_not_run_together() {
        let k = key();
        let t = k.issue("ab", b"c", 1000);
        assert_eq!(k.check(&t, "a", b"bc", 10), Err(CsrfError::Forged));
    }

    #[test]
    fn extending_the_expiry_is_forgery() {
        let k = key();
        let t = k.issue("report", b"", 1000);
        let mut raw = URL_SAFE_NO_PAD.decode(&t).unwrap();
        raw[..8].copy_from_slice(&5000i64.to_be_bytes());
        let forged = URL_SAFE_NO_PAD.encode(raw);
        assert_eq!(
            k.check(&forged, "report", b"", 2000),
            Err(CsrfError::Forged)
        );
    }

    #[test]
    fn single_use_tokens_carry_their_nonce_and_refuse_tampering() {
        let k = key();
        let a = k.issue_single_use("report", 1000);
        let b = k.issue_single_use("report", 1000);
        assert_ne!(a, b, "each token has its own nonce");
        let ta = k.check_single_use(&a, "report", 1000).unwrap();
        let tb = k.check_single_use(&b, "report", 1000).unwrap();
        assert_ne!(ta.nonce, tb.nonce);
        assert_eq!(ta.expires_at, 1000);
        assert_eq!(
            k.check_single_use(&a, "report", 1001),
            Err(CsrfError::Expired)
        );
        assert_eq!(k.check_single_use(&a, "login", 10), Err(CsrfError::Forged));
        // A plain token is not a single-use one, and the other way round.
        let plain = k.issue("report", b"", 1000);
        assert_eq!(
            k.check_single_use(&plain, "report", 10),
            Err(CsrfError::Malformed)
        );
        assert_eq!(k.check(&a, "report", b"", 10), Err(CsrfError::Malformed));
        // Another nonce or a later expiry under the same MAC is a forgery.
        let mut raw = URL_SAFE_NO_PAD.decode(&a).unwrap();
        raw[8] ^= 1;
        let forged = URL_SAFE_NO_PAD.encode(&raw);
        assert_eq!(
            k.check_single_use(&forged, "report", 10),
            Err(CsrfError::Forged)
        );
        let same = k.issue_with_nonce("report", ta.nonce, 1000);
        assert_eq!(same, a);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn round_trip(purpose in ".{0,16}", binding in proptest::collection::vec(any::<u8>(), 0..32),
                      exp in any::<i64>()) {
            let t = key().issue(&purpose, &binding, exp);
            prop_assert_eq!(key().check(&t, &purpose, &binding, exp), Ok(()));
        }

        #[test]
        fn garbage_never_panics(s in ".{0,80}", t in "[A-Za-z0-9_-]{54}") {
            let _ = key().check(&s, "p", b"", 0);
            prop_assert!(key().check(&t, "p", b"", 0).is_err());
        }
    }
}
