//! The partner's own space (`/espace/partenaire`): the charter (`/charte`), which a partner account
//! accepts at its first sign-in and after each new version before any other staff page opens
//! (`session::Staff` sends it here until then), and the home page: the partner's own directory entry
//! and the referrals they received.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use vigie_domain::Resource;
use vigie_domain::partner::CHARTER_VERSION;

use super::kit::{Gate, Landed, OrPage, PageResult, Pairs, View, done, field, gate};
use super::outcomes::CharterDone;
use super::partners::{PartnerShown, shown};
use super::{StaffPage, check_post, render, require, staff_page, staff_template};
use crate::session::{CHARTER_PATH, Staff, StaffBeforeCharter};
use crate::state::AppState;

gate!(
    /// The charter's acceptance, and the partner's pages.
    CharterForm: (), UsePartnerSpace, |()| "charter";
);

/// The partner's home.
const HOME: &str = "/espace/partenaire";

#[derive(Template)]
#[template(path = "staff/partner_home.html")]
struct HomePage {
    page: StaffPage,
    entry: Option<PartnerShown>,
    charter: String,
    charter_href: String,
    referrals: Vec<(String, String)>,
    all_referrals: String,
}

staff_template!(HomePage);

/// `GET /espace/partenaire`: the partner's entry (its opening audited) and the referrals received.
pub async fn home(view: View<CharterForm>) -> PageResult {
    let at = view.showing::<CharterDone>();
    let (state, staff, lang) = (at.state, at.staff, at.lang());
    let entry = state
        .app
        .own_partner_entry(&staff.principal)
        .await
        .map_err(|e| super::partners::entry_error(state, lang, e))?;
    let referrals = at
        .ask(async |app, who| app.referrals_received(who).await)
        .await?;
    let charter = at
        .ask(async |app, who| app.charter_status(who.id).await)
        .await?
        .map(|(version, day)| {
            lang.t_args(
                "staff-charter-accepted-on",
                &[("version", version.to_string()), ("day", day)],
            )
        })
        .unwrap_or_default();
    let page = HomePage {
        page: at.staff_page("staff-partner-home-title", HOME),
        entry: entry.as_ref().map(|e| shown(state, lang, e, false)),
        charter,
        charter_href: lang.path(CHARTER_PATH),
        referrals: referrals
            .into_iter()
            .map(|r| {
                (
                    lang.path(&format!("/espace/partenaire/orientations/{}", r.id)),
                    r.day,
                )
            })
            .collect(),
        all_referrals: lang.path("/espace/partenaire/orientations"),
    };
    Ok(at.render(&page))
}

#[derive(Template)]
#[template(path = "staff/charter.html")]
struct CharterPage {
    page: StaffPage,
    version: u32,
    /// The day this account accepted the current version, if it did.
    accepted: Option<String>,
    action: String,
    home_href: String,
}

staff_template!(CharterPage);

/// `GET /espace/partenaire/charte`: the charter, with its acceptance form until it is accepted.
pub async fn charter(
    State(state): State<AppState>,
    StaffBeforeCharter(staff): StaffBeforeCharter,
) -> PageResult {
    require(&state, &staff, CharterForm::ACTION, &Resource::Instance).await?;
    charter_page(&state, &staff).await
}

async fn charter_page(state: &AppState, staff: &Staff) -> PageResult {
    let lang = staff.lang;
    let accepted = state
        .app
        .charter_status(staff.principal.id)
        .await
        .or_page(state, lang)?
        .filter(|(version, _)| *version >= CHARTER_VERSION)
        .map(|(_, day)| day);
    let page = CharterPage {
        page: staff_page(state, staff, "staff-charter-title", CHARTER_PATH)
            .with_form::<CharterForm>(state, staff, &()),
        version: CHARTER_VERSION,
        accepted,
        action: lang.path(CHARTER_PATH),
        home_href: lang.path(HOME),
    };
    Ok(render(&page, StatusCode::OK, lang))
}

/// `POST /espace/partenaire/charte`: the partner accepts the current version (the day is stored,
/// and the acceptance audited), then reaches their home.
pub async fn accept(
    State(state): State<AppState>,
    StaffBeforeCharter(staff): StaffBeforeCharter,
    Form(form): Form<Pairs>,
) -> PageResult {
    let token = field(&form, crate::csrf::CSRF_FIELD);
    let purpose = CharterForm::purpose(&());
    check_post(
        &state,
        &staff,
        token,
        &purpose,
        CharterForm::ACTION,
        &Resource::Instance,
    )
    .await?;
    state
        .app
        .accept_charter(&staff.principal)
        .await
        .or_page(&state, staff.lang)?;
    Ok(done(&staff.lang.path(HOME), CharterDone::Accepted))
}
