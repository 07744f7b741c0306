//! Staff accounts. Secrets are stored wrapped (see `vigie-vault`); contact details sealed.

use sqlx::FromRow;
use vigie_domain::{RoleSet, UserId};

use crate::{Audit, Result, Store, StoreError, dispatch, found, parse_uuid, write_tx};

/// A staff account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    /// Random id.
    pub id: UserId,
    /// Normalised user name.
    pub username: String,
    /// Roles held.
    pub roles: RoleSet,
    /// X25519 public key.
    pub public_key: Vec<u8>,
    /// How the password unlocks the secret key.
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(FromRow)]
struct UserRow {
    id: String,
    username: String,
    roles: String,
    public_key: Vec<u8>,
    kdf: String,
    kdf_salt: Vec<u8>,
    verifier: Vec<u8>,
    wrapped_secret: Vec<u8>,
    escrow_slot: Option<Vec<u8>>,
    contact_sealed: Option<Vec<u8>>,
    totp_sealed: Option<Vec<u8>>,
    must_change_password: bool,
    disabled: bool,
    created_at: i64,
    directory_mac: Option<Vec<u8>>,
}

impl TryFrom<UserRow> for UserRecord {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self> {
        Ok(UserRecord {
            id: UserId(parse_uuid(&r.id)?),
            username: r.username,
            roles: RoleSet::from_names(&r.roles).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            public_key: r.public_key,
            password: PasswordFields {
                kdf: r.kdf,
                kdf_salt: r.kdf_salt,
                verifier: r.verifier,
                wrapped_secret: r.wrapped_secret,
            },
            escrow_slot: r.escrow_slot,
            contact_sealed: r.contact_sealed,
            totp_sealed: r.totp_sealed,
            must_change_password: r.must_change_password,
            disabled: r.disabled,
            created_at: r.created_at,
            directory_mac: r.directory_mac,
        })
    }
}

const USER_COLUMNS: &str = "id, username, roles, public_key, kdf, kdf_salt, verifier, wrapped_secret, \
     escrow_slot, contact_sealed, totp_sealed, must_change_password, disabled, created_at, directory_mac";

/// Inserts a user on any executor of either backend (a pool or an open transaction).
macro_rules! insert_user {
    ($exec:expr, $u:expr) => {{
        let u: &$crate::users::NewUser = $u;
        sqlx::query(
            "INSERT INTO users (id, username, roles, public_key, kdf, kdf_salt, verifier, wrapped_secret, \
             escrow_slot, contact_sealed, totp_sealed, must_change_password, disabled, created_at, directory_mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(u.id.to_string())
        .bind(&u.username)
        .bind(u.roles.to_names())
        .bind(&u.public_key)
        .bind(&u.password.kdf)
        .bind(&u.password.kdf_salt)
        .bind(&u.password.verifier)
        .bind(&u.password.wrapped_secret)
        .bind(&u.escrow_slot)
        .bind(&u.contact_sealed)
        .bind(&u.totp_sealed)
        .bind(u.must_change_password)
        .bind(u.disabled)
        .bind(u.created_at)
        .bind(&u.directory_mac)
        .execute($exec)
        .await
        .map(|_| ())
        .map_err(|e| $crate::conflict_or(e, "user name"))
    }};
}
pub(crate) use insert_user;

impl Store {
    /// Creates an account. `Conflict("user name")` if the name is taken.
    pub async fn insert_user(&self, u: &NewUser, audit: &Audit<'_>) -> Result<()> {
        write_tx!(self, tx => {
            insert_user!(&mut *tx, u)?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// The account with this (normalised) name.
    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        let row = dispatch!(self, pool => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.as_str())).bind(username).fetch_optional(pool).await?);
        row.map(UserRecord::try_from).transpose()
    }

    /// The account with this id.
    pub async fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row = dispatch!(self, pool => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.as_str())).bind(id.to_string()).fetch_optional(pool).await?);
        row.map(UserRecord::try_from).transpose()
    }

    /// Every account, by name.
    pub async fn list_users(&self) -> Result<Vec<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
        let rows = dispatch!(self, pool => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await?);
        rows.into_iter().map(UserRecord::try_from).collect()
    }

    /// Replaces the password lock (password change or reset) and ends every other session.
    pub async fn set_password(
        &self,
        id: UserId,
        fields: &PasswordFields,
        must_change: bool,
        keep_session: Option<&[u8]>,
        audit: &Audit<'_>,
    ) -> Result<()> {
        let keep = keep_session.map(<[u8]>::to_vec).unwrap_or_default();
        write_tx!(self, tx => {
            let n = sqlx::query(
                "UPDATE users SET kdf = $1, kdf_salt = $2, verifier = $3, wrapped_secret = $4, \
                 must_change_password = $5 WHERE id = $6",
            )
            .bind(&fields.kdf)
            .bind(&fields.kdf_salt)
            .bind(&fields.verifier)
            .bind(&fields.wrapped_secret)
            .bind(must_change)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            found(n, "user")?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(id.to_string())
                .bind(&keep)
                .execute(&mut *tx)
                .await?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Replaces the password lock by an equivalent one (same password and key, stronger KDF
    /// parameters), only if the lock is still the one that was opened (`old_verifier`): a password
    /// changed meanwhile wins. Sessions are untouched. Returns whether it was replaced.
    pub async fn rewrap_password(
        &self,
        id: UserId,
        old_verifier: &[u8],
        fields: &PasswordFields,
    ) -> Result<bool> {
        let n = dispatch!(self, pool => sqlx::query(
            "UPDATE users SET kdf = $1, kdf_salt = $2, verifier = $3, wrapped_secret = $4 \
             WHERE id = $5 AND verifier = $6",
        )
        .bind(&fields.kdf)
        .bind(&fields.kdf_salt)
        .bind(&fields.verifier)
        .bind(&fields.wrapped_secret)
        .bind(id.to_string())
        .bind(old_verifier)
        .execute(pool)
        .await?
        .rows_affected());
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
        write_tx!(self, tx => {
            let n = sqlx::query("UPDATE users SET totp_sealed = $1, totp_last_step = NULL WHERE id = $2")
                .bind(totp_sealed)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            found(n, "user")?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            for mac in recovery_macs {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_mac) VALUES ($1, $2)")
                    .bind(id.to_string())
                    .bind(mac.as_slice())
                    .execute(&mut *tx)
                    .await?;
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Removes the second factor and recovery codes and ends every session (`vigie user reset-2fa`).
    pub async fn reset_totp(&self, id: UserId, audit: &Audit<'_>) -> Result<()> {
        write_tx!(self, tx => {
            let n = sqlx::query("UPDATE users SET totp_sealed = NULL, totp_last_step = NULL WHERE id = $1")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            found(n, "user")?;
            for sql in ["DELETE FROM recovery_codes WHERE user_id = $1", "DELETE FROM sessions WHERE user_id = $1"] {
                sqlx::query(sql).bind(id.to_string()).execute(&mut *tx).await?;
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Consumes a recovery code: true if it existed (it is deleted, so it works once).
    pub async fn use_recovery_code(&self, id: UserId, mac: &[u8; 32]) -> Result<bool> {
        let n = dispatch!(self, pool => sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1 AND code_mac = $2")
            .bind(id.to_string())
            .bind(mac.as_slice())
            .execute(pool)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// Accepts a TOTP time step once: true if `step` is later than the last accepted one (RFC 6238
    /// section 5.2: a code must not be accepted twice), and records it.
    pub async fn consume_totp_step(&self, id: UserId, step: i64) -> Result<bool> {
        let n = dispatch!(self, pool => sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(id.to_string())
        .execute(pool)
        .await?
        .rows_affected());
        Ok(n == 1)
    }

    /// How many unused recovery codes the user has left.
    pub async fn recovery_codes_left(&self, id: UserId) -> Result<i64> {
        let (n,): (i64,) = dispatch!(self, pool => sqlx::query_as("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1")
            .bind(id.to_string())
            .fetch_one(pool)
            .await?);
        Ok(n)
    }
}
