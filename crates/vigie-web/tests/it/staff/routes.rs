//! Every staff route of the real router, walked over HTTP on both databases.
//!
//! The list of routes comes from the router itself (`vigie_web::staff_routes`, built from the same
//! table as the router): a route the test's table (`table.rs`) does not describe fails the test.
//! For each route and method, every staff member the policy (`vigie_domain::decide`, asked the same
//! questions as the code) refuses is refused, in French and in English: a post carries a valid token
//! signed for that form's purpose and that member's session, so that the policy answers, not the token
//! check. The answer is the 403 page and a `permission_denied` entry naming the member, the action and
//! the object. Members the policy lets in get the page. Each form refuses an empty, a forged and
//! another form's token (the CSRF page, nothing audited) from someone the policy lets in. Every
//! response carries the security headers, and no page has an inline script or style.

pub(super) mod table;

use std::collections::BTreeSet;
use std::time::Instant;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use vigie_domain::observatory::{IncidentForm, Month};
use vigie_domain::{
    Action, AuditActor, FileId, IncidentId, PartnerId, Principal, ProgrammeId, ReportId, Resource,
    Role, StructureId, SupportGroupId, TeamId, UserId, decide,
};

use self::table::{Ask, Method, Purpose, Route, Who, routes};
use crate::staff::audit_head;
use crate::staff::reports::{form, submit};
use crate::staff::{CookieClient, Server, servers};
use crate::staff::{chosen_password, signed_in};

/// The walk's staff: one per role, and a handler outside the report's team.
const MEMBERS: [(&str, Role); 8] = [
    ("adel", Role::Admin),
    ("hana", Role::Handler),
    ("hugo", Role::Handler),
    ("cyril", Role::Custodian),
    ("chloe", Role::Caseworker),
    ("paul", Role::Partner),
    ("nadia", Role::Analyst),
    ("pierre", Role::PreventionCoordinator),
];

/// The CSP of downloads (`staff/reports/files.rs`): stricter than the pages'.
const DOWNLOAD_CSP: &str = "sandbox; default-src 'none'";

/// The headers every response carries, with their values.
const FIXED_HEADERS: [(&str, &str); 6] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cache-control", "no-store"),
];

#[test]
fn the_walk_describes_every_staff_route_of_the_router_and_no_other() {
    check_coverage();
}

/// Fails on a route the router has and the table does not describe, or the other way round.
fn check_coverage() {
    let routed: BTreeSet<(String, String)> = vigie_web::staff_routes()
        .into_iter()
        .map(|(m, p)| (m.as_str().to_owned(), p))
        .collect();
    assert!(routed.len() > 50, "the router lists its routes: {routed:?}");
    let described: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(
        routes().len(),
        described.len(),
        "a route is described twice"
    );
    let missing: Vec<_> = routed.difference(&described).collect();
    assert!(
        missing.is_empty(),
        "staff routes the walk does not describe (add them to routes/table.rs): {missing:?}"
    );
    let stale: Vec<_> = described.difference(&routed).collect();
    assert!(stale.is_empty(), "described but not routed: {stale:?}");
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A staff member of the walk.
struct Member {
    name: &'static str,
    principal: Principal,
    client: CookieClient,
}

/// What the routes' parameters and forms point at.
#[derive(Clone, Copy)]
struct Ids {
    report: ReportId,
    incident: IncidentId,
    help: ReportId,
    file: FileId,
    support_group: SupportGroupId,
    referral: vigie_domain::ReferralId,
    paul: UserId,
    chloe: UserId,
    partner: PartnerId,
    structure: StructureId,
    programme: ProgrammeId,
    casework: TeamId,
    north: TeamId,
    hana: UserId,
}

impl Ids {
    /// `path` with its parameters filled in (`part`: one of the report's files).
    fn path(&self, path: &str, part: &str) -> String {
        let id = if path.starts_with("/espace/observatoire") {
            self.incident.to_string()
        } else if path.starts_with("/espace/partenaire/orientations") {
            self.referral.to_string()
        } else if path.starts_with("/espace/accompagnement/dossiers") {
            self.file.to_string()
        } else if path.starts_with("/espace/accompagnement/partenaires") {
            self.partner.to_string()
        } else if path.starts_with("/espace/prevention/structures") {
            self.structure.to_string()
        } else if path.starts_with("/espace/prevention/programmes") {
            self.programme.to_string()
        } else if path.starts_with("/espace/accompagnement/groupes") {
            self.support_group.to_string()
        } else if path.starts_with("/espace/accompagnement") {
            self.help.to_string()
        } else {
            self.report.to_string()
        };
        path.replace("{id}", &id).replace("{part}", part)
    }

    fn purpose(&self, p: Purpose) -> Option<String> {
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
        }
    }

    /// A purpose that is not `p`'s: another report's or incident's, or the logout form's.
    fn other_purpose(&self, p: Purpose) -> String {
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
            Purpose::Fixed("logout") => "password".to_owned(),
            Purpose::Fixed(_) | Purpose::None => "logout".to_owned(),
        }
    }

    fn fill(&self, value: &str) -> String {
        value
            .replace("{user}", &self.hana.to_string())
            .replace("{team}", &self.north.to_string())
    }

    /// The first of `route`'s questions the policy refuses `who`: its action and the audited object.
    fn refusal(&self, route: &Route, who: &Principal) -> Option<(Action, String)> {
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
struct Fixture {
    ids: Ids,
    part: String,
    members: Vec<Member>,
    /// An enrolled account between its password and its code.
    pending: CookieClient,
    /// No session.
    anyone: CookieClient,
}

async fn fixture(s: &Server) -> Fixture {
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
    let (status, _, body) = hana.get(&page).await;
    assert_eq!(status, StatusCode::OK, "{body}");
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
    let asked = vigie_domain::help::validate_help(&asked, &s.app.settings().areas, 0).unwrap();
    s.app.submit_help_request(asked).await.unwrap();
    let chloe = &members[4].principal;
    let help = s
        .app
        .help_inbox(chloe, &Default::default())
        .await
        .unwrap()
        .reports[0]
        .id;
    // A victim's file, opened by chloe for her team.
    let chloe_key = vigie_testkit::unlocked_key(&s.app, "chloe", &chosen_password("chloe")).await;
    let file = s
        .app
        .create_file(
            chloe,
            &chloe_key,
            vigie_app::casework::NewFileInput {
                name: "Personne Fictive".into(),
                role: vigie_domain::casefile::PersonRole::DirectVictim,
                age_band: vigie_domain::casefile::AgeBand::Unknown,
                sex: vigie_domain::casefile::Sex::Unknown,
                legal_basis: vigie_domain::casefile::LegalBasis::VictimMandate,
                team: None,
                help_request: Some(help),
                household: vigie_app::casework::GroupChoice::None,
                affaire: vigie_app::casework::GroupChoice::None,
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
    let mut pending = CookieClient::new(&s.base);
    let (status, _, _) = pending
        .password_step("hugo", &chosen_password("hugo"))
        .await;
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

/// Sends `route`'s request to `url` with `token` (posts only) and its form.
async fn send(
    client: &mut CookieClient,
    route: &Route,
    url: &str,
    token: &str,
    ids: &Ids,
) -> (StatusCode, HeaderMap, String) {
    if route.method == Method::Get {
        return client.get(url).await;
    }
    let fields: Vec<(&str, String)> = route.form.iter().map(|(k, v)| (*k, ids.fill(v))).collect();
    if route.multipart {
        let mut form = reqwest::multipart::Form::new().text("csrf", token.to_owned());
        for (k, v) in fields {
            form = form.text(k, v);
        }
        return client.post_multipart(url, form).await;
    }
    let mut pairs = vec![("csrf", token)];
    pairs.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    client.post(url, &pairs).await
}

/// The security headers of every response, and no inline script or style in a page.
fn assert_headers(what: &str, headers: &HeaderMap, body: &str) {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name}"))
    };
    let csp = get("content-security-policy");
    assert!(
        csp == vigie_web::CONTENT_SECURITY_POLICY || csp == DOWNLOAD_CSP,
        "{what}: CSP {csp}"
    );
    assert!(
        csp.contains("script-src 'none'") || csp.contains("default-src 'none'"),
        "{what}: scripts allowed by {csp}"
    );
    assert!(!csp.contains("unsafe"), "{what}: {csp}");
    for (name, value) in FIXED_HEADERS {
        assert_eq!(get(name), value, "{what}: {name}");
    }
    assert!(get("permissions-policy").contains("camera=()"), "{what}");
    assert!(
        !body.contains("<script") && !body.contains(" style=") && !body.contains("<style"),
        "{what}: inline script or style"
    );
}

/// The language's page titles: the policy's refusal, the token's.
fn titles(lang: &str) -> (&'static str, &'static str) {
    if lang.is_empty() {
        ("Accès refusé", "Formulaire expiré ou invalide")
    } else {
        ("Access denied", "Form expired or invalid")
    }
}

/// What the walk did: the cases it checked.
#[derive(Debug, Default)]
struct Counts {
    /// (route, member, method) refused by the policy, in French (as many again in English).
    refused: usize,
    /// (route, member) let in by the policy, a GET, in French (as many again in English).
    allowed: usize,
    /// (form, bad token).
    tokens: usize,
}

/// Every route, for every member: refused with a valid token when the policy refuses, the page when
/// it lets in (GETs; a post it lets in would act).
async fn walk_the_policy(s: &Server, fx: &mut Fixture, counts: &mut Counts) {
    let ids = fx.ids;
    for route in routes() {
        let path = ids.path(route.path, &fx.part);
        for lang in ["", "/en"] {
            let url = format!("{lang}{path}");
            let (denied_title, csrf_title) = titles(lang);
            let lone = match route.who {
                Who::Anyone => Some(&mut fx.anyone),
                Who::Pending => Some(&mut fx.pending),
                Who::Staff => None,
            };
            if let Some(client) = lone {
                if route.method == Method::Get {
                    let (status, headers, body) = send(client, &route, &url, "", &ids).await;
                    assert_eq!(status.as_u16(), route.allowed, "GET {url}: {body}");
                    assert_headers(&format!("GET {url}"), &headers, &body);
                }
                continue;
            }
            for m in &mut fx.members {
                let what = format!("{} {url} by {}", route.method.as_str(), m.name);
                let Some((action, object)) = ids.refusal(&route, &m.principal) else {
                    if route.method == Method::Get {
                        let (status, headers, body) =
                            send(&mut m.client, &route, &url, "", &ids).await;
                        assert_eq!(status.as_u16(), route.allowed, "{what}: {body}");
                        assert_headers(&what, &headers, &body);
                        counts.allowed += usize::from(lang.is_empty());
                    }
                    continue;
                };
                let token = ids
                    .purpose(route.purpose)
                    .map(|p| m.client.token_for(&s.app, &p))
                    .unwrap_or_default();
                let before = audit_head(s).await.seq;
                let (status, headers, body) = send(&mut m.client, &route, &url, &token, &ids).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {body}");
                assert!(
                    body.contains(denied_title) && !body.contains(csrf_title),
                    "{what}: the policy answers: {body}"
                );
                assert_headers(&what, &headers, &body);
                let entry = audit_head(s).await;
                assert_eq!(entry.seq, before + 1, "{what}: one entry: {entry:?}");
                assert_eq!(
                    (
                        entry.kind.as_str(),
                        entry.actor.clone(),
                        entry.object.clone()
                    ),
                    (
                        "permission_denied",
                        format!("staff:{}", m.principal.id),
                        object
                    ),
                    "{what}"
                );
                assert!(
                    entry.detail.starts_with(&format!("{}: ", action.as_str())),
                    "{what}: {entry:?}"
                );
                counts.refused += usize::from(lang.is_empty());
            }
        }
    }
}

/// Every form, from someone the policy lets in: an empty, a forged and another form's token are
/// refused by the token check (the CSRF page), and nothing is audited.
async fn walk_the_tokens(s: &Server, fx: &mut Fixture, counts: &mut Counts) {
    let ids = fx.ids;
    for route in routes().into_iter().filter(|r| r.method == Method::Post) {
        let url = ids.path(route.path, &fx.part);
        let purpose = ids.purpose(route.purpose).expect("a form has a purpose");
        let client = match route.who {
            Who::Anyone => &mut fx.anyone,
            Who::Pending => &mut fx.pending,
            Who::Staff => {
                let m = fx
                    .members
                    .iter_mut()
                    .find(|m| ids.refusal(&route, &m.principal).is_none())
                    .unwrap_or_else(|| panic!("nobody may post {url}"));
                &mut m.client
            }
        };
        let bad = [
            ("an empty token", String::new()),
            ("a forged token", client.forged_token_for(&s.app, &purpose)),
            (
                "another form's token",
                client.token_for(&s.app, &ids.other_purpose(route.purpose)),
            ),
        ];
        for (which, token) in bad {
            let what = format!("POST {url} with {which}");
            let before = audit_head(s).await.seq;
            let (status, headers, body) = send(client, &route, &url, &token, &ids).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {body}");
            assert!(
                body.contains(titles("").1),
                "{what}: the token check answers: {body}"
            );
            assert_headers(&what, &headers, &body);
            assert_eq!(audit_head(s).await.seq, before, "{what}: nothing audited");
            counts.tokens += 1;
        }
    }
}

#[tokio::test]
async fn every_staff_route_refuses_whom_the_policy_refuses_and_every_form_a_bad_token() {
    check_coverage();
    for s in servers().await {
        let started = Instant::now();
        let mut fx = fixture(&s).await;
        let mut counts = Counts::default();
        walk_the_policy(&s, &mut fx, &mut counts).await;
        walk_the_tokens(&s, &mut fx, &mut counts).await;
        // The walk cannot silently shrink to nothing: three bad tokens for every form, and most of
        // the area refused to most members.
        let forms = routes().iter().filter(|r| r.method == Method::Post).count();
        assert_eq!(counts.tokens, 3 * forms, "{counts:?}");
        assert!(counts.refused >= 250 && counts.allowed >= 30, "{counts:?}");
        eprintln!(
            "staff routes on {}: {counts:?} in {:.1} s",
            s.backend(),
            started.elapsed().as_secs_f64()
        );
        assert!(s.app.verify_audit().await.unwrap().is_ok());
        s.stop().await;
    }
}
