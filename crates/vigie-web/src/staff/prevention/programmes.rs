//! Programmes (`/espace/prevention/programmes`): the list, and the form that adds or edits one
//! (theme, audiences, sessions in a cycle, facilitators, funder or STSPD action), shown again with
//! each error beside its field.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::{App, AppError};
use vigie_domain::prevention::{Audience, FormErrors, Programme, ProgrammeForm, Theme};
use vigie_domain::{Principal, ProgrammeId};

use super::errors::Shown;
use super::{
    Prevention, PreventionDone, PreventionGate, ProgrammeGate, area, area_path, audience_name,
    form_head, theme_name,
};
use crate::session::Staff;
use crate::staff::casework::code_names;
use crate::staff::kit::{FromPairs, Landed, PageResult, Pairs, View, ask, field, fields};
use crate::staff::records::{Editable, Filled, Record};
use crate::staff::{Opt, StaffPage, render, staff_template};
use crate::state::AppState;
use crate::{Lang, PageError};

/// One row of the list.
pub struct ProgrammeRow {
    href: String,
    name: String,
    theme: String,
    audiences: String,
    cycle: u32,
    facilitators: String,
    funder: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "staff/prevention/programmes.html")]
struct ListPage {
    page: StaffPage,
    rows: Vec<ProgrammeRow>,
    new_href: String,
}

staff_template!(ListPage);

/// `GET /espace/prevention/programmes`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let at = view.showing::<PreventionDone>();
    let lang = at.lang();
    let rows = at
        .ask(async |app, who| app.programmes(who).await)
        .await?
        .into_iter()
        .map(|l| {
            let p = &l.programme;
            ProgrammeRow {
                href: area_path(lang, &format!("/programmes/{}/modifier", l.id)),
                name: p.name.clone(),
                theme: theme_name(lang, p.theme),
                audiences: code_names(lang, "staff-prev-audience", &p.audiences, Audience::as_str),
                cycle: p.cycle_sessions,
                facilitators: l.facilitator_names.join(", "),
                funder: p.funder.clone().unwrap_or_default(),
                active: p.active,
            }
        })
        .collect();
    let page = ListPage {
        page: at.staff_page("staff-prev-programmes-title", &area("/programmes")),
        rows,
        new_href: area_path(lang, "/programmes/nouveau"),
    };
    Ok(at.render(&page))
}

impl FromPairs for ProgrammeForm {
    fn from_pairs(pairs: Pairs) -> Self {
        let all = |name: &str| fields(&pairs, name);
        ProgrammeForm {
            name: field(&pairs, "name").to_owned(),
            theme: field(&pairs, "theme").to_owned(),
            audiences: all("audiences"),
            cycle_sessions: field(&pairs, "cycle_sessions").to_owned(),
            facilitators: all("facilitators"),
            funder: field(&pairs, "funder").to_owned(),
            active: !field(&pairs, "active").is_empty(),
        }
    }
}

/// The form of a programme as stored, to edit it.
fn form_of(p: &Programme) -> ProgrammeForm {
    ProgrammeForm {
        name: p.name.clone(),
        theme: p.theme.as_str().to_owned(),
        audiences: p.audiences.iter().map(|a| a.as_str().to_owned()).collect(),
        cycle_sessions: p.cycle_sessions.to_string(),
        facilitators: p.facilitators.iter().map(ToString::to_string).collect(),
        funder: p.funder.clone().unwrap_or_default(),
        active: p.active,
    }
}

#[derive(Template)]
#[template(path = "staff/prevention/programme_form.html")]
struct FormPage {
    page: StaffPage,
    action: String,
    back_href: String,
    submit: String,
    values: ProgrammeForm,
    themes: Vec<Opt>,
    audiences: Vec<Opt>,
    facilitators: Vec<Opt>,
    errors: Shown,
}

staff_template!(FormPage);

/// Whether `code` is among the values ticked.
fn ticked(list: &[String], code: &str) -> bool {
    list.iter().any(|v| v.trim() == code)
}

/// The checkboxes of the prevention coordinators who may facilitate, those in `values` ticked.
pub(super) async fn facilitator_opts(
    state: &AppState,
    staff: &Staff,
    values: &[String],
) -> Result<Vec<Opt>, PageError> {
    let staffed = ask(state, staff, async |app, who| {
        app.prevention_staff(who).await
    })
    .await?;
    Ok(staffed
        .into_iter()
        .map(|(id, name)| Opt {
            selected: ticked(values, &id.to_string()),
            value: id.to_string(),
            label: name,
        })
        .collect())
}

/// A field's label key and the id of its first input.
fn label(field: &str) -> (String, String) {
    let key = format!("staff-prev-programme-{}", field.replace('_', "-"));
    let anchor = match field {
        "audiences" | "facilitators" => format!("{field}-error"),
        other => format!("programme-{other}"),
    };
    (key, anchor)
}

/// The form's page: a new programme's (`this` is `None`) or programme `this`'s.
async fn form_page(
    state: &AppState,
    staff: &Staff,
    this: Option<ProgrammeId>,
    (values, errors, status): (ProgrammeForm, FormErrors, StatusCode),
) -> PageResult {
    let lang = staff.lang;
    let (page, action, submit) = form_head::<ProgrammeGate>(
        state,
        staff,
        this,
        ("/programmes", "nouveau", "staff-prev-programme"),
    );
    let page = FormPage {
        page,
        action,
        back_href: area_path(lang, "/programmes"),
        submit,
        themes: Opt::codes(
            Theme::ALL,
            values.theme.trim().parse().ok(),
            Theme::as_str,
            |t| theme_name(lang, t),
        ),
        audiences: Audience::ALL
            .iter()
            .map(|a| Opt {
                value: a.as_str().to_owned(),
                label: audience_name(lang, *a),
                selected: ticked(&values.audiences, a.as_str()),
            })
            .collect(),
        facilitators: facilitator_opts(state, staff, &values.facilitators).await?,
        errors: Shown::new(lang, &errors, label),
        values,
    };
    Ok(render(&page, status, lang))
}

/// A programme's form, as the add and edit forms flow ([`records`](crate::staff::records)).
impl Record for ProgrammeForm {
    type Directory = Prevention;
    type Id = ProgrammeId;
    const ADDED: PreventionDone = PreventionDone::ProgrammeAdded;

    fn blank(_: &AppState, _: &Staff) -> Self {
        ProgrammeForm {
            active: true,
            ..ProgrammeForm::default()
        }
    }

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<ProgrammeId, AppError> {
        app.add_programme(who, form).await
    }

    /// The list: a programme has no page of its own.
    fn saved(lang: Lang, _: ProgrammeId) -> String {
        area_path(lang, "/programmes")
    }

    async fn page(
        state: &AppState,
        staff: &Staff,
        this: Option<ProgrammeId>,
        filled: Filled<Self, FormErrors>,
    ) -> PageResult {
        form_page(state, staff, this, filled).await
    }
}

/// Its errors: 404 for a programme that is not there.
impl Editable for ProgrammeForm {
    type Edit = ProgrammeGate;
    const EDITED: PreventionDone = PreventionDone::ProgrammeEdited;
    const ALTERED: Option<&'static str> = None;

    async fn load(app: &App, who: &Principal, id: ProgrammeId) -> Result<Self, AppError> {
        app.programme(who, id).await.map(|p| form_of(&p))
    }

    async fn edit(
        app: &App,
        who: &Principal,
        id: ProgrammeId,
        form: &Self,
    ) -> Result<(), AppError> {
        app.edit_programme(who, id, form).await
    }
}
