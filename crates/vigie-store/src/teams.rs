//! Teams: the targets of routing. A team has a key pair per generation; each generation's secret is
//! wrapped for every member (and the escrow key). When a member leaves, their slots are deleted and a
//! new generation starts, wrapped for the remaining members only: they keep reading the past, the
//! departed member cannot read what comes next.

use sqlx::FromRow;
use vigie_domain::keys::TeamKind;
use vigie_domain::{KeyHolder, ReportId, RoleSet, TeamId, UserId};

use sqlx::AssertSqlSafe;

use crate::decode::Parsed;
use crate::sql::{args, change_one, execute, fetch_all, fetch_one, fetch_optional};
use crate::{Audit, Result, Store, StoreError, audited_tx, conflict_or, parse_code, parse_uuid};

/// A team as stored.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct TeamRecord {
    /// Random id.
    #[sqlx(try_from = "Parsed<TeamId>")]
    pub id: TeamId,
    /// Unique display name ("signalements nord").
    pub name: String,
    /// Current key generation (from 1).
    pub generation: i64,
    /// Current generation's X25519 public key: new items are wrapped for it.
    pub public_key: Vec<u8>,
    /// Unix seconds.
    pub created_at: i64,
    /// Reports (handlers) or casework (caseworkers), as the row says: trust the key directory's.
    #[sqlx(try_from = "Parsed<TeamKind>")]
    pub kind: TeamKind,
}

/// A wrapped team secret for one holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamSlot {
    /// A person or the escrow key.
    pub holder: KeyHolder,
    /// The generation's secret key, wrapped for the holder's public key.
    pub wrapped: Vec<u8>,
}

impl TeamSlot {
    /// A person holder.
    pub fn user_holder(id: UserId) -> KeyHolder {
        KeyHolder::User(id)
    }

    /// The escrow key.
    pub const ESCROW: KeyHolder = KeyHolder::Escrow;
}

/// A team to create, with its first generation.
#[derive(Clone, Debug)]
pub struct NewTeam {
    /// Random id.
    pub id: TeamId,
    /// Unique name.
    pub name: String,
    /// Reports or casework (MACed with each key generation).
    pub kind: TeamKind,
    /// Generation 1's public key.
    pub public_key: Vec<u8>,
    /// Generation 1's directory MAC.
    pub key_mac: Vec<u8>,
    /// The initial members, each with its membership's directory MAC.
    pub members: Vec<(UserId, Vec<u8>)>,
    /// Generation 1's secret wrapped for each member (and escrow).
    pub slots: Vec<TeamSlot>,
    /// Unix seconds.
    pub created_at: i64,
}

/// A new generation, computed by the caller (who holds the cryptography) for the remaining members.
#[derive(Clone, Debug)]
pub struct TeamRotation {
    /// The new generation's public key.
    pub public_key: Vec<u8>,
    /// The new generation's directory MAC.
    pub directory_mac: Vec<u8>,
    /// Its secret wrapped for each remaining member (and escrow).
    pub slots: Vec<TeamSlot>,
}

/// A change of roles and what it drops (see [`Store::change_roles`]).
#[derive(Clone, Copy, Debug)]
pub struct RoleChange<'a> {
    /// The new roles.
    pub roles: RoleSet,
    /// The changed row's new directory MAC.
    pub directory_mac: &'a [u8],
    /// The kinds of team to leave (every team of a kind whose seat the new roles may not hold).
    pub leave_teams: &'a [TeamKind],
    /// The report audiences whose personal key slots go.
    pub report_audiences: &'a [&'a str],
}

/// What a change of roles dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RolesChanged {
    /// The teams left (each rotated).
    pub left_teams: Vec<TeamId>,
    /// The reports of which a personal key slot was dropped.
    pub reports: Vec<ReportId>,
}

/// Computes a rotation: given the team, the new generation's number and the remaining members with
/// their public keys (as stored: the caller checks them against the key directory before wrapping).
pub type Rotator<'a> = dyn FnMut(TeamId, i64, &[(UserId, Vec<u8>)]) -> TeamRotation + Send + 'a;

/// Inserts a generation and its slots (inside a transaction of either backend).
macro_rules! insert_generation {
    ($tx:expr, $team:expr, $generation:expr, $pk:expr, $mac:expr, $slots:expr, $now:expr) => {{
        let (team, generation): (TeamId, i64) = ($team, $generation);
        execute(
            &mut *$tx,
            "INSERT INTO team_keys (team_id, generation, public_key, created_at, directory_mac) \
             VALUES ($1, $2, $3, $4, $5)",
            args![team, generation, $pk, $now, $mac],
        )
        .await?;
        for slot in $slots {
            let slot: &TeamSlot = slot;
            insert_team_slot!($tx, team, generation, slot.holder, &slot.wrapped);
        }
    }};
}

/// Inserts one wrapped team secret (inside a transaction of either backend).
macro_rules! insert_team_slot {
    ($tx:expr, $team:expr, $generation:expr, $holder:expr, $wrapped:expr) => {
        execute(
            &mut *$tx,
            "INSERT INTO team_key_slots (team_id, generation, holder, wrapped) VALUES ($1, $2, $3, $4)",
            args![$team, $generation, $holder, $wrapped],
        )
        .await?
    };
}

/// Inserts `$user`'s membership of `$team` with its directory MAC (inside a transaction of either
/// backend). Evaluates to the statement's result: adding one member names a duplicate, creating a
/// team does not.
macro_rules! insert_member {
    ($tx:expr, $team:expr, $user:expr, $mac:expr) => {
        execute(
            &mut *$tx,
            "INSERT INTO team_members (team_id, user_id, directory_mac) VALUES ($1, $2, $3)",
            args![$team, $user, $mac],
        )
        .await
    };
}

/// Starts a new generation of `team`'s key for its current members (inside a transaction).
macro_rules! rotate_team {
    ($tx:expr, $team:expr, $rotate:expr, $now:expr) => {{
        let team: TeamId = $team;
        let members: Vec<(String, Vec<u8>)> = fetch_all(
            &mut *$tx,
            "SELECT u.id, u.public_key FROM team_members m JOIN users u ON u.id = m.user_id \
             WHERE m.team_id = $1 ORDER BY u.id",
            args![team],
        )
        .await?;
        let members = members
            .into_iter()
            .map(|(id, pk)| Ok((UserId(parse_uuid(&id)?), pk)))
            .collect::<Result<Vec<_>>>()?;
        let (generation,): (i64,) = fetch_one(
            &mut *$tx,
            "SELECT generation FROM teams WHERE id = $1",
            args![team],
        )
        .await?;
        let next = generation + 1;
        let rotation = $rotate(team, next, &members);
        insert_generation!(
            $tx,
            team,
            next,
            &rotation.public_key,
            &rotation.directory_mac,
            &rotation.slots,
            $now
        );
        execute(
            &mut *$tx,
            "UPDATE teams SET generation = $1, public_key = $2 WHERE id = $3",
            args![next, &rotation.public_key, team],
        )
        .await?;
    }};
}

/// Removes `user` from `team` and starts a new generation for the remaining members.
macro_rules! remove_and_rotate {
    ($tx:expr, $team:expr, $user:expr, $rotate:expr, $now:expr) => {{
        let team: TeamId = $team;
        let user: UserId = $user;
        execute(
            &mut *$tx,
            "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2",
            args![team, user],
        )
        .await?;
        execute(
            &mut *$tx,
            "DELETE FROM team_key_slots WHERE team_id = $1 AND holder = $2",
            args![team, TeamSlot::user_holder(user)],
        )
        .await?;
        rotate_team!($tx, team, $rotate, $now);
    }};
}

/// Removes `user` from every team they belong to (each team's key rotated); evaluates to the teams.
macro_rules! leave_all_teams {
    ($tx:expr, $user:expr, $kinds:expr, $rotate:expr, $now:expr) => {{
        let user: UserId = $user;
        let kinds: &[TeamKind] = $kinds;
        let teams: Vec<(String, String)> = fetch_all(
            &mut *$tx,
            "SELECT m.team_id, t.kind FROM team_members m JOIN teams t ON t.id = m.team_id \
             WHERE m.user_id = $1 ORDER BY m.team_id",
            args![user],
        )
        .await?;
        let mut rotated = Vec::with_capacity(teams.len());
        for (team, kind) in teams {
            if !kinds.contains(&parse_code(&kind, "team kind")?) {
                continue;
            }
            let team = TeamId(parse_uuid(&team)?);
            remove_and_rotate!($tx, team, user, $rotate, $now);
            rotated.push(team);
        }
        rotated
    }};
}

const TEAM_COLUMNS: &str = "id, name, generation, public_key, created_at, kind";

impl Store {
    /// Creates a team with its first generation. `Conflict("team name")` if the name is taken.
    pub async fn create_team(&self, t: &NewTeam, audit: &Audit<'_>) -> Result<()> {
        audited_tx!(self, audit, tx => {
            execute(
                &mut *tx,
                "INSERT INTO teams (id, name, generation, public_key, created_at, kind) \
                 VALUES ($1, $2, 1, $3, $4, $5)",
                args![t.id, &t.name, &t.public_key, t.created_at, t.kind.as_str()],
            )
            .await
            .map_err(|e| conflict_or(e, "team name"))?;
            insert_generation!(tx, t.id, 1_i64, &t.public_key, &t.key_mac, &t.slots, t.created_at);
            for (m, mac) in &t.members {
                insert_member!(tx, t.id, m, mac)?;
            }
        });
        Ok(())
    }

    /// Every team, by name.
    pub async fn list_teams(&self) -> Result<Vec<TeamRecord>> {
        let sql = format!("SELECT {TEAM_COLUMNS} FROM teams ORDER BY name");
        self.all(AssertSqlSafe(sql), args![]).await
    }

    /// The team with this name.
    pub async fn team_by_name(&self, name: &str) -> Result<Option<TeamRecord>> {
        let sql = format!("SELECT {TEAM_COLUMNS} FROM teams WHERE name = $1");
        self.optional(AssertSqlSafe(sql), args![name]).await
    }

    /// The teams a user belongs to.
    pub async fn teams_of(&self, user: UserId) -> Result<Vec<TeamId>> {
        self.ids(
            "SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id",
            args![user],
            TeamId,
        )
        .await
    }

    /// A team's members.
    pub async fn team_members(&self, team: TeamId) -> Result<Vec<UserId>> {
        self.ids(
            "SELECT user_id FROM team_members WHERE team_id = $1 ORDER BY user_id",
            args![team],
            UserId,
        )
        .await
    }

    /// The wrapped secrets a holder has for a team, by generation (oldest first).
    pub async fn team_slots(&self, team: TeamId, holder: KeyHolder) -> Result<Vec<(i64, Vec<u8>)>> {
        self.all(
            "SELECT generation, wrapped FROM team_key_slots WHERE team_id = $1 AND holder = $2 \
             ORDER BY generation",
            args![team, holder],
        )
        .await
    }

    /// Adds a member with a slot for every generation (wrapped by a current member or via escrow) and
    /// the membership's directory MAC.
    pub async fn add_team_member(
        &self,
        team: TeamId,
        user: UserId,
        slots: &[(i64, Vec<u8>)],
        directory_mac: &[u8],
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            insert_member!(tx, team, user, directory_mac)
                .map_err(|e| conflict_or(e, "team member"))?;
            for (generation, wrapped) in slots {
                insert_team_slot!(tx, team, *generation, TeamSlot::user_holder(user), wrapped);
            }
        });
        Ok(())
    }

    /// Adds a member by starting a new generation for every member, the newcomer included: whoever
    /// adds them needs no team secret (an admin outside the team), and the newcomer reads only what
    /// is wrapped from this generation on.
    pub async fn add_team_member_rotating(
        &self,
        team: TeamId,
        user: UserId,
        directory_mac: &[u8],
        rotate: &mut Rotator<'_>,
        now: i64,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            insert_member!(tx, team, user, directory_mac)
                .map_err(|e| conflict_or(e, "team member"))?;
            rotate_team!(tx, team, rotate, now);
        });
        Ok(())
    }

    /// Removes a member and rotates the team's key (see the module documentation).
    pub async fn remove_team_member(
        &self,
        team: TeamId,
        user: UserId,
        rotate: &mut Rotator<'_>,
        now: i64,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            let member: Option<(String,)> = fetch_optional(
                &mut *tx,
                "SELECT user_id FROM team_members WHERE team_id = $1 AND user_id = $2",
                args![team, user],
            )
            .await?;
            if member.is_none() {
                return Err(StoreError::NotFound("team member"));
            }
            remove_and_rotate!(tx, team, user, rotate, now);
        });
        Ok(())
    }

    /// Replaces a user's roles and, in the same transaction, drops what the new roles may not hold:
    /// every team membership when `leave_teams` (each team's key rotated), and the user's own key slots
    /// of the reports' `report_audiences`. `NotFound` if no
    /// such user.
    pub async fn change_roles(
        &self,
        user: UserId,
        drops: &RoleChange<'_>,
        rotate: &mut Rotator<'_>,
        now: i64,
        audit: &Audit<'_>,
    ) -> Result<RolesChanged> {
        let changed = audited_tx!(self, audit, tx => {
            change_one(
                &mut *tx,
                "UPDATE users SET roles = $1, directory_mac = $2 WHERE id = $3",
                args![drops.roles.to_names(), drops.directory_mac, user],
                "user",
            )
            .await?;
            let left_teams = leave_all_teams!(tx, user, drops.leave_teams, rotate, now);
            let mut reports = Vec::new();
            for audience in drops.report_audiences {
                let rows: Vec<(String,)> = fetch_all(
                    &mut *tx,
                    "DELETE FROM report_key_slots WHERE holder = $1 AND audience = $2 RETURNING report_id",
                    args![TeamSlot::user_holder(user), *audience],
                )
                .await?;
                for (id,) in rows {
                    let id = ReportId(parse_uuid(&id)?);
                    if !reports.contains(&id) {
                        reports.push(id);
                    }
                }
            }
            RolesChanged { left_teams, reports }
        });
        Ok(changed)
    }

    /// Disables an account: it can no longer log in, its sessions end, it leaves every team (each team's
    /// key rotated), all in one transaction. `directory_mac` is the disabled row's new MAC. Returns the
    /// teams rotated. `NotFound` if no such user.
    pub async fn disable_user(
        &self,
        user: UserId,
        directory_mac: &[u8],
        rotate: &mut Rotator<'_>,
        now: i64,
        audit: &Audit<'_>,
    ) -> Result<Vec<TeamId>> {
        let rotated = audited_tx!(self, audit, tx => {
            change_one(
                &mut *tx,
                "UPDATE users SET disabled = TRUE, directory_mac = $1 WHERE id = $2",
                args![directory_mac, user],
                "user",
            )
            .await?;
            execute(&mut *tx, "DELETE FROM sessions WHERE user_id = $1", args![user]).await?;
            leave_all_teams!(tx, user, TeamKind::ALL, rotate, now)
        });
        Ok(rotated)
    }
}
