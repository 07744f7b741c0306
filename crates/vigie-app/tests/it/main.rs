//! vigie-app's integration tests, in one binary: the use cases end to end on a real database (SQLite,
//! and PostgreSQL when `VIGIE_TEST_POSTGRES_URL` is set): instances, accounts and teams (`app`), reports
//! (`reports`), the observatory (`observatory`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod app;
pub mod common;
pub mod observatory;
pub mod reports;
