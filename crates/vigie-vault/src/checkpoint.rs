//! Audit checkpoints that leave the database (DESIGN.md section 2, items 4 and 7).
//!
//! A checkpoint signs the audit chain's head, the key directory's digest and version, its own number
//! and the hash of the checkpoint before it. It is stored in the database and appended, as one line,
//! to a file outside it (`checkpoints.log`, best kept on another disk or a remote mount). Verification
//! takes the database's checkpoints and the union of the outside copies and fails when they disagree,
//! when a number is missing, when a link is broken, or when audit entries were recorded more than 25
//! hours after the newest checkpoint before them (the server signs one a day and at each start, so a
//! cut that also removed the newest checkpoints shows).

use std::fs::{File, FileTimes, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use vigie_domain::{AuditRecord, Checkpoint};

use crate::audit_rotation::KeySchedule;
use crate::{AuditSigner, GENESIS, VaultError};

/// Entries may follow the newest checkpoint before them by at most this much (a day and an hour: the
/// server checkpoints daily, its housekeeping runs hourly).
pub const MAX_SILENCE_SECS: i64 = 25 * 3600;

/// The first word of every line of the outside copy.
const LINE_TAG: &str = "vigie-checkpoint-v2";

/// The bytes a checkpoint's signature covers: a domain separator, then every field in a fixed layout.
pub fn message(c: &Checkpoint) -> Vec<u8> {
    const DOMAIN: &[u8] = b"vigie/audit/checkpoint/v2\0";
    let mut m = Vec::with_capacity(DOMAIN.len() + 8 * 4 + 32 * 3);
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(&c.number.to_be_bytes());
    m.extend_from_slice(&c.upto_seq.to_be_bytes());
    m.extend_from_slice(&c.head_hash);
    m.extend_from_slice(&c.created_at.to_be_bytes());
    m.extend_from_slice(&c.directory_version.to_be_bytes());
    m.extend_from_slice(&c.directory_digest);
    m.extend_from_slice(&c.prev_hash);
    m
}

/// A checkpoint's hash, which the next checkpoint carries as `prev_hash`.
pub fn hash(c: &Checkpoint) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(message(c));
    h.update(&c.signature);
    h.finalize().into()
}

/// What the next checkpoint states; [`AuditSigner::sign_next`] numbers, links and signs it.
#[derive(Clone, Copy, Debug)]
pub struct CheckpointClaim {
    /// The last audit entry covered (0 for an empty log).
    pub upto_seq: i64,
    /// Its hash ([`GENESIS`] for an empty log).
    pub head_hash: [u8; 32],
    /// Unix seconds now.
    pub created_at: i64,
    /// The key directory's digest now.
    pub directory_digest: [u8; 32],
}

impl AuditSigner {
    /// Signs the checkpoint that follows `prev` (`None` for the first). The directory's version goes
    /// up by one when its digest differs from `prev`'s.
    pub fn sign_next(&self, prev: Option<&Checkpoint>, claim: CheckpointClaim) -> Checkpoint {
        let directory_version = match prev {
            None => 1,
            Some(p) if p.directory_digest == claim.directory_digest => p.directory_version,
            Some(p) => p.directory_version + 1,
        };
        let mut c = Checkpoint {
            number: prev.map_or(1, |p| p.number + 1),
            upto_seq: claim.upto_seq,
            head_hash: claim.head_hash,
            created_at: claim.created_at,
            directory_version,
            directory_digest: claim.directory_digest,
            prev_hash: prev.map_or(GENESIS, hash),
            signature: Vec::new(),
        };
        c.signature = self.sign_bytes(&message(&c)).to_bytes().to_vec();
        c
    }
}

/// One line of the outside copy (no newline).
pub fn to_line(c: &Checkpoint) -> String {
    format!(
        "{LINE_TAG} {} {} {} {} {} {} {} {}",
        c.number,
        c.upto_seq,
        hex::encode(c.head_hash),
        c.created_at,
        c.directory_version,
        hex::encode(c.directory_digest),
        hex::encode(c.prev_hash),
        hex::encode(&c.signature),
    )
}

fn hex32(s: &str) -> Option<[u8; 32]> {
    hex::decode(s).ok()?.try_into().ok()
}

/// Reads a line written by [`to_line`]; `None` if it is not one.
pub fn parse_line(line: &str) -> Option<Checkpoint> {
    let mut f = line.split(' ');
    if f.next()? != LINE_TAG {
        return None;
    }
    let c = Checkpoint {
        number: f.next()?.parse().ok()?,
        upto_seq: f.next()?.parse().ok()?,
        head_hash: hex32(f.next()?)?,
        created_at: f.next()?.parse().ok()?,
        directory_version: f.next()?.parse().ok()?,
        directory_digest: hex32(f.next()?)?,
        prev_hash: hex32(f.next()?)?,
        signature: hex::decode(f.next()?).ok().filter(|s| s.len() == 64)?,
    };
    f.next().is_none().then_some(c)
}

/// The copy of the checkpoints kept outside the database: a text file, one line per checkpoint,
/// only ever appended to. Several instances may append to the same file.
#[derive(Clone, Debug)]
pub struct CheckpointLog {
    path: PathBuf,
}

impl CheckpointLog {
    /// The log at `path` (created at the first append).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        CheckpointLog { path: path.into() }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one checkpoint and waits until it is on disk. The file (mode 0600) keeps the day of
    /// `day_start` as its modification time, like every file vigie writes.
    pub fn append(&self, c: &Checkpoint, day_start: SystemTime) -> Result<(), VaultError> {
        let io = |source| VaultError::Io {
            path: self.path.clone(),
            source,
        };
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path).map_err(io)?;
        // One write of the whole line: appends of a few hundred bytes do not interleave.
        let line = format!("{}\n", to_line(c));
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        set_day_time(&file, day_start).map_err(io)?;
        Ok(())
    }

    /// Every checkpoint in the file, in file order; none if the file does not exist.
    pub fn read(&self) -> Result<Vec<Checkpoint>, CheckpointError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(CheckpointError::Unreadable {
                    origin: self.path.display().to_string(),
                    reason: e.to_string(),
                });
            }
        };
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                parse_line(l.trim_end()).ok_or_else(|| CheckpointError::BadLine {
                    origin: self.path.display().to_string(),
                    line: i + 1,
                })
            })
            .collect()
    }
}

fn set_day_time(file: &File, day_start: SystemTime) -> std::io::Result<()> {
    file.set_times(
        FileTimes::new()
            .set_modified(day_start)
            .set_accessed(day_start),
    )
}

/// Unix seconds as a [`SystemTime`] (times before 1970 are clamped to it).
pub fn system_time(unix: i64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(unix).unwrap_or(0))
}

/// What a successful verification covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointReport {
    /// Checkpoints verified.
    pub checkpoints: usize,
    /// The newest one.
    pub newest: Option<Checkpoint>,
}

/// The first problem found. Messages say what it means for the log.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The outside copy could not be read.
    #[error("{origin}: cannot read the checkpoint copy: {reason}")]
    Unreadable {
        /// The file.
        origin: String,
        /// Why.
        reason: String,
    },
    /// A line of the outside copy is not a checkpoint.
    #[error("{origin} line {line}: not a checkpoint line")]
    BadLine {
        /// The file.
        origin: String,
        /// The line number, from 1.
        line: usize,
    },
    /// A checkpoint's signature is not the audit key's.
    #[error("checkpoint {number} in {origin} has an invalid signature: forged or altered")]
    BadSignature {
        /// The database or the file.
        origin: String,
        /// The checkpoint.
        number: i64,
    },
    /// Two genuine checkpoints carry the same number.
    #[error("two different checkpoints are numbered {number}: the log was forked or rewritten")]
    Fork {
        /// The number.
        number: i64,
    },
    /// The database holds a checkpoint that no outside copy has.
    #[error(
        "checkpoint {number} is in the database but not in the outside copy: the copy is incomplete (another file, or a lost append)"
    )]
    MissingOutside {
        /// The checkpoint.
        number: i64,
    },
    /// An outside copy holds a checkpoint that the database lost.
    #[error(
        "checkpoint {number} is in the outside copy but not in the database: checkpoints were deleted from the database"
    )]
    MissingInDatabase {
        /// The checkpoint.
        number: i64,
    },
    /// The log has entries but no checkpoint at all.
    #[error(
        "the audit log has {entries} entries but no checkpoint: checkpoints were deleted (start vigie or run `vigie audit checkpoint` on a log that never had one)"
    )]
    NoCheckpoint {
        /// Entries in the log.
        entries: usize,
    },
    /// A number is missing from the sequence.
    #[error("checkpoint {expected} expected but checkpoint {found} found: checkpoints are missing")]
    Gap {
        /// The number expected.
        expected: i64,
        /// The number found.
        found: i64,
    },
    /// A checkpoint does not name its predecessor.
    #[error("checkpoint {number} does not follow checkpoint {}: the sequence was rewritten", number - 1)]
    BrokenLink {
        /// The checkpoint.
        number: i64,
    },
    /// A checkpoint vouches for an entry that differs.
    #[error("entry {upto_seq} differs from checkpoint {number}: the chain up to it was rewritten")]
    Mismatch {
        /// The checkpoint.
        number: i64,
        /// The entry it covers.
        upto_seq: i64,
    },
    /// A checkpoint covers entries that no longer exist.
    #[error(
        "checkpoint {number} covers entry {upto_seq} but the log ends at entry {last_seq}: its tail was cut"
    )]
    Truncated {
        /// The checkpoint.
        number: i64,
        /// The entry it covers.
        upto_seq: i64,
        /// The last entry stored.
        last_seq: i64,
    },
    /// The directory's version went down, or its digest changed without a new version.
    #[error("checkpoint {number}: the key directory's version does not follow its changes")]
    DirectoryVersion {
        /// The checkpoint.
        number: i64,
    },
    /// An audit key rotation that the checkpoints do not vouch for (`crate::audit_rotation`).
    #[error("the audit key rotation at entry {seq} is not valid: {reason}")]
    Rotation {
        /// The rotation entry.
        seq: i64,
        /// Why.
        reason: &'static str,
    },
    /// Entries were recorded long after the newest checkpoint before them.
    #[error(
        "entry {seq} was recorded more than 25 hours after checkpoint {number}, the newest before it: later checkpoints were removed"
    )]
    Silence {
        /// The first such entry.
        seq: i64,
        /// The checkpoint before it.
        number: i64,
    },
}

fn check_signature(
    key: &VerifyingKey,
    c: &Checkpoint,
    source: &str,
) -> Result<(), CheckpointError> {
    let bad = || CheckpointError::BadSignature {
        origin: source.to_owned(),
        number: c.number,
    };
    let sig = Signature::from_slice(&c.signature).map_err(|_| bad())?;
    key.verify_strict(&message(c), &sig).map_err(|_| bad())
}

/// Whether one checkpoint carries the audit key's signature.
pub fn signature_ok(verifying_key: &[u8; 32], c: &Checkpoint) -> bool {
    VerifyingKey::from_bytes(verifying_key).is_ok_and(|key| check_signature(&key, c, "").is_ok())
}

/// Verifies the database's checkpoints against the outside copies (`(name, checkpoints)` each), the
/// links between checkpoints, and the audit `entries` they cover. `entries` must already have passed
/// [`crate::verify_chain`] (ordered by seq, from 1, linked). `verifying_key` is the key file's, the only
/// key trusted: checkpoints signed before an audit key rotation are checked with the keys the rotation
/// entries name, each vouched for by the checkpoints of the key after it
/// ([`crate::audit_rotation::KeySchedule`]).
pub fn verify_checkpoints(
    entries: &[AuditRecord],
    database: &[Checkpoint],
    outside: &[(String, Vec<Checkpoint>)],
    verifying_key: &[u8; 32],
) -> Result<CheckpointReport, CheckpointError> {
    let mut union: std::collections::BTreeMap<i64, &Checkpoint> = Default::default();
    for (_, list) in outside {
        for c in list {
            match union.get(&c.number) {
                Some(seen) if *seen != c => return Err(CheckpointError::Fork { number: c.number }),
                _ => {
                    union.insert(c.number, c);
                }
            }
        }
    }
    let mut stored: std::collections::BTreeMap<i64, &Checkpoint> = Default::default();
    for c in database {
        if stored.insert(c.number, c).is_some_and(|seen| seen != c) {
            return Err(CheckpointError::Fork { number: c.number });
        }
    }
    // Every signature, before anything else is believed of a checkpoint.
    let ordered: Vec<&Checkpoint> = union.values().copied().collect();
    let schedule = KeySchedule::new(entries, &ordered, verifying_key)?;
    let keys = Signers::new(&schedule)?;
    for c in database {
        keys.check(c, "the database")?;
    }
    for (source, list) in outside {
        for c in list {
            keys.check(c, source)?;
        }
    }
    for (number, c) in &stored {
        match union.get(number) {
            None => return Err(CheckpointError::MissingOutside { number: *number }),
            Some(o) if *o != *c => return Err(CheckpointError::Fork { number: *number }),
            Some(_) => {}
        }
    }
    if let Some(number) = union.keys().find(|n| !stored.contains_key(n)) {
        return Err(CheckpointError::MissingInDatabase { number: *number });
    }
    if union.is_empty() {
        if entries.is_empty() {
            return Ok(CheckpointReport {
                checkpoints: 0,
                newest: None,
            });
        }
        return Err(CheckpointError::NoCheckpoint {
            entries: entries.len(),
        });
    }
    check_sequence(&ordered, entries)?;
    check_silence(&ordered, entries)?;
    Ok(CheckpointReport {
        checkpoints: ordered.len(),
        newest: ordered.last().map(|c| (*c).clone()),
    })
}

/// The verifying keys of a [`KeySchedule`], parsed once.
struct Signers<'a> {
    schedule: &'a KeySchedule,
    parsed: std::collections::HashMap<[u8; 32], VerifyingKey>,
}

impl<'a> Signers<'a> {
    fn new(schedule: &'a KeySchedule) -> Result<Self, CheckpointError> {
        let mut parsed = std::collections::HashMap::new();
        for key in schedule.keys() {
            let k = VerifyingKey::from_bytes(key).map_err(|_| CheckpointError::BadSignature {
                origin: "the audit key".to_owned(),
                number: 0,
            })?;
            parsed.insert(*key, k);
        }
        Ok(Signers { schedule, parsed })
    }

    fn check(&self, c: &Checkpoint, source: &str) -> Result<(), CheckpointError> {
        match self.parsed.get(self.schedule.key_for(c.number)) {
            Some(key) => check_signature(key, c, source),
            None => Err(CheckpointError::BadSignature {
                origin: source.to_owned(),
                number: c.number,
            }),
        }
    }
}

/// Numbers from 1 without gaps, each linked to the one before, covering entries that exist, with a
/// directory version that moves with its digest.
fn check_sequence(ordered: &[&Checkpoint], entries: &[AuditRecord]) -> Result<(), CheckpointError> {
    let last_seq = entries.last().map_or(0, |e| e.seq);
    let mut prev: Option<&Checkpoint> = None;
    for (i, c) in ordered.iter().enumerate() {
        let expected = i as i64 + 1;
        if c.number != expected {
            return Err(CheckpointError::Gap {
                expected,
                found: c.number,
            });
        }
        if c.prev_hash != prev.map_or(GENESIS, hash) {
            return Err(CheckpointError::BrokenLink { number: c.number });
        }
        if let Some(p) = prev {
            let same_digest = p.directory_digest == c.directory_digest;
            let version_ok = if same_digest {
                c.directory_version == p.directory_version
            } else {
                c.directory_version == p.directory_version + 1
            };
            if !version_ok {
                return Err(CheckpointError::DirectoryVersion { number: c.number });
            }
        }
        if c.upto_seq > last_seq {
            return Err(CheckpointError::Truncated {
                number: c.number,
                upto_seq: c.upto_seq,
                last_seq,
            });
        }
        let head = match c.upto_seq {
            0 => Some(GENESIS),
            n => usize::try_from(n - 1)
                .ok()
                .and_then(|i| entries.get(i))
                .map(|e| e.hash),
        };
        if head != Some(c.head_hash) {
            return Err(CheckpointError::Mismatch {
                number: c.number,
                upto_seq: c.upto_seq,
            });
        }
        prev = Some(c);
    }
    Ok(())
}

/// An entry's time: its own, or the start of its day for entries that carry the day only.
fn entry_time(e: &AuditRecord) -> Option<i64> {
    e.at.or_else(|| vigie_domain::time::day_start_unix(&e.day))
}

/// No entry more than [`MAX_SILENCE_SECS`] after the newest checkpoint before it, except the entry a
/// checkpoint covers exactly (its own `checkpoint_signed` entry).
fn check_silence(ordered: &[&Checkpoint], entries: &[AuditRecord]) -> Result<(), CheckpointError> {
    let mut next = 0;
    let mut before: Option<&Checkpoint> = None;
    for e in entries {
        while let Some(c) = ordered.get(next).filter(|c| c.upto_seq < e.seq) {
            before = Some(c);
            next += 1;
        }
        let (Some(c), Some(t)) = (before, entry_time(e)) else {
            continue;
        };
        // A checkpoint's own entry is covered by it, at its own time: a server started after a week
        // off writes that entry first.
        if ordered.get(next).is_some_and(|n| n.upto_seq == e.seq) {
            continue;
        }
        if t > c.created_at.saturating_add(MAX_SILENCE_SECS) {
            return Err(CheckpointError::Silence {
                seq: e.seq,
                number: c.number,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "checkpoint_tests.rs"]
mod tests;
