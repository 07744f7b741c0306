//! Prevention's structures, programmes and sessions (migration 0019).
//!
//! A structure's clear half ([`StructureClear`]) is stored in columns; its sealed half is bytes the
//! caller sealed (the contact) with the clear half as associated data. Programmes and sessions are
//! clear: nothing in them is personal. This module stores them and checks nothing.

use chrono::NaiveDate;
use sqlx::FromRow;
use vigie_domain::prevention::{Audience, Counts, Programme, StructureClear, Workshop};
use vigie_domain::{ProgrammeId, StructureId, UserId, WorkshopId};

use crate::sql::{Filter, args, records};
use crate::table::Table;
use crate::{Audit, Result, Store, StoreError, parse_code, parse_uuid};

/// A structure as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructureRecord {
    /// Random id.
    pub id: StructureId,
    /// The clear columns.
    pub clear: StructureClear,
    /// The sealed contact (bound by the caller to `id` and `clear`).
    pub sealed: Vec<u8>,
}

/// A programme as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeRecord {
    /// Random id.
    pub id: ProgrammeId,
    /// The programme.
    pub programme: Programme,
}

/// A session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkshopRecord {
    /// Random id.
    pub id: WorkshopId,
    /// The session.
    pub workshop: Workshop,
}

/// Which sessions a list shows (each `None` lets everything through).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkshopFilter {
    /// Only this programme's.
    pub programme: Option<ProgrammeId>,
    /// Only those in this structure.
    pub structure: Option<StructureId>,
    /// Only those on days from this one (`YYYY-MM-DD`, inclusive)...
    pub from: Option<String>,
    /// ...up to this one (exclusive).
    pub until: Option<String>,
}

#[derive(FromRow)]
struct StructureRow {
    id: String,
    kind: String,
    name: String,
    district: String,
    neighbourhood: Option<String>,
    qpv: bool,
    active: bool,
    sealed: Vec<u8>,
}

impl TryFrom<StructureRow> for StructureRecord {
    type Error = StoreError;
    fn try_from(r: StructureRow) -> Result<Self> {
        Ok(StructureRecord {
            id: StructureId(parse_uuid(&r.id)?),
            clear: StructureClear {
                kind: parse_code(&r.kind, "structure kind")?,
                name: r.name,
                district: r.district,
                neighbourhood: r.neighbourhood,
                qpv: r.qpv,
                active: r.active,
            },
            sealed: r.sealed,
        })
    }
}

#[derive(FromRow)]
struct ProgrammeRow {
    id: String,
    name: String,
    theme: String,
    audiences: String,
    cycle_sessions: i64,
    facilitators: String,
    funder: Option<String>,
    active: bool,
}

/// A comma-separated column as its values (empty: none).
fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').filter(|c| !c.is_empty())
}

/// Account ids kept comma-separated.
fn users(s: &str) -> Result<Vec<UserId>> {
    split(s).map(|u| parse_uuid(u).map(UserId)).collect()
}

/// Account ids as one column.
fn joined(ids: &[UserId]) -> String {
    ids.iter()
        .map(UserId::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl TryFrom<ProgrammeRow> for ProgrammeRecord {
    type Error = StoreError;
    fn try_from(r: ProgrammeRow) -> Result<Self> {
        Ok(ProgrammeRecord {
            id: ProgrammeId(parse_uuid(&r.id)?),
            programme: Programme {
                name: r.name,
                theme: parse_code(&r.theme, "programme theme")?,
                audiences: split(&r.audiences)
                    .map(|a| parse_code::<Audience>(a, "programme audience"))
                    .collect::<Result<_>>()?,
                cycle_sessions: u32::try_from(r.cycle_sessions)
                    .map_err(|_| StoreError::Corrupt("programme cycle".into()))?,
                facilitators: users(&r.facilitators)?,
                funder: r.funder,
                active: r.active,
            },
        })
    }
}

#[derive(FromRow)]
struct WorkshopRow {
    id: String,
    day: String,
    structure_id: String,
    programme_id: String,
    facilitators: String,
    delivered: bool,
    counts: String,
}

impl TryFrom<WorkshopRow> for WorkshopRecord {
    type Error = StoreError;
    fn try_from(r: WorkshopRow) -> Result<Self> {
        Ok(WorkshopRecord {
            id: WorkshopId(parse_uuid(&r.id)?),
            workshop: Workshop {
                day: NaiveDate::parse_from_str(&r.day, "%Y-%m-%d")
                    .map_err(|_| StoreError::Corrupt("session day".into()))?,
                structure: StructureId(parse_uuid(&r.structure_id)?),
                programme: ProgrammeId(parse_uuid(&r.programme_id)?),
                facilitators: users(&r.facilitators)?,
                delivered: r.delivered,
                counts: Counts::from_stored(&r.counts)
                    .ok_or_else(|| StoreError::Corrupt("session counts".into()))?,
            },
        })
    }
}

const STRUCTURE_COLUMNS: &str = "id, kind, name, district, neighbourhood, qpv, active, sealed";
const PROGRAMME_COLUMNS: &str =
    "id, name, theme, audiences, cycle_sessions, facilitators, funder, active";
const WORKSHOP_COLUMNS: &str =
    "id, day, structure_id, programme_id, facilitators, delivered, counts";

const STRUCTURES: Table<StructureRow> =
    Table::new("prevention_structures", STRUCTURE_COLUMNS, "structure");
const PROGRAMMES: Table<ProgrammeRow> =
    Table::new("prevention_programmes", PROGRAMME_COLUMNS, "programme");
const WORKSHOPS: Table<WorkshopRow> =
    Table::new("prevention_sessions", WORKSHOP_COLUMNS, "session");

impl Store {
    /// Adds a structure (`insert`) or replaces every column of one (`NotFound` when there is none).
    pub async fn save_structure(
        &self,
        s: &StructureRecord,
        insert: bool,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let c = &s.clear;
        let values = args![
            s.id,
            c.kind.as_str(),
            &c.name,
            &c.district,
            c.neighbourhood.as_deref(),
            c.qpv,
            c.active,
            &s.sealed,
        ];
        self.save_row(&STRUCTURES, values, insert, audit).await
    }

    /// Every structure, by name.
    pub async fn structures(&self) -> Result<Vec<StructureRecord>> {
        self.records_of(&STRUCTURES, "ORDER BY name, id", args![])
            .await
    }

    /// The structure with this id.
    pub async fn structure(&self, id: StructureId) -> Result<Option<StructureRecord>> {
        self.record_by_id(&STRUCTURES, id).await
    }

    /// Adds a programme (`insert`) or replaces one (`NotFound` when there is none).
    pub async fn save_programme(
        &self,
        p: &ProgrammeRecord,
        insert: bool,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let g = &p.programme;
        let audiences: Vec<&str> = g.audiences.iter().map(|a| a.as_str()).collect();
        let values = args![
            p.id,
            &g.name,
            g.theme.as_str(),
            audiences.join(","),
            i64::from(g.cycle_sessions),
            joined(&g.facilitators),
            g.funder.as_deref(),
            g.active,
        ];
        self.save_row(&PROGRAMMES, values, insert, audit).await
    }

    /// Every programme, by name.
    pub async fn programmes(&self) -> Result<Vec<ProgrammeRecord>> {
        self.records_of(&PROGRAMMES, "ORDER BY name, id", args![])
            .await
    }

    /// The programme with this id.
    pub async fn programme(&self, id: ProgrammeId) -> Result<Option<ProgrammeRecord>> {
        self.record_by_id(&PROGRAMMES, id).await
    }

    /// Adds a session (`insert`) or replaces one (`NotFound` when there is none).
    pub async fn save_workshop(
        &self,
        w: &WorkshopRecord,
        insert: bool,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let s = &w.workshop;
        let values = args![
            w.id,
            vigie_domain::time::day_string(s.day),
            s.structure,
            s.programme,
            joined(&s.facilitators),
            s.delivered,
            s.counts.to_stored(),
        ];
        self.save_row(&WORKSHOPS, values, insert, audit).await
    }

    /// The session with this id.
    pub async fn workshop(&self, id: WorkshopId) -> Result<Option<WorkshopRecord>> {
        self.record_by_id(&WORKSHOPS, id).await
    }

    /// The sessions `filter` keeps, newest day first: one page (`limit` from `offset`) and how
    /// many match in all.
    pub async fn workshops(
        &self,
        filter: &WorkshopFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<WorkshopRecord>, i64)> {
        // Every condition is always there; a `NULL` parameter lets everything through.
        let filter = Filter::fixed(
            "($1 IS NULL OR programme_id = $1) AND ($2 IS NULL OR structure_id = $2) \
             AND ($3 IS NULL OR day >= $3) AND ($4 IS NULL OR day < $4)",
            args![
                filter.programme,
                filter.structure,
                filter.from.as_deref(),
                filter.until.as_deref(),
            ],
        );
        let (rows, total) = self
            .page::<WorkshopRow>(
                (
                    &format!("SELECT {WORKSHOP_COLUMNS} FROM prevention_sessions"),
                    "SELECT COUNT(*) FROM prevention_sessions",
                ),
                &filter,
                "ORDER BY day DESC, id",
                (limit, offset),
            )
            .await?;
        Ok((records(rows)?, total))
    }
}
