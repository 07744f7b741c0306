//! The key directory, checked (DESIGN.md section 2, property 7): every key vigie wraps for a reader
//! (a team's current key, a custodian's, a member's, the escrow key) comes from a directory whose
//! rows carry valid MACs under a key derived from the instance secret and whose digest is the one the
//! newest signed checkpoint states (the checkpoint also lives outside the database, so the database
//! cannot roll it back). Checked at start and before every wrap; `vigie keys verify` lists every
//! problem.

use std::collections::{HashMap, HashSet};

use vigie_domain::keys::TeamKind;
use vigie_domain::{AuditActor, AuditKind, Checkpoint, Principal, Role, RoleSet, TeamId, UserId};
use vigie_store::{
    DirectoryMacs, DirectoryRows, MemberRecord, RoutingRows, TeamKeyRecord, UserKeyRecord,
    UserRecord,
};
use vigie_vault::directory::digest;
use vigie_vault::{DirectoryEntry, DirectoryKey, PublicKey};

use crate::{App, AppError, Result};

/// What `vigie keys verify` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeysReport {
    /// Every problem, in the order found (empty when all is well).
    pub problems: Vec<String>,
    /// Accounts in the directory.
    pub users: usize,
    /// Teams with a current key.
    pub teams: usize,
    /// The directory version the newest checkpoint signs.
    pub version: Option<i64>,
}

/// What `vigie keys reseal` finds before it signs anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResealPlan {
    /// MAC problems: a reseal never accepts these (a planted or altered row).
    pub forged: Vec<String>,
    /// Whether the directory differs from the newest checkpoint's digest.
    pub differs: bool,
    /// The audit entries recorded after the newest checkpoint: the changes that should explain the
    /// difference (a crash between a change and its checkpoint leaves exactly these).
    pub since: Vec<vigie_domain::AuditRecord>,
}

/// A user as the checked directory knows them.
#[derive(Clone, Debug)]
pub struct DirectoryUser {
    /// User name.
    pub username: String,
    /// Roles.
    pub roles: RoleSet,
    /// Public key.
    pub public_key: PublicKey,
    /// Disabled accounts are wrapped for nothing.
    pub disabled: bool,
}

/// The key directory after every MAC checked.
#[derive(Clone, Debug)]
pub struct Directory {
    /// The escrow key, if the instance has one.
    pub escrow: Option<PublicKey>,
    users: HashMap<UserId, DirectoryUser>,
    teams: HashMap<TeamId, (i64, PublicKey)>,
    /// Teams whose key generations are MACed as casework.
    casework: HashSet<TeamId>,
    members: HashSet<(TeamId, UserId)>,
    /// The digest of every entry.
    pub digest: [u8; 32],
}

impl Directory {
    /// A user, if the directory has them.
    pub fn user(&self, id: UserId) -> Option<&DirectoryUser> {
        self.users.get(&id)
    }

    /// The user's public key, when they are active: the only key a wrap for them may use.
    pub fn active_key(&self, id: UserId) -> Result<PublicKey> {
        match self.users.get(&id) {
            Some(u) if !u.disabled => Ok(u.public_key),
            Some(_) => Err(AppError::Invalid("this account is disabled".into())),
            None => Err(AppError::Integrity(format!(
                "user {id} is not in the key directory"
            ))),
        }
    }

    /// A team's current generation and public key.
    pub fn team_key(&self, team: TeamId) -> Result<(i64, PublicKey)> {
        self.teams.get(&team).copied().ok_or_else(|| {
            AppError::Integrity(format!("team {team} has no key in the key directory"))
        })
    }

    /// What a team is for, as its checked key generations say (a team the directory does not know
    /// is a report team: it has no key to wrap for anyway).
    pub fn team_kind(&self, team: TeamId) -> TeamKind {
        if self.casework.contains(&team) {
            TeamKind::Casework
        } else {
            TeamKind::Report
        }
    }

    /// Every casework team, as the checked key generations say.
    pub fn casework_teams(&self) -> Vec<TeamId> {
        let mut out: Vec<TeamId> = self.casework.iter().copied().collect();
        out.sort();
        out
    }

    /// The casework teams among `who`'s teams, in their order.
    pub fn casework_teams_of(&self, who: &Principal) -> Vec<TeamId> {
        let teams = who.teams.iter().copied();
        teams.filter(|t| self.casework.contains(t)).collect()
    }

    /// Whether `user` is a member of `team`.
    pub fn is_member(&self, team: TeamId, user: UserId) -> bool {
        self.members.contains(&(team, user))
    }

    /// Active custodians and their keys: who the identity key of a new report is wrapped for.
    pub fn custodians(&self) -> Vec<(UserId, PublicKey)> {
        let mut out: Vec<(UserId, PublicKey)> = self
            .users
            .iter()
            .filter(|(_, u)| !u.disabled && u.roles.contains(Role::Custodian))
            .map(|(id, u)| (*id, u.public_key))
            .collect();
        out.sort_by_key(|(id, _)| id.0);
        out
    }
}

/// A user row's directory entry.
pub(crate) fn user_entry(u: &UserRecord) -> DirectoryEntry {
    user_key_entry(&UserKeyRecord::from(u))
}

/// A user's directory entry, from the directory's columns of their row.
fn user_key_entry(u: &UserKeyRecord) -> DirectoryEntry {
    DirectoryEntry::User {
        id: u.id,
        username: u.username.clone(),
        roles: u.roles,
        public_key: u.public_key.clone(),
        disabled: u.disabled,
    }
}

/// A team key row's directory entry.
fn team_key_entry(k: &TeamKeyRecord) -> DirectoryEntry {
    DirectoryEntry::TeamKey {
        team: k.team,
        generation: k.generation,
        public_key: k.public_key.clone(),
        casework: k.casework,
    }
}

/// A membership row's directory entry.
fn member_entry(m: &MemberRecord) -> DirectoryEntry {
    DirectoryEntry::Member {
        team: m.team,
        user: m.user,
    }
}

/// Every entry of the stored directory with its stored MAC.
fn entries(rows: &DirectoryRows) -> Vec<(DirectoryEntry, Option<&[u8]>)> {
    let mut out =
        Vec::with_capacity(1 + rows.users.len() + rows.team_keys.len() + rows.members.len());
    out.push((
        DirectoryEntry::Escrow {
            public_key: rows.escrow.0.clone(),
        },
        rows.escrow.1.as_deref(),
    ));
    for u in &rows.users {
        out.push((user_key_entry(u), u.directory_mac.as_deref()));
    }
    for k in &rows.team_keys {
        out.push((team_key_entry(k), k.directory_mac.as_deref()));
    }
    for m in &rows.members {
        out.push((member_entry(m), m.directory_mac.as_deref()));
    }
    out
}

/// Checks every row; returns the directory and the list of problems (empty when all is well).
pub(crate) fn check_rows(key: &DirectoryKey, rows: &DirectoryRows) -> (Directory, Vec<String>) {
    let mut problems = Vec::new();
    let all = entries(rows);
    for (entry, mac) in &all {
        match mac {
            None => problems.push(format!(
                "{}: no MAC (planted, or never sealed)",
                entry.describe()
            )),
            Some(mac) if !key.check(entry, mac) => {
                problems.push(format!(
                    "{}: its MAC does not match (forged or altered)",
                    entry.describe()
                ));
            }
            Some(_) => {}
        }
    }
    let plain: Vec<DirectoryEntry> = all.into_iter().map(|(e, _)| e).collect();
    let escrow = match rows
        .escrow
        .0
        .as_deref()
        .map(PublicKey::from_slice)
        .transpose()
    {
        Ok(k) => k,
        Err(_) => {
            problems.push("the escrow key (instance row): not a valid public key".to_owned());
            None
        }
    };
    let mut users = HashMap::new();
    for u in &rows.users {
        match PublicKey::from_slice(&u.public_key) {
            Ok(public_key) => {
                users.insert(
                    u.id,
                    DirectoryUser {
                        username: u.username.clone(),
                        roles: u.roles,
                        public_key,
                        disabled: u.disabled,
                    },
                );
            }
            Err(_) => problems.push(format!("user {} (users row): not a valid public key", u.id)),
        }
    }
    let mut teams = HashMap::new();
    for (team, generation, public_key) in &rows.teams {
        let newest = rows
            .team_keys
            .iter()
            .filter(|k| k.team == *team)
            .max_by_key(|k| k.generation);
        match newest {
            Some(k) if k.generation == *generation && k.public_key == *public_key => {
                match PublicKey::from_slice(public_key) {
                    Ok(pk) => {
                        teams.insert(*team, (*generation, pk));
                    }
                    Err(_) => problems.push(format!("team {team}: not a valid public key")),
                }
            }
            _ => problems.push(format!(
                "team {team} (teams row): its current key is not its newest key generation"
            )),
        }
    }
    let members = rows.members.iter().map(|m| (m.team, m.user)).collect();
    let casework = rows
        .team_keys
        .iter()
        .filter(|k| k.casework)
        .map(|k| k.team)
        .collect();
    let directory = Directory {
        escrow,
        users,
        teams,
        casework,
        members,
        digest: digest(&plain),
    };
    (directory, problems)
}

/// The problem of a directory whose digest is not the signed one.
pub(crate) fn directory_differs(cp: &Checkpoint) -> String {
    format!(
        "the key directory differs from the one signed in checkpoint {} (version {}): rows were written back, deleted or added, or vigie stopped right after a change (`vigie keys reseal` shows which)",
        cp.number, cp.directory_version
    )
}

/// Whether no row has a MAC yet: a directory from before MACs existed.
fn never_sealed(rows: &DirectoryRows) -> bool {
    rows.escrow.1.is_none()
        && rows.users.iter().all(|u| u.directory_mac.is_none())
        && rows.team_keys.iter().all(|k| k.directory_mac.is_none())
        && rows.members.iter().all(|m| m.directory_mac.is_none())
}

impl App {
    /// The key that MACs directory entries.
    pub(crate) fn directory_key(&self) -> DirectoryKey {
        self.inner.instance.directory_key()
    }

    /// The MAC of one entry, to store with the row that holds it.
    pub(crate) fn directory_mac(&self, entry: &DirectoryEntry) -> Vec<u8> {
        self.directory_key().mac(entry).to_vec()
    }

    /// The stored directory checked row by row, and every problem found (MACs, and the digest against
    /// the newest checkpoint when `against` is given). Nothing is refused here: `vigie keys verify`
    /// lists what this returns.
    pub async fn inspect_directory(
        &self,
        against: Option<&Checkpoint>,
    ) -> Result<(Directory, Vec<String>)> {
        let rows = self.store().directory_rows().await?;
        let (dir, mut problems) = check_rows(&self.directory_key(), &rows);
        if let Some(cp) = against
            && cp.directory_digest != dir.digest
        {
            problems.push(directory_differs(cp));
        }
        Ok((dir, problems))
    }

    /// Checks every row of the key directory and its digest against the newest checkpoint, and lists
    /// every problem (`vigie keys verify`).
    pub async fn verify_keys(&self) -> Result<KeysReport> {
        let mut problems = Vec::new();
        let newest = match self.newest_checkpoint().await {
            Ok(c) => c,
            Err(AppError::Integrity(p)) => {
                problems.push(p);
                None
            }
            Err(e) => return Err(e),
        };
        let (dir, found) = self.inspect_directory(newest.as_ref()).await?;
        problems.extend(found);
        if newest.is_none() {
            problems.push(
                "no checkpoint states the key directory's digest: start vigie once to sign one"
                    .into(),
            );
        }
        Ok(KeysReport {
            problems,
            users: dir.users.len(),
            teams: dir.teams.len(),
            version: newest.map(|c| c.directory_version),
        })
    }

    /// What a reseal would accept: the directory's MAC problems (never accepted), whether it differs
    /// from the newest checkpoint, and the audit entries recorded since that checkpoint.
    pub async fn reseal_plan(&self) -> Result<ResealPlan> {
        let newest = self.newest_checkpoint().await?;
        let rows = self.store().directory_rows().await?;
        let (dir, forged) = check_rows(&self.directory_key(), &rows);
        let upto = newest.as_ref().map_or(0, |c| c.upto_seq);
        let since = self
            .store()
            .audit_chain()
            .await?
            .into_iter()
            .filter(|e| e.seq > upto)
            .collect();
        Ok(ResealPlan {
            forged,
            differs: newest.is_some_and(|c| c.directory_digest != dir.digest),
            since,
        })
    }

    /// Signs a checkpoint of the key directory as it stands, after an operator checked that the
    /// entries since the newest checkpoint explain the difference (a crash between a change and its
    /// checkpoint). Refused when a row's MAC is bad, or when there is nothing to reseal. Audited.
    pub async fn reseal_directory(&self, actor: AuditActor) -> Result<Checkpoint> {
        let plan = self.reseal_plan().await?;
        if let Some(first) = plan.forged.first() {
            return Err(AppError::Integrity(first.clone()));
        }
        if !plan.differs {
            return Err(AppError::Invalid(
                "the key directory matches the newest checkpoint: nothing to reseal".into(),
            ));
        }
        // Appended as is: `record` may want a routine checkpoint first, which this very
        // difference refuses.
        let entry = self.new_entry(
            actor.clone(),
            AuditKind::DirectoryResealed,
            "key-directory",
            &format!("{} entries since the newest checkpoint", plan.since.len()),
        );
        self.store()
            .append_audit(&entry, vigie_vault::audit::record_hash)
            .await?;
        let cp = self.seal_directory_change(actor).await?;
        self.trust(&cp);
        Ok(cp)
    }

    /// The checked directory, before a wrap: every MAC valid, and the digest the newest checkpoint
    /// states (re-read from the database and the outside copy when another instance changed it).
    pub(crate) async fn directory(&self) -> Result<Directory> {
        let rows = self.store().directory_rows().await?;
        self.checked_directory(&rows).await
    }

    /// What a new report needs, read in one statement: the checked directory (as
    /// [`App::directory`] checks it) and what routes it (routing rows are not part of the
    /// directory: whatever team they name, its key comes from the checked directory).
    pub(crate) async fn intake(&self) -> Result<(Directory, RoutingRows)> {
        let (rows, routing) = self.store().directory_and_routing().await?;
        Ok((self.checked_directory(&rows).await?, routing))
    }

    /// `rows` checked: every MAC valid, and their digest the newest checkpoint's.
    async fn checked_directory(&self, rows: &DirectoryRows) -> Result<Directory> {
        let (dir, problems) = check_rows(&self.directory_key(), rows);
        if let Some(first) = problems.into_iter().next() {
            tracing::error!(problem = %first, "key directory check failed: refusing to wrap");
            return Err(AppError::Integrity(first));
        }
        if self.trusted_digest() == Some(dir.digest) {
            return Ok(dir);
        }
        match self.newest_checkpoint().await? {
            Some(cp) if cp.directory_digest == dir.digest => {
                self.trust(&cp);
                Ok(dir)
            }
            Some(cp) => {
                let problem = directory_differs(&cp);
                tracing::error!(problem = %problem, "key directory check failed: refusing to wrap");
                Err(AppError::Integrity(problem))
            }
            // An instance being initialised: its first checkpoint is not signed yet.
            None => Ok(dir),
        }
    }

    /// Checks one user's row MAC (cheap, on every request that builds a principal): a forged role or a
    /// re-enabled account is refused at once; a row written back from an earlier state is caught by the
    /// digest at the next wrap and at start.
    pub(crate) fn check_user_row(&self, u: &UserRecord) -> Result<()> {
        let entry = user_entry(u);
        match &u.directory_mac {
            Some(mac) if self.directory_key().check(&entry, mac) => Ok(()),
            _ => {
                let problem = format!(
                    "{}: its MAC does not match (forged or altered)",
                    entry.describe()
                );
                tracing::error!(problem = %problem, "key directory check failed");
                Err(AppError::Integrity(problem))
            }
        }
    }

    /// Opening an instance: seals a directory from before MACs existed (only when no checkpoint exists
    /// anywhere, so that a database which lost its MACs and its checkpoints cannot pass for one; the
    /// outside copy keeps them), then checks it against the newest checkpoint. Any problem stops the
    /// start.
    pub(crate) async fn open_directory(&self) -> Result<()> {
        let newest = self.newest_checkpoint().await?;
        let rows = self.store().directory_rows().await?;
        if newest.is_none() && never_sealed(&rows) {
            self.seal_legacy_directory(&rows).await?;
            tracing::warn!(
                "the key directory had no MACs and no checkpoint (an instance from before they existed): sealed as found"
            );
            return Ok(());
        }
        let (_, problems) = self.inspect_directory(newest.as_ref()).await?;
        if let Some(first) = problems.into_iter().next() {
            return Err(AppError::Integrity(first));
        }
        if let Some(cp) = newest {
            self.trust(&cp);
        }
        Ok(())
    }

    async fn seal_legacy_directory(&self, rows: &DirectoryRows) -> Result<()> {
        let macs = directory_macs(&self.directory_key(), rows);
        self.store().seal_directory_rows(&macs).await?;
        Ok(())
    }
}

/// Every row's directory MAC under `key`: a directory sealed for the first time, or again under a
/// new instance secret.
pub(crate) fn directory_macs(key: &DirectoryKey, rows: &DirectoryRows) -> DirectoryMacs {
    let escrow = DirectoryEntry::Escrow {
        public_key: rows.escrow.0.clone(),
    };
    DirectoryMacs {
        escrow: key.mac(&escrow).to_vec(),
        users: rows
            .users
            .iter()
            .map(|u| (u.id, key.mac(&user_key_entry(u)).to_vec()))
            .collect(),
        team_keys: rows
            .team_keys
            .iter()
            .map(|k| (k.team, k.generation, key.mac(&team_key_entry(k)).to_vec()))
            .collect(),
        members: rows
            .members
            .iter()
            .map(|m| (m.team, m.user, key.mac(&member_entry(m)).to_vec()))
            .collect(),
    }
}
