//! Prevention (`/espace/prevention`), for the prevention coordinators: the dashboard of a year
//! (`dashboard`), the structures (`structures`), the programmes (`programmes`) and the sessions
//! (`workshops`); the forms' errors beside their fields (`errors`); here, their gates, outcomes,
//! names of codes.
//!
//! Only a structure's page and its edit form open sealed content (its contact): the app audits it.

pub(super) mod dashboard;
pub(super) mod errors;
pub(super) mod programmes;
pub(super) mod structures;
pub(super) mod workshops;
// Campaigns, reports and public figures (issue 12, items 5 to 7).
pub(super) mod campaigns;
pub(super) mod figures;
pub(super) mod report;

use vigie_app::AppError;
use vigie_domain::prevention::{Audience, Band, FormErrors, Sex, StructureKind, Theme};
use vigie_domain::{CampaignId, ProgrammeId, StructureId, WorkshopId};

use super::casework::code_name;
use super::kit::{Gate, gate};
use super::observatory;
use super::observatory::form::quartiers;
use super::outcomes::PreventionDone;
use super::records::Directory;
use super::{StaffPage, item_page, staff_page};
use crate::Lang;
use crate::session::Staff;
use crate::state::AppState;

gate!(
    /// The area's lists and its "new" forms (a structure, a programme, a session).
    PreventionGate: (), ManageWorkshops, |()| "prevention";
    /// A structure's edit form: a token for one structure opens no other.
    StructureGate: StructureId, ManageWorkshops, |id| format!("prevention_structure:{id}");
    /// A programme's edit form: a token for one programme opens no other.
    ProgrammeGate: ProgrammeId, ManageWorkshops, |id| format!("prevention_programme:{id}");
    /// A session's edit form: a token for one session opens no other.
    WorkshopGate: WorkshopId, ManageWorkshops, |id| format!("prevention_session:{id}");
    /// A campaign's edit form: a token for one campaign opens no other.
    CampaignGate: CampaignId, ManageWorkshops, |id| format!("prevention_campaign:{id}");
    /// The form that publishes a period's figures.
    FiguresGate: (), PublishPreventionFigures, |()| "prevention:publish";
);

/// The area's structures, programmes and sessions, as their forms flow
/// ([`records`](super::records)).
pub(crate) struct Prevention;

impl Directory for Prevention {
    type New = PreventionGate;
    type Done = PreventionDone;
    type Errors = FormErrors;

    fn refused(e: AppError) -> Result<FormErrors, AppError> {
        match e {
            AppError::InvalidPrevention(errors) => Ok(errors),
            other => Err(other),
        }
    }
}

/// The area's address (French), under which every page of this module lives.
const AREA: &str = "/espace/prevention";

/// The address (French, unprefixed) of a page of the area (`suffix` empty or starting with `/`).
fn area(suffix: &str) -> String {
    format!("{AREA}{suffix}")
}

/// The address of a page of the area in `lang`.
fn area_path(lang: Lang, suffix: &str) -> String {
    lang.path(&area(suffix))
}

/// What a record's form page (a structure, a programme, a session, a campaign) starts with: its
/// layout, the form's address and its button's text. A new record's (`this` is `None`: at
/// `{list}/{new}`, titled `{key}-new`, its button `{key}-add`) or record `this`'s (at
/// `{list}/{id}/modifier`, titled `{key}-edit`, its button "save"), `G` the edit form's gate.
fn form_head<G: Gate>(
    state: &AppState,
    staff: &Staff,
    this: Option<G::Id>,
    (list, new, key): (&str, &str, &str),
) -> (StaffPage, String, String)
where
    G::Id: std::fmt::Display,
{
    let lang = staff.lang;
    let (path, page, submit) = match this {
        None => {
            let path = area(&format!("{list}/{new}"));
            let page = staff_page(state, staff, &format!("{key}-new"), &path)
                .with_form::<PreventionGate>(state, staff, &());
            (path, page, format!("{key}-add"))
        }
        Some(id) => {
            let path = area(&format!("{list}/{id}/modifier"));
            let title = lang.t(&format!("{key}-edit"));
            let page = item_page::<G>(state, staff, (&id, &path), title);
            (path, page, "staff-prev-save".to_owned())
        }
    };
    (page, lang.path(&path), lang.t(&submit))
}

/// A structure kind, translated.
fn kind_name(lang: Lang, k: StructureKind) -> String {
    code_name(lang, "staff-prev-kind", k.as_str())
}

/// A theme, translated.
fn theme_name(lang: Lang, t: Theme) -> String {
    code_name(lang, "staff-prev-theme", t.as_str())
}

/// An audience, translated.
fn audience_name(lang: Lang, a: Audience) -> String {
    code_name(lang, "staff-prev-audience", a.as_str())
}

/// An age band of the counts, translated.
fn band_name(lang: Lang, b: Band) -> String {
    code_name(lang, "staff-prev-band", b.as_str())
}

/// A column of the counts, translated.
fn sex_name(lang: Lang, s: Sex) -> String {
    code_name(lang, "staff-prev-sex", s.as_str())
}

/// Yes or no, translated.
fn yes_no(lang: Lang, yes: bool) -> String {
    lang.t(if yes {
        "staff-prev-yes"
    } else {
        "staff-prev-no"
    })
}

/// Where a structure is: its arrondissement and quartier, in words.
fn place(state: &AppState, district: &str, neighbourhood: Option<&str>) -> String {
    observatory::area_name(state, district, neighbourhood)
}
