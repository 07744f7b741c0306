//! A new report: route it, derive its receipt, seal everything, store it in one transaction.

use vigie_domain::help::HelpMeta;
use vigie_domain::report::{Category, NewReport};
use vigie_domain::routing::{RoutingRule, route};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{AuditActor, AuditKind, ReportId, TeamId};
use vigie_store::{
    BlobRef, KeySlotRow, LinkSent, NewReportRow, PartRow, RoutingRows, StoreError, TeamRecord,
};
use vigie_vault::{Audience, AudienceKey, KdfParams, KdfPool, PublicKey, Receipt, ReceiptKeys};
use zeroize::Zeroizing;

use super::files::AttachedFile;
use super::{kind, new_part, slot_for};
use crate::audit::audited;
use crate::directory::Directory;
use crate::{App, AppError, Result};

/// A report being written: its id and conversation key exist before its files are sealed, because
/// each file is sealed (as a stream, while it uploads) under a key derived from them.
pub struct ReportDraft {
    pub(crate) id: ReportId,
    pub(crate) conversation: AudienceKey,
    /// Files sealed so far, in upload order.
    pub files: Vec<AttachedFile>,
}

impl std::fmt::Debug for ReportDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportDraft")
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

/// What the reporter is shown once: the receipt, and nothing of the report but its category and
/// what was removed from the files.
pub struct Submitted {
    /// The only way back to the conversation.
    pub receipt: Receipt,
    /// The report's category.
    pub category: Category,
    /// For each file: its (cleaned) name, what was removed, whether it is flagged.
    pub files: Vec<super::FileMeta>,
}

impl std::fmt::Debug for Submitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Submitted")
            .field("category", &self.category)
            .finish_non_exhaustive()
    }
}

/// A new report or help request, sealed and ready to store, but for its receipt.
pub(crate) struct Filed<'a> {
    pub id: ReportId,
    /// Clear: the category (`other` for a help request).
    pub category: Category,
    /// Clear: the arrondissement (empty for a help request that gave none).
    pub district: String,
    /// The team it reaches.
    pub team: TeamId,
    /// Its conversation key, to wrap for the receipt once drawn.
    pub conversation: &'a AudienceKey,
    /// Every other key slot.
    pub slots: Vec<KeySlotRow>,
    /// Its sealed parts.
    pub parts: Vec<PartRow>,
    /// The blobs of its file parts.
    pub blobs: Vec<BlobRef>,
    /// For a help request, who asks and how soon.
    pub help: Option<HelpMeta>,
    /// For a help request a handler transmits from a report: where its code goes.
    pub transmission: Option<Transmission>,
}

/// A help request a handler files from a report, at the reporter's request: the report is marked
/// `sent` in the same transaction, with the new follow-up code wrapped for its reporter only.
pub(crate) struct Transmission {
    /// The report whose request it answers, and its receipt-holder key (its MAC checked): the
    /// only key the new code is wrapped for. `None` for a named situation a coordination meeting
    /// transmits: nobody holds the new code.
    pub link: Option<(ReportId, PublicKey)>,
    /// The handler's audit entry, in the same transaction.
    pub entry: vigie_store::NewAuditEntry,
}

/// The day, as stored on rows about reporters.
pub(crate) fn today(app: &App) -> String {
    day_string(paris_day(app.clock().now()))
}

impl App {
    /// Derives a receipt's lookup hash and key pair under `params`, on `pool`: a receipt login's or
    /// a new report's, so that a flood of one kind of Argon2id run cannot starve the other.
    /// Draws a new follow-up code and derives, on the new reports' pool, its lookup hash and its
    /// key pair (with the public key, which the code's slots are wrapped for).
    pub(crate) async fn draw_receipt(
        &self,
        params: KdfParams,
    ) -> Result<(Receipt, ReceiptKeys, PublicKey)> {
        let receipt = Receipt::generate();
        let keys = self
            .receipt_keys(&self.pools().new_report, &receipt, params)
            .await?;
        let public = keys.secret.public();
        Ok((receipt, keys, public))
    }

    pub(crate) async fn receipt_keys(
        &self,
        pool: &KdfPool,
        receipt: &Receipt,
        params: KdfParams,
    ) -> Result<ReceiptKeys> {
        self.receipt_keys_under(pool, receipt, params, None).await
    }

    /// [`App::receipt_keys`] under the instance secret `pepper` names (the current one for `None`;
    /// `Integrity` for one the key file no longer holds).
    pub(crate) async fn receipt_keys_under(
        &self,
        pool: &KdfPool,
        receipt: &Receipt,
        params: KdfParams,
        pepper: Option<String>,
    ) -> Result<ReceiptKeys> {
        let app = self.clone();
        let receipt = receipt.clone();
        let keys = pool
            .run(move || {
                let Some(instance) = app.secret_for(pepper.as_deref()) else {
                    return Err(vigie_vault::VaultError::Malformed(
                        "no such previous instance secret",
                    ));
                };
                vigie_vault::derive_receipt_keys(&receipt, &app.inner.salt, instance, params)
            })
            .await??;
        Ok(keys)
    }

    /// Starts a report: a fresh id and conversation key for the files that follow.
    pub fn new_report_draft(&self) -> ReportDraft {
        ReportDraft {
            id: ReportId::random(),
            conversation: AudienceKey::random(),
            files: Vec::new(),
        }
    }

    /// Counts one event against a per-minute limit (no address involved); `RateLimited` when the
    /// limit is reached.
    ///
    /// The count lives in this process's memory, not in the database: a stored window would say to
    /// the minute when the last report arrived. With several instances, each applies the limit.
    pub(crate) async fn rate_limit(&self, name: &'static str, per_minute: i64) -> Result<()> {
        let now = self.clock().unix();
        let window = now - now.rem_euclid(60);
        let allowed = match self.inner.rate.lock() {
            Ok(mut windows) => {
                let entry = windows.entry(name).or_insert((window, 0));
                if entry.0 != window {
                    *entry = (window, 0);
                }
                entry.1 += 1;
                entry.1 <= per_minute
            }
            // A poisoned lock means a panic elsewhere: refuse rather than count nothing.
            Err(_) => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(AppError::RateLimited {
                retry_after_secs: u64::try_from(60 - now.rem_euclid(60)).unwrap_or(60),
            })
        }
    }

    /// The team a new report goes to: the routing rules, else the default team, else the first team.
    pub async fn route_report(&self, category: Category, district: &str) -> Result<TeamRecord> {
        let (_, routing) = self.store().directory_and_routing().await?;
        route_in(routing, category, district)
    }

    /// Stores a validated report with the files already sealed in `draft`, and returns its receipt.
    ///
    /// The sealed blobs are on disk already; this writes one transaction (report, slots, parts, blob
    /// references). If it fails, the blobs stay unreferenced and the sweep removes them.
    pub async fn submit_report(&self, draft: ReportDraft, report: NewReport) -> Result<Submitted> {
        self.rate_limit(
            "submissions",
            self.settings().reports.submissions_per_minute,
        )
        .await?;
        // One read for both: the routing rows, and the key directory, checked. Every key wrapped
        // below comes from the checked directory, never from a row as read.
        let (dir, routing) = self.intake().await?;
        let team = route_in(routing, report.category, &report.district)?;
        let (team_generation, team_pk) = dir.team_key(team.id)?;
        let day = today(self);
        let id = draft.id;
        let internal = AudienceKey::random();
        let identity_key = report.identity.as_ref().map(|_| AudienceKey::random());

        let slots = report_slots(
            id,
            &dir,
            (team.id, team_generation, &team_pk),
            [&draft.conversation, &internal],
            identity_key.as_ref(),
        )?;
        let (parts, blobs, metas) = report_parts(&draft, &report, identity_key.as_ref(), &day)?;

        let filed = Filed {
            id,
            category: report.category,
            district: report.district.clone(),
            team: team.id,
            conversation: &draft.conversation,
            slots,
            parts,
            blobs,
            help: None,
            transmission: None,
        };
        let receipt = self
            .insert_with_receipt(filed, AuditKind::ReportReceived)
            .await?;
        for file in draft.files {
            file.settle();
        }
        if report.content.danger {
            self.notify_danger(team.id);
        }
        Ok(Submitted {
            receipt,
            category: report.category,
            files: metas,
        })
    }

    /// The instance's receipt KDF parameters: every new follow-up code is derived with them. Read
    /// from the instance row when this process opened the instance, not per report: `vigie init`
    /// fixes them and nothing changes them afterwards (`vigie keys rotate-instance` and restores run
    /// with every server stopped, docs/keys.md), and `vigie serve` checks this very value against
    /// the operator's floor at start, so a row lowered later by whoever writes the database is not
    /// taken up.
    pub fn receipt_kdf(&self) -> Result<KdfParams> {
        Ok(KdfParams::decode(&self.inner.receipt_kdf)?)
    }

    /// Draws a receipt for a new report or help request, wraps its conversation key for the receipt's
    /// key pair and stores everything in one transaction (the reporter's audit entry `received`
    /// deferred to the end of the day; for a transmitted help request, the handler's entry and the
    /// report marked `sent` with the code wrapped for its reporter: `Exists` when it is no longer
    /// waiting, and nothing is stored).
    pub(crate) async fn insert_with_receipt(
        &self,
        filed: Filed<'_>,
        received: AuditKind,
    ) -> Result<Receipt> {
        let params = self.receipt_kdf()?;
        let id = filed.id;
        // 66 bits make a collision with a stored receipt all but impossible; if one happens, the
        // unique index refuses it and another receipt is drawn.
        for _ in 0..3 {
            let (receipt, keys, reporter_pk) = self.draw_receipt(params).await?;
            let mut all_slots = filed.slots.clone();
            all_slots.push(slot_for(
                id,
                Audience::Conversation,
                (0, filed.conversation),
                KeySlotRow::RECEIPT,
                0,
                &reporter_pk,
            )?);
            let row = NewReportRow {
                id,
                category: filed.category,
                district: filed.district.clone(),
                day: today(self),
                team: filed.team,
                receipt_lookup: keys.lookup_hash.to_vec(),
                receipt_kdf: params.encode(),
                reporter_public_key: reporter_pk.as_bytes().to_vec(),
                reporter_key_mac: self.reporter_key_mac(id, &reporter_pk),
                slots: all_slots,
                parts: filed.parts.clone(),
                blobs: filed.blobs.clone(),
                help: filed.help,
                link: match filed.transmission.as_ref().and_then(|t| t.link.as_ref()) {
                    Some((report, reporter)) => Some(LinkSent {
                        report: *report,
                        sealed_code: crate::help_link::wrap_code((*report, reporter), &receipt)?,
                    }),
                    None => None,
                },
            };
            let entry = [self.reporter_entry(received, id, "")];
            let staff: Vec<_> = filed.transmission.iter().map(|t| t.entry.clone()).collect();
            match self
                .store()
                .insert_report(&row, &audited(&staff).and_deferred(&entry))
                .await
            {
                Ok(_) => return Ok(receipt),
                Err(StoreError::Conflict("receipt")) => continue,
                Err(StoreError::Conflict("help link")) => {
                    return Err(AppError::Exists("help link".into()));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Invalid("could not draw an unused receipt".into()))
    }

    /// Writes a reporter's audit entry aside until their day has ended (see
    /// `Store::flush_deferred_audit`): its place in the chain would otherwise date their action.
    /// An entry about a reporter's action: the day only, kept aside until the day has ended.
    pub(crate) fn reporter_entry(
        &self,
        kind: AuditKind,
        report: ReportId,
        detail: &str,
    ) -> vigie_store::NewAuditEntry {
        vigie_store::NewAuditEntry {
            day: today(self),
            at: None,
            actor: AuditActor::Reporter.to_stored(),
            kind: kind.as_str().to_owned(),
            object: format!("report:{report}"),
            detail: detail.to_owned(),
        }
    }

    pub(crate) async fn record_reporter(
        &self,
        kind: AuditKind,
        report: ReportId,
        detail: &str,
    ) -> Result<()> {
        self.store()
            .defer_audit(&self.reporter_entry(kind, report, detail))
            .await?;
        Ok(())
    }
}

/// The team of `routing` a new report goes to: the rules, else the default team, else the first
/// team by name.
fn route_in(routing: RoutingRows, category: Category, district: &str) -> Result<TeamRecord> {
    let rules: Vec<RoutingRule> = routing
        .rules
        .into_iter()
        .map(|r| RoutingRule {
            category: r.category,
            district: r.district,
            team: r.team,
        })
        .collect();
    let teams = routing.teams;
    let Some(default) = routing.default_team.or_else(|| teams.first().map(|t| t.id)) else {
        return Err(AppError::NoTeam);
    };
    let target = route(&rules, category, district, default);
    teams
        .into_iter()
        .find(|t| t.id == target)
        .ok_or(AppError::NoTeam)
}

pub(crate) fn json_error(e: serde_json::Error) -> AppError {
    AppError::Invalid(format!("cannot encode a sealed record: {e}"))
}

/// The key slots of a new report: the conversation and internal keys for its team (and the escrow
/// key, if any), the identity key for each custodian (and the escrow). The receipt's slot is added
/// once the receipt is drawn.
pub(crate) fn report_slots(
    id: ReportId,
    dir: &Directory,
    (team, team_generation, team_pk): (TeamId, i64, &PublicKey),
    [conversation, internal]: [&AudienceKey; 2],
    identity_key: Option<&AudienceKey>,
) -> Result<Vec<KeySlotRow>> {
    let mut slots = Vec::new();
    for (audience, key) in [
        (Audience::Conversation, Some(conversation)),
        (Audience::Internal, Some(internal)),
        (Audience::Identity, identity_key),
    ] {
        let Some(key) = key else { continue };
        if audience != Audience::Identity {
            slots.push(slot_for(
                id,
                audience,
                (0, key),
                KeySlotRow::team_holder(team),
                team_generation,
                team_pk,
            )?);
        }
        if let Some(escrow) = &dir.escrow {
            slots.push(slot_for(
                id,
                audience,
                (0, key),
                KeySlotRow::ESCROW,
                0,
                escrow,
            )?);
        }
    }
    if let Some(key) = identity_key {
        // The custodians hold the identity key; handlers get it only by their grant.
        for (user, pk) in dir.custodians() {
            slots.push(slot_for(
                id,
                Audience::Identity,
                (0, key),
                KeySlotRow::user_holder(user),
                0,
                &pk,
            )?);
        }
    }
    Ok(slots)
}

/// The sealed parts of a new report (its content, its identity if given, one per file), the blob
/// references of the files and what the reporter is told of each file.
fn report_parts(
    draft: &ReportDraft,
    report: &NewReport,
    identity_key: Option<&AudienceKey>,
    day: &str,
) -> Result<(Vec<PartRow>, Vec<BlobRef>, Vec<super::FileMeta>)> {
    let id = draft.id;
    let mut parts = Vec::new();
    let content = Zeroizing::new(serde_json::to_vec(&report.content).map_err(json_error)?);
    parts.push(new_part(
        id,
        (Audience::Conversation, 0, &draft.conversation),
        kind::CONTENT,
        &content,
        day,
        None,
    ));
    if let (Some(key), Some(text)) = (identity_key, &report.identity) {
        parts.push(new_part(
            id,
            (Audience::Identity, 0, key),
            kind::IDENTITY,
            text.as_bytes(),
            day,
            None,
        ));
    }
    let mut blobs = Vec::new();
    let mut metas = Vec::new();
    for file in &draft.files {
        let (part, refs) = file.to_rows(&draft.conversation, id, day)?;
        parts.push(part);
        blobs.extend(refs);
        metas.push(file.meta.clone());
    }
    Ok((parts, blobs, metas))
}
