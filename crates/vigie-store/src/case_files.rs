//! Victims' files: clear metadata for lists and jobs, the file key's slots, sealed parts, households
//! and affaires, and each casework team's sealed name index.
//!
//! A file is written with its slots, first parts and the team's new name index in one transaction;
//! the index carries a version, so two caseworkers adding files at once cannot lose one another's
//! names (the second gets `Conflict("name index")` and retries on the fresh index).

use sqlx::{AssertSqlSafe, FromRow};
use vigie_domain::casefile::{AgeBand, FileStatus, LegalBasis, Outcome, PersonRole, Sex};
use vigie_domain::{FileId, GroupId, ReportId, TeamId, UserId};

use crate::decode::Parsed;
use crate::sealed::{CASE, append_parts, insert_slots};
use crate::sql::{Arg, Filter, args, change_one, execute, next_number};
use crate::{Audit, KeySlotRow, PartRow, Result, Store, audited_tx};

/// A file's clear row.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct FileRecord {
    /// Random id.
    #[sqlx(try_from = "Parsed<FileId>")]
    pub id: FileId,
    /// Display number, in order of opening (0 until stored).
    pub number: i64,
    /// The casework team that holds its key.
    #[sqlx(rename = "team_id", try_from = "Parsed<TeamId>")]
    pub team: TeamId,
    /// The caseworker who follows it.
    #[sqlx(rename = "assignee_id", try_from = "Parsed<Option<UserId>>")]
    pub assignee: Option<UserId>,
    /// The person's role.
    #[sqlx(rename = "person_role", try_from = "Parsed<PersonRole>")]
    pub role: PersonRole,
    /// Open or closed.
    #[sqlx(try_from = "Parsed<FileStatus>")]
    pub status: FileStatus,
    /// Age band.
    #[sqlx(try_from = "Parsed<AgeBand>")]
    pub age_band: AgeBand,
    /// Sex.
    #[sqlx(try_from = "Parsed<Sex>")]
    pub sex: Sex,
    /// The household it belongs to.
    #[sqlx(rename = "household_id", try_from = "Parsed<Option<GroupId>>")]
    pub household: Option<GroupId>,
    /// The affaire it belongs to.
    #[sqlx(rename = "affaire_id", try_from = "Parsed<Option<GroupId>>")]
    pub affaire: Option<GroupId>,
    /// The help request it was opened from.
    #[sqlx(rename = "help_request_id", try_from = "Parsed<Option<ReportId>>")]
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
    #[sqlx(try_from = "Parsed<Option<Outcome>>")]
    pub outcome: Option<Outcome>,
    /// The person consents to be counted in published statistics.
    pub consent_statistics: bool,
    /// The person consents to extracts going to partners.
    pub consent_sharing: bool,
    /// The legal basis for the offence data it holds.
    #[sqlx(try_from = "Parsed<LegalBasis>")]
    pub legal_basis: LegalBasis,
    /// The last day of its court cases' latest compensation deadline: an archived file is kept
    /// until it has run (written by the application when a court case is saved).
    pub hold_until_day: Option<String>,
    /// The day the retention job archived it (written by the job only).
    pub archived_day: Option<String>,
}

pub(crate) const FILE_COLUMNS: &str = "id, number, team_id, assignee_id, person_role, status, age_band, sex, \
     household_id, affaire_id, help_request_id, next_due_day, opened_day, last_contact_day, \
     closed_day, outcome, consent_statistics, consent_sharing, legal_basis, hold_until_day, \
     archived_day";

/// A household or an affaire (its label is in the team's name index).
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct GroupRecord {
    /// Random id.
    #[sqlx(try_from = "Parsed<GroupId>")]
    pub id: GroupId,
    /// The team whose files it groups.
    #[sqlx(rename = "team_id", try_from = "Parsed<TeamId>")]
    pub team: TeamId,
    /// `household` or `affaire`.
    pub kind: String,
    /// The day it was made.
    pub opened_day: String,
}

/// A team's sealed name index as stored.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
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

/// Stores a new version of a team's name index, or `Conflict` if another writer went first.
macro_rules! write_index {
    ($tx:expr, $index:expr) => {{
        let w: &$crate::IndexWrite = $index;
        let row = &w.row;
        let written = match w.read_version {
            None => $crate::sql::execute(
                &mut *$tx,
                "INSERT INTO case_name_index (team_id, version, team_generation, wrapped, sealed) \
                 VALUES ($1, 1, $2, $3, $4) ON CONFLICT (team_id) DO NOTHING",
                $crate::sql::args![w.team, row.team_generation, &row.wrapped, &row.sealed],
            ),
            Some(v) => $crate::sql::execute(
                &mut *$tx,
                "UPDATE case_name_index SET version = version + 1, team_generation = $2, \
                 wrapped = $3, sealed = $4, prune = FALSE WHERE team_id = $1 AND version = $5",
                $crate::sql::args![w.team, row.team_generation, &row.wrapped, &row.sealed, v],
            ),
        }
        .await?;
        if written == 0 {
            return Err($crate::StoreError::Conflict("name index"));
        }
    }};
}
pub(crate) use write_index;

/// The columns a file's changes may move, in this order (after the ones a statement binds first).
fn changeable(r: &FileRecord) -> Vec<Arg<'_>> {
    args![
        r.assignee,
        r.role.as_str(),
        r.status.as_str(),
        r.age_band.as_str(),
        r.sex.as_str(),
        r.household,
        r.affaire,
        &r.next_due_day,
        &r.last_contact_day,
        &r.closed_day,
        r.outcome.map(|o| o.as_str()),
        r.consent_statistics,
        r.consent_sharing,
        r.legal_basis.as_str(),
        &r.hold_until_day,
    ]
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
        let number = audited_tx!(self, audit, tx => {
            let number = next_number(&mut *tx, "file_number").await?;
            for g in new.groups {
                execute(
                    &mut *tx,
                    "INSERT INTO case_groups (id, team_id, kind, opened_day) VALUES ($1, $2, $3, $4)",
                    args![g.id, g.team, &g.kind, &g.opened_day],
                )
                .await?;
            }
            let mut values = args![r.id, number, r.team, r.help_request, &r.opened_day];
            values.extend(changeable(r));
            execute(
                &mut *tx,
                "INSERT INTO case_files (id, number, team_id, help_request_id, opened_day, \
                 assignee_id, person_role, status, age_band, sex, household_id, affaire_id, \
                 next_due_day, last_contact_day, closed_day, outcome, consent_statistics, \
                 consent_sharing, legal_basis, hold_until_day) VALUES \
                 ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
                 $19, $20)",
                values,
            )
            .await?;
            insert_slots!(tx, CASE, r.id, new.slots);
            append_parts!(tx, CASE, r.id, new.parts);
            write_index!(tx, new.index);
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
        audited_tx!(self, audit, tx => {
            let mut values = args![r.id];
            values.extend(changeable(r));
            change_one(
                &mut *tx,
                "UPDATE case_files SET assignee_id = $2, person_role = $3, status = $4, age_band = $5, \
                 sex = $6, household_id = $7, affaire_id = $8, next_due_day = $9, last_contact_day = $10, \
                 closed_day = $11, outcome = $12, consent_statistics = $13, consent_sharing = $14, \
                 legal_basis = $15, hold_until_day = $16 WHERE id = $1 AND status <> 'archived'",
                values,
                "file",
            )
            .await?;
            append_parts!(tx, CASE, r.id, parts);
            if let Some(index) = index {
                write_index!(tx, index);
            }
        });
        Ok(())
    }

    /// The files whose row matches `clause` (SQL text of this crate; its placeholders bound to
    /// `values`).
    pub(crate) async fn files_where(
        &self,
        clause: &str,
        values: Vec<Arg<'_>>,
    ) -> Result<Vec<FileRecord>> {
        let sql = format!("SELECT {FILE_COLUMNS} FROM case_files WHERE {clause}");
        self.all(AssertSqlSafe(sql), values).await
    }

    /// One file's clear row.
    pub async fn file(&self, id: FileId) -> Result<Option<FileRecord>> {
        Ok(self.files_where("id = $1", args![id]).await?.pop())
    }

    /// The files opened from help request `request`.
    pub async fn files_of_request(&self, request: ReportId) -> Result<Vec<FileRecord>> {
        self.files_where("help_request_id = $1 ORDER BY number", args![request])
            .await
    }

    /// A page of files (newest first) and how many match in all.
    pub async fn files(&self, f: &FileFilter) -> Result<(Vec<FileRecord>, i64)> {
        if f.teams.is_empty() || f.only.as_ref().is_some_and(Vec::is_empty) {
            return Ok((Vec::new(), 0));
        }
        let mut filter = Filter::default();
        filter.any_of("team_id", f.teams.iter().map(Arg::from));
        filter.push_some("status =", f.status.map(|s| s.as_str()));
        filter.push_some("next_due_day <", f.due_before.as_deref());
        if let Some(only) = &f.only {
            filter.any_of("id", only.iter().map(Arg::from));
        }
        self.page(
            (
                &format!("SELECT {FILE_COLUMNS} FROM case_files"),
                "SELECT COUNT(*) FROM case_files",
            ),
            &filter,
            "ORDER BY number DESC",
            (f.limit, f.offset),
        )
        .await
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
        self.write_audited(
            "UPDATE case_files SET \
             consent_statistics = CASE WHEN $2 THEN FALSE ELSE consent_statistics END, \
             consent_sharing = CASE WHEN $3 THEN FALSE ELSE consent_sharing END \
             WHERE help_request_id = $1",
            args![request, statistics, sharing],
            audit,
        )
        .await
    }

    /// How many files the instance holds.
    pub async fn count_files(&self) -> Result<i64> {
        let (n,) = self.one("SELECT COUNT(*) FROM case_files", args![]).await?;
        Ok(n)
    }

    /// A file's parts in the order they were written.
    pub async fn case_parts(&self, file: FileId) -> Result<Vec<PartRow>> {
        self.parts_of(&CASE, file).await
    }

    /// A file's key slots, every generation.
    pub async fn case_slots(&self, file: FileId) -> Result<Vec<KeySlotRow>> {
        self.slots_of(&CASE, file, "", args![]).await
    }

    /// A team's sealed name index, if it has one.
    pub async fn name_index(&self, team: TeamId) -> Result<Option<NameIndexRow>> {
        self.optional(
            "SELECT version, team_generation, wrapped, sealed, prune FROM case_name_index WHERE team_id = $1",
            args![team],
        )
        .await
    }

    /// A team's households and affaires.
    pub async fn case_groups(&self, team: TeamId) -> Result<Vec<GroupRecord>> {
        self.all(
            "SELECT id, team_id, kind, opened_day FROM case_groups WHERE team_id = $1 ORDER BY opened_day, id",
            args![team],
        )
        .await
    }

    /// The files of a household or an affaire.
    pub async fn files_in_group(&self, group: GroupId) -> Result<Vec<FileRecord>> {
        self.files_where(
            "household_id = $1 OR affaire_id = $1 ORDER BY number",
            args![group],
        )
        .await
    }
}

/// The audience name a file's slots and parts carry (one key per file: the caseworkers').
pub const CASE_AUDIENCE: &str = "case";
