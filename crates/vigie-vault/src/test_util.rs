//! Helpers shared by the crate's unit tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use vigie_domain::AuditRecord;

use crate::audit::{GENESIS, seal_record};

/// A fresh directory under the system temp dir (no tempfile crate needed).
pub(crate) fn scratch_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vigie-vault-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The permission bits of `path` (a key or log file must be 0600).
pub(crate) fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `n` chained and sealed `user_created` entries by the command line; `stamp(seq)` gives entry `seq`'s
/// day, time and object.
pub(crate) fn cli_chain(
    n: i64,
    stamp: impl Fn(i64) -> (&'static str, Option<i64>, String),
) -> Vec<AuditRecord> {
    let mut out: Vec<AuditRecord> = Vec::new();
    for seq in 1..=n {
        let (day, at, object) = stamp(seq);
        let mut r = AuditRecord {
            seq,
            day: day.into(),
            at,
            actor: "cli".into(),
            kind: "user_created".into(),
            object,
            detail: String::new(),
            prev_hash: [0; 32],
            hash: [0; 32],
        };
        seal_record(&out.last().map_or(GENESIS, |p| p.hash), &mut r);
        out.push(r);
    }
    out
}
