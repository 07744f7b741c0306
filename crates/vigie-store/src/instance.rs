//! The instance row: created once by `vigie init`.

use sqlx::FromRow;

use crate::sql::{args, execute, fetch_optional};
use crate::users::{NewUser, insert_user};
use crate::{Result, Store, StoreError, write_tx};

/// Instance-wide public values (nothing here is secret: the instance secret lives in a file).
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct InstanceRow {
    /// Salt for receipt derivation (one for the whole instance, DESIGN.md section 3).
    pub salt: Vec<u8>,
    /// A MAC under the instance secret, to tell at start-up that the secret file belongs here.
    pub secret_check: Vec<u8>,
    /// Encoded KDF parameters for receipts.
    pub receipt_kdf: String,
    /// The audit key's Ed25519 public key (the secret lives outside the database).
    pub audit_public_key: Vec<u8>,
    /// The escrow key's X25519 public key, if escrow was chosen.
    pub escrow_public_key: Option<Vec<u8>>,
    /// Unix seconds.
    pub created_at: i64,
    /// The key directory's MAC over the escrow key (or its absence); `None` before it existed.
    pub directory_mac: Option<Vec<u8>>,
}

impl Store {
    /// The instance row, or `None` before `vigie init`.
    pub async fn instance(&self) -> Result<Option<InstanceRow>> {
        self.optional(
            "SELECT salt, secret_check, receipt_kdf, audit_public_key, escrow_public_key, created_at, \
             directory_mac FROM instance WHERE id = 1",
            args![],
        )
        .await
    }

    /// Creates the instance and its first admin in one transaction. `Conflict` if already initialised.
    pub async fn init_instance(&self, row: &InstanceRow, admin: &NewUser) -> Result<()> {
        write_tx!(self, tx => {
            let done: Option<(i64,)> =
                fetch_optional(&mut *tx, "SELECT id FROM instance WHERE id = 1", args![]).await?;
            if done.is_some() {
                return Err(StoreError::Conflict("instance"));
            }
            execute(
                &mut *tx,
                "INSERT INTO instance (id, salt, secret_check, receipt_kdf, audit_public_key, \
                 escrow_public_key, created_at, directory_mac) VALUES (1, $1, $2, $3, $4, $5, $6, $7)",
                args![
                    &row.salt,
                    &row.secret_check,
                    &row.receipt_kdf,
                    &row.audit_public_key,
                    &row.escrow_public_key,
                    row.created_at,
                    &row.directory_mac,
                ],
            )
            .await?;
            insert_user!(&mut *tx, admin)?;
        });
        Ok(())
    }

    /// Replaces the audit key's public key after `vigie keys rotate-audit` (the database's copy, checked
    /// against the key file at start; verification trusts the key file, never this column).
    pub async fn set_audit_public_key(&self, key: &[u8]) -> Result<()> {
        write_tx!(self, tx => {
            execute(
                &mut *tx,
                "UPDATE instance SET audit_public_key = $1 WHERE id = 1",
                args![key],
            )
            .await?;
        });
        Ok(())
    }
}
