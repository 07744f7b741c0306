//! Identifiers. Always random UUIDv4: a time-ordered identifier (v7) would leak when a reporter acted.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random (v4) identifier.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A staff user (any role).
    UserId
);
id_type!(
    /// A team: the target of routing.
    TeamId
);
id_type!(
    /// A report.
    ReportId
);
id_type!(
    /// A sealed part of a report or case (content, message, note, file).
    PartId
);
id_type!(
    /// A label from the admin-defined list.
    LabelId
);
id_type!(
    /// An observatory incident.
    IncidentId
);
id_type!(
    /// A victim's file (one per person).
    FileId
);
id_type!(
    /// A household or an affaire several files share.
    GroupId
);
id_type!(
    /// An entry of the partner directory (a professional or a structure).
    PartnerId
);
id_type!(
    /// A support group (atelier de parole, groupe de soutien).
    SupportGroupId
);
id_type!(
    /// One session of a support group.
    SessionId
);
id_type!(
    /// A referral of a file to a partner.
    ReferralId
);
id_type!(
    /// A structure the prevention team works with (a school, a centre, a club, an association).
    StructureId
);
id_type!(
    /// A prevention programme (its theme, audience and cycle).
    ProgrammeId
);
id_type!(
    /// One prevention session (a workshop held, or planned, in a structure).
    WorkshopId
);
id_type!(
    /// A prevention campaign (posters, an event, social media, radio).
    CampaignId
);
// Coordination (issue 12, items 8 and 9).
id_type!(
    /// A coordination meeting (CLSPD plenary, thematic or restricted group).
    MeetingId
);
id_type!(
    /// A decision of a coordination meeting, and the action it asks for.
    DecisionId
);

// Impact surveys (issue 12, item 4).
id_type!(
    /// A survey cycle: a programme's slips at a structure, open until a day.
    CycleId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_v4() {
        let a = UserId::random();
        let b = UserId::random();
        assert_ne!(a, b);
        assert_eq!(a.0.get_version_num(), 4);
        assert_eq!(a.to_string().parse::<UserId>().ok(), Some(a));
    }
}

/// Who holds a wrapped key: a team (at one of its key generations), a person, a report's receipt
/// holder, or the organisation's escrow key. Stored as `team:<uuid>`, `user:<uuid>`, `receipt`,
/// `escrow`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyHolder {
    /// A team.
    Team(TeamId),
    /// A person.
    User(UserId),
    /// A report's receipt holder.
    Receipt,
    /// The escrow key.
    Escrow,
}

impl fmt::Display for KeyHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyHolder::Team(t) => write!(f, "team:{t}"),
            KeyHolder::User(u) => write!(f, "user:{u}"),
            KeyHolder::Receipt => f.write_str("receipt"),
            KeyHolder::Escrow => f.write_str("escrow"),
        }
    }
}

/// A stored holder that is none of the four forms.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a key holder: `{0}`")]
pub struct BadHolder(pub String);

impl FromStr for KeyHolder {
    type Err = BadHolder;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadHolder(s.to_owned());
        if let Some(t) = s.strip_prefix("team:") {
            return t.parse().map(KeyHolder::Team).map_err(|_| bad());
        }
        if let Some(u) = s.strip_prefix("user:") {
            return u.parse().map(KeyHolder::User).map_err(|_| bad());
        }
        match s {
            "receipt" => Ok(KeyHolder::Receipt),
            "escrow" => Ok(KeyHolder::Escrow),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod holder_tests {
    use super::*;

    #[test]
    fn holders_round_trip_and_nothing_else_parses() {
        for h in [
            KeyHolder::Team(TeamId::random()),
            KeyHolder::User(UserId::random()),
            KeyHolder::Receipt,
            KeyHolder::Escrow,
        ] {
            assert_eq!(h.to_string().parse::<KeyHolder>(), Ok(h));
        }
        for bad in ["", "team:", "user:x", "Escrow", "team:1 ", "group:x"] {
            assert!(bad.parse::<KeyHolder>().is_err(), "{bad}");
        }
    }
}
