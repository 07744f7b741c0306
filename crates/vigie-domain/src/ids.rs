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
