//! The partner directory: professionals and structures the caseworkers refer people to (a
//! psychologist, a lawyer, a doctor, a social worker, an association, a shelter), what a posted
//! entry form must hold, the directory's filters, and the partners' charter version.
//!
//! An entry has two halves. What the caseworkers filter on is clear ([`PartnerClear`]: kind, areas,
//! languages, open places, agreement, police funding, active, the partner account it is linked to);
//! what would expose a person to the networks is sealed ([`PartnerDetails`]: names, phone, e-mail,
//! address, notes). The use cases bind the clear half to the sealed one, so that neither can be
//! changed alone in the database.

use serde::{Deserialize, Serialize};

use crate::UserId;
use crate::area::AreaList;
use crate::form::{Contact, code, contact, required_picks, required_text, text};

/// The version of the partners' charter (its text lives in the web's message files). A partner
/// account accepts the current version before any other staff page opens; raise it whenever the
/// text changes in substance, and every partner accepts again.
pub const CHARTER_VERSION: u32 = 1;

code_enum!(
    /// What a partner is.
    PartnerKind {
        /// Psychologue.
        Psychologist => "psychologist",
        /// Avocat·e.
        Lawyer => "lawyer",
        /// Médecin.
        Doctor => "doctor",
        /// Travailleur·se social·e.
        SocialWorker => "social_worker",
        /// Association.
        Association => "association",
        /// Hébergement, logement.
        Housing => "housing",
    }
);

code_enum!(
    /// The partner's formal tie to the association.
    Agreement {
        /// None yet.
        NoAgreement => "none",
        /// Agréé·e (by the ministry or a professional body).
        Approved => "agrement",
        /// A convention signed with the association.
        Convention => "convention",
    }
);

code_enum!(
    /// A language the partner works in (ISO 639 codes; the list a caseworker in Marseille needs).
    Language {
        /// Français.
        French => "fr",
        /// Arabe.
        Arabic => "ar",
        /// Kabyle.
        Kabyle => "kab",
        /// Comorien (shingazidja).
        Comorian => "zdj",
        /// Anglais.
        English => "en",
        /// Espagnol.
        Spanish => "es",
        /// Italien.
        Italian => "it",
        /// Portugais.
        Portuguese => "pt",
        /// Turc.
        Turkish => "tr",
        /// Roumain.
        Romanian => "ro",
        /// Russe.
        Russian => "ru",
        /// Ukrainien.
        Ukrainian => "uk",
        /// Langue des signes française.
        FrenchSignLanguage => "fsl",
    }
);

/// The clear half of an entry: what the directory's lists filter on. The use cases authenticate it
/// with the sealed half (it is their associated data), so a row changed in the database no longer
/// opens. Areas and languages are kept sorted, each once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartnerClear {
    /// What the partner is.
    pub kind: PartnerKind,
    /// Arrondissement codes served (at least one).
    pub areas: Vec<String>,
    /// Languages (at least one).
    pub languages: Vec<Language>,
    /// Open places now, if the partner says.
    pub capacity: Option<u32>,
    /// Agreement status.
    pub agreement: Agreement,
    /// Funded by the police or the gendarmerie (some families refuse such partners).
    pub police_funded: bool,
    /// Offered to caseworkers (a deactivated entry stays, for the history, but is not proposed).
    pub active: bool,
    /// The partner account this entry belongs to, if any. The sealed record names it too, and
    /// the sealed record is authoritative.
    pub account: Option<UserId>,
}

/// The sealed half of an entry: sealed under the instance secret, like staff contact details.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerDetails {
    /// The person's or the structure's name.
    pub name: String,
    /// Speciality, in words (trauma, minors, family law...).
    pub speciality: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// The caseworkers' notes about the partner.
    pub notes: Option<String>,
}

pub use crate::form::{
    MAX_EMAIL_CHARS, MAX_LINE_CHARS, MAX_NAME_CHARS, MAX_NOTES_CHARS, MAX_PHONE_CHARS,
};
/// Most open places one entry may declare.
pub const MAX_CAPACITY: u32 = 999;

/// The entry form as posted, every field a string (what a browser sends).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartnerForm {
    /// Name.
    pub name: String,
    /// [`PartnerKind`] code.
    pub kind: String,
    /// Speciality.
    pub speciality: String,
    /// Arrondissement codes (checkboxes).
    pub areas: Vec<String>,
    /// [`Language`] codes (checkboxes).
    pub languages: Vec<String>,
    /// Open places, or empty.
    pub capacity: String,
    /// [`Agreement`] code.
    pub agreement: String,
    /// Police funded (a checkbox: any value is yes).
    pub police_funded: bool,
    /// The linked partner account's id, or empty.
    pub account: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Postal address.
    pub address: String,
    /// Notes.
    pub notes: String,
}

code_enum!(
    /// A field of the entry form, to place an error beside it (in the form's order).
    PartnerField {
        /// Name.
        Name => "name",
        /// Kind.
        Kind => "kind",
        /// Speciality.
        Speciality => "speciality",
        /// Areas.
        Areas => "areas",
        /// Languages.
        Languages => "languages",
        /// Open places.
        Capacity => "capacity",
        /// Agreement.
        Agreement => "agreement",
        /// Linked account.
        Account => "account",
        /// Phone.
        Phone => "phone",
        /// E-mail.
        Email => "email",
        /// Address.
        Address => "address",
        /// Notes.
        Notes => "notes",
    }
);

form_problem! {
    /// What is wrong with a field of the entry form.
    pub enum PartnerProblem {
        /// Not a whole number in range.
        #[error("a whole number from 0 to {MAX_CAPACITY}")]
        BadNumber,
        /// Not an e-mail address.
        #[error("not an e-mail address")]
        BadEmail,
        /// Not a phone number.
        #[error("not a phone number")]
        BadPhone,
        /// Not an active partner account, or one already linked to another entry.
        #[error("not an active partner account without an entry")]
        NotPartner,
    }
    contact
}

/// A valid entry, ready to seal: its clear half (active; an edit keeps what the entry was) and its
/// details. The caller checks that the account it names is an active partner account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerInput {
    /// Kind, areas and languages (sorted, each once), places, agreement, funding, account.
    pub clear: PartnerClear,
    /// What is sealed.
    pub details: PartnerDetails,
}

/// Errors of the entry form, each beside its field.
pub type PartnerErrors = Vec<(PartnerField, PartnerProblem)>;

/// Checks a posted entry form against the instance's areas; every error is returned, beside its
/// field, in the form's order.
pub fn validate_partner(
    form: &PartnerForm,
    areas: &AreaList,
) -> Result<PartnerInput, PartnerErrors> {
    use PartnerField as F;
    let mut errors = PartnerErrors::new();
    let name = required_text(&form.name, MAX_NAME_CHARS, F::Name, &mut errors);
    let kind = code::<PartnerKind, _, _>(&form.kind, F::Kind, &mut errors);
    let speciality = text(&form.speciality, MAX_LINE_CHARS, F::Speciality, &mut errors);
    let served = required_picks(
        &form.areas,
        F::Areas,
        |c| areas.district(c).map(|d| d.code.clone()),
        &mut errors,
    );
    let languages = required_picks(
        &form.languages,
        F::Languages,
        |c| c.parse().ok(),
        &mut errors,
    );
    let capacity = match form.capacity.trim() {
        "" => None,
        c => match c.parse::<u32>() {
            Ok(n) if n <= MAX_CAPACITY => Some(n),
            _ => {
                errors.push((F::Capacity, PartnerProblem::BadNumber));
                None
            }
        },
    };
    let agreement = code::<Agreement, _, _>(&form.agreement, F::Agreement, &mut errors);
    let account = match form.account.trim() {
        "" => None,
        a => match a.parse::<UserId>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push((F::Account, PartnerProblem::Unknown));
                None
            }
        },
    };
    let phone = contact(&form.phone, Contact::Phone, F::Phone, &mut errors);
    let email = contact(&form.email, Contact::Email, F::Email, &mut errors);
    let address = text(&form.address, MAX_LINE_CHARS, F::Address, &mut errors);
    let notes = text(&form.notes, MAX_NOTES_CHARS, F::Notes, &mut errors);
    errors.sort_by_key(|(f, _)| *f);
    match (name, kind, agreement) {
        (Some(name), Some(kind), Some(agreement)) if errors.is_empty() => Ok(PartnerInput {
            clear: PartnerClear {
                kind,
                areas: served,
                languages,
                capacity,
                agreement,
                police_funded: form.police_funded,
                active: true,
                account,
            },
            details: PartnerDetails {
                name,
                speciality,
                phone,
                email,
                address,
                notes,
            },
        }),
        _ => Err(errors),
    }
}

/// The directory list's filters (each `None` or `false` lets everything through).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartnerFilter {
    /// Only this kind.
    pub kind: Option<PartnerKind>,
    /// Only partners serving this arrondissement.
    pub district: Option<String>,
    /// Only partners working in this language.
    pub language: Option<Language>,
    /// Leave out police-funded partners (for a family that refuses them).
    pub without_police: bool,
    /// Show deactivated entries too.
    pub with_inactive: bool,
}

impl PartnerFilter {
    /// Whether an entry's clear half passes the filter.
    pub fn matches(&self, c: &PartnerClear) -> bool {
        (c.active || self.with_inactive)
            && self.kind.is_none_or(|k| c.kind == k)
            && self
                .district
                .as_deref()
                .is_none_or(|d| c.areas.iter().any(|a| a == d))
            && self.language.is_none_or(|l| c.languages.contains(&l))
            && !(self.without_police && c.police_funded)
    }
}

#[cfg(test)]
#[path = "partner_tests.rs"]
mod tests;
