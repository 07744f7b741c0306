#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

use crate::test_util::{mode_of, scratch_dir};

#[test]
fn create_then_load_gives_the_same_secret() {
    let dir = scratch_dir();
    let path = dir.join("sub/dir/instance.key");
    let created = InstanceSecret::create(&path).unwrap();
    let loaded = InstanceSecret::load(&path).unwrap();
    assert_eq!(*created.pepper(), *loaded.pepper());
    assert_eq!(mode_of(&path), 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("vigie-instance-secret-v1 ") && text.ends_with('\n'));
    assert_eq!(text.len(), 25 + 64 + 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = scratch_dir();
    let path = dir.join("instance.key");
    let first = InstanceSecret::create(&path).unwrap();
    assert!(matches!(
        InstanceSecret::create(&path),
        Err(VaultError::KeyFileExists(_))
    ));
    assert_eq!(
        *InstanceSecret::load(&path).unwrap().pepper(),
        *first.pepper()
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn load_rejects_bad_files() {
    let dir = scratch_dir();
    let path = dir.join("bad.key");
    assert!(matches!(
        InstanceSecret::load(&path),
        Err(VaultError::Io { .. })
    ));
    for bad in [
        "".to_owned(),
        "vigie-instance-secret-v1".to_owned(),
        format!("vigie-instance-secret-v1 {}\n", "a".repeat(63)),
        format!("vigie-instance-secret-v1 {}\n", "g".repeat(64)),
        format!("vigie-audit-key-v1 {}\n", "a".repeat(64)),
        format!("vigie-instance-secret-v1  {}\n", "a".repeat(64)),
    ] {
        std::fs::write(&path, bad).unwrap();
        assert!(matches!(
            InstanceSecret::load(&path),
            Err(VaultError::Malformed(_))
        ));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn derived_keys_are_distinct_and_stable() {
    let s = InstanceSecret::generate();
    let keys = [
        *s.pepper(),
        *s.contact_key().as_bytes(),
        *s.csrf_key().as_bytes(),
        s.mac("a", b"b"),
    ];
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            assert_ne!(a, b);
        }
    }
    assert_eq!(s.mac("throttle", b"alice"), s.mac("throttle", b"alice"));
    assert_ne!(s.mac("throttle", b"alice"), s.mac("recovery", b"alice"));
    // The label is length-prefixed: moving bytes between label and data changes the MAC.
    assert_ne!(s.mac("ab", b"c"), s.mac("a", b"bc"));
    assert_ne!(s.mac("a", b"b"), InstanceSecret::generate().mac("a", b"b"));
    assert_eq!(format!("{s:?}"), "InstanceSecret(..)");
}

#[test]
fn instance_salt_from_slice() {
    let salt = InstanceSalt::random();
    assert_eq!(InstanceSalt::from_slice(salt.as_bytes()).unwrap(), salt);
    assert!(InstanceSalt::from_slice(&[0u8; 15]).is_err());
}
