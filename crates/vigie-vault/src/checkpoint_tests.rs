#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::audit::seal_record;
use crate::test_util::{cli_chain, mode_of, scratch_dir};
use proptest::prelude::*;

const T0: i64 = 1_780_000_000;

/// `n` entries, one an hour from T0.
fn chain(n: i64) -> Vec<AuditRecord> {
    cli_chain(n, |seq| {
        ("2026-05-28", Some(T0 + seq * 3600), String::new())
    })
}

/// Checkpoints after each entry in `at` (by seq), signed at that entry's time.
fn checkpoints(signer: &AuditSigner, entries: &[AuditRecord], at: &[i64]) -> Vec<Checkpoint> {
    let mut out: Vec<Checkpoint> = Vec::new();
    for (i, seq) in at.iter().enumerate() {
        let e = &entries[(*seq - 1) as usize];
        let digest = [u8::try_from(i / 2).unwrap(); 32];
        out.push(signer.sign_next(
            out.last(),
            CheckpointClaim {
                upto_seq: *seq,
                head_hash: e.hash,
                created_at: e.at.unwrap(),
                directory_digest: digest,
            },
        ));
    }
    out
}

fn outside(list: &[Checkpoint]) -> Vec<(String, Vec<Checkpoint>)> {
    vec![("checkpoints.log".to_owned(), list.to_vec())]
}

#[test]
fn a_consistent_log_verifies() {
    let signer = AuditSigner::generate();
    let entries = chain(10);
    let cps = checkpoints(&signer, &entries, &[2, 5, 10]);
    let report = verify_checkpoints(
        &entries,
        &cps,
        &outside(&cps),
        &signer.verifying_key_bytes(),
    )
    .unwrap();
    assert_eq!(report.checkpoints, 3);
    assert_eq!(report.newest.unwrap().number, 3);
    // The directory's version follows its digest: [0, 0, 1] -> versions 1, 1, 2.
    assert_eq!(
        cps.iter().map(|c| c.directory_version).collect::<Vec<_>>(),
        [1, 1, 2]
    );
}

#[test]
fn every_tampering_is_named() {
    let signer = AuditSigner::generate();
    let vk = signer.verifying_key_bytes();
    let entries = chain(10);
    let cps = checkpoints(&signer, &entries, &[2, 5, 10]);

    // Every checkpoint deleted from the database.
    assert_eq!(
        verify_checkpoints(&entries, &[], &outside(&cps), &vk),
        Err(CheckpointError::MissingInDatabase { number: 1 })
    );
    // The newest deleted from the database, with the entries it covered.
    assert_eq!(
        verify_checkpoints(&entries[..6], &cps[..2], &outside(&cps), &vk),
        Err(CheckpointError::MissingInDatabase { number: 3 })
    );
    // The outside copy lost one.
    assert_eq!(
        verify_checkpoints(&entries, &cps, &outside(&cps[..2]), &vk),
        Err(CheckpointError::MissingOutside { number: 3 })
    );
    // No checkpoint anywhere.
    assert_eq!(
        verify_checkpoints(&entries, &[], &outside(&[]), &vk),
        Err(CheckpointError::NoCheckpoint { entries: 10 })
    );
    // Both copies lost the middle one.
    let holed = [cps[0].clone(), cps[2].clone()];
    assert_eq!(
        verify_checkpoints(&entries, &holed, &outside(&holed), &vk),
        Err(CheckpointError::Gap {
            expected: 2,
            found: 3
        })
    );
    // Both copies lost the newest, the entries stayed: they came more than 25 hours later.
    let mut late = chain(10);
    for e in late.iter_mut().skip(6) {
        e.at = Some(T0 + 40 * 3600 + e.seq);
    }
    let mut relinked: Vec<AuditRecord> = Vec::new();
    for mut e in late {
        seal_record(&relinked.last().map_or(GENESIS, |p| p.hash), &mut e);
        relinked.push(e);
    }
    let early = checkpoints(&signer, &relinked, &[2, 5]);
    assert_eq!(
        verify_checkpoints(&relinked, &early, &outside(&early), &vk),
        Err(CheckpointError::Silence { seq: 7, number: 2 })
    );
    // A forged signature.
    let mut forged = cps.clone();
    forged[1].created_at += 1;
    assert!(matches!(
        verify_checkpoints(&entries, &forged, &outside(&cps), &vk),
        Err(CheckpointError::BadSignature { number: 2, .. })
    ));
    // A rewritten entry under a checkpoint.
    let mut rewritten = chain(10);
    rewritten[4].detail = "changed".into();
    let mut relinked: Vec<AuditRecord> = Vec::new();
    for mut e in rewritten {
        seal_record(&relinked.last().map_or(GENESIS, |p| p.hash), &mut e);
        relinked.push(e);
    }
    assert_eq!(
        verify_checkpoints(&relinked, &cps, &outside(&cps), &vk),
        Err(CheckpointError::Mismatch {
            number: 2,
            upto_seq: 5
        })
    );
    // The log cut below the newest checkpoint.
    assert_eq!(
        verify_checkpoints(&entries[..8], &cps, &outside(&cps), &vk),
        Err(CheckpointError::Truncated {
            number: 3,
            upto_seq: 10,
            last_seq: 8
        })
    );
}

#[test]
fn the_union_of_several_outside_copies_counts() {
    let signer = AuditSigner::generate();
    let entries = chain(10);
    let cps = checkpoints(&signer, &entries, &[2, 5, 10]);
    let split = vec![
        ("a.log".to_owned(), vec![cps[0].clone(), cps[2].clone()]),
        ("b.log".to_owned(), vec![cps[1].clone()]),
    ];
    assert!(verify_checkpoints(&entries, &cps, &split, &signer.verifying_key_bytes()).is_ok());
}

#[test]
fn two_checkpoints_with_one_number_are_a_fork() {
    let signer = AuditSigner::generate();
    let entries = chain(10);
    let cps = checkpoints(&signer, &entries, &[2, 5]);
    let other = signer.sign_next(
        Some(&cps[0]),
        CheckpointClaim {
            upto_seq: 6,
            head_hash: entries[5].hash,
            created_at: T0,
            directory_digest: [0; 32],
        },
    );
    let copies = vec![
        ("a.log".to_owned(), cps.clone()),
        ("b.log".to_owned(), vec![other]),
    ];
    assert_eq!(
        verify_checkpoints(&entries, &cps, &copies, &signer.verifying_key_bytes()),
        Err(CheckpointError::Fork { number: 2 })
    );
}

#[test]
fn the_file_round_trips_and_keeps_the_day_as_its_time() {
    let dir = scratch_dir();
    let log = CheckpointLog::new(dir.join("checkpoints.log"));
    assert_eq!(log.read().unwrap(), Vec::new());
    let signer = AuditSigner::generate();
    let entries = chain(3);
    let cps = checkpoints(&signer, &entries, &[1, 3]);
    let midnight = system_time(T0 - T0 % 86_400);
    for c in &cps {
        log.append(c, midnight).unwrap();
    }
    assert_eq!(log.read().unwrap(), cps);
    let meta = std::fs::metadata(log.path()).unwrap();
    assert_eq!(meta.modified().unwrap(), midnight);
    assert_eq!(mode_of(log.path()), 0o600);
    std::fs::write(log.path(), "vigie-checkpoint-v2 1 2\n").unwrap();
    assert!(matches!(
        log.read(),
        Err(CheckpointError::BadLine { line: 1, .. })
    ));
}

proptest! {
    #[test]
    fn parse_line_never_panics_and_reads_back_what_it_wrote(s in ".{0,300}", n in 1i64..1000) {
        let _ = parse_line(&s);
        let signer = AuditSigner::generate();
        let c = signer.sign_next(None, CheckpointClaim { upto_seq: n, head_hash: [7; 32], created_at: n, directory_digest: [1; 32] });
        prop_assert_eq!(parse_line(&to_line(&c)), Some(c));
    }
}
