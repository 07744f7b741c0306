//! An entry's page (`/espace/accompagnement/partenaires/{id}`): every field, sealed ones opened
//! (the app audits it), the partner account it belongs to and the charter that account accepted,
//! and the forms to edit, deactivate or reactivate it.

use askama::Template;
use vigie_app::AppError;
use vigie_domain::PartnerId;

use super::{ALTERED, EntryForm, PartnerDone, PartnerShown, entry_path, shown};
use crate::PageError;
use crate::staff::kit::{ItemPage, Landed, PageResult, Post, done, record_error};
use crate::staff::{StaffPage, staff_template};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "staff/partners/entry.html")]
struct EntryPage {
    page: StaffPage,
    entry: PartnerShown,
    account: Option<String>,
    charter: Option<String>,
    edit_href: String,
    toggle_action: String,
}

staff_template!(EntryPage);

/// The page for an error of the app; a row altered outside vigie says so (and is logged).
pub(in crate::staff) fn entry_error(state: &AppState, lang: crate::Lang, e: AppError) -> PageError {
    record_error(state, lang, e, Some(ALTERED))
}

/// `GET /espace/accompagnement/partenaires/{id}`.
pub async fn page(page: ItemPage<PartnerId>) -> PageResult {
    let (at, id) = (page.showing::<PartnerDone>(), page.id);
    let (state, lang) = (at.state, at.lang());
    let view = at
        .record(
            async |app, who| app.partner_entry(who, id).await,
            Some(ALTERED),
        )
        .await?;
    let charter = view.charter.as_ref().map(|(version, day)| {
        lang.t_args(
            "staff-partner-charter-accepted",
            &[("version", version.to_string()), ("day", day.clone())],
        )
    });
    let active = view.entry.clear.active;
    let path = format!("{}/{id}", super::DIRECTORY);
    let page = EntryPage {
        page: at.item_page::<EntryForm>((&id, &path), view.entry.details.name.clone()),
        entry: shown(state, lang, &view.entry, true),
        account: view.account_name,
        charter,
        edit_href: entry_path(lang, id, "/modifier"),
        toggle_action: entry_path(lang, id, if active { "/desactiver" } else { "/reactiver" }),
    };
    Ok(at.render(&page))
}

/// `POST …/{id}/desactiver`: the entry is no longer proposed (it stays, for the history).
pub async fn deactivate(post: Post<EntryForm>) -> PageResult {
    set_active(post, false).await
}

/// `POST …/{id}/reactiver`.
pub async fn reactivate(post: Post<EntryForm>) -> PageResult {
    set_active(post, true).await
}

async fn set_active(post: Post<EntryForm>, active: bool) -> PageResult {
    let (state, staff, id, _) = post.parts();
    let lang = staff.lang;
    state
        .app
        .set_partner_active(&staff.principal, id, active)
        .await
        .map_err(|e| entry_error(&state, lang, e))?;
    let what = if active {
        PartnerDone::Reactivated
    } else {
        PartnerDone::Deactivated
    };
    Ok(done(&entry_path(lang, id, ""), what))
}
