//! The organisation escrow key (DESIGN.md section 3, "Escrow"): a key pair whose secret is printed once
//! at `vigie init` and kept offline; every staff and team secret key is also wrapped for its public key.

use std::fmt;

use zeroize::Zeroizing;

use crate::{PublicKey, SecretKey, VaultError};

const PREFIX: &str = "VIGIE-ESCROW-1-";

/// What follows `prefix` in a printed key or share, upper-cased and without whitespace (copies by hand
/// vary in both); [`VaultError::BadEscrowKey`] if the prefix is missing or the text is too long.
pub(crate) fn printed_body(text: &str, prefix: &str) -> Result<Zeroizing<String>, VaultError> {
    if text.len() > 512 {
        return Err(VaultError::BadEscrowKey);
    }
    let compact: Zeroizing<String> = Zeroizing::new(
        text.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    );
    let body = compact
        .strip_prefix(prefix)
        .ok_or(VaultError::BadEscrowKey)?;
    Ok(Zeroizing::new(body.to_owned()))
}

/// The escrow secret. Zeroized on drop; Debug prints nothing of it.
#[derive(Clone)]
pub struct EscrowSecret(SecretKey);

impl EscrowSecret {
    /// A fresh escrow key pair.
    pub fn generate() -> (EscrowSecret, PublicKey) {
        let secret = SecretKey::generate();
        let public = secret.public();
        (EscrowSecret(secret), public)
    }

    /// The form printed on paper: `VIGIE-ESCROW-1-` then the 32 bytes as uppercase hex in eight groups
    /// of eight, separated by dashes. A transcription error yields a different key: compare
    /// [`EscrowSecret::public`] with the stored escrow public key before using it.
    pub fn to_printable(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode_upper(self.0.to_bytes().as_slice()));
        let mut out = Zeroizing::new(String::with_capacity(PREFIX.len() + 64 + 7));
        out.push_str(PREFIX);
        for (i, group) in hex.as_bytes().chunks(8).enumerate() {
            if i > 0 {
                out.push('-');
            }
            out.extend(group.iter().map(|&b| char::from(b)));
        }
        out
    }

    /// Reads a printed key back, ignoring case, whitespace anywhere and the grouping dashes.
    pub fn parse_printable(text: &str) -> Result<EscrowSecret, VaultError> {
        let body = printed_body(text, PREFIX)?;
        let hex: Zeroizing<String> = Zeroizing::new(body.chars().filter(|&c| c != '-').collect());
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex.as_bytes(), bytes.as_mut_slice())
            .map_err(|_| VaultError::BadEscrowKey)?;
        Ok(EscrowSecret(SecretKey::from_bytes(*bytes)))
    }

    /// The escrow secret holding `key` (rebuilt from shares).
    pub(crate) fn from_secret_key(key: SecretKey) -> EscrowSecret {
        EscrowSecret(key)
    }

    /// The secret key, to unwrap escrow slots.
    pub fn secret_key(&self) -> SecretKey {
        self.0.clone()
    }

    /// Opens a staff member's escrow slot (`vigie keys recover`) and checks that the key inside is
    /// `expected`, the public key the checked key directory states for that member: a slot replaced
    /// in the database by someone who chose its key is refused ([`VaultError::KeyMismatch`]), so a
    /// recovery never locks a key other than the member's under their new password.
    pub fn open_user_slot(
        &self,
        slot: &[u8],
        aad: &[u8],
        expected: &PublicKey,
    ) -> Result<SecretKey, VaultError> {
        let key = crate::slot::unwrap_secret_key(&self.0, slot, aad)?;
        if key.public() != *expected {
            return Err(VaultError::KeyMismatch);
        }
        Ok(key)
    }

    /// The public key, to check a typed-in key against the stored one.
    pub fn public(&self) -> PublicKey {
        self.0.public()
    }
}

impl fmt::Debug for EscrowSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EscrowSecret(..)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::slot::{unwrap_secret_key, wrap_secret_key_for};

    #[test]
    fn printable_round_trip() {
        let (e, public) = EscrowSecret::generate();
        assert_eq!(e.public(), public);
        let p = e.to_printable();
        assert!(p.starts_with(PREFIX));
        assert_eq!(p.len(), PREFIX.len() + 64 + 7);
        let groups: Vec<&str> = p[PREFIX.len()..].split('-').collect();
        assert_eq!(groups.len(), 8);
        assert!(groups.iter().all(|g| {
            g.len() == 8
                && g.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_lowercase())
        }));
        assert_eq!(EscrowSecret::parse_printable(&p).unwrap().public(), public);
        let sloppy = format!(
            "  {}\n",
            p.to_lowercase().replace('-', " - ").replacen(
                "vigie - escrow - 1 - ",
                "vigie-escrow-1-",
                1
            )
        );
        assert_eq!(
            EscrowSecret::parse_printable(&sloppy).unwrap().public(),
            public
        );
        let team = SecretKey::generate();
        let slot = wrap_secret_key_for(&public, &team, b"team").unwrap();
        let back = unwrap_secret_key(
            &EscrowSecret::parse_printable(&p).unwrap().secret_key(),
            &slot,
            b"team",
        );
        assert_eq!(back.unwrap().public(), team.public());
        assert_eq!(format!("{e:?}"), "EscrowSecret(..)");
    }

    #[test]
    fn a_user_slot_opens_only_to_the_expected_key() {
        let (e, public) = EscrowSecret::generate();
        let user = SecretKey::generate();
        let slot = wrap_secret_key_for(&public, &user, b"user-1").unwrap();
        let back = e.open_user_slot(&slot, b"user-1", &user.public()).unwrap();
        assert_eq!(back.public(), user.public());
        // Moved to another row: the associated data differs.
        assert!(matches!(
            e.open_user_slot(&slot, b"user-2", &user.public()),
            Err(VaultError::Decrypt)
        ));
        // A slot a database writer made for a key of their choosing.
        let planted = wrap_secret_key_for(&public, &SecretKey::generate(), b"user-1").unwrap();
        assert!(matches!(
            e.open_user_slot(&planted, b"user-1", &user.public()),
            Err(VaultError::KeyMismatch)
        ));
        // Another escrow key.
        let (other, _) = EscrowSecret::generate();
        assert!(matches!(
            other.open_user_slot(&slot, b"user-1", &user.public()),
            Err(VaultError::Decrypt)
        ));
    }

    #[test]
    fn parse_rejects_garbage() {
        let (e, _) = EscrowSecret::generate();
        let p = e.to_printable();
        for bad in [
            String::new(),
            PREFIX.to_owned(),
            p[..p.len() - 1].to_owned(),
            format!("{}0", *p),
            p.replacen("VIGIE-ESCROW-1", "VIGIE-ESCROW-2", 1),
            format!("{}G{}", &p[..PREFIX.len()], &p[PREFIX.len() + 1..]),
        ] {
            assert!(
                matches!(
                    EscrowSecret::parse_printable(&bad),
                    Err(VaultError::BadEscrowKey)
                ),
                "{bad:?}"
            );
        }
    }
}
