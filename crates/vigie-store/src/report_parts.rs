//! A report's sealed parts: read in order, appended one at a time (a message, a note, a file, a
//! reporter's request to be put in touch), each at the next position and under the audience key's
//! newest generation.

use vigie_domain::ReportId;

use crate::reports::{BlobRef, PartAuthor};
use crate::sealed::{PartRow, REPORT, StoredPart};
use crate::sql::{args, change_one};
use crate::{Result, Store, write_tx};

/// The `INSERT` of the reference to one sealed blob of a file part; values from [`blob_args`].
pub(crate) const INSERT_BLOB_SQL: &str =
    "INSERT INTO report_blobs (blob_id, part_id, variant, size) VALUES ($1, $2, $3, $4)";

/// The values of [`INSERT_BLOB_SQL`].
pub(crate) fn blob_args(b: &BlobRef) -> Vec<crate::sql::Arg<'_>> {
    args![&b.blob_id, b.part, &b.variant, b.size]
}

/// Inserts the reference to one sealed blob of a file part (inside a transaction of either backend).
macro_rules! insert_blob {
    ($tx:expr, $blob:expr) => {{
        let b: &$crate::BlobRef = $blob;
        $crate::sql::execute(
            &mut *$tx,
            $crate::report_parts::INSERT_BLOB_SQL,
            $crate::report_parts::blob_args(b),
        )
        .await?;
    }};
}

/// Appends `$part` to `$report` at its next position and returns that position (inside a
/// transaction of either backend that has locked the report's row by updating it first).
macro_rules! append_part {
    ($tx:expr, $report:expr, $part:expr) => {{
        let report: vigie_domain::ReportId = $report;
        let part: &$crate::PartRow = $part;
        let owner = &$crate::sealed::REPORT;
        let (seq,): (i64,) = $crate::sql::fetch_one(
            &mut *$tx,
            sqlx::AssertSqlSafe(owner.next_seq_sql()),
            $crate::sql::args![report],
        )
        .await?;
        // A part sealed under a generation that a revocation has just replaced would stay
        // readable by the revoked reader: refuse it (the caller seals again).
        let (current,): (i64,) = $crate::sql::fetch_one(
            &mut *$tx,
            "SELECT COALESCE(MAX(key_generation), 0) FROM report_key_slots \
             WHERE report_id = $1 AND audience = $2",
            $crate::sql::args![report, &part.audience],
        )
        .await?;
        if current != part.key_generation {
            return Err($crate::StoreError::Conflict("audience key rotated"));
        }
        $crate::sql::execute(
            &mut *$tx,
            sqlx::AssertSqlSafe(owner.insert_part_sql()),
            owner.part_args(report.to_string(), seq, part),
        )
        .await?;
        seq
    }};
}
pub(crate) use append_part;

impl Store {
    /// Every part of a report, in order.
    pub async fn report_parts(&self, report: ReportId) -> Result<Vec<StoredPart>> {
        self.parts_of(&REPORT, report).await
    }

    /// Appends a part (and its blobs) to a report, moves the team's unread counter and the activity day.
    /// Returns the part's position.
    pub async fn add_report_part(
        &self,
        report: ReportId,
        part: &PartRow,
        blobs: &[BlobRef],
        author: PartAuthor,
    ) -> Result<i64> {
        let team_inc = match author {
            PartAuthor::Reporter => 1_i64,
            PartAuthor::StaffToReporter | PartAuthor::StaffInternal => 0,
        };
        let seq = write_tx!(self, tx => {
            // The UPDATE comes first: on PostgreSQL it locks the report row, so two writers to the
            // same report take turns for the next position.
            change_one(
                &mut *tx,
                "UPDATE reports SET last_activity_day = $1, team_unread = team_unread + $2 \
                 WHERE id = $3",
                args![&part.day, team_inc, report],
                "report",
            )
            .await?;
            let seq = append_part!(tx, report, part);
            for b in blobs {
                insert_blob!(tx, b);
            }
            seq
        });
        Ok(seq)
    }

    /// Marks the reporter's messages as read by the team (a handler opened the report).
    pub async fn clear_team_unread(&self, report: ReportId) -> Result<()> {
        self.exec(
            "UPDATE reports SET team_unread = 0 WHERE id = $1",
            args![report],
        )
        .await?;
        Ok(())
    }
}
