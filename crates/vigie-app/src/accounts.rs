//! Staff accounts: creation, listing, disabling, second-factor reset.

use vigie_domain::keys::{KeyHolding, TeamKind, may_hold};
use vigie_domain::user::normalize_username;
use vigie_domain::{AuditActor, AuditKind, RoleSet, TeamId, UserId};
use vigie_store::{
    Audit, NewUser, PasswordFields, RoleChange, RolesChanged, Rotator, TeamRotation, TeamSlot,
    UserRecord,
};
use vigie_vault::password::lock;
use vigie_vault::{Audience, InstanceSecret, KdfParams, PublicKey, SecretKey};
use zeroize::Zeroizing;

use crate::audit::{audited, user_object};
use crate::directory::{Directory, user_entry};
use crate::secrets::one_time_password;
use crate::{App, AppError, Result};

/// Longest contact details accepted.
pub const MAX_CONTACT_CHARS: usize = 300;

/// What an admin gives to create an account.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// User name (normalised on the way in).
    pub username: String,
    /// Roles.
    pub roles: RoleSet,
    /// Optional contact details (sealed under the instance secret).
    pub contact: Option<String>,
}

/// A user as listed to an admin or on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSummary {
    /// Id.
    pub id: UserId,
    /// Name.
    pub username: String,
    /// Roles.
    pub roles: RoleSet,
    /// Second factor enrolled.
    pub has_2fa: bool,
    /// Must change the one-time password.
    pub must_change_password: bool,
    /// Disabled.
    pub disabled: bool,
}

impl From<&UserRecord> for UserSummary {
    fn from(u: &UserRecord) -> Self {
        UserSummary {
            id: u.id,
            username: u.username.clone(),
            roles: u.roles,
            has_2fa: u.totp_sealed.is_some(),
            must_change_password: u.must_change_password,
            disabled: u.disabled,
        }
    }
}

/// Associated data binding a password lock to its user row.
pub(crate) fn password_aad(id: UserId) -> Vec<u8> {
    [b"vigie/user-key/".as_slice(), id.0.as_bytes()].concat()
}

/// Associated data binding sealed contact details to their user row.
pub(crate) fn contact_aad(id: UserId) -> Vec<u8> {
    [b"vigie/contact/".as_slice(), id.0.as_bytes()].concat()
}

/// Associated data of a team secret's slot.
pub(crate) fn team_slot_aad(team: TeamId) -> Vec<u8> {
    [b"vigie/team-key/".as_slice(), team.0.as_bytes()].concat()
}

/// Associated data of a user secret's escrow slot.
pub(crate) fn escrow_aad(id: UserId) -> Vec<u8> {
    [b"vigie/escrow/".as_slice(), id.0.as_bytes()].concat()
}

/// Builds a new account's row: a fresh key pair locked by a one-time password.
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_user_record(
    instance: &InstanceSecret,
    escrow: Option<&PublicKey>,
    kdf: KdfParams,
    id: UserId,
    username: String,
    roles: RoleSet,
    contact: Option<&str>,
    chosen_password: Option<&str>,
    now: i64,
) -> Result<(NewUser, Zeroizing<String>)> {
    let secret = SecretKey::generate();
    let password = chosen_password.map_or_else(one_time_password, |p| Zeroizing::new(p.to_owned()));
    let locked = lock(kdf, instance, &password, &secret, &password_aad(id))?;
    let record = NewUser {
        id,
        username,
        roles,
        public_key: secret.public().as_bytes().to_vec(),
        password: PasswordFields {
            kdf: locked.params.encode(),
            kdf_salt: locked.salt.to_vec(),
            verifier: locked.verifier.to_vec(),
            wrapped_secret: locked.wrapped_secret,
        },
        escrow_slot: escrow
            .map(|pk| vigie_vault::slot::wrap_secret_key_for(pk, &secret, &escrow_aad(id)))
            .transpose()?,
        contact_sealed: contact.filter(|c| !c.trim().is_empty()).map(|c| {
            vigie_vault::seal::seal(&instance.contact_key(), &contact_aad(id), c.as_bytes())
        }),
        totp_sealed: None,
        must_change_password: chosen_password.is_none(),
        disabled: false,
        created_at: now,
        // The caller MACs the record once it is final.
        directory_mac: None,
    };
    Ok((record, password))
}

/// A new team generation for the remaining members (and escrow), wrapped only for keys the checked
/// key directory holds: a member row whose key is not the directory's, who is disabled there, or
/// whose roles may not sit in a team of its kind, gets no slot (and the error log says so).
pub(crate) fn rotation(
    dir: &Directory,
    mac_key: &vigie_vault::DirectoryKey,
    team: TeamId,
    generation: i64,
    members: &[(UserId, Vec<u8>)],
) -> TeamRotation {
    rotation_of_kind(
        dir,
        mac_key,
        (team, dir.team_kind(team)),
        generation,
        members,
    )
}

/// [`rotation`] for a team of `kind` (a new team, which the directory does not know yet): only
/// members who may hold that kind's seat get a slot, and the key is MACed with the kind.
pub(crate) fn rotation_of_kind(
    dir: &Directory,
    mac_key: &vigie_vault::DirectoryKey,
    (team, kind): (TeamId, TeamKind),
    generation: i64,
    members: &[(UserId, Vec<u8>)],
) -> TeamRotation {
    let secret = SecretKey::generate();
    let aad = team_slot_aad(team);
    let mut slots = Vec::with_capacity(members.len() + 1);
    for (id, stored) in members {
        let checked = dir.user(*id).filter(|u| {
            !u.disabled
                && may_hold(u.roles, kind.seat())
                && u.public_key.as_bytes().as_slice() == stored.as_slice()
        });
        let Some(user) = checked else {
            tracing::error!(user = %id, "a team member's key is not the key directory's: slot skipped");
            continue;
        };
        match vigie_vault::slot::wrap_secret_key_for(&user.public_key, &secret, &aad) {
            Ok(wrapped) => slots.push(TeamSlot {
                holder: TeamSlot::user_holder(*id),
                wrapped,
            }),
            Err(e) => {
                tracing::error!(user = %id, error = %e, "cannot wrap a team key for a member: slot skipped")
            }
        }
    }
    if let Some(pk) = &dir.escrow {
        match vigie_vault::slot::wrap_secret_key_for(pk, &secret, &aad) {
            Ok(wrapped) => slots.push(TeamSlot {
                holder: TeamSlot::ESCROW,
                wrapped,
            }),
            Err(e) => {
                tracing::error!(error = %e, "cannot wrap a team key for escrow: slot skipped")
            }
        }
    }
    let public_key = secret.public().as_bytes().to_vec();
    let directory_mac = mac_key
        .mac(&vigie_vault::DirectoryEntry::TeamKey {
            team,
            generation,
            public_key: public_key.clone(),
            casework: kind == TeamKind::Casework,
        })
        .to_vec();
    TeamRotation {
        public_key,
        directory_mac,
        slots,
    }
}

impl App {
    /// The account with this name, or `UnknownUser`.
    pub async fn user_named(&self, name: &str) -> Result<UserRecord> {
        let normal =
            normalize_username(name).map_err(|_| AppError::UnknownUser(name.to_owned()))?;
        self.store()
            .user_by_name(&normal)
            .await?
            .ok_or_else(|| AppError::UnknownUser(normal))
    }

    /// Creates an account; returns its one-time password (shown once).
    pub async fn create_user(
        &self,
        actor: AuditActor,
        new: &NewAccount,
    ) -> Result<(UserId, Zeroizing<String>)> {
        self.create_user_with(actor, new, None).await
    }

    /// Creates an account with a given password and no forced change (the demo), or a one-time one.
    pub(crate) async fn create_user_with(
        &self,
        actor: AuditActor,
        new: &NewAccount,
        password: Option<&str>,
    ) -> Result<(UserId, Zeroizing<String>)> {
        let username = normalize_username(&new.username)?;
        if new.roles.is_empty() {
            return Err(AppError::Invalid("give at least one role".into()));
        }
        if new
            .contact
            .as_deref()
            .is_some_and(|c| c.chars().count() > MAX_CONTACT_CHARS)
        {
            return Err(AppError::Invalid(format!(
                "contact details have at most {MAX_CONTACT_CHARS} characters"
            )));
        }
        let id = UserId::random();
        let dir = self.directory().await?;
        let (instance, kdf, now) = (
            &self.inner.instance,
            self.settings().kdf,
            self.clock().unix(),
        );
        let (mut record, password) = new_user_record(
            instance,
            dir.escrow.as_ref(),
            kdf,
            id,
            username.clone(),
            new.roles,
            new.contact.as_deref(),
            password,
            now,
        )?;
        record.directory_mac = Some(self.directory_mac(&user_entry(&record)));
        let entry = [self
            .entry(
                actor.clone(),
                AuditKind::UserCreated,
                &format!("user:{id}"),
                &new.roles.to_names(),
            )
            .await?];
        match self.store().insert_user(&record, &audited(&entry)).await {
            Err(vigie_store::StoreError::Conflict(_)) => return Err(AppError::Exists(username)),
            other => other?,
        }
        self.seal_directory_change(actor).await?;
        Ok((id, password))
    }

    /// Every account.
    pub async fn list_users(&self) -> Result<Vec<UserSummary>> {
        Ok(self
            .store()
            .list_users()
            .await?
            .iter()
            .map(UserSummary::from)
            .collect())
    }

    /// Disables an account: no more logins, sessions ended, out of every team, team keys rotated.
    pub async fn disable_user(&self, actor: AuditActor, name: &str) -> Result<Vec<TeamId>> {
        let user = self.user_named(name).await?;
        if actor == AuditActor::Staff(user.id) {
            return Err(AppError::SelfAction);
        }
        if user.roles.contains(vigie_domain::Role::Admin)
            && self.active_admins().await? <= 1
            && !user.disabled
        {
            return Err(AppError::LastAdmin(user.username));
        }
        let dir = self.directory().await?;
        let mut disabled = user.clone();
        disabled.disabled = true;
        let mac = self.directory_mac(&user_entry(&disabled));
        let object = user_object(user.id);
        let rotated = self
            .change_leaving_teams(
                &actor,
                &dir,
                (AuditKind::UserDisabled, &object, ""),
                async |rotate, now, audit| {
                    let store = self.store();
                    store.disable_user(user.id, &mac, rotate, now, audit).await
                },
                |rotated| rotated,
            )
            .await?;
        // The reports they held in person: their slots go, the keys rotate for future parts.
        let reports = self
            .rotate_reports_held_by(vigie_store::KeySlotRow::user_holder(user.id), true)
            .await?;
        if reports > 0 {
            self.append_audit(
                actor,
                AuditKind::AccessRevoked,
                &object,
                &format!("reports={reports}"),
            )
            .await?;
        }
        Ok(rotated)
    }

    /// Runs a change to a user that may take them out of teams (disabling them, taking roles away),
    /// so that every such change rotates, seals and audits alike: the store's `change` rotates the
    /// key of each team left for its remaining members, in the transaction that writes the entry
    /// `(kind, object, detail)`; then the directory's change is sealed and each team that `left`
    /// names is audited, its reports rotated.
    async fn change_leaving_teams<T>(
        &self,
        actor: &AuditActor,
        dir: &Directory,
        (kind, object, detail): (AuditKind, &str, &str),
        change: impl AsyncFnOnce(&mut Rotator<'_>, i64, &Audit<'_>) -> vigie_store::Result<T>,
        left: impl FnOnce(&T) -> &[TeamId],
    ) -> Result<T> {
        let mac_key = self.directory_key();
        let entry = [self.entry(actor.clone(), kind, object, detail).await?];
        let done = change(
            &mut |team, generation, members| rotation(dir, &mac_key, team, generation, members),
            self.clock().unix(),
            &audited(&entry),
        )
        .await?;
        self.seal_directory_change(actor.clone()).await?;
        self.after_leaving_teams(actor, object, left(&done)).await?;
        Ok(done)
    }

    /// After a user left teams (each team key rotated): audits it and rotates the teams' reports.
    async fn after_leaving_teams(
        &self,
        actor: &AuditActor,
        user_object: &str,
        teams: &[TeamId],
    ) -> Result<()> {
        for team in teams {
            let team_object = format!("team:{team}");
            self.append_audit(
                actor.clone(),
                AuditKind::TeamMemberRemoved,
                &team_object,
                user_object,
            )
            .await?;
            let reports = self
                .rotate_reports_held_by(vigie_store::KeySlotRow::team_holder(*team), false)
                .await?;
            self.append_audit(
                actor.clone(),
                AuditKind::TeamKeyRotated,
                &team_object,
                &format!("reports={reports}"),
            )
            .await?;
        }
        Ok(())
    }

    async fn active_admins(&self) -> Result<usize> {
        Ok(self
            .store()
            .list_users()
            .await?
            .iter()
            .filter(|u| !u.disabled && u.roles.contains(vigie_domain::Role::Admin))
            .count())
    }

    /// Replaces a user's roles. The last active admin cannot lose the admin role (nobody could
    /// manage the instance any more). What the new roles may not hold goes in the same transaction:
    /// the user's team seats (each team key rotated) and their own report key slots; the reports they
    /// lose are then rotated for future parts. Returns the teams left and the reports rotated.
    pub async fn set_roles(
        &self,
        actor: AuditActor,
        name: &str,
        roles: RoleSet,
    ) -> Result<RolesChanged> {
        if roles.is_empty() {
            return Err(AppError::Invalid("give at least one role".into()));
        }
        let user = self.user_named(name).await?;
        if user.roles.contains(vigie_domain::Role::Admin)
            && !roles.contains(vigie_domain::Role::Admin)
            && self.active_admins().await? <= 1
        {
            return Err(AppError::LastAdmin(user.username));
        }
        let dir = self.directory().await?;
        let mut changed = user.clone();
        changed.roles = roles;
        let mac = self.directory_mac(&user_entry(&changed));
        let mut audiences: Vec<&str> = Vec::new();
        if !may_hold(roles, KeyHolding::ReportContent) {
            audiences.extend([Audience::Conversation.as_str(), Audience::Internal.as_str()]);
        }
        if !may_hold(roles, KeyHolding::ReportIdentity) {
            audiences.push(Audience::Identity.as_str());
        }
        let leave: Vec<TeamKind> = TeamKind::ALL
            .iter()
            .copied()
            .filter(|k| !may_hold(roles, k.seat()))
            .collect();
        let drops = RoleChange {
            roles,
            directory_mac: &mac,
            leave_teams: &leave,
            report_audiences: &audiences,
        };
        // The user leaves each team before its rotation, so the directory as it stands serves.
        let object = user_object(user.id);
        let detail = format!("{} -> {}", user.roles.to_names(), roles.to_names());
        let dropped = self
            .change_leaving_teams(
                &actor,
                &dir,
                (AuditKind::RolesChanged, &object, &detail),
                async |rotate, now, audit| {
                    let store = self.store();
                    store
                        .change_roles(user.id, &drops, rotate, now, audit)
                        .await
                },
                |dropped| &dropped.left_teams,
            )
            .await?;
        self.rotate_reports(&dropped.reports).await?;
        for report in &dropped.reports {
            self.append_audit(
                actor.clone(),
                AuditKind::AccessRevoked,
                &format!("report:{report}"),
                &object,
            )
            .await?;
        }
        Ok(dropped)
    }

    /// Removes a user's second factor and recovery codes; they enrol again at next login.
    pub async fn reset_2fa(&self, actor: AuditActor, name: &str) -> Result<()> {
        let user = self.user_named(name).await?;
        let entry = [self
            .entry(actor, AuditKind::TotpReset, &user_object(user.id), "")
            .await?];
        self.store().reset_totp(user.id, &audited(&entry)).await?;
        Ok(())
    }

    /// Opens a user's sealed contact details (admins only; audited as a decryption).
    pub async fn contact_of(&self, actor: AuditActor, user: &UserRecord) -> Result<Option<String>> {
        let Some(sealed) = &user.contact_sealed else {
            return Ok(None);
        };
        self.append_audit(
            actor,
            AuditKind::Decrypted,
            &user_object(user.id),
            "contact",
        )
        .await?;
        let plain = self.open_contact(&contact_aad(user.id), sealed)?;
        Ok(Some(String::from_utf8_lossy(&plain).into_owned()))
    }
}
