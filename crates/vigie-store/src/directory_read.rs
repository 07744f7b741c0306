//! The key directory and the routing rules, read in one statement.
//!
//! A new report needs both (which team it reaches, and whom its keys are wrapped for). With sqlx's
//! SQLite driver every statement is a round trip to the connection's thread (a channel and a futex
//! wake each way), which was most of a submission's cost outside its Argon2id run: the eight reads
//! it made are one `UNION ALL` here, whose rows carry a tag saying which table they come from.
//! A single statement also reads one consistent snapshot on both backends.
//!
//! Nothing is trusted here: the caller checks every directory row against its MAC, as before.

use vigie_domain::keys::TeamKind;
use vigie_domain::{RoleSet, TeamId, UserId};

use crate::decode::FromStored;
use crate::directory::{DirectoryRows, MemberRecord, TeamKeyRecord, UserKeyRecord};
use crate::routing::RuleRecord;
use crate::sql::args;
use crate::{Result, Store, StoreError, TeamRecord, parse_code, parse_uuid};

/// What routes a new report: every team (by name), every rule (in order) and the default team.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoutingRows {
    /// Every team, ordered by name as [`Store::list_teams`] orders them (when no default team is
    /// named, the first one receives what no rule claims).
    pub teams: Vec<TeamRecord>,
    /// Every routing rule, in the order [`Store::routing_rules`] lists them: by position, then id.
    pub rules: Vec<RuleRecord>,
    /// The team that receives reports no rule matches (as [`Store::default_team`] says).
    pub default_team: Option<TeamId>,
}

/// The tables' rows in one shape: the tag naming the table, the row's place in its table's own
/// order (computed by the database with the order the former statements used, collation
/// included: the statement sorts by it), then `a`, `b`, `c`, `d`, `n`, `m`, `key`, `mac` and
/// `flag` as [`INTAKE_SQL`] fills them.
type TaggedRow = (
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    bool,
);

/// Column by column: `a` the row's id (the instance's default team), `b` a name or the second id,
/// `c` a code (roles, kind, category), `d` a district, `n` and `m` numbers (generation or position,
/// creation time), `key` a public key, `mac` a directory MAC, `flag` the disabled flag.
/// PostgreSQL types a `UNION` column by column from its branches, so the first branch (the
/// instance) gives every column a typed value, and the numbers are `0`, never `NULL`.
const INTAKE_SQL: &str = "\
SELECT 'instance' AS tag, 0 AS ord, default_team_id AS a, NULL AS b, NULL AS c, NULL AS d, \
 0 AS n, 0 AS m, escrow_public_key AS key, directory_mac AS mac, FALSE AS flag \
 FROM instance WHERE id = 1 \
UNION ALL SELECT 'user', ROW_NUMBER() OVER (ORDER BY username), id, username, roles, NULL, \
 0, 0, public_key, directory_mac, disabled FROM users \
UNION ALL SELECT 'team', ROW_NUMBER() OVER (ORDER BY name), id, name, kind, NULL, \
 generation, created_at, public_key, NULL, FALSE FROM teams \
UNION ALL SELECT 'team_key', ROW_NUMBER() OVER (ORDER BY k.team_id, k.generation), k.team_id, \
 NULL, t.kind, NULL, k.generation, 0, k.public_key, k.directory_mac, FALSE \
 FROM team_keys k JOIN teams t ON t.id = k.team_id \
UNION ALL SELECT 'member', ROW_NUMBER() OVER (ORDER BY team_id, user_id), team_id, user_id, \
 NULL, NULL, 0, 0, NULL, directory_mac, FALSE FROM team_members \
UNION ALL SELECT 'rule', ROW_NUMBER() OVER (ORDER BY position, id), id, team_id, category, \
 district, position, 0, NULL, NULL, FALSE FROM routing_rules \
ORDER BY tag, ord";

/// A column the row's table always fills.
fn required(v: Option<String>, what: &str) -> Result<String> {
    v.ok_or_else(|| StoreError::Corrupt(format!("missing {what}")))
}

fn team_id(v: Option<String>) -> Result<TeamId> {
    Ok(TeamId(parse_uuid(&required(v, "team id")?)?))
}

fn user_id(v: Option<String>) -> Result<UserId> {
    Ok(UserId(parse_uuid(&required(v, "user id")?)?))
}

fn team_kind(v: Option<String>) -> Result<TeamKind> {
    parse_code(&required(v, "team kind")?, "team kind")
}

impl Store {
    /// Every row of the key directory, and what routes a new report, in one statement: the same
    /// rows, in the same order, as [`Store::list_users`], `teams`, `team_keys`, `team_members`,
    /// [`Store::routing_rules`] and [`Store::default_team`] read one by one.
    pub async fn directory_and_routing(&self) -> Result<(DirectoryRows, RoutingRows)> {
        let rows: Vec<TaggedRow> = self.intake().all(INTAKE_SQL, args![]).await?;
        let mut dir = DirectoryRows::default();
        let mut routing = RoutingRows::default();
        let mut instance = false;
        for (tag, _ord, a, b, c, d, n, m, key, mac, flag) in rows {
            match tag.as_str() {
                "instance" => {
                    instance = true;
                    dir.escrow = (key, mac);
                    routing.default_team = a.map(|t| parse_uuid(&t).map(TeamId)).transpose()?;
                }
                "user" => dir.users.push(UserKeyRecord {
                    id: user_id(a)?,
                    username: required(b, "user name")?,
                    roles: <RoleSet as FromStored>::from_stored(c)?,
                    public_key: required_key(key)?,
                    disabled: flag,
                    directory_mac: mac,
                }),
                "team" => {
                    let id = team_id(a)?;
                    let public_key = required_key(key)?;
                    dir.teams.push((id, n, public_key.clone()));
                    routing.teams.push(TeamRecord {
                        id,
                        name: required(b, "team name")?,
                        generation: n,
                        public_key,
                        created_at: m,
                        kind: team_kind(c)?,
                    });
                }
                "team_key" => dir.team_keys.push(TeamKeyRecord {
                    team: team_id(a)?,
                    generation: n,
                    public_key: required_key(key)?,
                    directory_mac: mac,
                    casework: team_kind(c)? == TeamKind::Casework,
                }),
                "member" => dir.members.push(MemberRecord {
                    team: team_id(a)?,
                    user: user_id(b)?,
                    directory_mac: mac,
                }),
                "rule" => routing.rules.push(RuleRecord {
                    id: required(a, "rule id")?,
                    position: n,
                    category: c
                        .as_deref()
                        .map(|c| parse_code(c, "routing category"))
                        .transpose()?,
                    district: d,
                    team: team_id(b)?,
                }),
                _ => return Err(StoreError::Corrupt("unknown directory row".into())),
            }
        }
        // The directory's teams by id, as its former statement read them (routing's stay by name).
        dir.teams.sort_by_key(|(id, _, _)| id.to_string());
        if !instance {
            return Err(StoreError::NotFound("instance"));
        }
        Ok((dir, routing))
    }
}

/// A public key column the row's table always fills.
fn required_key(v: Option<Vec<u8>>) -> Result<Vec<u8>> {
    v.ok_or_else(|| StoreError::Corrupt("missing public key".into()))
}
