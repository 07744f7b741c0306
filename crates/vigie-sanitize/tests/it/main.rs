//! vigie-sanitize's integration tests, in one binary: images and PDF cleaned of their metadata, hostile
//! PDF and decompression bombs, streaming, and properties under proptest; on the helpers of `common`
//! and the hostile files of `hostile` and the PNG chunks of `png` (vigie-web's staff tests include
//! those two modules too).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod common;
pub mod hostile;
pub mod hostile_pdf;
pub mod images;
pub mod pdf;
pub mod png;
pub mod props;
pub mod streaming;
