//! Administration (`/espace/admin`): the audit log (`audit`), accounts (`users`), teams (`teams`),
//! routing and labels (`routing`); here, their forms' gates and outcomes, and their routes.

mod audit;
mod routing;
mod teams;
mod users;

use vigie_app::AppError;

use super::kit::{gate, outcomes};
use super::table::RouteTable;

gate!(
    /// The forms of the accounts page.
    UsersForm: (), ManageUsers, |()| "users";

    /// The forms of the teams page.
    TeamsForm: (), ManageTeams, |()| "teams";

    /// The forms of the routing page.
    RoutingForm: (), ManageRouting, |()| "routing";

    /// The audit log's "sign a checkpoint now" form.
    CheckpointForm: (), CheckpointAudit, |()| "checkpoint";
);

outcomes!(
    /// What a form of the accounts page did.
    UsersDone {
        /// An account disabled.
        Disabled = "desactive" => "staff-users-disabled-done",
        /// A second factor reset.
        SecondFactorReset = "2fa" => "staff-users-2fa-reset-done",
    }

    /// What a form of the teams page did.
    TeamsDone {
        /// A team created.
        Created = "creee" => "staff-teams-created",
        /// A casework team created.
        CreatedCasework = "creee-accompagnement" => "staff-teams-created-casework",
        /// Help requests reach another casework team.
        HelpRequests = "demandes-aide" => "staff-teams-help-requests-done",
        /// A member added, with the team's history.
        Added = "ajout" => "staff-teams-added",
        /// A member added, reading from now on (a new key generation).
        AddedFromNow = "ajout-nouveau" => "staff-teams-added-from-now",
        /// A member removed (the key rotated).
        Removed = "retrait" => "staff-teams-removed",
    }

    /// What a form of the routing page did.
    RoutingDone {
        /// A rule added.
        Rule = "regle" => "staff-routing-done-rule",
        /// A rule deleted.
        RuleDeleted = "regle-supprimee" => "staff-routing-done-rule-deleted",
        /// The default team set.
        Default = "defaut" => "staff-routing-done-default",
        /// A label added.
        Label = "etiquette" => "staff-routing-done-label",
        /// A label deleted.
        LabelDeleted = "etiquette-supprimee" => "staff-routing-done-label-deleted",
        /// A team's addresses set.
        Notify = "alertes" => "staff-routing-done-notify",
    }
);

/// The message key for an error an admin can fix (shown beside the forms, 422); `None` for the
/// others (an error page).
pub(super) fn error_key(e: &AppError) -> Option<&'static str> {
    Some(match e {
        AppError::UnknownUser(_) => "staff-error-unknown-user",
        AppError::Exists(_) => "staff-error-exists",
        AppError::Rule(_) => "staff-error-bad-username",
        AppError::LastAdmin(_) => "staff-error-last-admin",
        AppError::SelfAction => "staff-error-self",
        AppError::NotTeamMember => "staff-error-not-member",
        AppError::UnknownTeam(_) | AppError::Invalid(_) => "staff-error-invalid",
        _ => return None,
    })
}

/// The routes under `/espace/admin`.
pub(super) fn routes() -> RouteTable {
    RouteTable::new()
        .get("/journal", audit::audit_log)
        .post("/journal/point-de-controle", audit::audit_checkpoint)
        .get("/utilisateurs", users::users)
        .post("/utilisateurs", users::create)
        .post("/utilisateurs/desactiver", users::disable)
        .post("/utilisateurs/2fa", users::reset_2fa)
        .post("/utilisateurs/coordonnees", users::show_contact)
        .get("/equipes", teams::teams)
        .post("/equipes", teams::create)
        .post("/equipes/ajout", teams::add)
        .post("/equipes/retrait", teams::remove)
        .post("/equipes/demandes-aide", teams::help_requests)
        .get("/routage", routing::routing)
        .post("/routage/regles", routing::add_rule)
        .post("/routage/regles/suppression", routing::delete_rule)
        .post("/routage/defaut", routing::default_team)
        .post("/routage/etiquettes", routing::add_label)
        .post("/routage/etiquettes/suppression", routing::delete_label)
        .post("/routage/alertes", routing::team_notify)
}
