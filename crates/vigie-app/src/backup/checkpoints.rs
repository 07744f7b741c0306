//! The outside copy of the checkpoints after a restore.
//!
//! A restore is a cut tail by design: the old instance may have signed checkpoints after the backup,
//! and its outside copy (`checkpoints.log`) lists them, so `vigie audit verify` would rightly say
//! they are "in the outside copy but not in the database". The restore therefore moves that file
//! aside (it stays as evidence of what the old chain reached; it is never deleted), writes the
//! restored database's checkpoints into a fresh copy, and then signs a checkpoint over its own
//! `backup_restored` entry, which names the entry the restored chain ends at.

use std::path::PathBuf;

use vigie_store::Store;
use vigie_vault::CheckpointLog;

use super::BackupError;
use crate::KeyPaths;

/// Moves an existing outside copy aside (`checkpoints.log.before-restore`, then `-2`, `-3`...) and
/// writes the database's checkpoints into a new one. Where the old copy went, if there was one.
pub(crate) async fn renew_outside_copy(
    store: &Store,
    paths: &KeyPaths,
) -> Result<Option<PathBuf>, BackupError> {
    let log = &paths.checkpoint_log;
    let fail = |e: std::io::Error| {
        BackupError::Failed(format!("cannot move {} aside: {e}", log.display()))
    };
    let moved = if log.exists() {
        let mut n = 1;
        let target = loop {
            let mut name = log.file_name().unwrap_or_default().to_os_string();
            name.push(".before-restore");
            if n > 1 {
                name.push(format!("-{n}"));
            }
            let candidate = log.with_file_name(name);
            if !candidate.exists() {
                break candidate;
            }
            n += 1;
        };
        std::fs::rename(log, &target).map_err(fail)?;
        Some(target)
    } else {
        None
    };
    let copy = CheckpointLog::new(log);
    let midnight = vigie_domain::time::paris_midnight_unix(chrono::Utc::now());
    for cp in store.checkpoint_chain().await? {
        copy.append(&cp, vigie_vault::checkpoint::system_time(midnight))
            .map_err(|e| BackupError::Failed(format!("cannot write {}: {e}", log.display())))?;
    }
    Ok(moved)
}
