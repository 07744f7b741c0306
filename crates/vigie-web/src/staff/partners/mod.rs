//! The partner directory (`/espace/accompagnement/partenaires`), for caseworkers and admins: the
//! list with its filters (`list`), an entry's page with its deactivation (`entry`), the add and
//! edit forms (`form`); here, their gates and names of codes. The partner's own
//! space (`/espace/partenaire`) shows an entry with [`shown`] too.
//!
//! Every page that shows names or contact details opens sealed records: the app audits it.

pub(super) mod entry;
pub(super) mod form;
pub(super) mod list;

pub(in crate::staff) use entry::entry_error;

use vigie_app::partners::PartnerEntry;
use vigie_domain::PartnerId;
use vigie_domain::partner::{Agreement, Language, PartnerKind};

use super::casework::code_names;
use super::kit::gate;
use super::outcomes::PartnerDone;
use crate::Lang;
use crate::staff::words::word;
use crate::staff::words::worded;
use crate::state::AppState;

gate!(
    /// The directory's list and its "new entry" form.
    DirectoryForm: (), ManagePartners, |()| "partners";

    /// The forms of an entry's page and its edit form: a token for one entry opens no other.
    EntryForm: PartnerId, ManagePartners, |id| format!("partner:{id}");
);

/// The directory's entries, as their forms flow ([`records`](super::records)).
pub(crate) struct Partners;

/// The hint of an entry's error page when its row was altered outside vigie.
pub(super) const ALTERED: &str = "staff-partner-altered";

/// The directory's address (French), under which every page of this module lives.
pub(super) const DIRECTORY: &str = "/espace/accompagnement/partenaires";

/// The address of the directory, or of a page under it (`suffix` empty or starting with `/`).
fn directory_path(lang: Lang, suffix: &str) -> String {
    lang.path(&format!("{DIRECTORY}{suffix}"))
}

/// The address of entry `id`'s page, or of something under it.
pub(super) fn entry_path(lang: Lang, id: PartnerId, suffix: &str) -> String {
    directory_path(lang, &format!("/{id}{suffix}"))
}

// Each code enum of the area, in words (`crate::staff::words::word`).
worded!(
    PartnerKind => "staff-partner-kind",
    Agreement => "staff-partner-agreement",
    Language => "staff-partner-language",
);

/// Arrondissements' names, comma-separated (a code the instance does not know is shown as is).
pub(crate) fn area_names(state: &AppState, codes: &[String]) -> String {
    let areas = &state.app.settings().areas;
    codes
        .iter()
        .map(|c| {
            areas
                .district(c)
                .map_or_else(|| c.clone(), |d| d.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An entry as a page shows it, every field in words.
pub struct PartnerShown {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Speciality, or empty.
    pub speciality: String,
    /// Arrondissements.
    pub areas: String,
    /// Languages.
    pub languages: String,
    /// Open places, or "not said".
    pub capacity: String,
    /// Agreement.
    pub agreement: String,
    /// Police funded, yes or no.
    pub police: String,
    /// Active, or deactivated.
    pub active: bool,
    /// Phone, or empty.
    pub phone: String,
    /// E-mail, or empty.
    pub email: String,
    /// Address, or empty.
    pub address: String,
    /// The caseworkers' notes (never shown to the partner), or empty.
    pub notes: String,
}

/// `entry` in words; `with_notes` for the caseworkers (a partner never reads the notes about them).
pub(super) fn shown(
    state: &AppState,
    lang: Lang,
    entry: &PartnerEntry,
    with_notes: bool,
) -> PartnerShown {
    let (c, d) = (&entry.clear, &entry.details);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    PartnerShown {
        name: d.name.clone(),
        kind: word(lang, c.kind),
        speciality: text(&d.speciality),
        areas: area_names(state, &c.areas),
        languages: code_names(
            lang,
            "staff-partner-language",
            &c.languages,
            Language::as_str,
        ),
        capacity: c.capacity.map_or_else(
            || lang.t("staff-partner-capacity-unknown"),
            |n| n.to_string(),
        ),
        agreement: word(lang, c.agreement),
        police: lang.t(if c.police_funded {
            "staff-partner-yes"
        } else {
            "staff-partner-no"
        }),
        active: c.active,
        phone: text(&d.phone),
        email: text(&d.email),
        address: text(&d.address),
        notes: if with_notes {
            text(&d.notes)
        } else {
            String::new()
        },
    }
}
