//! vigie-web's integration tests, in one binary (one link on a 2-core machine): the public
//! skeleton (`skeleton`), the reporter's side and the public observatory (`public`), the staff area
//! (`staff`). Each runs on SQLite, and on PostgreSQL too when `VIGIE_TEST_POSTGRES_URL` is set (one
//! schema per test); the shared helpers are in `vigie-testkit`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod public;
pub mod skeleton;
pub mod staff;
