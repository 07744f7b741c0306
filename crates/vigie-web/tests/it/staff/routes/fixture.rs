//! The walk's fixture: an instance with one staff member per role signed in, and one of everything
//! the routes' parameters and forms point at.

use vigie_domain::observatory::{IncidentForm, Month};
use vigie_domain::{
    Action, AuditActor, FileId, IncidentId, PartnerId, Principal, ProgrammeId, ReportId, Resource,
    Role, StructureId, SupportGroupId, TeamId, UserId, decide,
};

use super::MEMBERS;
use reqwest::StatusCode;

use super::table::{Ask, Purpose, Route};
use crate::staff::reports::{form, submit};
use crate::staff::{CookieClient, Server};
use crate::staff::{chosen_password, signed_in};

/// A staff member of the walk.
pub(super) struct Member {
    pub(super) name: &'static str,
    pub(super) principal: Principal,
    pub(super) client: CookieClient,
}

/// What the routes' parameters and forms point at.
#[derive(Clone, Copy)]
pub(super) struct Ids {
    pub(super) report: ReportId,
    pub(super) incident: IncidentId,
    pub(super) help: ReportId,
    pub(super) file: FileId,
    pub(super) support_group: SupportGroupId,
    pub(super) referral: vigie_domain::ReferralId,
    pub(super) paul: UserId,
    pub(super) chloe: UserId,
    pub(super) partner: PartnerId,
    pub(super) structure: StructureId,
    pub(super) programme: ProgrammeId,
    pub(super) workshop: vigie_domain::WorkshopId,
    pub(super) campaign: vigie_domain::CampaignId,
    /// A survey cycle of the programme (issue 12, item 4).
    pub(super) cycle: vigie_domain::CycleId,
    pub(super) meeting: vigie_domain::MeetingId,
    pub(super) decision: vigie_domain::DecisionId,
    pub(super) pierre: UserId,
    pub(super) casework: TeamId,
    pub(super) north: TeamId,
    pub(super) hana: UserId,
}

impl Ids {
    /// `path` with its parameters filled in (`part`: one of the report's files).
    pub(super) fn path(&self, path: &str, part: &str) -> String {
        // The first prefix `path` starts with names its id (the longer prefixes first).
        let by_prefix = [
            ("/espace/observatoire", self.incident.to_string()),
            ("/espace/partenaire/orientations", self.referral.to_string()),
            ("/espace/accompagnement/dossiers", self.file.to_string()),
            (
                "/espace/accompagnement/partenaires",
                self.partner.to_string(),
            ),
            ("/espace/prevention/structures", self.structure.to_string()),
            ("/espace/prevention/questionnaires", self.cycle.to_string()),
            ("/espace/prevention/programmes", self.programme.to_string()),
            ("/espace/prevention/seances", self.workshop.to_string()),
            ("/espace/prevention/campagnes", self.campaign.to_string()),
            ("/espace/coordination/actions", self.decision.to_string()),
            ("/espace/coordination", self.meeting.to_string()),
            (
                "/espace/accompagnement/groupes",
                self.support_group.to_string(),
            ),
            ("/espace/accompagnement", self.help.to_string()),
        ];
        let id = by_prefix
            .into_iter()
            .find(|(prefix, _)| path.starts_with(prefix))
            .map_or_else(|| self.report.to_string(), |(_, id)| id);
        path.replace("{id}", &id).replace("{part}", part)
    }

    pub(super) fn purpose(&self, p: Purpose) -> Option<String> {
        match p {
            Purpose::None => None,
            Purpose::Fixed(p) => Some(p.to_owned()),
            Purpose::Report => Some(format!("report:{}", self.report)),
            Purpose::Incident => Some(format!("incident:{}", self.incident)),
            Purpose::Help => Some(format!("help:{}", self.help)),
            Purpose::File => Some(format!("file:{}", self.file)),
            Purpose::FileArchive => Some(format!("file-archive:{}", self.file)),
            Purpose::Partner => Some(format!("partner:{}", self.partner)),
            Purpose::SupportGroup => Some(format!("support_group:{}", self.support_group)),
            Purpose::Referral => Some(format!("referral:{}", self.referral)),
            Purpose::Structure => Some(format!("prevention_structure:{}", self.structure)),
            Purpose::Programme => Some(format!("prevention_programme:{}", self.programme)),
            Purpose::Workshop => Some(format!("prevention_session:{}", self.workshop)),
            Purpose::Campaign => Some(format!("prevention_campaign:{}", self.campaign)),
            Purpose::Cycle => Some(format!("survey_cycle:{}", self.cycle)),
            Purpose::Statements => Some(format!("survey_statements:{}", self.programme)),
            Purpose::Meeting => Some(format!("meeting:{}", self.meeting)),
            Purpose::Decision => Some(format!("decision:{}", self.decision)),
        }
    }

    /// A purpose that is not `p`'s: another report's or incident's, or the logout form's.
    pub(super) fn other_purpose(&self, p: Purpose) -> String {
        match p {
            Purpose::Report => format!("report:{}", ReportId::random()),
            Purpose::Incident => format!("incident:{}", IncidentId::random()),
            Purpose::Help => format!("help:{}", ReportId::random()),
            Purpose::File => format!("file:{}", FileId::random()),
            Purpose::FileArchive => format!("file-archive:{}", FileId::random()),
            Purpose::Partner => format!("partner:{}", PartnerId::random()),
            Purpose::SupportGroup => format!("support_group:{}", SupportGroupId::random()),
            Purpose::Referral => format!("referral:{}", vigie_domain::ReferralId::random()),
            Purpose::Structure => format!("prevention_structure:{}", StructureId::random()),
            Purpose::Programme => format!("prevention_programme:{}", ProgrammeId::random()),
            Purpose::Workshop => {
                format!("prevention_session:{}", vigie_domain::WorkshopId::random())
            }
            Purpose::Campaign => {
                format!("prevention_campaign:{}", vigie_domain::CampaignId::random())
            }
            Purpose::Cycle => format!("survey_cycle:{}", vigie_domain::CycleId::random()),
            Purpose::Statements => format!("survey_statements:{}", ProgrammeId::random()),
            Purpose::Meeting => format!("meeting:{}", vigie_domain::MeetingId::random()),
            Purpose::Decision => format!("decision:{}", vigie_domain::DecisionId::random()),
            Purpose::Fixed("logout") => "password".to_owned(),
            Purpose::Fixed(_) | Purpose::None => "logout".to_owned(),
        }
    }

    pub(super) fn fill(&self, value: &str) -> String {
        value
            .replace("{user}", &self.hana.to_string())
            .replace("{team}", &self.north.to_string())
    }

    /// The first of `route`'s questions the policy refuses `who`: its action and the audited object.
    pub(super) fn refusal(&self, route: &Route, who: &Principal) -> Option<(Action, String)> {
        let report = || Resource::Report {
            teams: vec![self.north],
            users: Vec::new(),
        };
        let identity = || Resource::Identity {
            granted: Vec::new(),
        };
        let on_report = format!("report:{}", self.report);
        let case = || Resource::Routed {
            team: Some(self.casework),
            assignee: None,
        };
        for ask in route.asks {
            let (action, resource, object) = match *ask {
                Ask::Instance(a) => (a, Resource::Instance, String::new()),
                Ask::OwnAccount(a) => (a, Resource::Account(who.id), format!("user:{}", who.id)),
                Ask::Report(a) => (a, report(), on_report.clone()),
                Ask::Identity(a) => (a, identity(), on_report.clone()),
                Ask::Case(a) => (a, case(), format!("report:{}", self.help)),
                Ask::OwnReferrals(a) => (
                    a,
                    Resource::Referral { partner: who.id },
                    format!("user:{}", who.id),
                ),
                Ask::Referral(partner_action, _) if who.roles.contains(Role::Partner) => (
                    partner_action,
                    Resource::Referral { partner: self.paul },
                    format!("referral:{}", self.referral),
                ),
                Ask::Referral(_, team_action) => (
                    team_action,
                    Resource::Routed {
                        team: Some(self.casework),
                        assignee: None,
                    },
                    format!("referral:{}", self.referral),
                ),
                Ask::File(a) => (
                    a,
                    Resource::Routed {
                        team: Some(self.casework),
                        assignee: Some(self.chloe),
                    },
                    format!("file:{}", self.file),
                ),
                Ask::Partner(a) => (a, Resource::Instance, format!("partner:{}", self.partner)),
                Ask::Structure(a) => (
                    a,
                    Resource::Instance,
                    format!("prevention_structure:{}", self.structure),
                ),
                Ask::Programme(a) => (
                    a,
                    Resource::Instance,
                    format!("prevention_programme:{}", self.programme),
                ),
                Ask::Workshop(a) => (
                    a,
                    Resource::Instance,
                    format!("prevention_session:{}", self.workshop),
                ),
                Ask::Campaign(a) => (
                    a,
                    Resource::Instance,
                    format!("prevention_campaign:{}", self.campaign),
                ),
                Ask::Meeting(a) => (a, Resource::Instance, format!("meeting:{}", self.meeting)),
                Ask::Minutes(a) => (
                    a,
                    Resource::Meeting {
                        participants: vec![self.pierre],
                    },
                    format!("meeting:{}", self.meeting),
                ),
                Ask::SupportGroup(a) => {
                    (a, case(), format!("support_group:{}", self.support_group))
                }
                Ask::ReportPage
                    if who.roles.contains(Role::Handler)
                        || !who.roles.contains(Role::Custodian) =>
                {
                    (Action::ReadReport, report(), on_report.clone())
                }
                Ask::ReportPage => (Action::GrantIdentityAccess, identity(), String::new()),
            };
            if decide(who, action, &resource).is_err() {
                return Some((action, object));
            }
        }
        None
    }
}

/// The instance the walk runs on, and its staff signed in.
pub(super) struct Fixture {
    pub(super) ids: Ids,
    pub(super) part: String,
    pub(super) members: Vec<Member>,
    /// An enrolled account between its password and its code.
    pub(super) pending: CookieClient,
    /// No session.
    pub(super) anyone: CookieClient,
}

pub(super) async fn fixture(s: &Server) -> Fixture {
    let mut passwords = Vec::new();
    for (name, role) in MEMBERS {
        passwords.push(s.user(name, &[role]).await);
    }
    let north = s
        .app
        .create_team(AuditActor::Cli, "Signalements nord", &["hana".to_owned()])
        .await
        .unwrap();
    s.app.store().set_default_team(north).await.unwrap();
    s.app
        .create_team(AuditActor::Cli, "Signalements sud", &["hugo".to_owned()])
        .await
        .unwrap();
    let casework = s
        .app
        .create_help_team(AuditActor::Cli, "Accompagnement", &["chloe".to_owned()])
        .await
        .unwrap();
    let mut members = Vec::new();
    for ((name, _), pw) in MEMBERS.into_iter().zip(passwords) {
        let client = signed_in(s, name, &pw).await;
        let id = s.app.store().user_by_name(name).await.unwrap().unwrap().id;
        let principal = s.app.principal(id).await.unwrap();
        members.push(Member {
            name,
            principal,
            client,
        });
    }
    // A report with a file and a name given, routed to hana's team; its identity key is wrapped for
    // the custodian.
    let mut report = form("deal_point", "13201", "Guetteurs au bâtiment B.");
    report.identity = "Le nom que le témoin a donné".into();
    let photo = crate::public::jpeg_with_gps("photo du hall");
    let report = submit(&s.app, &report, &[("photo.jpg", photo)]).await;
    let hana = &mut members[1].client;
    let page = format!("/espace/signalements/{report}");
    let body = hana.get_ok(&page).await;
    let part = body
        .split_once(&format!("{page}/fichiers/"))
        .and_then(|(_, rest)| rest.split(['"', '/']).next())
        .unwrap_or_else(|| panic!("no file on the report's page: {body}"))
        .to_owned();
    let nadia = &members[6].principal;
    let incident = IncidentForm {
        category: "seizure".into(),
        district: "13203".into(),
        neighbourhood: String::new(),
        month: Month::of_instant(s.app.clock().now())
            .previous()
            .to_string(),
        count: "2".into(),
        contributors: "1".into(),
        source: "press".into(),
        reference: String::new(),
    };
    let incident = s.app.record_incident(nadia, &incident).await.unwrap().id;
    // A help request, for chloe's casework team.
    let asked = vigie_domain::help::HelpForm {
        asker: "victim".into(),
        needs: vec!["legal".into()],
        urgency: "no_rush".into(),
        channel: "follow_up_only".into(),
        ..Default::default()
    };
    s.ask_for_help(&asked).await;
    let chloe = &members[4].principal;
    let help = s
        .app
        .help_inbox(chloe, &Default::default())
        .await
        .unwrap()
        .items[0]
        .id;
    // A victim's file, opened by chloe for her team.
    let chloe_key = vigie_testkit::unlocked_key(&s.app, "chloe", &chosen_password("chloe")).await;
    let file = s
        .app
        .create_file(
            chloe,
            &chloe_key,
            vigie_app::casework::NewFileInput {
                help_request: Some(help),
                ..vigie_testkit::staff::new_file(
                    "Personne Fictive",
                    vigie_domain::casefile::PersonRole::DirectVictim,
                    vigie_domain::casefile::AgeBand::Unknown,
                    vigie_domain::casefile::Sex::Unknown,
                )
            },
        )
        .await
        .unwrap();
    // A directory entry, linked to paul, who accepted the charter (else every page sends him to it).
    let paul = &members[5].principal;
    s.app.accept_charter(paul).await.unwrap();
    let partner = s
        .app
        .add_partner(
            chloe,
            &crate::staff::partners::entry_form("Cabinet Dr Fictif", Some(paul.id)),
        )
        .await
        .unwrap();
    // A support group of chloe's team.
    let support_group = s
        .app
        .create_support_group(
            chloe,
            &chloe_key,
            vigie_app::casework::NewSupportGroup {
                labels: vigie_domain::support::GroupLabels {
                    name: "Atelier fictif".into(),
                    ..Default::default()
                },
                kind: vigie_domain::support::SupportKind::Workshop,
                capacity: 8,
            },
        )
        .await
        .unwrap();
    // A referral of that file to paul, the partner (without consent: an override, audited).
    let paul = paul.id;
    let referral = s
        .app
        .propose_referral(
            chloe,
            &chloe_key,
            file,
            vigie_app::casework::NewReferral {
                partner: paul,
                kind: vigie_domain::casefile::RecipientKind::Psychologist,
                fields: vec![vigie_domain::casefile::DetailField::Name],
                reason: "Soutien psychologique.".into(),
                override_reason: Some("Test du parcours des routes.".into()),
            },
        )
        .await
        .unwrap();
    // A prevention structure and programme, pierre's.
    let pierre = &members[7].principal;
    let structure = s
        .app
        .add_structure(
            pierre,
            &vigie_domain::prevention::StructureForm {
                name: "Collège Fictif".into(),
                kind: "college".into(),
                district: "13203".into(),
                active: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let programme = s
        .app
        .add_programme(
            pierre,
            &vigie_domain::prevention::ProgrammeForm {
                name: "Programme fictif".into(),
                theme: "drugs".into(),
                audiences: vec!["12_14".into()],
                cycle_sessions: "3".into(),
                active: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // A session of that programme there, planned, and a campaign.
    let today = vigie_domain::time::paris_day(s.app.clock().now());
    let workshop = s
        .app
        .add_workshop(
            pierre,
            &vigie_domain::prevention::WorkshopForm {
                day: vigie_domain::time::day_string(today),
                structure: structure.to_string(),
                programme: programme.to_string(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let campaign = s
        .app
        .add_campaign(
            pierre,
            &vigie_domain::prevention::CampaignForm {
                name: "Campagne fictive".into(),
                kind: "posters".into(),
                start: vigie_domain::time::day_string(today),
                end: vigie_domain::time::day_string(today),
                districts: vec!["13203".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // A survey cycle of that programme there (issue 12, item 4).
    let closes = vigie_domain::time::paris_day(s.app.clock().now()) + chrono::Days::new(10);
    let cycle = s
        .app
        .add_survey_cycle(
            pierre,
            &vigie_domain::survey::CycleForm {
                programme: programme.to_string(),
                structure: structure.to_string(),
                closes_on: vigie_domain::time::day_string(closes),
                later: false,
            },
        )
        .await
        .unwrap();
    // A coordination meeting pierre took part in (he accepted the charter), with a decision.
    s.app.accept_coordination_charter(pierre).await.unwrap();
    let meeting = s
        .app
        .add_meeting(
            pierre,
            &vigie_domain::coordination::MeetingForm {
                kind: "restricted".into(),
                day: "2026-01-15".into(),
                place: "Salle fictive".into(),
                organisations: "Ville fictive".into(),
                agenda: "Suivi des orientations.".into(),
                participants: vec![pierre.id.to_string()],
                confirm_no_name: false,
            },
        )
        .await
        .unwrap();
    let decision = s
        .app
        .add_decision(
            pierre,
            meeting,
            &vigie_domain::coordination::DecisionForm {
                text: "Renforcer l'éclairage".into(),
                owner: "Ville fictive".into(),
                due: "2026-02-15".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (pending, status) = crate::staff::at_password_step(s, "hugo").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "hugo is at his second factor"
    );
    let ids = Ids {
        report,
        incident,
        help,
        file,
        support_group,
        referral,
        paul,
        chloe: members[4].principal.id,
        partner,
        structure,
        programme,
        workshop,
        campaign,
        cycle,
        meeting,
        decision,
        pierre: members[7].principal.id,
        casework,
        north,
        hana: members[1].principal.id,
    };
    Fixture {
        ids,
        part,
        members,
        pending,
        anyone: CookieClient::new(&s.base),
    }
}
