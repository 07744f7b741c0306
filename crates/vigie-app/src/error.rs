//! Errors of the use cases, each with a message fit for an operator (no secret in any of them).

use vigie_domain::policy::Denied;
use vigie_domain::user::AccountRuleError;
use vigie_store::StoreError;
use vigie_vault::VaultError;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A key operation failed (a wrong key or corrupt ciphertext: never expected in normal use).
    #[error("key operation failed: {0}")]
    Vault(#[from] VaultError),
    /// A user name or password broke the rules.
    #[error(transparent)]
    Rule(#[from] AccountRuleError),
    /// `vigie init` has not run.
    #[error("this instance is not initialised: run `vigie init` (or `vigie serve`, which does it)")]
    NotInitialised,
    /// `vigie init` already ran.
    #[error("this instance is already initialised")]
    AlreadyInitialised,
    /// No such user.
    #[error("no user named `{0}`")]
    UnknownUser(String),
    /// No such team.
    #[error("no team named `{0}`")]
    UnknownTeam(String),
    /// The name is taken.
    #[error("`{0}` already exists")]
    Exists(String),
    /// The policy refused.
    #[error("not allowed: {0}")]
    Denied(Denied),
    /// The KDF pool is saturated: try again later.
    #[error("busy, retry in {retry_after_secs} s")]
    Busy {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// A key file is missing or unreadable.
    #[error("{0}")]
    KeyFile(String),
    /// The last active admin would lose the role or the account.
    #[error("`{0}` is the last active admin: name another admin first")]
    LastAdmin(String),
    /// An admin tried to disable their own account.
    #[error("you cannot disable your own account")]
    SelfAction,
    /// Adding to a team takes a current member (who passes the team key on).
    #[error("only a member of the team can add members (or the escrow key)")]
    NotTeamMember,
    /// No casework team is named to receive help requests.
    #[error("no team receives help requests yet: create a casework team for them")]
    NoHelpTeam,
    /// No team exists to receive reports.
    #[error("no team can receive reports: create a team first (`vigie team add`)")]
    NoTeam,
    /// A global rate limit was reached (no address is involved).
    #[error("too many requests, retry in {retry_after_secs} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// A receipt that opens no report (one answer for every wrong receipt).
    #[error("wrong receipt")]
    WrongReceipt,
    /// The follow-up session is missing or expired.
    #[error("follow-up session expired")]
    SessionExpired,
    /// No such report (or file), or not visible to the reader.
    #[error("no such report")]
    NoReport,
    /// The file has no clean copy (a type vigie cannot clean, or a file its cleaner refused):
    /// only its original, through the audited action.
    #[error("this file has no cleaned copy")]
    NoCleanCopy,
    /// An incident form broke the rules: each error beside its field.
    #[error("the incident form has errors")]
    InvalidIncident(Vec<(vigie_domain::observatory::IncidentField, &'static str)>),
    /// A request to be put in touch broke the rules: each error beside its field.
    #[error("the request to be put in touch has errors")]
    InvalidLink(
        Vec<(
            vigie_domain::help_link::LinkField,
            vigie_domain::report::FieldError,
        )>,
    ),
    /// No such incident.
    #[error("no such incident")]
    NoIncident,
    /// No such victim's file.
    #[error("no such file")]
    NoFile,
    /// A partner directory entry's form broke the rules: each error beside its field.
    #[error("the partner entry form has errors")]
    InvalidPartner(vigie_domain::partner::PartnerErrors),
    /// No such partner directory entry.
    #[error("no such partner entry")]
    NoPartner,
    /// A prevention form (structure, programme, session) broke the rules: each error beside its
    /// field.
    #[error("the prevention form has errors")]
    InvalidPrevention(vigie_domain::prevention::FormErrors),
    /// No such structure, programme or session.
    #[error("no such prevention item")]
    NoPreventionItem,
    /// A survey code that opens nothing (impact surveys, issue 12, item 4).
    #[error("{0}")]
    SurveyCode(vigie_domain::survey::CodeRefusal),
    /// A coordination form (meeting, minutes, decision, named situation) broke the rules: each
    /// error beside its field (issue 12).
    #[error("the coordination form has errors")]
    InvalidCoordination(vigie_domain::coordination::FormErrors),
    /// An edition cannot be published as asked.
    #[error(transparent)]
    Publish(#[from] crate::observatory::PublishError),
    /// Anything else, with a message.
    #[error("{0}")]
    Invalid(String),
    /// An integrity check failed: a forged key directory row, a directory that is not the signed one,
    /// checkpoints that disagree. Nothing is wrapped or signed until an operator looks.
    #[error("integrity failure: {0}")]
    Integrity(String),
}

impl From<vigie_vault::PoolError> for AppError {
    fn from(e: vigie_vault::PoolError) -> Self {
        match e {
            vigie_vault::PoolError::Busy { retry_after_secs } => {
                AppError::Busy { retry_after_secs }
            }
            vigie_vault::PoolError::Failed => AppError::Invalid("a pool task failed".into()),
        }
    }
}
