//! Named counters, incremented atomically: two concurrent callers never get the same value.

use crate::{Result, Store, dispatch, sql::next_number};

impl Store {
    /// Increments the counter `name` (created at 0) and returns its new value.
    pub async fn next_counter(&self, name: &str) -> Result<i64> {
        Ok(dispatch!(self, pool => next_number(pool, name).await?))
    }
}
