//! Staff sessions. The row holds the user's secret key sealed under a key that only the browser's
//! cookie holds, and the hash of the session id: a database dump alone opens nothing.

use sqlx::FromRow;
use vigie_domain::UserId;

use crate::{Audit, Result, Store, StoreError, dispatch, parse_uuid, write_tx};

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

    fn parse(s: &str) -> Result<Self> {
        match s {
            "second_factor" => Ok(SessionStage::SecondFactor),
            "full" => Ok(SessionStage::Full),
            other => Err(StoreError::Corrupt(format!("session stage `{other}`"))),
        }
    }
}

/// A session row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the random session id (the id itself is only in the cookie).
    pub id_hash: Vec<u8>,
    /// Whose session.
    pub user_id: UserId,
    /// The user's secret key sealed under the cookie's session key.
    pub sealed_secret: Vec<u8>,
    /// Login progress.
    pub stage: SessionStage,
    /// Unix seconds (absolute timeout).
    pub created_at: i64,
    /// Unix seconds (idle timeout).
    pub last_seen_at: i64,
}

#[derive(FromRow)]
struct SessionRow {
    id_hash: Vec<u8>,
    user_id: String,
    sealed_secret: Vec<u8>,
    stage: String,
    created_at: i64,
    last_seen_at: i64,
}

impl Store {
    /// Stores a new session.
    pub async fn create_session(&self, s: &SessionRecord) -> Result<()> {
        dispatch!(self, pool => { sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, sealed_secret, stage, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.id_hash)
        .bind(s.user_id.to_string())
        .bind(&s.sealed_secret)
        .bind(s.stage.as_str())
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .execute(pool)
        .await?; });
        Ok(())
    }

    /// The session with this id hash.
    pub async fn session(&self, id_hash: &[u8]) -> Result<Option<SessionRecord>> {
        let row = dispatch!(self, pool => sqlx::query_as::<_, SessionRow>(
            "SELECT id_hash, user_id, sealed_secret, stage, created_at, last_seen_at FROM sessions WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(pool)
        .await?);
        row.map(|r| {
            Ok(SessionRecord {
                id_hash: r.id_hash,
                user_id: UserId(parse_uuid(&r.user_id)?),
                sealed_secret: r.sealed_secret,
                stage: SessionStage::parse(&r.stage)?,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
            })
        })
        .transpose()
    }

    /// Records activity (the caller throttles how often).
    pub async fn touch_session(&self, id_hash: &[u8], now: i64) -> Result<()> {
        dispatch!(self, pool => { sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(pool)
            .await?; });
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&self, id_hash: &[u8], audit: &Audit<'_>) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(&mut *tx)
                .await?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Ends every session of a user.
    pub async fn delete_sessions_of(&self, user: UserId) -> Result<u64> {
        Ok(
            dispatch!(self, pool => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.to_string())
            .execute(pool)
            .await?
            .rows_affected()),
        )
    }

    /// Deletes sessions idle since before `idle_before` or created before `created_before`.
    pub async fn delete_expired_sessions(
        &self,
        idle_before: i64,
        created_before: i64,
    ) -> Result<u64> {
        Ok(
            dispatch!(self, pool => sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(created_before)
            .execute(pool)
            .await?
            .rows_affected()),
        )
    }
}
