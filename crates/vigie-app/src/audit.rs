//! Writing, checkpointing and verifying the audit log.
//!
//! Checkpoints are signed, numbered and chained; each one is stored in the database and appended to a
//! file outside it (`checkpoints.log` by default), and carries the key directory's digest. They are
//! written at `init`, at each start, daily, on demand and at each change of the key directory.

use std::path::PathBuf;

use vigie_domain::time::{day_start_unix, day_string, paris_day};
use vigie_domain::{AuditActor, AuditKind, AuditRecord, Checkpoint, UserId};
use vigie_store::NewAuditEntry;
use vigie_vault::audit::{ChainError, ChainReport, verify_chain};
use vigie_vault::checkpoint::{CheckpointClaim, system_time, verify_checkpoints};
use vigie_vault::{CheckpointError, CheckpointLog};

use crate::directory::check_rows;
use crate::{App, AppError, Result};

/// What an audit entry about a staff account names: `user:<uuid>`.
pub(crate) fn user_object(id: UserId) -> String {
    format!("user:{id}")
}

/// The store's view of entries to append in a change's own transaction.
pub(crate) fn audited(entries: &[NewAuditEntry]) -> vigie_store::Audit<'_> {
    vigie_store::Audit::new(entries, vigie_vault::audit::record_hash)
}

/// How often the server signs a checkpoint on its own.
pub const CHECKPOINT_EVERY_SECS: i64 = 24 * 3600;

/// Why a verification failed: the chain itself, or its checkpoints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditProblem {
    /// An entry was altered, removed or reordered, or a legacy checkpoint disagrees.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The checkpoints (in the database and outside it) disagree, or a checkpoint is missing.
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
}

/// What a directory change or a routine checkpoint may sign.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DirectoryChange {
    /// Only the directory the newest checkpoint states (a routine checkpoint must not bless rows
    /// someone wrote back into the database).
    Refused,
    /// A new directory, just written by this process.
    Allowed,
}

impl App {
    /// Appends an entry to the audit log. Entries by or about reporters carry the day only (DESIGN.md
    /// section 2). When the newest checkpoint is more than a day old (a command run while the server
    /// was stopped), one is signed first, so that no entry follows its checkpoint by more than a day.
    pub async fn append_audit(
        &self,
        actor: AuditActor,
        kind: AuditKind,
        object: &str,
        detail: &str,
    ) -> Result<AuditRecord> {
        let entry = self.entry(actor, kind, object, detail).await?;
        Ok(self
            .store()
            .append_audit(&entry, vigie_vault::audit::record_hash)
            .await?)
    }

    /// An entry for the transaction of the change it records ([`audited`]): the change and its
    /// entry commit together or not at all. Like [`App::append_audit`], signs a checkpoint first when the
    /// newest is more than a day old.
    pub(crate) async fn entry(
        &self,
        actor: AuditActor,
        kind: AuditKind,
        object: &str,
        detail: &str,
    ) -> Result<NewAuditEntry> {
        let last = *self
            .inner
            .last_checkpoint_at
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|t| self.clock().unix() - t >= CHECKPOINT_EVERY_SECS) {
            self.checkpoint(AuditActor::System).await?;
        }
        Ok(self.new_entry(actor, kind, object, detail))
    }

    /// An entry stamped now (the day only for reporters).
    pub(crate) fn new_entry(
        &self,
        actor: AuditActor,
        kind: AuditKind,
        object: &str,
        detail: &str,
    ) -> NewAuditEntry {
        let now = self.clock().now();
        NewAuditEntry {
            day: day_string(paris_day(now)),
            at: actor.may_carry_time().then(|| now.timestamp()),
            actor: actor.to_stored(),
            kind: kind.as_str().to_owned(),
            object: object.to_owned(),
            detail: detail.to_owned(),
        }
    }

    /// Signs a checkpoint now (on demand, at start, daily). It covers its own `checkpoint_signed`
    /// entry and the key directory, which must be the one the newest checkpoint states.
    pub async fn checkpoint(&self, actor: AuditActor) -> Result<Checkpoint> {
        self.sign_checkpoint(actor, DirectoryChange::Refused).await
    }

    /// Signs a checkpoint after this process changed the key directory: the new digest and a new
    /// directory version leave the database with it.
    pub(crate) async fn seal_directory_change(&self, actor: AuditActor) -> Result<Checkpoint> {
        self.sign_checkpoint(actor, DirectoryChange::Allowed).await
    }

    async fn sign_checkpoint(
        &self,
        actor: AuditActor,
        change: DirectoryChange,
    ) -> Result<Checkpoint> {
        let _one_at_a_time = self.inner.checkpoint_lock.lock().await;
        let outside = self.read_checkpoint_log()?;
        // Several instances may sign at once: the database's unique number decides, the loser retries.
        for _ in 0..5 {
            let prev = self.store().last_checkpoint_v2().await?;
            if let Some(o) = outside.last()
                && prev.as_ref().is_none_or(|p| p.number < o.number)
            {
                return Err(AppError::Integrity(format!(
                    "checkpoint {} is in {} but not in the database: checkpoints were deleted from the database",
                    o.number,
                    self.inner.checkpoint_log.path().display()
                )));
            }
            let rows = self.store().directory_rows().await?;
            let (dir, problems) = check_rows(&self.directory_key(), &rows);
            if let Some(first) = problems.into_iter().next() {
                return Err(AppError::Integrity(first));
            }
            if change == DirectoryChange::Refused
                && let Some(p) = &prev
                && p.directory_digest != dir.digest
            {
                return Err(AppError::Integrity(crate::directory::directory_differs(p)));
            }
            let entry = self.new_entry(actor.clone(), AuditKind::CheckpointSigned, "", "");
            let head = self
                .store()
                .append_audit(&entry, vigie_vault::audit::record_hash)
                .await?;
            let now = self.clock().unix();
            let cp = self.inner.audit_signer.sign_next(
                prev.as_ref(),
                CheckpointClaim {
                    upto_seq: head.seq,
                    head_hash: head.hash,
                    created_at: now,
                    directory_digest: dir.digest,
                },
            );
            match self.store().insert_checkpoint_v2(&cp).await {
                Err(vigie_store::StoreError::Conflict(_)) => continue,
                other => other?,
            }
            let midnight =
                day_start_unix(&day_string(paris_day(self.clock().now()))).unwrap_or(now);
            self.inner
                .checkpoint_log
                .append(&cp, system_time(midnight))
                .map_err(|e| {
                    AppError::KeyFile(format!(
                        "checkpoint {} is in the database but could not be copied outside it: {e}",
                        cp.number
                    ))
                })?;
            self.trust(&cp);
            return Ok(cp);
        }
        Err(AppError::Busy {
            retry_after_secs: 1,
        })
    }

    /// Signs a checkpoint if the newest is older than a day and the chain grew since. Returns whether
    /// one was signed. Called hourly by the server.
    pub async fn checkpoint_if_due(&self) -> Result<bool> {
        let last = self.store().last_checkpoint_v2().await?;
        let head = self.store().audit_head().await?;
        let due = match (&last, &head) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(cp), Some(h)) => {
                h.seq > cp.upto_seq && self.clock().unix() - cp.created_at >= CHECKPOINT_EVERY_SECS
            }
        };
        if due {
            self.checkpoint(AuditActor::System).await?;
        }
        Ok(due)
    }

    /// The numbers of the database's checkpoints that the outside copy this process appends to does
    /// not hold. Several `vigie serve` on one database must append to one copy (a shared mount):
    /// each signs checkpoints, and `vigie audit verify` fails on any checkpoint missing outside. A
    /// checkpoint being signed right now by another instance may show here for an instant.
    pub async fn checkpoints_missing_outside(&self) -> Result<Vec<i64>> {
        let outside: std::collections::HashSet<i64> = self
            .read_checkpoint_log()?
            .into_iter()
            .map(|c| c.number)
            .collect();
        Ok(self
            .store()
            .checkpoint_chain()
            .await?
            .into_iter()
            .map(|c| c.number)
            .filter(|n| !outside.contains(n))
            .collect())
    }

    /// The checkpoints in the outside copy this instance writes.
    fn read_checkpoint_log(&self) -> Result<Vec<Checkpoint>> {
        self.inner
            .checkpoint_log
            .read()
            .map_err(|e| AppError::KeyFile(e.to_string()))
    }

    /// The newest checkpoint whose signature checks, in the database or the outside copy.
    pub(crate) async fn newest_checkpoint(&self) -> Result<Option<Checkpoint>> {
        let key = self.inner.audit_signer.verifying_key_bytes();
        let mut best: Option<Checkpoint> = None;
        let candidates = self
            .store()
            .last_checkpoint_v2()
            .await?
            .into_iter()
            .chain(self.read_checkpoint_log()?);
        let candidates: Vec<Checkpoint> = candidates.collect();
        let newest = candidates.iter().map(|c| c.number).max();
        // Only the newest is used, and it is the current key's: older ones may be signed by a key
        // since rotated (`vigie audit verify` checks them all).
        for c in candidates.into_iter().filter(|c| Some(c.number) == newest) {
            if !vigie_vault::checkpoint::signature_ok(&key, &c) {
                return Err(AppError::Integrity(format!(
                    "checkpoint {} has an invalid signature: forged or altered (or an audit key rotation was interrupted: run `vigie keys rotate-audit` again)",
                    c.number
                )));
            }
            best = Some(c);
        }
        Ok(best)
    }

    /// Remembers the newest checkpoint's directory digest (this instance checks wraps against it).
    pub(crate) fn trust(&self, cp: &Checkpoint) {
        let mut t = self.inner.trusted.lock().unwrap_or_else(|e| e.into_inner());
        if t.is_none_or(|(n, _)| n <= cp.number) {
            *t = Some((cp.number, cp.directory_digest));
        }
        *self
            .inner
            .last_checkpoint_at
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(cp.created_at);
    }

    /// The directory digest this instance last saw signed.
    pub(crate) fn trusted_digest(&self) -> Option<[u8; 32]> {
        self.inner
            .trusted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map(|(_, d)| d)
    }

    /// Verifies the whole chain, the database's checkpoints and the outside copy, against the audit key
    /// held outside the database. The outer result is a storage failure; the inner one the verdict.
    pub async fn verify_audit(&self) -> Result<Result<ChainReport, AuditProblem>> {
        self.verify_audit_with(&[]).await
    }

    /// [`App::verify_audit`] with more outside copies (several instances each writing their own file):
    /// the database's checkpoints must be exactly the union of every copy.
    pub async fn verify_audit_with(
        &self,
        more_copies: &[PathBuf],
    ) -> Result<Result<ChainReport, AuditProblem>> {
        let entries = self.store().audit_chain().await?;
        let legacy = self.store().checkpoints().await?;
        let key = self.inner.audit_signer.verifying_key_bytes();
        // The database's copy of the public key must match the key file: a mismatch means either the
        // wrong key file or a database rewritten by someone who made their own key.
        let stored = self.store().instance().await?.map(|i| i.audit_public_key);
        if stored.as_deref() != Some(key.as_slice()) {
            return Ok(Err(ChainError::BadKey.into()));
        }
        // Legacy checkpoints (before numbered ones) were signed with the first audit key.
        let first_key = vigie_vault::audit_rotation::rotations(&entries)
            .ok()
            .and_then(|r| r.first().map(|r| r.old))
            .unwrap_or(key);
        let chain = match verify_chain(&entries, &legacy, &first_key) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e.into())),
        };
        let mut copies = Vec::new();
        let own = self.inner.checkpoint_log.path().to_path_buf();
        for path in std::iter::once(own).chain(more_copies.iter().cloned()) {
            let log = CheckpointLog::new(&path);
            match log.read() {
                Ok(list) => copies.push((path.display().to_string(), list)),
                Err(e) => return Ok(Err(e.into())),
            }
        }
        let database = self.store().checkpoint_chain().await?;
        match verify_checkpoints(&entries, &database, &copies, &key) {
            Ok(r) => Ok(Ok(ChainReport {
                entries: chain.entries,
                checkpoints: chain.checkpoints + r.checkpoints,
            })),
            Err(e) => Ok(Err(e.into())),
        }
    }
}
