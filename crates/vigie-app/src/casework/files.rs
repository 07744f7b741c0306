//! Opening a file, listing and finding files, and changing one.

use chrono::NaiveDate;
use vigie_domain::casefile::{
    AgeBand, Assessment, Consent, DetailField, Event, FileStatus, LegalBasis, MAX_FIELD_CHARS,
    Outcome, PersonRole, Sex, Step, Withdrawal, required_text,
};
use vigie_domain::court::{CourtCase, CourtUpdate};
use vigie_domain::keys::TeamKind;
use vigie_domain::report::ReportKind;
use vigie_domain::{Action, AuditKind, FileId, GroupId, Principal, ReportId, Resource, TeamId};
use vigie_store::{FileFilter, FileRecord, GroupRecord, KeySlotRow, NewFile, PartRow, StoreError};
use vigie_vault::{AudienceKey, SecretKey};
use zeroize::Zeroizing;

use super::index::{FileRow, OpenedIndex};
use super::{file_object, file_slot, kind, seal_file_part};
use crate::audit::audited;
use crate::reports::handle::actor;
use crate::reports::submit::{json_error, today};
use crate::{App, AppError, Result};

/// A household or an affaire for a new file: none, one the team has, or a new one with its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupChoice {
    /// None.
    None,
    /// An existing one.
    Existing(GroupId),
    /// A new one, with this label.
    New(String),
}

/// What a caseworker gives to open a file.
#[derive(Clone, Debug)]
pub struct NewFileInput {
    /// The person's name (sealed, in the team's index).
    pub name: String,
    /// Their role.
    pub role: PersonRole,
    /// Age band.
    pub age_band: AgeBand,
    /// Sex.
    pub sex: Sex,
    /// The legal basis for the offence data the file will hold.
    pub legal_basis: LegalBasis,
    /// The team (one of the caseworker's casework teams); the help request's team when opened
    /// from one.
    pub team: Option<TeamId>,
    /// The help request it is opened from.
    pub help_request: Option<ReportId>,
    /// Its household.
    pub household: GroupChoice,
    /// Its affaire.
    pub affaire: GroupChoice,
}

/// A list's question.
#[derive(Clone, Debug, Default)]
pub struct FileQuery {
    /// Open or closed only.
    pub status: Option<FileStatus>,
    /// Only files with a step overdue today.
    pub overdue: bool,
    /// A name to find.
    pub name: Option<String>,
    /// Page, from 1.
    pub page: i64,
}

/// Rows per page of the files list.
pub const FILES_PER_PAGE: i64 = 50;
/// A name search keeps at most this many matches (a longer query narrows it).
const MAX_MATCHES: usize = 500;

/// A change to a file.
#[derive(Clone, Debug)]
pub enum FileChange {
    /// A detail field's new value.
    Detail(DetailField, String),
    /// The person's role, age band and sex.
    Profile(PersonRole, AgeBand, Sex),
    /// The legal basis for the offence data the file holds.
    LegalBasis(LegalBasis),
    /// A timeline entry.
    Event(Event),
    /// A new step, or a new version of one.
    Step(Step),
    /// A new court case, or a new version of one (validated by [`CourtCase::validate`]).
    Court(CourtCase),
    /// A change to court case `0` (its newest version, updated).
    CourtUpdate(uuid::Uuid, CourtUpdate),
    /// A dated assessment.
    Assessment(Assessment),
    /// A consent, in force from now.
    Consent(Consent),
    /// A withdrawal the person told their caseworker.
    Withdrawal(Withdrawal),
    /// Closing, with the outcome and a note.
    Close(Outcome, String),
    /// Reopening.
    Reopen,
    /// Following it oneself, or leaving it to the team.
    Assign(bool),
}

impl FileChange {
    /// A short word for the audit log (never content).
    fn what(&self) -> &'static str {
        match self {
            FileChange::Detail(..) => "detail",
            FileChange::Profile(..) => "profile",
            FileChange::LegalBasis(_) => "legal_basis",
            FileChange::Event(_) => "event",
            FileChange::Step(_) => "step",
            FileChange::Court(_) | FileChange::CourtUpdate(..) => "court",
            FileChange::Assessment(_) => "assessment",
            FileChange::Consent(_) => "consent",
            FileChange::Withdrawal(_) => "withdrawal",
            FileChange::Close(..) => "closed",
            FileChange::Reopen => "reopened",
            FileChange::Assign(_) => "assignee",
        }
    }
}

/// JSON for a sealed record, in zeroized memory.
pub(super) fn sealed_json<T: serde::Serialize>(v: &T) -> Result<Zeroizing<Vec<u8>>> {
    Ok(Zeroizing::new(serde_json::to_vec(v).map_err(json_error)?))
}

/// An input error as the app's invalid answer (the form shows it with what to fix).
fn invalid(e: vigie_domain::casefile::CaseInputError) -> AppError {
    AppError::Invalid(e.to_string())
}

/// The clear `next_due_day`: the earliest of the undone steps' due days and, from `today` on, the
/// court cases' hearings and compensation deadlines (newest version of each step and case).
fn next_due_day(steps: Vec<Step>, cases: Vec<CourtCase>, today: NaiveDate) -> Option<String> {
    let step = vigie_domain::casefile::next_due(&vigie_domain::casefile::current_steps(steps));
    let court = vigie_domain::court::current_cases(cases)
        .iter()
        .filter_map(|c| c.next_day(today))
        .min();
    step.into_iter()
        .chain(court)
        .min()
        .map(vigie_domain::time::day_string)
}

/// The clear `hold_until_day`: the last day of the latest compensation deadline or hearing of the
/// court cases (newest version of each), which keeps an archived file until it has run.
fn hold_until_day(cases: &[CourtCase]) -> Option<String> {
    vigie_domain::court::hold_until(cases.iter().cloned()).map(vigie_domain::time::day_string)
}

impl App {
    /// The casework team a new file goes to: the help request's, or the one the caseworker named
    /// (or their only one), checked in the key directory.
    async fn team_for_file(
        &self,
        who: &Principal,
        input: &NewFileInput,
    ) -> Result<(TeamId, Option<ReportId>)> {
        let dir = self.directory().await?;
        let team = if let Some(request) = input.help_request {
            self.report_row(request, ReportKind::HelpRequest)
                .await?
                .team
        } else {
            let mine = dir.casework_teams_of(who);
            match input.team {
                Some(t) if mine.contains(&t) => t,
                Some(_) => return Err(AppError::Denied(vigie_domain::Denied::Audience)),
                None if mine.len() == 1 => mine[0],
                None => {
                    return Err(AppError::Invalid(
                        "choisissez l'équipe du dossier / choose the file's team".into(),
                    ));
                }
            }
        };
        if dir.team_kind(team) != TeamKind::Casework {
            return Err(AppError::Integrity(format!(
                "team {team} is not a casework team in the key directory"
            )));
        }
        Ok((team, input.help_request))
    }

    /// Opens a file for a person: its key wrapped for the team and the escrow, the name sealed
    /// in the team's index, in one transaction (retried when another caseworker wrote the index
    /// first).
    pub async fn create_file(
        &self,
        who: &Principal,
        secret: &SecretKey,
        input: NewFileInput,
    ) -> Result<FileId> {
        let name = required_text(&input.name, "nom", MAX_FIELD_CHARS)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let (team, help_request) = self.team_for_file(who, &input).await?;
        self.authorize(
            who,
            Action::ManageCase,
            &Resource::Routed {
                team: Some(team),
                assignee: None,
            },
        )
        .await?;
        let id = FileId::random();
        let day = today(self);
        let key = AudienceKey::random();
        for _ in 0..5 {
            let dir = self.directory().await?;
            let (team_generation, team_pk) = dir.team_key(team)?;
            let mut slots = vec![file_slot(
                id,
                (0, &key),
                (KeySlotRow::team_holder(team), team_generation),
                &team_pk,
            )?];
            if let Some(escrow) = &dir.escrow {
                slots.push(file_slot(id, (0, &key), (KeySlotRow::ESCROW, 0), escrow)?);
            }
            let mut opened = self.open_name_index(who.id, secret, team).await?;
            let mut groups = Vec::new();
            let household = self.choose_group(
                &mut opened,
                &input.household,
                "household",
                &day,
                &mut groups,
            )?;
            let affaire =
                self.choose_group(&mut opened, &input.affaire, "affaire", &day, &mut groups)?;
            opened.index.files.insert(id, name.clone());
            let index = opened.write(&dir)?;
            let record = FileRecord {
                id,
                number: 0,
                team,
                assignee: Some(who.id),
                role: input.role,
                status: FileStatus::Open,
                age_band: input.age_band,
                sex: input.sex,
                household,
                affaire,
                help_request,
                next_due_day: None,
                opened_day: day.clone(),
                last_contact_day: day.clone(),
                closed_day: None,
                outcome: None,
                consent_statistics: false,
                consent_sharing: false,
                legal_basis: input.legal_basis,
                hold_until_day: None,
                archived_day: None,
            };
            let parts = [seal_file_part(
                id,
                (0, &key),
                &format!("{}{}", kind::DETAIL, DetailField::Name.as_str()),
                name.as_bytes(),
                (Some(who.id), &day),
            )];
            let entry = self
                .entry(actor(who), AuditKind::FileCreated, &file_object(id), "")
                .await?;
            let new = NewFile {
                record: &record,
                slots: &slots,
                parts: &parts,
                groups: &groups,
                index: &index,
            };
            match self.store().insert_file(&new, &audited(&[entry])).await {
                Ok(_) => return Ok(id),
                Err(StoreError::Conflict("name index")) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Busy {
            retry_after_secs: 1,
        })
    }

    /// The group a new file joins: an existing one of the team, or a new one whose label goes in
    /// the index.
    fn choose_group(
        &self,
        opened: &mut OpenedIndex,
        choice: &GroupChoice,
        group_kind: &str,
        day: &str,
        new: &mut Vec<GroupRecord>,
    ) -> Result<Option<GroupId>> {
        match choice {
            GroupChoice::None => Ok(None),
            GroupChoice::Existing(g) if opened.index.groups.contains_key(g) => Ok(Some(*g)),
            GroupChoice::Existing(_) => Err(AppError::Invalid(
                "ce foyer ou cette affaire n'existe pas / no such household or affaire".into(),
            )),
            GroupChoice::New(label) => {
                let label = required_text(label, "libellé", MAX_FIELD_CHARS)
                    .map_err(|e| AppError::Invalid(e.to_string()))?;
                let id = GroupId::random();
                opened.index.groups.insert(id, label);
                new.push(GroupRecord {
                    id,
                    team: opened.team,
                    kind: group_kind.to_owned(),
                    opened_day: day.to_owned(),
                });
                Ok(Some(id))
            }
        }
    }

    /// The caseworker's casework teams (once the policy let them list files) and each one's
    /// name index, opened.
    pub(super) async fn casework_indexes(
        &self,
        who: &Principal,
        secret: &SecretKey,
    ) -> Result<(Vec<TeamId>, Vec<OpenedIndex>)> {
        self.authorize_instance(who, Action::ListCases).await?;
        let dir = self.directory().await?;
        let teams = dir.casework_teams_of(who);
        let mut indexes = Vec::with_capacity(teams.len());
        for team in &teams {
            indexes.push(self.open_name_index(who.id, secret, *team).await?);
        }
        Ok((teams, indexes))
    }

    /// The caseworker's files (their casework teams'), newest first, with names from each team's
    /// index; a name search decrypts the indexes only, never a file.
    pub async fn file_list(
        &self,
        who: &Principal,
        secret: &SecretKey,
        q: &FileQuery,
    ) -> Result<(Vec<FileRow>, i64)> {
        let (teams, indexes) = self.casework_indexes(who, secret).await?;
        let only = q.name.as_deref().filter(|n| !n.trim().is_empty()).map(|n| {
            let mut ids: Vec<FileId> = indexes.iter().flat_map(|o| o.index.search(n)).collect();
            ids.truncate(MAX_MATCHES);
            ids
        });
        let filter = FileFilter {
            teams,
            status: q.status,
            due_before: q.overdue.then(|| today(self)),
            only,
            limit: FILES_PER_PAGE,
            offset: (q.page.max(1) - 1).saturating_mul(FILES_PER_PAGE),
        };
        let (records, total) = self.store().files(&filter).await?;
        let rows = records
            .into_iter()
            .map(|record| {
                let index = indexes.iter().find(|o| o.team == record.team);
                FileRow {
                    name: index.map(|o| o.index.name(record.id)).unwrap_or_default(),
                    household: index.and_then(|o| o.index.label(record.household)),
                    record,
                }
            })
            .collect();
        Ok((rows, total))
    }

    /// The households and affaires of the caseworker's casework teams: id, kind, label (from each
    /// team's index), for the form that opens a file.
    pub async fn case_group_labels(
        &self,
        who: &Principal,
        secret: &SecretKey,
    ) -> Result<Vec<(GroupId, String, String)>> {
        self.authorize_instance(who, Action::ListCases).await?;
        let dir = self.directory().await?;
        let mut out = Vec::new();
        for team in dir.casework_teams_of(who) {
            let opened = self.open_name_index(who.id, secret, team).await?;
            for g in self.store().case_groups(team).await? {
                if let Some(label) = opened.index.label(Some(g.id)) {
                    out.push((g.id, g.kind, label));
                }
            }
        }
        Ok(out)
    }

    /// A file's clear row, once the policy let `who` do `action` on it (its team's caseworkers;
    /// an archived file only its team's custodian, to read it: [`App::read_archived_file`]).
    pub(crate) async fn file_for(
        &self,
        who: &Principal,
        id: FileId,
        action: Action,
    ) -> Result<FileRecord> {
        let record = self.store().file(id).await?.ok_or(AppError::NoFile)?;
        let resource = if record.status == FileStatus::Archived {
            Resource::ArchivedFile { team: record.team }
        } else {
            Resource::Routed {
                team: Some(record.team),
                assignee: record.assignee,
            }
        };
        self.authorize_on(who, action, &resource, &file_object(id))
            .await?;
        Ok(record)
    }

    /// Changes a file: a new sealed part, and the clear columns it moves (the next due day, the
    /// last contact, the consents jobs act on, status); a new name goes in the team's index too.
    pub async fn change_file(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: FileId,
        change: FileChange,
    ) -> Result<()> {
        for _ in 0..5 {
            let mut record = self.file_for(who, id, Action::ManageCase).await?;
            let keys = self.file_keys(who, secret, id).await?;
            let (generation, key) = keys.sealing()?;
            let day = today(self);
            let today_date = vigie_domain::time::paris_day(self.clock().now());
            let seal = |part_kind: &str, plain: &[u8]| {
                seal_file_part(
                    id,
                    (generation, key),
                    part_kind,
                    plain,
                    (Some(who.id), &day),
                )
            };
            let mut parts: Vec<PartRow> = Vec::new();
            let mut index = None;
            match &change {
                FileChange::Detail(field, value) => {
                    let part_kind = format!("{}{}", kind::DETAIL, field.as_str());
                    parts.push(seal(&part_kind, value.as_bytes()));
                    if *field == DetailField::Name {
                        let name = required_text(value, "nom", MAX_FIELD_CHARS)
                            .map_err(|e| AppError::Invalid(e.to_string()))?;
                        let mut opened = self.open_name_index(who.id, secret, record.team).await?;
                        opened.index.files.insert(id, name);
                        index = Some(opened.write(&self.directory().await?)?);
                    }
                }
                FileChange::Profile(role, age_band, sex) => {
                    record.role = *role;
                    record.age_band = *age_band;
                    record.sex = *sex;
                }
                FileChange::LegalBasis(basis) => record.legal_basis = *basis,
                FileChange::Event(event) => {
                    parts.push(seal(kind::EVENT, &sealed_json(event)?));
                    if event.kind.is_contact() {
                        let d = vigie_domain::time::day_string(event.day);
                        if d > record.last_contact_day && d <= day {
                            record.last_contact_day = d;
                        }
                    }
                }
                FileChange::Step(step) => {
                    parts.push(seal(kind::STEP, &sealed_json(step)?));
                    let (mut steps, cases) = self.file_schedule(id, &keys).await?;
                    steps.push(step.clone());
                    record.next_due_day = next_due_day(steps, cases, today_date);
                }
                FileChange::Court(case) => {
                    let case = case.clone().validate().map_err(invalid)?;
                    parts.push(seal(kind::COURT, &sealed_json(&case)?));
                    let (steps, mut cases) = self.file_schedule(id, &keys).await?;
                    cases.push(case);
                    record.hold_until_day = hold_until_day(&cases);
                    record.next_due_day = next_due_day(steps, cases, today_date);
                }
                FileChange::CourtUpdate(case_id, update) => {
                    let (steps, mut cases) = self.file_schedule(id, &keys).await?;
                    let case = vigie_domain::court::current_cases(cases.clone())
                        .into_iter()
                        .find(|c| c.id == *case_id)
                        .ok_or_else(|| {
                            AppError::Invalid(
                                "ce dossier judiciaire n'existe pas / no such court case".into(),
                            )
                        })?
                        .updated(update.clone())
                        .map_err(invalid)?;
                    parts.push(seal(kind::COURT, &sealed_json(&case)?));
                    cases.push(case);
                    record.hold_until_day = hold_until_day(&cases);
                    record.next_due_day = next_due_day(steps, cases, today_date);
                }
                FileChange::Assessment(a) => parts.push(seal(kind::ASSESSMENT, &sealed_json(a)?)),
                FileChange::Consent(c) => {
                    parts.push(seal(kind::CONSENT, &sealed_json(c)?));
                    record.consent_statistics = c.statistics;
                    record.consent_sharing = c.allows_sharing();
                }
                FileChange::Withdrawal(w) => {
                    parts.push(seal(kind::WITHDRAWAL, &sealed_json(w)?));
                    record.consent_statistics &= !w.statistics;
                    record.consent_sharing &= !w.sharing;
                }
                FileChange::Close(outcome, note) => {
                    parts.push(seal(kind::CLOSING, note.as_bytes()));
                    record.status = FileStatus::Closed;
                    record.outcome = Some(*outcome);
                    record.closed_day = Some(day.clone());
                }
                FileChange::Reopen => {
                    record.status = FileStatus::Open;
                    record.outcome = None;
                    record.closed_day = None;
                }
                FileChange::Assign(me) => record.assignee = me.then_some(who.id),
            }
            let entry = self
                .entry(
                    actor(who),
                    AuditKind::FileUpdated,
                    &file_object(id),
                    change.what(),
                )
                .await?;
            match self
                .store()
                .update_file(&record, &parts, index.as_ref(), &audited(&[entry]))
                .await
            {
                Ok(()) => return Ok(()),
                Err(StoreError::Conflict("name index")) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Busy {
            retry_after_secs: 1,
        })
    }
}
