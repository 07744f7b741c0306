//! Prevention (`/espace/prevention`, issue 12, first slice): the structures the prevention team works
//! with, its programmes and the sessions held, for the prevention coordinators only
//! (`ManageWorkshops`; a structure's sealed contact: `ReadStructureContact`).
//!
//! - **Structures** (`structures.rs`): the contact person, role, phone, e-mail and notes are sealed
//!   under the instance secret's contact key, as the partner directory's details are, with the
//!   clear columns (kind, name, arrondissement, quartier, QPV, active) as associated data: a row
//!   changed in the database no longer opens. Lists read the clear half only; opening a contact is
//!   audited (`decrypted`, `prevention_structure:<id>`).
//! - **Programmes** (`programmes.rs`) and **sessions** (`workshops.rs`) hold nothing personal: a
//!   session's participants are counts by age band and sex, never a name.
//!
//! Every change is one `prevention_changed` entry, in the change's own transaction, naming the item
//! and what was done (never content).

mod programmes;
mod structures;
pub(crate) use structures::structure_aad;
mod workshops;
// Campaigns, reports and public figures (issue 12, items 5 to 7).
mod campaigns;
mod figures;
// Impact surveys (issue 12, item 4).
mod surveys;

use campaigns::campaign_object;
pub use figures::{PreventionReport, PublishedPrevention, ReportScope};
pub use programmes::ProgrammeListed;
use programmes::programme_object;
pub use structures::{StructureView, structure_object};
use workshops::workshop_object;
pub use workshops::{PreventionDashboard, WORKSHOPS_PER_PAGE, WorkshopQuery};
// Impact surveys (issue 12, item 4).
pub use surveys::{
    CODE_LABEL, CycleListed, CycleView, OpenSurvey, ProgrammeResults, Slip, cycle_object,
};

use vigie_domain::prevention::{
    CampaignForm, FormErrors, ProgrammeForm, StructureForm, WorkshopForm,
};
use vigie_domain::{
    Action, AuditActor, AuditKind, CampaignId, Principal, ProgrammeId, Resource, Role, StructureId,
    UserId, WorkshopId,
};

use crate::audit::audited;
use crate::{App, AppError, Result};

/// The use cases that add and edit each kind of item, one shape for the four kinds: a staff
/// member's `add_*` and `edit_*` (the policy, `ManageWorkshops`, then the write audited as theirs)
/// and the `insert_*` the demonstration also uses. Each kind's `write_*` validates its form and
/// writes the item, new or over the old, with its audit entry.
macro_rules! staff_writes {
    ($($kind:literal: $add:ident, $insert:ident, $edit:ident => $write:ident($form:ty) -> $id:ty, $object:ident;)+) => {
        impl App {
            $(
                #[doc = concat!("Adds a ", $kind, " from a posted form.")]
                pub async fn $add(&self, who: &Principal, form: &$form) -> Result<$id> {
                    self.may_manage_prevention(who, "").await?;
                    self.$insert(AuditActor::Staff(who.id), form).await
                }

                #[doc = concat!("Validates and stores a new ", $kind, ", audited as `actor`'s.")]
                pub(crate) async fn $insert(&self, actor: AuditActor, form: &$form) -> Result<$id> {
                    let id = <$id>::random();
                    self.$write(actor, id, form, true).await?;
                    Ok(id)
                }

                #[doc = concat!("Replaces ", $kind, " `id` from a posted form.")]
                pub async fn $edit(&self, who: &Principal, id: $id, form: &$form) -> Result<()> {
                    self.may_manage_prevention(who, &$object(id)).await?;
                    self.$write(AuditActor::Staff(who.id), id, form, false).await
                }
            )+
        }
    };
}

staff_writes! {
    "structure": add_structure, insert_structure, edit_structure
        => write_structure(StructureForm) -> StructureId, structure_object;
    "programme": add_programme, insert_programme, edit_programme
        => write_programme(ProgrammeForm) -> ProgrammeId, programme_object;
    "session": add_workshop, insert_workshop, edit_workshop
        => write_workshop(WorkshopForm) -> WorkshopId, workshop_object;
    "campaign": add_campaign, insert_campaign, edit_campaign
        => write_campaign(CampaignForm) -> CampaignId, campaign_object;
}

impl App {
    /// The accounts that may facilitate a programme or a session: active prevention coordinators,
    /// by name.
    pub async fn prevention_staff(&self, who: &Principal) -> Result<Vec<(UserId, String)>> {
        self.authorize_instance(who, Action::ManageWorkshops)
            .await?;
        self.facilitator_accounts().await
    }

    /// Active prevention coordinators, by name (no policy check: the callers made it).
    async fn facilitator_accounts(&self) -> Result<Vec<(UserId, String)>> {
        let mut out: Vec<(UserId, String)> = self
            .store()
            .list_users()
            .await?
            .into_iter()
            .filter(|u| !u.disabled && u.roles.contains(Role::PreventionCoordinator))
            .map(|u| (u.id, u.username))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }

    /// The ids of the active structures and of the active programmes: what a new session or cycle
    /// may name.
    async fn active_ids(&self) -> Result<(Vec<StructureId>, Vec<ProgrammeId>)> {
        let structures = self.structure_rows().await?.into_iter();
        let programmes = self.programme_rows().await?.into_iter();
        Ok((
            structures
                .filter(|(_, c)| c.active)
                .map(|(id, _)| id)
                .collect(),
            programmes
                .filter(|p| p.programme.active)
                .map(|p| p.id)
                .collect(),
        ))
    }

    /// The ids of [`App::facilitator_accounts`]: whom a programme or a session may name.
    async fn facilitator_ids(&self) -> Result<Vec<UserId>> {
        let accounts = self.facilitator_accounts().await?;
        Ok(accounts.into_iter().map(|(id, _)| id).collect())
    }

    /// The policy's answer to `who` managing prevention, a refusal naming `object` when given.
    async fn may_manage_prevention(&self, who: &Principal, object: &str) -> Result<()> {
        self.authorize_on(who, Action::ManageWorkshops, &Resource::Instance, object)
            .await
    }

    /// The `prevention_changed` entry by `actor` on `object` (`what` was done), and `write`, which
    /// stores the change with it in one transaction.
    async fn audited_change(
        &self,
        actor: AuditActor,
        (object, what): (&str, &str),
        write: impl AsyncFnOnce(&vigie_store::Audit<'_>) -> vigie_store::Result<()>,
    ) -> Result<()> {
        let entry = [self
            .entry(actor, AuditKind::PreventionChanged, object, what)
            .await?];
        match write(&audited(&entry)).await {
            Err(vigie_store::StoreError::NotFound(_)) => Err(AppError::NoPreventionItem),
            other => Ok(other?),
        }
    }
}

/// What an audit entry says of an item written: `<item> added`, or `<item> edited`.
fn added_or_edited(item: &str, insert: bool) -> String {
    let done = if insert { "added" } else { "edited" };
    format!("{item} {done}")
}

/// A form's errors, for the use cases' callers.
fn invalid(errors: FormErrors) -> AppError {
    AppError::InvalidPrevention(errors)
}
