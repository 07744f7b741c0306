#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

/// A fresh escrow secret split `k` of `n`, its public key, and the shares read back from print.
fn split(k: u8, n: u8) -> (PublicKey, Vec<EscrowShare>) {
    let (secret, public) = EscrowSecret::generate();
    let shares = EscrowShare::split(&secret, k, n).unwrap();
    let printed: Vec<EscrowShare> = shares
        .iter()
        .map(|s| EscrowShare::parse_printable(&s.to_printable()).unwrap())
        .collect();
    (public, printed)
}

/// A share at `index` that belongs to no split (random bytes, a valid check group).
fn stranger(k: u8, index: u8) -> EscrowShare {
    let (other, _) = EscrowSecret::generate();
    let mut s = EscrowShare::split(&other, k, 255).unwrap();
    s.swap_remove(usize::from(index) - 1)
}

#[test]
fn printed_shares_name_their_index_and_threshold_and_read_back() {
    let (secret, public) = EscrowSecret::generate();
    let shares = EscrowShare::split(&secret, 3, 5).unwrap();
    assert_eq!(shares.len(), 5);
    for (i, s) in shares.iter().enumerate() {
        let p = s.to_printable();
        let head = format!("VIGIE-SHARE-1-K3-I{}-", i + 1);
        assert!(p.starts_with(&head), "{}", *p);
        let groups: Vec<&str> = p[head.len()..].split('-').collect();
        assert_eq!(groups.len(), 9, "eight groups of eight and a check group");
        assert!(groups[..8].iter().all(|g| g.len() == 8));
        assert_eq!(groups[8].len(), 4);
        assert!(EscrowShare::is_share_text(&p.to_lowercase()));
        let sloppy = format!("  {}\n", p.to_lowercase().replace('-', " - "));
        let back = EscrowShare::parse_printable(&sloppy).unwrap();
        assert_eq!((back.index(), back.threshold()), (s.index(), 3));
        assert_eq!(
            format!("{back:?}"),
            format!("EscrowShare(K3, I{}, ..)", i + 1)
        );
    }
    assert!(!EscrowShare::is_share_text(&secret.to_printable()));
    let rebuilt = EscrowShare::combine(&shares[1..4], &public).unwrap();
    assert_eq!(rebuilt.public(), public);
}

#[test]
fn a_copying_mistake_is_named_by_the_check_group() {
    let (_, shares) = split(2, 3);
    let p = shares[1].to_printable();
    // Change one hex digit of the share's body.
    let at = "VIGIE-SHARE-1-K2-I2-".len() + 3;
    let digit = if &p[at..=at] == "A" { "B" } else { "A" };
    let typo = format!("{}{digit}{}", &p[..at], &p[at + 1..]);
    assert!(matches!(
        EscrowShare::parse_printable(&typo),
        Err(VaultError::BadShareCheck(2))
    ));
    for bad in [
        String::new(),
        "VIGIE-SHARE-1-K1-I1-".to_owned(),
        p.replacen("-K2-", "-K1-", 1),
        p.replacen("-I2-", "-I0-", 1),
        p.replacen("-I2-", "-I256-", 1),
        p[..p.len() - 1].to_owned(),
        p.replacen("VIGIE-SHARE-1", "VIGIE-SHARE-2", 1),
    ] {
        assert!(EscrowShare::parse_printable(&bad).is_err(), "{bad:?}");
    }
}

#[test]
fn refusals_before_and_after_rebuilding() {
    let (secret, public) = EscrowSecret::generate();
    for (k, n) in [(1, 3), (0, 0), (4, 3)] {
        assert_eq!(
            EscrowShare::split(&secret, k, n).unwrap_err(),
            ShareError::BadSplit
        );
    }
    let shares = EscrowShare::split(&secret, 3, 5).unwrap();
    // A share repeated counts once.
    let repeated = [shares[0].clone(), shares[0].clone(), shares[1].clone()];
    assert_eq!(
        EscrowShare::combine(&repeated, &public).unwrap_err(),
        ShareError::TooFew { have: 2, need: 3 }
    );
    // Another share under an index already given.
    let clash = [shares[0].clone(), stranger(3, 1), shares[1].clone()];
    assert_eq!(
        EscrowShare::combine(&clash, &public).unwrap_err(),
        ShareError::DuplicateIndex(1)
    );
    // Shares of another split.
    let other = EscrowShare::split(&secret, 2, 5).unwrap();
    let mixed = [shares[0].clone(), shares[1].clone(), other[2].clone()];
    assert_eq!(
        EscrowShare::combine(&mixed, &public).unwrap_err(),
        ShareError::MixedSplits
    );
    // Right shares, another instance's escrow key.
    let (_, foreign) = EscrowSecret::generate();
    assert_eq!(
        EscrowShare::combine(&shares[..3], &foreign).unwrap_err(),
        ShareError::WrongKey
    );
    assert!(EscrowShare::combine(&[], &public).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any K of the N shares, in any order, rebuild the secret; K-1 of them are refused, and K-1 of
    /// them with a share from elsewhere do not rebuild the instance's key.
    #[test]
    fn any_k_of_n_rebuild_and_k_minus_one_do_not(
        (k, n) in (2u8..=6).prop_flat_map(|k| (Just(k), k..=9u8)),
        order in Just(()).prop_perturb(|_, mut rng| {
            let mut v: Vec<usize> = (0..9).collect();
            for i in (1..v.len()).rev() {
                let j = (rng.next_u32() as usize) % (i + 1);
                v.swap(i, j);
            }
            v
        }),
    ) {
        let (public, shares) = split(k, n);
        let chosen: Vec<EscrowShare> = order
            .iter()
            .filter(|&&i| i < usize::from(n))
            .take(usize::from(k))
            .map(|&i| shares[i].clone())
            .collect();
        prop_assert_eq!(EscrowShare::combine(&chosen, &public).unwrap().public(), public);
        let fewer = &chosen[..usize::from(k) - 1];
        prop_assert_eq!(
            EscrowShare::combine(fewer, &public).unwrap_err(),
            ShareError::TooFew { have: usize::from(k) - 1, need: k }
        );
        let unused = (1..=255u8).find(|i| !fewer.iter().any(|s| s.index() == *i)).unwrap();
        let mut forged = fewer.to_vec();
        forged.push(stranger(k, unused));
        prop_assert_eq!(
            EscrowShare::combine(&forged, &public).unwrap_err(),
            ShareError::WrongKey
        );
    }
}
