//! Impact surveys' statements, cycles and codes (migration 0020).
//!
//! A code is stored as the keyed hash the caller computed (the store never sees a code); a slip's
//! codes share its random id; an answer is written once, with no date. This module stores them and
//! checks nothing but that a code answers once.

use chrono::NaiveDate;
use sqlx::FromRow;
use vigie_domain::survey::{
    Answers, Cycle, Response, Wave, statements_from_stored, statements_to_stored,
};
use vigie_domain::{CycleId, ProgrammeId, StructureId};

use crate::sql::{args, execute, records};
use crate::table::Table;
use crate::{Audit, Result, Store, StoreError, audited_tx, parse_code, parse_uuid, write_tx};

/// A cycle as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleRecord {
    /// Random id.
    pub id: CycleId,
    /// The cycle.
    pub cycle: Cycle,
}

/// One code of a slip, to write: its keyed hash, its slip's id, its wave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCode {
    /// The keyed hash of the code (hex).
    pub hash: String,
    /// The slip's random id (shared by its codes).
    pub slip: String,
    /// When it is answered.
    pub wave: Wave,
}

/// A code found by its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRecord {
    /// Its cycle.
    pub cycle: CycleId,
    /// Its wave.
    pub wave: Wave,
    /// Already answered.
    pub answered: bool,
}

#[derive(FromRow)]
struct CycleRow {
    id: String,
    programme_id: String,
    structure_id: String,
    closes_on: String,
    later: bool,
    statements: String,
}

impl TryFrom<CycleRow> for CycleRecord {
    type Error = StoreError;
    fn try_from(r: CycleRow) -> Result<Self> {
        Ok(CycleRecord {
            id: CycleId(parse_uuid(&r.id)?),
            cycle: Cycle {
                programme: ProgrammeId(parse_uuid(&r.programme_id)?),
                structure: StructureId(parse_uuid(&r.structure_id)?),
                closes_on: NaiveDate::parse_from_str(&r.closes_on, "%Y-%m-%d")
                    .map_err(|_| StoreError::Corrupt("survey closing day".into()))?,
                later: r.later,
                statements: statements_from_stored(&r.statements)
                    .ok_or_else(|| StoreError::Corrupt("survey statements".into()))?,
            },
        })
    }
}

#[derive(FromRow)]
struct ResponseRow {
    slip: String,
    wave: String,
    answers: String,
}

impl TryFrom<ResponseRow> for Response {
    type Error = StoreError;
    fn try_from(r: ResponseRow) -> Result<Self> {
        Ok(Response {
            slip: r.slip,
            wave: parse_code(&r.wave, "survey wave")?,
            answers: Answers::from_stored(&r.answers)
                .ok_or_else(|| StoreError::Corrupt("survey answers".into()))?,
        })
    }
}

const CYCLES: Table<CycleRow> = Table::new(
    "survey_cycles",
    "id, programme_id, structure_id, closes_on, later, statements",
    "survey cycle",
);

/// The update that answers a code, once: it changes no row when the code is unknown or answered.
const ANSWER: &str =
    "UPDATE survey_codes SET answers = $1 WHERE code_hash = $2 AND answers IS NULL";

impl Store {
    /// Programme `id`'s own statements, as stored; `None` when its coordinators chose none.
    pub async fn survey_statements(&self, id: ProgrammeId) -> Result<Option<String>> {
        let rows = self
            .column(
                "SELECT statements FROM survey_statements WHERE programme_id = $1",
                args![id],
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Sets programme `id`'s statements (as stored), with `audit`.
    pub async fn save_survey_statements(
        &self,
        id: ProgrammeId,
        stored: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        self.write_audited(
            "INSERT INTO survey_statements (programme_id, statements) VALUES ($1, $2) \
             ON CONFLICT (programme_id) DO UPDATE SET statements = excluded.statements",
            args![id, stored],
            audit,
        )
        .await?;
        Ok(())
    }

    /// Adds a cycle, with `audit`.
    pub async fn insert_survey_cycle(&self, c: &CycleRecord, audit: &Audit<'_>) -> Result<()> {
        let k = &c.cycle;
        let values = args![
            c.id,
            k.programme,
            k.structure,
            vigie_domain::time::day_string(k.closes_on),
            k.later,
            statements_to_stored(&k.statements),
        ];
        self.save_row(&CYCLES, values, true, audit).await
    }

    /// Every cycle, the latest closing first.
    pub async fn survey_cycles(&self) -> Result<Vec<CycleRecord>> {
        self.records_of(&CYCLES, "ORDER BY closes_on DESC, id", args![])
            .await
    }

    /// The cycle with this id.
    pub async fn survey_cycle(&self, id: CycleId) -> Result<Option<CycleRecord>> {
        self.record_by_id(&CYCLES, id).await
    }

    /// Adds slips' codes to cycle `id`, all in one transaction with `audit`.
    pub async fn insert_survey_codes(
        &self,
        id: CycleId,
        codes: &[NewCode],
        audit: &Audit<'_>,
    ) -> Result<()> {
        let sql =
            "INSERT INTO survey_codes (code_hash, cycle_id, slip, wave) VALUES ($1, $2, $3, $4)";
        audited_tx!(self, audit, tx => {
            for c in codes {
                execute(&mut *tx, sql, args![&c.hash, id, &c.slip, c.wave.as_str()]).await?;
            }
        });
        Ok(())
    }

    /// The code whose keyed hash is `hash`.
    pub async fn survey_code(&self, hash: &str) -> Result<Option<CodeRecord>> {
        let row: Option<(String, String, bool)> = self
            .optional(
                "SELECT cycle_id, wave, answers IS NOT NULL FROM survey_codes WHERE code_hash = $1",
                args![hash],
            )
            .await?;
        row.map(|(cycle, wave, answered)| {
            Ok(CodeRecord {
                cycle: CycleId(parse_uuid(&cycle)?),
                wave: parse_code(&wave, "survey wave")?,
                answered,
            })
        })
        .transpose()
    }

    /// Answers the code whose keyed hash is `hash`, if it has not been: whether it was (false: an
    /// unknown or an answered code, and nothing written). A staff member's keying is audited
    /// (`audit`); a pupil's answer writes nothing else, not even an audit entry, which would date it.
    pub async fn answer_survey_code(
        &self,
        hash: &str,
        answers: &Answers,
        audit: Option<&Audit<'_>>,
    ) -> Result<bool> {
        let stored = answers.to_stored();
        let values = args![stored, hash];
        let changed = match audit {
            Some(audit) => {
                // The entry is written only with the answer: an answered code writes nothing.
                audited_tx!(self, audit, tx => {
                    let n = execute(&mut *tx, ANSWER, values).await?;
                    if n == 0 {
                        return Ok(false);
                    }
                    n
                })
            }
            None => write_tx!(self, tx => execute(&mut *tx, ANSWER, values).await?),
        };
        Ok(changed == 1)
    }

    /// The answered codes of cycle `id`.
    pub async fn survey_responses(&self, id: CycleId) -> Result<Vec<Response>> {
        let rows: Vec<ResponseRow> = self
            .all(
                "SELECT slip, wave, answers FROM survey_codes \
                 WHERE cycle_id = $1 AND answers IS NOT NULL ORDER BY slip, wave",
                args![id],
            )
            .await?;
        records(rows)
    }

    /// How many slips cycle `id` has.
    pub async fn survey_slip_count(&self, id: CycleId) -> Result<i64> {
        let (n,): (i64,) = self
            .one(
                "SELECT COUNT(DISTINCT slip) FROM survey_codes WHERE cycle_id = $1",
                args![id],
            )
            .await?;
        Ok(n)
    }
}
