//! vigie-domain's integration tests, in one binary: disclosure control of the observatory's months
//! (the rules, their properties under proptest, and an attacker solving for suppressed cells), on the
//! helpers of `disclosure_common`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod disclosure_attacker;
pub mod disclosure_common;
pub mod disclosure_props;
pub mod disclosure_rules;
