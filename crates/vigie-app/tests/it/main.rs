//! vigie-app's integration tests, in one binary: the use cases end to end on a real database (SQLite,
//! and PostgreSQL when `VIGIE_TEST_POSTGRES_URL` is set): instances, accounts and teams (`app`), reports
//! (`reports`), the observatory (`observatory`), the coordinators' digest (`coordination`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod app;
pub mod common;
// The coordinators' digest (issue 12, item 9).
pub mod coordination;
pub mod observatory;
pub mod reports;
