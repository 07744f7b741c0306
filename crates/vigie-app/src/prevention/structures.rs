//! Structures: schools, youth and social centres, sports clubs, associations. The clear half is
//! listed without any decryption; the contact is sealed under the instance secret, bound to the
//! structure's id and clear half, and opened (audited) for its page and its edit form only.

use vigie_domain::prevention::{
    StructureClear, StructureContact, StructureForm, validate_structure,
};
use vigie_domain::{Action, AuditActor, AuditKind, Principal, Resource, StructureId};
use vigie_store::StructureRecord;

use super::added_or_edited;
use super::invalid;
use crate::{App, AppError, Result};

/// A structure opened: its clear half and its contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructureView {
    /// Id.
    pub id: StructureId,
    /// Kind, name, areas, QPV, active.
    pub clear: StructureClear,
    /// The contact (sealed at rest).
    pub contact: StructureContact,
}

/// What an audit entry about structure `id` names: `prevention_structure:<uuid>`.
pub fn structure_object(id: StructureId) -> String {
    format!("prevention_structure:{id}")
}

/// Associated data of a structure's seal: its id and its clear columns (JSON, in
/// `StructureClear`'s field order).
pub(crate) fn structure_aad(id: StructureId, clear: &StructureClear) -> Result<Vec<u8>> {
    let label = b"vigie/prevention-structure/";
    crate::aad::with_columns(label, id.0.as_bytes(), clear, "structure")
}

impl App {
    /// Seals a structure's contact, bound to its id and clear half.
    fn seal_structure(
        &self,
        id: StructureId,
        clear: &StructureClear,
        contact: &StructureContact,
    ) -> Result<StructureRecord> {
        let plain = zeroize::Zeroizing::new(crate::aad::json(contact, "structure")?);
        let sealed = self.seal_contact(&structure_aad(id, clear)?, &plain);
        Ok(StructureRecord {
            id,
            clear: clear.clone(),
            sealed,
        })
    }

    /// Opens a stored structure; a row whose seal does not open with its columns is `Integrity`.
    fn open_structure(&self, rec: &StructureRecord) -> Result<StructureView> {
        let altered = || {
            AppError::Integrity(format!(
                "structure {} was changed outside vigie (its sealed contact does not match its row)",
                rec.id
            ))
        };
        let plain = self
            .open_contact(&structure_aad(rec.id, &rec.clear)?, &rec.sealed)
            .map_err(|_| altered())?;
        let contact = serde_json::from_slice(&plain).map_err(|_| altered())?;
        Ok(StructureView {
            id: rec.id,
            clear: rec.clear.clone(),
            contact,
        })
    }

    /// Every structure's clear half, by name (nothing is decrypted).
    pub async fn structures(&self, who: &Principal) -> Result<Vec<(StructureId, StructureClear)>> {
        self.may_manage_prevention(who, "").await?;
        self.structure_rows().await
    }

    /// The stored structure `id`, or `NoPreventionItem` (the callers checked the policy).
    async fn structure_row(&self, id: StructureId) -> Result<StructureRecord> {
        let rec = self.store().structure(id).await?;
        rec.ok_or(AppError::NoPreventionItem)
    }

    /// Every structure's clear half, by name (no policy check: the callers made it).
    pub(super) async fn structure_rows(&self) -> Result<Vec<(StructureId, StructureClear)>> {
        Ok(self
            .store()
            .structures()
            .await?
            .into_iter()
            .map(|r| (r.id, r.clear))
            .collect())
    }

    /// One structure with its contact, for its page or its edit form: the opening is audited as a
    /// decryption; `Integrity` for a row altered outside vigie.
    pub async fn structure(&self, who: &Principal, id: StructureId) -> Result<StructureView> {
        let object = structure_object(id);
        self.authorize_on(
            who,
            Action::ReadStructureContact,
            &Resource::Instance,
            &object,
        )
        .await?;
        let rec = self.structure_row(id).await?;
        self.append_audit(
            AuditActor::Staff(who.id),
            AuditKind::Decrypted,
            &object,
            "structure contact",
        )
        .await?;
        self.open_structure(&rec)
    }

    /// Validates `form`, seals and writes structure `id` (new, or over the old) with its audit
    /// entry. A structure altered outside vigie is not written over (`Integrity`): nobody knows
    /// what it held.
    pub(super) async fn write_structure(
        &self,
        actor: AuditActor,
        id: StructureId,
        form: &StructureForm,
        insert: bool,
    ) -> Result<()> {
        if !insert {
            self.open_structure(&self.structure_row(id).await?)?;
        }
        let (clear, contact) = validate_structure(form, &self.settings().areas).map_err(invalid)?;
        let rec = self.seal_structure(id, &clear, &contact)?;
        let what = added_or_edited("structure", insert);
        let store = self.store();
        self.audited_change(actor, (&structure_object(id), &what), async |audit| {
            store.save_structure(&rec, insert, audit).await
        })
        .await
    }
}
