//! Login throttling by account, kept in the database so that it holds across instances. The key is a
//! MAC of the user name (computed by the caller), so no name and no address is stored.

use crate::sql::args;
use crate::{Result, Store};

impl Store {
    /// `(failures, last_failure_at)` for this account key, if any failure is recorded.
    pub async fn throttle_state(&self, key: &[u8]) -> Result<Option<(i64, i64)>> {
        self.optional(
            "SELECT failures, last_failure_at FROM login_throttle WHERE account_key = $1",
            args![key],
        )
        .await
    }

    /// Counts one more failure, atomically; returns the new count.
    pub async fn record_login_failure(&self, key: &[u8], now: i64) -> Result<i64> {
        let (n,) = self
            .one(
                "INSERT INTO login_throttle (account_key, failures, last_failure_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (account_key) DO UPDATE SET failures = login_throttle.failures + 1, \
                 last_failure_at = $2 RETURNING failures",
                args![key, now],
            )
            .await?;
        Ok(n)
    }

    /// Forgets the failures after a successful login.
    pub async fn clear_login_failures(&self, key: &[u8]) -> Result<()> {
        self.exec(
            "DELETE FROM login_throttle WHERE account_key = $1",
            args![key],
        )
        .await?;
        Ok(())
    }
}
