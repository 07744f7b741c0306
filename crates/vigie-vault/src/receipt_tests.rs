#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use proptest::prelude::*;

const P: KdfParams = KdfParams::danger_test_minimum();

#[test]
fn parse_accepts_usual_spellings() {
    let want = "12345678901234567890";
    for s in [
        "12345678901234567890",
        "1234 5678 9012 3456 7890",
        "1234-5678 9012 3456 7890",
        " 1234\u{00A0}5678\u{2009}9012\u{202F}3456\u{2013}7890\n",
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠",
        "۱۲۳۴ ۵۶۷۸ ۹۰۱۲ ۳۴۵۶ ۷۸۹۰",
        "１２３４５６７８９０１２３４５６７８９０",
    ] {
        assert_eq!(Receipt::parse(s).unwrap().as_str(), want, "{s:?}");
    }
}

#[test]
fn parse_rejects_bad_input() {
    for s in [
        "",
        "1234567890123456789",
        "123456789012345678901",
        "1234 5678 9012 3456 789O",
        "1234.5678.9012.3456.7890",
        "1234567890123456789a",
        "+12345678901234567890",
        "１２３４５６７８９０１２３４５６７８９",
    ] {
        assert!(
            matches!(Receipt::parse(s), Err(VaultError::BadReceipt)),
            "{s:?}"
        );
    }
    assert!(Receipt::parse(&" ".repeat(1000)).is_err());
}

#[test]
fn display_groups_by_four() {
    let r = Receipt::parse("12345678901234567890").unwrap();
    assert_eq!(r.display(), "1234 5678 9012 3456 7890");
    assert_eq!(format!("{r:?}"), "Receipt(..)");
}

#[test]
fn generated_digits_look_uniform() {
    let mut counts = [0u32; 10];
    for _ in 0..500 {
        for b in Receipt::generate().as_str().bytes() {
            counts[usize::from(b - b'0')] += 1;
        }
    }
    // 10,000 digits: each expected 1,000; 800..1200 is over 6 standard deviations.
    assert!(
        counts.iter().all(|&c| (800..1200).contains(&c)),
        "{counts:?}"
    );
}

#[test]
fn derivation_is_deterministic_and_depends_on_every_input() {
    let inst = InstanceSecret::generate();
    let salt = InstanceSalt::random();
    let r = Receipt::generate();
    let a = derive_receipt_keys(&r, &salt, &inst, P).unwrap();
    let b = derive_receipt_keys(&r, &salt, &inst, P).unwrap();
    assert_eq!(a.lookup_hash, b.lookup_hash);
    assert_eq!(a.secret.public(), b.secret.public());
    assert_ne!(a.lookup_hash, *a.secret.to_bytes());

    let others = [
        derive_receipt_keys(&Receipt::generate(), &salt, &inst, P).unwrap(),
        derive_receipt_keys(&r, &InstanceSalt::random(), &inst, P).unwrap(),
        derive_receipt_keys(&r, &salt, &InstanceSecret::generate(), P).unwrap(),
        derive_receipt_keys(&r, &salt, &inst, KdfParams { iterations: 2, ..P }).unwrap(),
    ];
    for o in &others {
        assert_ne!(o.lookup_hash, a.lookup_hash);
        assert_ne!(o.secret.public(), a.secret.public());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generate_display_parse_round_trip(_n in 0u8..1) {
        let r = Receipt::generate();
        prop_assert_eq!(r.as_str().len(), 20);
        prop_assert!(r.as_str().bytes().all(|b| b.is_ascii_digit()));
        let back = Receipt::parse(&r.display()).unwrap();
        prop_assert_eq!(back.as_str(), r.as_str());
        let back = Receipt::parse(r.as_str()).unwrap();
        prop_assert_eq!(back.as_str(), r.as_str());
    }

    #[test]
    fn parse_never_panics(s in ".{0,64}") {
        let _ = Receipt::parse(&s);
    }

    #[test]
    fn any_20_digits_with_separators_parse(d in "[0-9]{20}", seps in proptest::collection::vec("[ -]{0,2}", 21)) {
        let mut s = String::new();
        for (i, c) in d.chars().enumerate() {
            s.push_str(&seps[i]);
            s.push(c);
        }
        s.push_str(&seps[20]);
        let back = Receipt::parse(&s).unwrap();
        prop_assert_eq!(back.as_str(), d.as_str());
    }
}
