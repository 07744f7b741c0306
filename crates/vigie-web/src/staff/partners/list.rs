//! The directory's list (`GET /espace/accompagnement/partenaires`): every active entry by name,
//! filtered by kind, arrondissement and language, police-funded partners left out on request
//! (some families refuse them), deactivated ones shown on request. A row changed outside vigie is
//! listed first, flagged, without any detail.

use askama::Template;
use vigie_app::partners::PartnerListed;
use vigie_domain::partner::{Language, PartnerFilter, PartnerKind};

use super::{
    DIRECTORY, DirectoryForm, PartnerDone, PartnerShown, directory_path, entry_path, shown,
};
use crate::staff::kit::{Landed, PageResult, View, field};
use crate::staff::{Opt, StaffPage, staff_template};

/// One row of the list: an entry (with its page's address), or a row altered outside vigie.
pub struct PartnerRow {
    href: String,
    entry: Option<PartnerShown>,
}

#[derive(Template)]
#[template(path = "staff/partners/list.html")]
struct ListPage {
    page: StaffPage,
    rows: Vec<PartnerRow>,
    count: String,
    kinds: Vec<Opt>,
    districts: Vec<Opt>,
    languages: Vec<Opt>,
    without_police: bool,
    with_inactive: bool,
    new_href: String,
}

staff_template!(ListPage);

/// `GET /espace/accompagnement/partenaires`.
pub async fn list(view: View<DirectoryForm>) -> PageResult {
    let (at, pairs) = (view.showing::<PartnerDone>(), &view.query);
    let (state, lang) = (at.state, at.lang());
    let kind = field(pairs, "kind").parse::<PartnerKind>().ok();
    let district = state
        .app
        .settings()
        .areas
        .district(field(pairs, "district"))
        .map(|d| d.code.clone());
    let language = field(pairs, "language").parse::<Language>().ok();
    let filter = PartnerFilter {
        kind,
        district: district.clone(),
        language,
        without_police: !field(pairs, "no_police").is_empty(),
        with_inactive: !field(pairs, "inactive").is_empty(),
    };
    let found = at
        .ask(async |app, who| app.partner_directory(who, &filter).await)
        .await?;
    let rows: Vec<PartnerRow> = found
        .iter()
        .map(|l| match l {
            PartnerListed::Entry(e) => PartnerRow {
                href: entry_path(lang, e.id, ""),
                entry: Some(shown(state, lang, e, false)),
            },
            PartnerListed::Altered(id) => PartnerRow {
                href: entry_path(lang, *id, ""),
                entry: None,
            },
        })
        .collect();
    let page = ListPage {
        page: at.staff_page("staff-partners-title", DIRECTORY),
        count: lang.t_args("staff-partners-count", &[("count", rows.len().to_string())]),
        rows,
        kinds: Opt::worded(lang, PartnerKind::ALL, kind),
        districts: Opt::districts(state, district.as_deref()),
        languages: Opt::worded(lang, Language::ALL, language),
        without_police: filter.without_police,
        with_inactive: filter.with_inactive,
        new_href: directory_path(lang, "/nouveau"),
    };
    Ok(at.render(&page))
}
