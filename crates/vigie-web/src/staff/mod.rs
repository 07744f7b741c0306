//! The staff area (`/espace`): login, second factor, account, administration.

mod account;
mod admin;
pub(crate) mod casework;
// Coordination (issue 12).
mod coordination;
pub(crate) mod kit;
mod list;
mod login;
// The hub's network of cities (issue 14, item 2).
mod network;
mod observatory;
mod outcomes;
mod partner_space;
mod partners;
mod prevention;
mod records;
mod referrals;
mod reports;
mod routes;
mod showing;
mod table;
mod words;
// Impact surveys (issue 12, item 4).
mod surveys;

use askama::Template;
use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use vigie_app::AppError;
use vigie_domain::{Action, Resource, Role};

use crate::layout::{PageCtx, StaffCtx};
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError, csrf};
use kit::Gate;

/// An option of a `<select>` (or a checkbox).
pub struct Opt {
    /// Posted value.
    pub value: String,
    /// Shown text.
    pub label: String,
    /// Selected (or checked).
    pub selected: bool,
}

impl Opt {
    /// The options of `all` (values given by `code`, labels by `name`), `current` marked.
    pub fn codes<T: Copy + PartialEq>(
        all: &[T],
        current: Option<T>,
        code: impl Fn(T) -> &'static str,
        name: impl Fn(T) -> String,
    ) -> Vec<Opt> {
        all.iter()
            .map(|v| Opt {
                value: code(*v).to_owned(),
                label: name(*v),
                selected: current == Some(*v),
            })
            .collect()
    }

    /// The options of `all` in words ([`word`](words::word)), `current` marked.
    pub fn worded<T: words::Worded + PartialEq>(
        lang: crate::Lang,
        all: &[T],
        current: Option<T>,
    ) -> Vec<Opt> {
        Opt::codes(all, current, T::code, |v| words::word(lang, v))
    }

    /// The checkboxes of `all` in words, those whose code is among `ticked` (as posted) ticked.
    pub fn ticks<T: words::Worded>(lang: crate::Lang, all: &[T], ticked: &[String]) -> Vec<Opt> {
        all.iter()
            .map(|v| Opt {
                value: v.code().to_owned(),
                label: words::word(lang, *v),
                selected: ticked.iter().any(|t| t.trim() == v.code()),
            })
            .collect()
    }

    /// The options of `items` (an id and its name, as the staff directory lists them), `current`
    /// marked.
    pub fn named<T: Copy + PartialEq + std::fmt::Display>(
        items: &[(T, String)],
        current: Option<T>,
    ) -> Vec<Opt> {
        items
            .iter()
            .map(|(id, name)| Opt {
                value: id.to_string(),
                label: name.clone(),
                selected: current == Some(*id),
            })
            .collect()
    }

    /// The options of the arrondissements, `selected` one marked.
    pub fn districts(state: &AppState, selected: Option<&str>) -> Vec<Opt> {
        Self::districts_where(state, |code| selected == Some(code))
    }

    /// The options (or checkboxes) of the arrondissements, those whose code `marked` marked.
    pub fn districts_where(state: &AppState, marked: impl Fn(&str) -> bool) -> Vec<Opt> {
        state
            .app
            .settings()
            .areas
            .districts()
            .iter()
            .map(|d| Opt {
                value: d.code.clone(),
                label: d.name.clone(),
                selected: marked(&d.code),
            })
            .collect()
    }
}

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

/// What every staff page template holds besides its own fields. A page's struct keeps one in its
/// `page` field and declares itself with `staff_template!`, so that its template reads `ctx`, `nav`
/// and `csrf` as its own.
pub struct StaffPage {
    /// Layout context (with the signed-in user and the logout form's token).
    pub ctx: PageCtx,
    /// The navigation, filtered by the policy.
    pub nav: Vec<NavItem>,
    /// The token of the page's forms (empty on a page without one).
    pub csrf: String,
    /// The message of what a form did (the outcome the page was redirected to with).
    pub notice: Option<String>,
    /// Why the app refused a form's input, when the page is shown again with it.
    pub error: Option<String>,
}

impl StaffPage {
    /// The page's forms, signed for gate `G` and the thing `id` they act on.
    pub(crate) fn with_form<G: Gate>(
        mut self,
        state: &AppState,
        staff: &Staff,
        id: &G::Id,
    ) -> Self {
        self.csrf = kit::token::<G>(state, staff, id);
        self
    }
}

/// Lets a page struct's template reach the `StaffPage` in its `page` field (with `form`, the
/// [`FormFrame`](records::FormFrame) of a record's form page).
macro_rules! staff_template {
    (form $($page:ty),+) => {
        $(impl std::ops::Deref for $page {
            type Target = $crate::staff::records::FormFrame;
            fn deref(&self) -> &Self::Target {
                &self.page
            }
        })+
    };
    ($($page:ty),+ $(,)?) => {
        $(impl std::ops::Deref for $page {
            type Target = $crate::staff::StaffPage;
            fn deref(&self) -> &Self::Target {
                &self.page
            }
        })+
    };
}
pub(crate) use staff_template;

/// Builds the layout of a staff page titled `title_key` at `path` (add its forms' token with
/// `with_form`).
pub fn staff_page(state: &AppState, staff: &Staff, title_key: &str, path: &str) -> StaffPage {
    staff_shell(state, staff, staff.lang.t(title_key), path)
}

/// The layout of the page of one item (a report, an incident, a help request) at `path`, titled
/// with its own heading (its number, its month), with the token of its forms (gate `G`).
pub(crate) fn item_page<G: Gate>(
    state: &AppState,
    staff: &Staff,
    (id, path): (&G::Id, &str),
    title: String,
) -> StaffPage {
    staff_shell(state, staff, title, path).with_form::<G>(state, staff, id)
}

/// [`staff_page`] with its title as text.
fn staff_shell(state: &AppState, staff: &Staff, title: String, path: &str) -> StaffPage {
    let lang = staff.lang;
    let logout = csrf::issue(state, "logout", &staff.session.csrf_binding());
    let ctx = PageCtx::new(lang, &state.web, title, &lang.path(path)).with_staff(StaffCtx {
        user_name: staff.session.user.username.clone(),
        logout_hidden: vec![(csrf::CSRF_FIELD.to_owned(), logout)],
    });
    let nav = routes::NAV
        .into_iter()
        .filter(|(action, _, _)| {
            action.is_none_or(|a| {
                vigie_domain::decide(&staff.principal, a, &Resource::Instance).is_ok()
            })
        })
        .map(|(_, p, key)| NavItem {
            href: lang.path(p),
            label: lang.t(key),
            current: p == path,
        })
        .collect();
    StaffPage {
        ctx,
        nav,
        csrf: String::new(),
        notice: None,
        error: None,
    }
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

/// The staff routes (French addresses; the router mounts them under `/en` too): sign-in and account
/// here, each area under its own prefix.
pub fn routes() -> Router<AppState> {
    routes::table().into_router()
}

/// Every staff route as [`routes`] mounts it: (method, French path with its `{id}` parameters).
pub fn route_list() -> Vec<(Method, String)> {
    routes::table().into_list()
}
