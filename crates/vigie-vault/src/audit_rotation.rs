//! Replacing the audit key (`vigie keys rotate-audit`) without trusting any key the database names.
//!
//! A rotation appends one audit entry, `audit_key_rotated`, whose detail names the old and the new public
//! key (`old=<hex> new=<hex>`), then signs a checkpoint covering it with the OLD key (the handover: the
//! old key names its successor), then one with the NEW key (which covers, through the hash chain, the
//! entry naming its predecessor).
//!
//! Verification starts from the one key it trusts, the key file's, and walks back: the newest rotation
//! must name it as `new`, and be covered by a checkpoint the trusted key signed; the `old` key it names
//! is then trusted for the checkpoints up to the handover, and so on back to the first key. Whoever writes
//! the database cannot choose a key: a rotation entry they add is covered by no checkpoint of the newer
//! key, and one they alter breaks the hash chain under that key's checkpoints.

use vigie_domain::{AuditKind, AuditRecord, Checkpoint};

use crate::checkpoint::CheckpointError;

/// The detail of a rotation entry.
pub fn rotation_detail(old: &[u8; 32], new: &[u8; 32]) -> String {
    format!("old={} new={}", hex::encode(old), hex::encode(new))
}

/// A rotation as an entry records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// The entry's sequence number.
    pub seq: i64,
    /// The key checkpoints were signed with before it.
    pub old: [u8; 32],
    /// The key they are signed with after it.
    pub new: [u8; 32],
}

fn parse_detail(detail: &str) -> Option<([u8; 32], [u8; 32])> {
    let (old, new) = detail.split_once(' ')?;
    let key = |s: &str, tag: &str| -> Option<[u8; 32]> {
        hex::decode(s.strip_prefix(tag)?).ok()?.try_into().ok()
    };
    Some((key(old, "old=")?, key(new, "new=")?))
}

/// Every rotation entry of `entries`, oldest first.
pub fn rotations(entries: &[AuditRecord]) -> Result<Vec<Rotation>, CheckpointError> {
    let kind = AuditKind::AuditKeyRotated.as_str();
    entries
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| {
            parse_detail(&e.detail)
                .map(|(old, new)| Rotation {
                    seq: e.seq,
                    old,
                    new,
                })
                .ok_or(CheckpointError::Rotation {
                    seq: e.seq,
                    reason: "its detail does not name two keys",
                })
        })
        .collect()
}

/// Which key signed which checkpoint, derived from the trusted key and the rotation entries.
#[derive(Clone, Debug)]
pub struct KeySchedule {
    /// The keys in order of use, the trusted one last.
    keys: Vec<[u8; 32]>,
    /// For each rotation, the number of its handover checkpoint (the last one under the old key).
    handovers: Vec<i64>,
}

impl KeySchedule {
    /// The schedule for checkpoints `ordered` (by number, as stored and copied), from the `trusted`
    /// key (the key file's). Each rotation must follow the one before (its `old` is the previous
    /// `new`), the newest must name the trusted key, and each must be covered by a handover checkpoint
    /// and at least one checkpoint after it (signed by its new key), with no two rotations sharing a
    /// handover. Signatures are checked afterwards with [`KeySchedule::key_for`].
    pub fn new(
        entries: &[AuditRecord],
        ordered: &[&Checkpoint],
        trusted: &[u8; 32],
    ) -> Result<KeySchedule, CheckpointError> {
        let found = rotations(entries)?;
        let Some(first) = found.first() else {
            return Ok(KeySchedule {
                keys: vec![*trusted],
                handovers: Vec::new(),
            });
        };
        let mut keys = vec![first.old];
        let mut handovers: Vec<i64> = Vec::with_capacity(found.len());
        for r in &found {
            let bad = |reason| CheckpointError::Rotation { seq: r.seq, reason };
            if keys.last() != Some(&r.old) {
                return Err(bad("its old key is not the key of the rotation before"));
            }
            if r.old == r.new {
                return Err(bad("it names the same key twice"));
            }
            let handover = ordered
                .iter()
                .find(|c| c.upto_seq >= r.seq)
                .map(|c| c.number)
                .ok_or(bad("no checkpoint covers it"))?;
            if !ordered.iter().any(|c| c.number == handover + 1) {
                return Err(bad(
                    "no checkpoint under the new key confirms it (an unfinished rotation: run `vigie keys rotate-audit` again)",
                ));
            }
            if handovers.last().is_some_and(|h| *h >= handover) {
                return Err(bad("no checkpoint was signed since the rotation before"));
            }
            handovers.push(handover);
            keys.push(r.new);
        }
        if keys.last() != Some(trusted) {
            return Err(CheckpointError::Rotation {
                seq: found.last().map_or(0, |r| r.seq),
                reason: "the newest rotation does not name the audit key file's key: wrong key file, or a rotation the key file does not know",
            });
        }
        Ok(KeySchedule { keys, handovers })
    }

    /// The key checkpoint `number` must be signed with.
    pub fn key_for(&self, number: i64) -> &[u8; 32] {
        let epoch = self.handovers.iter().filter(|h| **h < number).count();
        &self.keys[epoch.min(self.keys.len() - 1)]
    }

    /// Every key, oldest first.
    pub fn keys(&self) -> &[[u8; 32]] {
        &self.keys
    }

    /// The first key: the one legacy checkpoints (before numbered checkpoints existed) were signed with.
    pub fn oldest(&self) -> &[u8; 32] {
        &self.keys[0]
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn details_round_trip_and_garbage_is_refused() {
        let d = rotation_detail(&[1; 32], &[2; 32]);
        assert_eq!(parse_detail(&d), Some(([1; 32], [2; 32])));
        for bad in [
            "",
            "old=01 new=02",
            "new=x old=y",
            &d.replace("old=", "ancien="),
        ] {
            assert_eq!(parse_detail(bad), None, "{bad}");
        }
    }
}
