//! What the test expects of every staff route: who reaches it, the purpose its form's token is signed
//! for, the questions the policy is asked (in the order the code asks them) and a form the handler
//! accepts far enough to ask them. Written by hand from the code's flow: the walk then checks it
//! against the router (every route listed by `vigie_web::staff_routes` must be here, and only those).

use vigie_domain::Action::{self, *};

use Ask::*;

/// GET or POST.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// The session a request needs to reach the handler at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// None: the sign-in page.
    Anyone,
    /// A sign-in between the password and the second factor.
    Pending,
    /// A staff member fully signed in.
    Staff,
}

/// The purpose a form's token is signed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A page: no token.
    None,
    /// One purpose for the form wherever it is.
    Fixed(&'static str),
    /// `report:<id>`: a token for one report opens no other.
    Report,
    /// `incident:<id>`.
    Incident,
    /// `help:<id>`: a token for one help request opens no other.
    Help,
    /// `file:<id>`: a token for one victim's file opens no other.
    File,
    /// `file-archive:<id>`: the reason form of one archived file.
    FileArchive,
    /// `partner:<id>`: a token for one directory entry opens no other.
    Partner,
    /// `support_group:<id>`: a token for one support group opens no other.
    SupportGroup,
    /// `referral:<id>`.
    Referral,
    /// `prevention_structure:<id>`: a token for one structure opens no other.
    Structure,
    /// `prevention_programme:<id>`.
    Programme,
    /// `prevention_session:<id>`.
    Workshop,
    /// `prevention_campaign:<id>`.
    Campaign,
    // Impact surveys (issue 12, item 4).
    /// `survey_cycle:<id>`: a token for one cycle opens no other.
    Cycle,
    /// `survey_statements:<id>` (the fixture's programme).
    Statements,
    // Coordination (issue 12).
    /// `meeting:<id>`: a token for one meeting opens no other.
    Meeting,
    /// `decision:<id>`.
    Decision,
}

/// A question the policy is asked, on the fixture's resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// The action on the instance.
    Instance(Action),
    /// The action on one's own account.
    OwnAccount(Action),
    /// The action on the fixture's report (its audience: the team it was routed to).
    Report(Action),
    /// The action on the report's identity (granted to nobody yet).
    Identity(Action),
    /// The action on the fixture's help request (routed to the casework team).
    Case(Action),
    /// The action on the fixture's victim's file (the casework team's, assigned to its opener).
    File(Action),
    /// The action on the instance, the refusal naming the fixture's directory entry.
    Partner(Action),
    /// The action on the fixture's support group (the casework team's).
    SupportGroup(Action),
    /// The action on one's own referrals (`Resource::Referral` naming oneself).
    OwnReferrals(Action),
    /// The fixture's referral (to paul): a partner is asked the first action on it, anyone else
    /// the second on the file's team.
    Referral(Action, Action),
    /// The action on the instance, the refusal naming the fixture's prevention structure.
    Structure(Action),
    /// The action on the instance, the refusal naming the fixture's prevention programme.
    Programme(Action),
    /// The action on the instance, the refusal naming the fixture's prevention session.
    Workshop(Action),
    /// The action on the instance, the refusal naming the fixture's prevention campaign.
    Campaign(Action),
    /// The action on the instance, the refusal naming the fixture's coordination meeting.
    Meeting(Action),
    /// The action on the fixture's meeting's minutes (`Resource::Meeting`: pierre took part).
    Minutes(Action),
    /// A report's page: read (`ReadReport`) by a handler or anyone who is not a custodian; a
    /// custodian who is not a handler gets the identity view (`GrantIdentityAccess`).
    ReportPage,
}

/// One route and what the test expects of it.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub method: Method,
    /// As the code routes it (French, with its `{id}` and `{part}` parameters).
    pub path: &'static str,
    pub who: Who,
    pub purpose: Purpose,
    /// The policy's questions, in order: the first refused is the one audited.
    pub asks: &'static [Ask],
    /// The fields the handler needs to reach the policy (`{user}`, `{team}` filled in by the walk).
    pub form: &'static [(&'static str, &'static str)],
    /// A multipart form (the official series' import).
    pub multipart: bool,
    /// What a GET answers to someone the policy lets in.
    pub allowed: u16,
}

const fn page(path: &'static str, asks: &'static [Ask]) -> Route {
    Route {
        method: Method::Get,
        path,
        who: Who::Staff,
        purpose: Purpose::None,
        asks,
        form: &[],
        multipart: false,
        allowed: 200,
    }
}

const fn form(
    path: &'static str,
    purpose: Purpose,
    asks: &'static [Ask],
    form: &'static [(&'static str, &'static str)],
) -> Route {
    Route {
        method: Method::Post,
        path,
        who: Who::Staff,
        purpose,
        asks,
        form,
        multipart: false,
        allowed: 0,
    }
}

const fn on_the_way_in(method: Method, path: &'static str, who: Who, purpose: Purpose) -> Route {
    Route {
        method,
        path,
        who,
        purpose,
        asks: &[],
        form: &[],
        multipart: false,
        allowed: 200,
    }
}

const ADMIN: Purpose = Purpose::Fixed("users");
const TEAMS: Purpose = Purpose::Fixed("teams");
const ROUTING: Purpose = Purpose::Fixed("routing");
const PUBLISH: Purpose = Purpose::Fixed("observatory:publish");
const INCIDENT: Purpose = Purpose::Fixed("observatory:incident");
const DIRECTORY: [Ask; 1] = [Instance(ManagePartners)];
const PREVENTION: [Ask; 1] = [Instance(ManageWorkshops)];
const COORDINATION: [Ask; 1] = [Instance(ManageCoordination)];
/// The report forms' gate, then the use case's own question on the report.
const fn report(action: Action) -> [Ask; 2] {
    [Instance(ListReports), Report(action)]
}
const READ: [Ask; 2] = report(ReadReport);
const REPLY: [Ask; 2] = report(ReplyToReporter);
const FORWARD: [Ask; 2] = report(ForwardReport);
const QUALIFY: [Ask; 2] = report(QualifyReport);
const TRANSMIT: [Ask; 2] = report(TransmitToCasework);

/// Every staff route.
#[rustfmt::skip] // A table: one line per route.
pub fn routes() -> Vec<Route> {
    use Method::{Get, Post};
    vec![
        // Signing in, and one's own account: every role.
        on_the_way_in(Get, "/espace/connexion", Who::Anyone, Purpose::None),
        on_the_way_in(Post, "/espace/connexion", Who::Anyone, Purpose::Fixed("login")),
        on_the_way_in(Get, "/espace/2fa", Who::Pending, Purpose::None),
        on_the_way_in(Post, "/espace/2fa", Who::Pending, Purpose::Fixed("second-factor")),
        // An enrolled account is sent on to its code.
        Route {
            allowed: 303,
            ..on_the_way_in(Get, "/espace/2fa/inscription", Who::Pending, Purpose::None)
        },
        on_the_way_in(Post, "/espace/2fa/inscription", Who::Pending, Purpose::Fixed("enrol")),
        form("/espace/deconnexion", Purpose::Fixed("logout"), &[], &[]),
        page("/espace", &[Instance(EnterStaffArea)]),
        page("/espace/mot-de-passe", &[Instance(EnterStaffArea)]),
        form("/espace/mot-de-passe", Purpose::Fixed("password"), &[Instance(EnterStaffArea), OwnAccount(ManageOwnAccount)], &[]),
        // Reports: the inbox and a report's page, its files and forms.
        page("/espace/signalements", &[Instance(ListReports)]),
        page("/espace/signalements/{id}", &[ReportPage]),
        form("/espace/signalements/{id}/reponse", Purpose::Report, &REPLY, &[("text", "Bonjour.")]),
        form("/espace/signalements/{id}/note", Purpose::Report, &READ, &[("text", "Une note.")]),
        form("/espace/signalements/{id}/statut", Purpose::Report, &READ, &[("status", "closed")]),
        form("/espace/signalements/{id}/etiquettes", Purpose::Report, &READ, &[]),
        form("/espace/signalements/{id}/attribution", Purpose::Report, &READ, &[("assignee", "")]),
        form("/espace/signalements/{id}/acces/personne", Purpose::Report, &READ, &[("user", "{user}")]),
        form("/espace/signalements/{id}/acces/equipe", Purpose::Report, &READ, &[("team", "{team}")]),
        form("/espace/signalements/{id}/acces/retrait", Purpose::Report, &READ, &[("reader", "user:{user}")]),
        form("/espace/signalements/{id}/identite", Purpose::Report, &[Instance(EnterStaffArea), Identity(ReadReporterIdentity)], &[]),
        form("/espace/signalements/{id}/identite/acces", Purpose::Report, &[Instance(EnterStaffArea), Identity(GrantIdentityAccess)], &[("user", "{user}")]),
        page("/espace/signalements/{id}/fichiers/{part}", &[Report(ReadReport)]),
        form("/espace/signalements/{id}/fichiers/{part}/original", Purpose::Report, &READ, &[]),
        form("/espace/signalements/{id}/transmettre", Purpose::Report, &FORWARD, &[("recipient", "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq")]),
        form("/espace/signalements/{id}/qualifier", Purpose::Report, &QUALIFY, &[]),
        form("/espace/signalements/{id}/accompagnement", Purpose::Report, &TRANSMIT, &[]),
        // Casework: the help requests' list, a request's page and its reply form.
        page("/espace/accompagnement", &[Instance(ListCases)]),
        page("/espace/accompagnement/demandes/{id}", &[Case(ReadCase)]),
        form("/espace/accompagnement/demandes/{id}/reponse", Purpose::Help, &[Instance(ListCases), Case(ManageCase)], &[("text", "Bonjour.")]),
        page("/espace/accompagnement/dossiers", &[Instance(ListCases)]),
        page("/espace/accompagnement/dossiers/nouveau", &[Instance(ListCases)]),
        form("/espace/accompagnement/dossiers", Purpose::Fixed("file-new"), &[Instance(ListCases)], &[("nom", "Nom Fictif"), ("role", "witness"), ("age", "unknown"), ("sexe", "unknown")]),
        page("/espace/accompagnement/echeances", &[Instance(ListCases)]),
        page("/espace/accompagnement/dossiers/{id}", &[File(ReadCase)]),
        page("/espace/partenaire/orientations", &[Instance(EnterStaffArea), OwnReferrals(ReadReferral)]),
        page("/espace/partenaire/orientations/{id}", &[Referral(ReadReferral, ReadCase)]),
        form("/espace/partenaire/orientations/{id}", Purpose::Referral, &[Instance(EnterStaffArea), Referral(AddReferralFollowUp, ReferCase)], &[("quoi", "accepter")]),
        form("/espace/accompagnement/dossiers/{id}", Purpose::File, &[Instance(ListCases), File(ManageCase)], &[("quoi", "detail"), ("champ", "situation"), ("valeur", "Rien.")]),
        form("/espace/accompagnement/dossiers/{id}/extrait-age", Purpose::File, &[Instance(ListCases), File(ReferCase)], &[("destinataire", "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"), ("type", "psychologist"), ("nom", "Nom Fictif"), ("detail", "name"), ("motif", "Orientation."), ("passer_outre", "Test.")]),
        form("/espace/accompagnement/dossiers/{id}/code-de-suivi", Purpose::File, &[Instance(ListCases), File(ManageCase)], &[]),
        // An archived file's reason form: custodians (the app then checks the file's team; the
        // fixture's file is open, which it answers with 404).
        form("/espace/accompagnement/dossiers/{id}/archive", Purpose::FileArchive, &[Instance(ReadArchivedCase)], &[("motif", "control"), ("explication", "Contrôle.")]),
        // The partner directory: caseworkers and admins. An entry's pages ask the use case, which
        // names the entry.
        page("/espace/accompagnement/partenaires", &DIRECTORY),
        page("/espace/accompagnement/partenaires/nouveau", &DIRECTORY),
        form("/espace/accompagnement/partenaires/nouveau", Purpose::Fixed("partners"), &DIRECTORY, &[]),
        page("/espace/accompagnement/partenaires/{id}", &[Partner(ManagePartners)]),
        page("/espace/accompagnement/partenaires/{id}/modifier", &[Partner(ManagePartners)]),
        form("/espace/accompagnement/partenaires/{id}/modifier", Purpose::Partner, &DIRECTORY, &[]),
        form("/espace/accompagnement/partenaires/{id}/desactiver", Purpose::Partner, &DIRECTORY, &[]),
        form("/espace/accompagnement/partenaires/{id}/reactiver", Purpose::Partner, &DIRECTORY, &[]),
        // The partner's own space and the charter it accepts first.
        page("/espace/partenaire", &[Instance(UsePartnerSpace)]),
        page("/espace/partenaire/charte", &[Instance(UsePartnerSpace)]),
        form("/espace/partenaire/charte", Purpose::Fixed("charter"), &[Instance(UsePartnerSpace)], &[]),
        page("/espace/accompagnement/groupes", &[Instance(RunSupportGroups)]),
        form("/espace/accompagnement/groupes", Purpose::Fixed("support-groups"), &[Instance(RunSupportGroups)], &[("nom", "Atelier"), ("type", "atelier_parole"), ("capacite", "8")]),
        form("/espace/accompagnement/groupes/separer", Purpose::Fixed("support-groups"), &[Instance(RunSupportGroups)], &[("dossier_a", "1"), ("dossier_b", "2")]),
        page("/espace/accompagnement/groupes/{id}", &[Instance(RunSupportGroups), SupportGroup(ManageCase)]),
        form("/espace/accompagnement/groupes/{id}", Purpose::SupportGroup, &[Instance(RunSupportGroups), SupportGroup(ManageCase)], &[("quoi", "fermer")]),
        // Prevention: its coordinators. A structure's contact is read with its own action.
        page("/espace/prevention", &PREVENTION),
        page("/espace/prevention/structures", &PREVENTION),
        page("/espace/prevention/structures/nouvelle", &PREVENTION),
        form("/espace/prevention/structures/nouvelle", Purpose::Fixed("prevention"), &PREVENTION, &[("name", "Intrus")]),
        page("/espace/prevention/structures/{id}", &[Structure(ReadStructureContact)]),
        page("/espace/prevention/structures/{id}/modifier", &[Structure(ReadStructureContact)]),
        form("/espace/prevention/structures/{id}/modifier", Purpose::Structure, &PREVENTION, &[("name", "Intrus")]),
        page("/espace/prevention/programmes", &PREVENTION),
        page("/espace/prevention/programmes/nouveau", &PREVENTION),
        form("/espace/prevention/programmes/nouveau", Purpose::Fixed("prevention"), &PREVENTION, &[("name", "Intrus")]),
        page("/espace/prevention/programmes/{id}/modifier", &[Programme(ManageWorkshops)]),
        form("/espace/prevention/programmes/{id}/modifier", Purpose::Programme, &PREVENTION, &[("name", "Intrus")]),
        page("/espace/prevention/seances", &PREVENTION),
        page("/espace/prevention/seances/nouvelle", &PREVENTION),
        form("/espace/prevention/seances/nouvelle", Purpose::Fixed("prevention"), &PREVENTION, &[("day", "2026-01-01")]),
        // Issue 12, items 3, 5 to 7: a session edited, campaigns, the report, the public figures.
        page("/espace/prevention/seances/{id}/modifier", &[Workshop(ManageWorkshops)]),
        form("/espace/prevention/seances/{id}/modifier", Purpose::Workshop, &PREVENTION, &[("day", "2026-01-01")]),
        page("/espace/prevention/campagnes", &PREVENTION),
        page("/espace/prevention/campagnes/nouvelle", &PREVENTION),
        form("/espace/prevention/campagnes/nouvelle", Purpose::Fixed("prevention"), &PREVENTION, &[("name", "Intrus")]),
        page("/espace/prevention/campagnes/{id}/modifier", &[Campaign(ManageWorkshops)]),
        form("/espace/prevention/campagnes/{id}/modifier", Purpose::Campaign, &PREVENTION, &[("name", "Intrus")]),
        page("/espace/prevention/rapport", &PREVENTION),
        page("/espace/prevention/chiffres", &PREVENTION),
        form("/espace/prevention/chiffres/publier", Purpose::Fixed("prevention:publish"), &[Instance(PublishPreventionFigures)], &[("periode", "2020")]),
        // Impact surveys (issue 12, item 4): coordinators.
        page("/espace/prevention/questionnaires", &PREVENTION),
        page("/espace/prevention/questionnaires/nouveau", &PREVENTION),
        form("/espace/prevention/questionnaires/nouveau", Purpose::Fixed("surveys"), &PREVENTION, &[("programme", "x")]),
        page("/espace/prevention/questionnaires/{id}", &PREVENTION),
        form("/espace/prevention/questionnaires/{id}/fiches", Purpose::Cycle, &PREVENTION, &[("slips", "1")]),
        form("/espace/prevention/questionnaires/{id}/saisie", Purpose::Cycle, &PREVENTION, &[("code", "x")]),
        page("/espace/prevention/programmes/{id}/questionnaire", &PREVENTION),
        form("/espace/prevention/programmes/{id}/questionnaire", Purpose::Statements, &PREVENTION, &[]),
        // Coordination (issue 12): the coordinators; a meeting's minutes, its participants.
        page("/espace/coordination", &COORDINATION),
        form("/espace/coordination/charte", Purpose::Fixed("coordination"), &COORDINATION, &[]),
        page("/espace/coordination/reunions/nouvelle", &COORDINATION),
        form("/espace/coordination/reunions/nouvelle", Purpose::Fixed("coordination"), &COORDINATION, &[("kind", "plenary")]),
        page("/espace/coordination/reunions/{id}", &[Meeting(ManageCoordination)]),
        form("/espace/coordination/reunions/{id}/decisions", Purpose::Meeting, &COORDINATION, &[("text", "Intrus")]),
        form("/espace/coordination/reunions/{id}/situation", Purpose::Meeting, &COORDINATION, &[("situation", "Intrus")]),
        page("/espace/coordination/reunions/{id}/compte-rendu", &[Minutes(ReadMinutes)]),
        form("/espace/coordination/reunions/{id}/compte-rendu", Purpose::Meeting, &COORDINATION, &[("minutes", "Intrus")]),
        page("/espace/coordination/actions", &COORDINATION),
        form("/espace/coordination/actions/{id}/statut", Purpose::Decision, &COORDINATION, &[("status", "done")]),
        page("/espace/coordination/carte", &COORDINATION),
        // The yearly activity report and the publication of a year's figures: caseworkers.
        page("/espace/accompagnement/rapport", &[Instance(ReadActivityReport)]),
        form("/espace/accompagnement/rapport/publier", Purpose::Fixed("casework-figures"), &[Instance(PublishCaseworkFigures)], &[("annee", "2025")]),
        // Administration.
        page("/espace/admin/journal", &[Instance(ReadAuditLog)]),
        form("/espace/admin/journal/point-de-controle", Purpose::Fixed("checkpoint"), &[Instance(CheckpointAudit)], &[]),
        page("/espace/admin/utilisateurs", &[Instance(ManageUsers)]),
        form("/espace/admin/utilisateurs", ADMIN, &[Instance(ManageUsers)], &[("username", "intrus"), ("role", "admin")]),
        form("/espace/admin/utilisateurs/desactiver", ADMIN, &[Instance(ManageUsers)], &[("username", "adel")]),
        form("/espace/admin/utilisateurs/2fa", ADMIN, &[Instance(ManageUsers)], &[("username", "adel")]),
        form("/espace/admin/utilisateurs/coordonnees", ADMIN, &[Instance(ManageUsers)], &[("username", "adel")]),
        page("/espace/admin/equipes", &[Instance(ManageTeams)]),
        form("/espace/admin/equipes", TEAMS, &[Instance(ManageTeams)], &[("team", "Intrus")]),
        form("/espace/admin/equipes/ajout", TEAMS, &[Instance(ManageTeams)], &[("team", "Signalements nord"), ("username", "hana")]),
        form("/espace/admin/equipes/retrait", TEAMS, &[Instance(ManageTeams)], &[("team", "Signalements nord"), ("username", "hana")]),
        form("/espace/admin/equipes/demandes-aide", TEAMS, &[Instance(ManageTeams)], &[("team", "Signalements nord")]),
        page("/espace/admin/routage", &[Instance(ManageRouting)]),
        form("/espace/admin/routage/regles", ROUTING, &[Instance(ManageRouting)], &[("team", "{team}")]),
        form("/espace/admin/routage/regles/suppression", ROUTING, &[Instance(ManageRouting)], &[]),
        form("/espace/admin/routage/defaut", ROUTING, &[Instance(ManageRouting)], &[("team", "{team}")]),
        form("/espace/admin/routage/etiquettes", ROUTING, &[Instance(ManageRouting)], &[("name", "intrus")]),
        form("/espace/admin/routage/etiquettes/suppression", ROUTING, &[Instance(ManageRouting)], &[]),
        form("/espace/admin/routage/alertes", ROUTING, &[Instance(ManageRouting)], &[("team", "{team}"), ("digest", "intrus@example.org")]),
        // The hub's network (issue 14, item 2): admins.
        page("/espace/reseau", &[Instance(ManageNetwork)]),
        form("/espace/reseau/cle", Purpose::Fixed("network"), &[Instance(ManageNetwork)], &[("member", "13055"), ("fingerprint", "x")]),
        // The observatory's staff side.
        page("/espace/observatoire", &[Instance(ReviewIncidents)]),
        page("/espace/observatoire/incidents", &[Instance(ReviewIncidents)]),
        page("/espace/observatoire/incidents/nouveau", &[Instance(RecordIncident)]),
        form("/espace/observatoire/incidents/nouveau", INCIDENT, &[Instance(RecordIncident)], &[]),
        page("/espace/observatoire/incidents/{id}", &[Instance(ReviewIncidents)]),
        form("/espace/observatoire/incidents/{id}/correction", Purpose::Incident, &[Instance(RecordIncident)], &[]),
        form("/espace/observatoire/incidents/{id}/revue", Purpose::Incident, &[Instance(ReviewIncidents)], &[("decision", "reject")]),
        page("/espace/observatoire/publier", &[Instance(PublishEdition)]),
        form("/espace/observatoire/publier", PUBLISH, &[Instance(PublishEdition)], &[]),
        form("/espace/observatoire/publier/correction", PUBLISH, &[Instance(PublishEdition)], &[]),
        page("/espace/observatoire/contexte", &[Instance(RecordIncident)]),
        // The policy before the upload is read, the token after.
        Route {
            multipart: true,
            ..form(
                "/espace/observatoire/contexte",
                Purpose::Fixed("observatory:context"),
                &[Instance(RecordIncident)],
                &[("territory", "Intrus"), ("source", "Intrus"), ("text", "x")],
            )
        },
    ]
}
