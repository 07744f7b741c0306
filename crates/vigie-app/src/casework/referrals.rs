//! Referrals (orientations): a caseworker sends a minimal extract of a file to a partner's account,
//! re-sealed under the referral's own key; the partner reads it and writes follow-up notes only while
//! the referral is open; closing or revoking it deletes the partner's slot and starts a key
//! generation they never held, so they read nothing new.
//!
//! A referral needs the person's consent to sharing with that kind of partner (and none of the
//! partner's names on their "never share with" list); without it, only an
//! override with a reason, written to the audit log, lets it go.

use vigie_domain::casefile::{DetailField, RecipientKind};
use vigie_domain::keys::TeamKind;
use vigie_domain::referral::{Extract, FollowUp, NoteKind, ReferralStatus, template};
use vigie_domain::{
    Action, AuditKind, Denied, FileId, KeyHolder, PartId, Principal, ReferralId, Resource, Role,
    UserId,
};
use vigie_store::{FileRecord, KeySlotRow, PartRow, ReferralMove, ReferralRecord};
use vigie_vault::{AudienceKey, SecretKey};

use super::file_object;
use super::files::sealed_json;
use crate::audit::audited;
use crate::reports::AudienceKeys;
use crate::reports::follow::corrupt;
use crate::reports::handle::actor;
use crate::reports::submit::today;
use crate::{App, AppError, Result};

/// Part kinds of a referral.
pub(super) const EXTRACT: &str = "extract";
const NOTE: &str = "note";

/// What a caseworker proposes.
#[derive(Clone, Debug)]
pub struct NewReferral {
    /// The partner's account.
    pub partner: UserId,
    /// The kind of partner (decides the template, checked against the consent).
    pub kind: RecipientKind,
    /// The details to include (each must be in the kind's template).
    pub fields: Vec<DetailField>,
    /// Why the person is referred.
    pub reason: String,
    /// Why it goes without the person's consent to this kind of partner, if it does.
    pub override_reason: Option<String>,
}

/// What goes in an extract: the details chosen (each in the kind's template), why the person is
/// referred, and why it goes without the person's consent, if it does.
#[derive(Clone, Debug, Default)]
pub struct ExtractChoice {
    /// The details to include.
    pub fields: Vec<DetailField>,
    /// Why the person is referred, what is asked.
    pub reason: String,
    /// Why it goes without the person's consent to this partner, if it does.
    pub override_reason: Option<String>,
}

/// Whom an extract goes to, for the "never share with" list: a partner account (its account's and
/// its directory entry's names), or a partner named in the form (an age file).
#[derive(Clone, Copy, Debug)]
pub(super) enum Recipient<'a> {
    /// A partner account.
    Account(UserId),
    /// A name as typed.
    Named(&'a str),
}

/// One version of a referral's extract, as the file's caseworkers see them all.
#[derive(Clone, Debug)]
pub struct ExtractVersion {
    /// Its number, from 1.
    pub number: usize,
    /// The day it was written.
    pub day: String,
    /// What it held.
    pub extract: Extract,
}

/// A referral as its partner or the file's caseworkers read it.
#[derive(Clone, Debug)]
pub struct ReferralView {
    /// The clear row.
    pub record: ReferralRecord,
    /// The newest extract.
    pub extract: Extract,
    /// The newest extract's version number (from 1).
    pub version: usize,
    /// The day the newest extract was written.
    pub version_day: String,
    /// Every version, oldest first: for the file's caseworkers only (empty for the partner, who
    /// reads the newest).
    pub versions: Vec<ExtractVersion>,
    /// The partner's follow-up notes: day, kind and text, oldest first.
    pub notes: Vec<(String, NoteKind, String)>,
}

fn slot_aad(id: ReferralId, generation: i64) -> Vec<u8> {
    crate::aad::slot(b"vigie/referral-slot/", id.0.as_bytes(), generation)
}

fn part_aad(id: ReferralId, part: PartId, kind: &str) -> Vec<u8> {
    crate::aad::part(b"vigie/referral-part/", id.0.as_bytes(), part, kind)
}

pub(super) fn seal(
    id: ReferralId,
    (generation, key): (i64, &AudienceKey),
    kind: &str,
    plain: &[u8],
    (author, day): (UserId, &str),
) -> PartRow {
    let part = PartId::random();
    PartRow {
        id: part,
        kind: kind.to_owned(),
        audience: "referral".to_owned(),
        key_generation: generation,
        author: Some(author),
        day: day.to_owned(),
        sealed: vigie_vault::seal(
            &key.part_key(part.0, kind),
            &part_aad(id, part, kind),
            plain,
        ),
    }
}

pub(super) fn object(id: ReferralId) -> String {
    format!("referral:{id}")
}

pub(super) fn invalid(msg: &str) -> AppError {
    AppError::Invalid(msg.to_owned())
}

impl App {
    /// The slots of a new generation of a referral's key: the file's team (current generation),
    /// the escrow, and the partner when it is still open.
    fn referral_slots(
        &self,
        dir: &crate::Directory,
        (id, generation, key): (ReferralId, i64, &AudienceKey),
        team: vigie_domain::TeamId,
        partner: Option<UserId>,
    ) -> Result<Vec<KeySlotRow>> {
        let aad = slot_aad(id, generation);
        let (team_generation, team_pk) = dir.team_key(team)?;
        let mut holders = vec![(KeyHolder::Team(team), team_generation, team_pk)];
        if let Some(escrow) = dir.escrow {
            holders.push((KeyHolder::Escrow, 0, escrow));
        }
        if let Some(p) = partner {
            let user = dir
                .user(p)
                .filter(|u| !u.disabled && u.roles.contains(Role::Partner))
                .ok_or_else(|| {
                    invalid(
                        "ce compte n'est pas un partenaire actif / not an active partner account",
                    )
                })?;
            holders.push((KeyHolder::User(p), 0, user.public_key));
        }
        holders
            .into_iter()
            .map(|(holder, holder_generation, pk)| {
                Ok(KeySlotRow {
                    audience: "referral".to_owned(),
                    key_generation: generation,
                    holder,
                    holder_generation,
                    wrapped: vigie_vault::wrap_audience_key_for(&pk, key, &aad)?,
                })
            })
            .collect()
    }

    /// The names a partner account goes by (its directory entry's, its account's), for the
    /// "never share with" list.
    async fn partner_names(&self, partner: UserId) -> Result<Vec<String>> {
        let mut names = Vec::new();
        if let Some(user) = self.store().user_by_id(partner).await? {
            names.push(user.username);
        }
        if let Some(name) = self.partner_entry_name_of(partner).await? {
            names.push(name);
        }
        Ok(names)
    }

    /// Checks `choice` for a partner of `kind` (`to`), for a caseworker of file `file`'s team
    /// (`ReferCase`, asked first): a reason, details in the kind's template, and the person's
    /// consent (sharing allowed with that kind, none of the partner's names on the "never share
    /// with" list) or an override with a reason. Returns the file's row, the extract, and whether
    /// it was an override.
    pub(super) async fn checked_extract(
        &self,
        who: &Principal,
        secret: &SecretKey,
        file: FileId,
        (kind, to): (RecipientKind, Recipient<'_>),
        choice: &ExtractChoice,
    ) -> Result<(FileRecord, Extract, bool)> {
        let record = self.file_for(who, file, Action::ReferCase).await?;
        let names = match to {
            Recipient::Account(partner) => self.partner_names(partner).await?,
            Recipient::Named(name) => vec![name.to_owned()],
        };
        let view = self.open_case_file(who, secret, file).await?;
        let reason = vigie_domain::casefile::long_text(&choice.reason, "motif")
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        if reason.is_empty() {
            return Err(invalid("le motif est obligatoire / the reason is required"));
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let consented = record.consent_sharing
            && view
                .consents
                .first()
                .is_some_and(|c| c.permits(kind, &names));
        let overridden = choice
            .override_reason
            .as_deref()
            .map(str::trim)
            .is_some_and(|r| !r.is_empty());
        if !consented && !overridden {
            return Err(invalid(
                "la personne n'a pas consenti au partage avec ce partenaire (type non consenti ou \
                 nom sur la liste « ne jamais partager avec ») : donnez la raison de passer outre / \
                 no consent to share with this partner (kind not consented to, or a name on the \
                 never-share list): give the reason to override",
            ));
        }
        let allowed = template(kind);
        if choice.fields.iter().any(|f| !allowed.contains(f)) {
            return Err(invalid(
                "un champ choisi n'est pas dans le modèle de ce partenaire / a chosen detail is not in this partner's template",
            ));
        }
        let extract = Extract {
            details: choice
                .fields
                .iter()
                .filter_map(|f| view.details.get(f).map(|v| (*f, v.clone())))
                .collect(),
            reason,
        };
        Ok((record, extract, !consented))
    }

    /// A caseworker of the file's team refers it to a partner: the extract holds the chosen details
    /// of the kind's template and the reason, sealed under a new key for the partner, the team and
    /// the escrow.
    pub async fn propose_referral(
        &self,
        who: &Principal,
        secret: &SecretKey,
        file: FileId,
        new: NewReferral,
    ) -> Result<ReferralId> {
        let choice = ExtractChoice {
            fields: new.fields,
            reason: new.reason,
            override_reason: new.override_reason,
        };
        let (record, extract, overridden) = self
            .checked_extract(
                who,
                secret,
                file,
                (new.kind, Recipient::Account(new.partner)),
                &choice,
            )
            .await?;
        let dir = self.directory().await?;
        if dir.team_kind(record.team) != TeamKind::Casework {
            return Err(AppError::Integrity(format!(
                "team {} is not a casework team in the key directory",
                record.team
            )));
        }
        let id = ReferralId::random();
        let key = AudienceKey::random();
        let slots = self.referral_slots(&dir, (id, 0, &key), record.team, Some(new.partner))?;
        let day = today(self);
        let part = seal(
            id,
            (0, &key),
            EXTRACT,
            &sealed_json(&extract)?,
            (who.id, &day),
        );
        let row = ReferralRecord {
            id,
            file,
            team: record.team,
            partner: new.partner,
            partner_kind: new.kind.as_str().to_owned(),
            status: ReferralStatus::Proposed,
            decline_reason: None,
            outcome: None,
            proposed_day: day.clone(),
            answered_day: None,
            closed_day: None,
        };
        let detail = if overridden {
            "proposed without consent (override, reason given)"
        } else {
            "proposed"
        };
        let entries = [
            self.entry(actor(who), AuditKind::ReferralChanged, &object(id), detail)
                .await?,
            self.entry(
                actor(who),
                AuditKind::FileUpdated,
                &file_object(file),
                "referral",
            )
            .await?,
        ];
        self.store()
            .insert_referral(&row, &slots, &part, &audited(&entries))
            .await?;
        Ok(id)
    }

    /// The referral and whether `who` reads it as its partner (else as a caseworker of its team),
    /// once the policy allowed `action` (a partner only while it is open).
    pub(super) async fn referral_for(
        &self,
        who: &Principal,
        id: ReferralId,
        partner_action: Action,
        team_action: Action,
    ) -> Result<(ReferralRecord, bool)> {
        let record = self.store().referral(id).await?.ok_or(AppError::NoFile)?;
        if who.roles.contains(Role::Partner) {
            let resource = Resource::Referral {
                partner: record.partner,
            };
            self.authorize_on(who, partner_action, &resource, &object(id))
                .await?;
            if !record.status.is_open() {
                // The partner reads nothing once the referral is closed: refused and audited.
                self.append_audit(
                    actor(who),
                    AuditKind::PermissionDenied,
                    &object(id),
                    &format!("{}: referral closed", partner_action.as_str()),
                )
                .await?;
                return Err(AppError::Denied(Denied::Audience));
            }
            return Ok((record, true));
        }
        let routed = Resource::Routed {
            team: Some(record.team),
            assignee: None,
        };
        self.authorize_on(who, team_action, &routed, &object(id))
            .await?;
        Ok((record, false))
    }

    pub(super) async fn referral_keys(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReferralId,
    ) -> Result<AudienceKeys> {
        let slots = self.store().referral_slots(id).await?;
        self.open_staff_slots(who.id, secret, &slots, |g| slot_aad(id, g))
            .await
    }

    /// Opens a referral for its partner (while open) or a caseworker of the file's team. Audited.
    pub async fn open_referral(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReferralId,
    ) -> Result<ReferralView> {
        let (record, as_partner) = self
            .referral_for(who, id, Action::ReadReferral, Action::ReadCase)
            .await?;
        let keys = self.referral_keys(who, secret, id).await?;
        self.append_audit(actor(who), AuditKind::Decrypted, &object(id), "referral")
            .await?;
        let mut versions = Vec::new();
        let mut notes = Vec::new();
        for part in self.store().referral_parts(id).await? {
            let plain = vigie_vault::open(
                &keys
                    .at(part.key_generation)?
                    .part_key(part.id.0, &part.kind),
                &part_aad(id, part.id, &part.kind),
                &part.sealed,
            )?;
            match part.kind.as_str() {
                EXTRACT => versions.push(ExtractVersion {
                    number: versions.len() + 1,
                    day: part.day,
                    extract: serde_json::from_slice(&plain).map_err(corrupt)?,
                }),
                NOTE => {
                    let note: FollowUp = serde_json::from_slice(&plain).map_err(corrupt)?;
                    notes.push((part.day, note.kind, note.text));
                }
                _ => {}
            }
        }
        let newest = versions.last().ok_or_else(|| corrupt("no extract"))?;
        let (extract, version, version_day) =
            (newest.extract.clone(), newest.number, newest.day.clone());
        if as_partner {
            versions.clear();
        }
        Ok(ReferralView {
            record,
            extract,
            version,
            version_day,
            versions,
            notes,
        })
    }

    /// The referrals made to the partner `who`, newest first (clear rows only).
    pub async fn my_referrals(&self, who: &Principal) -> Result<Vec<ReferralRecord>> {
        let resource = Resource::Referral { partner: who.id };
        self.authorize(who, Action::ReadReferral, &resource).await?;
        Ok(self.store().referrals_to(who.id).await?)
    }

    /// A file's referrals, for its team's caseworkers (clear rows only).
    pub async fn referrals_of_file(
        &self,
        who: &Principal,
        file: FileId,
    ) -> Result<Vec<ReferralRecord>> {
        self.file_for(who, file, Action::ReadCase).await?;
        Ok(self.store().referrals_of_file(file).await?)
    }

    /// The partner writes a follow-up note while the referral is open: that a session took place,
    /// or non-clinical follow-up; a clinical note only where the instance enables health notes.
    pub async fn add_referral_note(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReferralId,
        (kind, text): (NoteKind, &str),
    ) -> Result<()> {
        if !NoteKind::offered(self.settings().casework.health_notes).contains(&kind) {
            return Err(invalid(
                "les notes cliniques ne sont pas conservées sur cette instance / clinical notes are not kept on this instance",
            ));
        }
        let text = vigie_domain::casefile::required_text(
            text,
            "note",
            vigie_domain::report::MAX_TEXT_CHARS,
        )
        .map_err(|e| AppError::Invalid(e.to_string()))?;
        let (record, as_partner) = self
            .referral_for(who, id, Action::AddReferralFollowUp, Action::ManageCase)
            .await?;
        if !as_partner {
            return Err(AppError::Denied(Denied::Role));
        }
        let note = sealed_json(&FollowUp { kind, text })?;
        self.add_open_referral_part(who, secret, record.id, (NOTE, &note), "note")
            .await
    }

    /// Seals `plain` as a part of kind `kind`, from `who`, on referral `id` while it is open
    /// (proposed or accepted: the store refuses it otherwise, `NotFound`), with its
    /// `referral_changed` audit entry saying `detail`.
    pub(super) async fn add_open_referral_part(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReferralId,
        (kind, plain): (&str, &[u8]),
        detail: &str,
    ) -> Result<()> {
        let keys = self.referral_keys(who, secret, id).await?;
        let day = today(self);
        let part = seal(id, keys.sealing()?, kind, plain, (who.id, &day));
        let entry = self
            .entry(actor(who), AuditKind::ReferralChanged, &object(id), detail)
            .await?;
        let open = [ReferralStatus::Proposed, ReferralStatus::Accepted];
        self.store()
            .add_referral_part(id, &open, &part, &audited(&[entry]))
            .await?;
        Ok(())
    }

    /// Moves a referral: the partner accepts, declines (with a reason) or finishes it (with an
    /// outcome); a caseworker of the team revokes it. Closing deletes the partner's slot and adds a
    /// key generation for the team and the escrow only.
    pub async fn move_referral(
        &self,
        who: &Principal,
        id: ReferralId,
        to: ReferralStatus,
        code: Option<&str>,
    ) -> Result<()> {
        let (record, as_partner) = self
            .referral_for(who, id, Action::AddReferralFollowUp, Action::ReferCase)
            .await?;
        let from: &[ReferralStatus] = if as_partner {
            match ReferralStatus::ALL.iter().find(|s| s.partner_may(to)) {
                Some(s) => std::slice::from_ref(s),
                None => return Err(AppError::Denied(Denied::Resource)),
            }
        } else if to == ReferralStatus::Revoked {
            &[ReferralStatus::Proposed, ReferralStatus::Accepted]
        } else {
            return Err(AppError::Denied(Denied::Resource));
        };
        let entry = self
            .entry(
                actor(who),
                AuditKind::ReferralChanged,
                &object(id),
                to.as_str(),
            )
            .await?;
        self.store_referral_move(&record, (from, to, code), &audited(&[entry]))
            .await
            .map_err(|e| match e {
                AppError::Store(vigie_store::StoreError::NotFound(_)) => invalid(
                    "cette orientation n'est plus dans cet état / this referral has moved on",
                ),
                other => other,
            })
    }

    /// Stores a move of `record` from one of `from` to `to` (with its code) and its audit entry;
    /// a move that closes it deletes the partner's slot and adds a key generation for the team and
    /// the escrow only, so the partner reads nothing new. `Store(NotFound)` when it has moved on.
    pub(super) async fn store_referral_move(
        &self,
        record: &ReferralRecord,
        (from, to, code): (&[ReferralStatus], ReferralStatus, Option<&str>),
        audit: &vigie_store::Audit<'_>,
    ) -> Result<()> {
        let id = record.id;
        let closes = !to.is_open();
        let new_slots = if closes {
            let dir = self.directory().await?;
            let slots = self.store().referral_slots(id).await?;
            let next = crate::reports::newest_generation(&slots) + 1;
            self.referral_slots(&dir, (id, next, &AudienceKey::random()), record.team, None)?
        } else {
            Vec::new()
        };
        let day = today(self);
        let m = ReferralMove {
            from,
            to,
            code,
            day: &day,
            revoke: closes.then_some(KeyHolder::User(record.partner)),
            new_slots: &new_slots,
        };
        self.store().move_referral(id, &m, audit).await?;
        Ok(())
    }
}
