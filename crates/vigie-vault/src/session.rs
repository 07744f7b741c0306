//! Session tokens (DESIGN.md section 3, "Sessions stay stateless across instances").
//!
//! The cookie carries a random id and a random key. The database stores only SHA-256 of the id (to find
//! the row) and the principal's secret key sealed under the cookie's key: a dump alone opens nothing, a
//! cookie alone opens nothing, and any instance sharing the database can serve the session.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::seal::{open, seal};
use crate::{SecretKey, SymmetricKey, VaultError};

/// Characters of 32 bytes in base64url without padding.
const PART_CHARS: usize = 43;

/// A session's secret half, held by the browser. Zeroized on drop; Debug prints nothing of it.
pub struct SessionToken {
    id: [u8; 32],
    key: SymmetricKey,
}

impl SessionToken {
    /// A fresh token (at login).
    pub fn generate() -> Self {
        let mut id = [0u8; 32];
        OsRng.fill_bytes(&mut id);
        SessionToken {
            id,
            key: SymmetricKey::random(),
        }
    }

    /// The cookie value: `base64url(id) "." base64url(key)`, no padding (87 characters).
    pub fn to_cookie_value(&self) -> String {
        let mut out = String::with_capacity(2 * PART_CHARS + 1);
        URL_SAFE_NO_PAD.encode_string(self.id, &mut out);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(self.key.as_bytes(), &mut out);
        out
    }

    /// Parses a cookie value strictly: exact lengths, canonical base64url, nothing else.
    pub fn parse_cookie_value(value: &str) -> Result<SessionToken, VaultError> {
        let bad = || VaultError::Malformed("not a session cookie");
        if value.len() != 2 * PART_CHARS + 1 {
            return Err(bad());
        }
        let (id_text, key_text) = value.split_once('.').ok_or_else(bad)?;
        let id = decode32(id_text).ok_or_else(bad)?;
        let key = decode32(key_text).ok_or_else(bad)?;
        Ok(SessionToken {
            id: *id,
            key: SymmetricKey::from_bytes(*key),
        })
    }

    /// What the database stores and indexes: SHA-256("vigie/session/v1" || id).
    pub fn lookup_hash(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"vigie/session/v1");
        h.update(self.id);
        h.finalize().into()
    }

    /// Seals the principal's secret key for the session row, bound to the row's lookup hash.
    pub fn seal_secret(&self, secret: &SecretKey) -> Vec<u8> {
        seal(&self.key, &self.lookup_hash(), secret.to_bytes().as_slice())
    }

    /// Seals arbitrary session state (a receipt session keeps the report's id here, so that the row
    /// does not say which report is being followed), bound to the row's lookup hash.
    pub fn seal_bytes(&self, plaintext: &[u8]) -> Vec<u8> {
        seal(&self.key, &self.lookup_hash(), plaintext)
    }

    /// Opens what [`SessionToken::seal_bytes`] sealed.
    pub fn open_bytes(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        open(&self.key, &self.lookup_hash(), sealed)
    }

    /// Opens what [`SessionToken::seal_secret`] sealed.
    pub fn open_secret(&self, sealed: &[u8]) -> Result<SecretKey, VaultError> {
        let bytes = open(&self.key, &self.lookup_hash(), sealed)?;
        let mut key = Zeroizing::new([0u8; 32]);
        if bytes.len() != key.len() {
            return Err(VaultError::Malformed("a sealed session secret is 32 bytes"));
        }
        key.copy_from_slice(&bytes);
        Ok(SecretKey::from_bytes(*key))
    }
}

fn decode32(text: &str) -> Option<Zeroizing<[u8; 32]>> {
    if text.len() != PART_CHARS {
        return None;
    }
    let mut buf = Zeroizing::new([0u8; 33]);
    match URL_SAFE_NO_PAD.decode_slice(text, buf.as_mut_slice()) {
        Ok(32) => {
            let mut out = Zeroizing::new([0u8; 32]);
            out.copy_from_slice(&buf[..32]);
            Some(out)
        }
        _ => None,
    }
}

impl Drop for SessionToken {
    fn drop(&mut self) {
        self.id.zeroize();
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(..)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cookie_round_trip_and_sealed_secret() {
        let t = SessionToken::generate();
        let v = t.to_cookie_value();
        assert_eq!(v.len(), 87);
        let back = SessionToken::parse_cookie_value(&v).unwrap();
        assert_eq!(back.lookup_hash(), t.lookup_hash());
        assert_eq!(back.to_cookie_value(), v);
        let sk = SecretKey::generate();
        let sealed = t.seal_secret(&sk);
        assert_eq!(back.open_secret(&sealed).unwrap().public(), sk.public());
        let other = SessionToken::generate();
        assert!(matches!(
            other.open_secret(&sealed),
            Err(VaultError::Decrypt)
        ));
        assert_eq!(format!("{t:?}"), "SessionToken(..)");
    }

    #[test]
    fn a_sealed_secret_does_not_move_to_another_session_with_the_same_key() {
        let t = SessionToken::generate();
        let sealed = t.seal_secret(&SecretKey::generate());
        let v = t.to_cookie_value();
        let (_, key) = v.split_once('.').unwrap();
        let mut id = [0u8; 32];
        id[0] = 1;
        let moved = format!("{}.{key}", URL_SAFE_NO_PAD.encode(id));
        let moved = SessionToken::parse_cookie_value(&moved).unwrap();
        assert!(matches!(
            moved.open_secret(&sealed),
            Err(VaultError::Decrypt)
        ));
    }

    #[test]
    fn parse_is_strict() {
        let v = SessionToken::generate().to_cookie_value();
        for bad in [
            String::new(),
            ".".to_owned(),
            format!("{v}="),
            format!(" {}", &v[1..]),
            v.replace('.', "-"),
            format!("{}.{}", &v[..42], &v[43..]),
            // A non-canonical final character (trailing bits set) of the id part.
            format!("{}B.{}", &v[..42], &v[44..]),
            // The separator moved one place.
            format!("{}.{}{}", &v[..42], &v[42..43], &v[44..]),
        ] {
            assert!(
                SessionToken::parse_cookie_value(&bad).is_err(),
                "accepted {bad:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn parse_never_panics(s in ".{0,100}", t in "[A-Za-z0-9_.-]{87}") {
            let _ = SessionToken::parse_cookie_value(&s);
            let _ = SessionToken::parse_cookie_value(&t);
        }
    }
}
