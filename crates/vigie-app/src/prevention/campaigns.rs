//! Campaigns (posters, events, social media, radio): a period, the arrondissements covered, a reach
//! and, if it belongs to one, a programme. Nothing in them is personal: stored in clear.

use vigie_domain::prevention::{Campaign, CampaignForm, validate_campaign};
use vigie_domain::time::paris_day;
use vigie_domain::{AuditActor, CampaignId, Principal, ProgrammeId};
use vigie_store::CampaignRecord;

use super::{added_or_edited, invalid};
use crate::{App, AppError, Result};

/// What an audit entry about campaign `id` names: `prevention_campaign:<uuid>`.
pub(super) fn campaign_object(id: CampaignId) -> String {
    format!("prevention_campaign:{id}")
}

impl App {
    /// Every campaign, the newest first.
    pub async fn campaigns(&self, who: &Principal) -> Result<Vec<CampaignRecord>> {
        self.may_manage_prevention(who, "").await?;
        Ok(self.store().campaigns().await?)
    }

    /// One campaign, for its edit form.
    pub async fn campaign(&self, who: &Principal, id: CampaignId) -> Result<Campaign> {
        self.may_manage_prevention(who, &campaign_object(id))
            .await?;
        let rec = self.store().campaign(id).await?;
        rec.map(|r| r.campaign).ok_or(AppError::NoPreventionItem)
    }

    /// Validates `form` (any programme, active or not, may be named) and writes campaign `id`
    /// (new, or over the old) with its audit entry.
    pub(super) async fn write_campaign(
        &self,
        actor: AuditActor,
        id: CampaignId,
        form: &CampaignForm,
        insert: bool,
    ) -> Result<()> {
        let programmes: Vec<ProgrammeId> = self
            .programme_rows()
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let today = paris_day(self.clock().now());
        let campaign = validate_campaign(form, &self.settings().areas, (&programmes, today))
            .map_err(invalid)?;
        let rec = CampaignRecord { id, campaign };
        let what = added_or_edited("campaign", insert);
        let store = self.store();
        self.audited_change(actor, (&campaign_object(id), &what), async |audit| {
            store.save_campaign(&rec, insert, audit).await
        })
        .await
    }
}
