//! Sealing records: XChaCha20-Poly1305 with a random nonce and a leading format version byte.
//!
//! Layout: `[FORMAT_V1] || nonce (24) || ciphertext || tag (16)`. The AEAD's associated data is
//! `[FORMAT_V1] || aad`, so the version byte is authenticated too: a downgrade by editing it fails.
//! Random 192-bit nonces are safe to draw for every message under one key (no counter to keep).

use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use crate::{SymmetricKey, VaultError};

/// The first byte of every sealed value this build writes.
pub const FORMAT_V1: u8 = 1;

const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// Bytes `seal` adds to the plaintext.
pub const SEAL_OVERHEAD: usize = 1 + NONCE_LEN + TAG_LEN;

/// What follows the format byte of a sealed value or a slot: [`VaultError::Decrypt`] when there is no
/// byte at all, [`VaultError::UnsupportedVersion`] for any byte but [`FORMAT_V1`].
pub(crate) fn after_version(bytes: &[u8]) -> Result<&[u8], VaultError> {
    let (&version, rest) = bytes.split_first().ok_or(VaultError::Decrypt)?;
    if version != FORMAT_V1 {
        return Err(VaultError::UnsupportedVersion(version));
    }
    Ok(rest)
}

fn versioned_aad(aad: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + aad.len());
    out.push(FORMAT_V1);
    out.extend_from_slice(aad);
    out
}

/// Seals `plaintext` under `key`, bound to `aad` (callers pass what identifies the row: part id, kind).
///
/// Infallible for callers: XChaCha20-Poly1305 refuses only messages over 256 GiB, which no in-memory
/// record approaches. Were it ever to refuse, the result is the header alone, which [`open`] rejects
/// with [`VaultError::Decrypt`]: the failure fails closed and no plaintext is ever emitted.
pub fn seal(key: &SymmetricKey, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.as_bytes().into());
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let aad = versioned_aad(aad);
    let mut out = Vec::with_capacity(SEAL_OVERHEAD + plaintext.len());
    out.push(FORMAT_V1);
    out.extend_from_slice(&nonce);
    if let Ok(ct) = cipher.encrypt(
        (&nonce).into(),
        Payload {
            msg: plaintext,
            aad: &aad,
        },
    ) {
        out.extend_from_slice(&ct);
    }
    out
}

/// Opens a value made by [`seal`] with the same key and `aad`.
///
/// Every failure but an unknown version byte is [`VaultError::Decrypt`], whatever its cause.
pub fn open(
    key: &SymmetricKey,
    aad: &[u8],
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let rest = after_version(sealed)?;
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(VaultError::Decrypt);
    }
    let (nonce, ct) = rest
        .split_first_chunk::<NONCE_LEN>()
        .ok_or(VaultError::Decrypt)?;
    let cipher = XChaCha20Poly1305::new(key.as_bytes().into());
    let aad = versioned_aad(aad);
    cipher
        .decrypt(nonce.into(), Payload { msg: ct, aad: &aad })
        .map(Zeroizing::new)
        .map_err(|_| VaultError::Decrypt)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    fn key() -> SymmetricKey {
        SymmetricKey::from_bytes([42u8; 32])
    }

    #[test]
    fn layout_and_version() {
        let s = seal(&key(), b"aad", b"hello");
        assert_eq!(s.len(), SEAL_OVERHEAD + 5);
        assert_eq!(s[0], FORMAT_V1);
        let mut v2 = s.clone();
        v2[0] = 2;
        assert!(matches!(
            open(&key(), b"aad", &v2),
            Err(VaultError::UnsupportedVersion(2))
        ));
        assert!(matches!(
            open(&key(), b"aad", &[]),
            Err(VaultError::Decrypt)
        ));
        assert_ne!(seal(&key(), b"aad", b"hello"), s, "nonces must differ");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn round_trip(pt in proptest::collection::vec(any::<u8>(), 0..512),
                      aad in proptest::collection::vec(any::<u8>(), 0..64)) {
            let s = seal(&key(), &aad, &pt);
            prop_assert_eq!(&open(&key(), &aad, &s).unwrap()[..], &pt[..]);
        }

        #[test]
        fn wrong_key_or_aad_fails(pt in proptest::collection::vec(any::<u8>(), 0..128),
                                  aad in proptest::collection::vec(any::<u8>(), 0..32),
                                  other in any::<[u8; 32]>(), extra in any::<u8>()) {
            prop_assume!(other != [42u8; 32]);
            let s = seal(&key(), &aad, &pt);
            let other_key = SymmetricKey::from_bytes(other);
            prop_assert!(matches!(open(&other_key, &aad, &s), Err(VaultError::Decrypt)));
            let mut aad2 = aad.clone();
            aad2.push(extra);
            prop_assert!(matches!(open(&key(), &aad2, &s), Err(VaultError::Decrypt)));
        }

        #[test]
        fn any_flipped_bit_fails(pt in proptest::collection::vec(any::<u8>(), 0..128),
                                 bit in any::<proptest::sample::Index>()) {
            let mut s = seal(&key(), b"a", &pt);
            let i = bit.index(s.len() * 8);
            // Flipping the version byte's bits is an unknown version; every other bit is Decrypt.
            s[i / 8] ^= 1 << (i % 8);
            let r = open(&key(), b"a", &s);
            if i < 8 {
                prop_assert!(matches!(r, Err(VaultError::UnsupportedVersion(_))));
            } else {
                prop_assert!(matches!(r, Err(VaultError::Decrypt)));
            }
        }

        #[test]
        fn any_truncation_fails(pt in proptest::collection::vec(any::<u8>(), 0..128),
                                cut in any::<proptest::sample::Index>()) {
            let s = seal(&key(), b"a", &pt);
            let keep = cut.index(s.len());
            prop_assert!(matches!(open(&key(), b"a", &s[..keep]), Err(VaultError::Decrypt)));
        }

        #[test]
        fn garbage_never_panics(g in proptest::collection::vec(any::<u8>(), 0..128)) {
            let _ = open(&key(), b"", &g);
        }
    }
}
