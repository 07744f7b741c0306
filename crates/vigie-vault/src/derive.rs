//! HKDF and HMAC helpers shared by the modules, so every derivation goes through one audited path.

use hmac::Hmac;
use hmac::digest::KeyInit;
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use zeroize::Zeroizing;

/// HMAC-SHA256, the only MAC the vault uses.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// HKDF-SHA256 with an `N`-byte output, `info` given as parts that are concatenated.
///
/// HKDF refuses only outputs longer than 255 * 32 bytes, which the assertion below excludes at compile
/// time, so the error branch is dead. Should it ever run, the output is random rather than zero: a key
/// nobody knows fails closed (nothing sealed under it opens) instead of becoming a key everybody knows.
pub(crate) fn hkdf<const N: usize>(
    salt: Option<&[u8]>,
    ikm: &[u8],
    info: &[&[u8]],
) -> Zeroizing<[u8; N]> {
    const { assert!(N <= 255 * 32) };
    let hk = hkdf::Hkdf::<Sha256>::new(salt, ikm);
    let mut okm = Zeroizing::new([0u8; N]);
    if hk.expand_multi_info(info, okm.as_mut_slice()).is_err() {
        OsRng.fill_bytes(okm.as_mut_slice());
    }
    okm
}

/// `N` fresh bytes from the operating system's RNG, zeroized on drop: every new key and secret.
pub(crate) fn random_secret<const N: usize>() -> Zeroizing<[u8; N]> {
    let mut bytes = Zeroizing::new([0u8; N]);
    OsRng.fill_bytes(bytes.as_mut_slice());
    bytes
}

/// An HMAC-SHA256 instance keyed with a 32-byte key.
///
/// RFC 2104 pads a key shorter than the hash block (64 bytes) with zeroes; padding here lets us use the
/// block-sized, infallible constructor instead of `new_from_slice`, whose error cannot occur for HMAC
/// but would otherwise need handling. A unit test checks both give the same MAC.
pub(crate) fn hmac_sha256(key: &[u8; 32]) -> HmacSha256 {
    let mut block = Zeroizing::new([0u8; 64]);
    block[..32].copy_from_slice(key);
    <HmacSha256 as KeyInit>::new((&*block).into())
}

/// A length prefix (u64 big-endian): it keeps concatenated variable-length fields unambiguous.
pub(crate) fn len_prefix(bytes: &[u8]) -> [u8; 8] {
    (bytes.len() as u64).to_be_bytes()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use hmac::Mac;

    #[test]
    fn padded_hmac_key_equals_rfc_key_handling() {
        let key = [7u8; 32];
        let mut a = hmac_sha256(&key);
        let mut b = <HmacSha256 as Mac>::new_from_slice(&key).unwrap();
        a.update(b"data");
        b.update(b"data");
        assert_eq!(a.finalize().into_bytes(), b.finalize().into_bytes());
    }

    #[test]
    fn hkdf_matches_single_info_expand() {
        let out: Zeroizing<[u8; 32]> = hkdf(None, b"ikm", &[b"a", b"bc"]);
        let mut expect = [0u8; 32];
        hkdf::Hkdf::<Sha256>::new(None, b"ikm")
            .expand(b"abc", &mut expect)
            .unwrap();
        assert_eq!(*out, expect);
    }
}
