//! Administration (`/espace/admin`): the audit log (`audit`), accounts (`users`), teams (`teams`),
//! routing and labels (`routing`); here, their forms' gates and what an admin can fix.

pub(super) mod audit;
pub(super) mod routing;
pub(super) mod teams;
pub(super) mod users;

use vigie_app::AppError;

use super::kit::gate;
use super::outcomes::{RoutingDone, TeamsDone, UsersDone};

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
