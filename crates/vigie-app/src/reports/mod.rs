//! Reports: submission, the reporter's follow-up, the team's inbox, files, exports and jobs.
//!
//! Keys (DESIGN.md section 3): each report has a *conversation* key (text, files, messages both
//! ways: the routed team and the receipt holder), an *internal* key (notes: staff only) and, when
//! the reporter gave a name or contact, an *identity* key (the custodians, then whom they grant).
//! Every audience key is stored only wrapped in slots; every part is sealed under a key derived
//! from its audience key and the part's id, with the report and part ids as associated data.

mod export;
mod files;
pub(crate) mod follow;
mod grants;
pub(crate) mod handle;
mod jobs;
pub(crate) use jobs::notify_aad;
mod keys;
pub(crate) use keys::reporter_entry;
mod revoke;
pub(crate) mod submit;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use vigie_domain::retention::RetentionPolicy;
use vigie_domain::{KeyHolder, PartId, ReportId};
use vigie_store::KeySlotRow;
use vigie_vault::{Audience, AudienceKey, PublicKey};

use crate::{App, Result};
pub(crate) use jobs::counted;
pub(crate) use keys::{AudienceKeys, newest_generation};

pub use export::{EXPORT_TEXT_NAME, ExportError};
pub use files::{
    AttachedFile, CLEANER_VERSION, FileError, FileMeta, FileSealer, FileVariant, tidy_file_name,
};
pub use follow::{ReporterSession, ReporterView};

pub use handle::{InboxPage, InboxQuery, Message, OpenedFile, ReportView, Writing};
pub use jobs::{DIGEST_JOB, HousekeepingReport, Mail, Notifier, TeamNotify};
pub use revoke::Reader;
pub use submit::{ReportDraft, Submitted};
pub use vigie_store::InboxFilter;

/// Limits and periods for reports, from the configuration.
#[derive(Clone, Debug)]
pub struct ReportSettings {
    /// Files per report or reply.
    pub max_files: usize,
    /// Bytes per file.
    pub max_file_bytes: u64,
    /// New reports per minute, across every instance.
    pub submissions_per_minute: i64,
    /// Receipt logins per minute, across every instance (each costs one Argon2id run).
    pub receipt_attempts_per_minute: i64,
    /// A report form's token is accepted only once it is this old (a bot must fetch the form and
    /// wait; a person takes far longer to write). Tests set it to zero.
    pub form_min_age: Duration,
    /// A follow-up session idle this long ends.
    pub receipt_idle: Duration,
    /// Bytes of sealed files being written and not yet referenced by a report.
    pub pending_blob_quota: u64,
    /// Memory the file cleaner may hold at once for in-memory formats (WebP, PDF).
    pub sanitize_memory: usize,
    /// Retention periods.
    pub retention: RetentionPolicy,
    /// The urgent alert mail waits a random delay of up to this long (none by default), so that its
    /// arrival at the mail servers does not date the report to the second.
    pub urgent_alert_jitter: Duration,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            max_files: 10,
            max_file_bytes: 50 * 1024 * 1024,
            submissions_per_minute: 120,
            receipt_attempts_per_minute: 120,
            form_min_age: Duration::from_secs(10),
            receipt_idle: Duration::from_secs(20 * 60),
            pending_blob_quota: 2 * 1024 * 1024 * 1024,
            sanitize_memory: 256 * 1024 * 1024,
            retention: RetentionPolicy::default(),
            urgent_alert_jitter: Duration::ZERO,
        }
    }
}

/// Part kinds (stored in clear: they say what a row is, not what it holds).
pub(crate) mod kind {
    /// The report's form content.
    pub const CONTENT: &str = "content";
    /// A message of the conversation (either way).
    pub const MESSAGE: &str = "message";
    /// A file's description; its bytes are in sealed blobs.
    pub const FILE: &str = "file";
    /// A staff note.
    pub const NOTE: &str = "note";
    /// The name or contact the reporter gave.
    pub const IDENTITY: &str = "identity";
    /// A help request's form content (in place of `CONTENT`).
    pub const HELP: &str = "help";
    /// A reporter's request to be put in touch with the casework team (the texts chosen).
    pub const HELP_LINK: &str = vigie_store::HELP_LINK_PART;
}

/// What the person sent first: a report's form, or a help request's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// A report.
    Report(vigie_domain::report::ReportContent),
    /// A help request.
    Help(vigie_domain::help::HelpContent),
}

impl Sent {
    /// What the person wrote: a report's text, or a help request's message (empty when none).
    pub fn text(&self) -> &str {
        match self {
            Sent::Report(c) => &c.text,
            Sent::Help(h) => h.message.as_deref().unwrap_or_default(),
        }
    }
}

/// A message or note as sealed.
#[derive(Serialize, Deserialize)]
pub(crate) struct SealedText {
    pub text: String,
    /// Exact time, only inside the seal.
    pub at: i64,
}

/// Associated data of a report's key slot: a slot cannot move to another report, audience or
/// generation (generation 0, the key the report was filed with, keeps the form it always had).
pub(crate) fn slot_aad(report: ReportId, audience: Audience, generation: i64) -> Vec<u8> {
    let mut aad = [
        b"vigie/report-slot/".as_slice(),
        report.0.as_bytes(),
        audience.as_str().as_bytes(),
    ]
    .concat();
    if generation != 0 {
        aad.extend_from_slice(b"/generation/");
        aad.extend_from_slice(&generation.to_be_bytes());
    }
    aad
}

/// Associated data of a sealed part: the report, the part and its kind.
pub(crate) fn part_aad(report: ReportId, part: PartId, kind: &str) -> Vec<u8> {
    crate::aad::part(b"vigie/report-part/", report.0.as_bytes(), part, kind)
}

/// Seals one part.
pub(crate) fn seal_part(
    key: &AudienceKey,
    report: ReportId,
    part: PartId,
    kind: &str,
    plaintext: &[u8],
) -> Vec<u8> {
    vigie_vault::seal(
        &key.part_key(part.0, kind),
        &part_aad(report, part, kind),
        plaintext,
    )
}

/// A new part of `report`: `plain` sealed under `key` (generation `generation` of `audience`'s
/// key), written on `day` by `author` (`None`: the reporter, or the person asking for help).
pub(crate) fn new_part(
    report: ReportId,
    (audience, generation, key): (Audience, i64, &AudienceKey),
    part_kind: &str,
    plain: &[u8],
    day: &str,
    author: Option<vigie_domain::UserId>,
) -> vigie_store::PartRow {
    let id = PartId::random();
    vigie_store::PartRow {
        id,
        kind: part_kind.to_owned(),
        audience: audience.as_str().to_owned(),
        key_generation: generation,
        author,
        day: day.to_owned(),
        sealed: seal_part(key, report, id, part_kind, plain),
    }
}

/// Opens one part.
pub(crate) fn open_part(
    key: &AudienceKey,
    report: ReportId,
    part: PartId,
    kind: &str,
    sealed: &[u8],
) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    Ok(vigie_vault::open(
        &key.part_key(part.0, kind),
        &part_aad(report, part, kind),
        sealed,
    )?)
}

/// Wraps an audience key for one holder.
pub(crate) fn slot_for(
    report: ReportId,
    audience: Audience,
    (key_generation, key): (i64, &AudienceKey),
    holder: vigie_domain::KeyHolder,
    holder_generation: i64,
    recipient: &PublicKey,
) -> Result<KeySlotRow> {
    Ok(KeySlotRow {
        audience: audience.as_str().to_owned(),
        key_generation,
        holder,
        holder_generation,
        wrapped: vigie_vault::wrap_audience_key_for(
            recipient,
            key,
            &slot_aad(report, audience, key_generation),
        )?,
    })
}

impl App {
    /// The teams and persons holding `report`'s conversation key: the report's audience for the policy.
    pub(crate) async fn report_audience(&self, report: ReportId) -> Result<vigie_domain::Resource> {
        let slots = self
            .store()
            .report_slots(report, Audience::Conversation.as_str())
            .await?;
        let mut teams = Vec::new();
        let mut users = Vec::new();
        for s in slots {
            match s.holder {
                KeyHolder::Team(t) if !teams.contains(&t) => teams.push(t),
                KeyHolder::User(u) if !users.contains(&u) => users.push(u),
                _ => {}
            }
        }
        Ok(vigie_domain::Resource::Report { teams, users })
    }
}
