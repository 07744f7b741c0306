//! The staff area's site map: every route, in one table nested by area (each area's under its own
//! prefix), so that an address is found in one place and the router and the list of routes
//! ([`super::route_list`]) are built from the same table. The handlers live in their areas.

use vigie_domain::Action;
use vigie_domain::partner::PartnerForm;
use vigie_domain::prevention::{CampaignForm, ProgrammeForm, StructureForm, WorkshopForm};

use super::kit::Post;
use super::reports::ReportForm;
use super::reports::actions::Access::{Person, Revoke, Team};
use super::reports::actions::{TextForm, access, text};
use super::table::RouteTable;
use super::{
    account, admin, casework, coordination, login, network, observatory, partner_space, partners,
    prevention, records, referrals, reports, surveys,
};

/// The staff navigation: a link to each area the policy opens to this person.
#[rustfmt::skip] // A table: one line per link.
pub(super) const NAV: [(Option<Action>, &str, &str); 15] = [
    (None, "/espace", "staff-dashboard-title"),
    (None, "/espace/mot-de-passe", "staff-link-account"),
    (Some(Action::ListReports), "/espace/signalements", "staff-link-reports"),
    (Some(Action::ListCases), "/espace/accompagnement", "staff-link-casework"),
    (Some(Action::ListCases), "/espace/accompagnement/dossiers", "staff-link-files"),
    (Some(Action::ManagePartners), "/espace/accompagnement/partenaires", "staff-link-partners"),
    (Some(Action::UsePartnerSpace), "/espace/partenaire", "staff-link-partner"),
    (Some(Action::RunSupportGroups), "/espace/accompagnement/groupes", "staff-link-groups"),
    (Some(Action::ReviewIncidents), "/espace/observatoire", "staff-link-observatory"),
    (Some(Action::ManageWorkshops), "/espace/prevention", "staff-link-prevention"),
    (Some(Action::ReadAuditLog), "/espace/admin/journal", "staff-link-audit"),
    (Some(Action::ManageUsers), "/espace/admin/utilisateurs", "staff-link-users"),
    (Some(Action::ManageTeams), "/espace/admin/equipes", "staff-link-teams"),
    (Some(Action::ManageRouting), "/espace/admin/routage", "staff-link-routing"),
    // Coordination (issue 12).
    (Some(Action::ManageCoordination), "/espace/coordination", "staff-link-coordination"),
];

/// Every staff route (French addresses; the router mounts them under `/en` too): sign-in and account
/// here, each area under its own prefix.
pub(super) fn table() -> RouteTable {
    RouteTable::new()
        .get("/espace/connexion", login::login_form)
        .post("/espace/connexion", login::login_submit)
        .get("/espace/2fa", login::second_factor_form)
        .post("/espace/2fa", login::second_factor_submit)
        .get("/espace/2fa/inscription", login::enrol_form)
        .post("/espace/2fa/inscription", login::enrol_submit)
        .post("/espace/deconnexion", login::logout)
        .get("/espace", account::dashboard)
        .get("/espace/mot-de-passe", account::password_form)
        .post("/espace/mot-de-passe", account::password_submit)
        .nest("/espace/signalements", reports_routes())
        .nest("/espace/accompagnement", casework_routes())
        .nest("/espace/accompagnement/partenaires", partners_routes())
        .nest("/espace/partenaire", partner_space_routes())
        .nest("/espace/partenaire/orientations", referrals_routes())
        .nest("/espace/admin", admin_routes())
        .nest("/espace/observatoire", observatory_routes())
        .nest("/espace/prevention", prevention_routes())
        // Coordination (issue 12).
        .nest("/espace/coordination", coordination_routes())
        .nest("/espace/reseau", network::routes())
}

/// The routes under `/espace/signalements`.
fn reports_routes() -> RouteTable {
    RouteTable::new()
        .get("/", reports::inbox::inbox)
        .get("/{id}", reports::page::report)
        .post("/{id}/reponse", |p: Post<ReportForm>| {
            text(p, TextForm::Reply)
        })
        .post("/{id}/note", |p: Post<ReportForm>| text(p, TextForm::Note))
        .post("/{id}/statut", reports::actions::status)
        .post("/{id}/etiquettes", reports::actions::labels)
        .post("/{id}/attribution", reports::actions::assign)
        .post("/{id}/acces/personne", |p: Post<ReportForm>| {
            access(p, Person)
        })
        .post("/{id}/acces/equipe", |p: Post<ReportForm>| access(p, Team))
        .post("/{id}/acces/retrait", |p: Post<ReportForm>| {
            access(p, Revoke)
        })
        .post("/{id}/identite", reports::actions::reveal_identity)
        .post("/{id}/identite/acces", reports::actions::grant_identity)
        .get("/{id}/fichiers/{part}", reports::files::clean_copy)
        .post("/{id}/fichiers/{part}/original", reports::files::original)
        .post("/{id}/transmettre", reports::files::forward)
        .post("/{id}/qualifier", reports::qualify::qualify)
        .post("/{id}/accompagnement", reports::link::transmit)
}

/// The routes under `/espace/accompagnement`.
fn casework_routes() -> RouteTable {
    RouteTable::new()
        .get("/", casework::list::list)
        .get("/demandes/{id}", casework::request::page)
        .post("/demandes/{id}/reponse", casework::request::reply)
        .get("/dossiers", casework::files::list)
        .post("/dossiers", casework::files::create)
        .get("/dossiers/nouveau", casework::files::new_form)
        .get("/dossiers/{id}", casework::file::page)
        .get("/echeances", casework::court::agenda)
        .post("/dossiers/{id}", casework::file::post)
        .post("/dossiers/{id}/extrait-age", casework::extract::age_extract)
        .post(
            "/dossiers/{id}/code-de-suivi",
            casework::extract::new_receipt,
        )
        .post("/dossiers/{id}/archive", casework::archive::read)
        .get("/groupes", casework::groups::list)
        .post("/groupes", casework::groups::create)
        .post("/groupes/separer", casework::groups::keep_apart)
        .get("/groupes/{id}", casework::groups::page)
        .post("/groupes/{id}", casework::groups::post)
        .get("/rapport", casework::report::page)
        .post("/rapport/publier", casework::report::publish)
}

/// The routes under `/espace/accompagnement/partenaires`.
fn partners_routes() -> RouteTable {
    RouteTable::new()
        .get("/", partners::list::list)
        .get("/nouveau", records::new_form::<PartnerForm>)
        .post("/nouveau", records::add::<PartnerForm>)
        .get("/{id}", partners::entry::page)
        .get("/{id}/modifier", records::edit_form::<PartnerForm>)
        .post("/{id}/modifier", records::edit::<PartnerForm>)
        .post("/{id}/desactiver", partners::entry::deactivate)
        .post("/{id}/reactiver", partners::entry::reactivate)
}

/// The routes under `/espace/partenaire`.
fn partner_space_routes() -> RouteTable {
    RouteTable::new()
        .get("/", partner_space::home)
        .get("/charte", partner_space::charter)
        .post("/charte", partner_space::accept)
}

/// The routes under `/espace/partenaire/orientations`.
fn referrals_routes() -> RouteTable {
    RouteTable::new()
        .get("/", referrals::list)
        .get("/{id}", referrals::page)
        .post("/{id}", referrals::post)
}

/// The routes under `/espace/admin`.
fn admin_routes() -> RouteTable {
    RouteTable::new()
        .get("/journal", admin::audit::audit_log)
        .post("/journal/point-de-controle", admin::audit::audit_checkpoint)
        .get("/utilisateurs", admin::users::users)
        .post("/utilisateurs", admin::users::create)
        .post("/utilisateurs/desactiver", admin::users::disable)
        .post("/utilisateurs/2fa", admin::users::reset_2fa)
        .post("/utilisateurs/coordonnees", admin::users::show_contact)
        .get("/equipes", admin::teams::teams)
        .post("/equipes", admin::teams::create)
        .post("/equipes/ajout", admin::teams::add)
        .post("/equipes/retrait", admin::teams::remove)
        .post("/equipes/demandes-aide", admin::teams::help_requests)
        .get("/routage", admin::routing::routing)
        .post("/routage/regles", admin::routing::add_rule)
        .post("/routage/regles/suppression", admin::routing::delete_rule)
        .post("/routage/defaut", admin::routing::default_team)
        .post("/routage/etiquettes", admin::routing::add_label)
        .post(
            "/routage/etiquettes/suppression",
            admin::routing::delete_label,
        )
        .post("/routage/alertes", admin::routing::team_notify)
}

/// The routes under `/espace/observatoire`.
fn observatory_routes() -> RouteTable {
    RouteTable::new()
        .get("/", observatory::overview)
        .get("/incidents", observatory::list::list)
        .get("/incidents/nouveau", observatory::incidents::new_form)
        .post("/incidents/nouveau", observatory::incidents::record)
        .get("/incidents/{id}", observatory::incidents::incident)
        .post(
            "/incidents/{id}/correction",
            observatory::incidents::correct,
        )
        .post("/incidents/{id}/revue", observatory::incidents::review)
        .get("/publier", observatory::publish::publish_page)
        .post("/publier", observatory::publish::publish)
        .post("/publier/correction", observatory::publish::correction)
        .get("/contexte", observatory::context::context_page)
        .post_limited(
            "/contexte",
            observatory::context::import,
            observatory::context::BODY_LIMIT,
        )
}

/// The routes under `/espace/prevention`.
fn prevention_routes() -> RouteTable {
    RouteTable::new()
        .get("/", prevention::dashboard::page)
        .get("/structures", prevention::structures::list)
        .get("/structures/nouvelle", records::new_form::<StructureForm>)
        .post("/structures/nouvelle", records::add::<StructureForm>)
        .get("/structures/{id}", prevention::structures::page)
        .get(
            "/structures/{id}/modifier",
            records::edit_form::<StructureForm>,
        )
        .post("/structures/{id}/modifier", records::edit::<StructureForm>)
        .get("/programmes", prevention::programmes::list)
        .get("/programmes/nouveau", records::new_form::<ProgrammeForm>)
        .post("/programmes/nouveau", records::add::<ProgrammeForm>)
        .get(
            "/programmes/{id}/modifier",
            records::edit_form::<ProgrammeForm>,
        )
        .post("/programmes/{id}/modifier", records::edit::<ProgrammeForm>)
        .get("/seances", prevention::workshops::list)
        .get("/seances/nouvelle", records::new_form::<WorkshopForm>)
        .post("/seances/nouvelle", records::add::<WorkshopForm>)
        // Issue 12, items 3, 5 to 7: a session edited, campaigns, reports, public figures.
        .get("/seances/{id}/modifier", records::edit_form::<WorkshopForm>)
        .post("/seances/{id}/modifier", records::edit::<WorkshopForm>)
        .get("/campagnes", prevention::campaigns::list)
        .get("/campagnes/nouvelle", records::new_form::<CampaignForm>)
        .post("/campagnes/nouvelle", records::add::<CampaignForm>)
        .get(
            "/campagnes/{id}/modifier",
            records::edit_form::<CampaignForm>,
        )
        .post("/campagnes/{id}/modifier", records::edit::<CampaignForm>)
        .get("/rapport", prevention::report::page)
        .get("/chiffres", prevention::figures::page)
        .post("/chiffres/publier", prevention::figures::publish)
        // Impact surveys (issue 12, item 4).
        .get("/questionnaires", surveys::cycles::list)
        .get("/questionnaires/nouveau", surveys::cycles::new_form)
        .post("/questionnaires/nouveau", surveys::cycles::create)
        .get("/questionnaires/{id}", surveys::cycles::page)
        .post("/questionnaires/{id}/fiches", surveys::slips::print)
        .post("/questionnaires/{id}/saisie", surveys::cycles::key_in)
        .get("/programmes/{id}/questionnaire", surveys::statements::form)
        .post("/programmes/{id}/questionnaire", surveys::statements::save)
}

/// The routes under `/espace/coordination` (issue 12).
fn coordination_routes() -> RouteTable {
    use coordination::{decisions, home, map, meetings};
    use vigie_domain::coordination::MeetingForm;
    RouteTable::new()
        .get("/", home::page)
        .post("/charte", home::accept_charter)
        .get("/reunions/nouvelle", records::new_form::<MeetingForm>)
        .post("/reunions/nouvelle", records::add::<MeetingForm>)
        .get("/reunions/{id}", meetings::page)
        .post("/reunions/{id}/decisions", meetings::add_decision)
        .post("/reunions/{id}/situation", meetings::transmit)
        .get("/reunions/{id}/compte-rendu", meetings::minutes)
        .post("/reunions/{id}/compte-rendu", meetings::write_minutes)
        .get("/actions", decisions::follow_up)
        .post("/actions/{id}/statut", decisions::set_status)
        .get("/carte", map::page)
}
