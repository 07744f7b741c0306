//! Each kind of record, side by side: the app's use cases its forms call, where its forms are and
//! what they say, its outcomes, and the page (in its area's module) that shows its form.

use vigie_app::partners::PartnerEntry;
use vigie_app::prevention::StructureView;
use vigie_app::{App, AppError};
use vigie_domain::coordination::{FormErrors as CoordinationErrors, MeetingForm};
use vigie_domain::partner::{PartnerErrors, PartnerForm};
use vigie_domain::prevention::{
    Band, Campaign, CampaignForm, FormErrors, Programme, ProgrammeForm, Sex, StructureForm,
    Workshop, WorkshopForm,
};
use vigie_domain::time::day_string;
use vigie_domain::{
    CampaignId, MeetingId, PartnerId, Principal, ProgrammeId, StructureId, WorkshopId,
};

use super::{Directory, DoneOf, Editable, FormAt, Place, Record};
use crate::Lang;
use crate::session::Staff;
use crate::staff::coordination::meetings::{self, Coordination};
use crate::staff::coordination::{self, CoordinationGate};
use crate::staff::kit::PageResult;
use crate::staff::outcomes::{CoordinationDone, PartnerDone, PreventionDone};
use crate::staff::partners::{self, DirectoryForm, EntryForm, Partners};
use crate::staff::prevention::{
    self, CampaignGate, Prevention, PreventionGate, ProgrammeGate, StructureGate, WorkshopGate,
    campaigns, programmes, structures, workshops,
};
use crate::state::AppState;

/// Declares an area's [`Directory`]: the gate of its lists and "new" forms, its outcomes, its
/// form errors and the app error that carries them.
macro_rules! directory {
    ($(#[$doc:meta])* $dir:ty: $new:ty, $done:ty, $errors:ty, $refused:ident) => {
        $(#[$doc])*
        impl Directory for $dir {
            type New = $new;
            type Done = $done;
            type Errors = $errors;

            fn refused(e: AppError) -> Result<$errors, AppError> {
                match e {
                    AppError::$refused(errors) => Ok(errors),
                    other => Err(other),
                }
            }
        }
    };
}

/// Declares a kind of record: its [`Record`] impl, and its [`Editable`] one when an `edit` part
/// names the edit form's gate, outcome and use cases. Only what differs between kinds is written.
macro_rules! record_kind {
    (
        $(#[$doc:meta])*
        $form:ty: $dir:ty, $id:ty, $added:expr, $place:expr,
        $(blank |$st:tt, $sf:tt| $blank:expr,)?
        add $add:ident, saved |$lang:ident, $sid:tt| $saved:expr, page $page:path
        $(; edit $gate:ty, $edited:expr, $altered:expr,
            load |$app:ident, $who:ident, $lid:ident| $load:expr, save $edit:ident)?
    ) => {
        $(#[$doc])*
        impl Record for $form {
            type Directory = $dir;
            type Id = $id;
            const ADDED: DoneOf<Self> = $added;
            const PLACE: Place = $place;

            $(fn blank($st: &AppState, $sf: &Staff) -> Self {
                $blank
            })?

            async fn add(app: &App, who: &Principal, form: &Self) -> Result<$id, AppError> {
                app.$add(who, form).await
            }

            fn saved($lang: Lang, $sid: $id) -> String {
                $saved
            }

            async fn page(at: FormAt<'_, Self>) -> PageResult {
                $page(at).await
            }
        }

        $(impl Editable for $form {
            type Edit = $gate;
            const EDITED: DoneOf<Self> = $edited;
            const ALTERED: Option<&'static str> = $altered;

            async fn load($app: &App, $who: &Principal, $lid: $id) -> Result<Self, AppError> {
                $load
            }

            async fn edit(app: &App, who: &Principal, id: $id, form: &Self) -> Result<(), AppError> {
                app.$edit(who, id, form).await
            }
        })?
    };
}

directory!(
    /// The partner directory (`/espace/accompagnement/partenaires`).
    Partners: DirectoryForm, PartnerDone, PartnerErrors, InvalidPartner
);
directory!(
    /// The prevention area's structures, programmes, sessions and campaigns (`/espace/prevention`).
    Prevention: PreventionGate, PreventionDone, FormErrors, InvalidPrevention
);
directory!(
    /// Coordination's meetings (`/espace/coordination`).
    Coordination: CoordinationGate, CoordinationDone, CoordinationErrors, InvalidCoordination
);

/// Where a prevention record's forms are: under its list, `/nouvelle` or `/nouveau`, titled and
/// labelled by its `key` (`staff-prev-{key}-new`, …).
macro_rules! prevention_place {
    ($list:literal, $new:literal, $key:literal) => {
        Place {
            list: concat!("/espace/prevention/", $list),
            new: $new,
            titles: [
                concat!("staff-prev-", $key, "-new"),
                concat!("staff-prev-", $key, "-edit"),
            ],
            buttons: [concat!("staff-prev-", $key, "-add"), "staff-prev-save"],
        }
    };
}

record_kind!(
    /// A directory entry: its page is at `…/partenaires/{id}`; its opening is audited when its
    /// edit form is filled with it.
    PartnerForm: Partners, PartnerId, PartnerDone::Added,
    Place {
        list: partners::DIRECTORY,
        new: "/nouveau",
        titles: ["staff-partner-new-title", "staff-partner-edit-title"],
        buttons: ["staff-partner-add-submit", "staff-partner-edit-submit"],
    },
    add add_partner, saved |lang, id| partners::entry_path(lang, id, ""),
    page partners::form::form_page;
    edit EntryForm, PartnerDone::Edited, Some(partners::ALTERED),
    load |app, who, id| Ok(partner_form(&app.partner_entry(who, id).await?.entry)),
    save edit_partner
);

record_kind!(
    /// A structure: active when added; its page is at `…/structures/{id}`.
    StructureForm: Prevention, StructureId, PreventionDone::StructureAdded,
    prevention_place!("structures", "/nouvelle", "structure"),
    blank |_, _| StructureForm { active: true, ..StructureForm::default() },
    add add_structure,
    saved |lang, id| prevention::area_path(lang, &format!("/structures/{id}")),
    page structures::form_page;
    edit StructureGate, PreventionDone::StructureEdited, Some(structures::ALTERED),
    load |app, who, id| app.structure(who, id).await.map(|v| structure_form(&v)),
    save edit_structure
);

record_kind!(
    /// A programme: active when added; it has no page of its own, a saved form leads to the list
    /// (404 for a programme that is not there).
    ProgrammeForm: Prevention, ProgrammeId, PreventionDone::ProgrammeAdded,
    prevention_place!("programmes", "/nouveau", "programme"),
    blank |_, _| ProgrammeForm { active: true, ..ProgrammeForm::default() },
    add add_programme, saved |lang, _| prevention::area_path(lang, "/programmes"),
    page programmes::form_page;
    edit ProgrammeGate, PreventionDone::ProgrammeEdited, None,
    load |app, who, id| app.programme(who, id).await.map(|p| programme_form(&p)),
    save edit_programme
);

record_kind!(
    /// A session: today's, delivered, the signed-in coordinator facilitating; it has no page of
    /// its own, a saved form leads to the list. Its edit form marks it delivered (with its
    /// counts) or not, or moves it to another day; 404 for a session that is not there.
    WorkshopForm: Prevention, WorkshopId, PreventionDone::SessionRecorded,
    prevention_place!("seances", "/nouvelle", "session"),
    blank |state, staff| new_workshop(state, staff),
    add add_workshop, saved |lang, _| prevention::area_path(lang, "/seances"),
    page workshops::form_page;
    edit WorkshopGate, PreventionDone::SessionEdited, None,
    load |app, who, id| app.workshop(who, id).await.map(|w| workshop_form(&w)),
    save edit_workshop
);

record_kind!(
    /// A campaign: it has no page of its own, a saved form leads to the list (404 for a campaign
    /// that is not there).
    CampaignForm: Prevention, CampaignId, PreventionDone::CampaignAdded,
    prevention_place!("campagnes", "/nouvelle", "campaign"),
    add add_campaign, saved |lang, _| prevention::area_path(lang, "/campagnes"),
    page campaigns::form_page;
    edit CampaignGate, PreventionDone::CampaignEdited, None,
    load |app, who, id| app.campaign(who, id).await.map(|c| campaign_form(&c)),
    save edit_campaign
);

record_kind!(
    /// A meeting: never edited (only the "new" form's texts are used); its page is at
    /// `…/reunions/{id}`.
    MeetingForm: Coordination, MeetingId, CoordinationDone::MeetingAdded,
    Place {
        list: "/espace/coordination",
        new: "/reunions/nouvelle",
        titles: ["staff-coord-meeting-new", "staff-coord-meeting-new"],
        buttons: ["staff-coord-meeting-add", "staff-coord-meeting-add"],
    },
    add add_meeting,
    saved |lang, id| coordination::area_path(lang, &format!("/reunions/{id}")),
    page meetings::form_page
);

/// A new session's form: today, delivered, the signed-in coordinator facilitating.
fn new_workshop(state: &AppState, staff: &Staff) -> WorkshopForm {
    let today = vigie_domain::time::paris_day(state.app.clock().now());
    WorkshopForm {
        day: day_string(today),
        delivered: true,
        facilitators: vec![staff.principal.id.to_string()],
        ..WorkshopForm::default()
    }
}

/// An entry as its form shows it, to edit it.
fn partner_form(e: &PartnerEntry) -> PartnerForm {
    let (c, d) = (&e.clear, &e.details);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    PartnerForm {
        name: d.name.clone(),
        kind: c.kind.as_str().to_owned(),
        speciality: text(&d.speciality),
        areas: c.areas.clone(),
        languages: c.languages.iter().map(|l| l.as_str().to_owned()).collect(),
        capacity: c.capacity.map(|n| n.to_string()).unwrap_or_default(),
        agreement: c.agreement.as_str().to_owned(),
        police_funded: c.police_funded,
        account: c.account.map(|a| a.to_string()).unwrap_or_default(),
        phone: text(&d.phone),
        email: text(&d.email),
        address: text(&d.address),
        notes: text(&d.notes),
    }
}

/// A structure as its form shows it, to edit it.
fn structure_form(v: &StructureView) -> StructureForm {
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

/// A programme as its form shows it, to edit it.
fn programme_form(p: &Programme) -> ProgrammeForm {
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

/// A session as its form shows it, to edit it (an empty cell for a count of zero).
fn workshop_form(w: &Workshop) -> WorkshopForm {
    let mut counts: [[String; 3]; 4] = Default::default();
    for &b in Band::ALL {
        for &s in Sex::ALL {
            let n = w.counts.get(b, s);
            if n > 0 {
                counts[b as usize][s as usize] = n.to_string();
            }
        }
    }
    WorkshopForm {
        day: day_string(w.day),
        structure: w.structure.to_string(),
        programme: w.programme.to_string(),
        facilitators: w.facilitators.iter().map(ToString::to_string).collect(),
        delivered: w.delivered,
        counts,
    }
}

/// A campaign as its form shows it, to edit it.
fn campaign_form(c: &Campaign) -> CampaignForm {
    CampaignForm {
        name: c.name.clone(),
        kind: c.kind.as_str().to_owned(),
        start: day_string(c.start),
        end: day_string(c.end),
        districts: c.districts.clone(),
        reach: c.reach.map(|(n, _)| n.to_string()).unwrap_or_default(),
        reach_unit: c
            .reach
            .map(|(_, u)| u.as_str().to_owned())
            .unwrap_or_default(),
        programme: c.programme.map(|p| p.to_string()).unwrap_or_default(),
    }
}
