//! The configuration's sections (`[reports]`, `[kdf]`, `[pools]`...), with their defaults.

use serde::{Deserialize, Serialize};

/// `[observatory]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ObservatoryConfig {
    /// A published cell whose count or number of contributors is below k shows "< k" (default 5).
    pub k: u32,
    /// Discrete-Laplace noise of this epsilon on each published cell; none by default.
    pub epsilon: Option<f64>,
}

impl Default for ObservatoryConfig {
    fn default() -> Self {
        let d = vigie_domain::observatory::disclosure::DisclosureRules::default();
        Self {
            k: d.k,
            epsilon: d.epsilon,
        }
    }
}

/// `[reports]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportsConfig {
    /// Files per report or reply (default 10).
    pub max_files: usize,
    /// MiB per file (default 50).
    pub max_file_mib: u64,
    /// New reports per minute, all instances together (default 120).
    pub submissions_per_minute: i64,
    /// Receipt logins per minute, all instances together (default 120).
    pub receipt_attempts_per_minute: i64,
    /// Seconds a report form must be open before it is accepted (default 10).
    pub form_min_age_secs: u64,
    /// Follow-up session idle timeout (default 20).
    pub followup_idle_minutes: u64,
    /// MiB of attachments being written and not yet stored with their report (default 2048).
    pub pending_files_quota_mib: u64,
    /// Days a closed report is kept (default 90).
    pub retention_after_closure_days: u32,
    /// Days any report is kept after its last activity (default 365).
    pub retention_after_activity_days: u32,
    /// The urgent alert mail waits a random delay of up to this many minutes (default 0: none).
    pub urgent_alert_jitter_minutes: u64,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        let d = vigie_app::reports::ReportSettings::default();
        Self {
            max_files: d.max_files,
            max_file_mib: d.max_file_bytes / (1024 * 1024),
            submissions_per_minute: d.submissions_per_minute,
            receipt_attempts_per_minute: d.receipt_attempts_per_minute,
            form_min_age_secs: d.form_min_age.as_secs(),
            followup_idle_minutes: d.receipt_idle.as_secs() / 60,
            pending_files_quota_mib: d.pending_blob_quota / (1024 * 1024),
            retention_after_closure_days: d.retention.after_closure_days,
            retention_after_activity_days: d.retention.after_last_activity_days,
            urgent_alert_jitter_minutes: d.urgent_alert_jitter.as_secs() / 60,
        }
    }
}

/// `[kdf]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KdfConfig {
    /// Memory in KiB (default 65536).
    pub memory_kib: u32,
    /// Passes (default 3).
    pub iterations: u32,
    /// Lanes (default 1).
    pub parallelism: u32,
}

/// `[pools]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PoolConfig {
    /// Concurrent staff-login KDF runs.
    pub staff_login: usize,
    /// Concurrent receipt-login KDF runs.
    pub receipt_login: usize,
    /// Concurrent new-report KDF runs.
    pub new_report: usize,
    /// Attachments cleaned and sealed at once (a thread each while it uploads).
    pub uploads: usize,
    /// Requests waiting for a slot in each pool; past it, 503 at once.
    pub queue_length: usize,
    /// How long a request waits for a slot before 503.
    pub queue_timeout_secs: u64,
}

/// `[server]`: how slow and numerous clients are treated (see `vigie_web::ServeOptions`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Most connections open at once; when full, the slowest is evicted (default 1024).
    pub max_connections: usize,
    /// Seconds for a request's head to arrive (default 20, at most 30).
    pub header_read_timeout_secs: u64,
    /// Bytes a second a request body must bring on average (default 2048).
    pub min_body_bytes_per_sec: u64,
    /// Seconds of waiting the body rate is measured over (default 30).
    pub body_rate_window_secs: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        let d = vigie_web::ServeOptions::default();
        Self {
            max_connections: d.max_connections,
            header_read_timeout_secs: d.header_read_timeout.as_secs(),
            min_body_bytes_per_sec: d.min_body_rate,
            body_rate_window_secs: d.body_rate_window.as_secs(),
        }
    }
}

/// `[session]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionConfig {
    /// Idle timeout.
    pub idle_minutes: u64,
    /// Absolute timeout.
    pub absolute_hours: u64,
}

impl Default for KdfConfig {
    fn default() -> Self {
        let p = vigie_vault::KdfParams::production();
        Self {
            memory_kib: p.memory_kib,
            iterations: p.iterations,
            parallelism: p.parallelism,
        }
    }
}

impl Default for PoolConfig {
    fn default() -> Self {
        let d = vigie_app::PoolSizes::default();
        Self {
            staff_login: d.staff_login,
            receipt_login: d.receipt_login,
            new_report: d.new_report,
            uploads: d.uploads,
            queue_length: d.queue_length,
            queue_timeout_secs: 30,
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            idle_minutes: 30,
            absolute_hours: 12,
        }
    }
}

/// `[casework]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CaseworkConfig {
    /// A referral still proposed this many days after it was made expires (default 30).
    pub referral_expiry_days: u32,
    /// Partners may keep clinical notes (default false: see docs/data-protection/README.md
    /// before turning it on).
    pub health_notes: bool,
    /// Days after the last contact that a file goes to the restricted archive (default 730).
    pub archive_after_days: u32,
    /// Days an archived file is kept at least, whatever its court cases (default 365).
    pub archive_min_days: u32,
}

impl Default for CaseworkConfig {
    fn default() -> Self {
        let d = vigie_app::casework::CaseworkSettings::default();
        Self {
            referral_expiry_days: d.referral_expiry_days,
            health_notes: d.health_notes,
            archive_after_days: d.retention.archive_after_days,
            archive_min_days: d.retention.archive_min_days,
        }
    }
}

/// `[backup]`: a backup every day inside `vigie serve` (none without this section).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// The time of day, `HH:MM` (Europe/Paris).
    pub at: String,
    /// The age public keys (`age1...`) the backups are encrypted for.
    pub recipients: Vec<String>,
    /// The folder the files `vigie-YYYY-MM-DD.age` are written into.
    pub folder: std::path::PathBuf,
    /// How many backups are kept there (default 14): older ones are deleted. This bounds how long an
    /// erased record survives in the backups.
    #[serde(default = "default_keep")]
    pub keep: usize,
}

fn default_keep() -> usize {
    14
}

impl BackupConfig {
    /// The daily schedule `at` names.
    pub fn schedule(&self) -> Result<vigie_notify::DigestSchedule, String> {
        vigie_notify::DigestSchedule::try_from(format!("daily {}", self.at))
            .map_err(|_| "must be a time of day, HH:MM".to_owned())
    }
}
