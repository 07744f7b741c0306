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
mod lists;
pub(super) mod report;

use vigie_domain::prevention::{
    Audience, Band, CampaignKind, ReachUnit, Sex, StructureKind, Theme,
};
use vigie_domain::{CampaignId, ProgrammeId, StructureId, WorkshopId};

use super::kit::gate;
use super::observatory;
use super::observatory::form::quartiers;
use super::outcomes::PreventionDone;
use crate::Lang;
use crate::staff::words::worded;
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

/// The area's address (French), under which every page of this module lives.
const AREA: &str = "/espace/prevention";

/// The address (French, unprefixed) of a page of the area (`suffix` empty or starting with `/`).
fn area(suffix: &str) -> String {
    format!("{AREA}{suffix}")
}

/// The address of a page of the area in `lang`.
pub(super) fn area_path(lang: Lang, suffix: &str) -> String {
    lang.path(&area(suffix))
}

// Each code enum of the area, in words (`crate::staff::words::word`).
worded!(
    StructureKind => "staff-prev-kind",
    Theme => "staff-prev-theme",
    Audience => "staff-prev-audience",
    Band => "staff-prev-band",
    Sex => "staff-prev-sex",
    CampaignKind => "staff-prev-campaign-kind",
    ReachUnit => "staff-prev-reach-unit",
);

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
