//! What the audit log records. The chain and its signatures live in `vigie-vault`, the rows in
//! `vigie-store`; this module names the events and says which of them may carry an exact time.

use serde::{Deserialize, Serialize};
use strum::VariantArray;

use crate::UserId;

/// The kind of an audit entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, VariantArray)]
pub enum AuditKind {
    /// `vigie init` created the instance.
    InstanceInitialised,
    /// A staff member logged in (password and second factor).
    LoginSucceeded,
    /// A wrong password, an unknown user or a wrong second factor.
    LoginFailed,
    /// A login attempt refused because the account is being throttled.
    LoginThrottled,
    /// A staff member logged out.
    Logout,
    /// A second factor was enrolled.
    TotpEnrolled,
    /// An admin removed a user's second factor.
    TotpReset,
    /// A recovery code was used instead of the second factor.
    RecoveryCodeUsed,
    /// A password was changed.
    PasswordChanged,
    /// The policy refused an action.
    PermissionDenied,
    /// Sensitive content was decrypted for a principal.
    Decrypted,
    /// Something left the instance (export, download of an original).
    Exported,
    /// A user was created.
    UserCreated,
    /// A user was disabled.
    UserDisabled,
    /// A user's roles changed.
    RolesChanged,
    /// A team was created.
    TeamCreated,
    /// A member joined a team.
    TeamMemberAdded,
    /// A member left a team.
    TeamMemberRemoved,
    /// A team's key pair was rotated.
    TeamKeyRotated,
    /// A checkpoint of the audit log was signed.
    CheckpointSigned,
    /// `vigie restore` filled this instance from a backup: the entries after the backup's last one
    /// (and the checkpoints that covered them) are gone by design, and the next checkpoint says so.
    BackupRestored,
    /// A report was received (reporters' entries carry the day only).
    ReportReceived,
    /// A help request was received (the day only, like a report).
    HelpRequestReceived,
    /// A reporter opened their follow-up with the receipt.
    ReceiptLogin,
    /// A reporter withdrew their report (deleted irrecoverably).
    ReportWithdrawn,
    /// The retention job deleted a report.
    ReportExpired,
    /// A handler changed a report's status, assignee or labels.
    ReportUpdated,
    /// A report's keys (or a reporter's identity) were wrapped for another reader.
    AccessGranted,
    /// A reader's slots of a report were deleted and its audience keys rotated for future parts.
    AccessRevoked,
    /// An operator accepted the key directory as it stands after a crash left it ahead of the newest
    /// checkpoint (`vigie keys reseal --confirm`).
    DirectoryResealed,
    /// An admin changed routing rules, labels or notification addresses.
    SettingsChanged,
    // Keys (issue 13, item 7).
    /// An operator holding the escrow secret gave a staff member who forgot their password a new
    /// one-time password, their key re-wrapped under it (`vigie keys recover`).
    AccountRecovered,
    /// The audit key was replaced (`vigie keys rotate-audit`): the detail names both public keys.
    AuditKeyRotated,
    /// The instance secret was replaced (`vigie keys rotate-instance`): the detail names the old and
    /// the new secret's ids (never a secret) and what was re-sealed.
    InstanceSecretRotated,
    /// An incident was recorded, qualified from a report, corrected or reviewed (observatory).
    IncidentChanged,
    /// An edition of the observatory was published.
    EditionPublished,
    /// Official context series were imported.
    ContextImported,
    /// A custodian opened a report's page (its clear row and who holds its identity key).
    ReportViewed,
    /// A caseworker opened a victim's file.
    FileCreated,
    /// A caseworker changed a file (details, timeline, steps, assessment, consent, status).
    FileUpdated,
    /// A person withdrew a consent from their follow-up page (the day only, like a report).
    ConsentWithdrawn,
    /// A referral was proposed, answered, finished or revoked, or a note added (the detail says which).
    ReferralChanged,
    /// A reporter asked to be put in touch with the casework team (the day only).
    HelpLinkAsked,
    /// A reporter withdrew that request before it was transmitted (the day only).
    HelpLinkCancelled,
    /// A handler transmitted it: a help request now holds the texts the reporter chose.
    HelpLinkSent,
    /// An entry of the partner directory was added, edited, deactivated or reactivated.
    PartnerChanged,
    /// A partner account accepted a version of the partners' charter.
    CharterAccepted,
    /// A caseworker changed a support group: made it, added a session, a participant (with their
    /// consent) or took one off, recorded attendance or a session's anonymous slips, closed it.
    SupportGroupChanged,
    /// A caseworker gave a known person a new follow-up code: the old one no longer opens anything.
    ReceiptReissued,
    /// A prevention coordinator added or edited a structure or a programme, or recorded a session.
    PreventionChanged,
    /// A caseworker published a year's casework figures (a release beside the monthly editions).
    CaseworkFiguresPublished,
    /// The retention job moved a file to the restricted archive (no contact for the period).
    FileArchived,
    /// The custodian opened an archived file, with a coded reason (their words are sealed in the
    /// file, the entry keeps the code and the explanation's length).
    FileArchiveRead,
    /// The retention job erased a file irrecoverably (rows, keys, referrals, memberships).
    FileErased,
    // Prevention's public figures (issue 12, item 7).
    /// A prevention coordinator published a period's prevention figures (a release of its own).
    PreventionFiguresPublished,
    // Coordination (issue 12).
    /// A coordinator recorded a meeting, its minutes or a decision, changed an action's status, or
    /// accepted the CLSPD charter.
    CoordinationChanged,
    /// A participant of a restricted group transmitted a named situation to the caseworkers' team
    /// (with the person's consent).
    SituationTransmitted,
    // The hub of the network of cities (issue 14, item 2).
    /// The hub's admin confirmed a member city's key that the member had not announced (the detail
    /// names the member's current key and the one confirmed).
    MemberKeyConfirmed,
}

impl AuditKind {
    /// Every kind, in declaration order (derived: a new kind cannot be left out).
    pub const ALL: &'static [AuditKind] = <AuditKind as strum::VariantArray>::VARIANTS;

    /// The stable name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::InstanceInitialised => "instance_initialised",
            AuditKind::LoginSucceeded => "login_succeeded",
            AuditKind::LoginFailed => "login_failed",
            AuditKind::LoginThrottled => "login_throttled",
            AuditKind::Logout => "logout",
            AuditKind::TotpEnrolled => "totp_enrolled",
            AuditKind::TotpReset => "totp_reset",
            AuditKind::RecoveryCodeUsed => "recovery_code_used",
            AuditKind::PasswordChanged => "password_changed",
            AuditKind::PermissionDenied => "permission_denied",
            AuditKind::Decrypted => "decrypted",
            AuditKind::Exported => "exported",
            AuditKind::UserCreated => "user_created",
            AuditKind::UserDisabled => "user_disabled",
            AuditKind::RolesChanged => "roles_changed",
            AuditKind::TeamCreated => "team_created",
            AuditKind::TeamMemberAdded => "team_member_added",
            AuditKind::TeamMemberRemoved => "team_member_removed",
            AuditKind::TeamKeyRotated => "team_key_rotated",
            AuditKind::CheckpointSigned => "checkpoint_signed",
            AuditKind::BackupRestored => "backup_restored",
            AuditKind::ReportReceived => "report_received",
            AuditKind::HelpRequestReceived => "help_request_received",
            AuditKind::ReceiptLogin => "receipt_login",
            AuditKind::ReportWithdrawn => "report_withdrawn",
            AuditKind::ReportExpired => "report_expired",
            AuditKind::ReportUpdated => "report_updated",
            AuditKind::AccessGranted => "access_granted",
            AuditKind::AccessRevoked => "access_revoked",
            AuditKind::DirectoryResealed => "directory_resealed",
            AuditKind::SettingsChanged => "settings_changed",
            AuditKind::AccountRecovered => "account_recovered",
            AuditKind::AuditKeyRotated => "audit_key_rotated",
            AuditKind::InstanceSecretRotated => "instance_secret_rotated",
            AuditKind::IncidentChanged => "incident_changed",
            AuditKind::EditionPublished => "edition_published",
            AuditKind::ContextImported => "context_imported",
            AuditKind::ReportViewed => "report_viewed",
            AuditKind::FileCreated => "file_created",
            AuditKind::FileUpdated => "file_updated",
            AuditKind::ConsentWithdrawn => "consent_withdrawn",
            AuditKind::ReferralChanged => "referral_changed",
            AuditKind::HelpLinkAsked => "help_link_asked",
            AuditKind::HelpLinkCancelled => "help_link_cancelled",
            AuditKind::HelpLinkSent => "help_link_sent",
            AuditKind::PartnerChanged => "partner_changed",
            AuditKind::CharterAccepted => "charter_accepted",
            AuditKind::SupportGroupChanged => "support_group_changed",
            AuditKind::ReceiptReissued => "receipt_reissued",
            AuditKind::PreventionChanged => "prevention_changed",
            AuditKind::CaseworkFiguresPublished => "casework_figures_published",
            AuditKind::FileArchived => "file_archived",
            AuditKind::FileArchiveRead => "file_archive_read",
            AuditKind::FileErased => "file_erased",
            AuditKind::PreventionFiguresPublished => "prevention_figures_published",
            AuditKind::CoordinationChanged => "coordination_changed",
            AuditKind::SituationTransmitted => "situation_transmitted",
            AuditKind::MemberKeyConfirmed => "member_key_confirmed",
        }
    }
}

/// A name that is not an [`AuditKind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit kind `{0}`")]
pub struct UnknownAuditKind(pub String);

code_text!(AuditKind, UnknownAuditKind, |s: &str| UnknownAuditKind(
    s.to_owned()
));

/// Who acted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditActor {
    /// A staff member.
    Staff(UserId),
    /// Someone who gave a user name that matches no account (the name is not recorded).
    UnknownStaff,
    /// An anonymous reporter or victim: entries about them carry the day only.
    Reporter,
    /// The command line, run by whoever operates the server.
    Cli,
    /// The server itself (scheduled jobs).
    System,
}

impl AuditActor {
    /// The stable text stored in the log (`staff:<uuid>`, `reporter`, `cli`, `system`).
    pub fn to_stored(&self) -> String {
        match self {
            AuditActor::Staff(id) => format!("staff:{id}"),
            AuditActor::UnknownStaff => "unknown".to_owned(),
            AuditActor::Reporter => "reporter".to_owned(),
            AuditActor::Cli => "cli".to_owned(),
            AuditActor::System => "system".to_owned(),
        }
    }

    /// Whether entries by this actor may carry an exact time. Reporters' never do.
    pub fn may_carry_time(&self) -> bool {
        !matches!(self, AuditActor::Reporter)
    }
}

/// One stored entry of the hash-chained audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// Day in Europe/Paris (`YYYY-MM-DD`).
    pub day: String,
    /// Unix seconds, or `None` for entries about reporters (they carry the day only).
    pub at: Option<i64>,
    /// [`AuditActor::to_stored`].
    pub actor: String,
    /// [`AuditKind::as_str`].
    pub kind: String,
    /// What the entry is about (`user:<uuid>`, `team:<uuid>`, `report:<uuid>`...), or empty.
    pub object: String,
    /// A short, non-sensitive detail (never content, never a password, never an address).
    pub detail: String,
    /// The previous entry's hash (all zeroes for the first).
    pub prev_hash: [u8; 32],
    /// This entry's hash over `prev_hash` and its fields.
    pub hash: [u8; 32],
}

/// A signed statement "the chain had `upto_seq` entries and its head hash was `head_hash`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditCheckpoint {
    /// The last entry covered.
    pub upto_seq: i64,
    /// That entry's hash.
    pub head_hash: [u8; 32],
    /// Unix seconds when it was signed.
    pub created_at: i64,
    /// Ed25519 signature by the audit key over the checkpoint message.
    pub signature: Vec<u8>,
}

/// A checkpoint of the second format: signed, numbered, chained to the previous checkpoint, and
/// carrying the key directory's digest and version. Written to the database and appended to a file
/// outside it, so that neither copy can be cut or rewritten alone (DESIGN.md section 2, items 4 and 7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Position among checkpoints, from 1, without gaps.
    pub number: i64,
    /// The last audit entry covered (0 for an empty log).
    pub upto_seq: i64,
    /// That entry's hash (all zeroes for an empty log).
    pub head_hash: [u8; 32],
    /// Unix seconds when it was signed.
    pub created_at: i64,
    /// The key directory's version: it goes up by one whenever the directory's digest changes.
    pub directory_version: i64,
    /// The key directory's digest when the checkpoint was signed.
    pub directory_digest: [u8; 32],
    /// The hash of the previous checkpoint (all zeroes for the first).
    pub prev_hash: [u8; 32],
    /// Ed25519 signature by the audit key over all the fields above.
    pub signature: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        crate::macros::assert_codes_round_trip(AuditKind::ALL, AuditKind::as_str);
    }

    #[test]
    fn reporters_carry_no_time() {
        assert!(!AuditActor::Reporter.may_carry_time());
        assert!(AuditActor::Cli.may_carry_time());
    }
}
