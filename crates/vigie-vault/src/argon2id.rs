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
        let mut out = Zeroizing::new([0u8; 64]);
        // The working memory is wiped by the crate before it is released.
        argon
            .hash_into_with_ad(i.password, i.salt, i.pepper, &[], out.as_mut_slice())
            .map_err(|e| VaultError::Kdf(e.to_string()))?;
        Ok(out)
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
