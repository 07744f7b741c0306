#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use proptest::prelude::*;

#[test]
fn production_defaults_are_pinned() {
    let p = KdfParams::production();
    assert_eq!((p.memory_kib, p.iterations, p.parallelism), (65536, 3, 1));
    assert_eq!(p.encode(), "argon2id$v=19$m=65536,t=3,p=1");
    p.validate().unwrap();
    KdfParams::danger_test_minimum().validate().unwrap();
}

#[test]
fn the_operator_floor_is_owasps_minimum_and_the_defaults_reach_it() {
    let floor = KdfParams::operator_floor();
    assert_eq!((floor.memory_kib, floor.iterations), (19456, 2));
    assert!(floor.meets_floor() && KdfParams::production().meets_floor());
    assert!(!KdfParams::danger_test_minimum().meets_floor());
    let short = |m, t| KdfParams {
        memory_kib: m,
        iterations: t,
        parallelism: 1,
    };
    assert!(!short(19455, 3).meets_floor());
    assert!(!short(65536, 1).meets_floor());
}

#[test]
fn only_more_memory_or_more_passes_without_less_of_either_is_stronger() {
    let p = |m, t, l| KdfParams {
        memory_kib: m,
        iterations: t,
        parallelism: l,
    };
    let old = p(65536, 3, 1);
    assert!(p(131072, 3, 1).is_stronger_than(&old));
    assert!(p(65536, 4, 1).is_stronger_than(&old));
    assert!(!old.is_stronger_than(&old));
    assert!(!p(65536, 3, 4).is_stronger_than(&old), "lanes alone");
    assert!(!p(32768, 3, 1).is_stronger_than(&old));
    assert!(
        !p(131072, 2, 1).is_stronger_than(&old),
        "a trade is not stronger"
    );
    assert!(!KdfParams::danger_test_minimum().is_stronger_than(&old));
}

#[test]
fn decode_rejects_bad_strings() {
    for s in [
        "",
        "argon2id$v=19$",
        "argon2i$v=19$m=65536,t=3,p=1",
        "argon2id$v=16$m=65536,t=3,p=1",
        "argon2id$v=19$m=65536,t=3",
        "argon2id$v=19$m=65536,t=3,p=1,",
        "argon2id$v=19$m=65536,t=3,p=1,x=2",
        "argon2id$v=19$t=3,m=65536,p=1",
        "argon2id$v=19$m=065536,t=3,p=1",
        "argon2id$v=19$m=+65536,t=3,p=1",
        "argon2id$v=19$m= 65536,t=3,p=1",
        "argon2id$v=19$m=65536,t=3,p=1\n",
        "argon2id$v=19$m=99999999999,t=3,p=1",
        "argon2id$v=19$m=65536,t=0,p=1",
        "argon2id$v=19$m=65536,t=101,p=1",
        "argon2id$v=19$m=65536,t=3,p=0",
        "argon2id$v=19$m=65536,t=3,p=17",
        "argon2id$v=19$m=15,t=1,p=2",
        "argon2id$v=19$m=4194305,t=3,p=1",
    ] {
        assert!(KdfParams::decode(s).is_err(), "accepted {s:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn encode_decode_round_trip(p in 1u32..=16, t in 1u32..=100, m in 0u32..=(4 * 1024 * 1024)) {
        let params = KdfParams { memory_kib: m.max(8 * p), iterations: t, parallelism: p };
        prop_assert_eq!(KdfParams::decode(&params.encode()).unwrap(), params);
    }

    #[test]
    fn decode_never_panics(s in ".{0,64}") {
        let _ = KdfParams::decode(&s);
    }
}

#[test]
fn argon2id_is_deterministic_and_peppered() {
    let p = KdfParams::danger_test_minimum();
    let a = argon2id(p, b"pepper", b"password", b"saltsalt").unwrap();
    let b = argon2id(p, b"pepper", b"password", b"saltsalt").unwrap();
    let c = argon2id(p, b"other", b"password", b"saltsalt").unwrap();
    assert_eq!(*a, *b);
    assert_ne!(*a, *c);
    let bad = KdfParams {
        memory_kib: 8,
        iterations: 0,
        parallelism: 1,
    };
    assert!(matches!(
        argon2id(bad, b"p", b"pw", b"saltsalt"),
        Err(VaultError::Kdf(_))
    ));
}

#[test]
fn pools_are_separate() {
    let sizes = KdfPoolSizes {
        staff_login: 1,
        receipt_login: 2,
        new_report: 3,
    };
    let pools = KdfPools::new(sizes, Duration::from_secs(30), 8);
    assert_eq!(pools.staff_login.name(), "kdf-staff");
    assert_eq!(pools.receipt_login.name(), "kdf-receipt");
    assert_eq!(pools.new_report.name(), "kdf-report");
    assert_eq!(pools.staff_login.available(), 1);
    assert_eq!(pools.receipt_login.available(), 2);
    assert_eq!(pools.new_report.available(), 3);
}

/// Each implementation behind [`crate::argon2id::Argon2id`] with the same inputs.
fn both(
    p: KdfParams,
    pepper: &[u8],
    password: &[u8],
    salt: &[u8],
) -> (Zeroizing<[u8; 64]>, Zeroizing<[u8; 64]>) {
    use crate::argon2id::{Argon2id, Inputs, RustCryptoArgon2, SimdArgon2};
    let i = Inputs {
        pepper,
        password,
        salt,
    };
    (
        SimdArgon2::derive(p, i).unwrap(),
        RustCryptoArgon2::derive(p, i).unwrap(),
    )
}

#[test]
fn the_engines_agree_at_the_production_parameters() {
    let (simd, reference) = both(
        KdfParams::production(),
        &[0x5a; 32],
        b"4286 3344 9576 9273 8506",
        &[0xa5; 32],
    );
    assert_eq!(*simd, *reference);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Same 64 bytes from both implementations, whatever the inputs, with small memory so that
    /// many cases run (the fill is the same code at every size).
    #[test]
    fn the_engines_agree_on_any_input(
        memory_kib in 8u32..=256,
        iterations in 1u32..=3,
        parallelism in 1u32..=4,
        pepper in proptest::collection::vec(any::<u8>(), 0..=64),
        password in proptest::collection::vec(any::<u8>(), 0..=128),
        salt in proptest::collection::vec(any::<u8>(), 8..=64),
    ) {
        let p = KdfParams { memory_kib: memory_kib.max(8 * parallelism), iterations, parallelism };
        let (simd, reference) = both(p, &pepper, &password, &salt);
        prop_assert_eq!(*simd, *reference);
    }
}
