//! Support groups a casework team runs (ateliers de parole, groupes de soutien): what identifies a
//! group or a session sealed in the team's name index, participants by file with their consent, the
//! waiting list, attendance, anonymous slips, and the sealed "not in the same group as" flag.
//!
//! Every action asks the policy twice: `RunSupportGroups` (a caseworker), then `ManageCase` on the
//! group's team (its caseworkers only), each refusal audited.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigie_domain::support::{GroupLabels, SlipCounts, SupportKind};
use vigie_domain::{Action, AuditKind, FileId, Principal, Resource, SessionId, SupportGroupId};
use vigie_store::{StoreError, SupportGroupRecord, SupportMember, SupportSession};
use vigie_vault::SecretKey;

use super::files::sealed_json;
use super::index::SessionLabels;
use super::{file_object, kind, seal_file_part};
use crate::audit::audited;
use crate::reports::follow::corrupt;
use crate::reports::handle::actor;
use crate::reports::submit::today;
use crate::{App, AppError, Result};

/// What a caseworker gives to make a group.
#[derive(Clone, Debug)]
pub struct NewSupportGroup {
    /// Sealed labels.
    pub labels: GroupLabels,
    /// Its kind.
    pub kind: SupportKind,
    /// How many take part.
    pub capacity: i64,
}

/// A line of the groups list.
#[derive(Clone, Debug)]
pub struct SupportGroupLine {
    /// The clear row.
    pub record: SupportGroupRecord,
    /// Its name (from the team's index).
    pub name: String,
    /// Participants, waiting, sessions.
    pub counts: (i64, i64, i64),
}

/// A session with its sealed place and facilitators.
#[derive(Clone, Debug)]
pub struct SessionView {
    /// Day, attendance, slips.
    pub session: SupportSession,
    /// Place and facilitators.
    pub labels: SessionLabels,
}

/// A group as its team's caseworkers see it: participants by file number, never by name.
#[derive(Clone, Debug)]
pub struct SupportGroupView {
    /// The clear row.
    pub record: SupportGroupRecord,
    /// Name, theme, place, facilitators.
    pub labels: GroupLabels,
    /// Participants first, then the waiting list.
    pub members: Vec<SupportMember>,
    /// Sessions by day.
    pub sessions: Vec<SessionView>,
}

/// A change to a group.
#[derive(Clone, Debug)]
pub enum SupportChange {
    /// A session on a day, with its place and facilitators (empty: the group's).
    Session(NaiveDate, SessionLabels),
    /// The file of this number joins; `true` when the person consented (required).
    Join(i64, bool),
    /// A file leaves (the first waiting takes its place).
    Leave(FileId),
    /// Who came to a session.
    Attendance(SessionId, Vec<FileId>),
    /// A bundle of anonymous slips for a session.
    Slips(SessionId, SlipCounts),
    /// Open (true) or close.
    Open(bool),
}

impl SupportChange {
    fn what(&self) -> &'static str {
        match self {
            SupportChange::Session(..) => "session",
            SupportChange::Join(..) => "member_added",
            SupportChange::Leave(_) => "member_removed",
            SupportChange::Attendance(..) => "attendance",
            SupportChange::Slips(..) => "slips",
            SupportChange::Open(true) => "opened",
            SupportChange::Open(false) => "closed",
        }
    }
}

/// What a join did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joined {
    /// Takes part.
    Participant,
    /// The group is full: on the waiting list.
    Waiting,
}

/// The sealed "not in the same group as" flag a file carries.
#[derive(Serialize, Deserialize)]
struct NotWith {
    other: FileId,
}

/// What an audit entry about a group names.
fn group_object(id: SupportGroupId) -> String {
    format!("support_group:{id}")
}

impl App {
    /// The groups of the caseworker's teams, newest first, with names from each team's index.
    pub async fn support_group_list(
        &self,
        who: &Principal,
        secret: &SecretKey,
    ) -> Result<Vec<SupportGroupLine>> {
        self.authorize_instance(who, Action::RunSupportGroups)
            .await?;
        let mut out = Vec::new();
        for opened in self.casework_indexes(who, secret).await?.1 {
            for g in self.store().support_groups(opened.team).await? {
                out.push(SupportGroupLine {
                    name: opened
                        .index
                        .support
                        .get(&g.record.id)
                        .map(|l| l.name.clone())
                        .unwrap_or_default(),
                    counts: (g.participants, g.waiting, g.sessions),
                    record: g.record,
                });
            }
        }
        Ok(out)
    }

    /// Makes a group in the caseworker's casework team (their only one), its labels sealed in the
    /// team's index.
    pub async fn create_support_group(
        &self,
        who: &Principal,
        secret: &SecretKey,
        input: NewSupportGroup,
    ) -> Result<SupportGroupId> {
        self.authorize_instance(who, Action::RunSupportGroups)
            .await?;
        let team = match self.casework_indexes(who, secret).await?.0.as_slice() {
            [t] => *t,
            _ => {
                return Err(AppError::Invalid(
                    "il faut appartenir à une seule équipe d'accompagnement / you must be in exactly one casework team".into(),
                ));
            }
        };
        let record = SupportGroupRecord {
            id: SupportGroupId::random(),
            team,
            kind: input.kind,
            capacity: input.capacity,
            open: true,
            opened_day: today(self),
        };
        let entry = self
            .entry(
                actor(who),
                AuditKind::SupportGroupChanged,
                &group_object(record.id),
                "created",
            )
            .await?;
        for _ in 0..5 {
            let mut opened = self.open_name_index(who.id, secret, team).await?;
            opened.index.support.insert(record.id, input.labels.clone());
            let index = opened.write(&self.directory().await?)?;
            match self
                .store()
                .insert_support_group(&record, &index, &audited(std::slice::from_ref(&entry)))
                .await
            {
                Ok(()) => return Ok(record.id),
                Err(StoreError::Conflict("name index")) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Busy {
            retry_after_secs: 1,
        })
    }

    /// A group's clear row, once the policy let `who` run groups and act on its team's files.
    async fn support_group_for(
        &self,
        who: &Principal,
        id: SupportGroupId,
    ) -> Result<SupportGroupRecord> {
        self.authorize_instance(who, Action::RunSupportGroups)
            .await?;
        let record = self
            .store()
            .support_group(id)
            .await?
            .ok_or(AppError::NoFile)?;
        let routed = Resource::Routed {
            team: Some(record.team),
            assignee: None,
        };
        self.authorize_on(who, Action::ManageCase, &routed, &group_object(id))
            .await?;
        Ok(record)
    }

    /// A group's page: labels from the index, members by file number, sessions.
    pub async fn support_group(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: SupportGroupId,
    ) -> Result<SupportGroupView> {
        let record = self.support_group_for(who, id).await?;
        let opened = self.open_name_index(who.id, secret, record.team).await?;
        let sessions = self
            .store()
            .support_sessions(id)
            .await?
            .into_iter()
            .map(|session| SessionView {
                labels: opened
                    .index
                    .sessions
                    .get(&session.id)
                    .cloned()
                    .unwrap_or_default(),
                session,
            })
            .collect();
        Ok(SupportGroupView {
            labels: opened.index.support.get(&id).cloned().unwrap_or_default(),
            members: self.store().support_members(id).await?,
            sessions,
            record,
        })
    }

    /// Changes a group. Returns how a join ended (participant or waiting), if it was one.
    pub async fn change_support_group(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: SupportGroupId,
        change: SupportChange,
    ) -> Result<Option<Joined>> {
        let record = self.support_group_for(who, id).await?;
        let entry = |detail: String| async move {
            self.entry(
                actor(who),
                AuditKind::SupportGroupChanged,
                &group_object(id),
                &detail,
            )
            .await
        };
        let closed = || AppError::Invalid("ce groupe est fermé / this group is closed".into());
        match change {
            SupportChange::Session(day, labels) => {
                if !record.open {
                    return Err(closed());
                }
                let session = SessionId::random();
                let day = vigie_domain::time::day_string(day);
                let e = entry("session".into()).await?;
                for _ in 0..5 {
                    let mut opened = self.open_name_index(who.id, secret, record.team).await?;
                    opened.index.sessions.insert(session, labels.clone());
                    let index = opened.write(&self.directory().await?)?;
                    match self
                        .store()
                        .insert_support_session(
                            (id, session, &day),
                            &index,
                            &audited(std::slice::from_ref(&e)),
                        )
                        .await
                    {
                        Ok(()) => return Ok(None),
                        Err(StoreError::Conflict("name index")) => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
                Err(AppError::Busy {
                    retry_after_secs: 1,
                })
            }
            SupportChange::Join(number, consent) => {
                if !consent {
                    return Err(AppError::Invalid(
                        "la personne doit avoir consenti à rejoindre le groupe / the person must have consented to join".into(),
                    ));
                }
                let file = self
                    .store()
                    .file_by_number(record.team, number)
                    .await?
                    .ok_or_else(|| {
                        AppError::Invalid(
                            "aucun dossier de l'équipe n'a ce numéro / no file of the team has this number".into(),
                        )
                    })?;
                self.file_for(who, file, Action::ManageCase).await?;
                let members = self.store().support_members(id).await?;
                let apart = self.kept_apart(who, secret, file).await?;
                if let Some(m) = members.iter().find(|m| apart.contains(&m.file)) {
                    return Err(AppError::Invalid(format!(
                        "le dossier n° {number} ne doit pas être dans le même groupe que le dossier n° {} / file {number} must not be in the same group as file {}",
                        m.number, m.number
                    )));
                }
                let e = entry(format!("member_added {}", file_object(file))).await?;
                match self
                    .store()
                    .join_support_group((id, file, &today(self)), &audited(&[e]))
                    .await
                {
                    Ok(true) => Ok(Some(Joined::Waiting)),
                    Ok(false) => Ok(Some(Joined::Participant)),
                    Err(StoreError::Conflict("support group closed")) => Err(closed()),
                    Err(StoreError::Conflict("support member")) => Err(AppError::Invalid(
                        "ce dossier est déjà inscrit / this file is already listed".into(),
                    )),
                    Err(e) => Err(e.into()),
                }
            }
            SupportChange::Leave(file) => {
                let e = entry(format!("member_removed {}", file_object(file))).await?;
                self.store()
                    .leave_support_group(id, file, &audited(&[e]))
                    .await?;
                Ok(None)
            }
            SupportChange::Attendance(session, present) => {
                self.session_of(id, session).await?;
                let members = self.store().support_members(id).await?;
                if present
                    .iter()
                    .any(|f| !members.iter().any(|m| m.file == *f && !m.waiting))
                {
                    return Err(AppError::Invalid(
                        "seuls les participants peuvent être présents / only participants can attend".into(),
                    ));
                }
                let e = entry("attendance".into()).await?;
                self.store()
                    .set_attendance(session, &present, &audited(&[e]))
                    .await?;
                Ok(None)
            }
            SupportChange::Slips(session, counts) => {
                self.session_of(id, session).await?;
                if counts.total() == 0 {
                    return Err(AppError::Invalid(
                        "aucune réponse saisie / no answer entered".into(),
                    ));
                }
                let e = entry("slips".into()).await?;
                self.store()
                    .add_slips(session, counts, &audited(&[e]))
                    .await?;
                Ok(None)
            }
            SupportChange::Open(open) => {
                let e = entry(SupportChange::Open(open).what().into()).await?;
                self.store()
                    .set_support_group_open(id, open, &audited(&[e]))
                    .await?;
                Ok(None)
            }
        }
    }

    /// Checks that `session` is one of `group`'s.
    async fn session_of(&self, group: SupportGroupId, session: SessionId) -> Result<()> {
        if self
            .store()
            .support_sessions(group)
            .await?
            .iter()
            .any(|s| s.id == session)
        {
            Ok(())
        } else {
            Err(AppError::Invalid(
                "séance inconnue / unknown session".into(),
            ))
        }
    }

    /// The files `file` must not share a group with, from its sealed flags (each flag is sealed in
    /// both files, so one file's parts say it all).
    async fn kept_apart(
        &self,
        who: &Principal,
        secret: &SecretKey,
        file: FileId,
    ) -> Result<Vec<FileId>> {
        let keys = self.file_keys(who, secret, file).await?;
        let mut out = Vec::new();
        for (part, plain) in self.opened_parts(file, &keys).await? {
            if part.kind == kind::NOT_WITH {
                let flag: NotWith = serde_json::from_slice(&plain).map_err(corrupt)?;
                out.push(flag.other);
            }
        }
        Ok(out)
    }

    /// Flags two files of the caseworker's teams (by number) as never to be in the same group: a
    /// sealed part in each, in one transaction, audited on both.
    pub async fn keep_apart(
        &self,
        who: &Principal,
        secret: &SecretKey,
        (a, b): (i64, i64),
    ) -> Result<()> {
        self.authorize_instance(who, Action::RunSupportGroups)
            .await?;
        if a == b {
            return Err(AppError::Invalid(
                "deux dossiers différents / two different files".into(),
            ));
        }
        let teams = self.casework_indexes(who, secret).await?.0;
        let mut files = Vec::new();
        for number in [a, b] {
            let mut found = None;
            for team in teams.iter().copied() {
                found = found.or(self.store().file_by_number(team, number).await?);
            }
            let file = found.ok_or_else(|| {
                AppError::Invalid(format!("aucun dossier n° {number} / no file {number}"))
            })?;
            self.file_for(who, file, Action::ManageCase).await?;
            files.push(file);
        }
        let day = today(self);
        let mut parts = Vec::new();
        let mut entries = Vec::new();
        for (file, other) in [(files[0], files[1]), (files[1], files[0])] {
            let keys = self.file_keys(who, secret, file).await?;
            let (generation, key) = keys.sealing()?;
            let plain = sealed_json(&NotWith { other })?;
            parts.push((
                file,
                seal_file_part(
                    file,
                    (generation, key),
                    kind::NOT_WITH,
                    &plain,
                    (Some(who.id), &day),
                ),
            ));
            entries.push(
                self.entry(
                    actor(who),
                    AuditKind::FileUpdated,
                    &file_object(file),
                    kind::NOT_WITH,
                )
                .await?,
            );
        }
        self.store()
            .append_case_parts(&parts, &audited(&entries))
            .await?;
        Ok(())
    }
}
