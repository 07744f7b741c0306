//! Teams: creating them, adding and removing members.

use vigie_domain::{AuditActor, AuditKind, TeamId, UserId};
use vigie_store::{NewTeam, TeamSlot};
use vigie_vault::{DirectoryEntry, SecretKey};

use crate::accounts::{rotation, team_slot_aad};
use crate::{App, AppError, Result};

/// A team as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamSummary {
    /// Id.
    pub id: TeamId,
    /// Name.
    pub name: String,
    /// Current key generation.
    pub generation: i64,
    /// Members' user names.
    pub members: Vec<String>,
}

impl App {
    /// Creates a team whose first generation is wrapped for the given members (and escrow).
    pub async fn create_team(
        &self,
        actor: AuditActor,
        name: &str,
        members: &[String],
    ) -> Result<TeamId> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::Invalid(
                "a team name has 1 to 80 characters".into(),
            ));
        }
        let dir = self.directory().await?;
        let mut users = Vec::with_capacity(members.len());
        for m in members {
            let u = self.user_named(m).await?;
            if u.disabled {
                return Err(AppError::Invalid(format!("`{}` is disabled", u.username)));
            }
            if !users.iter().any(|(id, _)| *id == u.id) {
                users.push((u.id, u.public_key));
            }
        }
        let id = TeamId::random();
        let mac_key = self.directory_key();
        let first = rotation(&dir, &mac_key, id, 1, &users);
        let team = NewTeam {
            id,
            name: name.to_owned(),
            public_key: first.public_key,
            key_mac: first.directory_mac,
            members: users
                .iter()
                .map(|(user, _)| {
                    let entry = DirectoryEntry::Member {
                        team: id,
                        user: *user,
                    };
                    (*user, mac_key.mac(&entry).to_vec())
                })
                .collect(),
            slots: first.slots,
            created_at: self.clock().unix(),
        };
        match self.store().create_team(&team).await {
            Err(vigie_store::StoreError::Conflict(_)) => {
                return Err(AppError::Exists(name.to_owned()));
            }
            other => other?,
        }
        self.seal_directory_change(actor.clone()).await?;
        self.record(
            actor.clone(),
            AuditKind::TeamCreated,
            &format!("team:{id}"),
            name,
        )
        .await?;
        for (user, _) in &users {
            self.record(
                actor.clone(),
                AuditKind::TeamMemberAdded,
                &format!("team:{id}"),
                &format!("user:{user}"),
            )
            .await?;
        }
        Ok(id)
    }

    /// Every team with its members.
    pub async fn list_teams(&self) -> Result<Vec<TeamSummary>> {
        let users = self.store().list_users().await?;
        let mut out = Vec::new();
        for t in self.store().list_teams().await? {
            let ids = self.store().team_members(t.id).await?;
            let members = users
                .iter()
                .filter(|u| ids.contains(&u.id))
                .map(|u| u.username.clone())
                .collect();
            out.push(TeamSummary {
                id: t.id,
                name: t.name,
                generation: t.generation,
                members,
            });
        }
        Ok(out)
    }

    /// The secret keys of every generation of `team` that `holder` can open, oldest first.
    pub fn open_team_slots(
        &self,
        team: TeamId,
        holder_secret: &SecretKey,
        slots: &[(i64, Vec<u8>)],
    ) -> Result<Vec<(i64, SecretKey)>> {
        let aad = team_slot_aad(team);
        slots
            .iter()
            .map(|(generation, wrapped)| {
                Ok((
                    *generation,
                    vigie_vault::slot::unwrap_secret_key(holder_secret, wrapped, &aad)?,
                ))
            })
            .collect()
    }

    /// Adds `user` to `team`: `by` (a current member, with their unlocked secret key) re-wraps every
    /// generation of the team key for the newcomer.
    pub async fn add_team_member(
        &self,
        by: UserId,
        by_secret: &SecretKey,
        team_name: &str,
        user_name: &str,
    ) -> Result<()> {
        let team = self
            .store()
            .team_by_name(team_name)
            .await?
            .ok_or_else(|| AppError::UnknownTeam(team_name.to_owned()))?;
        let user = self.user_named(user_name).await?;
        if user.disabled {
            return Err(AppError::Invalid(format!(
                "`{}` is disabled",
                user.username
            )));
        }
        let slots = self
            .store()
            .team_slots(team.id, &TeamSlot::user_holder(by))
            .await?;
        if slots.is_empty() {
            return Err(AppError::Invalid(
                "only a member of the team can add members (or the escrow key)".into(),
            ));
        }
        let keys = self.open_team_slots(team.id, by_secret, &slots)?;
        let recipient = self.directory().await?.active_key(user.id)?;
        let aad = team_slot_aad(team.id);
        let wrapped: Vec<(i64, Vec<u8>)> = keys
            .iter()
            .map(|(generation, key)| {
                Ok((
                    *generation,
                    vigie_vault::slot::wrap_secret_key_for(&recipient, key, &aad)?,
                ))
            })
            .collect::<Result<_>>()?;
        match self
            .store()
            .add_team_member(
                team.id,
                user.id,
                &wrapped,
                &self.directory_mac(&DirectoryEntry::Member {
                    team: team.id,
                    user: user.id,
                }),
            )
            .await
        {
            Err(vigie_store::StoreError::Conflict(_)) => {
                return Err(AppError::Exists(format!(
                    "{} in {}",
                    user.username, team.name
                )));
            }
            other => other?,
        }
        self.seal_directory_change(AuditActor::Staff(by)).await?;
        self.record(
            AuditActor::Staff(by),
            AuditKind::TeamMemberAdded,
            &format!("team:{}", team.id),
            &format!("user:{}", user.id),
        )
        .await?;
        Ok(())
    }

    /// Removes a member and rotates the team key.
    pub async fn remove_team_member(
        &self,
        actor: AuditActor,
        team_name: &str,
        user_name: &str,
    ) -> Result<()> {
        let team = self
            .store()
            .team_by_name(team_name)
            .await?
            .ok_or_else(|| AppError::UnknownTeam(team_name.to_owned()))?;
        let user = self.user_named(user_name).await?;
        let dir = self.directory().await?;
        let mac_key = self.directory_key();
        self.store()
            .remove_team_member(
                team.id,
                user.id,
                &mut |t, generation, members| rotation(&dir, &mac_key, t, generation, members),
                self.clock().unix(),
            )
            .await
            .map_err(|e| match e {
                vigie_store::StoreError::NotFound(_) => {
                    AppError::Invalid(format!("`{}` is not in `{}`", user.username, team.name))
                }
                other => other.into(),
            })?;
        self.seal_directory_change(actor.clone()).await?;
        let object = format!("team:{}", team.id);
        self.record(
            actor.clone(),
            AuditKind::TeamMemberRemoved,
            &object,
            &format!("user:{}", user.id),
        )
        .await?;
        self.record(actor, AuditKind::TeamKeyRotated, &object, "")
            .await?;
        Ok(())
    }
}
