//! Publication (`/espace/observatoire/publier`): the next edition (a finished month after the latest
//! edition's) and corrections (a month of the latest edition, with a public changelog line). The app
//! applies disclosure control, stores the immutable snapshot and writes the audit log
//! (`edition_published`). Success redirects to this page with the result; a refusal comes back in
//! words, beside its form.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vigie_app::AppError;
use vigie_app::observatory::{MAX_CHANGELOG_CHARS, PublishError};
use vigie_domain::observatory::Month;
use vigie_domain::observatory::disclosure::DisclosureError;

use super::{
    LatestView, PublishForm, current_month, latest_view, month_label, next_publishable, obs_path,
    public_path, staff_template,
};
use crate::Lang;
use crate::session::Staff;
use crate::staff::kit::{OrPage, PageResult, Pairs, Post, View, field};
use crate::staff::{Opt, StaffPage, render, staff_page};
use crate::state::AppState;
use vigie_domain::observatory::normalize_month;

/// Most months offered in the list (older ones are published with them: an edition releases every
/// month since the previous one).
const MAX_CHOICES: usize = 24;

/// What was published, shown after the redirect.
pub struct Outcome {
    edition: String,
    correction: bool,
    cells: String,
    public_href: String,
}

#[derive(Template)]
#[template(path = "staff/observatory/publish.html")]
struct PublishPage {
    page: StaffPage,
    rules: String,
    noise: Option<String>,
    latest: Option<LatestView>,
    public_href: String,
    months: Vec<Opt>,
    waiting: Option<String>,
    publish_error: Option<String>,
    covered: Vec<Opt>,
    changelog: String,
    correction_error: Option<String>,
    outcome: Option<Outcome>,
}

staff_template!(PublishPage);

/// A refusal in words.
fn publish_message(lang: Lang, e: &PublishError) -> String {
    let month = |m: &Month| ("month", month_label(lang, *m));
    match e {
        PublishError::PeriodNotOver(m) => {
            lang.t_args("staff-obs-publish-error-not-over", &[month(m)])
        }
        PublishError::AlreadyPublished(m, id) => lang.t_args(
            "staff-obs-publish-error-already",
            &[month(m), ("edition", id.clone())],
        ),
        PublishError::ChangelogRequired => lang.t("staff-obs-publish-error-changelog"),
        PublishError::ChangelogTooLong => lang.t("staff-obs-publish-error-changelog-long"),
        PublishError::NothingToCorrect => lang.t("staff-obs-publish-error-nothing-to-correct"),
        PublishError::NotCovered(m) => {
            lang.t_args("staff-obs-publish-error-not-covered", &[month(m)])
        }
        PublishError::NothingToPublish => lang.t("staff-obs-publish-error-nothing"),
        PublishError::Concurrent => lang.t("staff-obs-publish-error-concurrent"),
        PublishError::Disclosure(d) => match d {
            DisclosureError::AuditFailed(r) => lang.t_args(
                "staff-obs-publish-error-audit",
                &[("cells", r.failures.len().to_string())],
            ),
            DisclosureError::BadRules(detail) => lang.t_args(
                "staff-obs-publish-error-rules",
                &[("detail", (*detail).to_owned())],
            ),
            DisclosureError::BadInput(detail) => lang.t_args(
                "staff-obs-publish-error-input",
                &[("detail", detail.clone())],
            ),
            DisclosureError::BadCorrection(detail) => lang.t_args(
                "staff-obs-publish-error-correction",
                &[("detail", (*detail).to_owned())],
            ),
        },
    }
}

/// What the page shows besides the forms.
#[derive(Default)]
struct Shown {
    publish_error: Option<String>,
    correction_error: Option<String>,
    changelog: String,
    outcome: Option<Outcome>,
}

async fn page(state: &AppState, staff: &Staff, shown: Shown, status: StatusCode) -> PageResult {
    let lang = staff.lang;
    let latest = state.app.latest_edition().await.or_page(state, lang)?;
    let latest_summary = latest_view(state, lang)
        .await
        .or_page(state, lang)?
        .map(|(v, _)| v);
    let next = next_publishable(state, latest.as_ref().map(|e| e.period))
        .await
        .or_page(state, lang)?;
    let last_finished = current_month(state).previous();
    let (months, waiting) = match next {
        Some(Ok(first)) => {
            let mut all: Vec<Month> = first.through(last_finished).collect();
            all.reverse();
            all.truncate(MAX_CHOICES);
            // The month after the latest edition first in mind, but offered newest first.
            let months = all
                .iter()
                .map(|m| Opt {
                    value: m.to_string(),
                    label: month_label(lang, *m),
                    selected: *m == first,
                })
                .collect();
            (months, None)
        }
        Some(Err(m)) => (
            Vec::new(),
            Some(lang.t_args("staff-obs-next-wait", &[("month", month_label(lang, m))])),
        ),
        None => (Vec::new(), Some(lang.t("staff-obs-next-nothing"))),
    };
    let covered = latest
        .as_ref()
        .map(|e| {
            e.months
                .iter()
                .rev()
                .map(|r| Opt {
                    value: r.month.to_string(),
                    label: month_label(lang, r.month),
                    selected: false,
                })
                .collect()
        })
        .unwrap_or_default();
    let rules = state.app.settings().observatory;
    let page = PublishPage {
        page: staff_page(
            state,
            staff,
            "staff-obs-publish-title",
            "/espace/observatoire/publier",
        )
        .with_form::<PublishForm>(state, staff, &()),
        rules: lang.t_args("staff-obs-publish-rules", &[("k", rules.k.to_string())]),
        noise: rules
            .epsilon
            .map(|e| lang.t_args("staff-obs-publish-noise", &[("epsilon", e.to_string())])),
        latest: latest_summary,
        public_href: public_path(lang),
        months,
        waiting,
        publish_error: shown.publish_error,
        covered,
        changelog: shown.changelog,
        correction_error: shown.correction_error,
        outcome: shown.outcome,
    };
    Ok(render(&page, status, lang))
}

/// The result of a publication named in the query string (`edition`, and `mois` for a correction).
async fn outcome(state: &AppState, lang: Lang, pairs: &Pairs) -> Result<Option<Outcome>, AppError> {
    let id = field(pairs, "edition");
    if id.is_empty() || id.len() > 32 {
        return Ok(None);
    }
    let Some(edition) = state.app.edition(id).await? else {
        return Ok(None);
    };
    let corrected = field(pairs, "mois").parse::<Month>().ok();
    let month = corrected.unwrap_or(edition.period);
    let cells = edition.month(month).map(|r| {
        let suppressed = r.cells.iter().filter(|c| c.suppressed).count();
        lang.t_args(
            "staff-obs-published-cells",
            &[
                ("month", month_label(lang, month)),
                ("suppressed", suppressed.to_string()),
                ("cells", r.cells.len().to_string()),
            ],
        )
    });
    Ok(Some(Outcome {
        edition: edition.id.clone(),
        correction: edition.changelog.is_some(),
        cells: cells.unwrap_or_default(),
        public_href: public_path(lang),
    }))
}

/// `GET /espace/observatoire/publier`.
pub async fn publish_page(view: View<PublishForm>) -> PageResult {
    let (state, staff, pairs) = view.parts();
    let lang = staff.lang;
    let shown = Shown {
        outcome: outcome(&state, lang, &pairs).await.or_page(&state, lang)?,
        ..Shown::default()
    };
    page(&state, &staff, shown, StatusCode::OK).await
}

/// The status of a refusal: 409 when the state changed under the analyst, 400 otherwise.
fn refusal_status(e: &PublishError) -> StatusCode {
    match e {
        PublishError::AlreadyPublished(..) | PublishError::Concurrent => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// The redirect after a publication: this page, naming the edition (and the corrected month).
fn published(lang: Lang, edition: &str, corrected: Option<Month>) -> PageResult {
    let query = match corrected {
        Some(m) => format!("?edition={edition}&mois={m}"),
        None => format!("?edition={edition}"),
    };
    Ok(Redirect::to(&obs_path(lang, &format!("/publier{query}"))).into_response())
}

/// `POST /espace/observatoire/publier`: publishes the edition of `month`.
pub async fn publish(post: Post<PublishForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
    let Ok(month) = normalize_month(field(&form, "month")).parse::<Month>() else {
        let shown = Shown {
            publish_error: Some(lang.t("staff-obs-publish-error-month")),
            ..Shown::default()
        };
        return page(&state, &staff, shown, StatusCode::BAD_REQUEST).await;
    };
    match state.app.publish_edition(&staff.principal, month).await {
        Ok(edition) => published(lang, &edition.id, None),
        Err(AppError::Publish(e)) => {
            let shown = Shown {
                publish_error: Some(publish_message(lang, &e)),
                ..Shown::default()
            };
            page(&state, &staff, shown, refusal_status(&e)).await
        }
        Err(e) => Err(e).or_page(&state, lang),
    }
}

/// `POST /espace/observatoire/publier/correction`: publishes a correction of `month` with the
/// one-line `changelog`.
pub async fn correction(post: Post<PublishForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let lang = staff.lang;
    // Kept to show again after a refusal, cut to what the field accepts.
    let changelog: String = field(&form, "changelog")
        .chars()
        .take(MAX_CHANGELOG_CHARS * 2)
        .collect();
    let Ok(month) = normalize_month(field(&form, "month")).parse::<Month>() else {
        let shown = Shown {
            correction_error: Some(lang.t("staff-obs-publish-error-month")),
            changelog,
            ..Shown::default()
        };
        return page(&state, &staff, shown, StatusCode::BAD_REQUEST).await;
    };
    match state
        .app
        .publish_correction(&staff.principal, month, &changelog)
        .await
    {
        Ok(edition) => published(lang, &edition.id, Some(month)),
        Err(AppError::Publish(e)) => {
            let shown = Shown {
                correction_error: Some(publish_message(lang, &e)),
                changelog,
                ..Shown::default()
            };
            page(&state, &staff, shown, refusal_status(&e)).await
        }
        Err(e) => Err(e).or_page(&state, lang),
    }
}
