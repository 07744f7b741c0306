//! The retention of victims' files: the clear columns the job reads (`last_contact_day`,
//! `archived_day`, `hold_until_day`), archiving, erasure, and what erasure leaves for the team's
//! next index write (the `prune` mark).
//!
//! Each file is archived or erased in its own transaction with its audit entry, and only if it is
//! still due when the transaction runs (a caseworker may have recorded a contact meanwhile).

use vigie_domain::FileId;
use vigie_domain::casefile::FileStatus;

use crate::case_files::{IndexWrite, write_index};
use crate::sealed::{CASE, append_parts};
use crate::sql::{args, execute, fetch_one, fetch_optional};
use crate::{Audit, PartRow, Result, Store, StoreError, audited_tx, parse_uuid, write_tx};

impl Store {
    /// Up to `limit` files not archived whose last contact is on or before `cutoff` (`YYYY-MM-DD`).
    pub async fn files_to_archive(&self, cutoff: &str, limit: i64) -> Result<Vec<FileId>> {
        self.ids(
            "SELECT id FROM case_files WHERE status <> 'archived' AND last_contact_day <= $1 \
             ORDER BY number LIMIT $2",
            args![cutoff, limit],
            FileId,
        )
        .await
    }

    /// Archives `file` on `today` if its last contact is still on or before `cutoff`, with its
    /// audit entry; `NotFound` when it is no longer due (or gone).
    pub async fn archive_file(
        &self,
        file: FileId,
        (cutoff, today): (&str, &str),
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.update_audited(
            "UPDATE case_files SET status = $2, archived_day = $3 \
             WHERE id = $1 AND status <> 'archived' AND last_contact_day <= $4",
            args![file, FileStatus::Archived.as_str(), today, cutoff],
            "file",
            audit,
        )
        .await
    }

    /// Up to `limit` archived files archived on or before `archived_by` whose hold is none or
    /// before `held_before` (`YYYY-MM-DD`): id and number.
    pub async fn files_to_erase(
        &self,
        (archived_by, held_before): (&str, &str),
        limit: i64,
    ) -> Result<Vec<(FileId, i64)>> {
        let rows: Vec<(String, i64)> = self
            .all(
                "SELECT id, number FROM case_files WHERE status = 'archived' AND archived_day <= $1 \
                 AND (hold_until_day IS NULL OR hold_until_day < $2) ORDER BY number LIMIT $3",
                args![archived_by, held_before, limit],
            )
            .await?;
        rows.into_iter()
            .map(|(id, n)| Ok((FileId(parse_uuid(&id)?), n)))
            .collect()
    }

    /// Erases `file` if it is still due (as [`Store::files_to_erase`] asks), with its audit entry:
    /// its row, and by cascade its key slots and sealed parts, its referrals with theirs, its
    /// support-group memberships and attendance; a household or affaire left without files; and
    /// marks the team's name index to be pruned (its version moves on, so that a writer who read
    /// it before cannot write the erased name back without reading it again). `NotFound` when it
    /// is no longer due (or gone).
    pub async fn erase_file(
        &self,
        file: FileId,
        (archived_by, held_before): (&str, &str),
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            let gone: Option<(String, Option<String>, Option<String>)> = fetch_optional(
                &mut *tx,
                "DELETE FROM case_files WHERE id = $1 AND status = 'archived' \
                 AND archived_day <= $2 AND (hold_until_day IS NULL OR hold_until_day < $3) \
                 RETURNING team_id, household_id, affaire_id",
                args![file, archived_by, held_before],
            )
            .await?;
            let Some((team, household, affaire)) = gone else {
                return Err(StoreError::NotFound("file"));
            };
            for group in [household, affaire].into_iter().flatten() {
                execute(
                    &mut *tx,
                    "DELETE FROM case_groups WHERE id = $1 AND NOT EXISTS \
                     (SELECT 1 FROM case_files WHERE household_id = $1 OR affaire_id = $1)",
                    args![group],
                )
                .await?;
            }
            execute(
                &mut *tx,
                "UPDATE case_name_index SET version = version + 1, prune = TRUE WHERE team_id = $1",
                args![team],
            )
            .await?;
        });
        Ok(())
    }

    /// Appends `parts` to an archived file (the custodian's reading, with its reason), with the
    /// audit entry; `NotFound` when the file is not archived (or gone).
    pub async fn append_archived_parts(
        &self,
        file: FileId,
        parts: &[PartRow],
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            let (archived,): (i64,) = fetch_one(
                &mut *tx,
                "SELECT COUNT(*) FROM case_files WHERE id = $1 AND status = 'archived'",
                args![file],
            )
            .await?;
            crate::found(u64::try_from(archived).unwrap_or(0), "file")?;
            append_parts!(tx, CASE, file, parts);
        });
        Ok(())
    }

    /// Sets the days a file was opened and last in contact (and closed, when it is): for the
    /// demonstration, whose invented files were followed in the past (nothing else moves these
    /// days back).
    pub async fn backdate_file(
        &self,
        file: FileId,
        opened_day: &str,
        last_contact_day: &str,
    ) -> Result<()> {
        let changed = self
            .exec(
                "UPDATE case_files SET opened_day = $2, last_contact_day = $3, \
                 closed_day = CASE WHEN closed_day IS NULL THEN NULL ELSE $3 END WHERE id = $1",
                args![file, opened_day, last_contact_day],
            )
            .await?;
        crate::found(changed, "file")
    }

    /// The ids of a team's files and households or affaires (what its name index may still name).
    pub async fn team_file_ids(&self, team: vigie_domain::TeamId) -> Result<Vec<uuid::Uuid>> {
        self.ids(
            "SELECT id FROM case_files WHERE team_id = $1 UNION ALL \
             SELECT id FROM case_groups WHERE team_id = $1",
            args![team],
            |id| id,
        )
        .await
    }

    /// Stores a team's pruned name index (clearing its `prune` mark); `Conflict` if another writer
    /// went first (who pruned it too, or will on their next read).
    pub async fn write_name_index(&self, index: &IndexWrite) -> Result<()> {
        write_tx!(self, tx => {
            write_index!(tx, index);
        });
        Ok(())
    }
}
