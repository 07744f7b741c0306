//! Staff sessions. The row holds the user's secret key sealed under a key that only the browser's
//! cookie holds, and the hash of the session id: a database dump alone opens nothing.

use sqlx::FromRow;
use vigie_domain::UserId;

use crate::decode::Parsed;
use crate::sql::args;
use crate::{Audit, Result, Store, StoreError};

/// How far the login went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStage {
    /// The password was right; the second factor (or its enrolment) is still due.
    SecondFactor,
    /// Fully logged in.
    Full,
}

impl SessionStage {
    fn as_str(self) -> &'static str {
        match self {
            SessionStage::SecondFactor => "second_factor",
            SessionStage::Full => "full",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Self> {
        match s {
            "second_factor" => Ok(SessionStage::SecondFactor),
            "full" => Ok(SessionStage::Full),
            other => Err(StoreError::Corrupt(format!("session stage `{other}`"))),
        }
    }
}

/// A session row.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct SessionRecord {
    /// SHA-256 of the random session id (the id itself is only in the cookie).
    pub id_hash: Vec<u8>,
    /// Whose session.
    #[sqlx(try_from = "Parsed<UserId>")]
    pub user_id: UserId,
    /// The user's secret key sealed under the cookie's session key.
    pub sealed_secret: Vec<u8>,
    /// Login progress.
    #[sqlx(try_from = "Parsed<SessionStage>")]
    pub stage: SessionStage,
    /// Unix seconds (absolute timeout).
    pub created_at: i64,
    /// Unix seconds (idle timeout).
    pub last_seen_at: i64,
}

impl Store {
    /// Stores a new session.
    pub async fn create_session(&self, s: &SessionRecord) -> Result<()> {
        self.exec(
            "INSERT INTO sessions (id_hash, user_id, sealed_secret, stage, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            args![
                &s.id_hash,
                s.user_id,
                &s.sealed_secret,
                s.stage.as_str(),
                s.created_at,
                s.last_seen_at,
            ],
        )
        .await?;
        Ok(())
    }

    /// The session with this id hash.
    pub async fn session(&self, id_hash: &[u8]) -> Result<Option<SessionRecord>> {
        self.optional(
            "SELECT id_hash, user_id, sealed_secret, stage, created_at, last_seen_at FROM sessions \
             WHERE id_hash = $1",
            args![id_hash],
        )
        .await
    }

    /// Records activity (the caller throttles how often).
    pub async fn touch_session(&self, id_hash: &[u8], now: i64) -> Result<()> {
        self.exec(
            "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2",
            args![now, id_hash],
        )
        .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&self, id_hash: &[u8], audit: &Audit<'_>) -> Result<()> {
        self.write_audited(
            "DELETE FROM sessions WHERE id_hash = $1",
            args![id_hash],
            audit,
        )
        .await?;
        Ok(())
    }

    /// Ends every session of a user.
    pub async fn delete_sessions_of(&self, user: UserId) -> Result<u64> {
        self.exec("DELETE FROM sessions WHERE user_id = $1", args![user])
            .await
    }

    /// Deletes sessions idle since before `idle_before` or created before `created_before`.
    pub async fn delete_expired_sessions(
        &self,
        idle_before: i64,
        created_before: i64,
    ) -> Result<u64> {
        self.exec(
            "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
            args![idle_before, created_before],
        )
        .await
    }
}
