//! Structures (`/espace/prevention/structures`): the list (clear columns only, nothing decrypted),
//! a structure's page with its sealed contact (the app audits the opening), and the form that adds
//! or edits one, shown again with each error beside its field.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::prevention::StructureView;
use vigie_domain::StructureId;
use vigie_domain::prevention::{FormErrors, StructureForm, StructureKind};

use super::errors::Shown;
use super::{
    PreventionDone, PreventionGate, StructureGate, area, area_path, kind_name, place, quartiers,
    yes_no,
};
use crate::PageError;
use crate::session::Staff;
use crate::staff::kit::{
    FromPairs, ItemPage, Landed, OrPage, PageResult, Pairs, Post, View, app_page, done, field,
};
use crate::staff::observatory::form::OptGroup;
use crate::staff::{Opt, StaffPage, item_page, render, staff_page, staff_template};
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
    notice: Option<String>,
}

staff_template!(ListPage);

/// `GET /espace/prevention/structures`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let notice = view.notice::<PreventionDone>();
    let (state, staff, _) = view.parts();
    let lang = staff.lang;
    let found = state
        .app
        .structures(&staff.principal)
        .await
        .or_page(&state, lang)?;
    let page = ListPage {
        page: staff_page(
            &state,
            &staff,
            "staff-prev-structures-title",
            &area("/structures"),
        ),
        rows: found
            .iter()
            .map(|(id, c)| shown(&state, lang, *id, c))
            .collect(),
        new_href: area_path(lang, "/structures/nouvelle"),
        notice,
    };
    Ok(render(&page, StatusCode::OK, lang))
}

/// The page for an error of the app: 404 for a structure that is not there; a row altered
/// outside vigie says so (and is logged).
fn structure_error(state: &AppState, lang: crate::Lang, e: AppError) -> PageError {
    match e {
        AppError::NoPreventionItem => PageError::not_found(lang).with_config(&state.web),
        AppError::Integrity(what) => {
            tracing::error!(error = %what, "structure refused");
            PageError::internal(lang)
                .with_hint("staff-prev-structure-altered")
                .with_config(&state.web)
        }
        other => app_page(state, lang, &other),
    }
}

#[derive(Template)]
#[template(path = "staff/prevention/structure.html")]
struct StructurePage {
    page: StaffPage,
    s: StructureShown,
    view: StructureView,
    edit_href: String,
    notice: Option<String>,
}

staff_template!(StructurePage);

/// `GET /espace/prevention/structures/{id}`: its fields and its contact (the opening audited).
pub async fn page(page: ItemPage<StructureId>) -> PageResult {
    let notice = page.notice::<PreventionDone>();
    let (state, staff, id, _) = page.parts();
    let lang = staff.lang;
    let view = state
        .app
        .structure(&staff.principal, id)
        .await
        .map_err(|e| structure_error(&state, lang, e))?;
    let page = StructurePage {
        page: staff_page(
            &state,
            &staff,
            "staff-prev-structure-title",
            &area(&format!("/structures/{id}")),
        ),
        s: shown(&state, lang, id, &view.clear),
        edit_href: area_path(lang, &format!("/structures/{id}/modifier")),
        view,
        notice,
    };
    Ok(render(&page, StatusCode::OK, lang))
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
    let (page, action, back_href, submit) = match this {
        None => (
            staff_page(
                state,
                staff,
                "staff-prev-structure-new",
                &area("/structures/nouvelle"),
            )
            .with_form::<PreventionGate>(state, staff, &()),
            area_path(lang, "/structures/nouvelle"),
            area_path(lang, "/structures"),
            "staff-prev-structure-add",
        ),
        Some(id) => (
            item_page::<StructureGate>(
                state,
                staff,
                (&id, &area(&format!("/structures/{id}/modifier"))),
                lang.t("staff-prev-structure-edit"),
            ),
            area_path(lang, &format!("/structures/{id}/modifier")),
            area_path(lang, &format!("/structures/{id}")),
            "staff-prev-save",
        ),
    };
    let page = FormPage {
        page,
        action,
        back_href,
        submit: lang.t(submit),
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

/// `GET /espace/prevention/structures/nouvelle`.
pub async fn new_form(view: View<PreventionGate>) -> PageResult {
    let (state, staff, _) = view.parts();
    let blank = StructureForm {
        active: true,
        ..StructureForm::default()
    };
    form_page(&state, &staff, None, (blank, Vec::new(), StatusCode::OK))
}

/// `POST /espace/prevention/structures/nouvelle`.
pub async fn add(post: Post<PreventionGate, StructureForm>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    match state.app.add_structure(&staff.principal, &form).await {
        Ok(id) => Ok(done(
            &area_path(staff.lang, &format!("/structures/{id}")),
            PreventionDone::StructureAdded,
        )),
        Err(AppError::InvalidPrevention(errors)) => {
            let shown = (form, errors, StatusCode::UNPROCESSABLE_ENTITY);
            form_page(&state, &staff, None, shown)
        }
        Err(e) => Err(e).or_page(&state, staff.lang),
    }
}

/// `GET /espace/prevention/structures/{id}/modifier`: the form filled with the structure (its
/// contact's opening audited).
pub async fn edit_form(page: ItemPage<StructureId>) -> PageResult {
    let (state, staff, id, _) = page.parts();
    let view = state
        .app
        .structure(&staff.principal, id)
        .await
        .map_err(|e| structure_error(&state, staff.lang, e))?;
    form_page(
        &state,
        &staff,
        Some(id),
        (form_of(&view), Vec::new(), StatusCode::OK),
    )
}

/// `POST /espace/prevention/structures/{id}/modifier`.
pub async fn edit(post: Post<StructureGate, StructureForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    match state.app.edit_structure(&staff.principal, id, &form).await {
        Ok(()) => Ok(done(
            &area_path(staff.lang, &format!("/structures/{id}")),
            PreventionDone::StructureEdited,
        )),
        Err(AppError::InvalidPrevention(errors)) => {
            let shown = (form, errors, StatusCode::UNPROCESSABLE_ENTITY);
            form_page(&state, &staff, Some(id), shown)
        }
        Err(e) => Err(structure_error(&state, staff.lang, e)),
    }
}
