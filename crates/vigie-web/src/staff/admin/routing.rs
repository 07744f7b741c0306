//! Administration of routing (`Action::ManageRouting`): the rules (category x arrondissement ->
//! team), the default team, the list of labels, and each team's notification addresses. Every change
//! is written to the audit log (`settings_changed`; the app writes it for the addresses).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigie_app::AppError;
use vigie_app::reports::TeamNotify;
use vigie_domain::report::Category;
use vigie_domain::{Action, AuditActor, AuditKind, LabelId, Resource, TeamId};
use vigie_store::StoreError;

use super::report_actions::Pairs;
use super::reports::{Opt, category_name, district_name, field};
use super::{NavItem, StaffPage, check_post, render, require, staff_page};
use crate::layout::PageCtx;
use crate::session::Staff;
use crate::state::AppState;
use crate::{PageError, csrf};

/// Longest label name, in characters.
const MAX_LABEL_CHARS: usize = 60;

/// A rule as listed.
pub struct RuleLine {
    id: String,
    category: String,
    district: String,
    team: String,
}

/// A team's notification form.
pub struct NotifyLine {
    team: String,
    name: String,
    digest: String,
    on_call: String,
    digest_error: Option<String>,
    on_call_error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/routing.html")]
struct RoutingPage {
    ctx: PageCtx,
    nav: Vec<NavItem>,
    csrf: String,
    rules: Vec<RuleLine>,
    categories: Vec<Opt>,
    districts: Vec<Opt>,
    teams: Vec<Opt>,
    default_teams: Vec<Opt>,
    labels: Vec<(String, String)>,
    notify: Vec<NotifyLine>,
    message: Option<String>,
    errors: Errors,
}

/// An error beside each form.
#[derive(Default)]
struct Errors {
    /// Not tied to one form (a team that no longer exists).
    general: Option<String>,
    rule: Option<String>,
    default_team: Option<String>,
    label: Option<String>,
    /// The team whose addresses were refused, and which fields.
    notify: Option<(TeamId, NotifyFields)>,
}

/// What was typed in a refused address form.
#[derive(Default)]
struct NotifyFields {
    digest: String,
    on_call: String,
    digest_bad: bool,
    on_call_bad: bool,
}

fn internal(lang: crate::Lang, e: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %e, "routing page failed");
    PageError::internal(lang).into_response()
}

async fn page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    message: Option<String>,
    errors: Errors,
) -> Response {
    let lang = staff.lang;
    let store = state.app.store();
    let (teams, rules, default, labels) = match (
        store.list_teams().await,
        store.routing_rules().await,
        store.default_team().await,
        store.labels().await,
    ) {
        (Ok(t), Ok(r), Ok(d), Ok(l)) => (t, r, d, l),
        (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
            return internal(lang, &e);
        }
    };
    let team_name = |id: TeamId| {
        teams
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| t.name.clone())
    };
    let mut notify = Vec::new();
    for t in &teams {
        let mut line = match state.app.team_notify(t.id).await {
            Ok(n) => NotifyLine {
                team: t.id.to_string(),
                name: t.name.clone(),
                digest: n.digest.unwrap_or_default(),
                on_call: n.on_call.unwrap_or_default(),
                digest_error: None,
                on_call_error: None,
            },
            Err(e) => return internal(lang, &e),
        };
        if let Some((team, typed)) = &errors.notify
            && *team == t.id
        {
            line.digest.clone_from(&typed.digest);
            line.on_call.clone_from(&typed.on_call);
            let bad = lang.t("staff-routing-error-address");
            line.digest_error = typed.digest_bad.then(|| bad.clone());
            line.on_call_error = typed.on_call_bad.then_some(bad);
        }
        notify.push(line);
    }
    let areas = &state.app.settings().areas;
    let StaffPage { ctx, nav } =
        staff_page(state, staff, "staff-routing-title", "/espace/admin/routage");
    let page = RoutingPage {
        ctx,
        nav,
        csrf: csrf::issue(state, "routing", &staff.session.csrf_binding()),
        rules: rules
            .iter()
            .map(|r| RuleLine {
                id: r.id.clone(),
                category: r.category.as_deref().map_or_else(
                    || lang.t("staff-routing-any-category"),
                    |c| category_name(lang, c),
                ),
                district: r.district.as_deref().map_or_else(
                    || lang.t("staff-routing-any-district"),
                    |d| district_name(state, d),
                ),
                team: team_name(r.team),
            })
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| Opt {
                value: c.as_str().to_owned(),
                label: category_name(lang, c.as_str()),
                selected: false,
            })
            .collect(),
        districts: areas
            .districts()
            .iter()
            .map(|d| Opt {
                value: d.code.clone(),
                label: d.name.clone(),
                selected: false,
            })
            .collect(),
        teams: teams
            .iter()
            .map(|t| Opt {
                value: t.id.to_string(),
                label: t.name.clone(),
                selected: false,
            })
            .collect(),
        default_teams: teams
            .iter()
            .map(|t| Opt {
                value: t.id.to_string(),
                label: t.name.clone(),
                selected: Some(t.id) == default,
            })
            .collect(),
        labels: labels
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        notify,
        message,
        errors,
    };
    render(&page, status, lang)
}

/// `GET /espace/admin/routage`.
pub async fn routing(
    State(state): State<AppState>,
    staff: Staff,
    Query(pairs): Query<Pairs>,
) -> Response {
    if let Err(e) = require(&state, &staff, Action::ManageRouting, &Resource::Instance).await {
        return e.into_response();
    }
    let key = match field(&pairs, "fait") {
        "regle" => Some("staff-routing-done-rule"),
        "regle-supprimee" => Some("staff-routing-done-rule-deleted"),
        "defaut" => Some("staff-routing-done-default"),
        "etiquette" => Some("staff-routing-done-label"),
        "etiquette-supprimee" => Some("staff-routing-done-label-deleted"),
        "alertes" => Some("staff-routing-done-notify"),
        _ => None,
    };
    page(
        &state,
        &staff,
        StatusCode::OK,
        key.map(|k| staff.lang.t(k)),
        Errors::default(),
    )
    .await
}

/// The gate of every form of the page.
async fn gate(state: &AppState, staff: &Staff, pairs: &Pairs) -> Result<(), Response> {
    check_post(
        state,
        staff,
        field(pairs, "csrf"),
        "routing",
        Action::ManageRouting,
        &Resource::Instance,
    )
    .await
    .map_err(IntoResponse::into_response)
}

fn done(staff: &Staff, what: &str) -> Response {
    Redirect::to(
        &staff
            .lang
            .path(&format!("/espace/admin/routage?fait={what}")),
    )
    .into_response()
}

async fn audit(
    state: &AppState,
    staff: &Staff,
    object: &str,
    detail: &str,
) -> Result<(), AppError> {
    state
        .app
        .record(
            AuditActor::Staff(staff.principal.id),
            AuditKind::SettingsChanged,
            object,
            detail,
        )
        .await
        .map(drop)
}

/// The page again with an error (400).
async fn bad(state: &AppState, staff: &Staff, errors: Errors) -> Response {
    page(state, staff, StatusCode::BAD_REQUEST, None, errors).await
}

async fn existing_team(state: &AppState, raw: &str) -> Result<Option<TeamId>, StoreError> {
    let Ok(id) = raw.parse::<TeamId>() else {
        return Ok(None);
    };
    Ok(state
        .app
        .store()
        .list_teams()
        .await?
        .iter()
        .any(|t| t.id == id)
        .then_some(id))
}

/// `POST /espace/admin/routage/regles`: adds a rule; an empty category or arrondissement means any.
pub async fn add_rule(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(r) = gate(&state, &staff, &pairs).await {
        return r;
    }
    let category = match field(&pairs, "category") {
        "" => Some(None),
        c => c.parse::<Category>().ok().map(|c| Some(c.as_str())),
    };
    let areas = &state.app.settings().areas;
    let district = match field(&pairs, "district") {
        "" => Some(None),
        d => areas.district(d).map(|d| Some(d.code.as_str())),
    };
    let team = match existing_team(&state, field(&pairs, "team")).await {
        Ok(t) => t,
        Err(e) => return internal(lang, &e),
    };
    let (Some(category), Some(district), Some(team)) = (category, district, team) else {
        let errors = Errors {
            rule: Some(lang.t("staff-routing-error-rule")),
            ..Errors::default()
        };
        return bad(&state, &staff, errors).await;
    };
    let result = match state
        .app
        .store()
        .add_routing_rule(category, district, team)
        .await
    {
        Ok(rule) => {
            let detail = format!(
                "routing rule {rule} added: category={} district={}",
                category.unwrap_or("*"),
                district.unwrap_or("*")
            );
            audit(&state, &staff, &format!("team:{team}"), &detail).await
        }
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => done(&staff, "regle"),
        Err(e) => internal(lang, &e),
    }
}

/// `POST /espace/admin/routage/regles/suppression`.
pub async fn delete_rule(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(r) = gate(&state, &staff, &pairs).await {
        return r;
    }
    let rule = field(&pairs, "rule");
    // A bound parameter: any text is safe to look for; an unknown id is a 400 below.
    let result = state.app.store().delete_routing_rule(rule).await;
    match result {
        Ok(()) => match audit(
            &state,
            &staff,
            "routing",
            &format!("routing rule {rule} deleted"),
        )
        .await
        {
            Ok(()) => done(&staff, "regle-supprimee"),
            Err(e) => internal(lang, &e),
        },
        Err(StoreError::NotFound(_)) => {
            let errors = Errors {
                rule: Some(lang.t("staff-routing-error-no-rule")),
                ..Errors::default()
            };
            bad(&state, &staff, errors).await
        }
        Err(e) => internal(lang, &e),
    }
}

/// `POST /espace/admin/routage/defaut`: the team that receives what no rule matches.
pub async fn default_team(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(r) = gate(&state, &staff, &pairs).await {
        return r;
    }
    let team = match existing_team(&state, field(&pairs, "team")).await {
        Ok(Some(t)) => t,
        Ok(None) => {
            let errors = Errors {
                default_team: Some(lang.t("staff-routing-error-team")),
                ..Errors::default()
            };
            return bad(&state, &staff, errors).await;
        }
        Err(e) => return internal(lang, &e),
    };
    let result = match state.app.store().set_default_team(team).await {
        Ok(()) => audit(&state, &staff, &format!("team:{team}"), "default team").await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => done(&staff, "defaut"),
        Err(e) => internal(lang, &e),
    }
}

/// `POST /espace/admin/routage/etiquettes`: adds a label to the list.
pub async fn add_label(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(r) = gate(&state, &staff, &pairs).await {
        return r;
    }
    let name = field(&pairs, "name").trim();
    let refuse = |key: &str| Errors {
        label: Some(lang.t(key)),
        ..Errors::default()
    };
    if name.is_empty()
        || name.chars().count() > MAX_LABEL_CHARS
        || name.chars().any(char::is_control)
    {
        return bad(&state, &staff, refuse("staff-routing-error-label")).await;
    }
    match state.app.store().add_label(name).await {
        Ok(id) => match audit(
            &state,
            &staff,
            &format!("label:{id}"),
            &format!("label added: {name}"),
        )
        .await
        {
            Ok(()) => done(&staff, "etiquette"),
            Err(e) => internal(lang, &e),
        },
        Err(StoreError::Conflict(_)) => {
            bad(&state, &staff, refuse("staff-routing-error-label-exists")).await
        }
        Err(e) => internal(lang, &e),
    }
}

/// `POST /espace/admin/routage/etiquettes/suppression`: deletes a label (from every report too).
pub async fn delete_label(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(r) = gate(&state, &staff, &pairs).await {
        return r;
    }
    let result = match field(&pairs, "label").parse::<LabelId>() {
        Ok(id) => state.app.store().delete_label(id).await.map(|()| id),
        Err(_) => Err(StoreError::NotFound("label")),
    };
    match result {
        Ok(id) => match audit(&state, &staff, &format!("label:{id}"), "label deleted").await {
            Ok(()) => done(&staff, "etiquette-supprimee"),
            Err(e) => internal(lang, &e),
        },
        Err(StoreError::NotFound(_)) => {
            let errors = Errors {
                label: Some(lang.t("staff-routing-error-no-label")),
                ..Errors::default()
            };
            bad(&state, &staff, errors).await
        }
        Err(e) => internal(lang, &e),
    }
}

/// `POST /espace/admin/routage/alertes`: a team's digest and on-call addresses (empty: none).
pub async fn team_notify(
    State(state): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Pairs>,
) -> Response {
    let lang = staff.lang;
    if let Err(r) = gate(&state, &staff, &pairs).await {
        return r;
    }
    let team = match existing_team(&state, field(&pairs, "team")).await {
        Ok(Some(t)) => t,
        Ok(None) => {
            let errors = Errors {
                general: Some(lang.t("staff-routing-error-team")),
                ..Errors::default()
            };
            return bad(&state, &staff, errors).await;
        }
        Err(e) => return internal(lang, &e),
    };
    let digest = field(&pairs, "digest").trim().to_owned();
    let on_call = field(&pairs, "on_call").trim().to_owned();
    let typed = NotifyFields {
        digest_bad: !digest.is_empty() && !TeamNotify::accepts(&digest),
        on_call_bad: !on_call.is_empty() && !TeamNotify::accepts(&on_call),
        digest,
        on_call,
    };
    let refuse = |typed: NotifyFields| Errors {
        notify: Some((team, typed)),
        ..Errors::default()
    };
    if typed.digest_bad || typed.on_call_bad {
        return bad(&state, &staff, refuse(typed)).await;
    }
    let notify = TeamNotify {
        digest: Some(typed.digest.clone()).filter(|d| !d.is_empty()),
        on_call: Some(typed.on_call.clone()).filter(|d| !d.is_empty()),
    };
    match state
        .app
        .set_team_notify(AuditActor::Staff(staff.principal.id), team, &notify)
        .await
    {
        Ok(()) => done(&staff, "alertes"),
        Err(AppError::Invalid(_)) => {
            let typed = NotifyFields {
                digest_bad: notify.digest.is_some(),
                on_call_bad: notify.on_call.is_some(),
                ..typed
            };
            bad(&state, &staff, refuse(typed)).await
        }
        Err(e) => internal(lang, &e),
    }
}
