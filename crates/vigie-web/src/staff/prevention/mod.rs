//! Prevention (`/espace/prevention`), for the prevention coordinators: the dashboard of a year
//! (`dashboard`), the structures (`structures`), the programmes (`programmes`) and the sessions
//! (`workshops`); the forms' errors beside their fields (`errors`); here, their gates, outcomes,
//! names of codes and routes.
//!
//! Only a structure's page and its edit form open sealed content (its contact): the app audits it.

mod dashboard;
mod errors;
mod programmes;
mod structures;
mod workshops;

use vigie_domain::prevention::{Audience, Band, Sex, StructureKind, Theme};
use vigie_domain::{ProgrammeId, StructureId};

use super::casework::code_name;
use super::kit::{PathId, gate, outcomes};
use super::observatory;
use super::observatory::form::quartiers;
use super::table::RouteTable;
use crate::Lang;
use crate::state::AppState;

gate!(
    /// The area's lists and its "new" forms (a structure, a programme, a session).
    PreventionGate: (), ManageWorkshops, |()| "prevention";
    /// A structure's edit form: a token for one structure opens no other.
    StructureGate: StructureId, ManageWorkshops, |id| format!("prevention_structure:{id}");
    /// A programme's edit form: a token for one programme opens no other.
    ProgrammeGate: ProgrammeId, ManageWorkshops, |id| format!("prevention_programme:{id}");
);

outcomes!(
    /// What a prevention form did.
    PreventionDone {
        /// A structure added.
        StructureAdded = "structure-ajoutee" => "staff-prev-done-structure-added",
        /// A structure edited.
        StructureEdited = "structure-modifiee" => "staff-prev-done-structure-edited",
        /// A programme added.
        ProgrammeAdded = "programme-ajoute" => "staff-prev-done-programme-added",
        /// A programme edited.
        ProgrammeEdited = "programme-modifie" => "staff-prev-done-programme-edited",
        /// A session recorded.
        SessionRecorded = "seance-enregistree" => "staff-prev-done-session-recorded",
    }
);

impl PathId for StructureId {
    fn from_path(raw: Option<&str>) -> Option<Self> {
        raw?.parse().ok()
    }
}

impl PathId for ProgrammeId {
    fn from_path(raw: Option<&str>) -> Option<Self> {
        raw?.parse().ok()
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

/// The routes under `/espace/prevention`.
pub(super) fn routes() -> RouteTable {
    RouteTable::new()
        .get("/", dashboard::page)
        .get("/structures", structures::list)
        .get("/structures/nouvelle", structures::new_form)
        .post("/structures/nouvelle", structures::add)
        .get("/structures/{id}", structures::page)
        .get("/structures/{id}/modifier", structures::edit_form)
        .post("/structures/{id}/modifier", structures::edit)
        .get("/programmes", programmes::list)
        .get("/programmes/nouveau", programmes::new_form)
        .post("/programmes/nouveau", programmes::add)
        .get("/programmes/{id}/modifier", programmes::edit_form)
        .post("/programmes/{id}/modifier", programmes::edit)
        .get("/seances", workshops::list)
        .get("/seances/nouvelle", workshops::new_form)
        .post("/seances/nouvelle", workshops::add)
}
