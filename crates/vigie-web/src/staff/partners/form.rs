//! The entry form, to add an entry (`…/partenaires/nouveau`) or edit one (`…/{id}/modifier`): the
//! posted fields read into a [`PartnerForm`], shown again with each error beside its field and in a
//! summary that links to the fields; the choice of the partner account the entry belongs to.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::partners::PartnerEntry;
use vigie_app::{App, AppError};
use vigie_domain::partner::{
    Agreement, Language, PartnerErrors, PartnerField, PartnerForm, PartnerKind, PartnerProblem,
};
use vigie_domain::{PartnerId, Principal};

use super::{
    ALTERED, DIRECTORY, DirectoryForm, EntryForm, PartnerDone, Partners, agreement_name,
    directory_path, entry_path, kind_name, language_name,
};
use crate::session::Staff;
use crate::staff::kit::{FromPairs, PageResult, Pairs, ask, field, fields};
use crate::staff::records::{Editable, Filled, Record};
use crate::staff::{Opt, StaffPage, item_page, render, staff_page, staff_template};
use crate::state::AppState;
use crate::{Lang, PageError};

impl FromPairs for PartnerForm {
    fn from_pairs(pairs: Pairs) -> Self {
        let all = |name: &str| fields(&pairs, name);
        let one = |name: &str| field(&pairs, name).to_owned();
        PartnerForm {
            name: one("name"),
            kind: one("kind"),
            speciality: one("speciality"),
            areas: all("areas"),
            languages: all("languages"),
            capacity: one("capacity"),
            agreement: one("agreement"),
            police_funded: !field(&pairs, "police_funded").is_empty(),
            account: one("account"),
            phone: one("phone"),
            email: one("email"),
            address: one("address"),
            notes: one("notes"),
        }
    }
}

/// The form of an entry as stored, to edit it.
fn form_of(e: &PartnerEntry) -> PartnerForm {
    let (c, d) = (&e.clear, &e.details);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    PartnerForm {
        name: d.name.clone(),
        kind: c.kind.as_str().to_owned(),
        speciality: text(&d.speciality),
        areas: c.areas.clone(),
        languages: c.languages.iter().map(|l| l.as_str().to_owned()).collect(),
        capacity: c.capacity.map(|n| n.to_string()).unwrap_or_default(),
        agreement: c.agreement.as_str().to_owned(),
        police_funded: c.police_funded,
        account: c.account.map(|a| a.to_string()).unwrap_or_default(),
        phone: text(&d.phone),
        email: text(&d.email),
        address: text(&d.address),
        notes: text(&d.notes),
    }
}

/// What the form template shows: the values as typed, the choices, the errors.
pub struct PartnerFormView {
    lang: Lang,
    values: PartnerForm,
    kinds: Vec<Opt>,
    agreements: Vec<Opt>,
    areas: Vec<Opt>,
    languages: Vec<Opt>,
    accounts: Vec<Opt>,
    errors: Vec<(PartnerField, String)>,
}

/// A field's label key and the id of its first input (where the summary's link leads).
fn field_info(f: PartnerField, first_area: &str) -> (&'static str, String) {
    let input = |name: &str| format!("partner-{name}");
    match f {
        PartnerField::Areas => ("staff-partner-areas", format!("areas-{first_area}")),
        PartnerField::Languages => (
            "staff-partner-languages",
            format!("languages-{}", Language::ALL[0].as_str()),
        ),
        PartnerField::Name => ("staff-partner-name", input("name")),
        PartnerField::Kind => ("staff-partner-kind", input("kind")),
        PartnerField::Speciality => ("staff-partner-speciality", input("speciality")),
        PartnerField::Capacity => ("staff-partner-capacity", input("capacity")),
        PartnerField::Agreement => ("staff-partner-agreement", input("agreement")),
        PartnerField::Account => ("staff-partner-account", input("account")),
        PartnerField::Phone => ("staff-partner-phone", input("phone")),
        PartnerField::Email => ("staff-partner-email", input("email")),
        PartnerField::Address => ("staff-partner-address", input("address")),
        PartnerField::Notes => ("staff-partner-notes", input("notes")),
    }
}

/// The message key of an error: what to do, said for the field where a general word would not do.
fn error_key(f: PartnerField, p: PartnerProblem) -> &'static str {
    use PartnerField as F;
    use PartnerProblem as P;
    match (f, p) {
        (F::Name, P::Required) => "staff-partner-error-name",
        (F::Areas, P::Required) => "staff-partner-error-areas",
        (F::Languages, P::Required) => "staff-partner-error-languages",
        (_, P::Required) => "staff-partner-error-choose",
        (_, P::TooLong) => "staff-partner-error-too-long",
        (_, P::BadNumber) => "staff-partner-error-capacity",
        (_, P::BadEmail) => "staff-partner-error-email",
        (_, P::BadPhone) => "staff-partner-error-phone",
        (_, P::NotPartner) => "staff-partner-error-account",
        (_, P::Unknown) => "staff-partner-error-unknown",
    }
}

impl PartnerFormView {
    /// The translated error beside field `name` (its code), if any.
    pub fn error_for(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f.as_str() == name)
            .map(|(_, m)| m.as_str())
    }

    /// The summary's lines: the id of the field's first input, and its label with its error.
    pub fn summary(&self) -> Vec<(String, String)> {
        let first_area = self.areas.first().map_or("", |o| o.value.as_str());
        self.errors
            .iter()
            .map(|(f, message)| {
                let (label, anchor) = field_info(*f, first_area);
                let args = [("field", self.lang.t(label)), ("message", message.clone())];
                (anchor, self.lang.t_args("staff-partner-error-line", &args))
            })
            .collect()
    }
}

/// The view of `values` with `errors`, offering the partner accounts without an entry (and the
/// one entry `this` names).
async fn form_view(
    state: &AppState,
    staff: &Staff,
    values: PartnerForm,
    errors: &PartnerErrors,
    this: Option<PartnerId>,
) -> Result<PartnerFormView, PageError> {
    let lang = staff.lang;
    let accounts = ask(state, staff, async |app, who| {
        app.partner_accounts(who).await
    })
    .await?;
    let checked = |list: &[String], code: &str| list.iter().any(|v| v.trim() == code);
    let mut shown: Vec<(PartnerField, String)> = Vec::new();
    for (f, p) in errors {
        if !shown.iter().any(|(g, _)| g == f) {
            shown.push((*f, lang.t(error_key(*f, *p))));
        }
    }
    Ok(PartnerFormView {
        lang,
        kinds: Opt::codes(
            PartnerKind::ALL,
            values.kind.parse().ok(),
            PartnerKind::as_str,
            |k| kind_name(lang, k),
        ),
        agreements: Opt::codes(
            Agreement::ALL,
            values.agreement.parse().ok(),
            Agreement::as_str,
            |a| agreement_name(lang, a),
        ),
        areas: Opt::districts_where(state, |code| checked(&values.areas, code)),
        languages: Language::ALL
            .iter()
            .map(|l| Opt {
                value: l.as_str().to_owned(),
                label: language_name(lang, *l),
                selected: checked(&values.languages, l.as_str()),
            })
            .collect(),
        accounts: accounts
            .into_iter()
            .filter(|a| a.entry.is_none() || a.entry == this)
            .map(|a| Opt {
                selected: values.account.trim() == a.id.to_string(),
                value: a.id.to_string(),
                label: a.username,
            })
            .collect(),
        values,
        errors: shown,
    })
}

#[derive(Template)]
#[template(path = "staff/partners/form.html")]
struct FormPage {
    page: StaffPage,
    action: String,
    back_href: String,
    submit: String,
    f: PartnerFormView,
}

staff_template!(FormPage);

/// The form's page: a new entry's (`this` is `None`) or entry `this`'s, showing `values` with
/// `errors`, answered with `status`.
async fn form_page(
    state: &AppState,
    staff: &Staff,
    this: Option<PartnerId>,
    (values, errors, status): (PartnerForm, PartnerErrors, StatusCode),
) -> PageResult {
    let lang = staff.lang;
    let (page, action, back_href, submit) = match this {
        None => (
            staff_page(
                state,
                staff,
                "staff-partner-new-title",
                &format!("{DIRECTORY}/nouveau"),
            )
            .with_form::<DirectoryForm>(state, staff, &()),
            directory_path(lang, "/nouveau"),
            directory_path(lang, ""),
            "staff-partner-add-submit",
        ),
        Some(id) => (
            item_page::<EntryForm>(
                state,
                staff,
                (&id, &format!("{DIRECTORY}/{id}/modifier")),
                lang.t("staff-partner-edit-title"),
            ),
            entry_path(lang, id, "/modifier"),
            entry_path(lang, id, ""),
            "staff-partner-edit-submit",
        ),
    };
    let page = FormPage {
        page,
        action,
        back_href,
        submit: lang.t(submit),
        f: form_view(state, staff, values, &errors, this).await?,
    };
    Ok(render(&page, status, lang))
}

/// An entry's form, as the add and edit forms flow ([`records`](crate::staff::records)).
impl Record for PartnerForm {
    type Directory = Partners;
    type Id = PartnerId;
    const ADDED: PartnerDone = PartnerDone::Added;

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<PartnerId, AppError> {
        app.add_partner(who, form).await
    }

    fn saved(lang: Lang, id: PartnerId) -> String {
        entry_path(lang, id, "")
    }

    async fn page(
        state: &AppState,
        staff: &Staff,
        this: Option<PartnerId>,
        filled: Filled<Self, PartnerErrors>,
    ) -> PageResult {
        form_page(state, staff, this, filled).await
    }
}

impl Editable for PartnerForm {
    type Edit = EntryForm;
    const EDITED: PartnerDone = PartnerDone::Edited;
    const ALTERED: Option<&'static str> = Some(ALTERED);

    /// The form filled with the entry (its opening audited).
    async fn load(app: &App, who: &Principal, id: PartnerId) -> Result<Self, AppError> {
        app.partner_entry(who, id).await.map(|v| form_of(&v.entry))
    }

    async fn edit(app: &App, who: &Principal, id: PartnerId, form: &Self) -> Result<(), AppError> {
        app.edit_partner(who, id, form).await
    }
}
