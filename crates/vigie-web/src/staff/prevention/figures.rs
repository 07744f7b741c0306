//! The public prevention figures, prepared and published by the coordinators
//! (`/espace/prevention/chiffres`): the releases already published (linked to their public page), a
//! preview of a period's figures exactly as they would be published (small cells suppressed,
//! through the observatory's disclosure control), and the form that publishes it
//! (`POST /espace/prevention/chiffres/publier`, `PublishPreventionFigures`, audited).

use askama::Template;
use chrono::Datelike;
use vigie_domain::prevention::Period;

use super::{FiguresGate, PreventionDone, area, area_path};
use crate::observatory::figures::Figure;
use crate::observatory::prevention::{figures, period_label};
use crate::observatory::text::value;
use crate::staff::kit::{Landed, PageResult, Post, Showing, View, answer, field, token};
use crate::staff::{StaffPage, staff_template};

/// A published release, linked to its public page.
pub(crate) struct Published {
    label: String,
    href: String,
    day: String,
}

#[derive(Template)]
#[template(path = "staff/prevention/figures.html")]
struct FiguresPage {
    page: StaffPage,
    period: String,
    period_label: String,
    headline: String,
    k: u32,
    preview: Vec<Figure>,
    published: Vec<Published>,
}

staff_template!(FiguresPage);

/// The last quarter that is over.
fn last_quarter(today: chrono::NaiveDate) -> Period {
    let q = (today.month0() / 3) as u8;
    if q == 0 {
        Period::Quarter(today.year() - 1, 4)
    } else {
        Period::Quarter(today.year(), q)
    }
}

/// The page previewing `period`, with a notice or the publishing form's refusal.
async fn show(at: Showing<'_>, period: Period) -> PageResult {
    let (state, staff, lang) = (at.state, at.staff, at.lang());
    let preview = at
        .ask(async |app, who| app.preview_prevention_figures(who, period).await)
        .await?;
    let releases = at
        .ask(async |app, _| app.prevention_releases().await)
        .await?;
    let published = releases
        .into_iter()
        .map(|r| Published {
            label: period_label(lang, r.figures.period),
            href: format!(
                "{}?periode={}",
                lang.path("/observatoire/prevention"),
                r.figures.period
            ),
            day: r.published_day,
        })
        .collect();
    let mut page = at.staff_page("staff-prev-figures-title", &area("/chiffres"));
    page.csrf = token::<FiguresGate>(state, staff, &());
    let page = FiguresPage {
        page,
        period: period.to_string(),
        period_label: period_label(lang, period),
        headline: lang.t_args(
            "obs-prev-headline",
            &[("count", value(lang, preview.young_people(), preview.k))],
        ),
        k: preview.k,
        preview: figures(state, lang, &preview),
        published,
    };
    Ok(at.render(&page))
}

/// `GET /espace/prevention/chiffres[?periode=2025-Q3]`: the last quarter that is over by default;
/// 400 for a period that is not one.
pub async fn page(view: View<super::PreventionGate>) -> PageResult {
    let (state, lang) = (&view.state, view.staff.lang);
    let today = vigie_domain::time::paris_day(state.app.clock().now());
    let period = match field(view.query(), "periode").trim() {
        "" => last_quarter(today),
        p => p.parse::<Period>().map_err(|_| {
            crate::PageError::bad_request(lang, "staff-prev-figures-bad-period")
                .with_config(&state.web)
        })?,
    };
    show(view.showing::<PreventionDone>(), period).await
}

/// `POST /espace/prevention/chiffres/publier`: publishes a period that is over.
pub async fn publish(post: Post<FiguresGate>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    let lang = staff.lang;
    let today = vigie_domain::time::paris_day(state.app.clock().now());
    let (period, result) = match field(&form, "periode").parse::<Period>() {
        Ok(p) => (
            p,
            state
                .app
                .publish_prevention_figures(&staff.principal, p)
                .await
                .map(|_| PreventionDone::FiguresPublished),
        ),
        Err(_) => (
            last_quarter(today),
            Err(vigie_app::AppError::Invalid(
                lang.t("staff-prev-figures-bad-period"),
            )),
        ),
    };
    let to = area_path(lang, "/chiffres");
    answer((&state, &staff), (period, result, &to), show).await
}
