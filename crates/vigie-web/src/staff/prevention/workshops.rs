//! Sessions (`/espace/prevention/seances`): the list, filtered by programme, structure and month
//! (the filters kept in the pager's links), and the form that records a session: its day, place,
//! programme, facilitators, whether it took place, and its participants as counts by age band and
//! sex. The form says it: counts only, never a child's name or any personal data.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::prevention::{WORKSHOPS_PER_PAGE, WorkshopQuery};
use vigie_domain::observatory::Month;
use vigie_domain::prevention::{Band, Sex, WorkshopForm, count_field};
use vigie_domain::{ProgrammeId, StructureId};

use super::errors::field_errors;
use super::programmes::facilitator_opts;
use super::{PreventionDone, PreventionGate, area, area_path, yes_no};
use crate::session::Staff;
use crate::staff::kit::{FromPairs, Landed, OrPage, PageResult, Pairs, field, fields};
use crate::staff::list::{ListPage, Listing, list_template};
use crate::staff::records::{FormAt, FormFrame};
use crate::staff::showing::FieldErrors;
use crate::staff::words::word;
use crate::staff::{Opt, render, staff_template};
use crate::state::AppState;

/// One row of the list.
pub struct WorkshopRow {
    href: String,
    day: String,
    structure: String,
    programme: String,
    delivered: String,
    young: u32,
    adults: u32,
}

#[derive(Template)]
#[template(path = "staff/prevention/sessions.html")]
struct SessionsPage {
    list: ListPage<WorkshopRow>,
    programmes: Vec<Opt>,
    structures: Vec<Opt>,
    month: String,
    new_href: String,
    notice: Option<String>,
}

list_template!(SessionsPage => WorkshopRow);

/// The structures' and programmes' names (all of them, or the active ones), for the list and the
/// form.
async fn names(
    state: &AppState,
    staff: &Staff,
    active_only: bool,
) -> Result<(Vec<(StructureId, String)>, Vec<(ProgrammeId, String)>), crate::PageError> {
    let who = &staff.principal;
    let structures = state.app.structures(who).await.or_page(state, staff.lang)?;
    let programmes = state.app.programmes(who).await.or_page(state, staff.lang)?;
    Ok((
        structures
            .into_iter()
            .filter(|(_, c)| c.active || !active_only)
            .map(|(id, c)| (id, c.name))
            .collect(),
        programmes
            .into_iter()
            .filter(|p| p.programme.active || !active_only)
            .map(|p| (p.id, p.programme.name))
            .collect(),
    ))
}

/// The name of `id` among `names`.
fn name_of<T: PartialEq>(names: &[(T, String)], id: T) -> String {
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

/// `GET /espace/prevention/seances`: `programme=`, `structure=` and `mois=` (`YYYY-MM`) filter.
pub async fn list(mut list: Listing<PreventionGate>) -> PageResult {
    let lang = list.staff.lang;
    let notice = list.notice::<PreventionDone>();
    let q = WorkshopQuery {
        programme: list.code("programme"),
        structure: list.code("structure"),
        month: list.code::<Month>("mois"),
        page: list.page(),
    };
    let (found, total) = list
        .fetch(async |app, who| app.workshops(who, &q).await)
        .await?;
    let (structures, programmes) = names(&list.state, &list.staff, false).await?;
    let rows = found
        .iter()
        .map(|r| {
            let w = &r.workshop;
            WorkshopRow {
                href: area_path(lang, &format!("/seances/{}/modifier", r.id)),
                day: vigie_domain::time::day_string(w.day),
                structure: name_of(&structures, w.structure),
                programme: name_of(&programmes, w.programme),
                delivered: if w.delivered {
                    yes_no(lang, true)
                } else {
                    lang.t("staff-prev-session-planned")
                },
                young: w.counts.young(),
                adults: w.counts.band(Band::Adults),
            }
        })
        .collect();
    let paging = (q.page.max(1), total, WORKSHOPS_PER_PAGE);
    let page = SessionsPage {
        list: list.show(
            "staff-prev-sessions-title",
            &area("/seances"),
            &paging,
            rows,
        ),
        programmes: Opt::named(&programmes, q.programme),
        structures: Opt::named(&structures, q.structure),
        month: q.month.map(|m| m.to_string()).unwrap_or_default(),
        new_href: area_path(lang, "/seances/nouvelle"),
        notice,
    };
    Ok(render(&page, StatusCode::OK, lang))
}

impl FromPairs for WorkshopForm {
    fn from_pairs(pairs: Pairs) -> Self {
        let mut counts: [[String; 3]; 4] = Default::default();
        for &b in Band::ALL {
            for &s in Sex::ALL {
                counts[b as usize][s as usize] = field(&pairs, &count_field(b, s)).to_owned();
            }
        }
        WorkshopForm {
            day: field(&pairs, "day").to_owned(),
            structure: field(&pairs, "structure").to_owned(),
            programme: field(&pairs, "programme").to_owned(),
            facilitators: fields(&pairs, "facilitators"),
            delivered: !field(&pairs, "delivered").is_empty(),
            counts,
        }
    }
}

/// One cell of the counts' grid.
pub struct CountCell {
    name: String,
    label: String,
    value: String,
    error: Option<String>,
}

/// One row (an age band) of the counts' grid.
pub struct CountRow {
    band: String,
    cells: Vec<CountCell>,
}

#[derive(Template)]
#[template(path = "staff/prevention/session_form.html")]
struct FormPage {
    page: FormFrame,
    values: WorkshopForm,
    structures: Vec<Opt>,
    programmes: Vec<Opt>,
    facilitators: Vec<Opt>,
    sexes: Vec<String>,
    grid: Vec<CountRow>,
    errors: FieldErrors,
}

staff_template!(form FormPage);

/// A field's label key and the id of its input.
fn label(field: &str) -> (String, String) {
    match field {
        "facilitators" => (
            "staff-prev-session-facilitators".into(),
            "facilitators-error".into(),
        ),
        "counts" => ("staff-prev-session-counts".into(), "counts-error".into()),
        cell if cell.starts_with("n_") => (
            "staff-prev-session-counts".into(),
            format!("session-{cell}"),
        ),
        other => (
            format!("staff-prev-session-{other}"),
            format!("session-{other}"),
        ),
    }
}

/// The session form's page: a new session's or a session's, showing its values with its errors.
pub(in crate::staff) async fn form_page(at: FormAt<'_, WorkshopForm>) -> PageResult {
    let (state, staff, this, lang) = (at.state, at.staff, at.this, at.staff.lang);
    let (structures, programmes) = names(state, staff, this.is_none()).await?;
    let errors = field_errors(lang, &at.errors, label);
    let values = &at.values;
    let grid = Band::ALL
        .iter()
        .map(|&b| CountRow {
            band: word(lang, b),
            cells: Sex::ALL
                .iter()
                .map(|&s| {
                    let name = count_field(b, s);
                    CountCell {
                        label: format!("{}, {}", word(lang, b), word(lang, s)),
                        value: values.counts[b as usize][s as usize].clone(),
                        error: errors.error_for(&name).map(str::to_owned),
                        name,
                    }
                })
                .collect(),
        })
        .collect();
    let page = FormPage {
        page: at.frame(),
        structures: Opt::named(&structures, values.structure.trim().parse().ok()),
        programmes: Opt::named(&programmes, values.programme.trim().parse().ok()),
        facilitators: facilitator_opts(state, staff, &values.facilitators).await?,
        sexes: Sex::ALL.iter().map(|s| word(lang, *s)).collect(),
        grid,
        errors,
        values: at.values,
    };
    Ok(render(&page, at.status, lang))
}
