//! Blob identifiers.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use super::BlobError;

/// A blob's identifier: a random UUIDv4, written and parsed only in canonical form
/// (lowercase, hyphenated), and used as the blob's file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(Uuid);

impl BlobId {
    pub(super) fn random() -> Self {
        BlobId(Uuid::new_v4())
    }

    /// The UUID inside.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }

    /// `blobs/<xx>` shard directory name: the first two hex digits.
    pub(super) fn shard(&self) -> String {
        let s = self.to_string();
        s[..2].to_owned()
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl FromStr for BlobId {
    type Err = BlobError;

    /// Accepts only what [`Display`](fmt::Display) writes: 36 characters, lowercase hex, hyphens at
    /// the canonical places, version 4, RFC 4122 variant. Braces, `urn:uuid:`, the simple form,
    /// uppercase, whitespace and other versions (time-bearing v1/v6/v7, nil) are refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let canonical_shape = s.len() == 36
            && s.bytes().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => b == b'-',
                _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            });
        if !canonical_shape {
            return Err(BlobError::BadId);
        }
        let uuid = Uuid::parse_str(s).map_err(|_| BlobError::BadId)?;
        if uuid.get_version() != Some(uuid::Version::Random)
            || uuid.get_variant() != uuid::Variant::RFC4122
        {
            return Err(BlobError::BadId);
        }
        Ok(BlobId(uuid))
    }
}
