//! The policy table, written out by hand: every role x every action, on a resource that favours the
//! principal (their own team, their own referral, their own account). A change to the policy must change
//! this table too, in the same commit, where a reviewer sees it.

use super::*;

/// One row per action: the roles allowed, in [`Role::ALL`] order
/// (admin, handler, custodian, caseworker, partner, analyst, prevention).
const TABLE: &[(Action, [bool; 7])] = {
    const Y: bool = true;
    const N: bool = false;
    use Action::*;
    &[
        //                      adm han cus cas par ana pre
        (EnterStaffArea, [Y, Y, Y, Y, Y, Y, Y]),
        (ManageOwnAccount, [Y, Y, Y, Y, Y, Y, Y]),
        (ManageUsers, [Y, N, N, N, N, N, N]),
        (ManageTeams, [Y, N, N, N, N, N, N]),
        (ManageRouting, [Y, N, N, N, N, N, N]),
        (ManageRetention, [Y, N, N, N, N, N, N]),
        (ManageKeys, [Y, N, N, N, N, N, N]),
        (ReadAuditLog, [Y, N, N, N, N, N, N]),
        (CheckpointAudit, [Y, N, N, N, N, N, N]),
        (ListReports, [N, Y, Y, N, N, N, N]),
        (ReadReport, [N, Y, N, N, N, N, N]),
        (ReplyToReporter, [N, Y, N, N, N, N, N]),
        (ForwardReport, [N, Y, N, N, N, N, N]),
        (QualifyReport, [N, Y, N, N, N, N, N]),
        (TransmitToCasework, [N, Y, N, N, N, N, N]),
        (ReadReporterIdentity, [N, Y, Y, N, N, N, N]),
        (GrantIdentityAccess, [N, N, Y, N, N, N, N]),
        (ListCases, [N, N, N, Y, N, N, N]),
        (ReadCase, [N, N, N, Y, N, N, N]),
        (ManageCase, [N, N, N, Y, N, N, N]),
        (ReadArchivedCase, [N, N, Y, N, N, N, N]),
        (ReferCase, [N, N, N, Y, N, N, N]),
        (RunSupportGroups, [N, N, N, Y, N, N, N]),
        (ReadActivityReport, [N, N, N, Y, N, N, N]),
        (PublishCaseworkFigures, [N, N, N, Y, N, N, N]),
        (ReadReferral, [N, N, N, N, Y, N, N]),
        (AddReferralFollowUp, [N, N, N, N, Y, N, N]),
        (ManagePartners, [Y, N, N, Y, N, N, N]),
        (UsePartnerSpace, [N, N, N, N, Y, N, N]),
        (RecordIncident, [N, N, N, N, N, Y, N]),
        (ReviewIncidents, [N, N, N, N, N, Y, N]),
        (PublishEdition, [N, N, N, N, N, Y, N]),
        (ManageWorkshops, [N, N, N, N, N, N, Y]),
        (ReadStructureContact, [N, N, N, N, N, N, Y]),
        (ExportItem, [N, Y, N, Y, N, N, N]),
        (PublishPreventionFigures, [N, N, N, N, N, N, Y]),
        (ManageCoordination, [N, N, N, N, N, N, Y]),
        (ReadMinutes, [N, N, N, N, N, N, Y]),
        (ActInMeeting, [N, N, N, N, N, N, Y]),
        (ManageNetwork, [Y, N, N, N, N, N, N]),
    ]
};

fn principal(role: Role) -> Principal {
    Principal {
        id: UserId::random(),
        roles: RoleSet::of(&[role]),
        teams: vec![TeamId::random()],
        active: true,
    }
}

/// The resource each action applies to, chosen to favour `p`.
fn favourable(action: Action, p: &Principal) -> Resource {
    use Action::*;
    match action {
        ManageOwnAccount => Resource::Account(p.id),
        ReadReport | ReplyToReporter | ForwardReport | QualifyReport | TransmitToCasework
        | ReadCase | ManageCase | ReferCase | ExportItem => Resource::Routed {
            team: p.teams.first().copied(),
            assignee: None,
        },
        ReadReporterIdentity | GrantIdentityAccess => Resource::Identity {
            granted: vec![p.id],
        },
        ReadReferral | AddReferralFollowUp => Resource::Referral { partner: p.id },
        ReadArchivedCase => Resource::ArchivedFile { team: p.teams[0] },
        ReadMinutes | ActInMeeting => Resource::Meeting {
            participants: vec![p.id],
        },
        _ => Resource::Instance,
    }
}

#[test]
fn table_covers_every_action_once() {
    assert_eq!(TABLE.len(), Action::ALL.len());
    for &action in Action::ALL {
        assert_eq!(
            TABLE.iter().filter(|(a, _)| *a == action).count(),
            1,
            "{action:?}"
        );
    }
}

#[test]
fn every_role_and_action_matches_the_table() {
    for (action, row) in TABLE {
        for (role, expected) in Role::ALL.iter().copied().zip(row) {
            let p = principal(role);
            let got = decide(&p, *action, &favourable(*action, &p));
            if *expected {
                assert_eq!(got, Ok(()), "{role} should be allowed {action:?}");
            } else {
                assert_eq!(got, Err(Denied::Role), "{role} should be denied {action:?}");
            }
        }
    }
}

#[test]
fn allowed_roles_are_still_bound_to_the_audience() {
    for (action, row) in TABLE {
        for (role, allowed) in Role::ALL.iter().copied().zip(row) {
            if !allowed {
                continue;
            }
            let p = principal(role);
            // The same action on someone else's item.
            let other = UserId::random();
            let foreign = match favourable(*action, &p) {
                Resource::Account(_) => Resource::Account(other),
                Resource::Routed { .. } => Resource::Routed {
                    team: Some(TeamId::random()),
                    assignee: Some(other),
                },
                Resource::Identity { .. } => Resource::Identity {
                    granted: vec![other],
                },
                Resource::Report { .. } => Resource::Report {
                    teams: vec![TeamId::random()],
                    users: vec![other],
                },
                Resource::Referral { .. } => Resource::Referral { partner: other },
                Resource::ArchivedFile { .. } => Resource::ArchivedFile {
                    team: TeamId::random(),
                },
                Resource::Meeting { .. } => Resource::Meeting {
                    participants: vec![other],
                },
                Resource::Instance => continue,
            };
            let got = decide(&p, *action, &foreign);
            let custodian_reads_all = role == Role::Custodian
                && matches!(
                    action,
                    Action::ReadReporterIdentity | Action::GrantIdentityAccess
                );
            if custodian_reads_all {
                assert_eq!(got, Ok(()), "{role} {action:?}");
            } else {
                assert_eq!(
                    got,
                    Err(Denied::Audience),
                    "{role} {action:?} on a foreign item"
                );
            }
        }
    }
}

#[test]
fn assignee_may_act_without_team() {
    let p = principal(Role::Handler);
    let r = Resource::Routed {
        team: None,
        assignee: Some(p.id),
    };
    assert_eq!(decide(&p, Action::ReadReport, &r), Ok(()));
}

#[test]
fn disabled_principal_is_denied_everything() {
    for &role in Role::ALL {
        let mut p = principal(role);
        p.active = false;
        for &action in Action::ALL {
            assert_eq!(
                decide(&p, action, &favourable(action, &p)),
                Err(Denied::Disabled)
            );
        }
    }
}

#[test]
fn wrong_resource_kind_is_denied() {
    let p = principal(Role::Handler);
    assert_eq!(
        decide(&p, Action::ReadReport, &Resource::Instance),
        Err(Denied::Resource)
    );
    let a = principal(Role::Admin);
    assert_eq!(
        decide(
            &a,
            Action::ManageUsers,
            &Resource::Routed {
                team: None,
                assignee: Some(a.id)
            }
        ),
        Err(Denied::Resource)
    );
}

#[test]
fn an_archived_file_is_opened_by_its_teams_custodian_only_and_changed_by_no_one() {
    let team = TeamId::random();
    let archived = Resource::ArchivedFile { team };
    let mut p = principal(Role::Caseworker);
    p.teams = vec![team];
    for &action in Action::ALL {
        if action != Action::ReadArchivedCase {
            let got = decide(&p, action, &archived);
            assert!(got.is_err(), "{action:?}");
        }
    }
    assert_eq!(
        decide(&p, Action::ReadCase, &archived),
        Err(Denied::Archived)
    );
    assert_eq!(
        decide(&p, Action::ReadArchivedCase, &archived),
        Err(Denied::Role)
    );
    p.roles.insert(Role::Custodian);
    assert_eq!(decide(&p, Action::ReadArchivedCase, &archived), Ok(()));
    assert_eq!(
        decide(&p, Action::ManageCase, &archived),
        Err(Denied::Archived)
    );
    p.teams = vec![TeamId::random()];
    assert_eq!(
        decide(&p, Action::ReadArchivedCase, &archived),
        Err(Denied::Audience)
    );
}

#[test]
fn several_roles_combine() {
    let mut p = principal(Role::Admin);
    p.roles.insert(Role::Custodian);
    assert_eq!(decide(&p, Action::ManageUsers, &Resource::Instance), Ok(()));
    assert_eq!(
        decide(
            &p,
            Action::GrantIdentityAccess,
            &Resource::Identity { granted: vec![] }
        ),
        Ok(())
    );
    assert_eq!(
        decide(
            &p,
            Action::ReadReport,
            &Resource::Routed {
                team: p.teams.first().copied(),
                assignee: None
            }
        ),
        Err(Denied::Role),
        "an admin is not a reader of reports"
    );
}

#[test]
fn a_report_is_read_by_its_teams_and_granted_persons_only() {
    let p = principal(Role::Handler);
    let team = p.teams.first().copied();
    let in_team = Resource::Report {
        teams: team.into_iter().collect(),
        users: vec![],
    };
    let granted = Resource::Report {
        teams: vec![TeamId::random()],
        users: vec![p.id],
    };
    let foreign = Resource::Report {
        teams: vec![TeamId::random()],
        users: vec![UserId::random()],
    };
    for action in [
        Action::ReadReport,
        Action::ReplyToReporter,
        Action::ForwardReport,
        Action::QualifyReport,
    ] {
        assert_eq!(decide(&p, action, &in_team), Ok(()));
        assert_eq!(decide(&p, action, &granted), Ok(()));
        assert_eq!(decide(&p, action, &foreign), Err(Denied::Audience));
    }
    let caseworker = principal(Role::Caseworker);
    assert_eq!(
        decide(&caseworker, Action::ReadReport, &in_team),
        Err(Denied::Role),
        "a caseworker cannot read reports"
    );
}

#[test]
fn a_prevention_coordinator_opens_prevention_and_nothing_of_reports_cases_or_referrals() {
    let p = principal(Role::PreventionCoordinator);
    for action in [Action::ManageWorkshops, Action::ReadStructureContact] {
        assert_eq!(decide(&p, action, &Resource::Instance), Ok(()));
    }
    for &action in Action::ALL {
        let content = matches!(
            action,
            Action::ListReports
                | Action::ReadReport
                | Action::ReadReporterIdentity
                | Action::ListCases
                | Action::ReadCase
                | Action::ManageCase
                | Action::RunSupportGroups
                | Action::ReadReferral
                | Action::ManagePartners
                | Action::ExportItem
        );
        if content {
            assert_eq!(
                decide(&p, action, &favourable(action, &p)),
                Err(Denied::Role),
                "{action:?}"
            );
        }
    }
    for role in [
        Role::Admin,
        Role::Handler,
        Role::Custodian,
        Role::Caseworker,
        Role::Partner,
        Role::Analyst,
    ] {
        let other = principal(role);
        assert_eq!(
            decide(&other, Action::ReadStructureContact, &Resource::Instance),
            Err(Denied::Role),
            "{role} never reads a structure's contact"
        );
    }
}

#[test]
fn minutes_open_for_the_meetings_participants_only() {
    let p = principal(Role::PreventionCoordinator);
    let took_part = Resource::Meeting {
        participants: vec![UserId::random(), p.id],
    };
    let absent = Resource::Meeting {
        participants: vec![UserId::random()],
    };
    assert_eq!(decide(&p, Action::ReadMinutes, &took_part), Ok(()));
    assert_eq!(
        decide(&p, Action::ReadMinutes, &absent),
        Err(Denied::Audience)
    );
    assert_eq!(
        decide(&p, Action::ActInMeeting, &absent),
        Err(Denied::Audience)
    );
    // The coordination area opens no report and no victim's file.
    for action in [
        Action::ReadReport,
        Action::ReadCase,
        Action::ListCases,
        Action::ListReports,
    ] {
        assert_eq!(decide(&p, action, &Resource::Instance), Err(Denied::Role));
    }
    // A participant who is not a coordinator any more reads nothing.
    let mut q = principal(Role::Caseworker);
    q.id = p.id;
    assert_eq!(
        decide(&q, Action::ReadMinutes, &took_part),
        Err(Denied::Role)
    );
}
