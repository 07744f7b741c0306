//! Property tests of the audit chain: every tampering the last checkpoint covers is caught, and the
//! limit of checkpoints is tested honestly (a tail cut after the last checkpoint is not).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::sample::Index;
use vigie_domain::{AuditCheckpoint, AuditRecord};
use vigie_vault::{AuditSigner, ChainReport, GENESIS, seal_record, verify_chain};

type Fields = (String, Option<i64>, String, String, String, String);

fn fields() -> impl Strategy<Value = Fields> {
    (
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        proptest::option::of(any::<i64>()),
        "[a-z:0-9-]{0,12}",
        "[a-z_]{1,12}",
        "[a-z:0-9-]{0,12}",
        ".{0,16}",
    )
}

/// A valid chain, and the seqs where checkpoints are taken (always including the last).
fn build(
    rows: &[Fields],
    marks: &[bool],
    signer: &AuditSigner,
) -> (Vec<AuditRecord>, Vec<AuditCheckpoint>) {
    let mut entries: Vec<AuditRecord> = Vec::new();
    let mut cps = Vec::new();
    for (i, (day, at, actor, kind, object, detail)) in rows.iter().enumerate() {
        let mut r = AuditRecord {
            seq: i as i64 + 1,
            day: day.clone(),
            at: *at,
            actor: actor.clone(),
            kind: kind.clone(),
            object: object.clone(),
            detail: detail.clone(),
            prev_hash: [0; 32],
            hash: [0; 32],
        };
        seal_record(&entries.last().map_or(GENESIS, |p| p.hash), &mut r);
        if marks[i] || i + 1 == rows.len() {
            cps.push(signer.sign_checkpoint(r.seq, &r.hash, 1_700_000_000 + r.seq));
        }
        entries.push(r);
    }
    (entries, cps)
}

fn alter(r: &mut AuditRecord, field: u8) {
    match field % 9 {
        0 => r.seq += 1,
        1 => r.day.push('x'),
        2 => {
            r.at = match r.at {
                None => Some(0),
                Some(t) if t % 2 == 0 => None,
                Some(t) => Some(t.wrapping_add(1)),
            }
        }
        3 => r.actor.push('x'),
        4 => r.kind.push('x'),
        5 => r.object.push('x'),
        6 => r.detail.push('x'),
        7 => r.prev_hash[0] ^= 1,
        _ => r.hash[31] ^= 0x80,
    }
}

/// Rewrites every hash from the start, renumbering seqs: what someone who can write the database but
/// has no audit key can do.
fn recompute(entries: &mut [AuditRecord]) {
    let mut prev = GENESIS;
    for (i, e) in entries.iter_mut().enumerate() {
        e.seq = i as i64 + 1;
        seal_record(&prev, e);
        prev = e.hash;
    }
}

#[derive(Debug, Clone)]
enum Tamper {
    Alter(Index, u8),
    Delete(Index),
    Swap(Index, Index),
    Truncate(Index),
    Checkpoint(Index, u8),
    Rewrite(Index, u8),
    DeleteAndRewrite(Index),
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, f)| Tamper::Alter(i, f)),
        any::<Index>().prop_map(Tamper::Delete),
        (any::<Index>(), any::<Index>()).prop_map(|(i, j)| Tamper::Swap(i, j)),
        any::<Index>().prop_map(Tamper::Truncate),
        (any::<Index>(), any::<u8>()).prop_map(|(i, f)| Tamper::Checkpoint(i, f)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, f)| Tamper::Rewrite(i, f)),
        any::<Index>().prop_map(Tamper::DeleteAndRewrite),
    ]
}

fn apply(t: &Tamper, entries: &mut Vec<AuditRecord>, cps: &mut [AuditCheckpoint]) {
    let n = entries.len();
    match t {
        Tamper::Alter(i, f) => alter(&mut entries[i.index(n)], *f),
        Tamper::Delete(i) => {
            entries.remove(i.index(n));
        }
        Tamper::Swap(i, j) => {
            let (a, mut b) = (i.index(n), j.index(n));
            if a == b {
                b = (a + 1) % n;
            }
            if a == b {
                // A single entry cannot be swapped: delete it instead.
                entries.clear();
            } else {
                entries.swap(a, b);
            }
        }
        Tamper::Truncate(i) => entries.truncate(i.index(n)),
        Tamper::Checkpoint(i, f) => {
            let c = &mut cps[i.index(cps.len())];
            match f % 4 {
                0 => c.signature[usize::from(*f) % 64] ^= 1 << (f % 8),
                1 => c.head_hash[usize::from(*f) % 32] ^= 1,
                2 => c.upto_seq -= 1,
                _ => c.created_at += 1,
            }
        }
        Tamper::Rewrite(i, f) => {
            let k = i.index(n);
            // Alter a content field (not the links, which the rewrite recomputes anyway).
            alter(&mut entries[k], 1 + f % 6);
            recompute(entries);
        }
        Tamper::DeleteAndRewrite(i) => {
            entries.remove(i.index(n));
            recompute(entries);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn valid_chains_verify_and_any_tampering_is_caught(
        rows in proptest::collection::vec(fields(), 1..40),
        marks in proptest::collection::vec(proptest::bool::weighted(0.2), 40),
        t in tamper(),
    ) {
        let signer = AuditSigner::generate();
        let vk = signer.verifying_key_bytes();
        let (mut entries, mut cps) = build(&rows, &marks, &signer);
        prop_assert_eq!(
            verify_chain(&entries, &cps, &vk),
            Ok(ChainReport { entries: entries.len(), checkpoints: cps.len() })
        );
        apply(&t, &mut entries, &mut cps);
        let r = verify_chain(&entries, &cps, &vk);
        prop_assert!(r.is_err(), "tampering {:?} not detected", t);
    }

    /// The limit, stated honestly: entries after the last checkpoint are protected by the chain only,
    /// so cutting them is invisible until the next checkpoint. Checkpoints exist to bound this window.
    #[test]
    fn a_tail_cut_after_the_last_checkpoint_goes_unnoticed(
        rows in proptest::collection::vec(fields(), 2..40),
        marks in proptest::collection::vec(proptest::bool::weighted(0.2), 40),
        upto in any::<Index>(),
        keep in any::<Index>(),
    ) {
        let signer = AuditSigner::generate();
        let vk = signer.verifying_key_bytes();
        let n = rows.len();
        let last_cp = 1 + upto.index(n - 1); // 1..n-1: entries after it exist
        let (entries, cps) = build(&rows[..last_cp], &marks, &signer);
        // Extend the chain beyond the last checkpoint without signing again.
        let (full, _) = build(&rows, &marks, &signer);
        prop_assert_eq!(&full[..last_cp], &entries[..]);
        let kept = last_cp + keep.index(n - last_cp + 1);
        let cut = &full[..kept.min(n)];
        prop_assert_eq!(
            verify_chain(cut, &cps, &vk),
            Ok(ChainReport { entries: cut.len(), checkpoints: cps.len() })
        );
    }
}
