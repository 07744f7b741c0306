//! vigie's use cases: the one place where the vault (keys) and the store (bytes) meet.
//!
//! The web layer and the command line both call these functions; neither touches a key or a row
//! directly. Every use case that reads sensitive content asks the policy module first and writes the
//! audit log.

/// `From<$source>` for an error type whose `$variant` wraps an [`AppError`]: each source becomes the
/// `AppError` it always becomes, so that `?` works the same in the use cases that return their own
/// error type.
macro_rules! through_app_error {
    ($target:ident::$variant:ident: $($source:ty),+) => {
        $(impl From<$source> for $target {
            fn from(e: $source) -> Self {
                $target::$variant($crate::AppError::from(e))
            }
        })+
    };
}

mod aad;
mod accounts;
mod audit;
// Replacing the audit key (issue 13, item 7).
mod audit_key;
mod auth;
// Backups and restores (issue 13).
pub mod backup;
pub mod casework;
mod clock;
// Coordination (issue 12).
pub mod coordination;
mod demo;
mod demo_casework;
mod demo_coordination;
mod demo_help;
mod demo_indicators;
// The demonstration's network of cities (issue 14, item 5).
pub mod demo_network;
mod demo_observatory;
mod demo_partners;
mod demo_prevention;
mod demo_reports;
// Impact surveys (issue 12, item 4).
pub mod demo_shape;
mod demo_surveys;
mod directory;
mod error;
// What a hub checks in a member city's feed (issue 14, item 2).
pub mod federation;
pub mod help;
pub mod help_link;
pub mod hub;
mod init;
mod instance_rotation;
pub mod observatory;
pub mod paging;
pub mod partner_space;
pub mod partners;
mod password;
// QR codes as inline SVG (second factor; survey slips, issue 12, item 4).
pub mod prevention;
// What a city signs for the network of cities (issue 14).
pub mod publication;
mod qr;
// Account recovery with the escrow secret (issue 13, item 7).
mod recovery;
pub mod reports;
mod second_factor;
mod secrets;
pub mod staff_views;
mod teams;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use vigie_domain::area::AreaList;
use vigie_domain::{Action, AuditActor, AuditKind, Principal, Resource, UserId};
use vigie_sanitize::MemoryBudget;
use vigie_store::{BlobStore, Store};
use vigie_vault::{AuditSigner, InstanceSalt, InstanceSecret, KdfParams, KdfPools};

pub use accounts::{NewAccount, UserSummary};
pub use audit::AuditProblem;
pub use audit_key::AuditKeyRotated;
pub use auth::{ActiveSession, LoginError, LoginOutcome, SecondFactorError, SessionError};
pub use clock::Clock;
pub use demo::{DEMO_FIRST_ADMIN, DEMO_PASSWORD, DEMO_STAFF, DemoAccount};
pub use directory::{Directory, DirectoryUser, KeysReport, ResealPlan};
pub use error::AppError;
pub use init::{DEFAULT_TEAM, InitOptions, InitOutcome};
pub use instance_rotation::{InstanceRotated, PreviousSecret, SecretStatus};
pub use publication::{City, PUBLICATION_KEY_FILE, is_insee_code, rotate_publication_keys};
pub use recovery::{EscrowInput, Recovered};
pub use second_factor::{Enrolment, RECOVERY_CODES, totp_code};
pub use teams::{Joined, TeamKeySource, TeamSummary};
// QR codes as inline SVG (survey slips, issue 12, item 4).
pub use qr::qr_svg;

/// Whether this build was made with the `danger-test-kdf` feature, which only the test suite enables
/// (as a dev-dependency feature): it lets the binary's hidden `--danger-test-kdf` flag choose a KDF
/// below the operator floor. No release build has it, and no configuration can turn it on.
pub const DANGER_TEST_KDF: bool = cfg!(feature = "danger-test-kdf");

/// Result alias for this crate.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Where the files that never enter the database live: the secrets, and the sealed attachments.
#[derive(Clone, Debug)]
pub struct KeyPaths {
    /// The instance secret (peppers every KDF, seals contact details).
    pub instance_secret: PathBuf,
    /// The audit log's Ed25519 signing key.
    pub audit_key: PathBuf,
    /// Where the sealed attachments (blobs) are: a folder, or an S3-compatible bucket. Not a secret:
    /// everything in it is encrypted.
    pub blobs: vigie_store::BlobLocation,
    /// The copy of the audit checkpoints kept outside the database (appended to, never rewritten).
    pub checkpoint_log: PathBuf,
    /// The city's publication keys (Ed25519: editions, JWK Set, description; issue 14).
    pub publication_key: PathBuf,
}

impl KeyPaths {
    /// The default names in data directory `dir` (`../shared/CONTRACT.md`): `instance.key`,
    /// `audit.key`, `blobs/`, `checkpoints.log`, `publication.key`.
    pub fn in_data_dir(dir: &std::path::Path) -> Self {
        Self {
            instance_secret: dir.join("instance.key"),
            audit_key: dir.join("audit.key"),
            blobs: vigie_store::BlobLocation::Folder(dir.join("blobs")),
            checkpoint_log: dir.join("checkpoints.log"),
            publication_key: dir.join(PUBLICATION_KEY_FILE),
        }
    }
}

/// Sizes of the bounded pools: each runs on threads of its own, never on tokio's shared blocking pool,
/// so that a flood on one use (receipt guesses, uploads) cannot starve another (new reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSizes {
    /// Concurrent KDF runs for staff logins and password changes.
    pub staff_login: usize,
    /// Concurrent KDF runs for receipt logins (`/suivi`).
    pub receipt_login: usize,
    /// Concurrent KDF runs for new reports (deriving the receipt's keys).
    pub new_report: usize,
    /// Attachments being cleaned and sealed at once (one thread each, for the whole upload).
    pub uploads: usize,
    /// Requests waiting for a slot in each pool; past it, 503 at once.
    pub queue_length: usize,
}

impl PoolSizes {
    /// The sizes of the three KDF pools.
    pub fn kdf(&self) -> vigie_vault::KdfPoolSizes {
        vigie_vault::KdfPoolSizes {
            staff_login: self.staff_login,
            receipt_login: self.receipt_login,
            new_report: self.new_report,
        }
    }
}

impl Default for PoolSizes {
    fn default() -> Self {
        PoolSizes {
            staff_login: 2,
            receipt_login: 2,
            new_report: 2,
            uploads: 8,
            queue_length: 64,
        }
    }
}

/// Tunables, from the configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Argon2id parameters for new password locks.
    pub kdf: KdfParams,
    /// Sizes of the bounded pools (KDF runs, uploads being sealed).
    pub pool_sizes: PoolSizes,
    /// How long a request waits for a pool slot before a 503.
    pub pool_wait: Duration,
    /// A session idle this long ends.
    pub session_idle: Duration,
    /// A session this old ends, active or not.
    pub session_absolute: Duration,
    /// Limits and periods of reports.
    pub reports: reports::ReportSettings,
    /// The instance's arrondissements and quartiers.
    pub areas: Arc<AreaList>,
    /// The observatory's disclosure rules (k, optional noise).
    pub observatory: vigie_domain::observatory::disclosure::DisclosureRules,
    /// Referrals' expiry and whether partners may keep clinical notes.
    pub casework: casework::CaseworkSettings,
    /// Who publishes: the city its editions and description name.
    pub city: City,
    /// The members a hub pulls (`[federation]`); `None`: not a hub.
    pub federation: Option<hub::Federation>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            kdf: KdfParams::production(),
            pool_sizes: PoolSizes::default(),
            pool_wait: Duration::from_secs(30),
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 3600),
            reports: reports::ReportSettings::default(),
            areas: Arc::new(AreaList::marseille().unwrap_or_default()),
            observatory: Default::default(),
            casework: casework::CaseworkSettings::default(),
            city: City::default(),
            federation: None,
        }
    }
}

/// The application: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    /// The current instance secret.
    instance: InstanceSecret,
    /// The previous instance secrets a rotation kept (password locks and receipts still under them).
    previous: Vec<InstanceSecret>,
    salt: InstanceSalt,
    /// The receipt KDF as the instance row said when this process opened it (see
    /// [`App::receipt_kdf`]).
    receipt_kdf: String,
    audit_signer: AuditSigner,
    /// The outside copy of the checkpoints.
    checkpoint_log: vigie_vault::CheckpointLog,
    /// Serialises this process's checkpoints.
    checkpoint_lock: tokio::sync::Mutex<()>,
    /// The newest checkpoint seen: its number and the key directory digest it signs.
    trusted: std::sync::Mutex<Option<(i64, [u8; 32])>>,
    /// When the newest checkpoint was signed (Unix seconds).
    last_checkpoint_at: std::sync::Mutex<Option<i64>>,
    pools: KdfPools,
    /// Attachments being cleaned and sealed.
    uploads: vigie_vault::BlockingPool,
    settings: Settings,
    clock: Clock,
    blobs: BlobStore,
    sanitize_budget: MemoryBudget,
    notifier: std::sync::RwLock<Option<Arc<dyn reports::Notifier>>>,
    /// Per-minute windows of the global limits: (window start, count) by name.
    rate: std::sync::Mutex<std::collections::HashMap<&'static str, (i64, i64)>>,
    /// Published editions, parsed once (they never change).
    editions: observatory::EditionCache,
    /// The publication keys' file.
    publication_key: PathBuf,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("backend", &self.inner.store.backend_name())
            .finish_non_exhaustive()
    }
}

impl App {
    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The clock (tests move it forward).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The sealed attachments.
    pub fn blobs(&self) -> &BlobStore {
        &self.inner.blobs
    }

    /// The memory budget shared by every file being cleaned.
    pub(crate) fn sanitize_budget(&self) -> &MemoryBudget {
        &self.inner.sanitize_budget
    }

    /// The instance secret's CSRF key.
    pub fn csrf_key(&self) -> vigie_vault::CsrfKey {
        self.inner.instance.csrf_key()
    }

    /// The KDF pools.
    pub fn pools(&self) -> &KdfPools {
        &self.inner.pools
    }

    /// The pool that cleans and seals attachments while they upload.
    pub fn upload_pool(&self) -> &vigie_vault::BlockingPool {
        &self.inner.uploads
    }

    /// The principal for a user as stored now (roles, teams, active).
    pub async fn principal(&self, id: UserId) -> Result<Principal> {
        let user = self
            .store()
            .user_by_id(id)
            .await?
            .ok_or(AppError::UnknownUser(id.to_string()))?;
        self.check_user_row(&user)?;
        let teams = self.store().teams_of(id).await?;
        Ok(Principal {
            id,
            roles: user.roles,
            teams,
            active: !user.disabled,
        })
    }

    /// Asks the policy; a refusal is written to the audit log and returned as [`AppError::Denied`].
    pub async fn authorize(&self, who: &Principal, action: Action, what: &Resource) -> Result<()> {
        let object = match what {
            Resource::Account(id) => format!("user:{id}"),
            Resource::Referral { partner } => format!("user:{partner}"),
            Resource::Routed {
                team: Some(team), ..
            } => format!("team:{team}"),
            _ => String::new(),
        };
        self.authorize_on(who, action, what, &object).await
    }

    /// Seals `plain` under the instance's contact key (staff contacts, team addresses, the partner
    /// directory's and the prevention structures' sealed halves), bound to `aad`.
    pub(crate) fn seal_contact(&self, aad: &[u8], plain: &[u8]) -> Vec<u8> {
        vigie_vault::seal::seal(&self.inner.instance.contact_key(), aad, plain)
    }

    /// Opens what [`App::seal_contact`] sealed with the same `aad`.
    pub(crate) fn open_contact(
        &self,
        aad: &[u8],
        sealed: &[u8],
    ) -> std::result::Result<zeroize::Zeroizing<Vec<u8>>, vigie_vault::VaultError> {
        vigie_vault::seal::open(&self.inner.instance.contact_key(), aad, sealed)
    }

    /// The instance secret a stored pepper id names (see `vigie keys rotate-instance`): the current
    /// one for `None`; `None` for an id the key file no longer holds (what it locked stays locked).
    pub(crate) fn secret_for(&self, pepper: Option<&str>) -> Option<&InstanceSecret> {
        match pepper {
            None => Some(&self.inner.instance),
            Some(id) => self.secrets().find(|s| s.id() == id),
        }
    }

    /// The current instance secret, then the previous ones the key file keeps.
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &InstanceSecret> {
        std::iter::once(&self.inner.instance).chain(&self.inner.previous)
    }

    /// [`App::authorize`] for an action on the whole instance (a list, a directory, a publication).
    pub(crate) async fn authorize_instance(&self, who: &Principal, action: Action) -> Result<()> {
        self.authorize(who, action, &Resource::Instance).await
    }

    /// [`App::authorize`] for a named object (`report:<uuid>`...): a refusal records the object probed.
    pub async fn authorize_on(
        &self,
        who: &Principal,
        action: Action,
        what: &Resource,
        object: &str,
    ) -> Result<()> {
        match vigie_domain::decide(who, action, what) {
            Ok(()) => Ok(()),
            Err(denied) => {
                self.append_audit(
                    AuditActor::Staff(who.id),
                    AuditKind::PermissionDenied,
                    object,
                    &format!("{}: {denied}", action.as_str()),
                )
                .await?;
                Err(AppError::Denied(denied))
            }
        }
    }
}
