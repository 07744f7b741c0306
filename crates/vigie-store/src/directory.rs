//! The key directory's rows as stored, for the caller to check against their MACs, and the second
//! format of audit checkpoints. The store only moves bytes: the MACs are made and checked by the
//! caller, under a key the database never holds.

use vigie_domain::{Checkpoint, RoleSet, TeamId, UserId};

use sqlx::AssertSqlSafe;

use crate::audit::hash32;
use crate::sql::{args, placeholders};
use crate::{Result, Store, UserRecord};

/// One generation of a team's key, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamKeyRecord {
    /// The team.
    pub team: TeamId,
    /// The generation.
    pub generation: i64,
    /// Its public key.
    pub public_key: Vec<u8>,
    /// Its directory MAC.
    pub directory_mac: Option<Vec<u8>>,
    /// Whether its team's row says casework (MACed with the key: see `DirectoryEntry::TeamKey`).
    pub casework: bool,
}

/// A team membership, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRecord {
    /// The team.
    pub team: TeamId,
    /// The member.
    pub user: UserId,
    /// Its directory MAC.
    pub directory_mac: Option<Vec<u8>>,
}

/// An account's columns that the key directory holds (its entry and MAC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserKeyRecord {
    /// Random id.
    pub id: UserId,
    /// Normalised user name.
    pub username: String,
    /// Roles held.
    pub roles: RoleSet,
    /// X25519 public key.
    pub public_key: Vec<u8>,
    /// Disabled accounts are wrapped for nothing.
    pub disabled: bool,
    /// Its directory MAC.
    pub directory_mac: Option<Vec<u8>>,
}

impl From<&UserRecord> for UserKeyRecord {
    fn from(u: &UserRecord) -> Self {
        UserKeyRecord {
            id: u.id,
            username: u.username.clone(),
            roles: u.roles,
            public_key: u.public_key.clone(),
            disabled: u.disabled,
            directory_mac: u.directory_mac.clone(),
        }
    }
}

/// Every row of the key directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryRows {
    /// The escrow key, if any, and the instance row's directory MAC.
    pub escrow: (Option<Vec<u8>>, Option<Vec<u8>>),
    /// Every account (disabled ones too: their flag is part of the directory), by name: the
    /// directory's columns only, not the password lock.
    pub users: Vec<UserKeyRecord>,
    /// Every team's current generation and its public key as the `teams` row says.
    pub teams: Vec<(TeamId, i64, Vec<u8>)>,
    /// Every generation of every team's key.
    pub team_keys: Vec<TeamKeyRecord>,
    /// Every membership.
    pub members: Vec<MemberRecord>,
}

type CheckpointRow = (i64, i64, Vec<u8>, i64, i64, Vec<u8>, Vec<u8>, Vec<u8>);

fn checkpoint_from(r: CheckpointRow) -> Result<Checkpoint> {
    Ok(Checkpoint {
        number: r.0,
        upto_seq: r.1,
        head_hash: hash32(r.2, "head_hash")?,
        created_at: r.3,
        directory_version: r.4,
        directory_digest: hash32(r.5, "directory_digest")?,
        prev_hash: hash32(r.6, "prev_hash")?,
        signature: r.7,
    })
}

const CHECKPOINT_COLUMNS: &str = "number, upto_seq, head_hash, created_at, directory_version, directory_digest, prev_hash, signature";

impl Store {
    /// Every row of the key directory (one statement: see [`Store::directory_and_routing`]).
    pub async fn directory_rows(&self) -> Result<DirectoryRows> {
        Ok(self.directory_and_routing().await?.0)
    }

    /// Writes the directory MACs of rows that predate them (an instance sealing its directory for
    /// the first time). Rows not listed are left as they are.
    pub async fn seal_directory_rows(&self, macs: &crate::DirectoryMacs) -> Result<()> {
        crate::write_tx!(self, tx => {
            crate::instance_rotation::write_directory_macs!(tx, macs);
        });
        Ok(())
    }

    /// Stores a checkpoint. `Conflict("checkpoint")` if its number is taken (another instance signed
    /// one first).
    pub async fn insert_checkpoint_v2(&self, c: &Checkpoint) -> Result<()> {
        let sql = format!(
            "INSERT INTO checkpoint_chain ({CHECKPOINT_COLUMNS}) VALUES ({})",
            placeholders(8)
        );
        let values = args![
            c.number,
            c.upto_seq,
            c.head_hash.as_slice(),
            c.created_at,
            c.directory_version,
            c.directory_digest.as_slice(),
            c.prev_hash.as_slice(),
            &c.signature,
        ];
        self.exec_unique(AssertSqlSafe(sql), values, "checkpoint")
            .await?;
        Ok(())
    }

    /// Every checkpoint of the second format, by number.
    pub async fn checkpoint_chain(&self) -> Result<Vec<Checkpoint>> {
        self.chain_where("ORDER BY number").await
    }

    /// The newest checkpoint of the second format.
    pub async fn last_checkpoint_v2(&self) -> Result<Option<Checkpoint>> {
        Ok(self
            .chain_where("ORDER BY number DESC LIMIT 1")
            .await?
            .pop())
    }

    /// The checkpoints of the second format, in `order` (SQL text of this module).
    async fn chain_where(&self, order: &str) -> Result<Vec<Checkpoint>> {
        let sql = format!("SELECT {CHECKPOINT_COLUMNS} FROM checkpoint_chain {order}");
        let rows: Vec<CheckpointRow> = self.all(AssertSqlSafe(sql), args![]).await?;
        rows.into_iter().map(checkpoint_from).collect()
    }
}
