//! Support groups: their clear rows (kind, capacity, open), sessions by day, members by file with
//! the day they consented, the waiting list, attendance and each session's anonymous slip counts.
//!
//! What identifies a group (name, theme, place, facilitators) is in the team's sealed name index,
//! written in the same transaction as the group or session it labels.

use vigie_domain::support::{SlipCounts, SupportKind};
use vigie_domain::{FileId, SessionId, SupportGroupId, TeamId};

use sqlx::FromRow;

use crate::case_files::{IndexWrite, write_index};
use crate::decode::Parsed;
use crate::sealed::{CASE, append_parts};
use crate::sql::{Arg, args, execute, fetch_one, fetch_optional};
use crate::{Audit, PartRow, Result, Store, StoreError, audited_tx, parse_uuid};

/// A group's clear row.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct SupportGroupRecord {
    /// Random id.
    #[sqlx(try_from = "Parsed<SupportGroupId>")]
    pub id: SupportGroupId,
    /// The casework team that runs it.
    #[sqlx(rename = "team_id", try_from = "Parsed<TeamId>")]
    pub team: TeamId,
    /// Atelier de parole or groupe de soutien.
    #[sqlx(try_from = "Parsed<SupportKind>")]
    pub kind: SupportKind,
    /// How many participants it takes; others wait.
    pub capacity: i64,
    /// Whether it takes new participants and sessions.
    #[sqlx(rename = "is_open")]
    pub open: bool,
    /// The day it was made.
    pub opened_day: String,
}

/// A group's row with its counts, for lists.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct SupportGroupSummary {
    /// The clear row.
    #[sqlx(flatten)]
    pub record: SupportGroupRecord,
    /// Participants.
    pub participants: i64,
    /// On the waiting list.
    pub waiting: i64,
    /// Sessions held or planned.
    pub sessions: i64,
}

/// A member of a group: a file, by number.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct SupportMember {
    /// The file.
    #[sqlx(rename = "file_id", try_from = "Parsed<FileId>")]
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

impl Store {
    /// Stores a new group with the team's index holding its labels.
    pub async fn insert_support_group(
        &self,
        g: &SupportGroupRecord,
        index: &IndexWrite,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.insert_indexed(
            "INSERT INTO support_groups (id, team_id, kind, capacity, is_open, opened_day) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            args![
                g.id,
                g.team,
                g.kind.as_str(),
                g.capacity,
                g.open,
                &g.opened_day
            ],
            index,
            audit,
        )
        .await
    }

    /// Opens or closes a group.
    pub async fn set_support_group_open(
        &self,
        id: SupportGroupId,
        open: bool,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.update_audited(
            "UPDATE support_groups SET is_open = $2 WHERE id = $1",
            args![id, open],
            "support group",
            audit,
        )
        .await
    }

    /// One group's clear row.
    pub async fn support_group(&self, id: SupportGroupId) -> Result<Option<SupportGroupRecord>> {
        self.optional(
            "SELECT id, team_id, kind, capacity, is_open, opened_day FROM support_groups WHERE id = $1",
            args![id],
        )
        .await
    }

    /// The groups of `team`, newest first, with their counts.
    pub async fn support_groups(&self, team: TeamId) -> Result<Vec<SupportGroupSummary>> {
        self.all(
            "SELECT g.id, g.team_id, g.kind, g.capacity, g.is_open, g.opened_day, \
             (SELECT COUNT(*) FROM support_members m WHERE m.group_id = g.id AND NOT m.waiting) \
             AS participants, \
             (SELECT COUNT(*) FROM support_members m WHERE m.group_id = g.id AND m.waiting) AS waiting, \
             (SELECT COUNT(*) FROM support_sessions s WHERE s.group_id = g.id) AS sessions \
             FROM support_groups g WHERE g.team_id = $1 ORDER BY g.opened_day DESC, g.id",
            args![team],
        )
        .await
    }

    /// Adds a session on `day`, with the team's index holding its place and facilitators.
    pub async fn insert_support_session(
        &self,
        (group, id, day): (SupportGroupId, SessionId, &str),
        index: &IndexWrite,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.insert_indexed(
            "INSERT INTO support_sessions (id, group_id, day) VALUES ($1, $2, $3)",
            args![id, group, day],
            index,
            audit,
        )
        .await
    }

    /// Inserts a row (a group, a session) with the team's index holding its labels, and `audit`,
    /// in one transaction.
    async fn insert_indexed(
        &self,
        sql: &'static str,
        values: Vec<Arg<'_>>,
        index: &IndexWrite,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            execute(&mut *tx, sql, values).await?;
            write_index!(tx, index);
        });
        Ok(())
    }

    /// A group's sessions by day, each with who came and its slips.
    pub async fn support_sessions(&self, group: SupportGroupId) -> Result<Vec<SupportSession>> {
        let sessions: Vec<(String, String)> = self
            .all(
                "SELECT id, day FROM support_sessions WHERE group_id = $1 ORDER BY day, id",
                args![group],
            )
            .await?;
        let present: Vec<(String, String)> = self
            .all(
                "SELECT a.session_id, a.file_id FROM support_attendance a \
                 JOIN support_sessions s ON s.id = a.session_id WHERE s.group_id = $1",
                args![group],
            )
            .await?;
        let slips: Vec<(String, i64, i64)> = self
            .all(
                "SELECT p.session_id, p.score, p.answers FROM support_slips p \
                 JOIN support_sessions s ON s.id = p.session_id WHERE s.group_id = $1",
                args![group],
            )
            .await?;
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
        let waiting = audited_tx!(self, audit, tx => {
            let row: Option<(i64,)> = fetch_optional(
                &mut *tx,
                "UPDATE support_groups SET capacity = capacity WHERE id = $1 AND is_open \
                 RETURNING capacity",
                args![group],
            )
            .await?;
            let Some((capacity,)) = row else {
                return Err(StoreError::Conflict("support group closed"));
            };
            let (taking, last): (i64, i64) = fetch_one(
                &mut *tx,
                "SELECT COALESCE(SUM(CASE WHEN waiting THEN 0 ELSE 1 END), 0), COALESCE(MAX(seq), 0) \
                 FROM support_members WHERE group_id = $1",
                args![group],
            )
            .await?;
            let waiting = taking >= capacity;
            let n = execute(
                &mut *tx,
                "INSERT INTO support_members (group_id, file_id, waiting, seq, consent_day) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (group_id, file_id) DO NOTHING",
                args![group, file, waiting, last + 1, consent_day],
            )
            .await?;
            if n == 0 {
                return Err(StoreError::Conflict("support member"));
            }
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
        let promoted = audited_tx!(self, audit, tx => {
            let row: Option<(bool,)> = fetch_optional(
                &mut *tx,
                "DELETE FROM support_members WHERE group_id = $1 AND file_id = $2 RETURNING waiting",
                args![group, file],
            )
            .await?;
            let Some((waited,)) = row else {
                return Err(StoreError::NotFound("support member"));
            };
            let mut promoted = None;
            if !waited {
                let next: Option<(String,)> = fetch_optional(
                    &mut *tx,
                    "SELECT file_id FROM support_members WHERE group_id = $1 AND waiting \
                     ORDER BY seq LIMIT 1",
                    args![group],
                )
                .await?;
                if let Some((next,)) = next {
                    execute(
                        &mut *tx,
                        "UPDATE support_members SET waiting = FALSE WHERE group_id = $1 AND file_id = $2",
                        args![group, &next],
                    )
                    .await?;
                    promoted = Some(FileId(parse_uuid(&next)?));
                }
            }
            promoted
        });
        Ok(promoted)
    }

    /// A group's members, participants first, each list in the order they joined.
    pub async fn support_members(&self, group: SupportGroupId) -> Result<Vec<SupportMember>> {
        self.all(
            "SELECT m.file_id, f.number, m.waiting, m.consent_day FROM support_members m \
             JOIN case_files f ON f.id = m.file_id WHERE m.group_id = $1 ORDER BY m.waiting, m.seq",
            args![group],
        )
        .await
    }

    /// Records who came to `session` (replacing what was recorded).
    pub async fn set_attendance(
        &self,
        session: SessionId,
        present: &[FileId],
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.replace_links(
            ("support_attendance", "session_id", "file_id"),
            session.into(),
            present.iter().map(|f| (*f).into()).collect(),
            audit,
        )
        .await
    }

    /// Adds a bundle of anonymous slips to `session`'s counts.
    pub async fn add_slips(
        &self,
        session: SessionId,
        counts: SlipCounts,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            for (score, n) in (1_i64..).zip(counts.0) {
                execute(
                    &mut *tx,
                    "INSERT INTO support_slips (session_id, score, answers) VALUES ($1, $2, $3) \
                     ON CONFLICT (session_id, score) DO UPDATE SET answers = support_slips.answers + $3",
                    args![session, score, n],
                )
                .await?;
            }
        });
        Ok(())
    }

    /// The groups `file` belongs to (taking part or waiting).
    pub async fn support_groups_of_file(&self, file: FileId) -> Result<Vec<SupportGroupId>> {
        self.ids(
            "SELECT group_id FROM support_members WHERE file_id = $1 ORDER BY seq",
            args![file],
            SupportGroupId,
        )
        .await
    }

    /// The file of `team` with display number `number`.
    pub async fn file_by_number(&self, team: TeamId, number: i64) -> Result<Option<FileId>> {
        let ids = self
            .ids(
                "SELECT id FROM case_files WHERE team_id = $1 AND number = $2",
                args![team, number],
                FileId,
            )
            .await?;
        Ok(ids.into_iter().next())
    }

    /// Appends sealed parts to several files in one transaction (a flag both files carry).
    pub async fn append_case_parts(
        &self,
        parts: &[(FileId, PartRow)],
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            for (file, part) in parts {
                append_parts!(tx, CASE, file, std::slice::from_ref(part));
            }
        });
        Ok(())
    }
}
