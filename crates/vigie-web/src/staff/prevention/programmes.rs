//! Programmes (`/espace/prevention/programmes`): the list, and the form that adds or edits one
//! (theme, audiences, sessions in a cycle, facilitators, funder or STSPD action), shown again with
//! each error beside its field.

use askama::Template;
use vigie_domain::prevention::{Audience, ProgrammeForm, Theme};

use super::errors::field_errors;
use super::lists::{ListText, RecordRow, records_page, state_word};
use super::{PreventionDone, PreventionGate, area_path};
use crate::PageError;
use crate::session::Staff;
use crate::staff::casework::code_names;
use crate::staff::kit::from_pairs;
use crate::staff::kit::{Landed, PageResult, View, ask};
use crate::staff::records::{FormAt, FormFrame};
use crate::staff::showing::FieldErrors;
use crate::staff::words::word;
use crate::staff::{Opt, render, staff_template};
use crate::state::AppState;

/// What the list says around its rows.
const LIST: ListText = ListText {
    id: "programmes",
    intro: "staff-prev-programmes-intro",
    new: "staff-prev-programme-new",
    columns: &[
        "staff-prev-programme-name",
        "staff-prev-programme-theme",
        "staff-prev-programme-audiences",
        "staff-prev-programme-cycle-sessions",
        "staff-prev-programme-facilitators",
        "staff-prev-programme-funder",
        "staff-prev-state",
    ],
    empty: "staff-prev-programmes-empty",
    count: None,
};

/// `GET /espace/prevention/programmes`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let at = view.showing::<PreventionDone>();
    let lang = at.lang();
    let found = at.ask(async |app, who| app.programmes(who).await).await?;
    let rows = found.iter().map(|l| {
        let p = &l.programme;
        RecordRow {
            href: area_path(lang, &format!("/programmes/{}/modifier", l.id)),
            name: p.name.clone(),
            cells: vec![
                word(lang, p.theme),
                code_names(lang, "staff-prev-audience", &p.audiences, Audience::as_str),
                p.cycle_sessions.to_string(),
                l.facilitator_names.join(", "),
                p.funder.clone().unwrap_or_default(),
                state_word(lang, p.active),
            ],
        }
    });
    records_page::<ProgrammeForm>(&at, ("staff-prev-programmes-title", &LIST), rows.collect())
}

from_pairs!(ProgrammeForm {
    name, theme, cycle_sessions, funder; ticks: active; lists: audiences, facilitators
});

#[derive(Template)]
#[template(path = "staff/prevention/programme_form.html")]
struct FormPage {
    page: FormFrame,
    values: ProgrammeForm,
    themes: Vec<Opt>,
    audiences: Vec<Opt>,
    facilitators: Vec<Opt>,
    errors: FieldErrors,
}

staff_template!(form FormPage);

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
pub(in crate::staff) async fn form_page(at: FormAt<'_, ProgrammeForm>) -> PageResult {
    let (state, staff, values, lang) = (at.state, at.staff, &at.values, at.staff.lang);
    let page = FormPage {
        page: at.frame(),
        themes: Opt::worded(lang, Theme::ALL, values.theme.trim().parse().ok()),
        audiences: Opt::ticks(lang, Audience::ALL, &values.audiences),
        facilitators: facilitator_opts(state, staff, &values.facilitators).await?,
        errors: field_errors(lang, &at.errors, label),
        values: at.values,
    };
    Ok(render(&page, at.status, lang))
}
