//! The staff area (`/espace`): login, second factor, account, administration.

mod account;
mod admin;
mod admin_routing;
mod admin_teams;
mod admin_users;
mod login;
mod observatory;
mod observatory_context;
mod observatory_form;
mod observatory_incidents;
mod observatory_list;
mod observatory_publish;
mod observatory_qualify;
mod report_actions;
mod report_files;
mod report_page;
mod reports;

use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use vigie_app::AppError;
use vigie_domain::{Action, Resource, Role};

use crate::layout::{PageCtx, StaffCtx};
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

/// A link of the staff navigation.
#[derive(Clone, Debug)]
pub struct NavItem {
    /// Address (language-prefixed).
    pub href: String,
    /// Label.
    pub label: String,
    /// Whether it is the current page.
    pub current: bool,
}

/// What every staff page template holds besides its own fields.
pub struct StaffPage {
    /// Layout context (with the signed-in user and the logout form's token).
    pub ctx: PageCtx,
    /// The navigation, filtered by the policy.
    pub nav: Vec<NavItem>,
}

/// Builds the layout of a staff page titled `title_key` at `path`.
pub fn staff_page(state: &AppState, staff: &Staff, title_key: &str, path: &str) -> StaffPage {
    let lang = staff.lang;
    let logout = csrf::issue(state, "logout", &staff.session.csrf_binding());
    let ctx =
        PageCtx::new(lang, &state.web, lang.t(title_key), &lang.path(path)).with_staff(StaffCtx {
            user_name: staff.session.user.username.clone(),
            logout_hidden: vec![(csrf::CSRF_FIELD.to_owned(), logout)],
        });
    let mut links = vec![
        ("/espace", "staff-dashboard-title"),
        ("/espace/mot-de-passe", "staff-link-account"),
    ];
    if vigie_domain::decide(&staff.principal, Action::ListReports, &Resource::Instance).is_ok() {
        links.push(("/espace/signalements", "staff-link-reports"));
    }
    if vigie_domain::decide(
        &staff.principal,
        Action::ReviewIncidents,
        &Resource::Instance,
    )
    .is_ok()
    {
        links.push(("/espace/observatoire", "staff-link-observatory"));
    }
    if vigie_domain::decide(&staff.principal, Action::ReadAuditLog, &Resource::Instance).is_ok() {
        links.push(("/espace/admin/journal", "staff-link-audit"));
    }
    if vigie_domain::decide(&staff.principal, Action::ManageUsers, &Resource::Instance).is_ok() {
        links.push(("/espace/admin/utilisateurs", "staff-link-users"));
    }
    if vigie_domain::decide(&staff.principal, Action::ManageTeams, &Resource::Instance).is_ok() {
        links.push(("/espace/admin/equipes", "staff-link-teams"));
    }
    if vigie_domain::decide(&staff.principal, Action::ManageRouting, &Resource::Instance).is_ok() {
        links.push(("/espace/admin/routage", "staff-link-routing"));
    }
    let nav = links
        .into_iter()
        .map(|(p, key)| NavItem {
            href: lang.path(p),
            label: lang.t(key),
            current: p == path,
        })
        .collect();
    StaffPage { ctx, nav }
}

/// Asks the policy; a refusal (written to the audit log by the use case) is the 403 page.
pub(crate) async fn require(
    state: &AppState,
    staff: &Staff,
    action: Action,
    what: &Resource,
) -> Result<(), PageError> {
    match state.app.authorize(&staff.principal, action, what).await {
        Ok(()) => Ok(()),
        Err(AppError::Denied(_)) => Err(PageError::forbidden(staff.lang).with_config(&state.web)),
        Err(e) => {
            tracing::error!(error = %e, "policy check failed");
            Err(PageError::internal(staff.lang))
        }
    }
}

/// The gate of every staff form: the form token (bound to this session and purpose), then the policy.
pub(crate) async fn check_post(
    state: &AppState,
    staff: &Staff,
    token: &str,
    purpose: &str,
    action: Action,
    what: &Resource,
) -> Result<(), PageError> {
    csrf::check(
        state,
        staff.lang,
        token,
        purpose,
        &staff.session.csrf_binding(),
    )?;
    require(state, staff, action, what).await
}

/// Renders a page with a status; a template failure is a 500 page.
pub(crate) fn render(t: &impl Template, status: StatusCode, lang: Lang) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            PageError::internal(lang).into_response()
        }
    }
}

/// The translated names of a set of roles, comma-separated.
pub fn role_names(lang: Lang, roles: vigie_domain::RoleSet) -> String {
    roles
        .iter()
        .map(|r: Role| lang.role_name(r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The staff routes, in French and under `/en`.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for prefix in ["", "/en"] {
        router = router
            .route(
                &format!("{prefix}/espace/connexion"),
                get(login::login_form).post(login::login_submit),
            )
            .route(
                &format!("{prefix}/espace/2fa"),
                get(login::second_factor_form).post(login::second_factor_submit),
            )
            .route(
                &format!("{prefix}/espace/2fa/inscription"),
                get(login::enrol_form).post(login::enrol_submit),
            )
            .route(&format!("{prefix}/espace/deconnexion"), post(login::logout))
            .route(&format!("{prefix}/espace"), get(account::dashboard))
            .route(
                &format!("{prefix}/espace/mot-de-passe"),
                get(account::password_form).post(account::password_submit),
            )
            .route(
                &format!("{prefix}/espace/admin/journal"),
                get(admin::audit_log),
            )
            .route(
                &format!("{prefix}/espace/admin/journal/point-de-controle"),
                post(admin::audit_checkpoint),
            )
            .route(
                &format!("{prefix}/espace/admin/utilisateurs"),
                get(admin_users::users).post(admin_users::create),
            )
            .route(
                &format!("{prefix}/espace/admin/utilisateurs/desactiver"),
                post(admin_users::disable),
            )
            .route(
                &format!("{prefix}/espace/admin/utilisateurs/2fa"),
                post(admin_users::reset_2fa),
            )
            .route(
                &format!("{prefix}/espace/admin/utilisateurs/coordonnees"),
                post(admin_users::show_contact),
            )
            .route(
                &format!("{prefix}/espace/admin/equipes"),
                get(admin_teams::teams).post(admin_teams::create),
            )
            .route(
                &format!("{prefix}/espace/admin/equipes/ajout"),
                post(admin_teams::add),
            )
            .route(
                &format!("{prefix}/espace/admin/equipes/retrait"),
                post(admin_teams::remove),
            )
            .route(
                &format!("{prefix}/espace/admin/routage"),
                get(admin_routing::routing),
            )
            .route(
                &format!("{prefix}/espace/admin/routage/regles"),
                post(admin_routing::add_rule),
            )
            .route(
                &format!("{prefix}/espace/admin/routage/regles/suppression"),
                post(admin_routing::delete_rule),
            )
            .route(
                &format!("{prefix}/espace/admin/routage/defaut"),
                post(admin_routing::default_team),
            )
            .route(
                &format!("{prefix}/espace/admin/routage/etiquettes"),
                post(admin_routing::add_label),
            )
            .route(
                &format!("{prefix}/espace/admin/routage/etiquettes/suppression"),
                post(admin_routing::delete_label),
            )
            .route(
                &format!("{prefix}/espace/admin/routage/alertes"),
                post(admin_routing::team_notify),
            )
            .route(
                &format!("{prefix}/espace/signalements"),
                get(reports::inbox),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}"),
                get(report_page::report),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/reponse"),
                post(report_actions::reply),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/note"),
                post(report_actions::note),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/statut"),
                post(report_actions::status),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/etiquettes"),
                post(report_actions::labels),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/attribution"),
                post(report_actions::assign),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/acces/personne"),
                post(report_actions::grant_person),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/acces/equipe"),
                post(report_actions::grant_team),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/acces/retrait"),
                post(report_actions::revoke),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/identite"),
                post(report_actions::reveal_identity),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/identite/acces"),
                post(report_actions::grant_identity),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/fichiers/{{part}}"),
                get(report_files::clean_copy),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/fichiers/{{part}}/original"),
                post(report_files::original),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/transmettre"),
                post(report_files::forward),
            )
            .route(
                &format!("{prefix}/espace/signalements/{{id}}/qualifier"),
                post(observatory_qualify::qualify),
            )
            .route(
                &format!("{prefix}/espace/observatoire"),
                get(observatory::overview),
            )
            .route(
                &format!("{prefix}/espace/observatoire/incidents"),
                get(observatory_list::list),
            )
            .route(
                &format!("{prefix}/espace/observatoire/incidents/nouveau"),
                get(observatory_incidents::new_form).post(observatory_incidents::record),
            )
            .route(
                &format!("{prefix}/espace/observatoire/incidents/{{id}}"),
                get(observatory_incidents::incident),
            )
            .route(
                &format!("{prefix}/espace/observatoire/incidents/{{id}}/correction"),
                post(observatory_incidents::correct),
            )
            .route(
                &format!("{prefix}/espace/observatoire/incidents/{{id}}/revue"),
                post(observatory_incidents::review),
            )
            .route(
                &format!("{prefix}/espace/observatoire/publier"),
                get(observatory_publish::publish_page).post(observatory_publish::publish),
            )
            .route(
                &format!("{prefix}/espace/observatoire/publier/correction"),
                post(observatory_publish::correction),
            )
            .route(
                &format!("{prefix}/espace/observatoire/contexte"),
                get(observatory_context::context_page)
                    .post(observatory_context::import)
                    .layer(DefaultBodyLimit::max(observatory_context::BODY_LIMIT)),
            );
    }
    router
}
