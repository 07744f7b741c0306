//! Administration of routing (`Action::ManageRouting`): the rules (category x arrondissement ->
//! team), the default team, the list of labels, and each team's notification addresses. Every change
//! is written to the audit log (`settings_changed`; the app writes it for the addresses).

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::reports::TeamNotify;
use vigie_domain::report::Category;
use vigie_domain::{AuditActor, LabelId, TeamId};
use vigie_store::StoreError;

use super::{RoutingDone, RoutingForm};
use crate::session::Staff;
use crate::staff::kit::{Landed, OrPage, PageResult, Post, View, done, field};
use crate::staff::reports::district_name;
use crate::staff::words::word;
use crate::staff::{Opt, StaffPage, render, staff_page, staff_template};
use crate::state::AppState;

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
    page: StaffPage,
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

staff_template!(RoutingPage);

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

impl Errors {
    /// The error `message` beside one form (`slot`).
    fn one(slot: fn(&mut Errors) -> &mut Option<String>, message: String) -> Errors {
        let mut errors = Errors::default();
        *slot(&mut errors) = Some(message);
        errors
    }
}

/// What was typed in a refused address form.
#[derive(Default)]
struct NotifyFields {
    digest: String,
    on_call: String,
    digest_bad: bool,
    on_call_bad: bool,
}

/// `GET /espace/admin/routage`.
pub async fn routing(view: View<RoutingForm>) -> PageResult {
    let message = view.notice::<RoutingDone>();
    let (state, staff, _) = view.parts();
    page(&state, &staff, StatusCode::OK, message, Errors::default()).await
}

async fn page(
    state: &AppState,
    staff: &Staff,
    status: StatusCode,
    message: Option<String>,
    errors: Errors,
) -> PageResult {
    let lang = staff.lang;
    let names = state.app.staff_names().await.or_page(state, lang)?;
    let settings = state.app.routing_settings().await.or_page(state, lang)?;
    let (teams, rules, default, labels) = (
        &names.teams,
        settings.rules,
        settings.default_team,
        names.labels.clone(),
    );
    let team_name = |id: TeamId| names.team(id);
    let mut notify = Vec::new();
    for (id, name) in teams {
        let n = state.app.team_notify(*id).await.or_page(state, lang)?;
        let mut line = NotifyLine {
            team: id.to_string(),
            name: name.clone(),
            digest: n.digest.unwrap_or_default(),
            on_call: n.on_call.unwrap_or_default(),
            digest_error: None,
            on_call_error: None,
        };
        if let Some((team, typed)) = &errors.notify
            && team == id
        {
            line.digest.clone_from(&typed.digest);
            line.on_call.clone_from(&typed.on_call);
            let bad = lang.t("staff-routing-error-address");
            line.digest_error = typed.digest_bad.then(|| bad.clone());
            line.on_call_error = typed.on_call_bad.then_some(bad);
        }
        notify.push(line);
    }
    let page = RoutingPage {
        page: staff_page(state, staff, "staff-routing-title", "/espace/admin/routage")
            .with_form::<RoutingForm>(state, staff, &()),
        rules: rules
            .iter()
            .map(|r| RuleLine {
                id: r.id.clone(),
                category: r
                    .category
                    .map_or_else(|| lang.t("staff-routing-any-category"), |c| word(lang, c)),
                district: r.district.as_deref().map_or_else(
                    || lang.t("staff-routing-any-district"),
                    |d| district_name(state, d),
                ),
                team: team_name(r.team),
            })
            .collect(),
        categories: Opt::worded(lang, Category::ALL, None),
        districts: Opt::districts(state, None),
        teams: Opt::named(teams, None),
        default_teams: Opt::named(teams, default),
        labels: labels
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        notify,
        message,
        errors,
    };
    Ok(render(&page, status, lang))
}

/// The redirect after a form of the page did `what`.
fn routed(staff: &Staff, what: RoutingDone) -> PageResult {
    Ok(done(&staff.lang.path("/espace/admin/routage"), what))
}

/// The page again with an error (400).
async fn bad(state: &AppState, staff: &Staff, errors: Errors) -> PageResult {
    page(state, staff, StatusCode::BAD_REQUEST, None, errors).await
}

/// The team a form names, if it exists.
async fn existing_team(
    state: &AppState,
    staff: &Staff,
    raw: &str,
) -> Result<Option<TeamId>, crate::PageError> {
    let Ok(id) = raw.parse::<TeamId>() else {
        return Ok(None);
    };
    let names = state.app.staff_names().await.or_page(state, staff.lang)?;
    Ok(names.has_team(id).then_some(id))
}

fn actor(staff: &Staff) -> AuditActor {
    AuditActor::Staff(staff.principal.id)
}

/// `POST /espace/admin/routage/regles`: adds a rule; an empty category or arrondissement means any.
pub async fn add_rule(post: Post<RoutingForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
    let category = match field(&form, "category") {
        "" => Some(None),
        c => c.parse::<Category>().ok().map(Some),
    };
    let areas = &state.app.settings().areas;
    let district = match field(&form, "district") {
        "" => Some(None),
        d => areas.district(d).map(|d| Some(d.code.as_str())),
    };
    let team = existing_team(&state, &staff, field(&form, "team")).await?;
    let (Some(category), Some(district), Some(team)) = (category, district, team) else {
        let errors = Errors::one(|e| &mut e.rule, lang.t("staff-routing-error-rule"));
        return bad(&state, &staff, errors).await;
    };
    state
        .app
        .add_routing_rule(actor(&staff), category, district, team)
        .await
        .or_page(&state, lang)?;
    routed(&staff, RoutingDone::Rule)
}

/// `POST /espace/admin/routage/regles/suppression`.
pub async fn delete_rule(post: Post<RoutingForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    // A bound parameter: any text is safe to look for; an unknown id is a 400 below.
    let result = state
        .app
        .delete_routing_rule(actor(&staff), field(&form, "rule"))
        .await;
    let gone = (RoutingDone::RuleDeleted, "staff-routing-error-no-rule");
    deleted(&state, &staff, result, gone, |e| &mut e.rule).await
}

/// The answer to a deletion: the redirect with `done`, or, when there was nothing to delete, the page
/// again with the message `missing` beside the field `beside` names (a 400).
async fn deleted(
    state: &AppState,
    staff: &Staff,
    result: Result<(), AppError>,
    (done, missing): (RoutingDone, &str),
    beside: fn(&mut Errors) -> &mut Option<String>,
) -> PageResult {
    match result {
        Ok(()) => routed(staff, done),
        Err(AppError::Store(StoreError::NotFound(_))) => {
            bad(state, staff, Errors::one(beside, staff.lang.t(missing))).await
        }
        Err(e) => Err(e).or_page(state, staff.lang),
    }
}

/// `POST /espace/admin/routage/defaut`: the team that receives what no rule matches.
pub async fn default_team(post: Post<RoutingForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    match existing_team(&state, &staff, field(&form, "team")).await? {
        Some(team) => {
            let set = state.app.set_default_team(actor(&staff), team).await;
            set.or_page(&state, staff.lang)?;
            routed(&staff, RoutingDone::Default)
        }
        None => {
            let message = staff.lang.t("staff-routing-error-team");
            bad(
                &state,
                &staff,
                Errors::one(|e| &mut e.default_team, message),
            )
            .await
        }
    }
}

/// `POST /espace/admin/routage/etiquettes`: adds a label to the list.
pub async fn add_label(post: Post<RoutingForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
    let name = field(&form, "name").trim();
    let refuse = |key: &str| Errors::one(|e| &mut e.label, lang.t(key));
    if name.is_empty()
        || name.chars().count() > MAX_LABEL_CHARS
        || name.chars().any(char::is_control)
    {
        return bad(&state, &staff, refuse("staff-routing-error-label")).await;
    }
    match state.app.add_label(actor(&staff), name).await {
        Ok(_) => routed(&staff, RoutingDone::Label),
        Err(AppError::Store(StoreError::Conflict(_))) => {
            bad(&state, &staff, refuse("staff-routing-error-label-exists")).await
        }
        Err(e) => Err(e).or_page(&state, lang),
    }
}

/// `POST /espace/admin/routage/etiquettes/suppression`: deletes a label (from every report too).
pub async fn delete_label(post: Post<RoutingForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let result = match field(&form, "label").parse::<LabelId>() {
        Ok(id) => state.app.delete_label(actor(&staff), id).await,
        Err(_) => Err(StoreError::NotFound("label").into()),
    };
    let gone = (RoutingDone::LabelDeleted, "staff-routing-error-no-label");
    deleted(&state, &staff, result, gone, |e| &mut e.label).await
}

/// `POST /espace/admin/routage/alertes`: a team's digest and on-call addresses (empty: none).
pub async fn team_notify(post: Post<RoutingForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
    let Some(team) = existing_team(&state, &staff, field(&form, "team")).await? else {
        let errors = Errors::one(|e| &mut e.general, lang.t("staff-routing-error-team"));
        return bad(&state, &staff, errors).await;
    };
    let digest = field(&form, "digest").trim().to_owned();
    let on_call = field(&form, "on_call").trim().to_owned();
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
        .set_team_notify(actor(&staff), team, &notify)
        .await
    {
        Ok(()) => routed(&staff, RoutingDone::Notify),
        Err(AppError::Invalid(_)) => {
            let typed = NotifyFields {
                digest_bad: notify.digest.is_some(),
                on_call_bad: notify.on_call.is_some(),
                ..typed
            };
            bad(&state, &staff, refuse(typed)).await
        }
        Err(e) => Err(e).or_page(&state, lang),
    }
}
