//! Key types: X25519 key pairs for principals and 32-byte symmetric keys. Secrets zeroize on drop
//! and never print.

use std::fmt;

use rand_core::OsRng;
use x25519_dalek::StaticSecret;
use zeroize::{Zeroize, Zeroizing};

use crate::VaultError;

/// An X25519 secret key (a principal's: staff user, team, receipt holder, escrow).
///
/// Zeroized on drop by `x25519-dalek`.
#[derive(Clone)]
pub struct SecretKey(StaticSecret);

impl SecretKey {
    /// A fresh key from the operating system's RNG.
    pub fn generate() -> Self {
        SecretKey(StaticSecret::random_from_rng(OsRng))
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        PublicKey(x25519_dalek::PublicKey::from(&self.0))
    }

    /// The 32 secret bytes, for wrapping.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// A key from its 32 bytes (as produced by [`SecretKey::to_bytes`] or a KDF).
    pub fn from_bytes(mut bytes: [u8; 32]) -> Self {
        let key = SecretKey(StaticSecret::from(bytes));
        bytes.zeroize();
        key
    }

    /// X25519 with `their` public key. The caller checks contributory-ness.
    pub(crate) fn diffie_hellman(&self, their: &PublicKey) -> x25519_dalek::SharedSecret {
        self.0.diffie_hellman(&their.0)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// An X25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(x25519_dalek::PublicKey);

impl PublicKey {
    /// The 32 bytes, as stored.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// A key from exactly 32 stored bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, VaultError> {
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| VaultError::Malformed("a public key is 32 bytes"))?;
        Ok(PublicKey::from(bytes))
    }

    pub(crate) fn inner(&self) -> &x25519_dalek::PublicKey {
        &self.0
    }
}

impl From<[u8; 32]> for PublicKey {
    fn from(bytes: [u8; 32]) -> Self {
        PublicKey(x25519_dalek::PublicKey::from(bytes))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", hex::encode(self.as_bytes()))
    }
}

/// A 32-byte symmetric key (XChaCha20-Poly1305, HMAC). Zeroized on drop.
#[derive(Clone)]
pub struct SymmetricKey(Zeroizing<[u8; 32]>);

impl SymmetricKey {
    /// A fresh key from the operating system's RNG.
    pub fn random() -> Self {
        SymmetricKey(crate::derive::random_secret())
    }

    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SymmetricKey(Zeroizing::new(bytes))
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Takes a derived key without copying it out of its zeroizing box.
    pub(crate) fn from_zeroizing(bytes: Zeroizing<[u8; 32]>) -> Self {
        SymmetricKey(bytes)
    }
}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SymmetricKey(..)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn secret_key_round_trips_through_bytes() {
        let k = SecretKey::generate();
        let again = SecretKey::from_bytes(*k.to_bytes());
        assert_eq!(k.public(), again.public());
        assert_ne!(k.public(), SecretKey::generate().public());
    }

    #[test]
    fn public_key_from_slice_checks_length() {
        let pk = SecretKey::generate().public();
        assert_eq!(PublicKey::from_slice(pk.as_bytes()).unwrap(), pk);
        assert!(PublicKey::from_slice(&[0u8; 31]).is_err());
        assert!(PublicKey::from_slice(&[0u8; 33]).is_err());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let k = SecretKey::generate();
        let hex_secret = hex::encode(*k.to_bytes());
        assert_eq!(format!("{k:?}"), "SecretKey(..)");
        let s = SymmetricKey::random();
        assert_eq!(format!("{s:?}"), "SymmetricKey(..)");
        let pk = format!("{:?}", k.public());
        assert!(pk.starts_with("PublicKey(") && !pk.contains(&hex_secret));
    }
}
