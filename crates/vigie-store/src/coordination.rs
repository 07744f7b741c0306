//! Coordination's meetings, their minutes' key slots, decisions and the CLSPD charter's
//! acceptances (migration 0021).
//!
//! A meeting's clear half is stored in columns; its minutes are bytes the caller sealed under the
//! meeting's key, which is wrapped (by the caller) for each participant and the escrow key. This
//! module stores them and checks nothing.

use chrono::NaiveDate;
use sqlx::FromRow;
use vigie_domain::coordination::{Decision, DecisionRecord, DecisionStatus, Meeting};
use vigie_domain::{DecisionId, KeyHolder, MeetingId, UserId};

use crate::sql::{Arg, args, execute};
use crate::table::Table;
use crate::{Audit, Result, Store, StoreError, audited_tx, parse_code, parse_uuid};

/// A meeting as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingRecord {
    /// Random id.
    pub id: MeetingId,
    /// The clear columns.
    pub meeting: Meeting,
    /// The sealed minutes, if written, and the day they were last written.
    pub minutes: Option<(Vec<u8>, String)>,
}

#[derive(FromRow)]
struct MeetingRow {
    id: String,
    kind: String,
    day: String,
    place: String,
    organisations: String,
    agenda: String,
    participants: String,
    minutes: Option<Vec<u8>>,
    minutes_day: Option<String>,
}

/// A stored day.
fn day(s: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(what.into()))
}

impl TryFrom<MeetingRow> for MeetingRecord {
    type Error = StoreError;
    fn try_from(r: MeetingRow) -> Result<Self> {
        Ok(MeetingRecord {
            id: MeetingId(parse_uuid(&r.id)?),
            meeting: Meeting {
                kind: parse_code(&r.kind, "meeting kind")?,
                day: day(&r.day, "meeting day")?,
                place: r.place,
                organisations: r.organisations.lines().map(str::to_owned).collect(),
                agenda: r.agenda,
                participants: r
                    .participants
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(|p| parse_uuid(p).map(UserId))
                    .collect::<Result<_>>()?,
            },
            minutes: r.minutes.zip(r.minutes_day),
        })
    }
}

#[derive(FromRow)]
struct DecisionRow {
    id: String,
    meeting_id: String,
    text: String,
    owner: String,
    due_day: String,
    status: String,
    sheet: Option<String>,
}

impl TryFrom<DecisionRow> for DecisionRecord {
    type Error = StoreError;
    fn try_from(r: DecisionRow) -> Result<Self> {
        Ok(DecisionRecord {
            id: DecisionId(parse_uuid(&r.id)?),
            decision: Decision {
                meeting: MeetingId(parse_uuid(&r.meeting_id)?),
                text: r.text,
                owner: r.owner,
                due: day(&r.due_day, "decision due day")?,
                status: parse_code(&r.status, "decision status")?,
                sheet: r.sheet,
            },
        })
    }
}

const MEETINGS: Table<MeetingRow> = Table::new(
    "coordination_meetings",
    "id, kind, day, place, organisations, agenda, participants, minutes, minutes_day",
    "meeting",
);
const DECISIONS: Table<DecisionRow> = Table::new(
    "coordination_decisions",
    "id, meeting_id, text, owner, due_day, status, sheet",
    "decision",
);

impl Store {
    /// Adds a meeting, with its minutes' key slots (each holder and its wrapped key), in one
    /// transaction with `audit`.
    pub async fn insert_meeting(
        &self,
        m: &MeetingRecord,
        slots: &[(KeyHolder, Vec<u8>)],
        audit: &Audit<'_>,
    ) -> Result<()> {
        let g = &m.meeting;
        let participants: Vec<String> = g.participants.iter().map(UserId::to_string).collect();
        let (minutes, minutes_day) = match &m.minutes {
            Some((sealed, day)) => (Some(sealed.as_slice()), Some(day.as_str())),
            None => (None, None),
        };
        let values = args![
            m.id,
            g.kind.as_str(),
            vigie_domain::time::day_string(g.day),
            &g.place,
            g.organisations.join("\n"),
            &g.agenda,
            participants.join(","),
            minutes,
            minutes_day,
        ];
        audited_tx!(self, audit, tx => {
            execute(
                &mut *tx,
                "INSERT INTO coordination_meetings (id, kind, day, place, organisations, agenda, \
                 participants, minutes, minutes_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                values,
            )
            .await?;
            for (holder, wrapped) in slots {
                execute(
                    &mut *tx,
                    "INSERT INTO coordination_minutes_slots (meeting_id, holder, wrapped) \
                     VALUES ($1, $2, $3)",
                    args![m.id, *holder, wrapped],
                )
                .await?;
            }
        });
        Ok(())
    }

    /// Every meeting, newest day first.
    pub async fn meetings(&self) -> Result<Vec<MeetingRecord>> {
        self.records_of(&MEETINGS, "ORDER BY day DESC, id", args![])
            .await
    }

    /// The meeting with this id.
    pub async fn meeting(&self, id: MeetingId) -> Result<Option<MeetingRecord>> {
        self.record_by_id(&MEETINGS, id).await
    }

    /// The minutes' key wrapped for `holder`, if the meeting has such a slot.
    pub async fn minutes_slot(&self, id: MeetingId, holder: KeyHolder) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = self
            .optional(
                "SELECT wrapped FROM coordination_minutes_slots \
                 WHERE meeting_id = $1 AND holder = $2",
                args![id, holder],
            )
            .await?;
        Ok(row.map(|(w,)| w))
    }

    /// Replaces a meeting's sealed minutes (written on `day`), with `audit`.
    pub async fn write_minutes(
        &self,
        id: MeetingId,
        sealed: &[u8],
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.update_audited(
            "UPDATE coordination_meetings SET minutes = $2, minutes_day = $3 WHERE id = $1",
            args![id, sealed, day],
            "meeting",
            audit,
        )
        .await
    }

    /// Adds a decision, with `audit`.
    pub async fn insert_decision(&self, d: &DecisionRecord, audit: &Audit<'_>) -> Result<()> {
        let g = &d.decision;
        let values = args![
            d.id,
            g.meeting,
            &g.text,
            &g.owner,
            vigie_domain::time::day_string(g.due),
            g.status.as_str(),
            g.sheet.as_deref(),
        ];
        self.save_row(&DECISIONS, values, true, audit).await
    }

    /// Sets a decision's status, with `audit` (`NotFound` when there is none).
    pub async fn set_decision_status(
        &self,
        id: DecisionId,
        status: DecisionStatus,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.update_audited(
            "UPDATE coordination_decisions SET status = $2 WHERE id = $1",
            args![id, status.as_str()],
            "decision",
            audit,
        )
        .await
    }

    /// The decision with this id.
    pub async fn decision(&self, id: DecisionId) -> Result<Option<DecisionRecord>> {
        self.record_by_id(&DECISIONS, id).await
    }

    /// The decisions of meeting `meeting` (all of them), or, with `None`, every open one across
    /// meetings; by due day.
    pub async fn decisions(&self, meeting: Option<MeetingId>) -> Result<Vec<DecisionRecord>> {
        let (rest, values): (&str, Vec<Arg<'_>>) = match meeting {
            Some(m) => ("WHERE meeting_id = $1 ORDER BY due_day, id", args![m]),
            None => (
                "WHERE status = $1 ORDER BY due_day, id",
                args![DecisionStatus::Open.as_str()],
            ),
        };
        self.records_of(&DECISIONS, rest, values).await
    }

    /// Records that `user` accepted the CLSPD charter on `day`; a second acceptance changes
    /// nothing (and writes no entry).
    pub async fn accept_coordination_charter(
        &self,
        user: UserId,
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        crate::write_tx!(self, tx => {
            let n = execute(
                &mut *tx,
                "INSERT INTO coordination_charter (user_id, day) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO NOTHING",
                args![user, day],
            )
            .await?;
            if n > 0 {
                crate::audit::append_audit!(self, tx, audit);
            }
        });
        Ok(())
    }

    /// The accounts that accepted the CLSPD charter, with the day.
    pub async fn coordination_charter(&self) -> Result<Vec<(UserId, String)>> {
        let rows: Vec<(String, String)> = self
            .all(
                "SELECT user_id, day FROM coordination_charter ORDER BY user_id",
                args![],
            )
            .await?;
        rows.into_iter()
            .map(|(u, d)| Ok((UserId(parse_uuid(&u)?), d)))
            .collect()
    }
}
