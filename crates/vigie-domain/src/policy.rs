//! The policy module: "may principal P do action A on resource R?".
//!
//! Every handler asks [`decide`] before it acts or decrypts; nothing else in the program grants access.
//! Holding a role is never enough on its own for content: a routed item also requires membership of the
//! team (or being the assignee) it was routed to, a referral requires being the partner it names.

use serde::{Deserialize, Serialize};
use strum::VariantArray;
use thiserror::Error;

use crate::{Role, RoleSet, TeamId, UserId};

/// Who is asking: an authenticated staff member, with their roles and teams as stored now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user.
    pub id: UserId,
    /// The roles they hold.
    pub roles: RoleSet,
    /// The teams they belong to.
    pub teams: Vec<TeamId>,
    /// False once an admin disabled the account.
    pub active: bool,
}

/// Something a principal may want to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Open the staff area (`/espace`) at all.
    EnterStaffArea,
    /// Change one's own password or second factor.
    ManageOwnAccount,
    /// Create, disable, reset users; change roles.
    ManageUsers,
    /// Create teams and change their members.
    ManageTeams,
    /// Edit routing rules.
    ManageRouting,
    /// Edit retention periods.
    ManageRetention,
    /// Manage instance keys (escrow, audit key).
    ManageKeys,
    /// Read and filter the audit log.
    ReadAuditLog,
    /// Sign a checkpoint of the audit log on demand.
    CheckpointAudit,
    /// See the list of reports routed to one's teams.
    ListReports,
    /// Decrypt a report's text, attachments and conversation.
    ReadReport,
    /// Write to a reporter.
    ReplyToReporter,
    /// Forward a report to the authorities (with the reporter's consent).
    ForwardReport,
    /// Turn a report into a non-identifying incident.
    QualifyReport,
    /// Copy the texts a reporter chose into a help request for the casework team (at the
    /// reporter's request, with their consent).
    TransmitToCasework,
    /// Decrypt the name or contact a reporter chose to give.
    ReadReporterIdentity,
    /// Grant another principal access to a reporter's identity.
    GrantIdentityAccess,
    /// See the list of cases routed to one's teams.
    ListCases,
    /// Decrypt a victim's case.
    ReadCase,
    /// Add notes, change status, follow court dates.
    ManageCase,
    /// Open an archived file, with a reason (the custodian of its team).
    ReadArchivedCase,
    /// Refer a case extract to a partner.
    ReferCase,
    /// Run support groups.
    RunSupportGroups,
    /// Read the yearly activity report of one's casework teams (counts only, every file opened
    /// in the request).
    ReadActivityReport,
    /// Publish a year's casework figures (consenting people only, under disclosure control).
    PublishCaseworkFigures,
    /// Read a case extract referred to oneself.
    ReadReferral,
    /// Add a follow-up to a referral.
    AddReferralFollowUp,
    /// Read and change the partner directory (its sealed details included).
    ManagePartners,
    /// Open the partner's own space: the charter, their entry, the referrals they received.
    UsePartnerSpace,
    /// Record incidents from outside sources.
    RecordIncident,
    /// Review qualified incidents.
    ReviewIncidents,
    /// Publish a monthly edition of the observatory.
    PublishEdition,
    /// Schedule workshops and record their aggregates: the prevention area's structures (their clear
    /// half), programmes and sessions.
    ManageWorkshops,
    /// Open the sealed contact of a structure the prevention team works with.
    ReadStructureContact,
    /// Export a readable item (age file for a recipient).
    ExportItem,
    // Prevention's public figures (issue 12, item 7).
    /// Publish a period's prevention figures (under disclosure control) as a release of their own.
    PublishPreventionFigures,
    // Coordination (issue 12).
    /// Open the coordination area: record meetings (their clear half), decisions and actions,
    /// accept the CLSPD charter.
    ManageCoordination,
    /// Open a meeting's sealed minutes (its participants only).
    ReadMinutes,
    /// Act as a participant of a meeting: write its minutes, transmit a named situation raised
    /// in a restricted group.
    ActInMeeting,
    // The hub of the network of cities (issue 14, item 2).
    /// See the network's members and their pulls, and confirm a member's key it had not announced
    /// (an instance with `[federation]`).
    ManageNetwork,
}

impl Action {
    /// Every action, in declaration order (used by the exhaustive policy test; derived: a new action
    /// cannot be left out of it).
    pub const ALL: &'static [Action] = <Action as strum::VariantArray>::VARIANTS;

    /// A stable name for the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::EnterStaffArea => "enter_staff_area",
            Action::ManageOwnAccount => "manage_own_account",
            Action::ManageUsers => "manage_users",
            Action::ManageTeams => "manage_teams",
            Action::ManageRouting => "manage_routing",
            Action::ManageRetention => "manage_retention",
            Action::ManageKeys => "manage_keys",
            Action::ReadAuditLog => "read_audit_log",
            Action::CheckpointAudit => "checkpoint_audit",
            Action::ListReports => "list_reports",
            Action::ReadReport => "read_report",
            Action::ReplyToReporter => "reply_to_reporter",
            Action::ForwardReport => "forward_report",
            Action::QualifyReport => "qualify_report",
            Action::TransmitToCasework => "transmit_to_casework",
            Action::ReadReporterIdentity => "read_reporter_identity",
            Action::GrantIdentityAccess => "grant_identity_access",
            Action::ListCases => "list_cases",
            Action::ReadCase => "read_case",
            Action::ManageCase => "manage_case",
            Action::ReadArchivedCase => "read_archived_case",
            Action::ReferCase => "refer_case",
            Action::RunSupportGroups => "run_support_groups",
            Action::ReadActivityReport => "read_activity_report",
            Action::PublishCaseworkFigures => "publish_casework_figures",
            Action::ReadReferral => "read_referral",
            Action::AddReferralFollowUp => "add_referral_follow_up",
            Action::ManagePartners => "manage_partners",
            Action::UsePartnerSpace => "use_partner_space",
            Action::RecordIncident => "record_incident",
            Action::ReviewIncidents => "review_incidents",
            Action::PublishEdition => "publish_edition",
            Action::ManageWorkshops => "manage_workshops",
            Action::ReadStructureContact => "read_structure_contact",
            Action::ExportItem => "export_item",
            Action::PublishPreventionFigures => "publish_prevention_figures",
            Action::ManageCoordination => "manage_coordination",
            Action::ReadMinutes => "read_minutes",
            Action::ActInMeeting => "act_in_meeting",
            Action::ManageNetwork => "manage_network",
        }
    }
}

/// What the action is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// The instance as a whole (lists, settings, the audit log).
    Instance,
    /// The principal's own account, or another user's (for self-service actions).
    Account(UserId),
    /// A report or case routed to a team and/or assigned to a person.
    Routed {
        /// The team it was routed to.
        team: Option<TeamId>,
        /// The person it is assigned to.
        assignee: Option<UserId>,
    },
    /// A report: its audience is every team and person its conversation key is wrapped for (the
    /// routed team, teams and handlers granted access later, the assignee).
    Report {
        /// Teams holding the report's key.
        teams: Vec<TeamId>,
        /// Persons holding the report's key.
        users: Vec<UserId>,
    },
    /// A reporter's identity: the custodian may read it, and whom the custodian granted.
    Identity {
        /// Principals the custodian granted access to.
        granted: Vec<UserId>,
    },
    /// A victim's file in the restricted archive: only the custodian, in its team, opens it.
    ArchivedFile {
        /// The casework team that holds its key.
        team: TeamId,
    },
    /// A case extract referred to a partner.
    Referral {
        /// The partner it was referred to.
        partner: UserId,
    },
    /// A coordination meeting: its minutes are sealed for the staff who took part.
    Meeting {
        /// The staff accounts who took part.
        participants: Vec<UserId>,
    },
}

/// Why the policy said no. Written to the audit log as a permission denial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Denied {
    /// The account is disabled.
    #[error("account disabled")]
    Disabled,
    /// None of the principal's roles allows this action.
    #[error("no role allows this action")]
    Role,
    /// The role allows the action, but not on this item (not routed to one's team, not referred to oneself).
    #[error("not in the item's audience")]
    Audience,
    /// The action does not apply to this kind of resource.
    #[error("action does not apply to this resource")]
    Resource,
    /// The file is archived: read-only, opened by its team's custodian with a reason.
    #[error("the file is archived")]
    Archived,
}

/// Which roles may perform an action at all (before looking at the resource).
fn roles_for(action: Action) -> &'static [Role] {
    use Action::*;
    use Role::*;
    match action {
        EnterStaffArea | ManageOwnAccount => Role::ALL,
        ManageUsers | ManageTeams | ManageRouting | ManageRetention | ManageKeys | ReadAuditLog
        | CheckpointAudit | ManageNetwork => &[Admin],
        // The custodian lists reports too: only those whose identity key they hold, clear rows only.
        ListReports => &[Handler, Custodian],
        ReadReport | ReplyToReporter | ForwardReport | QualifyReport | TransmitToCasework => {
            &[Handler]
        }
        // A handler may read an identity only once the custodian granted it (checked on the resource).
        ReadReporterIdentity => &[Custodian, Handler],
        GrantIdentityAccess => &[Custodian],
        // The custodian of archives must also sit in the file's casework team (which takes
        // caseworkers only: keys::may_hold), checked on the resource.
        ReadArchivedCase => &[Custodian],
        // The yearly figures need the files opened, so only the team's caseworkers can count them
        // (an analyst holds no team key: they see published aggregates only).
        ListCases
        | ReadCase
        | ManageCase
        | ReferCase
        | RunSupportGroups
        | ReadActivityReport
        | PublishCaseworkFigures => &[Caseworker],
        ReadReferral | AddReferralFollowUp | UsePartnerSpace => &[Partner],
        // Caseworkers refer to partners; admins keep the directory when no caseworker is there.
        ManagePartners => &[Admin, Caseworker],
        RecordIncident | ReviewIncidents | PublishEdition => &[Analyst],
        // Prevention: its coordinators only (never reports, cases or referrals).
        ManageWorkshops | ReadStructureContact => &[PreventionCoordinator],
        ExportItem => &[Handler, Caseworker],
        // Prevention's public figures: as the casework figures are published by those who record
        // them, the coordinators who record the sessions prepare and publish (the disclosure
        // control is the code's, not a second person's; an analyst never needs the sessions).
        PublishPreventionFigures => &[PreventionCoordinator],
        // Coordination: the prevention coordinators (never reports or cases); minutes, the
        // meeting's participants among them (checked on the resource).
        ManageCoordination | ReadMinutes | ActInMeeting => &[PreventionCoordinator],
    }
}

/// The one question: may `who` do `action` on `what`?
pub fn decide(who: &Principal, action: Action, what: &Resource) -> Result<(), Denied> {
    if !who.active {
        return Err(Denied::Disabled);
    }
    let roles = roles_for(action);
    if !roles.iter().any(|r| who.roles.contains(*r)) {
        return Err(Denied::Role);
    }
    use Action::*;
    match (action, what) {
        (ManageOwnAccount, Resource::Account(owner)) => {
            if *owner == who.id {
                Ok(())
            } else {
                Err(Denied::Audience)
            }
        }
        (ManageOwnAccount, _) => Err(Denied::Resource),
        (
            EnterStaffArea
            | ManageUsers
            | ManageTeams
            | ManageRouting
            | ManageRetention
            | ManageKeys
            | ReadAuditLog
            | CheckpointAudit
            | ListReports
            | ListCases
            | RunSupportGroups
            | ReadActivityReport
            | PublishCaseworkFigures
            | RecordIncident
            | ReviewIncidents
            | PublishEdition
            | ManageWorkshops
            | ReadStructureContact
            | ManagePartners
            | UsePartnerSpace
            | ReadArchivedCase
            | PublishPreventionFigures
            | ManageCoordination
            | ManageNetwork,
            Resource::Instance,
        ) => Ok(()),
        (ReadMinutes | ActInMeeting, Resource::Meeting { participants }) => {
            if participants.contains(&who.id) {
                Ok(())
            } else {
                Err(Denied::Audience)
            }
        }
        (ReadArchivedCase, Resource::ArchivedFile { team }) => {
            if who.teams.contains(team) {
                Ok(())
            } else {
                Err(Denied::Audience)
            }
        }
        // An archived file is read-only, and no other action opens it.
        (_, Resource::ArchivedFile { .. }) => Err(Denied::Archived),
        (
            ReadReport | ReplyToReporter | ForwardReport | QualifyReport | TransmitToCasework
            | ReadCase | ManageCase | ReferCase | ExportItem,
            Resource::Routed { team, assignee },
        ) => {
            let in_team = team.is_some_and(|t| who.teams.contains(&t));
            let assigned = *assignee == Some(who.id);
            if in_team || assigned {
                Ok(())
            } else {
                Err(Denied::Audience)
            }
        }
        (
            ReadReport | ReplyToReporter | ForwardReport | QualifyReport | TransmitToCasework
            | ExportItem,
            Resource::Report { teams, users },
        ) => {
            if teams.iter().any(|t| who.teams.contains(t)) || users.contains(&who.id) {
                Ok(())
            } else {
                Err(Denied::Audience)
            }
        }
        (ReadReporterIdentity, Resource::Identity { granted }) => {
            if who.roles.contains(Role::Custodian) || granted.contains(&who.id) {
                Ok(())
            } else {
                Err(Denied::Audience)
            }
        }
        (GrantIdentityAccess, Resource::Identity { .. }) => Ok(()),
        (ReadReferral | AddReferralFollowUp, Resource::Referral { partner }) => {
            if *partner == who.id {
                Ok(())
            } else {
                Err(Denied::Audience)
            }
        }
        _ => Err(Denied::Resource),
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
