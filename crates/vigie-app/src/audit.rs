//! Writing, checkpointing and verifying the audit log.

use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{AuditActor, AuditCheckpoint, AuditKind, AuditRecord};
use vigie_store::NewAuditEntry;
use vigie_vault::audit::{ChainError, ChainReport, verify_chain};

use crate::{App, Result};

/// How often the server signs a checkpoint on its own.
pub const CHECKPOINT_EVERY_SECS: i64 = 24 * 3600;

impl App {
    /// Appends an entry. Entries by or about reporters carry the day only (DESIGN.md section 2).
    pub async fn record(
        &self,
        actor: AuditActor,
        kind: AuditKind,
        object: &str,
        detail: &str,
    ) -> Result<AuditRecord> {
        let now = self.clock().now();
        let entry = NewAuditEntry {
            day: day_string(paris_day(now)),
            at: actor.may_carry_time().then(|| now.timestamp()),
            actor: actor.to_stored(),
            kind: kind.as_str().to_owned(),
            object: object.to_owned(),
            detail: detail.to_owned(),
        };
        Ok(self
            .store()
            .append_audit(&entry, vigie_vault::audit::record_hash)
            .await?)
    }

    /// Signs the chain's head now. The checkpoint covers its own `checkpoint_signed` entry, so a cut
    /// tail is detectable up to the moment of signing.
    pub async fn checkpoint(&self, actor: AuditActor) -> Result<AuditCheckpoint> {
        let head = self
            .record(actor, AuditKind::CheckpointSigned, "", "")
            .await?;
        let cp = self
            .inner
            .audit_signer
            .sign_checkpoint(head.seq, &head.hash, self.clock().unix());
        self.store().insert_checkpoint(&cp).await?;
        Ok(cp)
    }

    /// Signs a checkpoint if the last one is older than a day and the chain grew since. Returns
    /// whether one was signed. Called hourly by the server.
    pub async fn checkpoint_if_due(&self) -> Result<bool> {
        let last = self.store().checkpoints().await?.pop();
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

    /// Verifies the whole chain and every checkpoint against the audit key held outside the database.
    /// The outer result is a storage failure; the inner one the verdict.
    pub async fn verify_audit(&self) -> Result<Result<ChainReport, ChainError>> {
        let entries = self.store().audit_chain().await?;
        let checkpoints = self.store().checkpoints().await?;
        let key = self.inner.audit_signer.verifying_key_bytes();
        // The database's copy of the public key must match the key file: a mismatch means either the
        // wrong key file or a database rewritten by someone who made their own key.
        let stored = self.store().instance().await?.map(|i| i.audit_public_key);
        if stored.as_deref() != Some(key.as_slice()) {
            return Ok(Err(ChainError::BadKey));
        }
        Ok(verify_chain(&entries, &checkpoints, &key))
    }
}
