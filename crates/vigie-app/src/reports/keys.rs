//! A report's audience keys as a reader holds them, by generation, and the rotation that revoking a
//! reader starts (DESIGN.md section 3, "Key slots": revoking = deleting the slot and rotating the
//! audience key for future parts; the revoked reader may have kept the old one, and the audit log
//! shows what they read).

use std::collections::BTreeMap;

use vigie_domain::keys::{KeyHolding, may_hold};
use vigie_domain::{Denied, KeyHolder, ReportId, TeamId, UserId};
use vigie_store::{KeySlotRow, PartRow, ReportRecord};
use vigie_vault::{Audience, AudienceKey, DirectoryEntry, PublicKey, SecretKey};

use super::{open_part, slot_aad};
use crate::accounts::team_slot_aad;
use crate::directory::Directory;
use crate::{App, AppError, Result};

/// Every generation of one audience key of a report that a reader opened.
pub(crate) struct AudienceKeys {
    /// The report's newest generation of this audience (whoever holds it).
    newest: i64,
    keys: BTreeMap<i64, AudienceKey>,
}

impl AudienceKeys {
    /// From the slots a reader opened, and the report's newest generation.
    pub(crate) fn new(newest: i64, keys: BTreeMap<i64, AudienceKey>) -> Self {
        AudienceKeys { newest, keys }
    }

    /// Whether the reader holds no generation at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key of one generation.
    pub(crate) fn at(&self, generation: i64) -> Result<&AudienceKey> {
        self.keys
            .get(&generation)
            .ok_or(AppError::Denied(Denied::Audience))
    }

    /// The generation new parts are sealed with (the report's newest), and its key.
    pub(crate) fn sealing(&self) -> Result<(i64, &AudienceKey)> {
        Ok((self.newest, self.at(self.newest)?))
    }

    /// Every generation held, oldest first (to wrap them all for a new reader).
    pub(crate) fn all(&self) -> impl Iterator<Item = (i64, &AudienceKey)> {
        self.keys.iter().map(|(g, k)| (*g, k))
    }

    /// Opens a part with the generation it names.
    pub(crate) fn open(
        &self,
        report: ReportId,
        part: &PartRow,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        open_part(
            self.at(part.key_generation)?,
            report,
            part.id,
            &part.kind,
            &part.sealed,
        )
    }
}

/// The newest generation among slots (0 for none).
pub(crate) fn newest_generation(slots: &[KeySlotRow]) -> i64 {
    slots.iter().map(|s| s.key_generation).max().unwrap_or(0)
}

/// Associated data of the MAC of a report's receipt-holder key.
pub(crate) fn reporter_entry(report: ReportId, public_key: &[u8]) -> DirectoryEntry {
    // A report is not part of the key directory (its digest does not cover it); the entry form
    // only borrows the directory key's MAC.
    DirectoryEntry::ReporterKey {
        report,
        public_key: public_key.to_vec(),
    }
}

impl App {
    /// The MAC stored with a new report's receipt-holder key.
    pub(crate) fn reporter_key_mac(&self, report: ReportId, public_key: &PublicKey) -> Vec<u8> {
        self.directory_mac(&reporter_entry(report, public_key.as_bytes()))
    }

    /// Opens every generation of `audience`'s key of `report` that `user` holds, in person or
    /// through a team (at the team generation each slot was wrapped for).
    pub(crate) async fn staff_audience_keys(
        &self,
        user: UserId,
        secret: &SecretKey,
        report: ReportId,
        audience: Audience,
    ) -> Result<AudienceKeys> {
        let slots = self.store().report_slots(report, audience.as_str()).await?;
        self.open_staff_slots(user, secret, &slots, |g| slot_aad(report, audience, g))
            .await
    }

    /// Opens every generation among `slots` that `user` holds, in person or through a team (at
    /// the team generation each slot was wrapped for); `aad` gives a generation's associated data.
    pub(crate) async fn open_staff_slots(
        &self,
        user: UserId,
        secret: &SecretKey,
        slots: &[KeySlotRow],
        aad: impl Fn(i64) -> Vec<u8>,
    ) -> Result<AudienceKeys> {
        let own = KeySlotRow::user_holder(user);
        let teams = self.store().teams_of(user).await?;
        let team_secrets = self.team_secrets(user, secret, &teams).await?;
        let mut keys = BTreeMap::new();
        for slot in slots {
            if keys.contains_key(&slot.key_generation) {
                continue;
            }
            let opener = if slot.holder == own {
                Some(secret)
            } else {
                teams.iter().find_map(|t| {
                    (slot.holder == KeySlotRow::team_holder(*t))
                        .then(|| team_secrets.get(&(*t, slot.holder_generation)))
                        .flatten()
                })
            };
            if let Some(opener) = opener {
                keys.insert(
                    slot.key_generation,
                    vigie_vault::unwrap_audience_key(
                        opener,
                        &slot.wrapped,
                        &aad(slot.key_generation),
                    )?,
                );
            }
        }
        Ok(AudienceKeys::new(newest_generation(slots), keys))
    }

    /// The secret keys of `teams` that `user` holds a seat of, by team and generation.
    pub(crate) async fn team_secrets(
        &self,
        user: UserId,
        secret: &SecretKey,
        teams: &[TeamId],
    ) -> Result<BTreeMap<(TeamId, i64), SecretKey>> {
        let mut team_secrets = BTreeMap::new();
        for team in teams {
            let held = self
                .store()
                .team_slots(*team, vigie_store::TeamSlot::user_holder(user))
                .await?;
            for (generation, wrapped) in held {
                if let Ok(key) =
                    vigie_vault::unwrap_secret_key(secret, &wrapped, &team_slot_aad(*team))
                {
                    team_secrets.insert((*team, generation), key);
                }
            }
        }
        Ok(team_secrets)
    }

    /// The receipt holder's generations of the conversation key.
    pub(crate) async fn receipt_audience_keys(
        &self,
        secret: &SecretKey,
        report: ReportId,
    ) -> Result<AudienceKeys> {
        let audience = Audience::Conversation;
        let slots = self.store().report_slots(report, audience.as_str()).await?;
        let mut keys = BTreeMap::new();
        for slot in slots.iter().filter(|s| s.holder == KeySlotRow::RECEIPT) {
            let aad = slot_aad(report, audience, slot.key_generation);
            keys.insert(
                slot.key_generation,
                vigie_vault::unwrap_audience_key(secret, &slot.wrapped, &aad)?,
            );
        }
        Ok(AudienceKeys::new(newest_generation(&slots), keys))
    }

    /// Rotates `audience` of `report` after `revoked` lost their slots: a fresh key, generation
    /// `newest + 1`, wrapped for every remaining holder, each public key from the checked key
    /// directory (teams at their current generation, users only if active and allowed, escrow) and
    /// the reporter's MACed receipt-holder key. Returns the new slots (the caller stores them with
    /// the revocation, in one transaction), or none when the audience has no slot, or when it is a
    /// conversation whose receipt-holder key has no valid MAC (reports from before these MACs: a new
    /// generation would cut the reporter off, so that conversation keeps its key).
    pub(crate) fn rotation_slots(
        &self,
        dir: &Directory,
        report: &ReportRecord,
        audience: Audience,
        slots: &[KeySlotRow],
        revoked: Option<KeyHolder>,
    ) -> Result<Vec<KeySlotRow>> {
        if slots.is_empty() {
            return Ok(Vec::new());
        }
        let reporter = if slots.iter().any(|s| s.holder == KeySlotRow::RECEIPT) {
            let key = self.checked_reporter_key(report);
            if key.is_none() {
                // Without a trusted receipt-holder key, a new generation would cut the reporter
                // off: this conversation keeps its key (the revoked slots still go).
                tracing::warn!(report = %report.id, "conversation key not rotated: no MAC on the receipt-holder key");
                return Ok(Vec::new());
            }
            key
        } else {
            None
        };
        let generation = newest_generation(slots) + 1;
        let key = AudienceKey::random();
        let aad = slot_aad(report.id, audience, generation);
        let mut holders: Vec<KeyHolder> = slots.iter().map(|s| s.holder).collect();
        holders.sort_unstable();
        holders.dedup();
        let mut out = Vec::with_capacity(holders.len());
        for holder in holders.into_iter().filter(|h| Some(*h) != revoked) {
            let target = match holder {
                KeyHolder::Team(team) => dir.team_key(team).ok(),
                KeyHolder::User(user) => dir
                    .user(user)
                    .filter(|u| !u.disabled && may_hold(u.roles, holding(audience)))
                    .map(|u| (0, u.public_key)),
                KeyHolder::Escrow => dir.escrow.map(|pk| (0, pk)),
                KeyHolder::Receipt => reporter.map(|pk| (0, pk)),
            };
            let Some((holder_generation, pk)) = target else {
                tracing::warn!(report = %report.id, audience = audience.as_str(), "a holder gets no slot of the rotated key");
                continue;
            };
            out.push(KeySlotRow {
                audience: audience.as_str().to_owned(),
                key_generation: generation,
                holder,
                holder_generation,
                wrapped: vigie_vault::wrap_audience_key_for(&pk, &key, &aad)?,
            });
        }
        Ok(out)
    }

    /// The report's receipt-holder key, if its MAC is valid (reports filed before these MACs have
    /// none: their conversation key's new generations are not wrapped for the reporter).
    pub(crate) fn checked_reporter_key(&self, report: &ReportRecord) -> Option<PublicKey> {
        let mac = report.reporter_key_mac.as_deref()?;
        let entry = reporter_entry(report.id, &report.reporter_public_key);
        if !self.directory_key().check(&entry, mac) {
            tracing::error!(report = %report.id, "a report's receipt-holder key has a bad MAC: no slot for it");
            return None;
        }
        PublicKey::from_slice(&report.reporter_public_key).ok()
    }
}

/// What holding a report's `audience` key in person takes.
pub(crate) fn holding(audience: Audience) -> KeyHolding {
    match audience {
        Audience::Identity => KeyHolding::ReportIdentity,
        Audience::Conversation | Audience::Internal => KeyHolding::ReportContent,
    }
}
