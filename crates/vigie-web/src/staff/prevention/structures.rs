//! Structures (`/espace/prevention/structures`): the list (clear columns only, nothing decrypted),
//! a structure's page with its sealed contact (the app audits the opening), and the form that adds
//! or edits one, shown again with each error beside its field.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::prevention::StructureView;
use vigie_app::{App, AppError};
use vigie_domain::prevention::{FormErrors, StructureForm, StructureKind};
use vigie_domain::{Principal, StructureId};

use super::errors::Shown;
use super::{
    Prevention, PreventionDone, PreventionGate, StructureGate, area, area_path, form_head,
    kind_name, place, quartiers, yes_no,
};
use crate::Lang;
use crate::session::Staff;
use crate::staff::kit::{FromPairs, ItemPage, Landed, PageResult, Pairs, View, field};
use crate::staff::observatory::form::OptGroup;
use crate::staff::records::{Editable, Filled, Record};
use crate::staff::{Opt, StaffPage, render, staff_template};
use crate::state::AppState;

/// A structure as a row or a page shows it.
pub struct StructureShown {
    href: String,
    name: String,
    kind: String,
    place: String,
    qpv: String,
    active: bool,
}

fn shown(
    state: &AppState,
    lang: crate::Lang,
    id: StructureId,
    c: &vigie_domain::prevention::StructureClear,
) -> StructureShown {
    StructureShown {
        href: area_path(lang, &format!("/structures/{id}")),
        name: c.name.clone(),
        kind: kind_name(lang, c.kind),
        place: place(state, &c.district, c.neighbourhood.as_deref()),
        qpv: yes_no(lang, c.qpv),
        active: c.active,
    }
}

#[derive(Template)]
#[template(path = "staff/prevention/structures.html")]
struct ListPage {
    page: StaffPage,
    rows: Vec<StructureShown>,
    new_href: String,
}

staff_template!(ListPage);

/// `GET /espace/prevention/structures`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let at = view.showing::<PreventionDone>();
    let found = at.ask(async |app, who| app.structures(who).await).await?;
    let lang = at.lang();
    let rows = found.iter().map(|(id, c)| shown(at.state, lang, *id, c));
    let page = ListPage {
        page: at.staff_page("staff-prev-structures-title", &area("/structures")),
        rows: rows.collect(),
        new_href: area_path(lang, "/structures/nouvelle"),
    };
    Ok(at.render(&page))
}

/// The hint of a structure's error page when its row was altered outside vigie.
const ALTERED: &str = "staff-prev-structure-altered";

#[derive(Template)]
#[template(path = "staff/prevention/structure.html")]
struct StructurePage {
    page: StaffPage,
    s: StructureShown,
    view: StructureView,
    edit_href: String,
}

staff_template!(StructurePage);

/// `GET /espace/prevention/structures/{id}`: its fields and its contact (the opening audited).
pub async fn page(page: ItemPage<StructureId>) -> PageResult {
    let (at, id) = (page.showing::<PreventionDone>(), page.id);
    let (state, lang) = (at.state, at.lang());
    let view = at
        .record(async |app, who| app.structure(who, id).await, Some(ALTERED))
        .await?;
    let path = area(&format!("/structures/{id}"));
    let page = StructurePage {
        page: at.staff_page("staff-prev-structure-title", &path),
        s: shown(state, lang, id, &view.clear),
        edit_href: area_path(lang, &format!("/structures/{id}/modifier")),
        view,
    };
    Ok(at.render(&page))
}

impl FromPairs for StructureForm {
    fn from_pairs(pairs: Pairs) -> Self {
        let one = |name: &str| field(&pairs, name).to_owned();
        StructureForm {
            name: one("name"),
            kind: one("kind"),
            district: one("district"),
            neighbourhood: one("neighbourhood"),
            qpv: !field(&pairs, "qpv").is_empty(),
            active: !field(&pairs, "active").is_empty(),
            person: one("person"),
            role: one("role"),
            phone: one("phone"),
            email: one("email"),
            notes: one("notes"),
        }
    }
}

/// The form of a structure as stored, to edit it.
fn form_of(v: &StructureView) -> StructureForm {
    let (c, k) = (&v.clear, &v.contact);
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    StructureForm {
        name: c.name.clone(),
        kind: c.kind.as_str().to_owned(),
        district: c.district.clone(),
        neighbourhood: c.neighbourhood.clone().unwrap_or_default(),
        qpv: c.qpv,
        active: c.active,
        person: text(&k.person),
        role: text(&k.role),
        phone: text(&k.phone),
        email: text(&k.email),
        notes: text(&k.notes),
    }
}

#[derive(Template)]
#[template(path = "staff/prevention/structure_form.html")]
struct FormPage {
    page: StaffPage,
    action: String,
    back_href: String,
    submit: String,
    values: StructureForm,
    kinds: Vec<Opt>,
    districts: Vec<Opt>,
    quartiers: Vec<OptGroup>,
    errors: Shown,
}

staff_template!(FormPage);

/// A field's label key and the id of its input.
fn label(field: &str) -> (String, String) {
    (
        format!("staff-prev-structure-{}", field.replace('_', "-")),
        format!("structure-{field}"),
    )
}

/// The form's page: a new structure's (`this` is `None`) or structure `this`'s, showing `values`
/// with `errors`, answered with `status`.
fn form_page(
    state: &AppState,
    staff: &Staff,
    this: Option<StructureId>,
    (values, errors, status): (StructureForm, FormErrors, StatusCode),
) -> PageResult {
    let lang = staff.lang;
    let (page, action, submit) = form_head::<StructureGate>(
        state,
        staff,
        this,
        ("/structures", "nouvelle", "staff-prev-structure"),
    );
    let back_href = match this {
        None => area_path(lang, "/structures"),
        Some(id) => area_path(lang, &format!("/structures/{id}")),
    };
    let page = FormPage {
        page,
        action,
        back_href,
        submit,
        kinds: Opt::codes(
            StructureKind::ALL,
            values.kind.trim().parse().ok(),
            StructureKind::as_str,
            |k| kind_name(lang, k),
        ),
        districts: Opt::districts(state, Some(values.district.trim())),
        quartiers: quartiers(state, values.neighbourhood.trim()),
        errors: Shown::new(lang, &errors, label),
        values,
    };
    Ok(render(&page, status, lang))
}

/// A structure's form, as the add and edit forms flow ([`records`](crate::staff::records)).
impl Record for StructureForm {
    type Directory = Prevention;
    type Id = StructureId;
    const ADDED: PreventionDone = PreventionDone::StructureAdded;

    fn blank(_: &AppState, _: &Staff) -> Self {
        StructureForm {
            active: true,
            ..StructureForm::default()
        }
    }

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<StructureId, AppError> {
        app.add_structure(who, form).await
    }

    fn saved(lang: Lang, id: StructureId) -> String {
        area_path(lang, &format!("/structures/{id}"))
    }

    async fn page(
        state: &AppState,
        staff: &Staff,
        this: Option<StructureId>,
        filled: Filled<Self, FormErrors>,
    ) -> PageResult {
        form_page(state, staff, this, filled)
    }
}

impl Editable for StructureForm {
    type Edit = StructureGate;
    const EDITED: PreventionDone = PreventionDone::StructureEdited;
    const ALTERED: Option<&'static str> = Some(ALTERED);

    async fn load(app: &App, who: &Principal, id: StructureId) -> Result<Self, AppError> {
        app.structure(who, id).await.map(|v| form_of(&v))
    }

    async fn edit(
        app: &App,
        who: &Principal,
        id: StructureId,
        form: &Self,
    ) -> Result<(), AppError> {
        app.edit_structure(who, id, form).await
    }
}
