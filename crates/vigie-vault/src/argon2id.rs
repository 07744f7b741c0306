//! The Argon2id implementations vigie can run, behind one interface; [`Engine`] names the one it
//! uses (one line chooses it).
//!
//! Every implementation must give the same 64 bytes for the same inputs (Argon2id version 0x13,
//! RFC 9106, with the pepper as Argon2's secret input): a byte that differs would lock every
//! account and lose every report. `kdf_tests` compares them on random inputs, and the CLI's
//! `kdf_fixture` test opens what the first implementation stored.
//!
//! - [`SimdArgon2`], `argon2-rust`: a port of the reference implementation with SIMD fill
//!   functions chosen at run time (AVX-512, AVX2, SSE2, NEON, else scalar). About twice as fast
//!   as [`RustCryptoArgon2`] on our 2-core machine, a little faster than libsodium, which cannot
//!   be used here: its public API has no secret input (see `docs/performance.md`). Its `unsafe`
//!   stays inside the dependency; it wipes its working memory (`zeroize-memory`).
//! - [`RustCryptoArgon2`], RustCrypto's `argon2`: the implementation vigie used first, kept as the
//!   reference the tests and `vigie-bench compare` hold the other to.

use std::sync::{Mutex, OnceLock};

use argon2_rust::Hasher;
use zeroize::{Zeroize, Zeroizing};

use crate::VaultError;
use crate::kdf::KdfParams;

/// The implementation vigie runs.
pub type Engine = SimdArgon2;

/// An Argon2id implementation.
pub trait Argon2id {
    /// Argon2id version 0x13 of the password and salt under `params`, with the pepper as the
    /// secret input: 64 bytes. `params` are already validated ([`KdfParams::validate`]).
    fn derive(params: KdfParams, inputs: Inputs<'_>) -> Derived;
}

/// What one Argon2id run takes besides its parameters.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    /// The instance pepper, Argon2's secret input.
    pub pepper: &'a [u8],
    /// The password (or the receipt's digits).
    pub password: &'a [u8],
    /// The salt.
    pub salt: &'a [u8],
}

/// 64 bytes of Argon2id output, or why there are none.
pub type Derived = Result<Zeroizing<[u8; 64]>, VaultError>;

/// `argon2-rust` (SIMD, dispatched at run time).
pub struct SimdArgon2;

impl Argon2id for SimdArgon2 {
    fn derive(params: KdfParams, i: Inputs<'_>) -> Derived {
        use argon2_rust::params::{Memory, TagLen};
        use argon2_rust::{Algorithm, Argon2, Params, Version};
        let p = Params::builder()
            .memory(Memory::kib(u64::from(params.memory_kib)))
            .passes(params.iterations)
            .lanes(params.parallelism)
            .tag_len(TagLen::bytes(64))
            .build()
            .map_err(|e| VaultError::Kdf(e.to_string()))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
        let mut hasher = Arenas::take().unwrap_or_else(|| argon.hasher());
        hasher.set_argon2(argon);
        let mut out = Zeroizing::new([0u8; 64]);
        let result =
            hasher.hash_into_with_ad(i.password, i.salt, i.pepper, &[], out.as_mut_slice());
        // The crate wipes the arena as the run returns, before it is parked (`zeroize-memory`):
        // what is kept between runs is zeros.
        Arenas::give_back(hasher);
        result.map_err(|e| VaultError::Kdf(e.to_string()))?;
        Ok(out)
    }
}

/// Arenas kept between [`SimdArgon2`] runs, at most one per core. Mapping a fresh 64 MiB arena
/// and taking its page faults costs about a sixth of a run (`docs/performance.md`); a kept arena
/// costs nothing but its memory: at most `cores` times the largest `memory_kib` used, resident
/// once used (128 MiB on 2 cores at the production parameters). A run beyond that many at once
/// maps an arena of its own, freed (wiped) when it ends.
struct Arenas;

/// The kept arenas.
static ARENAS: Mutex<Vec<Hasher>> = Mutex::new(Vec::new());

impl Arenas {
    /// How many arenas are kept: the cores this process may use.
    fn most() -> usize {
        static MOST: OnceLock<usize> = OnceLock::new();
        *MOST.get_or_init(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    fn take() -> Option<Hasher> {
        ARENAS.lock().ok()?.pop()
    }

    fn give_back(hasher: Hasher) {
        if let Ok(mut kept) = ARENAS.lock()
            && kept.len() < Self::most()
        {
            kept.push(hasher);
        }
        // Otherwise dropped here: the crate wipes and unmaps it.
    }

    /// How many arenas are kept now (for the tests).
    #[cfg(test)]
    fn kept() -> usize {
        ARENAS.lock().map_or(0, |k| k.len())
    }
}

/// RustCrypto's `argon2`.
pub struct RustCryptoArgon2;

impl Argon2id for RustCryptoArgon2 {
    fn derive(params: KdfParams, i: Inputs<'_>) -> Derived {
        use argon2::{Algorithm, Argon2, Block, Params, Version};
        let p = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            Some(64),
        )
        .map_err(|e| VaultError::Kdf(e.to_string()))?;
        let mut blocks = vec![Block::default(); p.block_count()];
        let argon = Argon2::new_with_secret(i.pepper, Algorithm::Argon2id, Version::V0x13, p)
            .map_err(|e| VaultError::Kdf(e.to_string()))?;
        let mut out = Zeroizing::new([0u8; 64]);
        let result = argon.hash_password_into_with_memory(
            i.password,
            i.salt,
            out.as_mut_slice(),
            &mut blocks,
        );
        // The last blocks determine the output: wiped before the memory is released.
        blocks.zeroize();
        result.map_err(|e| VaultError::Kdf(e.to_string()))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Kept arenas change where the memory comes from and nothing else: runs at once from more
    /// threads than arenas are kept, at two sizes in turn (a kept arena grows, then serves a
    /// smaller run), all agree with the reference, and no more than one arena per core is kept.
    #[test]
    fn kept_arenas_give_the_same_bytes_and_stay_bounded() {
        let params = |memory_kib| KdfParams {
            memory_kib,
            iterations: 2,
            parallelism: 1,
        };
        let inputs = |n: u8| (vec![n; 16], vec![0x33; 16]);
        let threads: Vec<_> = (0..(Arenas::most() as u8 + 3))
            .map(|n| {
                std::thread::spawn(move || {
                    for memory in [512, 64, 512] {
                        let (password, salt) = inputs(n);
                        let i = Inputs {
                            pepper: &[7; 32],
                            password: &password,
                            salt: &salt,
                        };
                        let ours = SimdArgon2::derive(params(memory), i).unwrap();
                        let reference = RustCryptoArgon2::derive(params(memory), i).unwrap();
                        assert_eq!(*ours, *reference, "thread {n}, {memory} KiB");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let kept = Arenas::kept();
        assert!(
            (1..=Arenas::most()).contains(&kept),
            "{kept} arenas kept for {} cores",
            Arenas::most()
        );
    }
}
