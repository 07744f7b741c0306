//! Staff roles and sets of roles.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use strum::VariantArray;

/// A staff role. A user may hold several.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, teams, roles, routing rules, retention, keys, audit log.
    Admin,
    /// Triages reports and talks with reporters.
    Handler,
    /// Decides who may see the identity a reporter chose to give.
    Custodian,
    /// Follows victims' cases.
    Caseworker,
    /// A partner professional: sees only what was referred to them.
    Partner,
    /// Records incidents and publishes the observatory's editions; never reads reports.
    Analyst,
    /// Schedules prevention workshops.
    PreventionCoordinator,
}

impl Role {
    /// Every role, in declaration order (derived: a new role cannot be left out).
    pub const ALL: &'static [Role] = <Role as strum::VariantArray>::VARIANTS;

    /// The stable name used in the database, the CLI and the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Handler => "handler",
            Role::Custodian => "custodian",
            Role::Caseworker => "caseworker",
            Role::Partner => "partner",
            Role::Analyst => "analyst",
            Role::PreventionCoordinator => "prevention",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role `{0}` (expected one of: admin, handler, custodian, caseworker, partner, analyst, prevention)"
)]
pub struct UnknownRole(pub String);

code_text!(Role, UnknownRole, |s: &str| UnknownRole(s.to_owned()));

/// A set of roles, stored compactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RoleSet(u16);

impl RoleSet {
    /// The empty set.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// A set holding exactly these roles.
    pub fn of(roles: &[Role]) -> Self {
        roles.iter().copied().collect()
    }

    /// Whether the set holds `role`.
    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// Adds a role.
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }

    /// Removes a role.
    pub fn remove(&mut self, role: Role) {
        self.0 &= !role.bit();
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The roles, in [`Role::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.iter().copied().filter(move |r| self.contains(*r))
    }

    /// Comma-separated names, as stored in the database (`admin,custodian`).
    pub fn to_names(self) -> String {
        self.iter().map(Role::as_str).collect::<Vec<_>>().join(",")
    }

    /// Parses [`RoleSet::to_names`]'s output; an empty string is the empty set.
    pub fn from_names(s: &str) -> Result<Self, UnknownRole> {
        s.split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(Role::from_str)
            .collect()
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut set = RoleSet::empty();
        for r in iter {
            set.insert(r);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        crate::macros::assert_codes_round_trip(Role::ALL, Role::as_str);
        let set = RoleSet::of(&[Role::Admin, Role::Custodian]);
        assert_eq!(set.to_names(), "admin,custodian");
        assert_eq!(RoleSet::from_names("admin,custodian"), Ok(set));
        assert_eq!(RoleSet::from_names(""), Ok(RoleSet::empty()));
        assert!(RoleSet::from_names("admin,root").is_err());
    }
}
