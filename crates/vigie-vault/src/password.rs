//! Staff secret keys wrapped under a password (DESIGN.md section 3, "Staff secret keys").
//!
//! One peppered Argon2id run yields 64 bytes; HKDF splits them into a verifier (stored, to tell a wrong
//! password from tampering) and a wrapping key (never stored) that seals the user's X25519 secret.
//! Without the instance secret, neither the verifier nor the wrapped key allows offline guessing.

use rand_core::{OsRng, RngCore};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::derive::hkdf;
use crate::kdf::argon2id;
use crate::seal::{open, seal};
use crate::{InstanceSecret, KdfParams, SecretKey, SymmetricKey, VaultError};

/// What is stored for a password: everything needed to check it and unwrap the key, nothing that
/// opens anything without the password and the instance secret. Debug shows the parameters only.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordLock {
    /// Per-user random salt.
    pub salt: [u8; 16],
    /// The Argon2id parameters used (stored as [`KdfParams::encode`]).
    pub params: KdfParams,
    /// HKDF(Argon2id output, "vigie/password/verifier/v1").
    pub verifier: [u8; 32],
    /// The secret key sealed under HKDF(Argon2id output, "vigie/password/wrap/v1").
    pub wrapped_secret: Vec<u8>,
}

impl std::fmt::Debug for PasswordLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordLock")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

/// Runs the KDF and splits its output into (verifier, wrapping key).
fn derive(
    params: KdfParams,
    instance: &InstanceSecret,
    password: &str,
    salt: &[u8; 16],
) -> Result<(Zeroizing<[u8; 32]>, SymmetricKey), VaultError> {
    let stretched = argon2id(
        params,
        instance.pepper().as_slice(),
        password.as_bytes(),
        salt,
    )?;
    let verifier = hkdf(None, stretched.as_slice(), &[b"vigie/password/verifier/v1"]);
    let wrap = hkdf(None, stretched.as_slice(), &[b"vigie/password/wrap/v1"]);
    Ok((verifier, SymmetricKey::from_zeroizing(wrap)))
}

/// Locks `secret` under `password` with a fresh salt. `aad` is the user's id, so that a lock copied to
/// another user's row does not open there.
///
/// Slow by design (one Argon2id run): call it through a [`crate::KdfPool`].
pub fn lock(
    params: KdfParams,
    instance: &InstanceSecret,
    password: &str,
    secret: &SecretKey,
    aad: &[u8],
) -> Result<PasswordLock, VaultError> {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let (verifier, wrap) = derive(params, instance, password, &salt)?;
    Ok(PasswordLock {
        salt,
        params,
        verifier: *verifier,
        wrapped_secret: seal(&wrap, aad, secret.to_bytes().as_slice()),
    })
}

/// Checks `password` against `lock` and returns the unwrapped secret key.
///
/// [`VaultError::WrongPassword`] if the verifier differs (compared in constant time);
/// [`VaultError::Decrypt`] if the password is right but the wrapped key was altered or moved.
/// Out-of-range stored parameters are refused before any work ([`VaultError::Kdf`]).
pub fn unlock(
    lock: &PasswordLock,
    instance: &InstanceSecret,
    password: &str,
    aad: &[u8],
) -> Result<SecretKey, VaultError> {
    let (verifier, wrap) = derive(lock.params, instance, password, &lock.salt)?;
    if !bool::from(verifier.ct_eq(&lock.verifier)) {
        return Err(VaultError::WrongPassword);
    }
    let bytes = open(&wrap, aad, &lock.wrapped_secret)?;
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() != key.len() {
        return Err(VaultError::Malformed("a wrapped secret key is 32 bytes"));
    }
    key.copy_from_slice(&bytes);
    Ok(SecretKey::from_bytes(*key))
}

/// Does the work of [`unlock`] with a random salt and throws the result away, so that a login for an
/// unknown user name takes as long as one for a known user (no user enumeration by timing).
pub fn burn(params: KdfParams, instance: &InstanceSecret, password: &str) {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let _ = derive(params, instance, password, &salt);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    const P: KdfParams = KdfParams::danger_test_minimum();

    #[test]
    fn lock_unlock_round_trip() {
        let inst = InstanceSecret::generate();
        let sk = SecretKey::generate();
        let l = lock(P, &inst, "correct horse", &sk, b"user-1").unwrap();
        assert_eq!(l.params, P);
        let back = unlock(&l, &inst, "correct horse", b"user-1").unwrap();
        assert_eq!(back.public(), sk.public());
        let relocked = lock(P, &inst, "correct horse", &sk, b"user-1").unwrap();
        assert_ne!(relocked.salt, l.salt);
        assert_ne!(relocked.verifier, l.verifier);
        burn(P, &inst, "anything");
    }

    #[test]
    fn refusals() {
        let inst = InstanceSecret::generate();
        let sk = SecretKey::generate();
        let l = lock(P, &inst, "pw", &sk, b"user-1").unwrap();
        assert!(matches!(
            unlock(&l, &inst, "pW", b"user-1"),
            Err(VaultError::WrongPassword)
        ));
        // Another instance secret (pepper): the right password does not open.
        let other = InstanceSecret::generate();
        assert!(matches!(
            unlock(&l, &other, "pw", b"user-1"),
            Err(VaultError::WrongPassword)
        ));
        // Moved to another user's row.
        assert!(matches!(
            unlock(&l, &inst, "pw", b"user-2"),
            Err(VaultError::Decrypt)
        ));
        // Tampered wrapped key.
        let mut t = l.clone();
        if let Some(b) = t.wrapped_secret.last_mut() {
            *b ^= 1;
        }
        assert!(matches!(
            unlock(&t, &inst, "pw", b"user-1"),
            Err(VaultError::Decrypt)
        ));
        // Stored parameters a database writer inflated.
        let mut big = l.clone();
        big.params.memory_kib = u32::MAX;
        assert!(matches!(
            unlock(&big, &inst, "pw", b"user-1"),
            Err(VaultError::Kdf(_))
        ));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn round_trip_and_wrong_password(pw in ".{0,24}", other in ".{0,24}") {
            prop_assume!(pw != other);
            let inst = InstanceSecret::generate();
            let sk = SecretKey::generate();
            let l = lock(P, &inst, &pw, &sk, b"u").unwrap();
            prop_assert_eq!(unlock(&l, &inst, &pw, b"u").unwrap().public(), sk.public());
            prop_assert!(matches!(unlock(&l, &inst, &other, b"u"), Err(VaultError::WrongPassword)));
        }
    }
}
