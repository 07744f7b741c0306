//! Opening a [`Store`] from a URL.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Backend, Result, SQLITE_BUSY_TIMEOUT, Store, StoreError};

/// How to open the database.
#[derive(Clone)]
pub struct StoreOptions {
    /// `sqlite://PATH` (created if missing) or `postgres://USER:PASSWORD@HOST/DB`.
    pub url: String,
    /// PostgreSQL only: the schema to use (created if missing). Tests use one schema each.
    pub pg_schema: Option<String>,
    /// Most connections held open.
    pub max_connections: u32,
    /// How long to wait for a connection (and for the server to answer at start-up).
    pub acquire_timeout: Duration,
}

impl std::fmt::Debug for StoreOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreOptions")
            .field("url", &redact_url(&self.url))
            .field("pg_schema", &self.pg_schema)
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl StoreOptions {
    /// Options with defaults for `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            pg_schema: None,
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// The URL with any password (in the user info or a `password=` parameter) replaced by `***`, fit for
/// an error message or a log line.
pub fn redact_url(url: &str) -> String {
    let url = redact_userinfo(url);
    match url.split_once('?') {
        Some((base, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_owned(),
                })
                .collect();
            format!("{base}?{}", params.join("&"))
        }
        None => url,
    }
}

fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}{tail}")
            } else {
                format!("{scheme}://{user}@{host}{tail}")
            }
        }
        None => url.to_owned(),
    }
}

fn valid_schema_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Store {
    /// Opens the database the URL names. Does not migrate: call [`Store::migrate`].
    pub async fn connect(opts: &StoreOptions) -> Result<Store> {
        let url = opts.url.as_str();
        let connect_err = |source| StoreError::Connect {
            url: redact_url(url),
            source,
        };
        if url.starts_with("sqlite:") {
            let conn = SqliteConnectOptions::from_str(url)
                .map_err(connect_err)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                // Deleted reports are overwritten on disk, not just unlinked from the b-tree.
                .pragma("secure_delete", "ON")
                .busy_timeout(SQLITE_BUSY_TIMEOUT);
            let pool = |size: u32| {
                SqlitePoolOptions::new()
                    .max_connections(size)
                    // One connection always open, never recycled: with none, SQLite deletes its
                    // WAL and the next request (maybe a reporter's) creates it again, giving the
                    // data directory that request's time.
                    .min_connections(1)
                    .max_lifetime(None)
                    // No ping before each use: a SQLite connection is a thread of this process,
                    // not a socket that can die quietly, and the ping was one more round trip to
                    // that thread per statement run on the pool (a broken connection fails its
                    // statement anyway).
                    .test_before_acquire(false)
                    .acquire_timeout(opts.acquire_timeout)
                    .connect_with(conn.clone())
            };
            let shared = pool(opts.max_connections).await.map_err(connect_err)?;
            // New reports' own connection (see `Store::intake`).
            let intake = pool(1).await.map_err(connect_err)?;
            Ok(Store {
                backend: Backend::Sqlite(shared),
                intake: Backend::Sqlite(intake),
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut conn = PgConnectOptions::from_str(url).map_err(connect_err)?;
            if let Some(schema) = &opts.pg_schema {
                if !valid_schema_name(schema) {
                    return Err(StoreError::Corrupt(format!(
                        "invalid schema name `{schema}`"
                    )));
                }
                // Create the schema with a one-off connection, then pin every pooled connection to it.
                let admin = PgPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(opts.acquire_timeout)
                    .connect_with(conn.clone())
                    .await
                    .map_err(connect_err)?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}"
                )))
                .execute(&admin)
                .await?;
                admin.close().await;
                conn = conn.options([("search_path", schema.as_str())]);
            }
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(opts.acquire_timeout)
                .connect_with(conn)
                .await
                .map_err(connect_err)?;
            Ok(Store {
                backend: Backend::Postgres(pool.clone()),
                intake: Backend::Postgres(pool),
            })
        } else {
            Err(StoreError::UnsupportedUrl(redact_url(url)))
        }
    }

    /// PostgreSQL only: drops a schema made for a test. A no-op on SQLite.
    pub async fn drop_schema(&self, schema: &str) -> Result<()> {
        if let Backend::Postgres(pool) = &self.backend
            && valid_schema_name(schema)
        {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(pool)
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redact_url("postgres://vigie:s3cret@db:5432/vigie"),
            "postgres://vigie:***@db:5432/vigie"
        );
        assert_eq!(
            redact_url("postgres://vigie@db/vigie"),
            "postgres://vigie@db/vigie"
        );
        assert_eq!(
            redact_url("postgres://a:b:c@h/d?x=y"),
            "postgres://a:***@h/d?x=y"
        );
        assert_eq!(
            redact_url("sqlite://./vigie-data/vigie.sqlite"),
            "sqlite://./vigie-data/vigie.sqlite"
        );
        assert_eq!(redact_url("nonsense"), "nonsense");
        assert_eq!(
            redact_url("postgres://h/d?user=v&password=x&sslmode=require"),
            "postgres://h/d?user=v&password=***&sslmode=require"
        );
    }
}
