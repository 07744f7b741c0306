//! Audience keys: one random key per report (or case) and audience, from which each part's key is
//! derived, so a key slot grants a whole audience at once and no part key is ever stored.

use std::fmt;

use uuid::Uuid;

use crate::SymmetricKey;
use crate::derive::hkdf;

/// Who may read a part of a report or case (DESIGN.md section 3, "Keys by audience").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The report's text, attachments and messages: handlers and the receipt holder.
    Conversation,
    /// Notes and labels: staff only, never the reporter.
    Internal,
    /// A name or contact the reporter chose to give: the custodian, then whom the custodian grants.
    Identity,
}

impl Audience {
    /// Every audience, in a stable order.
    pub const ALL: [Audience; 3] = [
        Audience::Conversation,
        Audience::Internal,
        Audience::Identity,
    ];

    /// The stable name stored with key slots.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Conversation => "conversation",
            Audience::Internal => "internal",
            Audience::Identity => "identity",
        }
    }

    /// The audience named by [`Audience::as_str`].
    pub fn from_stored(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A report's (or case's) key for one audience. Zeroized on drop.
#[derive(Clone, Debug)]
pub struct AudienceKey(SymmetricKey);

impl AudienceKey {
    /// A fresh key from the operating system's RNG.
    pub fn random() -> Self {
        AudienceKey(SymmetricKey::random())
    }

    /// A key from its 32 bytes (after unwrapping a slot).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        AudienceKey(SymmetricKey::from_bytes(bytes))
    }

    /// The key bytes, for wrapping.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The key sealing one part (a message, a note, a file), bound to the part's id and kind.
    ///
    /// HKDF-SHA256, no salt, info = `vigie/part/v1\0 || kind || \0 || part id (16 bytes)`. The id has a
    /// fixed length and comes last, so no two (kind, id) pairs give the same info.
    pub fn part_key(&self, part_id: Uuid, kind: &str) -> SymmetricKey {
        SymmetricKey::from_zeroizing(hkdf(
            None,
            self.0.as_bytes(),
            &[
                b"vigie/part/v1\0",
                kind.as_bytes(),
                b"\0",
                part_id.as_bytes(),
            ],
        ))
    }
}

impl From<SymmetricKey> for AudienceKey {
    fn from(key: SymmetricKey) -> Self {
        AudienceKey(key)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn part_keys_are_deterministic_and_distinct() {
        let k = AudienceKey::from_bytes([1u8; 32]);
        let id = Uuid::from_bytes([2u8; 16]);
        let other = Uuid::from_bytes([3u8; 16]);
        let a = k.part_key(id, "message");
        assert_eq!(a.as_bytes(), k.part_key(id, "message").as_bytes());
        assert_ne!(a.as_bytes(), k.part_key(id, "note").as_bytes());
        assert_ne!(a.as_bytes(), k.part_key(other, "message").as_bytes());
        assert_ne!(
            a.as_bytes(),
            AudienceKey::random().part_key(id, "message").as_bytes()
        );
        assert_ne!(a.as_bytes(), k.as_bytes());
    }

    #[test]
    fn audience_names_round_trip() {
        for a in Audience::ALL {
            assert_eq!(Audience::from_stored(a.as_str()), Some(a));
        }
        assert_eq!(Audience::from_stored("other"), None);
    }
}
