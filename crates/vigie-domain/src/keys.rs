//! Who may hold which keys: the rules that adding a team member, granting a report and changing a
//! user's roles apply (DESIGN.md section 3, "Teams" and "Key slots").
//!
//! Report teams take handlers only, so that an admin, a custodian or an analyst never reads reports by
//! sitting in a team; casework teams (help requests and victims' files) take caseworkers only, so that
//! a handler never reads a victim's request. A team's kind is part of the key directory (its key
//! generations are MACed with it): whoever writes the database cannot turn one kind into the other. An admin needs no seat in
//! a team to manage it: adding a member starts a new key generation (or re-wraps the history when a
//! current member or the escrow key does it).

use crate::{Role, RoleSet};

/// A kind of key a user may hold in person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyHolding {
    /// A seat in a report team: its key opens every report routed or granted to it.
    ReportTeam,
    /// A report's conversation and internal keys (a grant, or an assignment).
    ReportContent,
    /// A report's identity key (custodians, and the handlers a custodian grants).
    ReportIdentity,
    /// A seat in a casework team: its key opens every help request (and, later, victim's file)
    /// routed to it.
    CaseTeam,
}

impl KeyHolding {
    /// Every kind, for the rules' exhaustive tests and for dropping what a change of roles forbids.
    pub const ALL: [KeyHolding; 4] = [
        KeyHolding::ReportTeam,
        KeyHolding::ReportContent,
        KeyHolding::ReportIdentity,
        KeyHolding::CaseTeam,
    ];
}

/// Whether a user with `roles` may hold `what`.
pub fn may_hold(roles: RoleSet, what: KeyHolding) -> bool {
    match what {
        KeyHolding::ReportTeam | KeyHolding::ReportContent => roles.contains(Role::Handler),
        KeyHolding::ReportIdentity => {
            roles.contains(Role::Custodian) || roles.contains(Role::Handler)
        }
        KeyHolding::CaseTeam => roles.contains(Role::Caseworker),
    }
}

code_enum!(
    /// What a team is for, which decides who may sit in it.
    TeamKind {
        /// Reports (signalements): handlers.
        Report => "report",
        /// Help requests and victims' files: caseworkers.
        Casework => "casework",
    }
);

impl TeamKind {
    /// The seat its members hold.
    pub fn seat(self) -> KeyHolding {
        match self {
            TeamKind::Report => KeyHolding::ReportTeam,
            TeamKind::Casework => KeyHolding::CaseTeam,
        }
    }

    /// The role its members must hold, for messages.
    pub fn role(self) -> Role {
        match self {
            TeamKind::Report => Role::Handler,
            TeamKind::Casework => Role::Caseworker,
        }
    }
}

/// The role a report team's members must hold, for messages.
pub const REPORT_TEAM_ROLE: Role = Role::Handler;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_handlers_read_reports_and_only_caseworkers_sit_in_casework_teams() {
        for &role in Role::ALL {
            let roles = RoleSet::of(&[role]);
            for (what, allowed) in [
                (KeyHolding::ReportTeam, role == Role::Handler),
                (KeyHolding::ReportContent, role == Role::Handler),
                (
                    KeyHolding::ReportIdentity,
                    matches!(role, Role::Handler | Role::Custodian),
                ),
                (KeyHolding::CaseTeam, role == Role::Caseworker),
            ] {
                assert_eq!(may_hold(roles, what), allowed, "{role} {what:?}");
            }
            // Each kind of team asks its own role.
            for &kind in TeamKind::ALL {
                assert_eq!(may_hold(roles, kind.seat()), role == kind.role(), "{kind}");
            }
        }
    }

    #[test]
    fn an_admin_who_is_also_a_handler_may_sit_in_a_team() {
        let roles = RoleSet::of(&[Role::Admin, Role::Handler]);
        assert!(
            KeyHolding::ALL
                .iter()
                .filter(|w| **w != KeyHolding::CaseTeam)
                .all(|w| may_hold(roles, *w))
        );
        let admin = RoleSet::of(&[Role::Admin, Role::Custodian]);
        assert!(!may_hold(admin, KeyHolding::ReportTeam));
    }
}
