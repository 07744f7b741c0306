//! Staff accounts. Secrets are stored wrapped (see `vigie-vault`); contact details sealed.

use sqlx::{AssertSqlSafe, FromRow};
use vigie_domain::{RoleSet, UserId};

use crate::decode::Parsed;
use crate::sql::{Arg, args, change_one, execute};
use crate::{Audit, Result, Store, audited_tx};

/// A staff account as stored.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct UserRecord {
    /// Random id.
    #[sqlx(try_from = "Parsed<UserId>")]
    pub id: UserId,
    /// Normalised user name.
    pub username: String,
    /// Roles held.
    #[sqlx(try_from = "Parsed<RoleSet>")]
    pub roles: RoleSet,
    /// X25519 public key.
    pub public_key: Vec<u8>,
    /// How the password unlocks the secret key.
    #[sqlx(flatten)]
    pub password: PasswordFields,
    /// The secret key wrapped for the escrow key, if escrow is on.
    pub escrow_slot: Option<Vec<u8>>,
    /// Name, e-mail, phone: sealed under the instance secret.
    pub contact_sealed: Option<Vec<u8>>,
    /// The TOTP secret, wrapped for the user's own public key; `None` until enrolled.
    pub totp_sealed: Option<Vec<u8>>,
    /// True for a one-time password (first login, reset).
    pub must_change_password: bool,
    /// Disabled accounts cannot log in and belong to no team.
    pub disabled: bool,
    /// Unix seconds.
    pub created_at: i64,
    /// The key directory's MAC over id, name, roles, public key and disabled flag (made by the caller
    /// under a key the database never holds); `None` on rows written before it existed.
    pub directory_mac: Option<Vec<u8>>,
}

/// The password lock of a secret key (`vigie_vault::PasswordLock`, as bytes).
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct PasswordFields {
    /// Encoded KDF parameters.
    pub kdf: String,
    /// Per-user salt.
    pub kdf_salt: Vec<u8>,
    /// Authentication verifier.
    pub verifier: Vec<u8>,
    /// Secret key sealed under the password-derived key.
    pub wrapped_secret: Vec<u8>,
}

/// A new account.
pub type NewUser = UserRecord;

pub(crate) const USER_COLUMNS: &str = "id, username, roles, public_key, kdf, kdf_salt, verifier, wrapped_secret, \
     escrow_slot, contact_sealed, totp_sealed, must_change_password, disabled, created_at, directory_mac";

impl PasswordFields {
    /// The four columns of the lock, in `USER_COLUMNS` order.
    pub(crate) fn args(&self) -> Vec<Arg<'_>> {
        args![
            &self.kdf,
            &self.kdf_salt,
            &self.verifier,
            &self.wrapped_secret
        ]
    }
}

/// Inserts a user on any executor of either backend (a pool or an open transaction).
macro_rules! insert_user {
    ($exec:expr, $u:expr) => {{
        let u: &$crate::users::NewUser = $u;
        let mut values = $crate::sql::args![u.id, &u.username, u.roles.to_names(), &u.public_key];
        values.extend(u.password.args());
        values.extend($crate::sql::args![
            &u.escrow_slot,
            &u.contact_sealed,
            &u.totp_sealed,
            u.must_change_password,
            u.disabled,
            u.created_at,
            &u.directory_mac,
        ]);
        $crate::sql::execute(
            $exec,
            sqlx::AssertSqlSafe(format!(
                "INSERT INTO users ({}) VALUES ({})",
                $crate::users::USER_COLUMNS,
                $crate::sql::placeholders(15)
            )),
            values,
        )
        .await
        .map(|_| ())
        .map_err(|e| $crate::conflict_or(e, "user name"))
    }};
}
pub(crate) use insert_user;

impl Store {
    /// Creates an account. `Conflict("user name")` if the name is taken.
    pub async fn insert_user(&self, u: &NewUser, audit: &Audit<'_>) -> Result<()> {
        audited_tx!(self, audit, tx => {
            insert_user!(&mut *tx, u)?;
        });
        Ok(())
    }

    /// The accounts whose row matches `clause` (SQL text of this module, from `WHERE`).
    async fn users_where(&self, clause: &str, values: Vec<Arg<'_>>) -> Result<Vec<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users {clause}");
        self.all(AssertSqlSafe(sql), values).await
    }

    /// The account with this (normalised) name.
    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>> {
        Ok(self
            .users_where("WHERE username = $1", args![username])
            .await?
            .pop())
    }

    /// The account with this id.
    pub async fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>> {
        Ok(self.users_where("WHERE id = $1", args![id]).await?.pop())
    }

    /// Every account, by name.
    pub async fn list_users(&self) -> Result<Vec<UserRecord>> {
        self.users_where("ORDER BY username", args![]).await
    }

    /// Replaces the password lock (password change or reset), locked under the current instance
    /// secret, and ends every other session.
    pub async fn set_password(
        &self,
        id: UserId,
        fields: &PasswordFields,
        must_change: bool,
        keep_session: Option<&[u8]>,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let keep = keep_session.unwrap_or_default();
        let mut values = fields.args();
        values.extend(args![must_change, id]);
        audited_tx!(self, audit, tx => {
            change_one(
                &mut *tx,
                "UPDATE users SET kdf = $1, kdf_salt = $2, verifier = $3, wrapped_secret = $4, \
                 must_change_password = $5, pepper = NULL WHERE id = $6",
                values,
                "user",
            )
            .await?;
            execute(
                &mut *tx,
                "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2",
                args![id, keep],
            )
            .await?;
        });
        Ok(())
    }

    /// Replaces the password lock by an equivalent one (same password and key, stronger KDF
    /// parameters, or the current instance secret's pepper instead of a previous one), only if the
    /// lock is still the one that was opened (`old_verifier`): a password
    /// changed meanwhile wins. Sessions are untouched. Returns whether it was replaced.
    pub async fn rewrap_password(
        &self,
        id: UserId,
        old_verifier: &[u8],
        fields: &PasswordFields,
    ) -> Result<bool> {
        let mut values = fields.args();
        values.extend(args![id, old_verifier]);
        let n = self
            .exec(
                "UPDATE users SET kdf = $1, kdf_salt = $2, verifier = $3, wrapped_secret = $4, \
                 pepper = NULL WHERE id = $5 AND verifier = $6",
                values,
            )
            .await?;
        Ok(n == 1)
    }

    /// Stores an enrolled second factor and its recovery codes (replacing any earlier ones).
    pub async fn enrol_totp(
        &self,
        id: UserId,
        totp_sealed: &[u8],
        recovery_macs: &[[u8; 32]],
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            change_one(
                &mut *tx,
                "UPDATE users SET totp_sealed = $1, totp_last_step = NULL WHERE id = $2",
                args![totp_sealed, id],
                "user",
            )
            .await?;
            execute(&mut *tx, "DELETE FROM recovery_codes WHERE user_id = $1", args![id]).await?;
            for mac in recovery_macs {
                execute(
                    &mut *tx,
                    "INSERT INTO recovery_codes (user_id, code_mac) VALUES ($1, $2)",
                    args![id, mac.as_slice()],
                )
                .await?;
            }
        });
        Ok(())
    }

    /// Removes the second factor and recovery codes and ends every session (`vigie user reset-2fa`).
    pub async fn reset_totp(&self, id: UserId, audit: &Audit<'_>) -> Result<()> {
        audited_tx!(self, audit, tx => {
            change_one(
                &mut *tx,
                "UPDATE users SET totp_sealed = NULL, totp_last_step = NULL WHERE id = $1",
                args![id],
                "user",
            )
            .await?;
            for sql in ["DELETE FROM recovery_codes WHERE user_id = $1", "DELETE FROM sessions WHERE user_id = $1"] {
                execute(&mut *tx, sql, args![id]).await?;
            }
        });
        Ok(())
    }

    /// Consumes a recovery code: true if it existed (it is deleted, so it works once).
    pub async fn use_recovery_code(&self, id: UserId, mac: &[u8; 32]) -> Result<bool> {
        let n = self
            .exec(
                "DELETE FROM recovery_codes WHERE user_id = $1 AND code_mac = $2",
                args![id, mac.as_slice()],
            )
            .await?;
        Ok(n == 1)
    }

    /// Accepts a TOTP time step once: true if `step` is later than the last accepted one (RFC 6238
    /// section 5.2: a code must not be accepted twice), and records it.
    pub async fn consume_totp_step(&self, id: UserId, step: i64) -> Result<bool> {
        let n = self
            .exec(
                "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                 AND (totp_last_step IS NULL OR totp_last_step < $1)",
                args![step, id],
            )
            .await?;
        Ok(n == 1)
    }

    /// How many unused recovery codes the user has left.
    pub async fn recovery_codes_left(&self, id: UserId) -> Result<i64> {
        let (n,) = self
            .one(
                "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1",
                args![id],
            )
            .await?;
        Ok(n)
    }
}
