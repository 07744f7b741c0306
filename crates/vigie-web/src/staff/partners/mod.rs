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

use vigie_app::AppError;
use vigie_app::partners::PartnerEntry;
use vigie_domain::PartnerId;
use vigie_domain::partner::{Agreement, Language, PartnerErrors, PartnerKind};

use super::casework::{code_name, code_names};
use super::kit::gate;
use super::outcomes::PartnerDone;
use super::records::Directory;
use crate::Lang;
use crate::state::AppState;

gate!(
    /// The directory's list and its "new entry" form.
    DirectoryForm: (), ManagePartners, |()| "partners";

    /// The forms of an entry's page and its edit form: a token for one entry opens no other.
    EntryForm: PartnerId, ManagePartners, |id| format!("partner:{id}");
);

/// The directory's entries, as their forms flow ([`records`](super::records)).
pub(crate) struct Partners;

impl Directory for Partners {
    type New = DirectoryForm;
    type Done = PartnerDone;
    type Errors = PartnerErrors;

    fn refused(e: AppError) -> Result<PartnerErrors, AppError> {
        match e {
            AppError::InvalidPartner(errors) => Ok(errors),
            other => Err(other),
        }
    }
}

/// The hint of an entry's error page when its row was altered outside vigie.
const ALTERED: &str = "staff-partner-altered";

/// The directory's address (French), under which every page of this module lives.
const DIRECTORY: &str = "/espace/accompagnement/partenaires";

/// The address of the directory, or of a page under it (`suffix` empty or starting with `/`).
fn directory_path(lang: Lang, suffix: &str) -> String {
    lang.path(&format!("{DIRECTORY}{suffix}"))
}

/// The address of entry `id`'s page, or of something under it.
fn entry_path(lang: Lang, id: PartnerId, suffix: &str) -> String {
    directory_path(lang, &format!("/{id}{suffix}"))
}

/// A partner kind, translated.
fn kind_name(lang: Lang, k: PartnerKind) -> String {
    code_name(lang, "staff-partner-kind", k.as_str())
}

/// An agreement status, translated.
fn agreement_name(lang: Lang, a: Agreement) -> String {
    code_name(lang, "staff-partner-agreement", a.as_str())
}

/// A language's name, translated.
fn language_name(lang: Lang, l: Language) -> String {
    code_name(lang, "staff-partner-language", l.as_str())
}

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
        kind: kind_name(lang, c.kind),
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
        agreement: agreement_name(lang, c.agreement),
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
