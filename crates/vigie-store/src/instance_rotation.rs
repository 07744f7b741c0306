//! Rotating the instance secret (`vigie keys rotate-instance`): everything the caller re-derived
//! under the new secret, written in one transaction with its audit entry, and what still depends on
//! a previous secret (password locks and receipts, by the secret's id). The store only moves bytes:
//! the MACs and seals are made by the caller, under keys the database never holds.

use vigie_domain::{ReportId, TeamId, UserId};

use crate::sql::{args, change_one, execute};
use crate::{Audit, Result, Store, audited_tx};

/// The directory MACs to write, row by row (rows not listed are left as they are).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryMacs {
    /// The instance row's MAC (the escrow key, or its absence).
    pub escrow: Vec<u8>,
    /// Each account's MAC.
    pub users: Vec<(UserId, Vec<u8>)>,
    /// Each team key generation's MAC.
    pub team_keys: Vec<(TeamId, i64, Vec<u8>)>,
    /// Each membership's MAC.
    pub members: Vec<(TeamId, UserId, Vec<u8>)>,
}

/// Writes [`DirectoryMacs`] inside an open transaction.
macro_rules! write_directory_macs {
    ($tx:ident, $macs:expr) => {{
        let macs: &$crate::DirectoryMacs = $macs;
        $crate::sql::execute(
            &mut *$tx,
            "UPDATE instance SET directory_mac = $1 WHERE id = 1",
            $crate::sql::args![&macs.escrow],
        )
        .await?;
        for (id, mac) in &macs.users {
            $crate::sql::execute(
                &mut *$tx,
                "UPDATE users SET directory_mac = $1 WHERE id = $2",
                $crate::sql::args![mac, id],
            )
            .await?;
        }
        for (team, generation, mac) in &macs.team_keys {
            $crate::sql::execute(
                &mut *$tx,
                "UPDATE team_keys SET directory_mac = $1 WHERE team_id = $2 AND generation = $3",
                $crate::sql::args![mac, team, *generation],
            )
            .await?;
        }
        for (team, user, mac) in &macs.members {
            $crate::sql::execute(
                &mut *$tx,
                "UPDATE team_members SET directory_mac = $1 WHERE team_id = $2 AND user_id = $3",
                $crate::sql::args![mac, team, user],
            )
            .await?;
        }
    }};
}
pub(crate) use write_directory_macs;

/// A table whose rows hold something sealed under the instance's contact key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactTable {
    /// Staff contact details (`users.contact_sealed`).
    Users,
    /// Teams' notification addresses (`teams.notify_sealed`).
    Teams,
    /// The partner directory's sealed half (`partners.sealed`).
    Partners,
    /// Prevention structures' sealed contact (`prevention_structures.sealed`).
    Structures,
}

impl ContactTable {
    fn update_sql(self) -> &'static str {
        match self {
            ContactTable::Users => "UPDATE users SET contact_sealed = $1 WHERE id = $2",
            ContactTable::Teams => "UPDATE teams SET notify_sealed = $1 WHERE id = $2",
            ContactTable::Partners => "UPDATE partners SET sealed = $1 WHERE id = $2",
            ContactTable::Structures => {
                "UPDATE prevention_structures SET sealed = $1 WHERE id = $2"
            }
        }
    }
}

/// One row's seal, re-made under the new contact key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resealed {
    /// Its table.
    pub table: ContactTable,
    /// The row's id (hyphenated text, as stored).
    pub id: String,
    /// The new seal.
    pub sealed: Vec<u8>,
}

/// Everything a rotation writes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstanceRotation {
    /// The instance check under the secret the database had (the rotation is refused if it changed
    /// meanwhile: another run did it).
    pub old_check: Vec<u8>,
    /// The instance check under the new secret.
    pub new_check: Vec<u8>,
    /// The key directory's MACs under the new secret.
    pub directory: DirectoryMacs,
    /// Receipt holders' key MACs under the new secret (only those that checked under the old one).
    pub reporter_macs: Vec<(ReportId, Vec<u8>)>,
    /// Contact seals under the new secret.
    pub resealed: Vec<Resealed>,
    /// The old secret's id: every password lock and receipt that was under the current secret is
    /// now under it.
    pub old_pepper: String,
}

impl Store {
    /// Writes a rotation and its audit entry in one transaction. Besides what `r` carries: recovery
    /// codes (MACs under the old secret, which cannot be recomputed) and login throttling rows (keyed
    /// by such MACs) are deleted, and every staff session ends. `Conflict("instance check")` if the
    /// database's instance check is not `r.old_check` any more.
    pub async fn rotate_instance(&self, r: &InstanceRotation, audit: &Audit<'_>) -> Result<()> {
        audited_tx!(self, audit, tx => {
            change_one(
                &mut *tx,
                "UPDATE instance SET secret_check = $1 WHERE id = 1 AND secret_check = $2",
                args![&r.new_check, &r.old_check],
                "instance check",
            )
            .await
            .map_err(|e| match e {
                crate::StoreError::NotFound(_) => crate::StoreError::Conflict("instance check"),
                other => other,
            })?;
            write_directory_macs!(tx, &r.directory);
            for (report, mac) in &r.reporter_macs {
                execute(
                    &mut *tx,
                    "UPDATE reports SET reporter_key_mac = $1 WHERE id = $2",
                    args![mac, report],
                )
                .await?;
            }
            for row in &r.resealed {
                execute(&mut *tx, row.table.update_sql(), args![&row.sealed, row.id.as_str()])
                    .await?;
            }
            for sql in [
                "UPDATE users SET pepper = $1 WHERE pepper IS NULL",
                "UPDATE reports SET receipt_pepper = $1 WHERE receipt_pepper IS NULL",
            ] {
                execute(&mut *tx, sql, args![r.old_pepper.as_str()]).await?;
            }
            for sql in [
                "DELETE FROM recovery_codes",
                "DELETE FROM login_throttle",
                "DELETE FROM sessions",
            ] {
                execute(&mut *tx, sql, args![]).await?;
            }
        });
        Ok(())
    }

    /// The previous secret (by id) that peppers this account's password lock; `None` for the
    /// current one.
    pub async fn user_pepper(&self, id: UserId) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> = self
            .optional("SELECT pepper FROM users WHERE id = $1", args![id])
            .await?;
        Ok(row.and_then(|(p,)| p))
    }

    /// The active accounts whose password is still locked under a previous secret: (secret id,
    /// user name), by name.
    pub async fn users_on_previous_secrets(&self) -> Result<Vec<(String, String)>> {
        self.all(
            "SELECT pepper, username FROM users WHERE pepper IS NOT NULL AND NOT disabled \
             ORDER BY username",
            args![],
        )
        .await
    }

    /// How many reports' receipts each previous secret peppers: (secret id, count).
    pub async fn receipts_on_previous_secrets(&self) -> Result<Vec<(String, i64)>> {
        self.all(
            "SELECT receipt_pepper, COUNT(*) FROM reports WHERE receipt_pepper IS NOT NULL \
             GROUP BY receipt_pepper ORDER BY receipt_pepper",
            args![],
        )
        .await
    }

    /// Every report's receipt-holder key and its MAC (`None` before these MACs existed), for a
    /// rotation.
    pub async fn reporter_keys(&self) -> Result<Vec<(ReportId, Vec<u8>, Option<Vec<u8>>)>> {
        let rows: Vec<(String, Vec<u8>, Option<Vec<u8>>)> = self
            .all(
                "SELECT id, reporter_public_key, reporter_key_mac FROM reports ORDER BY id",
                args![],
            )
            .await?;
        rows.into_iter()
            .map(|(id, pk, mac)| Ok((ReportId(crate::parse_uuid(&id)?), pk, mac)))
            .collect()
    }

    /// Every team's sealed notification addresses, for a rotation.
    pub async fn teams_notify_sealed(&self) -> Result<Vec<(TeamId, Vec<u8>)>> {
        let rows: Vec<(String, Vec<u8>)> = self
            .all(
                "SELECT id, notify_sealed FROM teams WHERE notify_sealed IS NOT NULL ORDER BY id",
                args![],
            )
            .await?;
        rows.into_iter()
            .map(|(id, sealed)| Ok((TeamId(crate::parse_uuid(&id)?), sealed)))
            .collect()
    }
}
