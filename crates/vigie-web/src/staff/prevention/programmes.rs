//! Programmes (`/espace/prevention/programmes`): the list, and the form that adds or edits one
//! (theme, audiences, sessions in a cycle, facilitators, funder or STSPD action), shown again with
//! each error beside its field.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_domain::ProgrammeId;
use vigie_domain::prevention::{Audience, FormErrors, Programme, ProgrammeForm, Theme};

use super::errors::Shown;
use super::{
    PreventionDone, PreventionGate, ProgrammeGate, area, area_path, audience_name, theme_name,
};
use crate::PageError;
use crate::session::Staff;
use crate::staff::casework::code_names;
use crate::staff::kit::{
    FromPairs, ItemPage, Landed, OrPage, PageResult, Pairs, Post, View, app_page, done, field,
    fields,
};
use crate::staff::{Opt, StaffPage, item_page, render, staff_page, staff_template};
use crate::state::AppState;

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
    notice: Option<String>,
}

staff_template!(ListPage);

/// `GET /espace/prevention/programmes`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let notice = view.notice::<PreventionDone>();
    let (state, staff, _) = view.parts();
    let lang = staff.lang;
    let found = state
        .app
        .programmes(&staff.principal)
        .await
        .or_page(&state, lang)?;
    let rows = found
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
        page: staff_page(
            &state,
            &staff,
            "staff-prev-programmes-title",
            &area("/programmes"),
        ),
        rows,
        new_href: area_path(lang, "/programmes/nouveau"),
        notice,
    };
    Ok(render(&page, StatusCode::OK, lang))
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
    let staffed = state
        .app
        .prevention_staff(&staff.principal)
        .await
        .or_page(state, staff.lang)?;
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
    let (page, action, submit) = match this {
        None => (
            staff_page(
                state,
                staff,
                "staff-prev-programme-new",
                &area("/programmes/nouveau"),
            )
            .with_form::<PreventionGate>(state, staff, &()),
            area_path(lang, "/programmes/nouveau"),
            "staff-prev-programme-add",
        ),
        Some(id) => (
            item_page::<ProgrammeGate>(
                state,
                staff,
                (&id, &area(&format!("/programmes/{id}/modifier"))),
                lang.t("staff-prev-programme-edit"),
            ),
            area_path(lang, &format!("/programmes/{id}/modifier")),
            "staff-prev-save",
        ),
    };
    let page = FormPage {
        page,
        action,
        back_href: area_path(lang, "/programmes"),
        submit: lang.t(submit),
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

/// `GET /espace/prevention/programmes/nouveau`.
pub async fn new_form(view: View<PreventionGate>) -> PageResult {
    let (state, staff, _) = view.parts();
    let blank = ProgrammeForm {
        active: true,
        ..ProgrammeForm::default()
    };
    form_page(&state, &staff, None, (blank, Vec::new(), StatusCode::OK)).await
}

/// `POST /espace/prevention/programmes/nouveau`.
pub async fn add(post: Post<PreventionGate, ProgrammeForm>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    match state.app.add_programme(&staff.principal, &form).await {
        Ok(_) => Ok(done(
            &area_path(staff.lang, "/programmes"),
            PreventionDone::ProgrammeAdded,
        )),
        Err(AppError::InvalidPrevention(errors)) => {
            let shown = (form, errors, StatusCode::UNPROCESSABLE_ENTITY);
            form_page(&state, &staff, None, shown).await
        }
        Err(e) => Err(e).or_page(&state, staff.lang),
    }
}

/// The page for an error of the app: 404 for a programme that is not there.
fn programme_error(state: &AppState, lang: crate::Lang, e: &AppError) -> PageError {
    match e {
        AppError::NoPreventionItem => PageError::not_found(lang).with_config(&state.web),
        other => app_page(state, lang, other),
    }
}

/// `GET /espace/prevention/programmes/{id}/modifier`.
pub async fn edit_form(page: ItemPage<ProgrammeId>) -> PageResult {
    let (state, staff, id, _) = page.parts();
    let programme = state
        .app
        .programme(&staff.principal, id)
        .await
        .map_err(|e| programme_error(&state, staff.lang, &e))?;
    let shown = (form_of(&programme), Vec::new(), StatusCode::OK);
    form_page(&state, &staff, Some(id), shown).await
}

/// `POST /espace/prevention/programmes/{id}/modifier`.
pub async fn edit(post: Post<ProgrammeGate, ProgrammeForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    match state.app.edit_programme(&staff.principal, id, &form).await {
        Ok(()) => Ok(done(
            &area_path(staff.lang, "/programmes"),
            PreventionDone::ProgrammeEdited,
        )),
        Err(AppError::InvalidPrevention(errors)) => {
            let shown = (form, errors, StatusCode::UNPROCESSABLE_ENTITY);
            form_page(&state, &staff, Some(id), shown).await
        }
        Err(e) => Err(programme_error(&state, staff.lang, &e)),
    }
}
