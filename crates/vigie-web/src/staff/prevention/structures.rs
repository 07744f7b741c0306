//! Structures (`/espace/prevention/structures`): the list (clear columns only, nothing decrypted),
//! a structure's page with its sealed contact (the app audits the opening), and the form that adds
//! or edits one, shown again with each error beside its field.

use askama::Template;
use vigie_app::prevention::StructureView;
use vigie_domain::StructureId;
use vigie_domain::prevention::{StructureForm, StructureKind};

use super::errors::field_errors;
use super::lists::{ListText, RecordRow, records_page, state_word};
use super::{PreventionDone, PreventionGate, area, area_path, place, quartiers, yes_no};
use crate::staff::kit::from_pairs;
use crate::staff::kit::{ItemPage, Landed, PageResult, View};
use crate::staff::observatory::form::OptGroup;
use crate::staff::records::{FormAt, FormFrame};
use crate::staff::showing::FieldErrors;
use crate::staff::words::word;
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
        kind: word(lang, c.kind),
        place: place(state, &c.district, c.neighbourhood.as_deref()),
        qpv: yes_no(lang, c.qpv),
        active: c.active,
    }
}

/// What the list says around its rows.
const LIST: ListText = ListText {
    id: "structures",
    intro: "staff-prev-structures-intro",
    new: "staff-prev-structure-new",
    columns: &[
        "staff-prev-structure-name",
        "staff-prev-structure-kind",
        "staff-prev-structure-place",
        "staff-prev-structure-qpv",
        "staff-prev-state",
    ],
    empty: "staff-prev-structures-empty",
    count: Some("staff-prev-structures-count"),
};

/// `GET /espace/prevention/structures`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let at = view.showing::<PreventionDone>();
    let found = at.ask(async |app, who| app.structures(who).await).await?;
    let lang = at.lang();
    let rows = found.iter().map(|(id, c)| {
        let s = shown(at.state, lang, *id, c);
        let cells = vec![s.kind, s.place, s.qpv, state_word(lang, s.active)];
        RecordRow {
            href: s.href,
            name: s.name,
            cells,
        }
    });
    records_page::<StructureForm>(&at, ("staff-prev-structures-title", &LIST), rows.collect())
}

/// The hint of a structure's error page when its row was altered outside vigie.
pub(in crate::staff) const ALTERED: &str = "staff-prev-structure-altered";

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

from_pairs!(StructureForm {
    name, kind, district, neighbourhood, person, role, phone, email, notes;
    ticks: qpv, active; lists:
});

#[derive(Template)]
#[template(path = "staff/prevention/structure_form.html")]
struct FormPage {
    page: FormFrame,
    values: StructureForm,
    kinds: Vec<Opt>,
    districts: Vec<Opt>,
    quartiers: Vec<OptGroup>,
    errors: FieldErrors,
}

staff_template!(form FormPage);

/// A field's label key and the id of its input.
fn label(field: &str) -> (String, String) {
    (
        format!("staff-prev-structure-{}", field.replace('_', "-")),
        format!("structure-{field}"),
    )
}

/// The form's page: a new structure's (`this` is `None`) or structure `this`'s.
pub(in crate::staff) async fn form_page(at: FormAt<'_, StructureForm>) -> PageResult {
    let (state, _staff, values, lang) = (at.state, at.staff, &at.values, at.staff.lang);
    let page = FormPage {
        page: at.frame(),
        kinds: Opt::worded(lang, StructureKind::ALL, values.kind.trim().parse().ok()),
        districts: Opt::districts(state, Some(values.district.trim())),
        quartiers: quartiers(state, values.neighbourhood.trim()),
        errors: field_errors(lang, &at.errors, label),
        values: at.values,
    };
    Ok(render(&page, at.status, lang))
}
