//! Argon2id, its stored parameters, and the bounded pools that run it off the async threads.
//!
//! Argon2id is deliberately slow and memory-hard (64 MiB per run by default). Running it on the async
//! executor would stall every request, and running it without a bound would let a flood of guesses
//! exhaust memory, so each use gets its own small pool of dedicated threads with a bounded wait and a
//! bounded queue (DESIGN.md section 2, item 8; [`crate::pool`]).

use std::time::Duration;

use zeroize::Zeroizing;

use crate::argon2id::{Argon2id, Engine, Inputs};

use crate::VaultError;
use crate::pool::BlockingPool;

/// Argon2id cost parameters, stored beside everything derived with them so that they can be raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// Upper bounds accepted from storage: a database writer must not be able to make a login allocate
/// unbounded memory or spin forever.
const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
const MAX_ITERATIONS: u32 = 100;
const MAX_PARALLELISM: u32 = 16;
const PREFIX: &str = "argon2id$v=19$";

impl KdfParams {
    /// The defaults of DESIGN.md section 3: 64 MiB, three passes, one lane.
    pub const fn production() -> Self {
        KdfParams {
            memory_kib: 65536,
            iterations: 3,
            parallelism: 1,
        }
    }

    /// The weakest parameters an operator's build accepts from its configuration: 19 MiB and two
    /// passes, OWASP's minimum for Argon2id. Below this, a stolen database (with the instance secret)
    /// gives up passwords and receipts too cheaply.
    pub const fn operator_floor() -> Self {
        KdfParams {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }

    /// Whether these parameters reach [`KdfParams::operator_floor`] in memory and in passes.
    pub fn meets_floor(&self) -> bool {
        let floor = Self::operator_floor();
        self.memory_kib >= floor.memory_kib && self.iterations >= floor.iterations
    }

    /// Whether these parameters cost an attacker more than `old`: at least as much memory and as many
    /// passes, and strictly more of one. Lanes are left aside: they change the defender's wall time,
    /// not the attacker's total work. A password is re-wrapped only towards stronger parameters, so a
    /// misconfigured instance cannot weaken the locks of the accounts that sign in to it.
    pub fn is_stronger_than(&self, old: &KdfParams) -> bool {
        self.memory_kib >= old.memory_kib
            && self.iterations >= old.iterations
            && (self.memory_kib > old.memory_kib || self.iterations > old.iterations)
    }

    /// The cheapest parameters Argon2 accepts. Only for tests: they protect nothing.
    pub const fn danger_test_minimum() -> Self {
        KdfParams {
            memory_kib: 8,
            iterations: 1,
            parallelism: 1,
        }
    }

    /// Checks the parameters are within the range this build accepts.
    pub fn validate(&self) -> Result<(), VaultError> {
        let KdfParams {
            memory_kib: m,
            iterations: t,
            parallelism: p,
        } = *self;
        if !(1..=MAX_PARALLELISM).contains(&p) {
            return Err(VaultError::Kdf(format!(
                "parallelism {p} outside 1..={MAX_PARALLELISM}"
            )));
        }
        if !(1..=MAX_ITERATIONS).contains(&t) {
            return Err(VaultError::Kdf(format!(
                "iterations {t} outside 1..={MAX_ITERATIONS}"
            )));
        }
        if m < 8 * p || m > MAX_MEMORY_KIB {
            return Err(VaultError::Kdf(format!(
                "memory {m} KiB outside {}..={MAX_MEMORY_KIB}",
                8 * p
            )));
        }
        Ok(())
    }

    /// The stored form, `argon2id$v=19$m=65536,t=3,p=1`.
    pub fn encode(&self) -> String {
        format!(
            "{PREFIX}m={},t={},p={}",
            self.memory_kib, self.iterations, self.parallelism
        )
    }

    /// Parses [`KdfParams::encode`]'s output strictly (canonical numbers only) and validates it.
    pub fn decode(s: &str) -> Result<KdfParams, VaultError> {
        let bad = || VaultError::Kdf("parameters are not argon2id$v=19$m=M,t=T,p=P".to_owned());
        let rest = s.strip_prefix(PREFIX).ok_or_else(bad)?;
        let mut parts = rest.split(',');
        let mut field = |name: &str| -> Result<u32, VaultError> {
            let part = parts.next().ok_or_else(bad)?;
            let digits = part.strip_prefix(name).ok_or_else(bad)?;
            parse_canonical_u32(digits).ok_or_else(bad)
        };
        let params = KdfParams {
            memory_kib: field("m=")?,
            iterations: field("t=")?,
            parallelism: field("p=")?,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        params.validate()?;
        Ok(params)
    }
}

/// A decimal number without sign, spaces or leading zeroes, so that each value has one spelling.
fn parse_canonical_u32(s: &str) -> Option<u32> {
    let canonical = !s.is_empty()
        && s.len() <= 10
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    if canonical { s.parse().ok() } else { None }
}

/// Argon2id (version 0x13) with the instance pepper as Argon2's secret input, 64 bytes out, by
/// the implementation [`crate::argon2id::Engine`] names.
pub(crate) fn argon2id(
    params: KdfParams,
    pepper: &[u8],
    password: &[u8],
    salt: &[u8],
) -> Result<Zeroizing<[u8; 64]>, VaultError> {
    params.validate()?;
    let inputs = Inputs {
        pepper,
        password,
        salt,
    };
    Engine::derive(params, inputs)
}

/// A pool for KDF runs: a [`BlockingPool`] with threads of its own.
pub type KdfPool = BlockingPool;

/// The three KDF pools of DESIGN.md: a flood on one use cannot starve the others.
#[derive(Clone, Debug)]
pub struct KdfPools {
    /// Staff password logins and password changes.
    pub staff_login: KdfPool,
    /// Receipt logins (`/suivi`).
    pub receipt_login: KdfPool,
    /// New reports (deriving the new receipt's keys).
    pub new_report: KdfPool,
}

/// How many threads each of the [`KdfPools`] has (concurrent KDF runs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfPoolSizes {
    /// Staff password logins and password changes.
    pub staff_login: usize,
    /// Receipt logins (`/suivi`).
    pub receipt_login: usize,
    /// New reports.
    pub new_report: usize,
}

impl KdfPools {
    /// Pools of the given sizes, all with the same queue wait and the same bound on waiting jobs.
    pub fn new(sizes: KdfPoolSizes, wait: Duration, max_waiting: usize) -> Self {
        KdfPools {
            staff_login: KdfPool::new("kdf-staff", sizes.staff_login, wait, max_waiting),
            receipt_login: KdfPool::new("kdf-receipt", sizes.receipt_login, wait, max_waiting),
            new_report: KdfPool::new("kdf-report", sizes.new_report, wait, max_waiting),
        }
    }
}

#[cfg(test)]
#[path = "kdf_tests.rs"]
mod tests;
