//! A known person who lost their follow-up code gets a new one from a caseworker of their file's
//! team (issue 11, item 5), exactly as DESIGN.md's receipt scheme makes a first one: a fresh
//! 20-digit code from the OS generator, its Argon2id lookup hash and key pair under the instance's
//! current receipt KDF, the receipt-holder key MACed, and every generation of the conversation key
//! the old code held wrapped for the new key. In the same transaction the old code's lookup hash
//! and slots go: the old code opens nothing from then on (its open sessions end at their next
//! request). Nothing is weakened: the new code is wrapped only the generations the old one held,
//! from keys the caseworker's team holds; if one does not open, nothing changes.
//!
//! A file opened without a help request has no follow-up code to replace: the caseworker is told
//! so (the person files a help request from `/aide`, then the caseworker links the two by opening
//! the file from that request; nothing here opens a request in the person's name).

use std::collections::BTreeSet;

use vigie_domain::{Action, AuditKind, FileId, Principal};
use vigie_store::{KeySlotRow, NewReceipt, StoreError};
use vigie_vault::{Audience, Receipt, SecretKey};

use super::file_object;
use crate::audit::audited;
use crate::reports::handle::actor;
use crate::reports::slot_for;
use crate::{App, AppError, Result};

impl App {
    /// A caseworker of file `file`'s team gives the person a new follow-up code for the help
    /// request the file was opened from (shown once, to pass on); the old code stops working.
    /// Audited (`receipt_reissued`, on the request and the file). `Invalid` when the file has no
    /// help request.
    pub async fn reissue_receipt(
        &self,
        who: &Principal,
        secret: &SecretKey,
        file: FileId,
    ) -> Result<Receipt> {
        let record = self.file_for(who, file, Action::ManageCase).await?;
        let none = || {
            AppError::Invalid(
                "ce dossier n'a pas de demande d'aide, donc pas de code de suivi à remplacer / \
                 this file has no help request, so no follow-up code to replace"
                    .into(),
            )
        };
        let request = record.help_request.ok_or_else(none)?;
        self.store().report(request).await?.ok_or_else(none)?;
        let audience = Audience::Conversation;
        let slots = self
            .store()
            .report_slots(request, audience.as_str())
            .await?;
        let held: BTreeSet<i64> = slots
            .iter()
            .filter(|s| s.holder == KeySlotRow::RECEIPT)
            .map(|s| s.key_generation)
            .collect();
        let keys = self
            .staff_audience_keys(who.id, secret, request, audience)
            .await?;
        let params = self.receipt_kdf()?;
        for _ in 0..3 {
            let (receipt, derived, pk) = self.draw_receipt(params).await?;
            let mut new_slots = Vec::with_capacity(held.len());
            for g in &held {
                new_slots.push(slot_for(
                    request,
                    audience,
                    (*g, keys.at(*g)?),
                    KeySlotRow::RECEIPT,
                    0,
                    &pk,
                )?);
            }
            let new = NewReceipt {
                lookup: derived.lookup_hash.to_vec(),
                kdf: params.encode(),
                public_key: pk.as_bytes().to_vec(),
                mac: self.reporter_key_mac(request, &pk),
                slots: new_slots,
            };
            let entries = [
                self.entry(
                    actor(who),
                    AuditKind::ReceiptReissued,
                    &format!("report:{request}"),
                    "",
                )
                .await?,
                self.entry(
                    actor(who),
                    AuditKind::FileUpdated,
                    &file_object(file),
                    "follow-up code reissued",
                )
                .await?,
            ];
            match self
                .store()
                .replace_receipt(request, &new, &audited(&entries))
                .await
            {
                Ok(()) => return Ok(receipt),
                Err(StoreError::Conflict("receipt")) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Invalid("could not draw an unused receipt".into()))
    }
}
