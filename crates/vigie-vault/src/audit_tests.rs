#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

use crate::test_util::{cli_chain, mode_of, scratch_dir};

/// `n` entries, every other one with a time.
fn chain(n: i64) -> Vec<AuditRecord> {
    cli_chain(n, |seq| {
        let at = (seq % 2 == 0).then_some(1_700_000_000 + seq);
        ("2025-01-01", at, format!("user:{seq}"))
    })
}

#[test]
fn fields_do_not_run_together() {
    let a = entry_hash(&GENESIS, 1, "d", None, "ab", "c", "", "");
    let b = entry_hash(&GENESIS, 1, "d", None, "a", "bc", "", "");
    let c = entry_hash(&GENESIS, 1, "d", Some(0), "ab", "c", "", "");
    assert_ne!(a, b);
    assert_ne!(a, c);
    assert_eq!(a, entry_hash(&GENESIS, 1, "d", None, "ab", "c", "", ""));
}

#[test]
fn valid_chain_verifies_and_each_error_is_named() {
    let signer = AuditSigner::generate();
    let vk = signer.verifying_key_bytes();
    let entries = chain(5);
    let cps = vec![
        signer.sign_checkpoint(2, &entries[1].hash, 10),
        signer.sign_checkpoint(5, &entries[4].hash, 20),
    ];
    assert_eq!(
        verify_chain(&entries, &cps, &vk),
        Ok(ChainReport {
            entries: 5,
            checkpoints: 2
        })
    );
    assert_eq!(
        verify_chain(&[], &[], &vk),
        Ok(ChainReport {
            entries: 0,
            checkpoints: 0
        })
    );
    let empty = signer.sign_checkpoint(0, &GENESIS, 1);
    assert!(verify_chain(&[], std::slice::from_ref(&empty), &vk).is_ok());

    let mut altered = entries.clone();
    altered[2].detail = "x".into();
    assert_eq!(
        verify_chain(&altered, &cps, &vk),
        Err(ChainError::BadHash { seq: 3 })
    );

    let mut relinked = entries.clone();
    relinked[3].prev_hash = [1; 32];
    assert_eq!(
        verify_chain(&relinked, &cps, &vk),
        Err(ChainError::BrokenLink { seq: 4 })
    );

    let mut removed = entries.clone();
    removed.remove(1);
    assert_eq!(
        verify_chain(&removed, &cps, &vk),
        Err(ChainError::Gap {
            expected: 2,
            found: 3
        })
    );

    assert_eq!(
        verify_chain(&entries[..3], &cps, &vk),
        Err(ChainError::Truncated {
            upto_seq: 5,
            last_seq: 3
        })
    );

    let mut forged = cps.clone();
    forged[0].signature[0] ^= 1;
    assert_eq!(
        verify_chain(&entries, &forged, &vk),
        Err(ChainError::BadSignature { upto_seq: 2 })
    );
    let mut short = cps.clone();
    short[1].signature.truncate(10);
    assert_eq!(
        verify_chain(&entries, &short, &vk),
        Err(ChainError::BadSignature { upto_seq: 5 })
    );

    let other = AuditSigner::generate().verifying_key_bytes();
    assert_eq!(
        verify_chain(&entries, &cps, &other),
        Err(ChainError::BadSignature { upto_seq: 2 })
    );

    // Recomputed from entry 2 on: the chain is consistent, the first checkpoint is not.
    let mut rewritten = entries.clone();
    rewritten[1].detail = "rewritten".into();
    for i in 1..rewritten.len() {
        let prev = rewritten[i - 1].hash;
        seal_record(&prev, &mut rewritten[i]);
    }
    assert_eq!(
        verify_chain(&rewritten, &cps, &vk),
        Err(ChainError::CheckpointMismatch { upto_seq: 2 })
    );
    assert!(
        verify_chain(&rewritten, &[], &vk).is_ok(),
        "without checkpoints a rewrite is invisible"
    );
}

#[test]
fn lowest_seq_error_wins() {
    let signer = AuditSigner::generate();
    let vk = signer.verifying_key_bytes();
    let entries = chain(6);
    let mut bad_cp = signer.sign_checkpoint(2, &entries[1].hash, 1);
    bad_cp.signature[5] ^= 1;
    let mut e = entries.clone();
    e[4].detail = "x".into();
    assert_eq!(
        verify_chain(&e, &[bad_cp], &vk),
        Err(ChainError::BadSignature { upto_seq: 2 })
    );
}

#[test]
fn errors_name_the_entry() {
    assert!(ChainError::BadHash { seq: 17 }.to_string().contains("17"));
    assert!(
        ChainError::Truncated {
            upto_seq: 9,
            last_seq: 4
        }
        .to_string()
        .contains('9')
    );
    assert!(
        ChainError::BrokenLink { seq: 3 }
            .to_string()
            .contains("entry 2")
    );
}

#[test]
fn checkpoint_message_layout_is_fixed() {
    let m = checkpoint_message(1, &[2; 32], 3);
    assert_eq!(m.len(), 26 + 8 + 32 + 8);
    assert!(m.starts_with(b"vigie/audit/checkpoint/v1\0"));
}

#[test]
fn key_file_round_trip() {
    let dir = scratch_dir();
    let path = dir.join("keys/audit.key");
    let created = AuditSigner::create_file(&path).unwrap();
    let loaded = AuditSigner::load_file(&path).unwrap();
    assert_eq!(created.verifying_key_bytes(), loaded.verifying_key_bytes());
    assert_eq!(mode_of(&path), 0o600);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("vigie-audit-key-v1 ")
    );
    assert!(matches!(
        AuditSigner::create_file(&path),
        Err(VaultError::KeyFileExists(_))
    ));
    assert_eq!(loaded.verifying_key_bytes(), created.verifying_key_bytes());
    assert_eq!(format!("{loaded:?}"), "AuditSigner(..)");
    std::fs::remove_dir_all(dir).unwrap();
}
