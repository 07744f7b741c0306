//! The instance secret file with its rotation (`vigie keys rotate-instance`): the current secret,
//! the previous secrets still needed, and the next secret while a rotation is under way.
//!
//! ```text
//! vigie-instance-secret-v1 <64 hex: the current secret>
//! previous <64 hex>        (zero or more, the newest first)
//! next <64 hex>            (at most one, only while a rotation is under way)
//! ```
//!
//! A file of one line is what `vigie init` writes (and what every instance had before rotations
//! existed). A previous secret stays only for what cannot be re-derived without a person: the staff
//! passwords locked under its pepper until their next sign-in, and the receipts of reports still kept
//! (a receipt is never stored). Nothing but this file ever holds a secret: the database knows each
//! one only by its [`InstanceSecret::id`], a one-way derivation.
//!
//! The file is replaced whole: written beside it with mode 0600, synced, renamed over it, the folder
//! synced; a crash leaves the old file or the new one.

use std::path::Path;

use zeroize::Zeroizing;

use crate::{InstanceSecret, VaultError, keyfile};

/// The first word of the current secret's line (the one-line file of `vigie init`).
pub(crate) const FILE_LABEL: &str = "vigie-instance-secret-v1";

/// At most this many previous secrets: each costs an Argon2id run per receipt sign-in that tries it.
pub const MAX_PREVIOUS: usize = 8;

/// The instance secrets as the key file holds them. Zeroized on drop.
#[derive(Debug)]
pub struct InstanceKeys {
    current: InstanceSecret,
    previous: Vec<InstanceSecret>,
    next: Option<InstanceSecret>,
}

fn secret_from_hex(hex_key: &str) -> Result<InstanceSecret, VaultError> {
    let mut key = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(hex_key, key.as_mut_slice())
        .map_err(|_| VaultError::Malformed("an instance secret is not 64 hex digits"))?;
    Ok(InstanceSecret::from_bytes(key))
}

impl InstanceKeys {
    /// One secret, nothing before it, no rotation under way.
    pub fn single(current: InstanceSecret) -> Self {
        InstanceKeys {
            current,
            previous: Vec::new(),
            next: None,
        }
    }

    /// Reads the file at `path` (the one-line file of `vigie init` or one written by [`Self::save`]).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, VaultError> {
        let text = keyfile::read_text(path.as_ref(), 4096)?;
        InstanceKeys::parse(&text)
    }

    /// Parses the file's text: the current secret's line first, then `previous` lines, then at most
    /// one `next` line; anything else (an unknown line, a secret twice, too many) is refused.
    pub fn parse(text: &str) -> Result<Self, VaultError> {
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        let Some((label, hex_key)) = first.split_once(' ') else {
            return Err(VaultError::Malformed(
                "key file is not `<label> <64 hex digits>`",
            ));
        };
        if label != FILE_LABEL {
            return Err(VaultError::Malformed(
                "key file has an unexpected label (wrong file?)",
            ));
        }
        let mut keys = InstanceKeys::single(secret_from_hex(hex_key)?);
        for line in lines {
            match line.split_once(' ') {
                Some(("previous", hex_key)) if keys.next.is_none() => {
                    keys.previous.push(secret_from_hex(hex_key)?);
                }
                Some(("next", hex_key)) if keys.next.is_none() => {
                    keys.next = Some(secret_from_hex(hex_key)?);
                }
                _ => {
                    return Err(VaultError::Malformed(
                        "an instance secret file line is not `previous <hex>` or a last `next <hex>`",
                    ));
                }
            }
        }
        if keys.previous.len() > MAX_PREVIOUS {
            return Err(VaultError::Malformed(
                "an instance secret file holds too many previous secrets",
            ));
        }
        let mut ids: Vec<String> = keys.all().map(InstanceSecret::id).collect();
        ids.extend(keys.next.as_ref().map(InstanceSecret::id));
        let count = ids.len();
        ids.sort();
        ids.dedup();
        if ids.len() != count {
            return Err(VaultError::Malformed(
                "an instance secret file holds the same secret twice",
            ));
        }
        Ok(keys)
    }

    /// The file's text (secrets in hex: zeroized on drop).
    pub fn text(&self) -> Zeroizing<String> {
        let mut t = Zeroizing::new(String::with_capacity(100 * (2 + self.previous.len())));
        let mut line = |word: &str, secret: &InstanceSecret| {
            t.push_str(word);
            t.push(' ');
            t.push_str(&Zeroizing::new(hex::encode(secret.bytes())));
            t.push('\n');
        };
        line(FILE_LABEL, &self.current);
        for p in &self.previous {
            line("previous", p);
        }
        if let Some(n) = &self.next {
            line("next", n);
        }
        t
    }

    /// Replaces the file at `path` with these secrets (mode 0600, synced, renamed into place).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), VaultError> {
        keyfile::write_text(path.as_ref(), &self.text(), true)
    }

    /// The current secret, the others dropped (zeroized).
    pub(crate) fn current_owned(self) -> InstanceSecret {
        self.current
    }

    /// The current secret and the previous ones (a next secret is dropped: only a rotation uses it).
    pub fn into_parts(self) -> (InstanceSecret, Vec<InstanceSecret>) {
        (self.current, self.previous)
    }

    /// A second copy of these secrets (the file's text read back).
    pub fn duplicate(&self) -> Result<Self, VaultError> {
        InstanceKeys::parse(&self.text())
    }

    /// The secret in use: every new lock, receipt, seal and MAC is made with it.
    pub fn current(&self) -> &InstanceSecret {
        &self.current
    }

    /// The previous secrets still kept, the newest first.
    pub fn previous(&self) -> &[InstanceSecret] {
        &self.previous
    }

    /// The secret a rotation under way moves to.
    pub fn next(&self) -> Option<&InstanceSecret> {
        self.next.as_ref()
    }

    /// The current secret, then the previous ones, the newest first.
    pub fn all(&self) -> impl Iterator<Item = &InstanceSecret> {
        std::iter::once(&self.current).chain(self.previous.iter())
    }

    /// The current or a previous secret with this [`InstanceSecret::id`].
    pub fn by_id(&self, id: &str) -> Option<&InstanceSecret> {
        self.all().find(|s| s.id() == id)
    }

    /// The same secrets with a next one drawn, unless a rotation is already under way (a rerun
    /// after a crash keeps the next secret it wrote first).
    pub fn with_next(mut self) -> Self {
        if self.next.is_none() {
            self.next = Some(InstanceSecret::generate());
        }
        self
    }

    /// Ends a rotation: the next secret becomes current, the current one becomes the newest previous
    /// one, and of the previous secrets only those `keep` names (by id) stay. A secret nothing needs
    /// any more is dropped: from then on it exists nowhere. `Malformed` if no rotation is under way
    /// or more than [`MAX_PREVIOUS`] would be kept.
    pub fn promote(self, keep: impl Fn(&str) -> bool) -> Result<Self, VaultError> {
        let InstanceKeys {
            current,
            previous,
            next,
        } = self;
        let next = next.ok_or(VaultError::Malformed(
            "no instance secret rotation under way",
        ))?;
        let previous: Vec<InstanceSecret> = std::iter::once(current)
            .chain(previous)
            .filter(|s| keep(&s.id()))
            .collect();
        if previous.len() > MAX_PREVIOUS {
            return Err(VaultError::Malformed(
                "too many previous instance secrets are still needed: let staff sign in (or recover them) first",
            ));
        }
        Ok(InstanceKeys {
            current: next,
            previous,
            next: None,
        })
    }
}

#[cfg(test)]
#[path = "instance_keys_tests.rs"]
mod tests;
