//! A casework team's name index: the names of its files, the labels of its households and
//! affaires, and what identifies its support groups and their sessions, sealed under a random key
//! wrapped for the team's current key generation.
//!
//! When the team's key has rotated since the index was written (a member left), the next write
//! draws a new index key for the new generation, so the departed member reads nothing new.
//!
//! The retention job erases files without being able to open the index (it holds no team key): it
//! marks the index instead, and the next request of a team member that opens it drops the names of
//! files (and labels of households and affaires) that no longer exist, and seals it again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use vigie_domain::casefile::{fold_name, name_matches};
use vigie_domain::support::GroupLabels;
use vigie_domain::{FileId, GroupId, SessionId, SupportGroupId, TeamId, UserId};
use vigie_store::{FileRecord, IndexWrite, NameIndexRow};
use vigie_vault::{AudienceKey, SecretKey};

use crate::directory::Directory;
use crate::reports::follow::corrupt;
use crate::reports::submit::json_error;
use crate::{App, AppError, Result};

/// The index's plaintext.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct NameIndex {
    /// Each file's name.
    pub files: BTreeMap<FileId, String>,
    /// Each household's or affaire's label.
    pub groups: BTreeMap<GroupId, String>,
    /// Each support group's name, theme, place and facilitators (absent from older indexes).
    #[serde(default)]
    pub support: BTreeMap<SupportGroupId, GroupLabels>,
    /// Each support session's place and facilitators.
    #[serde(default)]
    pub sessions: BTreeMap<SessionId, SessionLabels>,
}

/// Where a support session meets and who leads it, sealed in the index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLabels {
    /// The place (empty: the group's).
    pub place: String,
    /// The facilitators (none: the group's).
    pub facilitators: Vec<String>,
}

impl NameIndex {
    /// The files whose name matches `query` (every word of it starts a word of the name).
    pub(crate) fn search(&self, query: &str) -> Vec<FileId> {
        let q = fold_name(query);
        self.files
            .iter()
            .filter(|(_, name)| name_matches(&fold_name(name), &q))
            .map(|(id, _)| *id)
            .collect()
    }

    /// A file's name (empty when the index lacks it: a file stored by a writer that lost a race).
    pub(crate) fn name(&self, id: FileId) -> String {
        self.files.get(&id).cloned().unwrap_or_default()
    }

    /// A group's label.
    pub(crate) fn label(&self, id: Option<GroupId>) -> Option<String> {
        id.and_then(|g| self.groups.get(&g).cloned())
    }
}

/// A team's index as opened: its contents, the version read, and the key it was sealed with.
pub(crate) struct OpenedIndex {
    pub team: TeamId,
    pub index: NameIndex,
    read_version: Option<i64>,
    key: Option<(i64, AudienceKey)>,
}

/// A row of a list: the file's clear row and its name, from the index.
#[derive(Clone, Debug)]
pub struct FileRow {
    /// The clear row.
    pub record: FileRecord,
    /// The person's name.
    pub name: String,
    /// The household's label, if any.
    pub household: Option<String>,
}

fn wrap_aad(team: TeamId, team_generation: i64) -> Vec<u8> {
    crate::aad::slot(b"vigie/case-index-key/", team.0.as_bytes(), team_generation)
}

fn seal_aad(team: TeamId) -> Vec<u8> {
    [b"vigie/case-index/".as_slice(), team.0.as_bytes()].concat()
}

impl App {
    /// Opens `team`'s index with the seat `user` holds (an empty index when the team has none).
    pub(crate) async fn open_name_index(
        &self,
        user: UserId,
        secret: &SecretKey,
        team: TeamId,
    ) -> Result<OpenedIndex> {
        let Some(row) = self.store().name_index(team).await? else {
            return Ok(OpenedIndex {
                team,
                index: NameIndex::default(),
                read_version: None,
                key: None,
            });
        };
        let secrets = self.team_secrets(user, secret, &[team]).await?;
        let team_secret = secrets
            .get(&(team, row.team_generation))
            .ok_or(AppError::Denied(vigie_domain::Denied::Audience))?;
        let key = vigie_vault::unwrap_audience_key(
            team_secret,
            &row.wrapped,
            &wrap_aad(team, row.team_generation),
        )?;
        let plain =
            vigie_vault::open(&key.part_key(team.0, "index"), &seal_aad(team), &row.sealed)?;
        let index = serde_json::from_slice(&plain).map_err(corrupt)?;
        let mut opened = OpenedIndex {
            team,
            index,
            read_version: Some(row.version),
            key: Some((row.team_generation, key)),
        };
        if row.prune {
            self.prune_name_index(&mut opened).await?;
        }
        Ok(opened)
    }

    /// Drops from an opened index what names an erased file (or a household or affaire gone with
    /// it), and stores it sealed again. When another writer went first, the copy in hand stays
    /// pruned and its next write retries on the fresh one (which that writer pruned).
    async fn prune_name_index(&self, opened: &mut OpenedIndex) -> Result<()> {
        let live: std::collections::HashSet<uuid::Uuid> = self
            .store()
            .team_file_ids(opened.team)
            .await?
            .into_iter()
            .collect();
        opened.index.files.retain(|id, _| live.contains(&id.0));
        opened.index.groups.retain(|id, _| live.contains(&id.0));
        let write = opened.write(&self.directory().await?)?;
        match self.store().write_name_index(&write).await {
            Ok(()) => {
                opened.read_version = opened.read_version.map(|v| v + 1);
                Ok(())
            }
            Err(vigie_store::StoreError::Conflict("name index")) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

impl OpenedIndex {
    /// The index as it now stands, sealed for the team's current key generation (a new key when
    /// the generation moved on).
    pub(crate) fn write(&self, dir: &Directory) -> Result<IndexWrite> {
        let (generation, team_pk) = dir.team_key(self.team)?;
        let fresh;
        let key = match &self.key {
            Some((g, k)) if *g == generation => k,
            _ => {
                fresh = AudienceKey::random();
                &fresh
            }
        };
        let plain = zeroize::Zeroizing::new(serde_json::to_vec(&self.index).map_err(json_error)?);
        Ok(IndexWrite {
            team: self.team,
            read_version: self.read_version,
            row: NameIndexRow {
                version: 0,
                team_generation: generation,
                wrapped: vigie_vault::wrap_audience_key_for(
                    &team_pk,
                    key,
                    &wrap_aad(self.team, generation),
                )?,
                sealed: vigie_vault::seal(
                    &key.part_key(self.team.0, "index"),
                    &seal_aad(self.team),
                    &plain,
                ),
                prune: false,
            },
        })
    }
}
