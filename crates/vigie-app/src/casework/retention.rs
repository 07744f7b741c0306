//! Retention of victims' files (issue 11, item 11): a file stays active until
//! [`FileRetention::archive_after_days`] after the last contact, then goes to a restricted archive
//! (read-only, opened only by the custodian of its team with a reason, audited) until its court
//! cases' compensation deadlines have run, then is erased irrecoverably.
//!
//! The job reads clear days only (`last_contact_day`, `archived_day`, `hold_until_day`): it holds
//! no key and opens nothing. Erasure deletes the file's rows with its key slots and sealed parts,
//! its referrals with theirs, its support-group memberships; the team's sealed name index, which
//! the job cannot open, is pruned by the next team member's request (see `index`).
//!
//! [`FileRetention::archive_after_days`]: vigie_domain::retention::FileRetention

use vigie_domain::casefile::{ArchiveRead, FileStatus};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{Action, AuditActor, AuditKind, FileId, Principal, Resource};
use vigie_store::FileRecord;
use vigie_vault::SecretKey;

use super::files::sealed_json;
use super::view::FileView;
use super::{file_object, kind, seal_file_part};
use crate::audit::audited;
use crate::reports::counted;
use crate::reports::handle::actor;
use crate::{App, AppError, Result};

/// Files taken per query of the job.
const BATCH: i64 = 100;

/// What one run of the files' retention did (counts only: they are what the log says).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaseRetentionReport {
    /// Files moved to the archive.
    pub archived: u64,
    /// Archived files erased.
    pub erased: u64,
}

impl App {
    /// The files' retention, when no other instance runs it (taken with a lease, like the reports'
    /// retention): for the hourly housekeeping.
    pub async fn housekeep_file_retention(&self) -> Result<CaseRetentionReport> {
        let now = self.clock().unix();
        if !self.store().take_job("case_retention", now, 900).await? {
            return Ok(CaseRetentionReport::default());
        }
        let result = self.apply_case_retention().await;
        self.store()
            .finish_job("case_retention", now + 3000)
            .await?;
        result
    }

    /// Archives the files whose last contact is older than the period, and erases the archived
    /// files whose minimum stay and deadlines have run, each with its audit entry.
    pub async fn apply_case_retention(&self) -> Result<CaseRetentionReport> {
        let policy = self.settings().casework.retention;
        let today = paris_day(self.clock().now());
        let today_day = day_string(today);
        let cutoff = day_string(policy.archive_cutoff(today));
        let mut out = CaseRetentionReport::default();
        loop {
            let batch = self.store().files_to_archive(&cutoff, BATCH).await?;
            if batch.is_empty() {
                break;
            }
            for id in batch {
                let entry = [self.system_entry(AuditKind::FileArchived, id, "").await?];
                let due = (cutoff.as_str(), today_day.as_str());
                let done = self.store().archive_file(id, due, &audited(&entry)).await;
                out.archived += counted(done.map_err(AppError::from))?;
            }
        }
        let (archived_by, held_before) = policy.erase_cutoffs(today);
        let cutoffs = (day_string(archived_by), day_string(held_before));
        let cutoffs = (cutoffs.0.as_str(), cutoffs.1.as_str());
        loop {
            let batch = self.store().files_to_erase(cutoffs, BATCH).await?;
            if batch.is_empty() {
                break;
            }
            for (id, number) in batch {
                let number = format!("number {number}");
                let entry = [self
                    .system_entry(AuditKind::FileErased, id, &number)
                    .await?];
                let done = self.store().erase_file(id, cutoffs, &audited(&entry)).await;
                out.erased += counted(done.map_err(AppError::from))?;
            }
        }
        Ok(out)
    }

    /// The retention job's audit entry about file `id`.
    async fn system_entry(
        &self,
        kind: AuditKind,
        id: FileId,
        detail: &str,
    ) -> Result<vigie_store::NewAuditEntry> {
        self.entry(AuditActor::System, kind, &file_object(id), detail)
            .await
    }

    /// An archived file's clear row, when `who` may open it (its team's custodian: a refusal is
    /// audited); `None` when the file is not archived (its page is the caseworkers').
    pub async fn archived_file(&self, who: &Principal, id: FileId) -> Result<Option<FileRecord>> {
        let record = self.store().file(id).await?.ok_or(AppError::NoFile)?;
        if record.status != FileStatus::Archived {
            return Ok(None);
        }
        self.authorize_archive(who, &record).await?;
        Ok(Some(record))
    }

    async fn authorize_archive(&self, who: &Principal, record: &FileRecord) -> Result<()> {
        let archived = Resource::ArchivedFile { team: record.team };
        self.authorize_on(
            who,
            Action::ReadArchivedCase,
            &archived,
            &file_object(record.id),
        )
        .await
    }

    /// Opens an archived file for its team's custodian, who gives a coded reason and explains it:
    /// the explanation is sealed in the file with the reading, the audit entry keeps the code and
    /// its length. Nothing else changes: an archived file is read-only.
    pub async fn read_archived_file(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: FileId,
        (reason, explanation): (&str, &str),
    ) -> Result<FileView> {
        let record = self.store().file(id).await?.ok_or(AppError::NoFile)?;
        if record.status != FileStatus::Archived {
            return Err(AppError::NoFile);
        }
        self.authorize_archive(who, &record).await?;
        let today = paris_day(self.clock().now());
        let read = ArchiveRead::new(today, reason, explanation)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let keys = self.file_keys(who, secret, id).await?;
        let part = seal_file_part(
            id,
            keys.sealing()?,
            kind::ARCHIVE_READ,
            &sealed_json(&read)?,
            (Some(who.id), &day_string(today)),
        );
        let detail = format!(
            "reason {}; explanation of {} characters",
            read.reason.as_str(),
            read.explanation.chars().count()
        );
        let entry = self
            .entry(
                actor(who),
                AuditKind::FileArchiveRead,
                &file_object(id),
                &detail,
            )
            .await?;
        self.store()
            .append_archived_parts(id, &[part], &audited(&[entry]))
            .await?;
        self.file_view(who, secret, record, &keys).await
    }
}
