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

use super::{Directory, Editable, FormAt, Place, Record};
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

/// The partner directory (`/espace/accompagnement/partenaires`).
impl Directory for Partners {
    type New = DirectoryForm;
    type Done = PartnerDone;
    type Errors = PartnerErrors;

    fn refused(e: AppError) -> Result<PartnerErrors, AppError> {
        match e {
            AppError::InvalidPartner(errors) => Ok(errors),
            other => Err(other),
        }
    }
}

/// The prevention area's structures, programmes and sessions (`/espace/prevention`).
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

/// Coordination's meetings (`/espace/coordination`).
impl Directory for Coordination {
    type New = CoordinationGate;
    type Done = CoordinationDone;
    type Errors = CoordinationErrors;

    fn refused(e: AppError) -> Result<CoordinationErrors, AppError> {
        match e {
            AppError::InvalidCoordination(errors) => Ok(errors),
            other => Err(other),
        }
    }
}

/// A directory entry: its page is at `…/partenaires/{id}`.
impl Record for PartnerForm {
    type Directory = Partners;
    type Id = PartnerId;
    const ADDED: PartnerDone = PartnerDone::Added;
    const PLACE: Place = Place {
        list: partners::DIRECTORY,
        new: "/nouveau",
        titles: ["staff-partner-new-title", "staff-partner-edit-title"],
        buttons: ["staff-partner-add-submit", "staff-partner-edit-submit"],
    };

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<PartnerId, AppError> {
        app.add_partner(who, form).await
    }

    fn saved(lang: Lang, id: PartnerId) -> String {
        partners::entry_path(lang, id, "")
    }

    async fn page(at: FormAt<'_, Self>) -> PageResult {
        partners::form::form_page(at).await
    }
}

impl Editable for PartnerForm {
    type Edit = EntryForm;
    const EDITED: PartnerDone = PartnerDone::Edited;
    const ALTERED: Option<&'static str> = Some(partners::ALTERED);

    /// The form filled with the entry (its opening audited).
    async fn load(app: &App, who: &Principal, id: PartnerId) -> Result<Self, AppError> {
        let entry = app.partner_entry(who, id).await?;
        Ok(partner_form(&entry.entry))
    }

    async fn edit(app: &App, who: &Principal, id: PartnerId, form: &Self) -> Result<(), AppError> {
        app.edit_partner(who, id, form).await
    }
}

/// A structure: active when added; its page is at `…/structures/{id}`.
impl Record for StructureForm {
    type Directory = Prevention;
    type Id = StructureId;
    const ADDED: PreventionDone = PreventionDone::StructureAdded;
    const PLACE: Place = Place {
        list: "/espace/prevention/structures",
        new: "/nouvelle",
        titles: ["staff-prev-structure-new", "staff-prev-structure-edit"],
        buttons: ["staff-prev-structure-add", "staff-prev-save"],
    };

    fn blank(_: &AppState, _: &Staff) -> Self {
        StructureForm {
            active: true,
            ..StructureForm::default()
        }
    }

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<StructureId, AppError> {
        app.add_structure(who, form).await
    }

    fn saved(lang: Lang, id: StructureId) -> String {
        prevention::area_path(lang, &format!("/structures/{id}"))
    }

    async fn page(at: FormAt<'_, Self>) -> PageResult {
        structures::form_page(at).await
    }
}

impl Editable for StructureForm {
    type Edit = StructureGate;
    const EDITED: PreventionDone = PreventionDone::StructureEdited;
    const ALTERED: Option<&'static str> = Some(structures::ALTERED);

    async fn load(app: &App, who: &Principal, id: StructureId) -> Result<Self, AppError> {
        app.structure(who, id).await.map(|v| structure_form(&v))
    }

    async fn edit(app: &App, who: &Principal, id: StructureId, f: &Self) -> Result<(), AppError> {
        app.edit_structure(who, id, f).await
    }
}

/// A programme: active when added; it has no page of its own, a saved form leads to the list.
impl Record for ProgrammeForm {
    type Directory = Prevention;
    type Id = ProgrammeId;
    const ADDED: PreventionDone = PreventionDone::ProgrammeAdded;
    const PLACE: Place = Place {
        list: "/espace/prevention/programmes",
        new: "/nouveau",
        titles: ["staff-prev-programme-new", "staff-prev-programme-edit"],
        buttons: ["staff-prev-programme-add", "staff-prev-save"],
    };

    fn blank(_: &AppState, _: &Staff) -> Self {
        ProgrammeForm {
            active: true,
            ..ProgrammeForm::default()
        }
    }

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<ProgrammeId, AppError> {
        app.add_programme(who, form).await
    }

    fn saved(lang: Lang, _: ProgrammeId) -> String {
        prevention::area_path(lang, "/programmes")
    }

    async fn page(at: FormAt<'_, Self>) -> PageResult {
        programmes::form_page(at).await
    }
}

/// Its errors: 404 for a programme that is not there.
impl Editable for ProgrammeForm {
    type Edit = ProgrammeGate;
    const EDITED: PreventionDone = PreventionDone::ProgrammeEdited;
    const ALTERED: Option<&'static str> = None;

    async fn load(app: &App, who: &Principal, id: ProgrammeId) -> Result<Self, AppError> {
        app.programme(who, id).await.map(|p| programme_form(&p))
    }

    async fn edit(app: &App, who: &Principal, id: ProgrammeId, f: &Self) -> Result<(), AppError> {
        app.edit_programme(who, id, f).await
    }
}

/// A session: today's, delivered, the signed-in coordinator facilitating; it has no page of its
/// own, a saved form leads to the list.
impl Record for WorkshopForm {
    type Directory = Prevention;
    type Id = WorkshopId;
    const ADDED: PreventionDone = PreventionDone::SessionRecorded;
    const PLACE: Place = Place {
        list: "/espace/prevention/seances",
        new: "/nouvelle",
        titles: ["staff-prev-session-new", "staff-prev-session-edit"],
        buttons: ["staff-prev-session-add", "staff-prev-save"],
    };

    fn blank(state: &AppState, staff: &Staff) -> Self {
        let today = vigie_domain::time::paris_day(state.app.clock().now());
        WorkshopForm {
            day: vigie_domain::time::day_string(today),
            delivered: true,
            facilitators: vec![staff.principal.id.to_string()],
            ..WorkshopForm::default()
        }
    }

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<WorkshopId, AppError> {
        app.add_workshop(who, form).await
    }

    fn saved(lang: Lang, _: WorkshopId) -> String {
        prevention::area_path(lang, "/seances")
    }

    async fn page(at: FormAt<'_, Self>) -> PageResult {
        workshops::form_page(at).await
    }
}

/// A session's edit form: marked delivered (with its counts) or not, another day; 404 for a
/// session that is not there.
impl Editable for WorkshopForm {
    type Edit = WorkshopGate;
    const EDITED: PreventionDone = PreventionDone::SessionEdited;
    const ALTERED: Option<&'static str> = None;

    async fn load(app: &App, who: &Principal, id: WorkshopId) -> Result<Self, AppError> {
        app.workshop(who, id).await.map(|w| workshop_form(&w))
    }

    async fn edit(app: &App, who: &Principal, id: WorkshopId, f: &Self) -> Result<(), AppError> {
        app.edit_workshop(who, id, f).await
    }
}

/// A campaign: it has no page of its own, a saved form leads to the list.
impl Record for CampaignForm {
    type Directory = Prevention;
    type Id = CampaignId;
    const ADDED: PreventionDone = PreventionDone::CampaignAdded;
    const PLACE: Place = Place {
        list: "/espace/prevention/campagnes",
        new: "/nouvelle",
        titles: ["staff-prev-campaign-new", "staff-prev-campaign-edit"],
        buttons: ["staff-prev-campaign-add", "staff-prev-save"],
    };

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<CampaignId, AppError> {
        app.add_campaign(who, form).await
    }

    fn saved(lang: Lang, _: CampaignId) -> String {
        prevention::area_path(lang, "/campagnes")
    }

    async fn page(at: FormAt<'_, Self>) -> PageResult {
        campaigns::form_page(at).await
    }
}

/// Its errors: 404 for a campaign that is not there.
impl Editable for CampaignForm {
    type Edit = CampaignGate;
    const EDITED: PreventionDone = PreventionDone::CampaignEdited;
    const ALTERED: Option<&'static str> = None;

    async fn load(app: &App, who: &Principal, id: CampaignId) -> Result<Self, AppError> {
        app.campaign(who, id).await.map(|c| campaign_form(&c))
    }

    async fn edit(app: &App, who: &Principal, id: CampaignId, f: &Self) -> Result<(), AppError> {
        app.edit_campaign(who, id, f).await
    }
}

/// A meeting: never edited (only the "new" form's texts are used); its page is at
/// `…/reunions/{id}`.
impl Record for MeetingForm {
    type Directory = Coordination;
    type Id = MeetingId;
    const ADDED: CoordinationDone = CoordinationDone::MeetingAdded;
    const PLACE: Place = Place {
        list: "/espace/coordination",
        new: "/reunions/nouvelle",
        titles: ["staff-coord-meeting-new", "staff-coord-meeting-new"],
        buttons: ["staff-coord-meeting-add", "staff-coord-meeting-add"],
    };

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<MeetingId, AppError> {
        app.add_meeting(who, form).await
    }

    fn saved(lang: Lang, id: MeetingId) -> String {
        coordination::area_path(lang, &format!("/reunions/{id}"))
    }

    async fn page(at: FormAt<'_, Self>) -> PageResult {
        meetings::form_page(at).await
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
        day: vigie_domain::time::day_string(w.day),
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
