//! Teams: creating them, adding and removing members.

use vigie_domain::keys::{TeamKind, may_hold};
use vigie_domain::{AuditActor, AuditKind, TeamId, UserId};
use vigie_store::{KeySlotRow, NewTeam, TeamRecord, TeamSlot};
use vigie_vault::{DirectoryEntry, EscrowSecret, SecretKey};

use crate::accounts::{rotation, rotation_of_kind, team_slot_aad};
use crate::audit::{audited, user_object};
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
    /// What it is for (from the checked key directory): reports or casework.
    pub kind: TeamKind,
    /// The casework team help requests reach.
    pub help_requests: bool,
}

/// Where the team key comes from when a member is added.
pub enum TeamKeySource<'a> {
    /// The signed-in staff member's own key: the team's history if they are a member.
    Member(UserId, &'a SecretKey),
    /// The escrow secret, typed in for this one operation and not kept.
    Escrow(&'a EscrowSecret),
    /// No key: a new generation for every member.
    None,
}

/// What the newcomer can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joined {
    /// Every generation: the team's history.
    WithHistory,
    /// Only the new generation: what arrives from now on.
    FromNow,
}

impl Joined {
    /// The word in the audit entry.
    pub fn as_str(self) -> &'static str {
        match self {
            Joined::WithHistory => "history",
            Joined::FromNow => "from-now",
        }
    }
}

/// Report teams take handlers only, casework teams caseworkers only (see `vigie_domain::keys`).
fn check_may_join(user: &vigie_store::UserRecord, kind: TeamKind) -> Result<()> {
    if may_hold(user.roles, kind.seat()) {
        Ok(())
    } else {
        Err(AppError::Invalid(format!(
            "`{}` is not a {}: {} teams take {}s only",
            user.username,
            kind.role(),
            kind,
            kind.role()
        )))
    }
}

impl App {
    /// Creates a report team whose first generation is wrapped for the given members (and escrow).
    pub async fn create_team(
        &self,
        actor: AuditActor,
        name: &str,
        members: &[String],
    ) -> Result<TeamId> {
        self.create_team_of_kind(actor, name, TeamKind::Report, members)
            .await
    }

    /// Creates a casework team of caseworkers and names it the team help requests reach.
    pub async fn create_help_team(
        &self,
        actor: AuditActor,
        name: &str,
        members: &[String],
    ) -> Result<TeamId> {
        self.create_team_of_kind(actor.clone(), name, TeamKind::Casework, members)
            .await?;
        self.set_help_team(actor, name).await
    }

    /// Names the casework team `name` as the one help requests reach. Its kind is read from the
    /// checked key directory: help requests are never sealed for a handlers' team.
    pub async fn set_help_team(&self, actor: AuditActor, name: &str) -> Result<TeamId> {
        let team = self
            .store()
            .team_by_name(name)
            .await?
            .ok_or_else(|| AppError::UnknownTeam(name.to_owned()))?;
        if self.directory().await?.team_kind(team.id) != TeamKind::Casework {
            return Err(AppError::Invalid(format!(
                "`{name}` is not a casework team: help requests reach caseworkers only"
            )));
        }
        self.store().set_help_team(team.id).await?;
        self.settings_changed(actor, &format!("team:{}", team.id), "help team")
            .await?;
        Ok(team.id)
    }

    /// Creates a team of `kind`: only members who may hold its seat.
    pub async fn create_team_of_kind(
        &self,
        actor: AuditActor,
        name: &str,
        kind: TeamKind,
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
            check_may_join(&u, kind)?;
            if !users.iter().any(|(id, _)| *id == u.id) {
                users.push((u.id, u.public_key));
            }
        }
        let id = TeamId::random();
        let mac_key = self.directory_key();
        let first = rotation_of_kind(&dir, &mac_key, (id, kind), 1, &users);
        let team = NewTeam {
            id,
            kind,
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
        let object = format!("team:{id}");
        let mut entries = vec![
            self.entry(actor.clone(), AuditKind::TeamCreated, &object, name)
                .await?,
        ];
        for (user, _) in &users {
            entries.push(
                self.entry(
                    actor.clone(),
                    AuditKind::TeamMemberAdded,
                    &object,
                    &format!("user:{user}"),
                )
                .await?,
            );
        }
        match self.store().create_team(&team, &audited(&entries)).await {
            Err(vigie_store::StoreError::Conflict(_)) => {
                return Err(AppError::Exists(name.to_owned()));
            }
            other => other?,
        }
        self.seal_directory_change(actor).await?;
        Ok(id)
    }

    /// Every team with its members.
    pub async fn list_teams(&self) -> Result<Vec<TeamSummary>> {
        let users = self.store().list_users().await?;
        let dir = self.directory().await?;
        let help = self.store().help_team().await?;
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
                kind: dir.team_kind(t.id),
                help_requests: help == Some(t.id),
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

    /// Every generation of `team`'s key, opened through `source` (a member's key, or the escrow key
    /// checked against the directory); `None` when there is none to open it with.
    async fn team_history(
        &self,
        team: TeamId,
        source: TeamKeySource<'_>,
        dir: &crate::Directory,
    ) -> Result<Option<Vec<(i64, SecretKey)>>> {
        Ok(match source {
            TeamKeySource::Member(by, secret) => {
                let slots = self
                    .store()
                    .team_slots(team, TeamSlot::user_holder(by))
                    .await?;
                if slots.is_empty() {
                    None
                } else {
                    Some(self.open_team_slots(team, secret, &slots)?)
                }
            }
            TeamKeySource::Escrow(escrow) => {
                if dir.escrow != Some(escrow.public()) {
                    return Err(AppError::Invalid(
                        "this is not the escrow key of this instance".into(),
                    ));
                }
                let slots = self.store().team_slots(team, TeamSlot::ESCROW).await?;
                Some(self.open_team_slots(team, &escrow.secret_key(), &slots)?)
            }
            TeamKeySource::None => None,
        })
    }

    /// The team with this name, else [`AppError::UnknownTeam`].
    async fn team_named(&self, name: &str) -> Result<TeamRecord> {
        self.store()
            .team_by_name(name)
            .await?
            .ok_or_else(|| AppError::UnknownTeam(name.to_owned()))
    }

    /// Adds `user` to `team`. Through a current member's key or the escrow key, every generation of
    /// the team key is re-wrapped for the newcomer, who reads the team's history; otherwise (an admin
    /// outside the team) a new generation starts for every member and the newcomer reads only what
    /// arrives from now on. Nobody keeps the escrow secret.
    pub async fn add_team_member(
        &self,
        actor: AuditActor,
        source: TeamKeySource<'_>,
        team_name: &str,
        user_name: &str,
    ) -> Result<Joined> {
        let team = self.team_named(team_name).await?;
        let user = self.user_named(user_name).await?;
        if user.disabled {
            return Err(AppError::Invalid(format!(
                "`{}` is disabled",
                user.username
            )));
        }
        let dir = self.directory().await?;
        check_may_join(&user, dir.team_kind(team.id))?;
        let member_mac = self.directory_mac(&DirectoryEntry::Member {
            team: team.id,
            user: user.id,
        });
        let history = self.team_history(team.id, source, &dir).await?;
        let object = format!("team:{}", team.id);
        let joined = if history.is_some() {
            Joined::WithHistory
        } else {
            Joined::FromNow
        };
        let mut entries = vec![
            self.entry(
                actor.clone(),
                AuditKind::TeamMemberAdded,
                &object,
                &format!("user:{} {}", user.id, joined.as_str()),
            )
            .await?,
        ];
        if joined == Joined::FromNow {
            entries.push(
                self.entry(actor.clone(), AuditKind::TeamKeyRotated, &object, "")
                    .await?,
            );
        }
        let audit = audited(&entries);
        let added = match &history {
            Some(keys) => {
                let recipient = dir.active_key(user.id)?;
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
                self.store()
                    .add_team_member(team.id, user.id, &wrapped, &member_mac, &audit)
                    .await
            }
            None => {
                let mac_key = self.directory_key();
                self.store()
                    .add_team_member_rotating(
                        team.id,
                        user.id,
                        &member_mac,
                        &mut |t, generation, members| {
                            rotation(&dir, &mac_key, t, generation, members)
                        },
                        self.clock().unix(),
                        &audit,
                    )
                    .await
            }
        };
        match added {
            Err(vigie_store::StoreError::Conflict(_)) => {
                return Err(AppError::Exists(format!(
                    "{} in {}",
                    user.username, team.name
                )));
            }
            other => other?,
        }
        self.seal_directory_change(actor).await?;
        Ok(joined)
    }

    /// Removes a member and rotates the team key.
    pub async fn remove_team_member(
        &self,
        actor: AuditActor,
        team_name: &str,
        user_name: &str,
    ) -> Result<()> {
        let team = self.team_named(team_name).await?;
        let user = self.user_named(user_name).await?;
        let dir = self.directory().await?;
        let mac_key = self.directory_key();
        let object = format!("team:{}", team.id);
        let entry = [self
            .entry(
                actor.clone(),
                AuditKind::TeamMemberRemoved,
                &object,
                &user_object(user.id),
            )
            .await?];
        self.store()
            .remove_team_member(
                team.id,
                user.id,
                &mut |t, generation, members| rotation(&dir, &mac_key, t, generation, members),
                self.clock().unix(),
                &audited(&entry),
            )
            .await
            .map_err(|e| match e {
                vigie_store::StoreError::NotFound(_) => {
                    AppError::Invalid(format!("`{}` is not in `{}`", user.username, team.name))
                }
                other => other.into(),
            })?;
        self.seal_directory_change(actor.clone()).await?;
        // The departed member may have kept the team's reports' audience keys: what those reports
        // receive from now on is sealed under new generations, wrapped for the new team key.
        let reports = self
            .rotate_reports_held_by(KeySlotRow::team_holder(team.id), false)
            .await?;
        self.append_audit(
            actor,
            AuditKind::TeamKeyRotated,
            &object,
            &format!("reports={reports}"),
        )
        .await?;
        Ok(())
    }
}
