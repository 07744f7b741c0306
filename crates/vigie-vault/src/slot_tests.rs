#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use proptest::prelude::*;

type Wrap<K> = fn(&PublicKey, &K, &[u8]) -> Result<Vec<u8>, VaultError>;
type Unwrap<K> = fn(&SecretKey, &[u8], &[u8]) -> Result<K, VaultError>;

/// Wraps `key` for a fresh recipient with `wrap`, opens it with `unwrap`, and compares what `view`
/// shows of both (the keys themselves do not compare).
fn assert_round_trip<K, V>(wrap: Wrap<K>, unwrap: Unwrap<K>, key: &K, view: fn(&K) -> V)
where
    V: PartialEq + std::fmt::Debug,
{
    let alice = SecretKey::generate();
    let slot = wrap(&alice.public(), key, b"team-1").unwrap();
    assert_eq!(view(&unwrap(&alice, &slot, b"team-1").unwrap()), view(key));
}

#[test]
fn key_round_trips() {
    let team = SecretKey::generate();
    assert_round_trip(wrap_secret_key_for, unwrap_secret_key, &team, |k| {
        k.public()
    });
    let sym = SymmetricKey::random();
    assert_round_trip(wrap_symmetric_key_for, unwrap_symmetric_key, &sym, |k| {
        *k.as_bytes()
    });
    let aud = AudienceKey::random();
    assert_round_trip(wrap_audience_key_for, unwrap_audience_key, &aud, |k| {
        *k.as_bytes()
    });
}

#[test]
fn wrong_length_payload_is_malformed() {
    let alice = SecretKey::generate();
    let slot = wrap_for(&alice.public(), &[1u8; 31], b"").unwrap();
    assert!(matches!(
        unwrap_secret_key(&alice, &slot, b""),
        Err(VaultError::Malformed(_))
    ));
}

#[test]
fn low_order_points_are_refused() {
    // The all-zero point and the point of order 2 (u = 1) are low-order: DH with them is all zero.
    let mut one = [0u8; 32];
    one[0] = 1;
    for bad in [[0u8; 32], one] {
        let pk = PublicKey::from(bad);
        assert!(matches!(
            wrap_for(&pk, b"k", b""),
            Err(VaultError::WeakPublicKey)
        ));
        let mut slot = vec![FORMAT_V1];
        slot.extend_from_slice(&bad);
        slot.extend_from_slice(&[0u8; 64]);
        assert!(matches!(
            unwrap_with(&SecretKey::generate(), &slot, b""),
            Err(VaultError::Decrypt)
        ));
    }
}

#[test]
fn slots_for_the_same_recipient_are_unlinkable() {
    let alice = SecretKey::generate();
    let a = wrap_for(&alice.public(), b"same", b"").unwrap();
    let b = wrap_for(&alice.public(), b"same", b"").unwrap();
    assert_ne!(a[1..33], b[1..33]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn round_trip_and_wrong_recipient(payload in proptest::collection::vec(any::<u8>(), 0..96),
                                      aad in proptest::collection::vec(any::<u8>(), 0..32)) {
        let alice = SecretKey::generate();
        let mallory = SecretKey::generate();
        let slot = wrap_for(&alice.public(), &payload, &aad).unwrap();
        prop_assert_eq!(&unwrap_with(&alice, &slot, &aad).unwrap()[..], &payload[..]);
        prop_assert!(matches!(unwrap_with(&mallory, &slot, &aad), Err(VaultError::Decrypt)));
        let mut other_aad = aad.clone();
        other_aad.push(0);
        prop_assert!(matches!(unwrap_with(&alice, &slot, &other_aad), Err(VaultError::Decrypt)));
    }

    #[test]
    fn tampering_fails(payload in proptest::collection::vec(any::<u8>(), 0..64),
                       bit in any::<proptest::sample::Index>(),
                       cut in any::<proptest::sample::Index>()) {
        let alice = SecretKey::generate();
        let slot = wrap_for(&alice.public(), &payload, b"a").unwrap();
        let mut flipped = slot.clone();
        let i = bit.index(slot.len() * 8);
        flipped[i / 8] ^= 1 << (i % 8);
        prop_assert!(unwrap_with(&alice, &flipped, b"a").is_err());
        prop_assert!(unwrap_with(&alice, &slot[..cut.index(slot.len())], b"a").is_err());
    }

    #[test]
    fn garbage_never_panics(g in proptest::collection::vec(any::<u8>(), 0..128)) {
        let _ = unwrap_with(&SecretKey::generate(), &g, b"");
    }
}
