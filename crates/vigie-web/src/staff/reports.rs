//! The team's side of reports: the inbox (filters, pages) and a report's page (content, files,
//! conversation, notes, and the forms that act on it). The forms' handlers, the downloads and the
//! forwarding to the authorities are in `report_actions`.
//!
//! Opening a report's page decrypts it for the reader: the app checks the policy and writes the audit
//! log (`decrypted`). A custodian who is not a handler sees only the report's clear row and the
//! identity forms: never its content.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigie_app::AppError;
use vigie_app::reports::{FileMeta, InboxQuery, Message, ReportView};
use vigie_domain::report::{Category, ReportStatus};
use vigie_domain::{Action, LabelId, PartId, ReportId, Resource, Role, TeamId, UserId};
use vigie_store::ReportRecord;

use super::{NavItem, StaffPage, render, require, staff_page};
use crate::layout::PageCtx;
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

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

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// A report's page.

/// What a report's page shows besides the report: a message after an action, errors beside their
/// form, what was typed (re-shown after an error), the identity once revealed.
#[derive(Default)]
pub(super) struct Extra {
    pub message: Option<String>,
    pub errors: FormErrors,
    pub reply: String,
    pub note: String,
    pub recipient: String,
    pub identity: Option<String>,
}

/// An error beside each form of the page.
#[derive(Default)]
pub(super) struct FormErrors {
    pub reply: Option<String>,
    pub note: Option<String>,
    pub status: Option<String>,
    pub labels: Option<String>,
    pub assign: Option<String>,
    pub grant: Option<String>,
    pub identity: Option<String>,
    pub forward: Option<String>,
}

/// A file as listed.
pub struct FileLine {
    name: String,
    mime: String,
    size: String,
    removed: String,
    flagged: bool,
    unchecked: bool,
    may_contain_location: bool,
    clean_href: Option<String>,
    original_action: Option<String>,
}

/// A message of the conversation, or a note.
pub struct MessageLine {
    from_reporter: bool,
    author: String,
    day: String,
    lines: Vec<String>,
}

/// The decrypted part of the page (handlers in the report's audience only).
pub struct Body {
    lines: Vec<String>,
    neighbourhood: String,
    place: String,
    date: String,
    ongoing: bool,
    time_of_day: String,
    danger: bool,
    consent: bool,
    files: Vec<FileLine>,
    messages: Vec<MessageLine>,
    notes: Vec<MessageLine>,
    statuses: Vec<Opt>,
    labels: Vec<Opt>,
    handlers: Vec<Opt>,
    grantees: Vec<Opt>,
    teams: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "staff/report.html")]
struct ReportPage {
    ctx: PageCtx,
    nav: Vec<NavItem>,
    csrf: String,
    base: String,
    heading: String,
    category: String,
    district: String,
    status: String,
    received_day: String,
    team: String,
    assignee: String,
    body: Option<Body>,
    has_identity: bool,
    can_read_identity: bool,
    can_grant_identity: bool,
    identity_holders: String,
    identity_grantees: Vec<Opt>,
    message: Option<String>,
    errors: FormErrors,
    reply: String,
    note: String,
    recipient: String,
    identity: Option<String>,
}

/// A text as lines, for paragraphs without inline style.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

fn size_text(lang: Lang, bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let (value, key) = match bytes {
        b if b < 1024 => return lang.t_args("staff-report-size-bytes", &[("n", b.to_string())]),
        b if b < 1024 * 1024 => (b as f64 / 1024.0, "staff-report-size-kib"),
        b => (b as f64 / (1024.0 * 1024.0), "staff-report-size-mib"),
    };
    let mut n = format!("{value:.1}");
    if lang == Lang::Fr {
        n = n.replace('.', ",");
    }
    lang.t_args(key, &[("n", n)])
}

fn removed_text(lang: Lang, removed: &[String]) -> String {
    removed
        .iter()
        .map(|r| {
            let key = format!("staff-report-removed-{r}");
            let t = lang.t(&key);
            if t == key { r.clone() } else { t }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn message_lines(lang: Lang, dir: &Directory, list: &[Message]) -> Vec<MessageLine> {
    list.iter()
        .map(|m| MessageLine {
            from_reporter: m.from_reporter,
            author: if m.from_reporter {
                lang.t("staff-report-from-reporter")
            } else {
                m.author
                    .map(|a| dir.user(a))
                    .unwrap_or_else(|| lang.t("staff-report-from-team"))
            },
            day: m.day.clone(),
            lines: lines(&m.text),
        })
        .collect()
}

fn file_lines(
    lang: Lang,
    id: ReportId,
    files: &[(PartId, FileMeta)],
    blobs: &[vigie_store::BlobRef],
) -> Vec<FileLine> {
    files
        .iter()
        .map(|(part, meta)| {
            let has = |variant: &str| blobs.iter().any(|b| b.part == *part && b.variant == variant);
            FileLine {
                name: meta.name.clone(),
                mime: meta.mime.clone(),
                size: size_text(lang, meta.size),
                removed: removed_text(lang, &meta.removed),
                flagged: meta.flagged,
                unchecked: meta.unchecked,
                may_contain_location: meta.may_contain_location,
                clean_href: has("clean")
                    .then(|| report_path(lang, id, &format!("/fichiers/{part}"))),
                original_action: has("original")
                    .then(|| report_path(lang, id, &format!("/fichiers/{part}/original"))),
            }
        })
        .collect()
}

fn body(
    state: &AppState,
    lang: Lang,
    dir: &Directory,
    view: &ReportView,
    blobs: &[vigie_store::BlobRef],
) -> Body {
    let c = &view.content;
    let r = &view.record;
    let none = || lang.t("staff-report-not-given");
    Body {
        lines: lines(&c.text),
        neighbourhood: c
            .neighbourhood
            .as_deref()
            .map(|n| {
                state
                    .app
                    .settings()
                    .areas
                    .neighbourhood(n)
                    .map_or_else(|| n.to_owned(), |q| q.name.clone())
            })
            .unwrap_or_else(none),
        place: c.place.clone().unwrap_or_else(none),
        date: c.date.map_or_else(none, |d| match lang {
            Lang::Fr => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        }),
        ongoing: c.ongoing,
        time_of_day: c.time_of_day.clone().unwrap_or_else(none),
        danger: c.danger,
        consent: c.consent_forward,
        files: file_lines(lang, r.id, &view.files, blobs),
        messages: message_lines(lang, dir, &view.messages),
        notes: message_lines(lang, dir, &view.notes),
        statuses: ReportStatus::ALL
            .iter()
            .map(|s| Opt {
                value: s.as_str().to_owned(),
                label: status_name(lang, s.as_str()),
                selected: s.as_str() == r.status,
            })
            .collect(),
        labels: dir
            .labels
            .iter()
            .map(|(l, name)| Opt {
                value: l.to_string(),
                label: name.clone(),
                selected: view.labels.contains(l),
            })
            .collect(),
        handlers: dir
            .handlers
            .iter()
            .map(|(u, name)| Opt {
                value: u.to_string(),
                label: name.clone(),
                selected: r.assignee == Some(*u),
            })
            .collect(),
        grantees: dir
            .handlers
            .iter()
            .map(|(u, name)| Opt {
                value: u.to_string(),
                label: name.clone(),
                selected: false,
            })
            .collect(),
        teams: dir
            .teams
            .iter()
            .map(|(t, name)| Opt {
                value: t.to_string(),
                label: name.clone(),
                selected: false,
            })
            .collect(),
    }
}

/// Who holds the identity key of a report, from its slots (for the custodian's view).
async fn identity_holders(state: &AppState, id: ReportId) -> Result<Vec<UserId>, AppError> {
    Ok(state
        .app
        .store()
        .report_slots(id, vigie_vault::Audience::Identity.as_str())
        .await?
        .iter()
        .filter_map(|s| s.holder.strip_prefix("user:")?.parse().ok())
        .collect())
}

/// Renders report `id`'s page for `staff` with `status`: decrypted (and audited) for a handler in
/// its audience; the clear row and the identity forms only for a custodian who is not.
pub(super) async fn show(
    state: &AppState,
    staff: &Staff,
    id: ReportId,
    extra: Extra,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let roles = staff.principal.roles;
    let custodian = roles.contains(Role::Custodian);
    let dir = match Directory::load(state).await {
        Ok(d) => d,
        Err(e) => return internal(lang, "report names failed", &e),
    };
    let view = if roles.contains(Role::Handler) || !custodian {
        let secret = match staff.session.secret() {
            Ok(s) => s,
            Err(e) => return internal(lang, "session secret failed", &e),
        };
        match state.app.open_report(&staff.principal, &secret, id).await {
            Ok(v) => Some(v),
            Err(AppError::Denied(_)) if custodian => None,
            Err(e) => return app_error(state, lang, &e),
        }
    } else {
        None
    };
    let (record, body, holders, has_identity): (ReportRecord, Option<Body>, Vec<UserId>, bool) =
        match view {
            Some(v) => {
                let blobs = match state.app.store().report_blobs(id).await {
                    Ok(b) => b,
                    Err(e) => return internal(lang, "report files failed", &e),
                };
                let b = body(state, lang, &dir, &v, &blobs);
                (v.record, Some(b), v.identity_holders, v.has_identity)
            }
            None => {
                let record = match state.app.store().report(id).await {
                    Ok(Some(r)) => r,
                    Ok(None) => return app_error(state, lang, &AppError::NoReport),
                    Err(e) => return internal(lang, "report read failed", &e),
                };
                let holders = match identity_holders(state, id).await {
                    Ok(h) => h,
                    Err(e) => return app_error(state, lang, &e),
                };
                let has = !holders.is_empty();
                (record, None, holders, has)
            }
        };
    let me = staff.principal.id;
    let heading = lang.t_args(
        "staff-report-heading",
        &[("number", record.number.to_string())],
    );
    let StaffPage { ctx, nav } = staff_page(
        state,
        staff,
        "staff-report-title",
        &format!("/espace/signalements/{id}"),
    );
    let mut ctx = ctx;
    ctx.title = heading.clone();
    let page = ReportPage {
        ctx,
        nav,
        csrf: csrf::issue(state, &purpose(id), &staff.session.csrf_binding()),
        base: report_path(lang, id, ""),
        heading,
        category: category_name(lang, &record.category),
        district: district_name(state, &record.district),
        status: status_name(lang, &record.status),
        received_day: record.received_day.clone(),
        team: dir.team(record.team),
        assignee: record
            .assignee
            .map_or_else(|| lang.t("staff-report-nobody"), |u| dir.user(u)),
        body,
        has_identity,
        can_read_identity: has_identity && (custodian || holders.contains(&me)),
        can_grant_identity: has_identity && custodian,
        identity_holders: holders
            .iter()
            .map(|u| dir.user(*u))
            .collect::<Vec<_>>()
            .join(", "),
        identity_grantees: dir
            .handlers
            .iter()
            .filter(|(u, _)| !holders.contains(u))
            .map(|(u, name)| Opt {
                value: u.to_string(),
                label: name.clone(),
                selected: false,
            })
            .collect(),
        message: extra.message,
        errors: extra.errors,
        reply: extra.reply,
        note: extra.note,
        recipient: extra.recipient,
        identity: extra.identity,
    };
    render(&page, status, lang)
}

/// A report id from the path; anything else is a 404.
pub(super) fn parse_id(state: &AppState, lang: Lang, raw: &str) -> Result<ReportId, Response> {
    raw.parse::<ReportId>().map_err(|_| {
        PageError::not_found(lang)
            .with_config(&state.web)
            .into_response()
    })
}

/// `GET /espace/signalements/{id}`.
pub async fn report(
    State(state): State<AppState>,
    staff: Staff,
    Path(raw): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = staff.lang;
    let id = match parse_id(&state, lang, &raw) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let key = match field(&pairs, "fait") {
        "reponse" => Some("staff-report-done-reply"),
        "note" => Some("staff-report-done-note"),
        "statut" => Some("staff-report-done-status"),
        "etiquettes" => Some("staff-report-done-labels"),
        "attribution" => Some("staff-report-done-assign"),
        "acces" => Some("staff-report-done-grant"),
        "identite" => Some("staff-report-done-identity-grant"),
        _ => None,
    };
    let extra = Extra {
        message: key.map(|k| lang.t(k)),
        ..Extra::default()
    };
    show(&state, &staff, id, extra, StatusCode::OK).await
}
