//! Programmes: a theme, an audience, a cycle of sessions, facilitators (prevention staff accounts),
//! the funder or STSPD action it answers. Nothing in them is personal: stored in clear.

use vigie_domain::prevention::{Programme, ProgrammeForm, validate_programme};
use vigie_domain::{AuditActor, Principal, ProgrammeId, UserId};
use vigie_store::ProgrammeRecord;

use super::added_or_edited;
use super::invalid;
use crate::{App, AppError, Result};

/// A programme as the lists show it: its facilitators by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeListed {
    /// Id.
    pub id: ProgrammeId,
    /// The programme.
    pub programme: Programme,
    /// Its facilitators' user names, in its order.
    pub facilitator_names: Vec<String>,
}

/// What an audit entry about programme `id` names: `prevention_programme:<uuid>`.
pub(super) fn programme_object(id: ProgrammeId) -> String {
    format!("prevention_programme:{id}")
}

impl App {
    /// Every programme, by name, with its facilitators' names.
    pub async fn programmes(&self, who: &Principal) -> Result<Vec<ProgrammeListed>> {
        self.may_manage_prevention(who, "").await?;
        self.programme_rows().await
    }

    /// Every programme, by name (no policy check: the callers made it).
    pub(super) async fn programme_rows(&self) -> Result<Vec<ProgrammeListed>> {
        let names = self.store().list_users().await?;
        let name_of = |id: UserId| {
            names
                .iter()
                .find(|u| u.id == id)
                .map_or_else(|| id.to_string(), |u| u.username.clone())
        };
        Ok(self
            .store()
            .programmes()
            .await?
            .into_iter()
            .map(|r| ProgrammeListed {
                facilitator_names: r
                    .programme
                    .facilitators
                    .iter()
                    .map(|f| name_of(*f))
                    .collect(),
                id: r.id,
                programme: r.programme,
            })
            .collect())
    }

    /// One programme, for its edit form.
    pub async fn programme(&self, who: &Principal, id: ProgrammeId) -> Result<Programme> {
        self.may_manage_prevention(who, &programme_object(id))
            .await?;
        let rec = self.store().programme(id).await?;
        rec.map(|r| r.programme).ok_or(AppError::NoPreventionItem)
    }

    /// Validates `form` and writes programme `id` (new, or over the old) with its audit entry.
    pub(super) async fn write_programme(
        &self,
        actor: AuditActor,
        id: ProgrammeId,
        form: &ProgrammeForm,
        insert: bool,
    ) -> Result<()> {
        let allowed = self.facilitator_ids().await?;
        let programme = validate_programme(form, &allowed).map_err(invalid)?;
        let rec = ProgrammeRecord { id, programme };
        let what = added_or_edited("programme", insert);
        let store = self.store();
        self.audited_change(actor, (&programme_object(id), &what), async |audit| {
            store.save_programme(&rec, insert, audit).await
        })
        .await
    }
}
