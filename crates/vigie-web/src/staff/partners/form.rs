//! The entry form, to add an entry (`…/partenaires/nouveau`) or edit one (`…/{id}/modifier`): the
//! posted fields read into a [`PartnerForm`], shown again with each error beside its field and in a
//! summary that links to the fields; the choice of the partner account the entry belongs to.

use askama::Template;
use vigie_domain::PartnerId;
use vigie_domain::partner::{
    Agreement, Language, PartnerErrors, PartnerField, PartnerForm, PartnerKind, PartnerProblem,
};

use crate::PageError;
use crate::session::Staff;
use crate::staff::kit::from_pairs;
use crate::staff::kit::{PageResult, ask};
use crate::staff::records::{FormAt, FormFrame};
use crate::staff::showing::FieldErrors;
use crate::staff::{Opt, render, staff_template};
use crate::state::AppState;

from_pairs!(PartnerForm {
    name, kind, speciality, capacity, agreement, account, phone, email, address, notes;
    ticks: police_funded; lists: areas, languages
});

/// What the form template shows: the values as typed, the choices, the errors.
pub struct PartnerFormView {
    values: PartnerForm,
    kinds: Vec<Opt>,
    agreements: Vec<Opt>,
    areas: Vec<Opt>,
    languages: Vec<Opt>,
    accounts: Vec<Opt>,
    errors: FieldErrors,
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
    let areas = Opt::districts_where(state, |code| checked(&values.areas, code));
    let first_area = areas.first().map_or("", |o| o.value.as_str());
    let shown = FieldErrors::new(
        errors,
        lang.t("staff-partner-errors-intro"),
        |field, p| lang.t(error_key(*field, *p)),
        |field, message| {
            let (label, anchor) = field_info(*field, first_area);
            let args = [("field", lang.t(label)), ("message", message.to_owned())];
            (anchor, lang.t_args("staff-partner-error-line", &args))
        },
    );
    Ok(PartnerFormView {
        kinds: Opt::worded(lang, PartnerKind::ALL, values.kind.parse().ok()),
        agreements: Opt::worded(lang, Agreement::ALL, values.agreement.parse().ok()),
        areas,
        languages: Opt::ticks(lang, Language::ALL, &values.languages),
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
    page: FormFrame,
    f: PartnerFormView,
}

staff_template!(form FormPage);

/// The form's page: a new entry's or an entry's, offering the partner accounts without an entry
/// (and the one this entry names).
pub(in crate::staff) async fn form_page(at: FormAt<'_, PartnerForm>) -> PageResult {
    let page = FormPage {
        page: at.frame(),
        f: form_view(at.state, at.staff, at.values, &at.errors, at.this).await?,
    };
    Ok(render(&page, at.status, at.staff.lang))
}
