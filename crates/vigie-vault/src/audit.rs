//! The audit chain (DESIGN.md section 2, item 4): entries hash-chained with SHA-256, the head signed
//! from time to time with an Ed25519 key kept outside the database.
//!
//! The chain alone shows any altered, removed or reordered entry. It cannot show a cut tail, nor a chain
//! recomputed from some entry on by someone who can write the database: that is what the signed
//! checkpoints are for. Entries after the last checkpoint are protected by the chain only, so a cut
//! there goes unnoticed until the next checkpoint (the checkpoints also leave the server in the admins'
//! digest, so deleting checkpoint rows is noticed outside).

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use vigie_domain::{AuditCheckpoint, AuditRecord};

use crate::derive::len_prefix;
use crate::{VaultError, keyfile};

/// The `prev_hash` of the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

const FILE_LABEL: &str = "vigie-audit-key-v1";

fn put(h: &mut Sha256, field: &[u8]) {
    h.update(len_prefix(field));
    h.update(field);
}

/// An entry's hash: SHA-256 over `"vigie/audit/v1"`, `prev` (32 bytes), `seq` (i64 BE), then `day`,
/// `at` (a presence byte, then i64 BE when present), `actor`, `kind`, `object`, `detail`, each string
/// prefixed by its length (u64 BE), so that no two different entries hash the same input.
#[allow(clippy::too_many_arguments)] // One argument per stored column, on purpose: nothing is left out.
pub fn entry_hash(
    prev: &[u8; 32],
    seq: i64,
    day: &str,
    at: Option<i64>,
    actor: &str,
    kind: &str,
    object: &str,
    detail: &str,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"vigie/audit/v1");
    h.update(prev);
    h.update(seq.to_be_bytes());
    put(&mut h, day.as_bytes());
    match at {
        Some(t) => {
            h.update([1]);
            h.update(t.to_be_bytes());
        }
        None => h.update([0]),
    }
    put(&mut h, actor.as_bytes());
    put(&mut h, kind.as_bytes());
    put(&mut h, object.as_bytes());
    put(&mut h, detail.as_bytes());
    h.finalize().into()
}

/// [`entry_hash`] of a record as stored (with its own `prev_hash`).
pub fn record_hash(r: &AuditRecord) -> [u8; 32] {
    entry_hash(
        &r.prev_hash,
        r.seq,
        &r.day,
        r.at,
        &r.actor,
        &r.kind,
        &r.object,
        &r.detail,
    )
}

/// Links `record` after an entry whose hash is `prev` ([`GENESIS`] for the first): fills `prev_hash`
/// and `hash`. The caller sets `seq` (previous + 1) and the other fields first.
pub fn seal_record(prev: &[u8; 32], record: &mut AuditRecord) {
    record.prev_hash = *prev;
    record.hash = record_hash(record);
}

/// The bytes an audit checkpoint signs: a domain separator, then `upto_seq` (i64 BE), `head_hash`
/// (32 bytes) and `created_at` (i64 BE). Fixed layout.
pub fn checkpoint_message(upto_seq: i64, head_hash: &[u8; 32], created_at: i64) -> Vec<u8> {
    const DOMAIN: &[u8] = b"vigie/audit/checkpoint/v1\0";
    let mut m = Vec::with_capacity(DOMAIN.len() + 8 + 32 + 8);
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(&upto_seq.to_be_bytes());
    m.extend_from_slice(head_hash);
    m.extend_from_slice(&created_at.to_be_bytes());
    m
}

/// The audit signing key (Ed25519), kept in a file outside the database. Zeroized on drop.
pub struct AuditSigner(SigningKey);

impl AuditSigner {
    /// A fresh key in memory.
    pub fn generate() -> Self {
        AuditSigner(SigningKey::generate(&mut rand_core::OsRng))
    }

    /// Generates a key and writes it to a new file (mode 0600), refusing to overwrite.
    pub fn create_file(path: impl AsRef<Path>) -> Result<Self, VaultError> {
        let signer = AuditSigner::generate();
        keyfile::create(
            path.as_ref(),
            FILE_LABEL,
            &zeroize::Zeroizing::new(signer.0.to_bytes()),
        )?;
        Ok(signer)
    }

    /// Reads the file written by [`AuditSigner::create_file`].
    pub fn load_file(path: impl AsRef<Path>) -> Result<Self, VaultError> {
        let bytes = keyfile::load(path.as_ref(), FILE_LABEL)?;
        Ok(AuditSigner(SigningKey::from_bytes(&bytes)))
    }

    /// The public key checkpoints are verified with (stored, and printed for the admins).
    pub fn verifying_key_bytes(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// Signs raw bytes (the checkpoint module builds the message).
    pub(crate) fn sign_bytes(&self, message: &[u8]) -> Signature {
        self.0.sign(message)
    }

    /// Signs "the chain had `upto_seq` entries and its head was `head_hash`".
    pub fn sign_checkpoint(
        &self,
        upto_seq: i64,
        head_hash: &[u8; 32],
        created_at: i64,
    ) -> AuditCheckpoint {
        let sig = self
            .0
            .sign(&checkpoint_message(upto_seq, head_hash, created_at));
        AuditCheckpoint {
            upto_seq,
            head_hash: *head_hash,
            created_at,
            signature: sig.to_bytes().to_vec(),
        }
    }
}

impl std::fmt::Debug for AuditSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditSigner(..)")
    }
}

/// What a successful verification covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainReport {
    /// Entries verified.
    pub entries: usize,
    /// Checkpoints verified.
    pub checkpoints: usize,
}

/// The first problem found, in sequence order. Each message names the entry and what it means.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The verifying key is not a valid Ed25519 public key.
    #[error("the audit verifying key is not a valid Ed25519 public key")]
    BadKey,
    /// An entry is missing or out of order.
    #[error("entry {expected} expected but entry {found} found: entries were removed or reordered")]
    Gap {
        /// The sequence number that should be here.
        expected: i64,
        /// The one that is.
        found: i64,
    },
    /// An entry's `prev_hash` is not the previous entry's hash.
    #[error("entry {seq} does not follow entry {}: it or its predecessor was altered or replaced", seq - 1)]
    BrokenLink {
        /// The entry whose link is wrong.
        seq: i64,
    },
    /// An entry's content does not match its hash.
    #[error("entry {seq} was altered after it was written")]
    BadHash {
        /// The altered entry.
        seq: i64,
    },
    /// A checkpoint's signature is not the audit key's.
    #[error("checkpoint up to entry {upto_seq} has an invalid signature: forged or altered")]
    BadSignature {
        /// The checkpoint's last entry.
        upto_seq: i64,
    },
    /// A genuine checkpoint disagrees with the stored entry it covers.
    #[error(
        "entry {upto_seq} differs from its signed checkpoint: the chain up to it was rewritten"
    )]
    CheckpointMismatch {
        /// The checkpoint's last entry.
        upto_seq: i64,
    },
    /// A genuine checkpoint covers entries that no longer exist.
    #[error(
        "a signed checkpoint covers entry {upto_seq} but the log ends at entry {last_seq}: its tail was cut"
    )]
    Truncated {
        /// The checkpoint's last entry.
        upto_seq: i64,
        /// The last entry stored.
        last_seq: i64,
    },
}

/// Verifies `entries` (as stored, ordered by seq) against each other and against `checkpoints`.
///
/// Entries and checkpoints are checked in one pass in sequence order: a checkpoint is checked right
/// after the entry it covers, so the error returned is the one at the lowest sequence number (a
/// checkpoint covering entries that do not exist is reported after the walk).
pub fn verify_chain(
    entries: &[AuditRecord],
    checkpoints: &[AuditCheckpoint],
    verifying_key: &[u8; 32],
) -> Result<ChainReport, ChainError> {
    let key = VerifyingKey::from_bytes(verifying_key).map_err(|_| ChainError::BadKey)?;
    let mut order: Vec<&AuditCheckpoint> = checkpoints.iter().collect();
    order.sort_by_key(|c| c.upto_seq);
    let mut pending = order.into_iter().peekable();

    // Checkpoints below the first entry (a signed empty log) cover only GENESIS.
    while let Some(c) = pending.next_if(|c| c.upto_seq < 1) {
        check_checkpoint(&key, c, (c.upto_seq == 0).then_some(&GENESIS))?;
    }
    let mut prev = GENESIS;
    let mut expected: i64 = 1;
    for e in entries {
        if e.seq != expected {
            return Err(ChainError::Gap {
                expected,
                found: e.seq,
            });
        }
        if e.prev_hash != prev {
            return Err(ChainError::BrokenLink { seq: e.seq });
        }
        if record_hash(e) != e.hash {
            return Err(ChainError::BadHash { seq: e.seq });
        }
        while let Some(c) = pending.next_if(|c| c.upto_seq == e.seq) {
            check_checkpoint(&key, c, Some(&e.hash))?;
        }
        prev = e.hash;
        expected = expected.saturating_add(1);
    }
    let last_seq = expected - 1;
    if let Some(c) = pending.next() {
        verify_signature(&key, c)?;
        return Err(ChainError::Truncated {
            upto_seq: c.upto_seq,
            last_seq,
        });
    }
    Ok(ChainReport {
        entries: entries.len(),
        checkpoints: checkpoints.len(),
    })
}

fn verify_signature(key: &VerifyingKey, c: &AuditCheckpoint) -> Result<(), ChainError> {
    let bad = ChainError::BadSignature {
        upto_seq: c.upto_seq,
    };
    let sig = Signature::from_slice(&c.signature).map_err(|_| bad.clone())?;
    key.verify_strict(
        &checkpoint_message(c.upto_seq, &c.head_hash, c.created_at),
        &sig,
    )
    .map_err(|_| bad)
}

/// Signature first (an unsigned claim proves nothing), then the head it vouches for.
fn check_checkpoint(
    key: &VerifyingKey,
    c: &AuditCheckpoint,
    head: Option<&[u8; 32]>,
) -> Result<(), ChainError> {
    verify_signature(key, c)?;
    if head != Some(&c.head_hash) {
        return Err(ChainError::CheckpointMismatch {
            upto_seq: c.upto_seq,
        });
    }
    Ok(())
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
