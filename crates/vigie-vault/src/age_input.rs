//! Opening an age file that vigie wrote (a backup): for the identities of an age identity file
//! (`AGE-SECRET-KEY-1...` lines, as `age-keygen` writes them), or for a passphrase.
//!
//! The returned reader yields plaintext as age's STREAM authenticates it, chunk by chunk: a
//! truncated or altered file fails with an error when the reader reaches the damage (at the latest
//! at the end, where the final chunk must be present), so a caller must read to the end before it
//! trusts what came before.

use std::io::Read;

pub use age::secrecy::SecretString;
use age::stream::StreamReader;

/// The most scrypt work a passphrase-protected file may ask for (2^22, a few seconds, age's own
/// calibration target being about one second): a forged header cannot make us spin for hours.
const MAX_SCRYPT_LOG_N: u8 = 22;

/// What opens an age file.
pub enum AgeKey {
    /// The text of an age identity file.
    Identities(SecretString),
    /// A passphrase (age's scrypt recipient).
    Passphrase(SecretString),
}

/// Why an age file could not be opened. The messages never repeat a key or a passphrase.
#[derive(Debug, thiserror::Error)]
pub enum AgeOpenError {
    /// The key given is not the kind the file was made for.
    #[error("{0}")]
    WrongKind(&'static str),
    /// The identity file holds no usable age identity.
    #[error("the identity file holds no age identity (expected AGE-SECRET-KEY-1... lines)")]
    BadIdentityFile,
    /// None of the identities (or not the passphrase) opens the file.
    #[error("the identity does not open this file (it was encrypted for someone else)")]
    NoMatchingKey,
    /// Not an age file, or its header was altered.
    #[error("not an age file, or its header was altered")]
    BadHeader,
    /// Reading the file failed.
    #[error("cannot read the file: {0}")]
    Io(#[source] std::io::Error),
}

/// Whether `input` is an age file made for a passphrase, and a decryptor to go on with.
pub fn age_decryptor<R: Read>(input: R) -> Result<(age::Decryptor<R>, bool), AgeOpenError> {
    let decryptor = age::Decryptor::new(input).map_err(decrypt_error)?;
    let scrypt = decryptor.is_scrypt();
    Ok((decryptor, scrypt))
}

/// Opens the file behind `decryptor` with `key`.
pub fn age_open<R: Read>(
    decryptor: age::Decryptor<R>,
    key: &AgeKey,
) -> Result<StreamReader<R>, AgeOpenError> {
    let scrypt = decryptor.is_scrypt();
    match key {
        AgeKey::Identities(text) => {
            if scrypt {
                return Err(AgeOpenError::WrongKind(
                    "this file was encrypted with a passphrase, not for an identity",
                ));
            }
            use age::secrecy::ExposeSecret;
            let file = age::IdentityFile::from_buffer(text.expose_secret().as_bytes())
                .map_err(|_| AgeOpenError::BadIdentityFile)?;
            let identities = file
                .into_identities()
                .map_err(|_| AgeOpenError::BadIdentityFile)?;
            if identities.is_empty() {
                return Err(AgeOpenError::BadIdentityFile);
            }
            decryptor
                .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
                .map_err(decrypt_error)
        }
        AgeKey::Passphrase(passphrase) => {
            if !scrypt {
                return Err(AgeOpenError::WrongKind(
                    "this file was encrypted for age identities, not with a passphrase",
                ));
            }
            let mut identity = age::scrypt::Identity::new(passphrase.clone());
            identity.set_max_work_factor(MAX_SCRYPT_LOG_N);
            decryptor
                .decrypt(std::iter::once(&identity as &dyn age::Identity))
                .map_err(decrypt_error)
        }
    }
}

fn decrypt_error(e: age::DecryptError) -> AgeOpenError {
    match e {
        age::DecryptError::Io(e) => AgeOpenError::Io(e),
        age::DecryptError::NoMatchingKeys
        | age::DecryptError::DecryptionFailed
        | age::DecryptError::KeyDecryptionFailed => AgeOpenError::NoMatchingKey,
        _ => AgeOpenError::BadHeader,
    }
}

/// A reader of exactly what `reader` yields, for an age identity file's text (to build an
/// [`AgeKey::Identities`] from a file without keeping a plain `String` copy around).
pub fn secret_text(mut reader: impl Read) -> std::io::Result<SecretString> {
    let mut s = String::new();
    reader.read_to_string(&mut s)?;
    Ok(SecretString::from(s))
}
