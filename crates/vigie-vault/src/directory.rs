//! The key directory: every stored fact that decides for whom vigie wraps a key (DESIGN.md section 2,
//! property 7). Whoever can write the database must not be able to add a reader.
//!
//! Each entry (the escrow key; each user's id, name, roles, public key and disabled flag; each team
//! key generation; each team membership) carries a MAC under a key derived from the instance secret,
//! which the database never holds: a planted or altered row has no valid MAC. A row written back from
//! an earlier, genuine state (a disabled custodian's old row, a removed member) still has a valid MAC,
//! so the digest of the whole directory is signed into every audit checkpoint, which also leaves the
//! database (`checkpoints.log`): the directory must match the newest checkpoint's digest.

use hmac::Mac;
use sha2::{Digest, Sha256};
use vigie_domain::{ReportId, RoleSet, TeamId, UserId};

use crate::derive::{hmac_sha256, len_prefix};

/// One fact of the directory, in the form that is MACed and digested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DirectoryEntry {
    /// The escrow public key, or none (recorded either way: planting one is a change).
    Escrow {
        /// The key's bytes, when the instance has one.
        public_key: Option<Vec<u8>>,
    },
    /// A staff account.
    User {
        /// The account's id.
        id: UserId,
        /// Its user name.
        username: String,
        /// Its roles.
        roles: RoleSet,
        /// Its X25519 public key.
        public_key: Vec<u8>,
        /// Whether it is disabled.
        disabled: bool,
    },
    /// One generation of a team's key.
    TeamKey {
        /// The team.
        team: TeamId,
        /// The generation (from 1).
        generation: i64,
        /// That generation's X25519 public key.
        public_key: Vec<u8>,
        /// The team is a casework team (caseworkers only; help requests go to it). Encoded only when
        /// set, so that report teams' entries, MACed before casework teams existed, still match.
        casework: bool,
    },
    /// A user's membership of a team.
    Member {
        /// The team.
        team: TeamId,
        /// The member.
        user: UserId,
    },
    /// A report's receipt-holder public key: new generations of its conversation key are wrapped
    /// for it. MACed like the directory's entries, but not part of the directory's digest.
    ReporterKey {
        /// The report.
        report: ReportId,
        /// The receipt holder's X25519 public key.
        public_key: Vec<u8>,
    },
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&len_prefix(bytes));
    out.extend_from_slice(bytes);
}

impl DirectoryEntry {
    /// The canonical bytes: a tag, then each field prefixed by its length, so that no two different
    /// entries encode alike.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(96);
        match self {
            DirectoryEntry::Escrow { public_key } => {
                field(&mut out, b"escrow");
                field(&mut out, public_key.as_deref().unwrap_or_default());
            }
            DirectoryEntry::User {
                id,
                username,
                roles,
                public_key,
                disabled,
            } => {
                field(&mut out, b"user");
                field(&mut out, id.0.as_bytes());
                field(&mut out, username.as_bytes());
                field(&mut out, roles.to_names().as_bytes());
                field(&mut out, public_key);
                field(&mut out, &[u8::from(*disabled)]);
            }
            DirectoryEntry::TeamKey {
                team,
                generation,
                public_key,
                casework,
            } => {
                field(&mut out, b"team-key");
                field(&mut out, team.0.as_bytes());
                field(&mut out, &generation.to_be_bytes());
                field(&mut out, public_key);
                if *casework {
                    field(&mut out, b"casework");
                }
            }
            DirectoryEntry::Member { team, user } => {
                field(&mut out, b"member");
                field(&mut out, team.0.as_bytes());
                field(&mut out, user.0.as_bytes());
            }
            DirectoryEntry::ReporterKey { report, public_key } => {
                field(&mut out, b"reporter-key");
                field(&mut out, report.0.as_bytes());
                field(&mut out, public_key);
            }
        }
        out
    }

    /// How the entry is named to an operator (no user name: ids only).
    pub fn describe(&self) -> String {
        match self {
            DirectoryEntry::Escrow { .. } => "the escrow key (instance row)".to_owned(),
            DirectoryEntry::User { id, .. } => format!("user {id} (users row)"),
            DirectoryEntry::TeamKey {
                team, generation, ..
            } => format!("team {team} key generation {generation} (team_keys row)"),
            DirectoryEntry::Member { team, user } => {
                format!("membership of user {user} in team {team} (team_members row)")
            }
            DirectoryEntry::ReporterKey { report, .. } => {
                format!("the receipt-holder key of report {report} (reports row)")
            }
        }
    }
}

/// The key that MACs directory entries, derived from the instance secret. Zeroized on drop.
pub struct DirectoryKey(zeroize::Zeroizing<[u8; 32]>);

impl DirectoryKey {
    /// Wraps derived key bytes (see [`crate::InstanceSecret::directory_key`]).
    pub(crate) fn from_bytes(bytes: zeroize::Zeroizing<[u8; 32]>) -> Self {
        DirectoryKey(bytes)
    }

    /// The entry's MAC (HMAC-SHA256 over its canonical bytes).
    pub fn mac(&self, entry: &DirectoryEntry) -> [u8; 32] {
        let mut m = hmac_sha256(&self.0);
        m.update(b"vigie/directory/v1\0");
        m.update(&entry.encode());
        m.finalize().into_bytes().into()
    }

    /// Whether `mac` is the entry's MAC, compared in constant time.
    pub fn check(&self, entry: &DirectoryEntry, mac: &[u8]) -> bool {
        let mut m = hmac_sha256(&self.0);
        m.update(b"vigie/directory/v1\0");
        m.update(&entry.encode());
        m.verify_slice(mac).is_ok()
    }
}

impl std::fmt::Debug for DirectoryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DirectoryKey(..)")
    }
}

/// The digest of a whole directory: SHA-256 over its entries' canonical bytes in sorted order, so
/// that the order rows come back from the database does not matter.
pub fn digest(entries: &[DirectoryEntry]) -> [u8; 32] {
    let mut encoded: Vec<Vec<u8>> = entries.iter().map(DirectoryEntry::encode).collect();
    encoded.sort_unstable();
    let mut h = Sha256::new();
    h.update(b"vigie/directory/digest/v1\0");
    for e in &encoded {
        h.update(len_prefix(e));
        h.update(e);
    }
    h.finalize().into()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::InstanceSecret;
    use proptest::prelude::*;
    use vigie_domain::Role;

    fn user(name: &str, roles: &[Role], pk: u8, disabled: bool) -> DirectoryEntry {
        DirectoryEntry::User {
            id: UserId(uuid::Uuid::from_bytes([pk; 16])),
            username: name.to_owned(),
            roles: RoleSet::of(roles),
            public_key: vec![pk; 32],
            disabled,
        }
    }

    #[test]
    fn a_mac_checks_only_the_entry_it_was_made_for() {
        let key = InstanceSecret::generate().directory_key();
        let handler = user("h", &[Role::Handler], 1, false);
        let mac = key.mac(&handler);
        assert!(key.check(&handler, &mac));
        for forged in [
            user("h", &[Role::Handler, Role::Custodian], 1, false),
            user("h", &[Role::Handler], 2, false),
            user("h", &[Role::Handler], 1, true),
            user("x", &[Role::Handler], 1, false),
        ] {
            assert!(!key.check(&forged, &mac), "{forged:?}");
        }
        let other = InstanceSecret::generate().directory_key();
        assert!(!other.check(&handler, &mac));
        assert!(!key.check(&handler, &mac[..31]));
    }

    #[test]
    fn a_report_team_key_encodes_as_before_and_its_kind_cannot_be_flipped() {
        let team = TeamId(uuid::Uuid::from_u128(7));
        let entry = |casework| DirectoryEntry::TeamKey {
            team,
            generation: 2,
            public_key: vec![3; 32],
            casework,
        };
        // The bytes a report team's key was MACed over before casework teams existed.
        let mut before = Vec::new();
        for part in [
            b"team-key".as_slice(),
            team.0.as_bytes(),
            &2_i64.to_be_bytes(),
            &[3; 32],
        ] {
            before.extend_from_slice(&len_prefix(part));
            before.extend_from_slice(part);
        }
        assert_eq!(entry(false).encode(), before);
        let key = InstanceSecret::generate().directory_key();
        assert!(!key.check(&entry(true), &key.mac(&entry(false))));
        assert!(!key.check(&entry(false), &key.mac(&entry(true))));
    }

    #[test]
    fn planting_an_escrow_key_changes_its_entry() {
        let key = InstanceSecret::generate().directory_key();
        let none = DirectoryEntry::Escrow { public_key: None };
        let some = DirectoryEntry::Escrow {
            public_key: Some(vec![9; 32]),
        };
        assert!(!key.check(&some, &key.mac(&none)));
    }

    proptest! {
        #[test]
        fn the_digest_ignores_order_and_sees_any_change(pks in proptest::collection::vec(any::<u8>(), 1..8), drop in any::<prop::sample::Index>()) {
            let entries: Vec<DirectoryEntry> = pks.iter().enumerate().map(|(i, pk)| DirectoryEntry::TeamKey {
                team: TeamId(uuid::Uuid::nil()),
                generation: i as i64 + 1,
                public_key: vec![*pk; 32],
                casework: false,
            }).collect();
            let mut reversed = entries.clone();
            reversed.reverse();
            prop_assert_eq!(digest(&entries), digest(&reversed));
            let mut fewer = entries.clone();
            fewer.remove(drop.index(entries.len()));
            prop_assert_ne!(digest(&entries), digest(&fewer));
        }
    }
}
