//! Victims' files: clear metadata for lists and jobs, the file key's slots, sealed parts, households
//! and affaires, and each casework team's sealed name index.
//!
//! A file is written with its slots, first parts and the team's new name index in one transaction;
//! the index carries a version, so two caseworkers adding files at once cannot lose one another's
//! names (the second gets `Conflict("name index")` and retries on the fresh index).

use sqlx::FromRow;
use vigie_domain::casefile::{AgeBand, FileStatus, LegalBasis, Outcome, PersonRole, Sex};
use vigie_domain::{FileId, GroupId, ReportId, TeamId, UserId};

use crate::report_keys::parse_holder;
use crate::{Audit, KeySlotRow, PartRow, Result, Store, StoreError, dispatch, found, parse_code};
use crate::{parse_uuid, write_tx};

/// A file's clear row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRecord {
    /// Random id.
    pub id: FileId,
    /// Display number, in order of opening (0 until stored).
    pub number: i64,
    /// The casework team that holds its key.
    pub team: TeamId,
    /// The caseworker who follows it.
    pub assignee: Option<UserId>,
    /// The person's role.
    pub role: PersonRole,
    /// Open or closed.
    pub status: FileStatus,
    /// Age band.
    pub age_band: AgeBand,
    /// Sex.
    pub sex: Sex,
    /// The household it belongs to.
    pub household: Option<GroupId>,
    /// The affaire it belongs to.
    pub affaire: Option<GroupId>,
    /// The help request it was opened from.
    pub help_request: Option<ReportId>,
    /// The day the first undone step is due (`YYYY-MM-DD`).
    pub next_due_day: Option<String>,
    /// The day it was opened.
    pub opened_day: String,
    /// The day of the last contact (the retention clock).
    pub last_contact_day: String,
    /// The day it was closed.
    pub closed_day: Option<String>,
    /// How it was closed.
    pub outcome: Option<Outcome>,
    /// The person consents to be counted in published statistics.
    pub consent_statistics: bool,
    /// The person consents to extracts going to partners.
    pub consent_sharing: bool,
    /// The legal basis for the offence data it holds.
    pub legal_basis: LegalBasis,
    /// The last day of its court cases' latest compensation deadline: an archived file is kept
    /// until it has run (written by the application when a court case is saved).
    pub hold_until_day: Option<String>,
    /// The day the retention job archived it (written by the job only).
    pub archived_day: Option<String>,
}

#[derive(FromRow)]
pub(crate) struct FileRow {
    id: String,
    number: i64,
    team_id: String,
    assignee_id: Option<String>,
    person_role: String,
    status: String,
    age_band: String,
    sex: String,
    household_id: Option<String>,
    affaire_id: Option<String>,
    help_request_id: Option<String>,
    next_due_day: Option<String>,
    opened_day: String,
    last_contact_day: String,
    closed_day: Option<String>,
    outcome: Option<String>,
    consent_statistics: bool,
    consent_sharing: bool,
    legal_basis: String,
    hold_until_day: Option<String>,
    archived_day: Option<String>,
}

pub(crate) const FILE_COLUMNS: &str = "id, number, team_id, assignee_id, person_role, status, age_band, sex, \
     household_id, affaire_id, help_request_id, next_due_day, opened_day, last_contact_day, \
     closed_day, outcome, consent_statistics, consent_sharing, legal_basis, hold_until_day, \
     archived_day";

fn opt_uuid(s: Option<&str>) -> Result<Option<uuid::Uuid>> {
    s.map(parse_uuid).transpose()
}

impl TryFrom<FileRow> for FileRecord {
    type Error = StoreError;
    fn try_from(r: FileRow) -> Result<Self> {
        Ok(FileRecord {
            id: FileId(parse_uuid(&r.id)?),
            number: r.number,
            team: TeamId(parse_uuid(&r.team_id)?),
            assignee: opt_uuid(r.assignee_id.as_deref())?.map(UserId),
            role: parse_code(&r.person_role, "person role")?,
            status: parse_code(&r.status, "file status")?,
            age_band: parse_code(&r.age_band, "age band")?,
            sex: parse_code(&r.sex, "sex")?,
            household: opt_uuid(r.household_id.as_deref())?.map(GroupId),
            affaire: opt_uuid(r.affaire_id.as_deref())?.map(GroupId),
            help_request: opt_uuid(r.help_request_id.as_deref())?.map(ReportId),
            next_due_day: r.next_due_day,
            opened_day: r.opened_day,
            last_contact_day: r.last_contact_day,
            closed_day: r.closed_day,
            outcome: r
                .outcome
                .as_deref()
                .map(|o| parse_code(o, "outcome"))
                .transpose()?,
            consent_statistics: r.consent_statistics,
            consent_sharing: r.consent_sharing,
            legal_basis: parse_code(&r.legal_basis, "legal basis")?,
            hold_until_day: r.hold_until_day,
            archived_day: r.archived_day,
        })
    }
}

/// A household or an affaire (its label is in the team's name index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRecord {
    /// Random id.
    pub id: GroupId,
    /// The team whose files it groups.
    pub team: TeamId,
    /// `household` or `affaire`.
    pub kind: String,
    /// The day it was made.
    pub opened_day: String,
}

/// A team's sealed name index as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameIndexRow {
    /// Bumped by each write; a write names the version it read.
    pub version: i64,
    /// The team key generation `wrapped` is for.
    pub team_generation: i64,
    /// The index key, wrapped for the team.
    pub wrapped: Vec<u8>,
    /// The index, sealed under that key.
    pub sealed: Vec<u8>,
    /// A file of the team was erased since the index was written: its name is still in it.
    pub prune: bool,
}

/// A new version of a team's index: written only if the stored one is still at `read_version`
/// (`None`: there was none).
#[derive(Clone, Debug)]
pub struct IndexWrite {
    /// The team.
    pub team: TeamId,
    /// The version the writer read.
    pub read_version: Option<i64>,
    /// What to store (its `version` is ignored: the store writes `read_version + 1`).
    pub row: NameIndexRow,
}

/// Which files a list shows.
#[derive(Clone, Debug, Default)]
pub struct FileFilter {
    /// The teams whose files are listed (the caseworker's).
    pub teams: Vec<TeamId>,
    /// Only files of this status.
    pub status: Option<FileStatus>,
    /// Only files whose next step was due before this day (`YYYY-MM-DD`): the overdue view.
    pub due_before: Option<String>,
    /// Only these files (a name search's matches), when given.
    pub only: Option<Vec<FileId>>,
    /// Rows per page.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
}

/// Writes each part of `$file` after its current last one (inside a transaction).
macro_rules! insert_case_parts {
    ($tx:expr, $file:expr, $parts:expr) => {{
        let (last,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM case_parts WHERE file_id = $1")
                .bind($file.to_string())
                .fetch_one(&mut *$tx)
                .await?;
        for (i, p) in $parts.iter().enumerate() {
            let p: &PartRow = p;
            sqlx::query(
                "INSERT INTO case_parts (id, file_id, seq, kind, key_generation, author_id, day, sealed) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(p.id.to_string())
            .bind($file.to_string())
            .bind(last + 1 + i64::try_from(i).unwrap_or(i64::MAX / 2))
            .bind(&p.kind)
            .bind(p.key_generation)
            .bind(p.author.map(|a| a.to_string()))
            .bind(&p.day)
            .bind(&p.sealed)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}
pub(crate) use insert_case_parts;

/// Stores a new version of a team's name index, or `Conflict` if another writer went first.
macro_rules! write_index {
    ($tx:expr, $index:expr) => {{
        let w: &IndexWrite = $index;
        let written = match w.read_version {
            None => sqlx::query(
                "INSERT INTO case_name_index (team_id, version, team_generation, wrapped, sealed) \
                 VALUES ($1, 1, $2, $3, $4) ON CONFLICT (team_id) DO NOTHING",
            )
            .bind(w.team.to_string())
            .bind(w.row.team_generation)
            .bind(&w.row.wrapped)
            .bind(&w.row.sealed)
            .execute(&mut *$tx)
            .await?
            .rows_affected(),
            Some(v) => sqlx::query(
                "UPDATE case_name_index SET version = version + 1, team_generation = $2, \
                 wrapped = $3, sealed = $4, prune = FALSE WHERE team_id = $1 AND version = $5",
            )
            .bind(w.team.to_string())
            .bind(w.row.team_generation)
            .bind(&w.row.wrapped)
            .bind(&w.row.sealed)
            .bind(v)
            .execute(&mut *$tx)
            .await?
            .rows_affected(),
        };
        if written == 0 {
            return Err(StoreError::Conflict("name index"));
        }
    }};
}
pub(crate) use write_index;

/// Binds, in this order, the columns a file's changes may move (after the ones a query binds first).
macro_rules! bind_changeable {
    ($q:expr, $r:expr) => {{
        let r: &FileRecord = $r;
        $q.bind(r.assignee.map(|u| u.to_string()))
            .bind(r.role.as_str())
            .bind(r.status.as_str())
            .bind(r.age_band.as_str())
            .bind(r.sex.as_str())
            .bind(r.household.map(|g| g.to_string()))
            .bind(r.affaire.map(|g| g.to_string()))
            .bind(&r.next_due_day)
            .bind(&r.last_contact_day)
            .bind(&r.closed_day)
            .bind(r.outcome.map(|o| o.as_str()))
            .bind(r.consent_statistics)
            .bind(r.consent_sharing)
            .bind(r.legal_basis.as_str())
            .bind(&r.hold_until_day)
    }};
}

/// A new file with everything written with it.
#[derive(Debug)]
pub struct NewFile<'a> {
    /// Its clear row (`number` is drawn by the store).
    pub record: &'a FileRecord,
    /// The file key wrapped for the team and the escrow.
    pub slots: &'a [KeySlotRow],
    /// Its first sealed parts.
    pub parts: &'a [PartRow],
    /// Households or affaires made with it.
    pub groups: &'a [GroupRecord],
    /// The team's index with the new name (and labels).
    pub index: &'a IndexWrite,
}

impl Store {
    /// Stores a new file, its slots, parts, new groups and the team's index in one transaction;
    /// returns its number.
    pub async fn insert_file(&self, new: &NewFile<'_>, audit: &Audit<'_>) -> Result<i64> {
        let r = new.record;
        let number = write_tx!(self, tx => {
            let (number,): (i64,) = sqlx::query_as(
                "INSERT INTO counters (name, value) VALUES ('file_number', 1) \
                 ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
            )
            .fetch_one(&mut *tx)
            .await?;
            for g in new.groups {
                sqlx::query("INSERT INTO case_groups (id, team_id, kind, opened_day) VALUES ($1, $2, $3, $4)")
                    .bind(g.id.to_string())
                    .bind(g.team.to_string())
                    .bind(&g.kind)
                    .bind(&g.opened_day)
                    .execute(&mut *tx)
                    .await?;
            }
            let insert = sqlx::query(
                "INSERT INTO case_files (id, number, team_id, help_request_id, opened_day, \
                 assignee_id, person_role, status, age_band, sex, household_id, affaire_id, \
                 next_due_day, last_contact_day, closed_day, outcome, consent_statistics, \
                 consent_sharing, legal_basis, hold_until_day) VALUES \
                 ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
                 $19, $20)",
            )
            .bind(r.id.to_string())
            .bind(number)
            .bind(r.team.to_string())
            .bind(r.help_request.map(|g| g.to_string()))
            .bind(&r.opened_day);
            bind_changeable!(insert, r)
            .execute(&mut *tx)
            .await?;
            for s in new.slots {
                sqlx::query(
                    "INSERT INTO case_key_slots (file_id, key_generation, holder, holder_generation, wrapped) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(r.id.to_string())
                .bind(s.key_generation)
                .bind(s.holder.to_string())
                .bind(s.holder_generation)
                .bind(&s.wrapped)
                .execute(&mut *tx)
                .await?;
            }
            insert_case_parts!(tx, r.id, new.parts);
            write_index!(tx, new.index);
            crate::audit::append_audit!(self, tx, audit);
            number
        });
        Ok(number)
    }

    /// Writes a file's clear row as `record` says (all but its id, number, team and archive day),
    /// appends `parts`, and stores the team's new index if given, in one transaction. An archived
    /// file is read-only: `NotFound` (the retention job archived it since it was read).
    pub async fn update_file(
        &self,
        record: &FileRecord,
        parts: &[PartRow],
        index: Option<&IndexWrite>,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let r = record;
        write_tx!(self, tx => {
            let update = sqlx::query(
                "UPDATE case_files SET assignee_id = $2, person_role = $3, status = $4, age_band = $5, \
                 sex = $6, household_id = $7, affaire_id = $8, next_due_day = $9, last_contact_day = $10, \
                 closed_day = $11, outcome = $12, consent_statistics = $13, consent_sharing = $14, \
                 legal_basis = $15, hold_until_day = $16 WHERE id = $1 AND status <> 'archived'",
            )
            .bind(r.id.to_string());
            let changed = bind_changeable!(update, r)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            found(changed, "file")?;
            insert_case_parts!(tx, r.id, parts);
            if let Some(index) = index {
                write_index!(tx, index);
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// One file's clear row.
    pub async fn file(&self, id: FileId) -> Result<Option<FileRecord>> {
        let row: Option<FileRow> = dispatch!(self, pool => sqlx::query_as(
            sqlx::AssertSqlSafe(format!("SELECT {FILE_COLUMNS} FROM case_files WHERE id = $1"))
        )
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?);
        row.map(FileRecord::try_from).transpose()
    }

    /// The files opened from help request `request`.
    pub async fn files_of_request(&self, request: ReportId) -> Result<Vec<FileRecord>> {
        let rows: Vec<FileRow> = dispatch!(self, pool => sqlx::query_as(
            sqlx::AssertSqlSafe(format!("SELECT {FILE_COLUMNS} FROM case_files WHERE help_request_id = $1 ORDER BY number"))
        )
        .bind(request.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter().map(FileRecord::try_from).collect()
    }

    /// A page of files (newest first) and how many match in all.
    pub async fn files(&self, f: &FileFilter) -> Result<(Vec<FileRecord>, i64)> {
        if f.teams.is_empty() || f.only.as_ref().is_some_and(Vec::is_empty) {
            return Ok((Vec::new(), 0));
        }
        // Placeholders are numbered; the values are bound in the same order below.
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        let teams: Vec<String> = f.teams.iter().map(|_| next()).collect();
        let mut clause = format!("team_id IN ({})", teams.join(", "));
        if f.status.is_some() {
            clause.push_str(&format!(" AND status = {}", next()));
        }
        if f.due_before.is_some() {
            clause.push_str(&format!(" AND next_due_day < {}", next()));
        }
        if let Some(only) = &f.only {
            let ids: Vec<String> = only.iter().map(|_| next()).collect();
            clause.push_str(&format!(" AND id IN ({})", ids.join(", ")));
        }
        let count_sql = format!("SELECT COUNT(*) FROM case_files WHERE {clause}");
        let page_sql = format!(
            "SELECT {FILE_COLUMNS} FROM case_files WHERE {clause} ORDER BY number DESC LIMIT {} OFFSET {}",
            next(),
            next()
        );
        macro_rules! bound {
            ($q:expr) => {{
                let mut q = $q;
                for t in &f.teams {
                    q = q.bind(t.to_string());
                }
                if let Some(s) = f.status {
                    q = q.bind(s.as_str());
                }
                if let Some(d) = &f.due_before {
                    q = q.bind(d.clone());
                }
                for id in f.only.iter().flatten() {
                    q = q.bind(id.to_string());
                }
                q
            }};
        }
        let (total, rows): (i64, Vec<FileRow>) = dispatch!(self, pool => {
            let (total,): (i64,) = bound!(sqlx::query_as(sqlx::AssertSqlSafe(count_sql.as_str()))).fetch_one(pool).await?;
            let rows = bound!(sqlx::query_as(sqlx::AssertSqlSafe(page_sql.as_str())))
                .bind(f.limit)
                .bind(f.offset)
                .fetch_all(pool)
                .await?;
            (total, rows)
        });
        let rows = rows
            .into_iter()
            .map(FileRecord::try_from)
            .collect::<Result<_>>()?;
        Ok((rows, total))
    }

    /// The person behind help request `request` withdraws consents, at once, on every file opened
    /// from it: `statistics` (publication) and/or `sharing` (extracts to partners). Returns how
    /// many files it changed.
    pub async fn withdraw_request_consents(
        &self,
        request: ReportId,
        (statistics, sharing): (bool, bool),
        audit: &Audit<'_>,
    ) -> Result<u64> {
        let changed = write_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE case_files SET \
                 consent_statistics = CASE WHEN $2 THEN FALSE ELSE consent_statistics END, \
                 consent_sharing = CASE WHEN $3 THEN FALSE ELSE consent_sharing END \
                 WHERE help_request_id = $1",
            )
            .bind(request.to_string())
            .bind(statistics)
            .bind(sharing)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            crate::audit::append_audit!(self, tx, audit);
            changed
        });
        Ok(changed)
    }

    /// How many files the instance holds.
    pub async fn count_files(&self) -> Result<i64> {
        let (n,): (i64,) = dispatch!(self, pool => sqlx::query_as("SELECT COUNT(*) FROM case_files")
            .fetch_one(pool)
            .await?);
        Ok(n)
    }

    /// A file's parts in the order they were written.
    pub async fn case_parts(&self, file: FileId) -> Result<Vec<PartRow>> {
        let rows: Vec<StoredCasePart> = dispatch!(self, pool => sqlx::query_as(
                "SELECT id, kind, key_generation, author_id, day, sealed FROM case_parts \
                 WHERE file_id = $1 ORDER BY seq",
            )
            .bind(file.to_string())
            .fetch_all(pool)
            .await?);
        part_rows(rows, CASE_AUDIENCE)
    }

    /// A file's key slots, every generation.
    pub async fn case_slots(&self, file: FileId) -> Result<Vec<KeySlotRow>> {
        let rows: Vec<StoredSlot> = dispatch!(self, pool => sqlx::query_as(
            "SELECT key_generation, holder, holder_generation, wrapped FROM case_key_slots \
             WHERE file_id = $1 ORDER BY key_generation, holder",
        )
        .bind(file.to_string())
        .fetch_all(pool)
        .await?);
        slot_rows(rows, CASE_AUDIENCE)
    }

    /// A team's sealed name index, if it has one.
    pub async fn name_index(&self, team: TeamId) -> Result<Option<NameIndexRow>> {
        let row: Option<StoredIndex> = dispatch!(self, pool => sqlx::query_as(
            "SELECT version, team_generation, wrapped, sealed, prune FROM case_name_index WHERE team_id = $1",
        )
        .bind(team.to_string())
        .fetch_optional(pool)
        .await?);
        Ok(row.map(
            |(version, team_generation, wrapped, sealed, prune)| NameIndexRow {
                version,
                team_generation,
                wrapped,
                sealed,
                prune,
            },
        ))
    }

    /// A team's households and affaires.
    pub async fn case_groups(&self, team: TeamId) -> Result<Vec<GroupRecord>> {
        let rows: Vec<(String, String, String, String)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT id, team_id, kind, opened_day FROM case_groups WHERE team_id = $1 ORDER BY opened_day, id",
        )
        .bind(team.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(|(id, team, kind, opened_day)| {
                Ok(GroupRecord {
                    id: GroupId(parse_uuid(&id)?),
                    team: TeamId(parse_uuid(&team)?),
                    kind,
                    opened_day,
                })
            })
            .collect()
    }

    /// The files of a household or an affaire.
    pub async fn files_in_group(&self, group: GroupId) -> Result<Vec<FileRecord>> {
        let rows: Vec<FileRow> = dispatch!(self, pool => sqlx::query_as(
            sqlx::AssertSqlSafe(format!("SELECT {FILE_COLUMNS} FROM case_files WHERE household_id = $1 OR affaire_id = $1 ORDER BY number"))
        )
        .bind(group.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter().map(FileRecord::try_from).collect()
    }
}

/// A name index as read: version, team generation, wrapped key, sealed index, prune mark.
type StoredIndex = (i64, i64, Vec<u8>, Vec<u8>, bool);

/// A part as read: id, kind, key generation, author, day, sealed bytes.
pub(crate) type StoredCasePart = (String, String, i64, Option<String>, String, Vec<u8>);

/// A slot as read: key generation, holder, holder generation, wrapped key.
pub(crate) type StoredSlot = (i64, String, i64, Vec<u8>);

/// Slots as read, of `audience`.
pub(crate) fn slot_rows(rows: Vec<StoredSlot>, audience: &str) -> Result<Vec<KeySlotRow>> {
    rows.into_iter()
        .map(|(key_generation, holder, holder_generation, wrapped)| {
            Ok(KeySlotRow {
                audience: audience.to_owned(),
                key_generation,
                holder: parse_holder(&holder)?,
                holder_generation,
                wrapped,
            })
        })
        .collect()
}

/// Parts as read, of `audience`.
pub(crate) fn part_rows(rows: Vec<StoredCasePart>, audience: &str) -> Result<Vec<PartRow>> {
    rows.into_iter()
        .map(|(id, kind, key_generation, author, day, sealed)| {
            Ok(PartRow {
                id: vigie_domain::PartId(parse_uuid(&id)?),
                kind,
                audience: audience.to_owned(),
                key_generation,
                author: opt_uuid(author.as_deref())?.map(UserId),
                day,
                sealed,
            })
        })
        .collect()
}

/// The audience name a file's slots and parts carry (one key per file: the caseworkers').
pub const CASE_AUDIENCE: &str = "case";
