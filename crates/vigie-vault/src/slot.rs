//! Key slots: a key wrapped for one recipient's X25519 public key, like an age X25519 stanza.
//!
//! Layout: `[FORMAT_V1] || ephemeral public key (32) || seal(k, aad, payload)` where
//! `k = HKDF-SHA256(ikm = X25519(eph, recipient), salt = eph_pub || recipient_pub, info = "vigie/slot/v1")`.
//! A fresh ephemeral key per slot means slots for the same recipient are unlinkable; both public keys in
//! the salt bind the key to this exact exchange.

use x25519_dalek::{EphemeralSecret, SharedSecret};
use zeroize::Zeroizing;

use crate::derive::hkdf;
use crate::seal::{FORMAT_V1, after_version, open, seal};
use crate::{AudienceKey, PublicKey, SecretKey, SymmetricKey, VaultError};

const SLOT_INFO: &[u8] = b"vigie/slot/v1";

fn slot_key(shared: &SharedSecret, eph_pub: &[u8; 32], recipient: &[u8; 32]) -> SymmetricKey {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(eph_pub);
    salt[32..].copy_from_slice(recipient);
    SymmetricKey::from_zeroizing(hkdf(Some(&salt), shared.as_bytes(), &[SLOT_INFO]))
}

/// Wraps `payload` so that only the holder of `recipient`'s secret can read it, bound to `aad`
/// (callers pass what identifies the slot's row, so a slot cannot be moved to another one).
///
/// Fails with [`VaultError::WeakPublicKey`] if `recipient` is a low-order point, whose shared secret
/// would be known to everybody.
pub fn wrap_for(recipient: &PublicKey, payload: &[u8], aad: &[u8]) -> Result<Vec<u8>, VaultError> {
    let eph = EphemeralSecret::random_from_rng(rand_core::OsRng);
    let eph_pub = x25519_dalek::PublicKey::from(&eph);
    let shared = eph.diffie_hellman(recipient.inner());
    if !shared.was_contributory() {
        return Err(VaultError::WeakPublicKey);
    }
    let key = slot_key(&shared, eph_pub.as_bytes(), recipient.as_bytes());
    let sealed = seal(&key, aad, payload);
    let mut out = Vec::with_capacity(1 + 32 + sealed.len());
    out.push(FORMAT_V1);
    out.extend_from_slice(eph_pub.as_bytes());
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a slot made by [`wrap_for`] for `secret`'s public key with the same `aad`.
///
/// A slot for someone else, another `aad`, or altered bytes give [`VaultError::Decrypt`].
pub fn unwrap_with(
    secret: &SecretKey,
    slot: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let rest = after_version(slot)?;
    let (eph_pub, sealed) = rest.split_first_chunk::<32>().ok_or(VaultError::Decrypt)?;
    let shared = secret.diffie_hellman(&PublicKey::from(*eph_pub));
    if !shared.was_contributory() {
        return Err(VaultError::Decrypt);
    }
    let key = slot_key(&shared, eph_pub, secret.public().as_bytes());
    open(&key, aad, sealed)
}

fn key_bytes(payload: Zeroizing<Vec<u8>>) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let mut out = Zeroizing::new([0u8; 32]);
    if payload.len() != 32 {
        return Err(VaultError::Malformed("a wrapped key is 32 bytes"));
    }
    out.copy_from_slice(&payload);
    Ok(out)
}

/// Wraps a principal's secret key (a team key for a member, any key for the escrow).
pub fn wrap_secret_key_for(
    recipient: &PublicKey,
    key: &SecretKey,
    aad: &[u8],
) -> Result<Vec<u8>, VaultError> {
    wrap_for(recipient, key.to_bytes().as_slice(), aad)
}

/// Opens a slot made by [`wrap_secret_key_for`].
pub fn unwrap_secret_key(
    secret: &SecretKey,
    slot: &[u8],
    aad: &[u8],
) -> Result<SecretKey, VaultError> {
    let bytes = key_bytes(unwrap_with(secret, slot, aad)?)?;
    Ok(SecretKey::from_bytes(*bytes))
}

/// Wraps a symmetric key.
pub fn wrap_symmetric_key_for(
    recipient: &PublicKey,
    key: &SymmetricKey,
    aad: &[u8],
) -> Result<Vec<u8>, VaultError> {
    wrap_for(recipient, key.as_bytes(), aad)
}

/// Opens a slot made by [`wrap_symmetric_key_for`].
pub fn unwrap_symmetric_key(
    secret: &SecretKey,
    slot: &[u8],
    aad: &[u8],
) -> Result<SymmetricKey, VaultError> {
    Ok(SymmetricKey::from_zeroizing(key_bytes(unwrap_with(
        secret, slot, aad,
    )?)?))
}

/// Wraps an audience key (the usual slot: a report's key for a team or the receipt holder).
pub fn wrap_audience_key_for(
    recipient: &PublicKey,
    key: &AudienceKey,
    aad: &[u8],
) -> Result<Vec<u8>, VaultError> {
    wrap_for(recipient, key.as_bytes(), aad)
}

/// Opens a slot made by [`wrap_audience_key_for`].
pub fn unwrap_audience_key(
    secret: &SecretKey,
    slot: &[u8],
    aad: &[u8],
) -> Result<AudienceKey, VaultError> {
    Ok(AudienceKey::from(unwrap_symmetric_key(secret, slot, aad)?))
}

#[cfg(test)]
#[path = "slot_tests.rs"]
mod tests;
