//! The team's side of reports: the inbox (filters, pages) and what the report pages share (names,
//! codes, paths, error pages). A report's page is in `report_page`, its forms in `report_actions`,
//! its files and the forwarding to the authorities in `report_files`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::AppError;
use vigie_app::reports::InboxQuery;
use vigie_domain::report::{Category, ReportStatus};
use vigie_domain::{Action, LabelId, ReportId, Resource, Role, TeamId, UserId};

use super::{NavItem, StaffPage, render, require, staff_page};
use crate::layout::PageCtx;
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError};

/// An option of a `<select>` (or a checkbox).
pub struct Opt {
    /// Posted value.
    pub value: String,
    /// Shown text.
    pub label: String,
    /// Selected (or checked).
    pub selected: bool,
}

/// The value of the first field `name` of a form or query string, or `""`.
pub(super) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Names of the people, teams and labels a page shows.
pub(super) struct Directory {
    users: HashMap<UserId, String>,
    /// Active handlers, by name: who may be assigned or granted a report.
    pub handlers: Vec<(UserId, String)>,
    /// Every team, by name.
    pub teams: Vec<(TeamId, String)>,
    /// The admin-defined labels, by name.
    pub labels: Vec<(LabelId, String)>,
}

impl Directory {
    pub(super) async fn load(state: &AppState) -> Result<Directory, vigie_store::StoreError> {
        let store = state.app.store();
        let mut users = HashMap::new();
        let mut handlers = Vec::new();
        for u in store.list_users().await? {
            if !u.disabled && u.roles.contains(Role::Handler) {
                handlers.push((u.id, u.username.clone()));
            }
            users.insert(u.id, u.username);
        }
        handlers.sort_by(|a, b| a.1.cmp(&b.1));
        let mut teams: Vec<(TeamId, String)> = store
            .list_teams()
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        teams.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(Directory {
            users,
            handlers,
            teams,
            labels: store.labels().await?,
        })
    }

    pub(super) fn user(&self, id: UserId) -> String {
        self.users
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub(super) fn team(&self, id: TeamId) -> String {
        self.teams
            .iter()
            .find(|(t, _)| *t == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }
}

/// A category's translated name (the code itself if unknown).
pub(super) fn category_name(lang: Lang, code: &str) -> String {
    match code.parse::<Category>() {
        Ok(c) => lang.t(&format!(
            "staff-report-category-{}",
            c.as_str().replace('_', "-")
        )),
        Err(_) => code.to_owned(),
    }
}

/// A status's translated name (the code itself if unknown).
pub(super) fn status_name(lang: Lang, code: &str) -> String {
    match code.parse::<ReportStatus>() {
        Ok(s) => lang.t(&format!(
            "staff-report-status-{}",
            s.as_str().replace('_', "-")
        )),
        Err(_) => code.to_owned(),
    }
}

/// An arrondissement's name (the code itself if unknown).
pub(super) fn district_name(state: &AppState, code: &str) -> String {
    state
        .app
        .settings()
        .areas
        .district(code)
        .map_or_else(|| code.to_owned(), |d| d.name.clone())
}

/// The address of report `id`'s page, or of something under it (`suffix` starts with `/`).
pub(super) fn report_path(lang: Lang, id: ReportId, suffix: &str) -> String {
    lang.path(&format!("/espace/signalements/{id}{suffix}"))
}

/// The purpose the forms of report `id` are signed for: a token for one report opens no other.
pub(super) fn purpose(id: ReportId) -> String {
    format!("report:{id}")
}

/// The page for an error of the app: 403, 404, 429, 503, or 500 (logged, without detail).
pub(super) fn app_error(state: &AppState, lang: Lang, e: &AppError) -> Response {
    match e {
        AppError::Denied(_) => PageError::forbidden(lang)
            .with_config(&state.web)
            .into_response(),
        AppError::NoReport => PageError::not_found(lang)
            .with_config(&state.web)
            .into_response(),
        AppError::NoCleanCopy => PageError::bad_request(lang, "staff-report-file-no-clean-copy")
            .with_config(&state.web)
            .into_response(),
        AppError::Busy { retry_after_secs } => {
            PageError::unavailable(lang, *retry_after_secs).into_response()
        }
        AppError::RateLimited { retry_after_secs } => {
            PageError::too_many_requests(lang, *retry_after_secs).into_response()
        }
        other => {
            tracing::error!(error = %other, "report action failed");
            PageError::internal(lang).into_response()
        }
    }
}

fn internal(lang: Lang, what: &str, e: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %e, "{what}");
    PageError::internal(lang).into_response()
}

// The inbox.

/// One row of the inbox.
pub struct InboxRow {
    href: String,
    number: i64,
    category: String,
    district: String,
    status: String,
    day: String,
    team: String,
    assignee: String,
    unread: i64,
}

#[derive(Template)]
#[template(path = "staff/reports.html")]
struct InboxPage {
    ctx: PageCtx,
    nav: Vec<NavItem>,
    rows: Vec<InboxRow>,
    count: String,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    districts: Vec<Opt>,
    teams: Vec<Opt>,
    assignees: Vec<Opt>,
    labels: Vec<Opt>,
    previous: Option<String>,
    next: Option<String>,
    page_of: String,
}

fn options<T: PartialEq>(
    items: impl IntoIterator<Item = (T, String, String)>,
    current: &Option<T>,
) -> Vec<Opt> {
    items
        .into_iter()
        .map(|(v, value, label)| Opt {
            selected: current.as_ref() == Some(&v),
            value,
            label,
        })
        .collect()
}

/// `GET /espace/signalements`: the reports the reader's teams (or the reader in person) hold, newest
/// first, filtered by the query string; values that are not valid codes are ignored.
pub async fn inbox(
    State(state): State<AppState>,
    staff: Staff,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = staff.lang;
    if let Err(e) = require(&state, &staff, Action::ListReports, &Resource::Instance).await {
        return e.into_response();
    }
    let dir = match Directory::load(&state).await {
        Ok(d) => d,
        Err(e) => return internal(lang, "inbox names failed", &e),
    };
    let areas = &state.app.settings().areas;
    let status = field(&pairs, "status").parse::<ReportStatus>().ok();
    let category = field(&pairs, "category").parse::<Category>().ok();
    let district = areas
        .district(field(&pairs, "district"))
        .map(|d| d.code.clone());
    let team = field(&pairs, "team").parse::<TeamId>().ok();
    let assignee = field(&pairs, "assignee").parse::<UserId>().ok();
    let label = field(&pairs, "label").parse::<LabelId>().ok();
    let page = field(&pairs, "page")
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p))
        .unwrap_or(1);
    let q = InboxQuery {
        status: status.map(|s| s.as_str().to_owned()),
        category: category.map(|c| c.as_str().to_owned()),
        district: district.clone(),
        team,
        assignee,
        label,
        page,
    };
    let found = match state.app.inbox(&staff.principal, &q).await {
        Ok(p) => p,
        Err(e) => return app_error(&state, lang, &e),
    };
    let rows = found
        .reports
        .iter()
        .map(|r| InboxRow {
            href: report_path(lang, r.id, ""),
            number: r.number,
            category: category_name(lang, &r.category),
            district: district_name(&state, &r.district),
            status: status_name(lang, &r.status),
            day: r.received_day.clone(),
            team: dir.team(r.team),
            assignee: r.assignee.map(|u| dir.user(u)).unwrap_or_default(),
            unread: r.team_unread,
        })
        .collect();
    // The filters, to carry over to the other pages.
    let mut kept: Vec<(&str, String)> = Vec::new();
    for (name, value) in [
        ("status", q.status.clone()),
        ("category", q.category.clone()),
        ("district", district),
        ("team", team.map(|t| t.to_string())),
        ("assignee", assignee.map(|u| u.to_string())),
        ("label", label.map(|l| l.to_string())),
    ] {
        if let Some(v) = value {
            kept.push((name, v));
        }
    }
    let per_page = found.per_page.max(1);
    let pages = ((found.total + per_page - 1) / per_page).max(1);
    let page_href = |n: i64| {
        let mut query: Vec<String> = kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
        query.push(format!("page={n}"));
        format!("{}?{}", lang.path("/espace/signalements"), query.join("&"))
    };
    let StaffPage { ctx, nav } = staff_page(
        &state,
        &staff,
        "staff-reports-title",
        "/espace/signalements",
    );
    let page = InboxPage {
        ctx,
        nav,
        rows,
        count: lang.t_args("staff-reports-count", &[("count", found.total.to_string())]),
        statuses: options(
            ReportStatus::ALL
                .iter()
                .map(|s| (*s, s.as_str().to_owned(), status_name(lang, s.as_str()))),
            &status,
        ),
        categories: options(
            Category::ALL
                .iter()
                .map(|c| (*c, c.as_str().to_owned(), category_name(lang, c.as_str()))),
            &category,
        ),
        districts: options(
            areas
                .districts()
                .iter()
                .map(|d| (d.code.clone(), d.code.clone(), d.name.clone())),
            &q.district,
        ),
        teams: options(
            dir.teams
                .iter()
                .map(|(id, name)| (*id, id.to_string(), name.clone())),
            &team,
        ),
        assignees: options(
            dir.handlers
                .iter()
                .map(|(id, name)| (*id, id.to_string(), name.clone())),
            &assignee,
        ),
        labels: options(
            dir.labels
                .iter()
                .map(|(id, name)| (*id, id.to_string(), name.clone())),
            &label,
        ),
        previous: (found.page > 1).then(|| page_href(found.page - 1)),
        next: (found.page < pages).then(|| page_href(found.page + 1)),
        page_of: lang.t_args(
            "staff-reports-page-of",
            &[
                ("page", found.page.to_string()),
                ("pages", pages.to_string()),
            ],
        ),
    };
    render(&page, StatusCode::OK, lang)
}
