//! Replacing the audit key (`vigie keys rotate-audit`), with a checkpoint under each key
//! (`vigie_vault::audit_rotation` explains the trust chain; docs/keys.md the procedure).
//!
//! The steps, each safe to repeat after a crash (the command resumes where it stopped):
//! 1. the new key is written to `audit.key.new` (0600) before anything names it;
//! 2. an `audit_key_rotated` entry names the old and the new public key, and the OLD key signs the
//!    checkpoint covering it (the handover);
//! 3. `audit.key` is moved to `audit.key.retired-<day>`, `audit.key.new` becomes `audit.key`;
//! 4. the database's copy of the public key is updated;
//! 5. the NEW key signs the next checkpoint, which covers the entry naming its predecessor.

use std::path::{Path, PathBuf};

use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{AuditActor, AuditKind};
use vigie_store::{AuditFilter, Store};
use vigie_vault::AuditSigner;
use vigie_vault::audit_rotation::{Rotation, rotation_detail, rotations};

use crate::{App, AppError, KeyPaths, Result};

/// What a rotation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditKeyRotated {
    /// The public key checkpoints were signed with until the handover.
    pub old: [u8; 32],
    /// The public key of the new `audit.key`.
    pub new: [u8; 32],
    /// Where the old key file went (none when a resumed rotation had moved it already).
    pub retired: Option<PathBuf>,
    /// The first checkpoint signed by the new key.
    pub first_checkpoint: i64,
}

/// Where the new key waits until it replaces `audit.key`.
fn pending_path(audit_key: &Path) -> PathBuf {
    let mut name = audit_key.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

fn key_file_error(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::KeyFile(format!("{}: {e}", path.display()))
}

/// The newest rotation entry, if any.
pub(crate) async fn newest_rotation(store: &Store) -> Result<Option<Rotation>> {
    let filter = AuditFilter {
        kind: Some(AuditKind::AuditKeyRotated.as_str().to_owned()),
        limit: 1,
        ..AuditFilter::default()
    };
    let entries = store.audit_entries(&filter).await?;
    rotations(&entries)
        .map(|r| r.into_iter().next_back())
        .map_err(|e| AppError::Integrity(e.to_string()))
}

/// The audit public key the key file must hold: the row's, or, when a rotation stopped between the
/// swap of the key files and the update of the row (the newest rotation entry names the row's key as
/// old and the file's as new), the file's.
pub(crate) async fn expected_audit_key(
    store: &Store,
    paths: &KeyPaths,
    row_key: &[u8],
) -> Result<Vec<u8>> {
    let Ok(file_key) = AuditSigner::load_file(&paths.audit_key).map(|s| s.verifying_key_bytes())
    else {
        // Unreadable: `load_key_files` says so.
        return Ok(row_key.to_vec());
    };
    if file_key.as_slice() == row_key {
        return Ok(row_key.to_vec());
    }
    let rotating = newest_rotation(store)
        .await?
        .is_some_and(|r| r.new == file_key && r.old.as_slice() == row_key);
    if rotating {
        tracing::warn!(
            "an audit key rotation was interrupted: run `vigie keys rotate-audit` again"
        );
        return Ok(file_key.to_vec());
    }
    Ok(row_key.to_vec())
}

/// A name beside `audit_key` for the retired key, dated to the day, never an existing file.
fn retired_path(audit_key: &Path, day: &str) -> PathBuf {
    let base = format!(
        "{}.retired-{day}",
        audit_key.file_name().unwrap_or_default().to_string_lossy()
    );
    let mut path = audit_key.with_file_name(&base);
    let mut n = 2;
    while path.exists() {
        path = audit_key.with_file_name(format!("{base}.{n}"));
        n += 1;
    }
    path
}

/// Makes a rename durable (the folder's entries synced).
fn sync_dir(path: &Path) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| key_file_error(dir, e))
}

impl App {
    /// Before opening an instance for a rotation: if a rotation stopped between its two renames
    /// (`audit.key` retired, `audit.key.new` not yet in place), puts the new key in place.
    pub fn resume_audit_key_swap(paths: &KeyPaths) -> Result<()> {
        let pending = pending_path(&paths.audit_key);
        if !paths.audit_key.exists() && pending.exists() {
            std::fs::rename(&pending, &paths.audit_key).map_err(|e| key_file_error(&pending, e))?;
            sync_dir(&paths.audit_key)?;
        }
        Ok(())
    }

    /// Replaces the audit key (see the module's steps), and returns the instance reopened under the new
    /// key with what was done. Run it with every `vigie serve` of the instance stopped: a server still
    /// signing with the old key would break the sequence of keys.
    pub async fn rotate_audit_key(self, paths: &KeyPaths) -> Result<(App, AuditKeyRotated)> {
        let current = self.inner.audit_signer.verifying_key_bytes();
        let newest = newest_rotation(self.store()).await?;
        let last = self.store().last_checkpoint_v2().await?;
        let last_by_current = last
            .as_ref()
            .is_some_and(|c| vigie_vault::checkpoint::signature_ok(&current, c));
        if let Some(r) = newest.filter(|r| r.new == current && !last_by_current) {
            // Stopped after the key files were swapped: steps 4 and 5.
            return self.finish_rotation(paths, r.old, None).await;
        }
        let pending = pending_path(&paths.audit_key);
        let next = if pending.exists() {
            AuditSigner::load_file(&pending)
        } else {
            AuditSigner::create_file(&pending)
        }
        .map_err(|e| key_file_error(&pending, e))?;
        vigie_store::day_files::stamp_with_parent(&pending)
            .map_err(|e| key_file_error(&pending, e))?;
        let new = next.verifying_key_bytes();
        if new == current {
            return Err(AppError::KeyFile(format!(
                "{} holds the key in use: remove it and run the command again",
                pending.display()
            )));
        }
        if newest.is_none_or(|r| (r.old, r.new) != (current, new)) {
            self.append_audit(
                AuditActor::Cli,
                AuditKind::AuditKeyRotated,
                "audit-key",
                &rotation_detail(&current, &new),
            )
            .await?;
            // The handover: the old key signs the entry that names its successor.
            self.checkpoint(AuditActor::Cli).await?;
        }
        let day = day_string(paris_day(self.clock().now()));
        let retired = retired_path(&paths.audit_key, &day);
        std::fs::rename(&paths.audit_key, &retired)
            .map_err(|e| key_file_error(&paths.audit_key, e))?;
        std::fs::rename(&pending, &paths.audit_key).map_err(|e| key_file_error(&pending, e))?;
        sync_dir(&paths.audit_key)?;
        self.finish_rotation(paths, current, Some(retired)).await
    }

    /// Steps 4 and 5: the database's copy of the key, then the first checkpoint under the new key.
    async fn finish_rotation(
        self,
        paths: &KeyPaths,
        old: [u8; 32],
        retired: Option<PathBuf>,
    ) -> Result<(App, AuditKeyRotated)> {
        let signer = AuditSigner::load_file(&paths.audit_key)
            .map_err(|e| key_file_error(&paths.audit_key, e))?;
        let new = signer.verifying_key_bytes();
        self.store().set_audit_public_key(&new).await?;
        let app =
            App::open_for_inspection(self.store().clone(), paths, self.settings().clone()).await?;
        let first = app.checkpoint(AuditActor::Cli).await?;
        Ok((
            app,
            AuditKeyRotated {
                old,
                new,
                retired,
                first_checkpoint: first.number,
            },
        ))
    }
}
