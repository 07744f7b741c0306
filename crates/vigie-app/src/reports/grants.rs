//! Granting a report to another reader, and the reporter's identity: who holds it, reading it,
//! granting it (each audited in the same transaction as the new slots).

use vigie_domain::{Action, AuditKind, KeyHolder, Principal, ReportId, Resource, TeamId, UserId};
use vigie_store::KeySlotRow;
use vigie_vault::{Audience, PublicKey, SecretKey};

use super::handle::{actor, object};
use super::{kind, slot_for};
use crate::audit::audited;
use crate::{App, AppError, Result};

/// The audiences a reader of a report's content holds (the identity is granted apart).
const CONTENT: &[Audience] = &[Audience::Conversation, Audience::Internal];

/// Whom a grant wraps keys for: a holder and the public key the checked directory gives it.
struct Recipient {
    holder: KeyHolder,
    holder_generation: i64,
    public_key: PublicKey,
}

impl Recipient {
    /// A user, by the public key of their active account.
    fn user(user: UserId, public_key: PublicKey) -> Recipient {
        Recipient {
            holder: KeySlotRow::user_holder(user),
            holder_generation: 0,
            public_key,
        }
    }
}

impl App {
    /// Gives another handler the report's conversation and internal keys. Audited.
    pub async fn grant_user(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        user: UserId,
    ) -> Result<()> {
        self.report_for(who, id, Action::ReadReport).await?;
        let target = self.principal(user).await?;
        if !target.active || !target.roles.contains(vigie_domain::Role::Handler) {
            return Err(AppError::Invalid(
                "the person must be an active handler".into(),
            ));
        }
        let recipient = Recipient::user(user, self.directory().await?.active_key(user)?);
        self.wrap_for(who, secret, id, CONTENT, &recipient, "")
            .await
    }

    /// Gives another team the report's conversation and internal keys. Audited.
    pub async fn grant_team(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        team: TeamId,
    ) -> Result<()> {
        self.report_for(who, id, Action::ReadReport).await?;
        let t = self
            .store()
            .list_teams()
            .await?
            .into_iter()
            .find(|t| t.id == team)
            .ok_or(AppError::UnknownTeam(team.to_string()))?;
        let (holder_generation, public_key) = self.directory().await?.team_key(t.id)?;
        let recipient = Recipient {
            holder: KeySlotRow::team_holder(team),
            holder_generation,
            public_key,
        };
        self.wrap_for(who, secret, id, CONTENT, &recipient, "")
            .await
    }

    /// Checks that report `id` exists and that the policy lets `who` do `action` on its identity
    /// (held by its custodians and the handlers they granted).
    async fn authorize_identity(
        &self,
        who: &Principal,
        id: ReportId,
        action: Action,
    ) -> Result<()> {
        self.store().report(id).await?.ok_or(AppError::NoReport)?;
        let granted = self.identity_holders(id).await?;
        let resource = Resource::Identity { granted };
        self.authorize_on(who, action, &resource, &object(id)).await
    }

    /// The people whose key opens report `id`'s identity (custodians, and handlers they granted).
    pub(crate) async fn identity_holders(&self, id: ReportId) -> Result<Vec<UserId>> {
        Ok(self
            .store()
            .report_slots(id, Audience::Identity.as_str())
            .await?
            .iter()
            .filter_map(|s| match s.holder {
                vigie_domain::KeyHolder::User(u) => Some(u),
                _ => None,
            })
            .collect())
    }

    /// Reads the name or contact the reporter gave (the custodian, or a handler they granted). Audited.
    pub async fn read_identity(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
    ) -> Result<Option<String>> {
        self.authorize_identity(who, id, Action::ReadReporterIdentity)
            .await?;
        let keys = self
            .staff_audience_keys(who.id, secret, id, Audience::Identity)
            .await?;
        if keys.is_empty() {
            return Ok(None);
        }
        for stored in self.store().report_parts(id).await? {
            let p = stored.part;
            if p.kind == kind::IDENTITY {
                let plain = keys.open(id, &p)?;
                self.append_audit(actor(who), AuditKind::Decrypted, &object(id), "identity")
                    .await?;
                return Ok(Some(String::from_utf8_lossy(&plain).into_owned()));
            }
        }
        Ok(None)
    }

    /// The custodian grants a handler access to the reporter's identity. Audited.
    pub async fn grant_identity(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        user: UserId,
    ) -> Result<()> {
        self.authorize_identity(who, id, Action::GrantIdentityAccess)
            .await?;
        let record = self
            .store()
            .user_by_id(user)
            .await?
            .ok_or(AppError::UnknownUser(user.to_string()))?;
        if record.disabled {
            return Err(AppError::Invalid("the person's account is disabled".into()));
        }
        let recipient = Recipient::user(user, self.directory().await?.active_key(record.id)?);
        self.wrap_for(
            who,
            secret,
            id,
            &[Audience::Identity],
            &recipient,
            "identity ",
        )
        .await
    }

    /// Wraps every generation the granter holds of `audiences` for `to`, and stores the slots with
    /// the `access_granted` entry (`prefix` then the holder) in one transaction.
    async fn wrap_for(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        audiences: &[Audience],
        to: &Recipient,
        prefix: &str,
    ) -> Result<()> {
        let mut slots = Vec::new();
        for audience in audiences {
            let keys = self.key_for(who, secret, id, *audience).await?;
            for key in keys.all() {
                slots.push(slot_for(
                    id,
                    *audience,
                    key,
                    to.holder,
                    to.holder_generation,
                    &to.public_key,
                )?);
            }
        }
        let entry = [self
            .entry(
                actor(who),
                AuditKind::AccessGranted,
                &object(id),
                &format!("{prefix}{}", to.holder),
            )
            .await?];
        self.store()
            .put_report_slots(id, &slots, &audited(&entry))
            .await?;
        Ok(())
    }
}
