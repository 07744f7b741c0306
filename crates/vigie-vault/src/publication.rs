//! The city's publication keys (issue 14): Ed25519 keys that sign its editions and its description,
//! kept in one key file outside the database, `<data_dir>/publication.key` (mode 0600).
//!
//! The file holds the **current** key (signs everything now, with the day it took over), the **next**
//! key (generated in advance: the signed city description announces its thumbprint, so that a hub
//! accepts it when it takes over, and no one who steals only the current key can announce their own)
//! and the **retired** public keys with the days they were in use (listed in the JWK Set, so that
//! copies signed earlier still verify). Text, one key a line:
//!
//! ```text
//! vigie-publication-keys-v1
//! current <64 hex: secret key> <since YYYY-MM-DD>
//! next <64 hex: secret key>
//! retired <64 hex: public key> <since YYYY-MM-DD> <until YYYY-MM-DD>
//! ```
//!
//! A rotation writes the whole file anew beside it and renames it into place (both synced), so a crash
//! leaves the old file or the new one, never half of each.

use std::path::Path;

use ed25519_dalek::SigningKey;
use zeroize::Zeroizing;

use crate::VaultError;
use crate::jws::{sign_compact, sign_flattened, thumbprint};

/// The first line of the file.
const HEADER: &str = "vigie-publication-keys-v1";
/// Most bytes read from the file (about 160 bytes per retired key: thousands of rotations).
const MAX_FILE: u64 = 256 * 1024;

/// A key no longer used to sign, kept public for the copies it signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetiredKey {
    /// Its public key.
    pub public: [u8; 32],
    /// The day it took over, `YYYY-MM-DD` (Europe/Paris).
    pub since: String,
    /// The day it was replaced.
    pub until: String,
}

/// A public key with its id and the days it signs (or signed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValidity {
    /// Its public key.
    pub public: [u8; 32],
    /// Its RFC 7638 thumbprint, the `kid` of what it signs.
    pub kid: String,
    /// The day it took over.
    pub since: String,
    /// The day it was replaced; none for the current key.
    pub until: Option<String>,
}

/// The city's publication keys: current, next, retired.
pub struct PublicationKeys {
    current: SigningKey,
    since: String,
    next: SigningKey,
    retired: Vec<RetiredKey>,
}

impl std::fmt::Debug for PublicationKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicationKeys")
            .field("current", &self.current_kid())
            .field("next", &self.next_kid())
            .field("retired", &self.retired.len())
            .finish()
    }
}

/// `YYYY-MM-DD`, digits where digits go (the date itself is the caller's).
fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn check_day(day: &str) -> Result<(), VaultError> {
    if is_day(day) {
        Ok(())
    } else {
        Err(VaultError::Malformed("a key's day is not YYYY-MM-DD"))
    }
}

fn generate() -> SigningKey {
    SigningKey::generate(&mut rand_core::OsRng)
}

fn hex32(s: &str) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let mut out = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(s, out.as_mut_slice())
        .map_err(|_| VaultError::Malformed("a publication key is not 64 hex digits"))?;
    Ok(out)
}

impl PublicationKeys {
    /// New keys in memory: a current key from `today`, and its successor.
    pub fn generate(today: &str) -> Result<Self, VaultError> {
        check_day(today)?;
        Ok(PublicationKeys {
            current: generate(),
            since: today.to_owned(),
            next: generate(),
            retired: Vec::new(),
        })
    }

    /// Generates keys and writes them to a new file, refusing to replace an existing one.
    pub fn create_file(path: &Path, today: &str) -> Result<Self, VaultError> {
        let keys = PublicationKeys::generate(today)?;
        keys.write(path, false)?;
        Ok(keys)
    }

    /// Reads the file, or creates it when there is none (the first need of an instance made before
    /// publication keys existed). Two processes racing both end up with the one file written first.
    pub fn load_or_create(path: &Path, today: &str) -> Result<Self, VaultError> {
        match PublicationKeys::load_file(path) {
            Err(VaultError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                match PublicationKeys::create_file(path, today) {
                    Err(VaultError::KeyFileExists(_)) => PublicationKeys::load_file(path),
                    other => other,
                }
            }
            other => other,
        }
    }

    /// Reads the file written by [`PublicationKeys::create_file`] or a rotation.
    pub fn load_file(path: &Path) -> Result<Self, VaultError> {
        PublicationKeys::parse(&crate::keyfile::read_text(path, MAX_FILE)?)
    }

    fn parse(text: &str) -> Result<Self, VaultError> {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(VaultError::Malformed(
                "not a publication key file (wrong file?)",
            ));
        }
        let (mut current, mut next, mut retired) = (None, None, Vec::new());
        for line in lines.filter(|l| !l.is_empty()) {
            let words: Vec<&str> = line.split(' ').collect();
            match words.as_slice() {
                ["current", key, since] if current.is_none() => {
                    check_day(since)?;
                    current = Some((SigningKey::from_bytes(&*hex32(key)?), (*since).to_owned()));
                }
                ["next", key] if next.is_none() => {
                    next = Some(SigningKey::from_bytes(&*hex32(key)?));
                }
                ["retired", key, since, until] => {
                    check_day(since)?;
                    check_day(until)?;
                    retired.push(RetiredKey {
                        public: *hex32(key)?,
                        since: (*since).to_owned(),
                        until: (*until).to_owned(),
                    });
                }
                _ => {
                    return Err(VaultError::Malformed(
                        "a publication key file line is not current, next or retired",
                    ));
                }
            }
        }
        let ((current, since), Some(next)) = (
            current.ok_or(VaultError::Malformed("no current publication key"))?,
            next,
        ) else {
            return Err(VaultError::Malformed("no next publication key"));
        };
        Ok(PublicationKeys {
            current,
            since,
            next,
            retired,
        })
    }

    fn text(&self) -> Zeroizing<String> {
        let mut t = Zeroizing::new(format!("{HEADER}\n"));
        t.push_str("current ");
        t.push_str(&Zeroizing::new(hex::encode(self.current.to_bytes())));
        t.push(' ');
        t.push_str(&self.since);
        t.push_str("\nnext ");
        t.push_str(&Zeroizing::new(hex::encode(self.next.to_bytes())));
        t.push('\n');
        for r in &self.retired {
            t.push_str(&format!(
                "retired {} {} {}\n",
                hex::encode(r.public),
                r.since,
                r.until
            ));
        }
        t
    }

    /// Writes the keys to `path`: a new file (`replace` false, refusing an existing one), or a file
    /// written beside it and renamed over it (`replace` true).
    fn write(&self, path: &Path, replace: bool) -> Result<(), VaultError> {
        crate::keyfile::write_text(path, &self.text(), replace)
    }

    /// Rotates the keys in the file at `path`: the next key becomes current from `today`, the
    /// current one is retired (its public key kept), and a new next key is generated. Returns the
    /// new state.
    pub fn rotate_file(path: &Path, today: &str) -> Result<Self, VaultError> {
        check_day(today)?;
        let mut keys = PublicationKeys::load_file(path)?;
        let old = std::mem::replace(
            &mut keys.current,
            std::mem::replace(&mut keys.next, generate()),
        );
        keys.retired.push(RetiredKey {
            public: old.verifying_key().to_bytes(),
            since: std::mem::replace(&mut keys.since, today.to_owned()),
            until: today.to_owned(),
        });
        keys.write(path, true)?;
        Ok(keys)
    }

    /// The current public key.
    pub fn current_public(&self) -> [u8; 32] {
        self.current.verifying_key().to_bytes()
    }

    /// The current key's id (RFC 7638 thumbprint): the `kid` of what it signs.
    pub fn current_kid(&self) -> String {
        thumbprint(&self.current_public())
    }

    /// The day the current key took over.
    pub fn current_since(&self) -> &str {
        &self.since
    }

    /// The next key's thumbprint, announced in advance.
    pub fn next_kid(&self) -> String {
        thumbprint(&self.next.verifying_key().to_bytes())
    }

    /// The retired keys, oldest first.
    pub fn retired(&self) -> &[RetiredKey] {
        &self.retired
    }

    /// The current key, then the retired ones from the newest: what the JWK Set lists.
    pub fn published(&self) -> Vec<KeyValidity> {
        let mut all = vec![KeyValidity {
            public: self.current_public(),
            kid: self.current_kid(),
            since: self.since.clone(),
            until: None,
        }];
        all.extend(self.retired.iter().rev().map(|r| KeyValidity {
            public: r.public,
            kid: thumbprint(&r.public),
            since: r.since.clone(),
            until: Some(r.until.clone()),
        }));
        all
    }

    /// `payload` signed by the current key, as a compact JWS (RFC 7515, EdDSA).
    pub fn sign_compact(&self, payload: &[u8]) -> String {
        sign_compact(&self.current, payload)
    }

    /// `payload` signed by the current key, as a flattened JSON JWS.
    pub fn sign_flattened(&self, payload: &[u8]) -> String {
        sign_flattened(&self.current, payload)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    use super::*;
    use crate::jws::Unverified;

    #[test]
    fn a_file_is_created_once_read_back_and_rotated_to_the_announced_key() {
        let dir = tempdir();
        let path = dir.join("publication.key");
        let made = PublicationKeys::create_file(&path, "2026-12-01").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(matches!(
            PublicationKeys::create_file(&path, "2026-12-01"),
            Err(VaultError::KeyFileExists(_))
        ));
        let read = PublicationKeys::load_or_create(&path, "2026-12-02").unwrap();
        assert_eq!(read.current_kid(), made.current_kid());
        assert_eq!(read.next_kid(), made.next_kid());
        assert_eq!(read.current_since(), "2026-12-01");

        let rotated = PublicationKeys::rotate_file(&path, "2026-12-07").unwrap();
        assert_eq!(rotated.current_kid(), made.next_kid(), "the announced key");
        assert_ne!(rotated.next_kid(), made.next_kid());
        let published = PublicationKeys::load_file(&path).unwrap().published();
        assert_eq!(published.len(), 2);
        assert_eq!(published[0].kid, made.next_kid());
        assert_eq!(published[0].since, "2026-12-07");
        assert_eq!(published[1].kid, made.current_kid());
        assert_eq!(published[1].until.as_deref(), Some("2026-12-07"));

        let jws = rotated.sign_compact(b"x");
        let u = Unverified::parse(&jws).unwrap();
        assert_eq!(u.kid, rotated.current_kid());
        assert_eq!(u.verify(&rotated.current_public()).unwrap(), b"x");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn garbage_and_bad_days_are_refused() {
        for text in [
            "",
            "vigie-publication-keys-v1\n",
            "vigie-publication-keys-v1\ncurrent 00 2026-01-01\nnext 00\n",
            "other\n",
        ] {
            assert!(PublicationKeys::parse(text).is_err(), "{text:?}");
        }
        let good = PublicationKeys::generate("2026-01-01").unwrap();
        assert!(PublicationKeys::parse(&good.text()).is_ok());
        let bad_day = good.text().replace("2026-01-01", "2026-1-01");
        assert!(PublicationKeys::parse(&bad_day).is_err());
        assert!(PublicationKeys::generate("today").is_err());
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("vigie-pub-{}", uuid::Uuid::new_v4()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }
}
