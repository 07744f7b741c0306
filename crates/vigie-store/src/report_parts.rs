//! A report's sealed parts: read in order, appended one at a time (a message, a note, a file, a
//! reporter's request to be put in touch), each at the next position and under the audience key's
//! newest generation.

use vigie_domain::{PartId, ReportId, UserId};

use crate::reports::{BlobRef, PartAuthor, PartRow, StoredPart};
use crate::{Result, Store, dispatch, found, parse_uuid, write_tx};

/// Inserts one part of `$report` at position `$seq` (inside a transaction of either backend).
macro_rules! insert_part {
    ($tx:expr, $report:expr, $seq:expr, $part:expr) => {{
        let p: &$crate::PartRow = $part;
        sqlx::query(
            "INSERT INTO report_parts (id, report_id, seq, kind, audience, key_generation, \
             author_id, day, sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(p.id.to_string())
        .bind($report.to_string())
        .bind($seq)
        .bind(&p.kind)
        .bind(&p.audience)
        .bind(p.key_generation)
        .bind(p.author.map(|a| a.to_string()))
        .bind(&p.day)
        .bind(&p.sealed)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_part;

/// Inserts the reference to one sealed blob of a file part (inside a transaction of either backend).
macro_rules! insert_blob {
    ($tx:expr, $blob:expr) => {{
        let b: &$crate::BlobRef = $blob;
        sqlx::query(
            "INSERT INTO report_blobs (blob_id, part_id, variant, size) VALUES ($1, $2, $3, $4)",
        )
        .bind(&b.blob_id)
        .bind(b.part.to_string())
        .bind(&b.variant)
        .bind(b.size)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_blob;

/// Appends `$part` to `$report` at its next position and returns that position (inside a
/// transaction of either backend that has locked the report's row by updating it first).
macro_rules! append_part {
    ($tx:expr, $report:expr, $part:expr) => {{
        let report: vigie_domain::ReportId = $report;
        let part: &$crate::PartRow = $part;
        let (seq,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM report_parts WHERE report_id = $1",
        )
        .bind(report.to_string())
        .fetch_one(&mut *$tx)
        .await?;
        // A part sealed under a generation that a revocation has just replaced would stay
        // readable by the revoked reader: refuse it (the caller seals again).
        let (current,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(key_generation), 0) FROM report_key_slots \
             WHERE report_id = $1 AND audience = $2",
        )
        .bind(report.to_string())
        .bind(&part.audience)
        .fetch_one(&mut *$tx)
        .await?;
        if current != part.key_generation {
            return Err($crate::StoreError::Conflict("audience key rotated"));
        }
        $crate::report_parts::insert_part!($tx, report, seq, part);
        seq
    }};
}
pub(crate) use append_part;

impl Store {
    /// Every part of a report, in order.
    pub async fn report_parts(&self, report: ReportId) -> Result<Vec<StoredPart>> {
        type Row = (
            String,
            i64,
            String,
            String,
            i64,
            Option<String>,
            String,
            Vec<u8>,
        );
        let rows: Vec<Row> = dispatch!(self, pool => sqlx::query_as(
            "SELECT id, seq, kind, audience, key_generation, author_id, day, sealed FROM report_parts \
             WHERE report_id = $1 ORDER BY seq",
        )
        .bind(report.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(
                |(id, seq, kind, audience, key_generation, author, day, sealed)| {
                    Ok(StoredPart {
                        seq,
                        part: PartRow {
                            id: PartId(parse_uuid(&id)?),
                            kind,
                            audience,
                            key_generation,
                            author: author.as_deref().map(parse_uuid).transpose()?.map(UserId),
                            day,
                            sealed,
                        },
                    })
                },
            )
            .collect()
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
            let done = sqlx::query(
                "UPDATE reports SET last_activity_day = $1, team_unread = team_unread + $2 \
                 WHERE id = $3",
            )
            .bind(&part.day)
            .bind(team_inc)
            .bind(report.to_string())
            .execute(&mut *tx)
            .await?;
            found(done.rows_affected(), "report")?;
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
        dispatch!(self, pool => {
            sqlx::query("UPDATE reports SET team_unread = 0 WHERE id = $1")
                .bind(report.to_string())
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
