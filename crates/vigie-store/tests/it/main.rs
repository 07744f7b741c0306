//! vigie-store's integration tests, in one binary: the repository contract on SQLite always and on
//! PostgreSQL when `VIGIE_TEST_POSTGRES_URL` is set, each test in its own schema (`store`, and
//! `reports` for the typed codes at the store boundary, `teams` for their key rotations,
//! `help_links` for a reporter's request to be put in touch, `partners` for the partner directory
//! and the charter, `support_groups` for the casework team's groups); the blob store (`blobs`, and `blobs_s3` on a bucket when `VIGIE_TEST_S3_URL` is set).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod blobs;
pub mod blobs_s3;
pub mod help_links;
pub mod partners;
pub mod reports;
pub mod store;
pub mod support_groups;
pub mod teams;
