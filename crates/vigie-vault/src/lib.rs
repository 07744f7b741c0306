//! vigie's vault: every key, every seal, and the signed audit chain (DESIGN.md section 3).
//!
//! The key scheme, and what is stored:
//! - The **instance secret** lives in a file outside the database. It peppers every Argon2id run and
//!   derives the contact-details key, the CSRF key and the instance MAC key. Never in the database.
//! - **Staff**: an X25519 secret key sealed under a key derived from password + pepper + salt; the
//!   database holds the salt, the KDF parameters, a verifier and the sealed key, never the password.
//! - **Sessions**: the database holds SHA-256 of the cookie's id and the secret key sealed under the
//!   cookie's key; the cookie holds the id and the key. Neither half opens anything alone.
//! - **Receipts**: never stored. Argon2id(receipt, instance salt, pepper) gives the indexed lookup hash and
//!   the holder's X25519 secret.
//! - **Content**: each report has one random key per audience; each part is sealed (XChaCha20-Poly1305,
//!   format byte, row-bound associated data) under a key derived from it. Audience keys are stored only
//!   wrapped in key slots for the public keys allowed to read (teams, receipt holders, escrow).
//! - **Audit**: entries are hash-chained; checkpoints of the head are signed with an Ed25519 key kept in
//!   a file outside the database.
//!
//! Secrets zeroize on drop and print as `..`; errors never carry secret material.

mod derive;
mod keyfile;

pub mod age_input;
pub mod argon2id;
pub mod audience;
pub mod audit;
pub mod audit_rotation;
pub mod checkpoint;
pub mod csrf;
pub mod directory;
pub mod error;
pub mod escrow;
pub mod escrow_shares;
pub mod export;
pub mod instance;
pub mod instance_keys;
pub mod jws;
pub mod kdf;
pub mod keys;
pub mod password;
pub mod pool;
// The city's keys that sign its editions (issue 14).
pub mod publication;
pub mod receipt;
pub mod seal;
pub mod session;
pub mod slot;
pub mod stream;

pub use age_input::{AgeKey, AgeOpenError, SecretString};
pub use audience::{Audience, AudienceKey};
pub use audit::{
    AuditSigner, ChainError, ChainReport, GENESIS, checkpoint_message, entry_hash, record_hash,
    seal_record, verify_chain,
};
pub use checkpoint::{CheckpointError, CheckpointLog, CheckpointReport};
pub use csrf::{CsrfError, CsrfKey, SingleUse};
pub use directory::{DirectoryEntry, DirectoryKey};
pub use error::VaultError;
pub use escrow::EscrowSecret;
pub use escrow_shares::{EscrowShare, ShareError};
pub use export::AgeExport;
pub use instance::{InstanceSalt, InstanceSecret};
pub use instance_keys::InstanceKeys;
pub use jws::{JwsError, Unverified, public_jwk, sha256_hex, thumbprint};
pub use kdf::{KdfParams, KdfPool, KdfPoolSizes, KdfPools};
pub use keys::{PublicKey, SecretKey, SymmetricKey};
pub use password::{PasswordLock, burn, lock, unlock};
pub use pool::{BlockingPool, PoolError, Running};
pub use publication::{KeyValidity, PublicationKeys, RetiredKey};
pub use receipt::{Receipt, ReceiptKeys, derive_receipt_keys};
pub use seal::{FORMAT_V1, open, seal};
pub use session::SessionToken;
pub use slot::{
    unwrap_audience_key, unwrap_secret_key, unwrap_symmetric_key, unwrap_with,
    wrap_audience_key_for, wrap_for, wrap_secret_key_for, wrap_symmetric_key_for,
};
pub use stream::{STREAM_FORMAT_V1, StreamOpener, StreamSealer, opened_len, sealed_len};

#[cfg(test)]
mod test_util;
