//! Integration tests of vigie-observatory, in one binary: the map, the SVG it draws, the open-data
//! files, the SSMSI import and the key figures, on editions built by hand from the domain types.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod charts;
mod common;
mod context;
mod figures;
mod map;
mod opendata;
