//! The daily backup run inside `vigie serve` (`[backup]` in the configuration).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{BackupError, BackupOptions, BackupOutcome, BackupTarget, Quiet, backup};
use crate::App;

/// What the scheduled backup writes and keeps.
#[derive(Clone, Debug)]
pub struct BackupSchedule {
    /// The age public keys the backups are for.
    pub recipients: Vec<String>,
    /// The folder of the files `vigie-YYYY-MM-DD.age`.
    pub folder: PathBuf,
    /// How many files are kept; older ones are deleted (this bounds how long an erased record
    /// survives in the backups).
    pub keep: usize,
}

/// The lease name: with several instances, one backs up.
pub const BACKUP_JOB: &str = "backup";
const JOB: &str = BACKUP_JOB;

impl App {
    /// Writes today's backup into the folder unless it is there already, then deletes the oldest
    /// files beyond `keep`. `None` when another instance holds the job or today's file exists.
    pub async fn scheduled_backup(
        &self,
        plan: &BackupSchedule,
        next_run_at: i64,
    ) -> Result<Option<BackupOutcome>, BackupError> {
        if !self
            .store()
            .take_job(JOB, self.clock().unix(), 3600)
            .await?
        {
            return Ok(None);
        }
        let result = self.backup_today(plan).await;
        self.store().finish_job(JOB, next_run_at).await?;
        let outcome = result?;
        prune(&plan.folder, plan.keep)?;
        Ok(outcome)
    }

    async fn backup_today(
        &self,
        plan: &BackupSchedule,
    ) -> Result<Option<BackupOutcome>, BackupError> {
        let day = vigie_domain::time::day_string(vigie_domain::time::paris_day(self.clock().now()));
        let output = plan.folder.join(format!("vigie-{day}.age"));
        if output.exists() {
            return Ok(None);
        }
        std::fs::create_dir_all(&plan.folder).map_err(|e| {
            BackupError::Failed(format!("cannot create {}: {e}", plan.folder.display()))
        })?;
        let opts = BackupOptions {
            target: BackupTarget::Recipients(plan.recipients.clone()),
            output,
        };
        backup(self.store(), self.blobs(), None, &opts, Arc::new(Quiet))
            .await
            .map(Some)
    }
}

/// Whether `name` is one of the scheduled backup's files, `vigie-YYYY-MM-DD.age`.
fn is_scheduled_file(name: &str) -> bool {
    name.strip_prefix("vigie-")
        .and_then(|r| r.strip_suffix(".age"))
        .is_some_and(|d| d.len() == 10 && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
}

/// Deletes the oldest scheduled backups in `folder` beyond the `keep` newest (their names sort by
/// day). Other files are left alone.
pub fn prune(folder: &Path, keep: usize) -> Result<Vec<PathBuf>, BackupError> {
    let fail =
        |e: std::io::Error| BackupError::Failed(format!("cannot prune {}: {e}", folder.display()));
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .map_err(fail)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_scheduled_file(n))
        .collect();
    files.sort();
    let excess = files.len().saturating_sub(keep);
    let mut deleted = Vec::new();
    for name in files.into_iter().take(excess) {
        let path = folder.join(name);
        std::fs::remove_file(&path).map_err(fail)?;
        deleted.push(path);
    }
    Ok(deleted)
}
