//! vigie's test kit: what the integration tests of every crate share, written once.
//!
//! - [`instance`]: a migrated database per backend ([`TestDb`]: SQLite always, a PostgreSQL schema of
//!   its own when `VIGIE_TEST_POSTGRES_URL` is set, dropped on drop), an initialised vigie on it
//!   ([`Instance`]), and a PostgreSQL database of its own for the `vigie` binary ([`PgDatabase`]).
//! - [`server`]: that instance behind the real router and serve loop on 127.0.0.1 ([`TestServer`]).
//! - [`http`]: a response read whole ([`Resp`]), a client that keeps its session cookie
//!   ([`CookieClient`]) and the form helpers (CSRF token, hidden fields, `Location`).
//! - [`staff`]: a staff member's sign-in through the forms, with TOTP codes, and their key unlocked
//!   through the use cases ([`unlocked_key`]).
//! - [`jpeg`]: a JPEG with an EXIF segment spliced in.
//! - [`browser`]: Debian's headless Chromium with JavaScript disabled, through chromedriver and
//!   fantoccini ([`Browser`]).
//! - [`logs`]: what the process logs, kept for the tests that read it.
//! - [`s3`]: the test bucket on a real S3 protocol server (`VIGIE_TEST_S3_URL`), where every test
//!   instance then keeps its blobs.
//! - [`canary`]: the canary scanner: secrets looked for, in clear, hex, base64 and UTF-16, in every
//!   byte a deployment wrote (SQLite file, WAL, SHM, blobs, logs, `pg_dump`).
//!
//! A dev-dependency only (`publish = false`): nothing of the product depends on it. Its functions
//! panic on failure, as the tests that call them would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod browser;
pub mod canary;
pub mod http;
pub mod instance;
pub mod jpeg;
pub mod logs;
pub mod s3;
pub mod server;
pub mod staff;

pub use browser::{Browser, Driver};
pub use canary::{Canaries, Evidence};
pub use http::{
    CookieClient, Resp, assert_shows, between, client, form_token, hidden, location, with_fields,
};
pub use instance::{
    Backend, Instance, PgDatabase, TestDb, all_reports, bulk_incidents, forge_audit, postgres_url,
    report_blobs,
};
pub use server::{ServerOptions, TestServer, web_config};
pub use staff::unlocked_key;
