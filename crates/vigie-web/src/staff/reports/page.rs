//! A report's page: its content, files, conversation, notes, and the forms that act on it.
//!
//! Opening it decrypts the report for the reader: the app checks the policy and writes the audit log
//! (`decrypted`). A custodian who is not a handler sees only the report's clear row and the identity
//! forms: never its content.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::reports::{FileMeta, Message, Reader, ReportView};
use vigie_app::staff_views::StaffNames;
use vigie_domain::report::ReportStatus;
use vigie_domain::{PartId, ReportId, Role, UserId};
use vigie_store::ReportRecord;

use super::link::{self, LinkShown};
use super::qualify::{QualifySection, QualifyTyped, ReportHint, section};
use super::{ReportDone, ReportForm, district_name, report_path};
use crate::session::Staff;
use crate::staff::kit::{ItemPage, Landed, OrPage, PageResult, internal};
use crate::staff::words::word;
use crate::staff::{Opt, StaffPage, item_page, render, staff_template};
use crate::state::AppState;
use crate::{Lang, PageError};

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
    pub qualify: Option<QualifyTyped>,
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
    pub link: Option<String>,
}

/// A file as listed.
pub struct FileLine {
    /// Its place among the report's files, from 1: downloads are named `piece-N.EXT`.
    number: usize,
    /// The reporter's name for it: shown as text, never used as a download name.
    name: String,
    mime: String,
    size: String,
    removed: String,
    flagged: bool,
    unchecked: bool,
    may_contain_location: bool,
    /// No clean copy: only the original, through the audited action, with a warning.
    no_clean_copy: bool,
    clean_href: Option<String>,
    original_action: Option<String>,
}

/// A message of the conversation, or a note.
pub(crate) struct MessageLine {
    /// Written by the reporter (or the person asking for help), not the team.
    pub from_reporter: bool,
    /// Who wrote it, as shown.
    pub author: String,
    /// The day it was written.
    pub day: String,
    /// Its text, line by line.
    pub lines: Vec<String>,
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
    /// Persons and other teams reading the report, each with a "revoke" button.
    readers: Vec<Opt>,
    /// The reporter's request to be put in touch with the casework team.
    link: Option<LinkShown>,
}

#[derive(Template)]
#[template(path = "staff/report.html")]
struct ReportPage {
    page: StaffPage,
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
    qualify: Option<QualifySection>,
}

staff_template!(ReportPage);

/// A text as lines, for paragraphs without inline style.
pub(crate) fn lines(text: &str) -> Vec<String> {
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

pub(crate) fn message_lines(lang: Lang, dir: &StaffNames, list: &[Message]) -> Vec<MessageLine> {
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
        .enumerate()
        .map(|(index, (part, meta))| {
            let has = |variant: &str| {
                blobs
                    .iter()
                    .any(|b| b.part == *part && b.variant == variant)
            };
            // Only a copy vigie cleaned is offered as a link. A file it could not clean was kept
            // as it came (once under the "clean" name: that copy is its original).
            let safe = meta.has_clean_copy();
            let original = has("original") || (!safe && has("clean"));
            FileLine {
                number: index + 1,
                name: meta.name.clone(),
                mime: meta.mime.clone(),
                size: size_text(lang, meta.size),
                removed: removed_text(lang, &meta.removed),
                flagged: meta.flagged,
                unchecked: meta.unchecked,
                may_contain_location: meta.may_contain_location,
                no_clean_copy: !safe,
                clean_href: (safe && has("clean"))
                    .then(|| report_path(lang, id, &format!("/fichiers/{part}"))),
                original_action: original
                    .then(|| report_path(lang, id, &format!("/fichiers/{part}/original"))),
            }
        })
        .collect()
}

fn body(
    state: &AppState,
    lang: Lang,
    me: UserId,
    dir: &StaffNames,
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
            Lang::Fr | Lang::Ar => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        }),
        ongoing: c.ongoing,
        time_of_day: c.time_of_day.clone().unwrap_or_else(none),
        danger: c.danger,
        consent: c.consent_forward,
        link: view
            .help_link
            .as_ref()
            .map(|l| link::section(lang, r.id, l)),
        files: file_lines(lang, r.id, &view.files, blobs),
        messages: message_lines(lang, dir, &view.messages),
        notes: message_lines(lang, dir, &view.notes),
        statuses: Opt::worded(lang, ReportStatus::ALL, Some(r.status)),
        labels: dir
            .labels
            .iter()
            .map(|(l, name)| Opt {
                value: l.to_string(),
                label: name.clone(),
                selected: view.labels.contains(l),
            })
            .collect(),
        handlers: Opt::named(&dir.handlers, r.assignee),
        grantees: dir
            .handlers
            .iter()
            .filter(|(u, _)| *u != me)
            .map(|(u, name)| Opt {
                value: u.to_string(),
                label: name.clone(),
                selected: false,
            })
            .collect(),
        teams: Opt::named(&dir.teams, None),
        readers: view
            .readers
            .iter()
            .map(|reader| Opt {
                value: reader.to_string(),
                label: match reader {
                    Reader::User(u) => dir.user(*u),
                    Reader::Team(t) => {
                        lang.t_args("staff-report-reader-team", &[("team", dir.team(*t))])
                    }
                },
                selected: false,
            })
            .collect(),
    }
}

/// What a staff member sees of a report: the record, and for a reader in its audience the
/// decrypted body and what the "qualify" form starts from.
struct Opened {
    record: ReportRecord,
    body: Option<Body>,
    /// Who holds the identity's key.
    holders: Vec<UserId>,
    has_identity: bool,
    hint: Option<ReportHint>,
}

/// Opens report `id` for `staff`: decrypted (and audited) for a handler in its audience; the clear
/// row only, for a custodian who is not (the app refuses and audits any other).
async fn open(
    state: &AppState,
    staff: &Staff,
    id: ReportId,
    dir: &StaffNames,
) -> Result<Opened, PageError> {
    let lang = staff.lang;
    let roles = staff.principal.roles;
    let custodian = roles.contains(Role::Custodian);
    let view = if roles.contains(Role::Handler) || !custodian {
        let secret = staff
            .session
            .secret()
            .map_err(|e| internal(lang, "session secret failed", &e))?;
        match state.app.open_report(&staff.principal, &secret, id).await {
            Ok(v) => Some(v),
            Err(AppError::Denied(_)) if custodian => None,
            Err(e) => return Err(e).or_page(state, lang),
        }
    } else {
        None
    };
    Ok(match view {
        Some(v) => {
            let blobs = state.app.report_blobs(id).await.or_page(state, lang)?;
            let b = body(state, lang, staff.principal.id, dir, &v, &blobs);
            let hint = ReportHint {
                neighbourhood: v.content.neighbourhood.clone(),
                date: v.content.date,
            };
            Opened {
                record: v.record,
                body: Some(b),
                holders: v.identity_holders,
                has_identity: v.has_identity,
                hint: Some(hint),
            }
        }
        None => {
            // A custodian outside the report's audience: only a report whose identity key is
            // wrapped for them, and audited.
            let (record, holders) = state
                .app
                .custodian_view(&staff.principal, id)
                .await
                .or_page(state, lang)?;
            Opened {
                record,
                body: None,
                holders,
                has_identity: true,
                hint: None,
            }
        }
    })
}

/// Renders report `id`'s page for `staff` with `status`: decrypted (and audited) for a handler in
/// its audience; the clear row and the identity forms only for a custodian who is not.
pub(super) async fn show(
    state: &AppState,
    staff: &Staff,
    id: ReportId,
    extra: Extra,
    status: StatusCode,
) -> PageResult {
    let lang = staff.lang;
    let custodian = staff.principal.roles.contains(Role::Custodian);
    let dir = state.app.staff_names().await.or_page(state, lang)?;
    let Opened {
        record,
        body,
        holders,
        has_identity,
        hint,
    } = open(state, staff, id, &dir).await?;
    // The "qualify" form, for the handlers who read the report.
    let qualify = match &hint {
        Some(hint) => Some(
            section(state, staff, &record, hint, extra.qualify)
                .await
                .or_page(state, lang)?,
        ),
        None => None,
    };
    let me = staff.principal.id;
    let heading = lang.t_args(
        "staff-report-heading",
        &[("number", record.number.to_string())],
    );
    let path = format!("/espace/signalements/{id}");
    let page = ReportPage {
        page: item_page::<ReportForm>(state, staff, (&id, &path), heading.clone()),
        base: report_path(lang, id, ""),
        heading,
        category: word(lang, record.category),
        district: district_name(state, &record.district),
        status: word(lang, record.status),
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
        qualify,
    };
    Ok(render(&page, status, lang))
}

/// `GET /espace/signalements/{id}`.
pub async fn report(page: ItemPage<ReportId>) -> PageResult {
    let extra = Extra {
        message: page.notice::<ReportDone>(),
        ..Extra::default()
    };
    show(&page.state, &page.staff, page.id, extra, StatusCode::OK).await
}
