//! Named counters, incremented atomically: two concurrent callers never get the same value.

use crate::{Result, Store, dispatch};

impl Store {
    /// Increments the counter `name` (created at 0) and returns its new value.
    pub async fn next_counter(&self, name: &str) -> Result<i64> {
        let (v,): (i64,) = dispatch!(self, pool => sqlx::query_as(
            "INSERT INTO counters (name, value) VALUES ($1, 1) \
             ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
        )
        .bind(name)
        .fetch_one(pool)
        .await?);
        Ok(v)
    }
}
