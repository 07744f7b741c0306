//! Administration: the audit log (list, filter, verify, checkpoint).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use vigie_domain::{Action, AuditActor, AuditKind, Resource};
use vigie_store::AuditFilter;

use super::CheckpointForm;
use crate::session::Staff;
use crate::staff::kit::{OrPage, PageResult, Post};
use crate::staff::{StaffPage, render, require, staff_page, staff_template};
use crate::state::AppState;

/// Entries per page of the audit log.
const PAGE_SIZE: i64 = 100;

/// One row of the audit table, ready to show.
pub struct AuditRow {
    seq: i64,
    day: String,
    time: String,
    actor: String,
    kind: String,
    object: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "staff/audit_log.html")]
struct AuditLogPage {
    page: StaffPage,
    rows: Vec<AuditRow>,
    kinds: Vec<(String, String, bool)>,
    q: AuditQuery,
    verdict: String,
    verified: bool,
    older: Option<String>,
    signed: bool,
}

staff_template!(AuditLogPage);

/// Filters of the audit page (a GET form).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    kind: String,
    actor: String,
    from: String,
    to: String,
    avant: Option<i64>,
    signe: Option<String>,
}

fn valid_day(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Stored references (`staff:<id>`, `user:<id>`, `team:<id>`) and the names an admin knows them by.
struct Names(HashMap<String, String>);

impl Names {
    async fn load(state: &AppState) -> Result<Names, vigie_app::AppError> {
        let names = state.app.staff_names().await?;
        let mut map = HashMap::new();
        for (id, name) in names.users() {
            map.insert(format!("staff:{id}"), name.to_owned());
            map.insert(format!("user:{id}"), name.to_owned());
        }
        for (id, name) in &names.teams {
            map.insert(format!("team:{id}"), name.clone());
        }
        Ok(Names(map))
    }

    /// A reference as shown: the name when known, the stored text otherwise (a deleted item).
    fn show(&self, stored: &str) -> String {
        self.0
            .get(stored)
            .cloned()
            .unwrap_or_else(|| stored.to_owned())
    }

    /// The stored actor for what an admin typed in the filter: a user name, or the stored form.
    fn actor_filter(&self, typed: &str) -> String {
        let typed = typed.trim();
        self.0
            .iter()
            .find(|(k, v)| k.starts_with("staff:") && v.as_str() == typed)
            .map_or_else(|| typed.to_owned(), |(k, _)| k.clone())
    }

    fn actor(&self, lang: crate::Lang, stored: &str) -> String {
        match stored {
            "unknown" => lang.t("staff-audit-actor-unknown"),
            "reporter" => lang.t("staff-audit-actor-reporter"),
            "cli" => lang.t("staff-audit-actor-cli"),
            "system" => lang.t("staff-audit-actor-system"),
            other => self.show(other),
        }
    }
}

/// `GET /espace/admin/journal`.
pub async fn audit_log(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    let lang = staff.lang;
    require(&state, &staff, Action::ReadAuditLog, &Resource::Instance).await?;
    let names = Names::load(&state).await.or_page(&state, lang)?;
    let kind = q.kind.parse::<AuditKind>().ok();
    let filter = AuditFilter {
        kind: kind.map(|k| k.as_str().to_owned()),
        actor: Some(q.actor.trim())
            .filter(|a| !a.is_empty() && a.len() <= 64)
            .map(|a| names.actor_filter(a)),
        day_from: Some(q.from.clone()).filter(|d| valid_day(d)),
        day_to: Some(q.to.clone()).filter(|d| valid_day(d)),
        before_seq: q.avant.filter(|s| *s > 0),
        limit: PAGE_SIZE,
    };
    let entries = state
        .app
        .audit_entries(&filter)
        .await
        .or_page(&state, lang)?;
    let verdict = state.app.verify_audit().await.or_page(&state, lang)?;
    let (verdict, verified) = verdict_line(lang, &verdict);
    let older = older_link(lang, &q, &entries);
    let rows = entries
        .into_iter()
        .map(|e| audit_row(lang, &names, e))
        .collect();
    let kinds = AuditKind::ALL
        .iter()
        .map(|k| {
            (
                k.as_str().to_owned(),
                lang.audit_kind_name(*k),
                Some(*k) == kind,
            )
        })
        .collect();
    let page = AuditLogPage {
        page: staff_page(&state, &staff, "staff-audit-title", "/espace/admin/journal")
            .with_form::<CheckpointForm>(&state, &staff, &()),
        rows,
        kinds,
        signed: q.signe.is_some(),
        q,
        verdict,
        verified,
        older,
    };
    Ok(render(&page, StatusCode::OK, lang))
}

/// What the chain check found, in words, and whether the chain holds.
fn verdict_line(
    lang: crate::Lang,
    verdict: &Result<vigie_vault::ChainReport, vigie_app::AuditProblem>,
) -> (String, bool) {
    match verdict {
        Ok(r) => (
            lang.t_args(
                "staff-audit-verified",
                &[
                    ("entries", r.entries.to_string()),
                    ("checkpoints", r.checkpoints.to_string()),
                ],
            ),
            true,
        ),
        Err(e) => (
            format!(
                "{} ({e})",
                lang.t_args("staff-audit-verify-failed", &[("seq", chain_seq(e))])
            ),
            false,
        ),
    }
}

/// The link to the older entries, with the same filters, when this page is full.
fn older_link(
    lang: crate::Lang,
    q: &AuditQuery,
    entries: &[vigie_domain::AuditRecord],
) -> Option<String> {
    let seq = entries.last().map(|e| e.seq)?;
    if entries.len() as i64 != PAGE_SIZE {
        return None;
    }
    let mut params = vec![("avant".to_owned(), seq.to_string())];
    for (k, v) in [
        ("kind", &q.kind),
        ("actor", &q.actor),
        ("from", &q.from),
        ("to", &q.to),
    ] {
        if !v.is_empty() {
            params.push((k.to_owned(), v.clone()));
        }
    }
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
    Some(format!(
        "{}?{}",
        lang.path("/espace/admin/journal"),
        query.join("&")
    ))
}

/// One entry as a row of the table: its time in Paris (or "day only"), names instead of ids.
fn audit_row(lang: crate::Lang, names: &Names, e: vigie_domain::AuditRecord) -> AuditRow {
    AuditRow {
        seq: e.seq,
        time: e
            .at
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|t| {
                t.with_timezone(&chrono_tz::Europe::Paris)
                    .format("%H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|| lang.t("staff-audit-day-only")),
        day: e.day,
        actor: names.actor(lang, &e.actor),
        kind: e
            .kind
            .parse::<AuditKind>()
            .map(|k| lang.audit_kind_name(k))
            .unwrap_or(e.kind),
        object: names.show(&e.object),
        detail: names.show(&e.detail),
    }
}

/// The entry number a chain error names, for the message.
fn chain_seq(e: &vigie_app::AuditProblem) -> String {
    let text = e.to_string();
    text.split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .unwrap_or("?")
        .to_owned()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// `POST /espace/admin/journal/point-de-controle`.
pub async fn audit_checkpoint(post: Post<CheckpointForm>) -> PageResult {
    let (state, staff, _, _) = post.parts();
    let lang = staff.lang;
    state
        .app
        .checkpoint(AuditActor::Staff(staff.principal.id))
        .await
        .or_page(&state, lang)?;
    Ok(Redirect::to(&lang.path("/espace/admin/journal?signe=1")).into_response())
}
