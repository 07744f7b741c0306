//! A referral's life after it is proposed: the caseworker updates its extract (a new sealed
//! version for the partner, who reads the newest; the caseworkers see them all), and one still
//! `proposed` after `[casework] referral_expiry_days` expires in the hourly housekeeping, its
//! partner's slot removed and a key generation started exactly as revoking does.

use vigie_domain::referral::{ReferralStatus, expiry_cutoff};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{Action, AuditActor, AuditKind, Denied, Principal, ReferralId};
use vigie_store::ReferralRecord;
use vigie_vault::SecretKey;

use super::files::sealed_json;
use super::referrals::{EXTRACT, ExtractChoice, Recipient, invalid, object};
use crate::audit::audited;
use crate::{App, AppError, Result};

/// Referrals expired in one batch of the housekeeping job.
const EXPIRY_BATCH: i64 = 100;

impl App {
    /// A caseworker of the file's team updates an open referral's extract (the details chosen
    /// again, a new reason): a new version sealed under the referral's newest key, which the
    /// partner holds while it is open. The consent is checked again, as when it was proposed.
    pub async fn update_referral_extract(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReferralId,
        choice: &ExtractChoice,
    ) -> Result<()> {
        let (record, as_partner) = self
            .referral_for(who, id, Action::AddReferralFollowUp, Action::ReferCase)
            .await?;
        if as_partner {
            return Err(AppError::Denied(Denied::Role));
        }
        if !record.status.is_open() {
            return Err(invalid(
                "cette orientation n'est plus ouverte / this referral is no longer open",
            ));
        }
        let kind = record
            .partner_kind
            .parse()
            .map_err(|_| crate::reports::follow::corrupt("referral kind"))?;
        let to = (kind, Recipient::Account(record.partner));
        let (_, extract, overridden) = self
            .checked_extract(who, secret, record.file, to, choice)
            .await?;
        let detail = if overridden {
            "extract updated without consent (override, reason given)"
        } else {
            "extract updated"
        };
        let extract = sealed_json(&extract)?;
        self.add_open_referral_part(who, secret, id, (EXTRACT, &extract), detail)
            .await
            .map_err(|e| match e {
                AppError::Store(vigie_store::StoreError::NotFound(_)) => invalid(
                    "cette orientation n'est plus ouverte / this referral is no longer open",
                ),
                other => other,
            })
    }

    /// Expires the referrals still `proposed` `[casework] referral_expiry_days` after they were
    /// made: each as revoking does (the partner's slot deleted, a key generation they never
    /// held), audited by the system. Returns how many.
    pub async fn expire_referrals(&self) -> Result<u64> {
        let days = self.settings().casework.referral_expiry_days;
        let Some(cutoff) = expiry_cutoff(paris_day(self.clock().now()), days) else {
            return Ok(0);
        };
        let cutoff = day_string(cutoff);
        let mut expired = 0;
        loop {
            let batch = self
                .store()
                .referrals_proposed_by(&cutoff, EXPIRY_BATCH)
                .await?;
            let full = batch.len() as i64 == EXPIRY_BATCH;
            let mut moved = 0;
            for record in batch {
                if self.expire_referral(&record).await? {
                    moved += 1;
                }
            }
            expired += moved;
            if !full || moved == 0 {
                break;
            }
        }
        Ok(expired)
    }

    /// Expires one referral still `proposed`, as the system; `false` if it was answered meanwhile.
    pub(crate) async fn expire_referral(&self, record: &ReferralRecord) -> Result<bool> {
        let entry = self
            .entry(
                AuditActor::System,
                AuditKind::ReferralChanged,
                &object(record.id),
                "expired: unanswered",
            )
            .await?;
        let to = (
            &[ReferralStatus::Proposed][..],
            ReferralStatus::Expired,
            None,
        );
        match self
            .store_referral_move(record, to, &audited(&[entry]))
            .await
        {
            Ok(()) => Ok(true),
            Err(AppError::Store(vigie_store::StoreError::NotFound(_))) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The casework part of the hourly housekeeping: referrals past their expiry (under a lease,
    /// so one instance does it). Returns how many expired.
    pub async fn housekeep_casework(&self) -> Result<u64> {
        let now = self.clock().unix();
        if !self.store().take_job("referral_expiry", now, 900).await? {
            return Ok(0);
        }
        let result = self.expire_referrals().await;
        self.store()
            .finish_job("referral_expiry", now + 3000)
            .await?;
        result
    }
}
