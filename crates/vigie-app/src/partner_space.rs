//! The partners' own space (`/espace/partenaire`): the charter a partner account accepts before
//! anything else opens, and the referrals it received.
//!
//! The acceptance is stored with the charter's version and the day, no finer time, and audited
//! (`charter_accepted`). A new version ([`CHARTER_VERSION`]) asks every partner again.

use vigie_domain::partner::CHARTER_VERSION;
use vigie_domain::{Action, AuditActor, AuditKind, Principal, Role, UserId};

use crate::audit::{audited, user_object};
use crate::reports::submit::today;
use crate::{App, Result};

/// A referral a partner received, as their space lists it. Referrals come with their own slice
/// of the casework (proposed, accepted, declined, done, revoked, expired); until then no partner
/// has received any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedReferral {
    /// The referral.
    pub id: vigie_domain::ReferralId,
    /// The day it was proposed (`YYYY-MM-DD`).
    pub day: String,
}

impl App {
    /// Whether `who` must accept the current charter before any other staff page: a partner who
    /// has not accepted [`CHARTER_VERSION`] yet. Nobody else ever is.
    pub async fn charter_pending(&self, who: &Principal) -> Result<bool> {
        if !who.roles.contains(Role::Partner) {
            return Ok(false);
        }
        Ok(self
            .charter_status(who.id)
            .await?
            .is_none_or(|(version, _)| version < CHARTER_VERSION))
    }

    /// The newest charter version `user` accepted, and the day.
    pub async fn charter_status(&self, user: UserId) -> Result<Option<(u32, String)>> {
        Ok(self.store().charter_accepted(user).await?)
    }

    /// `who` (a partner) accepts the current charter today. Accepting it again changes nothing.
    pub async fn accept_charter(&self, who: &Principal) -> Result<()> {
        self.authorize_instance(who, Action::UsePartnerSpace)
            .await?;
        self.record_charter(AuditActor::Staff(who.id), who.id).await
    }

    /// Records `user`'s acceptance of the current charter today, audited as `actor`'s.
    pub(crate) async fn record_charter(&self, actor: AuditActor, user: UserId) -> Result<()> {
        let entry = [self
            .entry(
                actor,
                AuditKind::CharterAccepted,
                &user_object(user),
                &format!("version={CHARTER_VERSION}"),
            )
            .await?];
        self.store()
            .accept_charter(user, CHARTER_VERSION, &today(self), &audited(&entry))
            .await?;
        Ok(())
    }

    /// The referrals `who` (a partner) received and may still read (open ones), newest first.
    pub async fn referrals_received(&self, who: &Principal) -> Result<Vec<ReceivedReferral>> {
        self.authorize_instance(who, Action::UsePartnerSpace)
            .await?;
        Ok(self
            .store()
            .referrals_to(who.id)
            .await?
            .into_iter()
            .filter(|r| r.status.is_open())
            .map(|r| ReceivedReferral {
                id: r.id,
                day: r.proposed_day,
            })
            .collect())
    }
}
