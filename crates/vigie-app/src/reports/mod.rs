//! Reports: submission, the reporter's follow-up, the team's inbox, files, exports and jobs.
//!
//! Keys (DESIGN.md section 3): each report has a *conversation* key (text, files, messages both
//! ways: the routed team and the receipt holder), an *internal* key (notes: staff only) and, when
//! the reporter gave a name or contact, an *identity* key (the custodians, then whom they grant).
//! Every audience key is stored only wrapped in slots; every part is sealed under a key derived
//! from its audience key and the part's id, with the report and part ids as associated data.

mod export;
mod files;
mod follow;
mod handle;
mod jobs;
pub(crate) mod submit;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use vigie_domain::retention::RetentionPolicy;
use vigie_domain::{PartId, ReportId, UserId};
use vigie_store::KeySlotRow;
use vigie_vault::{Audience, AudienceKey, PublicKey, SecretKey};

use crate::accounts::team_slot_aad;
use crate::{App, AppError, Result};

pub use export::{EXPORT_TEXT_NAME, ExportError};
pub use files::{AttachedFile, CLEANER_VERSION, FileError, FileMeta, FileSealer, FileVariant};
pub use follow::{ReporterSession, ReporterView};
pub use handle::{InboxPage, InboxQuery, Message, OpenedFile, ReportView};
pub use jobs::{HousekeepingReport, Mail, Notifier, TeamNotify};
pub use submit::{ReportDraft, Submitted};

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
}

/// A message or note as sealed.
#[derive(Serialize, Deserialize)]
pub(crate) struct SealedText {
    pub text: String,
    /// Exact time, only inside the seal.
    pub at: i64,
}

/// Associated data of a report's key slot: a slot cannot move to another report or audience.
pub(crate) fn slot_aad(report: ReportId, audience: Audience) -> Vec<u8> {
    [
        b"vigie/report-slot/".as_slice(),
        report.0.as_bytes(),
        audience.as_str().as_bytes(),
    ]
    .concat()
}

/// Associated data of a sealed part: the report, the part and its kind.
pub(crate) fn part_aad(report: ReportId, part: PartId, kind: &str) -> Vec<u8> {
    [
        b"vigie/report-part/".as_slice(),
        report.0.as_bytes(),
        part.0.as_bytes(),
        kind.as_bytes(),
    ]
    .concat()
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
    key: &AudienceKey,
    holder: String,
    holder_generation: i64,
    recipient: &PublicKey,
) -> Result<KeySlotRow> {
    Ok(KeySlotRow {
        audience: audience.as_str().to_owned(),
        holder,
        holder_generation,
        wrapped: vigie_vault::wrap_audience_key_for(recipient, key, &slot_aad(report, audience))?,
    })
}

impl App {
    /// Opens `audience`'s key of `report` for a staff member: through a slot of their own, or of one
    /// of their teams (at the generation the slot was wrapped for). `None` when they hold none.
    pub(crate) async fn staff_audience_key(
        &self,
        user: UserId,
        secret: &SecretKey,
        report: ReportId,
        audience: Audience,
    ) -> Result<Option<AudienceKey>> {
        let slots = self.store().report_slots(report, audience.as_str()).await?;
        let aad = slot_aad(report, audience);
        let own = KeySlotRow::user_holder(user);
        if let Some(slot) = slots.iter().find(|s| s.holder == own) {
            return Ok(Some(vigie_vault::unwrap_audience_key(
                secret,
                &slot.wrapped,
                &aad,
            )?));
        }
        let teams = self.store().teams_of(user).await?;
        for team in teams {
            let holder = KeySlotRow::team_holder(team);
            let Some(slot) = slots.iter().find(|s| s.holder == holder) else {
                continue;
            };
            let team_slots = self
                .store()
                .team_slots(team, &vigie_store::TeamSlot::user_holder(user))
                .await?;
            let Some((_, wrapped)) = team_slots
                .iter()
                .find(|(generation, _)| *generation == slot.holder_generation)
            else {
                continue;
            };
            let team_secret =
                vigie_vault::unwrap_secret_key(secret, wrapped, &team_slot_aad(team))?;
            return Ok(Some(vigie_vault::unwrap_audience_key(
                &team_secret,
                &slot.wrapped,
                &aad,
            )?));
        }
        Ok(None)
    }

    /// The teams and persons holding `report`'s conversation key: the report's audience for the policy.
    pub(crate) async fn report_audience(&self, report: ReportId) -> Result<vigie_domain::Resource> {
        let slots = self
            .store()
            .report_slots(report, Audience::Conversation.as_str())
            .await?;
        let mut teams = Vec::new();
        let mut users = Vec::new();
        for s in slots {
            if let Some(t) = s.holder.strip_prefix("team:") {
                teams.push(t.parse().map_err(|_| bad_holder(&s.holder))?);
            } else if let Some(u) = s.holder.strip_prefix("user:") {
                users.push(u.parse().map_err(|_| bad_holder(&s.holder))?);
            }
        }
        Ok(vigie_domain::Resource::Report { teams, users })
    }
}

fn bad_holder(h: &str) -> AppError {
    AppError::Store(vigie_store::StoreError::Corrupt(format!(
        "bad key slot holder `{h}`"
    )))
}
