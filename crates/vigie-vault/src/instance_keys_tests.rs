#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

use proptest::prelude::*;

use crate::test_util::{mode_of, scratch_dir};

fn ids(keys: &InstanceKeys) -> Vec<String> {
    keys.all().map(InstanceSecret::id).collect()
}

/// A file of `previous` previous secrets and, when `next`, a rotation under way.
fn ring(previous: usize, next: bool) -> InstanceKeys {
    let mut keys = InstanceKeys::single(InstanceSecret::generate());
    for _ in 0..previous {
        keys = keys.with_next().promote(|_| true).unwrap();
    }
    if next { keys.with_next() } else { keys }
}

#[test]
fn the_one_line_file_of_init_is_a_ring_without_previous_secrets() {
    let dir = scratch_dir();
    let path = dir.join("instance.key");
    let created = InstanceSecret::create(&path).unwrap();
    let keys = InstanceKeys::load(&path).unwrap();
    assert_eq!(keys.current().id(), created.id());
    assert!(keys.previous().is_empty() && keys.next().is_none());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ids_are_stable_distinct_and_do_not_show_the_secret() {
    let a = InstanceSecret::generate();
    let b = InstanceSecret::generate();
    assert_eq!(a.id(), a.id());
    assert_ne!(a.id(), b.id());
    assert_eq!(a.id().len(), 16);
    assert!(!hex::encode(a.bytes()).contains(&a.id()));
}

#[test]
fn a_rotation_writes_the_next_secret_first_then_promotes_it() {
    let dir = scratch_dir();
    let path = dir.join("instance.key");
    let first = InstanceSecret::create(&path).unwrap().id();
    let started = InstanceKeys::load(&path).unwrap().with_next();
    let next = started.next().unwrap().id();
    started.save(&path).unwrap();
    // A rerun after a crash keeps the next secret it wrote first.
    let again = InstanceKeys::load(&path).unwrap().with_next();
    assert_eq!(again.next().unwrap().id(), next);
    assert_eq!(again.current().id(), first);
    let done = again.promote(|_| true).unwrap();
    done.save(&path).unwrap();
    let loaded = InstanceKeys::load(&path).unwrap();
    assert_eq!(ids(&loaded), vec![next.clone(), first.clone()]);
    assert!(loaded.next().is_none());
    assert_eq!(loaded.by_id(&first).unwrap().id(), first);
    assert!(loaded.by_id("0000000000000000").is_none());
    // The plain loader reads the current secret; the file stays private, with no side file.
    assert_eq!(InstanceSecret::load(&path).unwrap().id(), next);
    assert_eq!(mode_of(&path), 0o600);
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(names.len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn promote_keeps_only_what_is_still_needed_and_needs_a_rotation() {
    let keys = ring(2, false);
    let before = ids(&keys);
    assert!(matches!(
        ring(1, false).promote(|_| true),
        Err(VaultError::Malformed(_))
    ));
    let keys = keys.with_next();
    let next = keys.next().unwrap().id();
    // The oldest secret is no longer needed: it goes; the others stay, the newest first.
    let oldest = before[2].clone();
    let done = keys.promote(|id| id != oldest).unwrap();
    assert_eq!(ids(&done), vec![next, before[0].clone(), before[1].clone()]);
    // Nothing needed: only the new current secret is left.
    let bare = done.with_next().promote(|_| false).unwrap();
    assert!(bare.previous().is_empty());
    // More than MAX_PREVIOUS still needed is refused rather than cut.
    let full = ring(MAX_PREVIOUS, true);
    assert!(matches!(
        full.promote(|_| true),
        Err(VaultError::Malformed(_))
    ));
}

#[test]
fn malformed_files_are_refused() {
    let a = hex::encode([1u8; 32]);
    let b = hex::encode([2u8; 32]);
    let c = hex::encode([3u8; 32]);
    let refused = [
        String::new(),
        format!("vigie-audit-key-v1 {a}\n"),
        format!("{FILE_LABEL} {a}\nprevious {a}\n"),
        format!("{FILE_LABEL} {a}\nnext {b}\nprevious {c}\n"),
        format!("{FILE_LABEL} {a}\nnext {b}\nnext {c}\n"),
        format!("{FILE_LABEL} {a}\nretired {b}\n"),
        format!("{FILE_LABEL} {a}\nprevious zz\n"),
        format!("{FILE_LABEL} {a}\n\nprevious {b}\n"),
    ];
    for text in refused {
        assert!(
            matches!(InstanceKeys::parse(&text), Err(VaultError::Malformed(_))),
            "accepted: {text:?}"
        );
    }
    let mut many = format!("{FILE_LABEL} {a}\n");
    for i in 0..=MAX_PREVIOUS {
        many.push_str(&format!("previous {}\n", hex::encode([10 + i as u8; 32])));
    }
    assert!(InstanceKeys::parse(&many).is_err());
    assert!(InstanceKeys::parse(&format!("{FILE_LABEL} {a}\nprevious {b}\nnext {c}")).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_text_reads_back_as_the_same_secrets_in_order(previous in 0..=MAX_PREVIOUS, next: bool) {
        let keys = ring(previous, next);
        let back = InstanceKeys::parse(&keys.text()).unwrap();
        prop_assert_eq!(ids(&back), ids(&keys));
        prop_assert_eq!(back.next().map(InstanceSecret::id), keys.next().map(InstanceSecret::id));
        prop_assert_eq!(back.previous().len(), previous);
    }

    #[test]
    fn a_promotion_keeps_exactly_the_needed_secrets_in_order(
        previous in 0..MAX_PREVIOUS,
        needed in proptest::collection::vec(any::<bool>(), MAX_PREVIOUS),
    ) {
        let keys = ring(previous, true);
        let before = ids(&keys);
        let next = keys.next().unwrap().id();
        let keep = |id: &str| before.iter().position(|b| b == id).is_some_and(|i| needed[i]);
        let done = keys.promote(keep).unwrap();
        let mut expect = vec![next];
        expect.extend(before.iter().enumerate().filter(|(i, _)| needed[*i]).map(|(_, id)| id.clone()));
        prop_assert_eq!(ids(&done), expect);
    }
}
