//! The instance secret (a file outside the database) and the keys derived from it, and the instance
//! salt (stored in the database) used for receipt lookups.

use std::fmt;
use std::path::Path;

use hmac::Mac;
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use crate::derive::{hkdf, hmac_sha256, len_prefix, random_secret};
use crate::{CsrfKey, SymmetricKey, VaultError, keyfile};

use crate::instance_keys::FILE_LABEL;

/// 32 random bytes kept in a file outside the database: a stolen database alone then allows no offline
/// password or receipt guessing, and opens no contact details. Zeroized on drop.
pub struct InstanceSecret(Zeroizing<[u8; 32]>);

impl InstanceSecret {
    /// A fresh secret in memory (tests, and [`InstanceSecret::create`]).
    pub fn generate() -> Self {
        InstanceSecret(random_secret())
    }

    /// Generates a secret and writes it to a new file `path` (mode 0600, parent directories 0700),
    /// refusing to overwrite an existing file with [`VaultError::KeyFileExists`].
    pub fn create(path: impl AsRef<Path>) -> Result<Self, VaultError> {
        let secret = InstanceSecret::generate();
        keyfile::create(path.as_ref(), FILE_LABEL, &secret.0)?;
        Ok(secret)
    }

    /// Reads the current secret of the file written by [`InstanceSecret::create`] (or by a rotation:
    /// [`crate::InstanceKeys`] reads the whole file).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, VaultError> {
        crate::InstanceKeys::load(path).map(|k| k.current_owned())
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; 32]>) -> Self {
        InstanceSecret(bytes)
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// This secret's name, as the database may know it (16 hex digits of a one-way derivation):
    /// which previous secret peppers a password lock or a receipt, without the secret itself.
    pub fn id(&self) -> String {
        let id: Zeroizing<[u8; 8]> = hkdf(None, self.0.as_slice(), &[b"vigie/secret-id/v1"]);
        hex::encode(id.as_slice())
    }

    fn derive(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        hkdf(None, self.0.as_slice(), &[label])
    }

    /// The Argon2 secret input that peppers every password and receipt derivation.
    pub fn pepper(&self) -> Zeroizing<[u8; 32]> {
        self.derive(b"vigie/pepper/v1")
    }

    /// The key sealing staff and partner contact details (names, e-mails, phones).
    pub fn contact_key(&self) -> SymmetricKey {
        SymmetricKey::from_zeroizing(self.derive(b"vigie/contact/v1"))
    }

    /// The key of the stateless CSRF tokens.
    pub fn csrf_key(&self) -> CsrfKey {
        CsrfKey::from_zeroizing(self.derive(b"vigie/csrf/v1"))
    }

    /// The key that MACs the key directory's entries (who may be wrapped for).
    pub fn directory_key(&self) -> crate::directory::DirectoryKey {
        crate::directory::DirectoryKey::from_bytes(self.derive(b"vigie/directory/v1"))
    }

    /// A keyed hash of `data` under a key only this instance knows, separated by `label` (a constant
    /// naming the use, e.g. `"throttle/user"`, `"recovery-code"`): keys the login throttle by user name,
    /// stores recovery codes, without either being guessable from the database alone.
    ///
    /// HMAC-SHA256 over `len(label) (u64 BE) || label || data`.
    pub fn mac(&self, label: &str, data: &[u8]) -> [u8; 32] {
        let mut m = hmac_sha256(&self.derive(b"vigie/mac/v1"));
        m.update(&len_prefix(label.as_bytes()));
        m.update(label.as_bytes());
        m.update(data);
        m.finalize().into_bytes().into()
    }
}

impl fmt::Debug for InstanceSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InstanceSecret(..)")
    }
}

/// The instance-wide receipt salt, stored in the database. Not secret: it only makes precomputed
/// tables useless across instances (the pepper is what keeps receipts out of reach of a database thief).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstanceSalt([u8; 16]);

impl InstanceSalt {
    /// A fresh salt from the operating system's RNG (`vigie init`).
    pub fn random() -> Self {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        InstanceSalt(salt)
    }

    /// The 16 bytes, as stored.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// A salt from exactly 16 stored bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, VaultError> {
        bytes
            .try_into()
            .map(InstanceSalt)
            .map_err(|_| VaultError::Malformed("an instance salt is 16 bytes"))
    }
}

#[cfg(test)]
#[path = "instance_tests.rs"]
mod tests;
