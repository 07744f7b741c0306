//! The partner directory: caseworkers (and admins) add, edit, deactivate and read the
//! professionals and structures they refer people to; a partner account reads its own entry.
//!
//! An entry's names, phone, e-mail, address and notes, with the partner account it belongs to, are
//! sealed under the instance secret (like staff contact details); its clear columns (kind, areas,
//! languages, places, agreement, police funding, active, the account again) are the seal's
//! associated data with the entry's id. So whoever writes the database can neither read the
//! details nor change a clear column, nor point an entry at another account: the row no longer
//! opens, and is shown as altered. The sealed account is the one a referral trusts
//! ([`App::partner_account`]), and only while the checked key directory holds it as an active
//! partner. What the seal cannot show is a genuine older row written back; the audit log keeps every
//! change.
//!
//! Every change is audited (`partner_changed`), and so is every read of sealed details
//! (`decrypted`): the list once per reading, an entry's page once per opening.

use serde::{Deserialize, Serialize};
use vigie_domain::partner::{
    PartnerClear, PartnerDetails, PartnerField, PartnerFilter, PartnerForm, PartnerInput,
    PartnerProblem, validate_partner,
};
use vigie_domain::{Action, AuditActor, AuditKind, PartnerId, Principal, Resource, Role, UserId};
use vigie_store::{PartnerRecord, StoreError};

use crate::audit::audited;
use crate::{App, AppError, Result};

/// What the seal holds: the details, and the account the entry belongs to (authoritative).
#[derive(Serialize, Deserialize)]
struct Sealed {
    account: Option<UserId>,
    details: PartnerDetails,
}

/// An entry opened: its clear half and its details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerEntry {
    /// Id.
    pub id: PartnerId,
    /// Kind, areas, languages, places, agreement, police funding, active, linked account.
    pub clear: PartnerClear,
    /// Name, speciality, phone, e-mail, address, notes.
    pub details: PartnerDetails,
}

/// A row of the directory: an entry, or one changed outside vigie (its seal no longer opens with
/// its columns), which nothing uses and the list flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartnerListed {
    /// An entry (boxed: a row altered is a mere id).
    Entry(Box<PartnerEntry>),
    /// A row altered in the database.
    Altered(PartnerId),
}

/// An entry's page: the entry, and its account's name and charter acceptance.
#[derive(Clone, Debug)]
pub struct PartnerView {
    /// The entry.
    pub entry: PartnerEntry,
    /// The linked account's user name.
    pub account_name: Option<String>,
    /// The newest charter version the linked account accepted, and the day.
    pub charter: Option<(u32, String)>,
}

/// A partner account an entry may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerAccount {
    /// Id.
    pub id: UserId,
    /// User name.
    pub username: String,
    /// The entry that names it already, if one does.
    pub entry: Option<PartnerId>,
}

/// Associated data of an entry's seal: its id and its clear columns (JSON, in `PartnerClear`'s
/// field order: one encoding for one value).
pub(crate) fn partner_aad(id: PartnerId, clear: &PartnerClear) -> Result<Vec<u8>> {
    crate::aad::with_columns(b"vigie/partner/", id.0.as_bytes(), clear, "partner entry")
}

/// What an audit entry about directory entry `id` names: `partner:<uuid>`.
fn object(id: PartnerId) -> String {
    format!("partner:{id}")
}

/// The integrity failure of a row whose seal does not open with its columns.
fn altered(id: PartnerId) -> AppError {
    AppError::Integrity(format!(
        "partner entry {id} was changed outside vigie (its sealed record does not match its row)"
    ))
}

/// The entry form's error beside the account field.
fn not_partner() -> AppError {
    AppError::InvalidPartner(vec![(PartnerField::Account, PartnerProblem::NotPartner)])
}

/// What a change did to an entry, as its audit entry says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Edited,
    Deactivated,
    Reactivated,
}

impl Change {
    fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Edited => "edited",
            Change::Deactivated => "deactivated",
            Change::Reactivated => "reactivated",
        }
    }
}

impl App {
    /// Seals an entry's details and account, bound to its id and clear half.
    fn seal_partner(
        &self,
        id: PartnerId,
        clear: &PartnerClear,
        details: &PartnerDetails,
    ) -> Result<PartnerRecord> {
        let sealed = Sealed {
            account: clear.account,
            details: details.clone(),
        };
        let plain = zeroize::Zeroizing::new(crate::aad::json(&sealed, "partner entry")?);
        let sealed = self.seal_contact(&partner_aad(id, clear)?, &plain);
        Ok(PartnerRecord {
            id,
            clear: clear.clone(),
            sealed,
        })
    }

    /// Opens a stored entry; a row whose seal does not open with its columns, or whose sealed
    /// account is not its column's, is `Integrity`.
    fn open_partner(&self, rec: &PartnerRecord) -> Result<PartnerEntry> {
        let plain = self
            .open_contact(&partner_aad(rec.id, &rec.clear)?, &rec.sealed)
            .map_err(|_| altered(rec.id))?;
        let sealed: Sealed = serde_json::from_slice(&plain).map_err(|_| altered(rec.id))?;
        if sealed.account != rec.clear.account {
            return Err(altered(rec.id));
        }
        Ok(PartnerEntry {
            id: rec.id,
            clear: rec.clear.clone(),
            details: sealed.details,
        })
    }

    /// The stored entry `id`, or `NoPartner`.
    async fn partner_record(&self, id: PartnerId) -> Result<PartnerRecord> {
        self.store().partner(id).await?.ok_or(AppError::NoPartner)
    }

    /// The directory, filtered on its clear columns, by name; rows altered outside vigie are
    /// listed whatever the filter, flagged. Opening the names is audited once.
    pub async fn partner_directory(
        &self,
        who: &Principal,
        filter: &PartnerFilter,
    ) -> Result<Vec<PartnerListed>> {
        self.authorize_instance(who, Action::ManagePartners).await?;
        let rows = self.store().partners().await?;
        let mut out = Vec::new();
        for rec in rows {
            match self.open_partner(&rec) {
                Ok(entry) if filter.matches(&entry.clear) => {
                    out.push(PartnerListed::Entry(Box::new(entry)))
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "a partner entry does not open");
                    out.push(PartnerListed::Altered(rec.id));
                }
            }
        }
        out.sort_by_cached_key(|l| match l {
            PartnerListed::Altered(id) => (0, String::new(), *id),
            PartnerListed::Entry(e) => (1, e.details.name.to_lowercase(), e.id),
        });
        let opened = out
            .iter()
            .filter(|l| matches!(l, PartnerListed::Entry(_)))
            .count();
        self.append_audit(
            AuditActor::Staff(who.id),
            AuditKind::Decrypted,
            "partners",
            &format!("directory entries={opened}"),
        )
        .await?;
        Ok(out)
    }

    /// One entry, for its page (audited as a decryption); `Integrity` for a row altered outside
    /// vigie.
    pub async fn partner_entry(&self, who: &Principal, id: PartnerId) -> Result<PartnerView> {
        let rec = self.managed_record(who, id).await?;
        self.append_audit(
            AuditActor::Staff(who.id),
            AuditKind::Decrypted,
            &object(id),
            "directory entry",
        )
        .await?;
        let entry = self.open_partner(&rec)?;
        let (account_name, charter) = match entry.clear.account {
            Some(account) => (
                self.store().user_by_id(account).await?.map(|u| u.username),
                self.store().charter_accepted(account).await?,
            ),
            None => (None, None),
        };
        Ok(PartnerView {
            entry,
            account_name,
            charter,
        })
    }

    /// The active partner accounts of the checked key directory, by name, each with the entry that
    /// names it already (for the entry form's choice of account).
    pub async fn partner_accounts(&self, who: &Principal) -> Result<Vec<PartnerAccount>> {
        self.authorize_instance(who, Action::ManagePartners).await?;
        let dir = self.directory().await?;
        let linked: Vec<(UserId, PartnerId)> = self
            .store()
            .partners()
            .await?
            .iter()
            .filter_map(|p| Some((p.clear.account?, p.id)))
            .collect();
        let mut out: Vec<PartnerAccount> = self
            .store()
            .list_users()
            .await?
            .into_iter()
            .filter(|u| {
                dir.user(u.id)
                    .is_some_and(|d| !d.disabled && d.roles.contains(Role::Partner))
            })
            .map(|u| PartnerAccount {
                id: u.id,
                entry: linked.iter().find(|(a, _)| *a == u.id).map(|(_, p)| *p),
                username: u.username,
            })
            .collect();
        out.sort_by(|a, b| a.username.cmp(&b.username));
        Ok(out)
    }

    /// Refuses (beside the form's account field) an account the checked key directory does not
    /// hold as an active partner.
    async fn check_linkable(&self, account: Option<UserId>) -> Result<()> {
        let Some(account) = account else {
            return Ok(());
        };
        let dir = self.directory().await?;
        match dir.user(account) {
            Some(u) if !u.disabled && u.roles.contains(Role::Partner) => Ok(()),
            _ => Err(not_partner()),
        }
    }

    /// Validates a posted entry form; its errors come back beside their fields.
    fn partner_input(&self, form: &PartnerForm) -> Result<PartnerInput> {
        validate_partner(form, &self.settings().areas).map_err(AppError::InvalidPartner)
    }

    /// Adds an entry from a posted form (active).
    pub async fn add_partner(&self, who: &Principal, form: &PartnerForm) -> Result<PartnerId> {
        self.authorize_instance(who, Action::ManagePartners).await?;
        let input = self.partner_input(form)?;
        self.insert_partner(AuditActor::Staff(who.id), &input).await
    }

    /// Stores `input` as a new entry, audited as `actor`'s.
    pub(crate) async fn insert_partner(
        &self,
        actor: AuditActor,
        input: &PartnerInput,
    ) -> Result<PartnerId> {
        self.check_linkable(input.clear.account).await?;
        let id = PartnerId::random();
        self.save_partner(actor, id, input, Change::Added).await?;
        Ok(id)
    }

    /// Replaces entry `id`'s fields from a posted form (it stays active or not as it was). An entry
    /// altered outside vigie is refused (`Integrity`): nobody knows what it held.
    pub async fn edit_partner(
        &self,
        who: &Principal,
        id: PartnerId,
        form: &PartnerForm,
    ) -> Result<()> {
        let old = self.existing_partner(who, id).await?;
        let mut input = self.partner_input(form)?;
        input.clear.active = old.clear.active;
        self.check_linkable(input.clear.account).await?;
        self.save_partner(AuditActor::Staff(who.id), id, &input, Change::Edited)
            .await
    }

    /// Deactivates (no longer proposed) or reactivates entry `id`.
    pub async fn set_partner_active(
        &self,
        who: &Principal,
        id: PartnerId,
        active: bool,
    ) -> Result<()> {
        let old = self.existing_partner(who, id).await?;
        if old.clear.active == active {
            return Ok(());
        }
        let mut input = PartnerInput {
            clear: old.clear,
            details: old.details,
        };
        input.clear.active = active;
        let change = if active {
            Change::Reactivated
        } else {
            Change::Deactivated
        };
        self.save_partner(AuditActor::Staff(who.id), id, &input, change)
            .await
    }

    /// Entry `id` opened for a change by `who`, once the policy let them manage the directory.
    async fn existing_partner(&self, who: &Principal, id: PartnerId) -> Result<PartnerEntry> {
        self.open_partner(&self.managed_record(who, id).await?)
    }

    /// The stored entry `id` (or `NoPartner`), once the policy let `who` manage the directory (a
    /// refusal names the entry).
    async fn managed_record(&self, who: &Principal, id: PartnerId) -> Result<PartnerRecord> {
        self.authorize_on(
            who,
            Action::ManagePartners,
            &Resource::Instance,
            &object(id),
        )
        .await?;
        self.partner_record(id).await
    }

    /// Seals and writes entry `id` (a new one, or over the old) with its audit entry; an account
    /// another entry names already comes back beside the account field.
    async fn save_partner(
        &self,
        actor: AuditActor,
        id: PartnerId,
        input: &PartnerInput,
        change: Change,
    ) -> Result<()> {
        let rec = self.seal_partner(id, &input.clear, &input.details)?;
        let entry = [self
            .entry(
                actor,
                AuditKind::PartnerChanged,
                &object(id),
                change.as_str(),
            )
            .await?];
        let (store, audit) = (self.store(), audited(&entry));
        let written = match change {
            Change::Added => store.insert_partner(&rec, &audit).await,
            _ => store.update_partner(&rec, &audit).await,
        };
        match written {
            Err(StoreError::Conflict(_)) => Err(not_partner()),
            Err(StoreError::NotFound(_)) => Err(AppError::NoPartner),
            other => Ok(other?),
        }
    }

    /// The partner's own entry, opened for them (audited as a decryption); `None` when no entry
    /// names their account. The entry must name them in its sealed record, not only in its column.
    pub async fn own_partner_entry(&self, who: &Principal) -> Result<Option<PartnerEntry>> {
        self.authorize_instance(who, Action::UsePartnerSpace)
            .await?;
        let Some(rec) = self.store().partner_of_account(who.id).await? else {
            return Ok(None);
        };
        self.append_audit(
            AuditActor::Staff(who.id),
            AuditKind::Decrypted,
            &object(rec.id),
            "own entry",
        )
        .await?;
        let entry = self.open_partner(&rec)?;
        if entry.clear.account != Some(who.id) {
            return Err(altered(rec.id));
        }
        Ok(Some(entry))
    }

    /// The name of the directory entry linked to partner account `account`, if one is (held
    /// against a person's "never share with" list); `Integrity` for a row changed outside vigie.
    pub(crate) async fn partner_entry_name_of(&self, account: UserId) -> Result<Option<String>> {
        let Some(rec) = self.store().partner_of_account(account).await? else {
            return Ok(None);
        };
        Ok(Some(self.open_partner(&rec)?.details.name))
    }

    /// The partner account entry `id` belongs to, as its sealed record names it, for a referral to
    /// wrap keys for: `None` when the entry names none, is deactivated, or names an account the
    /// checked key directory does not hold as an active partner; `Integrity` when the row was
    /// changed outside vigie. The caller checks its own policy (a caseworker's `ReferCase`).
    pub async fn partner_account(&self, id: PartnerId) -> Result<Option<UserId>> {
        let entry = self.open_partner(&self.partner_record(id).await?)?;
        let Some(account) = entry.clear.account.filter(|_| entry.clear.active) else {
            return Ok(None);
        };
        let dir = self.directory().await?;
        Ok(dir
            .user(account)
            .is_some_and(|u| !u.disabled && u.roles.contains(Role::Partner))
            .then_some(account))
    }
}
