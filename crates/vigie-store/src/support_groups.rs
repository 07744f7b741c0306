//! Support groups: their clear rows (kind, capacity, open), sessions by day, members by file with
//! the day they consented, the waiting list, attendance and each session's anonymous slip counts.
//!
//! What identifies a group (name, theme, place, facilitators) is in the team's sealed name index,
//! written in the same transaction as the group or session it labels.

use vigie_domain::support::{SlipCounts, SupportKind};
use vigie_domain::{FileId, SessionId, SupportGroupId, TeamId};

use crate::case_files::{IndexWrite, insert_case_parts, write_index};
use crate::{
    Audit, PartRow, Result, Store, StoreError, dispatch, found, parse_code, parse_uuid, write_tx,
};

/// A group's clear row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportGroupRecord {
    /// Random id.
    pub id: SupportGroupId,
    /// The casework team that runs it.
    pub team: TeamId,
    /// Atelier de parole or groupe de soutien.
    pub kind: SupportKind,
    /// How many participants it takes; others wait.
    pub capacity: i64,
    /// Whether it takes new participants and sessions.
    pub open: bool,
    /// The day it was made.
    pub opened_day: String,
}

/// A group's row with its counts, for lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportGroupSummary {
    /// The clear row.
    pub record: SupportGroupRecord,
    /// Participants.
    pub participants: i64,
    /// On the waiting list.
    pub waiting: i64,
    /// Sessions held or planned.
    pub sessions: i64,
}

/// A member of a group: a file, by number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportMember {
    /// The file.
    pub file: FileId,
    /// Its display number.
    pub number: i64,
    /// On the waiting list rather than taking part.
    pub waiting: bool,
    /// The day the person consented to join.
    pub consent_day: String,
}

/// A session: its day, who came, and its slips.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportSession {
    /// Random id.
    pub id: SessionId,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The files present.
    pub present: Vec<FileId>,
    /// The anonymous slips' counts.
    pub slips: SlipCounts,
}

type GroupRow = (String, String, String, i64, bool, String);
/// A group's row and its counts: participants, waiting, sessions.
type SummaryRow = (String, String, String, i64, bool, String, i64, i64, i64);
/// A group's sessions (id, day), who came (session, file), and slips (session, score, answers).
type SessionRows = (
    Vec<(String, String)>,
    Vec<(String, String)>,
    Vec<(String, i64, i64)>,
);

fn group(r: GroupRow) -> Result<SupportGroupRecord> {
    Ok(SupportGroupRecord {
        id: SupportGroupId(parse_uuid(&r.0)?),
        team: TeamId(parse_uuid(&r.1)?),
        kind: parse_code(&r.2, "support group kind")?,
        capacity: r.3,
        open: r.4,
        opened_day: r.5,
    })
}

const GROUP_COLUMNS: &str = "id, team_id, kind, capacity, is_open, opened_day";

impl Store {
    /// Stores a new group with the team's index holding its labels.
    pub async fn insert_support_group(
        &self,
        g: &SupportGroupRecord,
        index: &IndexWrite,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO support_groups (id, team_id, kind, capacity, is_open, opened_day) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(g.id.to_string())
            .bind(g.team.to_string())
            .bind(g.kind.as_str())
            .bind(g.capacity)
            .bind(g.open)
            .bind(&g.opened_day)
            .execute(&mut *tx)
            .await?;
            write_index!(tx, index);
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Opens or closes a group.
    pub async fn set_support_group_open(
        &self,
        id: SupportGroupId,
        open: bool,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let n = sqlx::query("UPDATE support_groups SET is_open = $2 WHERE id = $1")
                .bind(id.to_string())
                .bind(open)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            found(n, "support group")?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// One group's clear row.
    pub async fn support_group(&self, id: SupportGroupId) -> Result<Option<SupportGroupRecord>> {
        let row: Option<GroupRow> = dispatch!(self, pool => sqlx::query_as(
            sqlx::AssertSqlSafe(format!("SELECT {GROUP_COLUMNS} FROM support_groups WHERE id = $1"))
        )
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?);
        row.map(group).transpose()
    }

    /// The groups of `team`, newest first, with their counts.
    pub async fn support_groups(&self, team: TeamId) -> Result<Vec<SupportGroupSummary>> {
        let rows: Vec<SummaryRow> = dispatch!(self, pool => sqlx::query_as(
                "SELECT g.id, g.team_id, g.kind, g.capacity, g.is_open, g.opened_day, \
                 (SELECT COUNT(*) FROM support_members m WHERE m.group_id = g.id AND NOT m.waiting), \
                 (SELECT COUNT(*) FROM support_members m WHERE m.group_id = g.id AND m.waiting), \
                 (SELECT COUNT(*) FROM support_sessions s WHERE s.group_id = g.id) \
                 FROM support_groups g WHERE g.team_id = $1 ORDER BY g.opened_day DESC, g.id",
            )
            .bind(team.to_string())
            .fetch_all(pool)
            .await?);
        rows.into_iter()
            .map(|r| {
                Ok(SupportGroupSummary {
                    record: group((r.0, r.1, r.2, r.3, r.4, r.5))?,
                    participants: r.6,
                    waiting: r.7,
                    sessions: r.8,
                })
            })
            .collect()
    }

    /// Adds a session on `day`, with the team's index holding its place and facilitators.
    pub async fn insert_support_session(
        &self,
        (group, id, day): (SupportGroupId, SessionId, &str),
        index: &IndexWrite,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("INSERT INTO support_sessions (id, group_id, day) VALUES ($1, $2, $3)")
                .bind(id.to_string())
                .bind(group.to_string())
                .bind(day)
                .execute(&mut *tx)
                .await?;
            write_index!(tx, index);
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// A group's sessions by day, each with who came and its slips.
    pub async fn support_sessions(&self, group: SupportGroupId) -> Result<Vec<SupportSession>> {
        let g = group.to_string();
        let (sessions, present, slips): SessionRows = dispatch!(self, pool => {
            let sessions = sqlx::query_as(
                "SELECT id, day FROM support_sessions WHERE group_id = $1 ORDER BY day, id",
            )
            .bind(&g)
            .fetch_all(pool)
            .await?;
            let present = sqlx::query_as(
                "SELECT a.session_id, a.file_id FROM support_attendance a \
                 JOIN support_sessions s ON s.id = a.session_id WHERE s.group_id = $1",
            )
            .bind(&g)
            .fetch_all(pool)
            .await?;
            let slips = sqlx::query_as(
                "SELECT p.session_id, p.score, p.answers FROM support_slips p \
                 JOIN support_sessions s ON s.id = p.session_id WHERE s.group_id = $1",
            )
            .bind(&g)
            .fetch_all(pool)
            .await?;
            (sessions, present, slips)
        });
        sessions
            .into_iter()
            .map(|(id, day)| {
                let mut counts = SlipCounts::default();
                for (_, score, n) in slips.iter().filter(|s| s.0 == id) {
                    if let Some(slot) = usize::try_from(*score - 1)
                        .ok()
                        .and_then(|i| counts.0.get_mut(i))
                    {
                        *slot = *n;
                    }
                }
                Ok(SupportSession {
                    id: SessionId(parse_uuid(&id)?),
                    present: present
                        .iter()
                        .filter(|p| p.0 == id)
                        .map(|p| parse_uuid(&p.1).map(FileId))
                        .collect::<Result<_>>()?,
                    day,
                    slips: counts,
                })
            })
            .collect()
    }

    /// Adds `file` to an open group, consented on `consent_day`: it takes part if the group has
    /// room, else it waits. Returns whether it waits. The group's row is written first so that two
    /// caseworkers adding at once are counted one after the other.
    pub async fn join_support_group(
        &self,
        (group, file, consent_day): (SupportGroupId, FileId, &str),
        audit: &Audit<'_>,
    ) -> Result<bool> {
        let waiting = write_tx!(self, tx => {
            let row: Option<(i64,)> = sqlx::query_as(
                "UPDATE support_groups SET capacity = capacity WHERE id = $1 AND is_open \
                 RETURNING capacity",
            )
            .bind(group.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((capacity,)) = row else {
                return Err(StoreError::Conflict("support group closed"));
            };
            let (taking, last): (i64, i64) = sqlx::query_as(
                "SELECT COALESCE(SUM(CASE WHEN waiting THEN 0 ELSE 1 END), 0), COALESCE(MAX(seq), 0) \
                 FROM support_members WHERE group_id = $1",
            )
            .bind(group.to_string())
            .fetch_one(&mut *tx)
            .await?;
            let waiting = taking >= capacity;
            let n = sqlx::query(
                "INSERT INTO support_members (group_id, file_id, waiting, seq, consent_day) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (group_id, file_id) DO NOTHING",
            )
            .bind(group.to_string())
            .bind(file.to_string())
            .bind(waiting)
            .bind(last + 1)
            .bind(consent_day)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict("support member"));
            }
            crate::audit::append_audit!(self, tx, audit);
            waiting
        });
        Ok(waiting)
    }

    /// Takes `file` off a group; when it took part, the first on the waiting list takes its place.
    /// Returns that file, if any.
    pub async fn leave_support_group(
        &self,
        group: SupportGroupId,
        file: FileId,
        audit: &Audit<'_>,
    ) -> Result<Option<FileId>> {
        let promoted = write_tx!(self, tx => {
            let row: Option<(bool,)> = sqlx::query_as(
                "DELETE FROM support_members WHERE group_id = $1 AND file_id = $2 RETURNING waiting",
            )
            .bind(group.to_string())
            .bind(file.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((waited,)) = row else {
                return Err(StoreError::NotFound("support member"));
            };
            let mut promoted = None;
            if !waited {
                let next: Option<(String,)> = sqlx::query_as(
                    "SELECT file_id FROM support_members WHERE group_id = $1 AND waiting \
                     ORDER BY seq LIMIT 1",
                )
                .bind(group.to_string())
                .fetch_optional(&mut *tx)
                .await?;
                if let Some((next,)) = next {
                    sqlx::query(
                        "UPDATE support_members SET waiting = FALSE WHERE group_id = $1 AND file_id = $2",
                    )
                    .bind(group.to_string())
                    .bind(&next)
                    .execute(&mut *tx)
                    .await?;
                    promoted = Some(FileId(parse_uuid(&next)?));
                }
            }
            crate::audit::append_audit!(self, tx, audit);
            promoted
        });
        Ok(promoted)
    }

    /// A group's members, participants first, each list in the order they joined.
    pub async fn support_members(&self, group: SupportGroupId) -> Result<Vec<SupportMember>> {
        let rows: Vec<(String, i64, bool, String)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT m.file_id, f.number, m.waiting, m.consent_day FROM support_members m \
             JOIN case_files f ON f.id = m.file_id WHERE m.group_id = $1 ORDER BY m.waiting, m.seq",
        )
        .bind(group.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(|(file, number, waiting, consent_day)| {
                Ok(SupportMember {
                    file: FileId(parse_uuid(&file)?),
                    number,
                    waiting,
                    consent_day,
                })
            })
            .collect()
    }

    /// Records who came to `session` (replacing what was recorded).
    pub async fn set_attendance(
        &self,
        session: SessionId,
        present: &[FileId],
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM support_attendance WHERE session_id = $1")
                .bind(session.to_string())
                .execute(&mut *tx)
                .await?;
            for f in present {
                sqlx::query("INSERT INTO support_attendance (session_id, file_id) VALUES ($1, $2)")
                    .bind(session.to_string())
                    .bind(f.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Adds a bundle of anonymous slips to `session`'s counts.
    pub async fn add_slips(
        &self,
        session: SessionId,
        counts: SlipCounts,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            for (score, n) in (1_i64..).zip(counts.0) {
                sqlx::query(
                    "INSERT INTO support_slips (session_id, score, answers) VALUES ($1, $2, $3) \
                     ON CONFLICT (session_id, score) DO UPDATE SET answers = support_slips.answers + $3",
                )
                .bind(session.to_string())
                .bind(score)
                .bind(n)
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// The groups `file` belongs to (taking part or waiting).
    pub async fn support_groups_of_file(&self, file: FileId) -> Result<Vec<SupportGroupId>> {
        let rows: Vec<(String,)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT group_id FROM support_members WHERE file_id = $1 ORDER BY seq",
        )
        .bind(file.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(|(g,)| Ok(SupportGroupId(parse_uuid(&g)?)))
            .collect()
    }

    /// The file of `team` with display number `number`.
    pub async fn file_by_number(&self, team: TeamId, number: i64) -> Result<Option<FileId>> {
        let row: Option<(String,)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT id FROM case_files WHERE team_id = $1 AND number = $2",
        )
        .bind(team.to_string())
        .bind(number)
        .fetch_optional(pool)
        .await?);
        row.map(|(id,)| Ok(FileId(parse_uuid(&id)?))).transpose()
    }

    /// Appends sealed parts to several files in one transaction (a flag both files carry).
    pub async fn append_case_parts(
        &self,
        parts: &[(FileId, PartRow)],
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            for (file, part) in parts {
                insert_case_parts!(tx, file, std::slice::from_ref(part));
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }
}
