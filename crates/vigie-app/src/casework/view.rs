//! A file as a caseworker reads it: every sealed part opened (one audited decryption), each field's
//! newest value, the timeline, current steps, assessments, consents, and the household's others.

use std::collections::BTreeMap;

use vigie_domain::casefile::{
    ArchiveRead, Assessment, Consent, DetailField, Event, Step, Withdrawal, current_steps,
};
use vigie_domain::court::{CourtCase, current_cases};
use vigie_domain::{Action, AuditKind, FileId, Principal, UserId};
use vigie_store::{FileRecord, PartRow};
use vigie_vault::SecretKey;

use super::index::FileRow;
use super::{file_object, file_slot_aad, kind, open_file_part};
use crate::reports::AudienceKeys;
use crate::reports::follow::corrupt;
use crate::reports::handle::actor;
use crate::{App, Result};

/// One entry of the timeline, with who wrote it.
#[derive(Clone, Debug)]
pub struct TimelineEntry {
    /// The entry.
    pub event: Event,
    /// Its author.
    pub author: Option<UserId>,
}

/// The other files of the person's household or affaire.
#[derive(Clone, Debug)]
pub struct GroupView {
    /// Its label.
    pub label: String,
    /// The other files, with their names.
    pub others: Vec<FileRow>,
}

/// A file opened by a caseworker of its team.
#[derive(Clone, Debug)]
pub struct FileView {
    /// The clear row.
    pub record: FileRecord,
    /// Each detail field's newest value.
    pub details: BTreeMap<DetailField, String>,
    /// The timeline, in the order written.
    pub timeline: Vec<TimelineEntry>,
    /// The steps, newest version of each, undone first by due day.
    pub steps: Vec<Step>,
    /// The court cases, newest version of each, in the order first recorded.
    pub court_cases: Vec<CourtCase>,
    /// Assessments, newest first.
    pub assessments: Vec<Assessment>,
    /// Consents given, newest first (the first is in force).
    pub consents: Vec<Consent>,
    /// Withdrawals, newest first.
    pub withdrawals: Vec<Withdrawal>,
    /// The note written at closing, if closed.
    pub closing_note: Option<String>,
    /// The custodian's readings of the archived file, with their reasons, newest first.
    pub archive_reads: Vec<ArchiveRead>,
    /// The household.
    pub household: Option<GroupView>,
    /// The affaire.
    pub affaire: Option<GroupView>,
}

impl FileView {
    /// The person's name.
    pub fn name(&self) -> &str {
        self.details
            .get(&DetailField::Name)
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// A page of the files list.
#[derive(Clone, Debug)]
pub struct FileListPage {
    /// The rows.
    pub rows: Vec<FileRow>,
    /// How many match in all.
    pub total: i64,
}

pub(super) fn json<T: serde::de::DeserializeOwned>(plain: &[u8]) -> Result<T> {
    serde_json::from_slice(plain).map_err(corrupt)
}

impl App {
    /// Every generation of `file`'s key that `who` holds (through their team).
    pub(crate) async fn file_keys(
        &self,
        who: &Principal,
        secret: &SecretKey,
        file: FileId,
    ) -> Result<AudienceKeys> {
        let slots = self.store().case_slots(file).await?;
        self.open_staff_slots(who.id, secret, &slots, |g| file_slot_aad(file, g))
            .await
    }

    /// The file's parts, each opened.
    pub(super) async fn opened_parts(
        &self,
        file: FileId,
        keys: &AudienceKeys,
    ) -> Result<Vec<(PartRow, zeroize::Zeroizing<Vec<u8>>)>> {
        let mut out = Vec::new();
        for part in self.store().case_parts(file).await? {
            let plain = open_file_part(file, keys.at(part.key_generation)?, &part)?;
            out.push((part, plain));
        }
        Ok(out)
    }

    /// Every version of every step and court case of a file.
    pub(crate) async fn file_schedule(
        &self,
        file: FileId,
        keys: &AudienceKeys,
    ) -> Result<(Vec<Step>, Vec<CourtCase>)> {
        let (mut steps, mut cases) = (Vec::new(), Vec::new());
        for (part, plain) in self.opened_parts(file, keys).await? {
            match part.kind.as_str() {
                kind::STEP => steps.push(json(&plain)?),
                kind::COURT => cases.push(json(&plain)?),
                _ => {}
            }
        }
        Ok((steps, cases))
    }

    /// Opens a file for a caseworker of its team. Audited as a decryption.
    pub async fn open_case_file(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: FileId,
    ) -> Result<FileView> {
        let record = self.file_for(who, id, Action::ReadCase).await?;
        let keys = self.file_keys(who, secret, id).await?;
        self.append_audit(actor(who), AuditKind::Decrypted, &file_object(id), "file")
            .await?;
        self.file_view(who, secret, record, &keys).await
    }

    /// Every sealed part of a file opened with `keys`, once `who` was allowed to and the reading
    /// audited.
    pub(super) async fn file_view(
        &self,
        who: &Principal,
        secret: &SecretKey,
        record: FileRecord,
        keys: &AudienceKeys,
    ) -> Result<FileView> {
        let id = record.id;
        let mut view = FileView {
            record,
            details: BTreeMap::new(),
            timeline: Vec::new(),
            steps: Vec::new(),
            court_cases: Vec::new(),
            assessments: Vec::new(),
            consents: Vec::new(),
            withdrawals: Vec::new(),
            closing_note: None,
            archive_reads: Vec::new(),
            household: None,
            affaire: None,
        };
        let (mut steps, mut cases) = (Vec::new(), Vec::new());
        for (part, plain) in self.opened_parts(id, keys).await? {
            match part.kind.as_str() {
                kind::ARCHIVE_READ => view.archive_reads.insert(0, json(&plain)?),
                kind::EVENT => view.timeline.push(TimelineEntry {
                    event: json(&plain)?,
                    author: part.author,
                }),
                kind::STEP => steps.push(json(&plain)?),
                kind::COURT => cases.push(json(&plain)?),
                kind::ASSESSMENT => view.assessments.insert(0, json(&plain)?),
                kind::CONSENT => view.consents.insert(0, json(&plain)?),
                kind::WITHDRAWAL => view.withdrawals.insert(0, json(&plain)?),
                kind::CLOSING => view.closing_note = Some(text(&plain)?),
                other => {
                    let field = other
                        .strip_prefix(kind::DETAIL)
                        .and_then(|f| f.parse::<DetailField>().ok());
                    if let Some(field) = field {
                        view.details.insert(field, text(&plain)?);
                    }
                }
            }
        }
        view.steps = current_steps(steps);
        view.court_cases = current_cases(cases);
        let opened = self
            .open_name_index(who.id, secret, view.record.team)
            .await?;
        for (slot, group) in [
            (&mut view.household, view.record.household),
            (&mut view.affaire, view.record.affaire),
        ] {
            let Some(group) = group else { continue };
            let others = self
                .store()
                .files_in_group(group)
                .await?
                .into_iter()
                .filter(|f| f.id != id && f.team == view.record.team)
                .map(|record| FileRow {
                    name: opened.index.name(record.id),
                    household: None,
                    record,
                })
                .collect();
            *slot = Some(GroupView {
                label: opened.index.label(Some(group)).unwrap_or_default(),
                others,
            });
        }
        Ok(view)
    }
}

fn text(plain: &[u8]) -> Result<String> {
    String::from_utf8(plain.to_vec()).map_err(|e| corrupt(e.to_string()))
}
