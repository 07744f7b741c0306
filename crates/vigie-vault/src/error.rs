//! The vault's error type. Messages name what went wrong, never a key, a password or a receipt.

use std::path::PathBuf;

/// Everything that can go wrong in the vault.
///
/// Variants carry no secret material: they may be logged or shown to an operator.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The password does not match the stored verifier.
    #[error("wrong password")]
    WrongPassword,
    /// An AEAD open failed: wrong key, wrong associated data, tampered or truncated ciphertext.
    /// Deliberately one variant, so callers cannot tell these apart (nor can an attacker through them).
    #[error("decryption failed")]
    Decrypt,
    /// Input bytes or text that do not have the expected shape.
    #[error("malformed input: {0}")]
    Malformed(&'static str),
    /// A sealed value starts with a format version this build does not know.
    #[error("unsupported format version {0}")]
    UnsupportedVersion(u8),
    /// Argon2 refused its parameters or inputs, or stored parameters are out of range.
    #[error("key derivation: {0}")]
    Kdf(String),
    /// A key file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A key file already exists: the vault never overwrites a key.
    #[error("{}: key file already exists, refusing to overwrite it", .0.display())]
    KeyFileExists(PathBuf),
    /// A receipt is not exactly 20 digits.
    #[error("a receipt is 20 digits")]
    BadReceipt,
    /// A printed escrow key could not be read.
    #[error("not a valid escrow key (expected VIGIE-ESCROW-1- and 64 hexadecimal digits)")]
    BadEscrowKey,
    /// A printed escrow share whose check group does not match: a copying mistake in that share.
    #[error("escrow share {0}: its check group does not match (a copying mistake in this share)")]
    BadShareCheck(u8),
    /// A key opened from a slot is not the one the key directory states for its holder (a slot
    /// replaced in the database), or an escrow secret rebuilt from shares is not the instance's.
    #[error("the key does not match the expected public key")]
    KeyMismatch,
    /// A public key is a low-order point: a Diffie-Hellman with it would yield a known secret.
    #[error("weak public key (low-order point)")]
    WeakPublicKey,
    /// An export recipient is not an age X25519 public key.
    #[error("not an age recipient: expected an age public key starting with age1")]
    BadRecipient,
    /// Reading or writing a stream (a sealed file, an export) failed in the underlying reader or
    /// writer. Authentication failures are [`VaultError::Decrypt`], never this.
    #[error("stream i/o: {0}")]
    StreamIo(#[source] std::io::Error),
}
