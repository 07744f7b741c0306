//! The team's side: the inbox, opening a report (audited), replies, notes, status, assignment,
//! labels, granting access, the reporter's identity, files.

use vigie_domain::report::{ReportContent, ReportKind, ReportStatus};
use vigie_domain::{
    Action, AuditActor, AuditKind, LabelId, PartId, Principal, ReportId, Resource, UserId,
};
use vigie_store::{InboxFilter, KeySlotRow, PartAuthor, PartRow, ReportFilter, ReportRecord};
use vigie_vault::stream::StreamOpener;
use vigie_vault::{Audience, SecretKey};
use zeroize::Zeroizing;

use super::files::{FileMeta, FileVariant};
use super::follow::corrupt;
use super::submit::today;
use super::{AudienceKeys, SealedText, kind};
use crate::audit::audited;
use crate::paging::{Page, PageQuery};
use crate::{App, AppError, Result};

/// One message of a conversation, or a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Its part: what the reporter picks to share with the casework team.
    pub part: PartId,
    /// Written by the reporter.
    pub from_reporter: bool,
    /// The staff author.
    pub author: Option<UserId>,
    /// Day written.
    pub day: String,
    /// Exact time (from inside the seal).
    pub at: i64,
    /// The text.
    pub text: String,
}

/// A page of the inbox.
pub type InboxQuery = PageQuery<InboxFilter>;

/// One page of the inbox: reports, newest first.
pub type InboxPage = Page<ReportRecord>;

/// What a staff member writes into a report or a help request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writing {
    /// A handler's reply to the reporter (sealed under the conversation key, read with the
    /// follow-up code).
    ReplyToReporter,
    /// A handler's internal note (sealed under the internal key: never shown to the reporter).
    Note,
    /// A caseworker of its team writes to the person who asked for help (read with their
    /// follow-up code).
    ReplyToAsker,
}

/// A report opened by a handler.
#[derive(Debug)]
pub struct ReportView {
    /// The clear row.
    pub record: ReportRecord,
    /// The report as sent.
    pub content: ReportContent,
    /// Its files, with their part ids.
    pub files: Vec<(PartId, FileMeta)>,
    /// The conversation, oldest first.
    pub messages: Vec<Message>,
    /// Staff notes, oldest first (empty if the reader holds no internal key).
    pub notes: Vec<Message>,
    /// Its labels.
    pub labels: Vec<LabelId>,
    /// Whether the reporter left a name or contact.
    pub has_identity: bool,
    /// Who holds the identity key (users), for the custodian's grant form.
    pub identity_holders: Vec<UserId>,
    /// Who else reads the report (persons and teams holding its conversation key, the routed team
    /// aside): what the "revoke" buttons list.
    pub readers: Vec<super::Reader>,
    /// The reporter's request to be put in touch with the casework team, if they made one.
    pub help_link: Option<crate::help_link::LinkView>,
}

/// Reports per inbox page.
pub const PER_PAGE: i64 = 25;

pub(crate) fn actor(who: &Principal) -> AuditActor {
    AuditActor::Staff(who.id)
}

pub(crate) fn object(report: ReportId) -> String {
    format!("report:{report}")
}

impl App {
    /// The inbox: reports whose conversation key the principal holds (through a team or in person).
    pub async fn inbox(&self, who: &Principal, q: &InboxQuery) -> Result<InboxPage> {
        self.authorize_instance(who, Action::ListReports).await?;
        // Handlers see what their teams or they hold; the custodian sees the reports whose identity
        // key they hold (clear rows: reading the content still needs a handler's access).
        let mut holders = Vec::new();
        if who.roles.contains(vigie_domain::Role::Handler) {
            holders = who
                .teams
                .iter()
                .map(|t| KeySlotRow::team_holder(*t))
                .collect();
            holders.push(KeySlotRow::user_holder(who.id));
        }
        let identity_holder = who
            .roles
            .contains(vigie_domain::Role::Custodian)
            .then(|| KeySlotRow::user_holder(who.id));
        let filter = ReportFilter {
            holders,
            identity_holder,
            // Help requests are the caseworkers', even for a handler who also holds their keys.
            kind: ReportKind::Report,
            only: q.filter.clone(),
        };
        self.inbox_page(&filter, q.page).await
    }

    /// Page `page` (from 1) of the rows `filter` keeps, newest first.
    pub(crate) async fn inbox_page(&self, filter: &ReportFilter, page: i64) -> Result<InboxPage> {
        Page::read(page, PER_PAGE, async |rows| {
            self.store().list_reports(filter, rows).await
        })
        .await
        .map_err(AppError::from)
    }

    /// A custodian who is not in a report's audience opens its page: the clear row and who holds its
    /// identity key (to grant it). Only for a report whose identity key is wrapped for them (the
    /// reporter gave a name or contact); any other is refused, and both are audited.
    pub async fn custodian_view(
        &self,
        who: &Principal,
        id: ReportId,
    ) -> Result<(ReportRecord, Vec<UserId>)> {
        // The custodian's own action on a report's page is granting its identity.
        let identity = Resource::Identity {
            granted: Vec::new(),
        };
        self.authorize(who, Action::GrantIdentityAccess, &identity)
            .await?;
        let record = self.report_row(id, ReportKind::Report).await?;
        let holders = self.identity_holders(id).await?;
        if !holders.contains(&who.id) {
            self.append_audit(
                actor(who),
                AuditKind::PermissionDenied,
                &object(id),
                "report page: no identity slot",
            )
            .await?;
            return Err(AppError::Denied(vigie_domain::Denied::Audience));
        }
        self.append_audit(
            actor(who),
            AuditKind::ReportViewed,
            &object(id),
            "custodian",
        )
        .await?;
        Ok((record, holders))
    }

    /// The stored row of `id` if it is of `kind` (a report, or a help request); any other is
    /// `NoReport`, the answer for a row that does not exist.
    pub(crate) async fn report_row(&self, id: ReportId, kind: ReportKind) -> Result<ReportRecord> {
        let record = self.store().report(id).await?;
        record
            .filter(|r| r.kind() == kind)
            .ok_or(AppError::NoReport)
    }

    pub(crate) async fn report_for(
        &self,
        who: &Principal,
        id: ReportId,
        action: Action,
    ) -> Result<ReportRecord> {
        // A help request is the caseworkers': no report action reaches it, whoever holds its keys.
        let record = self.report_row(id, ReportKind::Report).await?;
        let audience = self.report_audience(id).await?;
        self.authorize_on(who, action, &audience, &object(id))
            .await?;
        Ok(record)
    }

    pub(crate) async fn key_for(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        audience: Audience,
    ) -> Result<AudienceKeys> {
        let keys = self
            .staff_audience_keys(who.id, secret, id, audience)
            .await?;
        if keys.is_empty() {
            return Err(AppError::Denied(vigie_domain::Denied::Audience));
        }
        Ok(keys)
    }

    /// The conversation keys of `id` that `who` holds, once the decryption (of a `what`) is audited.
    /// The caller checked the policy.
    pub(crate) async fn decrypting(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        what: &str,
    ) -> Result<AudienceKeys> {
        let key = self
            .key_for(who, secret, id, Audience::Conversation)
            .await?;
        self.append_audit(actor(who), AuditKind::Decrypted, &object(id), what)
            .await?;
        Ok(key)
    }

    /// The parts of `kind` under `id`'s internal key, opened with the keys `who` holds (none when
    /// they hold none: staff outside the internal audience read no notes).
    pub(crate) async fn internal_parts(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        part_kind: &str,
    ) -> Result<Vec<(PartRow, Zeroizing<Vec<u8>>)>> {
        let internal = self
            .staff_audience_keys(who.id, secret, id, Audience::Internal)
            .await?;
        if internal.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for stored in self.store().report_parts(id).await? {
            if stored.part.kind == part_kind {
                let plain = internal.open(id, &stored.part)?;
                out.push((stored.part, plain));
            }
        }
        Ok(out)
    }

    /// Opens a report for a handler: decrypts its content, files, conversation and notes. Audited.
    pub async fn open_report(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
    ) -> Result<ReportView> {
        let record = self.report_for(who, id, Action::ReadReport).await?;
        let key = self.decrypting(who, secret, id, "report").await?;
        let (content, files, messages) = self.open_conversation(&key, id).await?;
        let help_link = self
            .link_view(&record, &key, &content.text, &messages)
            .await?;
        let mut notes = Vec::new();
        for (p, plain) in self.internal_parts(who, secret, id, kind::NOTE).await? {
            let n: SealedText = serde_json::from_slice(&plain).map_err(corrupt)?;
            notes.push(Message {
                part: p.id,
                from_reporter: false,
                author: p.author,
                day: p.day,
                at: n.at,
                text: n.text,
            });
        }
        let identity_slots = self
            .store()
            .report_slots(id, Audience::Identity.as_str())
            .await?;
        let mut identity_holders: Vec<UserId> = identity_slots
            .iter()
            .filter_map(|s| match s.holder {
                vigie_domain::KeyHolder::User(u) => Some(u),
                _ => None,
            })
            .collect();
        identity_holders.sort_by_key(|u| u.0);
        identity_holders.dedup();
        let readers = self.report_readers(&record).await?;
        self.store().clear_team_unread(id).await?;
        Ok(ReportView {
            help_link,
            readers,
            labels: self.store().report_labels(id).await?,
            record,
            content,
            files,
            messages,
            notes,
            has_identity: !identity_slots.is_empty(),
            identity_holders,
        })
    }

    /// `who` writes `text` into report (or help request) `id`, as `what` says: the policy decides
    /// whether they may, the text is sealed under the key of the audience it is for.
    pub async fn write(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        text: &str,
        what: Writing,
    ) -> Result<()> {
        let text = checked_text(text)?;
        let (audience, author) = match what {
            Writing::ReplyToReporter => {
                self.report_for(who, id, Action::ReplyToReporter).await?;
                (Audience::Conversation, PartAuthor::StaffToReporter)
            }
            Writing::Note => {
                self.report_for(who, id, Action::ReadReport).await?;
                (Audience::Internal, PartAuthor::StaffInternal)
            }
            Writing::ReplyToAsker => {
                self.help_request_for(who, id, Action::ManageCase).await?;
                (Audience::Conversation, PartAuthor::StaffToReporter)
            }
        };
        let key = self.key_for(who, secret, id, audience).await?;
        self.append_message(&key, id, Some(who.id), text, &today(self), author)
            .await
    }

    /// Changes a report's status. Audited.
    pub async fn set_report_status(
        &self,
        who: &Principal,
        id: ReportId,
        status: ReportStatus,
    ) -> Result<()> {
        self.report_for(who, id, Action::ReadReport).await?;
        let detail = format!("status={}", status.as_str());
        let store = self.store();
        self.update_report(who, (id, &detail), async |audit| {
            store
                .set_report_status(id, status, &today(self), audit)
                .await
        })
        .await
    }

    /// Stores a change of report `id` by `who` (`write`) with its `report_updated` entry saying
    /// `detail`, in one transaction.
    async fn update_report(
        &self,
        who: &Principal,
        (id, detail): (ReportId, &str),
        write: impl AsyncFnOnce(&vigie_store::Audit<'_>) -> vigie_store::Result<()>,
    ) -> Result<()> {
        let entry = [self
            .entry(actor(who), AuditKind::ReportUpdated, &object(id), detail)
            .await?];
        write(&audited(&entry)).await?;
        Ok(())
    }

    /// Replaces a report's labels (from the admin-defined list). Audited.
    pub async fn set_report_labels(
        &self,
        who: &Principal,
        id: ReportId,
        labels: &[LabelId],
    ) -> Result<()> {
        self.report_for(who, id, Action::ReadReport).await?;
        let known: Vec<LabelId> = self
            .store()
            .labels()
            .await?
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        if labels.iter().any(|l| !known.contains(l)) {
            return Err(AppError::Invalid("unknown label".into()));
        }
        let store = self.store();
        self.update_report(who, (id, "labels"), async |audit| {
            store.set_report_labels(id, labels, audit).await
        })
        .await
    }

    /// Assigns a report to a handler (who then holds its keys in person), or to nobody. Audited.
    pub async fn assign_report(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        assignee: Option<UserId>,
    ) -> Result<()> {
        self.report_for(who, id, Action::ReadReport).await?;
        if let Some(user) = assignee {
            self.grant_user(who, secret, id, user).await?;
        }
        let detail =
            assignee.map_or_else(|| "assignee=none".to_owned(), |u| format!("assignee={u}"));
        let store = self.store();
        self.update_report(who, (id, &detail), async |audit| {
            store.assign_report(id, assignee, &today(self), audit).await
        })
        .await
    }

    /// Opens one copy of a file as a decrypting stream. The clean copy is a read (audited as such)
    /// and exists only for files vigie cleaned ([`FileMeta::has_clean_copy`]; otherwise
    /// [`AppError::NoCleanCopy`], before anything is audited); the original is evidence and its
    /// opening is audited as an export.
    pub async fn open_file(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        part: PartId,
        variant: FileVariant,
    ) -> Result<OpenedFile> {
        self.report_for(who, id, Action::ReadReport).await?;
        let key = self
            .key_for(who, secret, id, Audience::Conversation)
            .await?;
        let parts = self.store().report_parts(id).await?;
        // The file's number: its place among the report's files, as the report page lists them.
        let (index, stored) = parts
            .into_iter()
            .filter(|p| {
                p.part.kind == kind::FILE && p.part.audience == Audience::Conversation.as_str()
            })
            .enumerate()
            .find(|(_, p)| p.part.id == part)
            .ok_or(AppError::NoReport)?;
        let plain = key.open(id, &stored.part)?;
        let meta: FileMeta = serde_json::from_slice(&plain).map_err(corrupt)?;
        if variant == FileVariant::Clean && !meta.has_clean_copy() {
            return Err(AppError::NoCleanCopy);
        }
        let blobs = self.store().report_blobs(id).await?;
        let find = |v: FileVariant| {
            blobs
                .iter()
                .find(|b| b.part == part && b.variant == v.as_str())
        };
        // Files of a type vigie cannot clean were once stored as their only, "clean", copy: that
        // copy is their original.
        let (stored_as, blob) = match (variant, find(variant)) {
            (_, Some(b)) => (variant, b),
            (FileVariant::Original, None) if !meta.has_clean_copy() => (
                FileVariant::Clean,
                find(FileVariant::Clean).ok_or(AppError::NoReport)?,
            ),
            (_, None) => return Err(AppError::NoReport),
        };
        let (kind, detail) = match variant {
            FileVariant::Clean => (AuditKind::Decrypted, format!("file:{part} clean")),
            FileVariant::Original => (AuditKind::Exported, format!("file:{part} original")),
        };
        self.append_audit(actor(who), kind, &object(id), &detail)
            .await?;
        // Opening reads the sealed header: from a bucket, a blocking request, off the async threads.
        let stream = {
            let app = self.clone();
            let key = key.at(stored.part.key_generation)?.clone();
            let blob_id = blob.blob_id.clone();
            tokio::task::spawn_blocking(move || {
                app.open_blob_stream(&key, id, part, stored_as, &blob_id)
            })
            .await
            .map_err(|_| AppError::Invalid("the file opening task failed".into()))??
        };
        Ok(OpenedFile {
            name: meta.download_name(index + 1),
            meta,
            stream,
        })
    }
}

/// One copy of a file, opened for download.
pub struct OpenedFile {
    /// The file's description (the reporter's name for it is for display only).
    pub meta: FileMeta,
    /// The name to download it under: `piece-N.EXT` ([`FileMeta::download_name`]).
    pub name: String,
    /// Its bytes, decrypted as they are read (blocking reads: use `spawn_blocking`).
    pub stream: StreamOpener<vigie_store::BlobReader>,
}

impl std::fmt::Debug for OpenedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedFile")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

pub(crate) fn checked_text(text: &str) -> Result<&str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Invalid("empty message".into()));
    }
    if text.chars().count() > vigie_domain::report::MAX_TEXT_CHARS {
        return Err(AppError::Invalid("message too long".into()));
    }
    Ok(text)
}
