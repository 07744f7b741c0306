//! Configuration: a TOML file and `VIGIE_*` environment variables (env wins over the file, flags over
//! both). Unknown keys and bad values are errors that name the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The whole configuration, with defaults.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where the SQLite database and key files live by default.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; default: SQLite in the data dir.
    pub database_url: Option<String>,
    /// Default `<data_dir>/instance.key`.
    pub instance_secret_file: Option<PathBuf>,
    /// Default `<data_dir>/audit.key`.
    pub audit_key_file: Option<PathBuf>,
    /// Trust `X-Forwarded-Proto: https` from the reverse proxy (sets `Secure` on cookies).
    pub behind_https_proxy: bool,
    /// An `http://....onion` address to advertise with `Onion-Location`.
    pub onion_location: Option<String>,
    /// A tracing filter (`info`, `vigie=debug,info`...).
    pub log: String,
    /// Argon2id parameters for passwords.
    pub kdf: KdfConfig,
    /// Bounded pools for the KDF.
    pub pools: PoolConfig,
    /// Connections: header-read timeout, body rate, connection cap.
    pub server: ServerConfig,
    /// Session timeouts.
    pub session: SessionConfig,
    /// Default `<data_dir>/blobs`: sealed attachments.
    pub blob_dir: Option<PathBuf>,
    /// Default `<data_dir>/checkpoints.log`: the audit checkpoints' copy outside the database (put it
    /// on another disk or a remote mount).
    pub checkpoint_log: Option<PathBuf>,
    /// Limits and retention of reports.
    pub reports: ReportsConfig,
    /// The mail server for digests and urgent alerts; no mail is sent without it.
    pub smtp: Option<vigie_notify::SmtpConfig>,
    /// When teams get their digest: `daily HH:MM` (Europe/Paris) or `hourly`.
    pub digest_schedule: vigie_notify::DigestSchedule,
    /// The staff area's public address, linked from mails (default `http://<listen>/espace`).
    pub staff_url: Option<String>,
    /// Disclosure rules of the observatory's editions.
    pub observatory: ObservatoryConfig,
    /// Set by the hidden `--danger-test-kdf` flag of test builds only (never by the file or the
    /// environment): the cheapest KDF, so that the test suite stays fast.
    #[serde(skip)]
    pub danger_test_kdf: bool,
}

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

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./vigie-data"),
            database_url: None,
            instance_secret_file: None,
            audit_key_file: None,
            behind_https_proxy: false,
            onion_location: None,
            log: "info".into(),
            kdf: KdfConfig::default(),
            pools: PoolConfig::default(),
            server: ServerConfig::default(),
            session: SessionConfig::default(),
            blob_dir: None,
            checkpoint_log: None,
            reports: ReportsConfig::default(),
            smtp: None,
            digest_schedule: vigie_notify::DigestSchedule::default(),
            staff_url: None,
            observatory: ObservatoryConfig::default(),
            danger_test_kdf: false,
        }
    }
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

/// Environment variables the binary reads (after `VIGIE_`), and the key each sets. Any other `VIGIE_*`
/// name is refused (a typo must not silently fall back to a default), except `VIGIE_CONFIG` (read by
/// the command line) and `VIGIE_TEST_*`, `VIGIE_CI_*` (the test suite's and CI's own).
const ENV_KEYS: &[(&str, &str)] = &[
    ("listen", "listen"),
    ("data_dir", "data_dir"),
    ("database_url", "database_url"),
    ("instance_secret_file", "instance_secret_file"),
    ("audit_key_file", "audit_key_file"),
    ("behind_https_proxy", "behind_https_proxy"),
    ("onion_location", "onion_location"),
    ("log", "log"),
    ("kdf_memory_kib", "kdf.memory_kib"),
    ("kdf_iterations", "kdf.iterations"),
    ("kdf_parallelism", "kdf.parallelism"),
    ("pools_staff_login", "pools.staff_login"),
    ("pools_receipt_login", "pools.receipt_login"),
    ("pools_new_report", "pools.new_report"),
    ("pools_uploads", "pools.uploads"),
    ("pools_queue_length", "pools.queue_length"),
    ("pools_queue_timeout_secs", "pools.queue_timeout_secs"),
    ("server_max_connections", "server.max_connections"),
    (
        "server_header_read_timeout_secs",
        "server.header_read_timeout_secs",
    ),
    (
        "server_min_body_bytes_per_sec",
        "server.min_body_bytes_per_sec",
    ),
    (
        "server_body_rate_window_secs",
        "server.body_rate_window_secs",
    ),
    ("session_idle_minutes", "session.idle_minutes"),
    ("session_absolute_hours", "session.absolute_hours"),
    ("blob_dir", "blob_dir"),
    ("checkpoint_log", "checkpoint_log"),
    ("digest_schedule", "digest_schedule"),
    ("staff_url", "staff_url"),
    ("smtp_host", "smtp.host"),
    ("smtp_port", "smtp.port"),
    ("smtp_security", "smtp.security"),
    ("smtp_username", "smtp.username"),
    ("smtp_password", "smtp.password"),
    ("smtp_from", "smtp.from"),
    ("reports_max_files", "reports.max_files"),
    ("reports_max_file_mib", "reports.max_file_mib"),
    (
        "reports_submissions_per_minute",
        "reports.submissions_per_minute",
    ),
    (
        "reports_receipt_attempts_per_minute",
        "reports.receipt_attempts_per_minute",
    ),
    ("reports_form_min_age_secs", "reports.form_min_age_secs"),
    (
        "reports_followup_idle_minutes",
        "reports.followup_idle_minutes",
    ),
    (
        "reports_pending_files_quota_mib",
        "reports.pending_files_quota_mib",
    ),
    (
        "reports_retention_after_closure_days",
        "reports.retention_after_closure_days",
    ),
    (
        "reports_retention_after_activity_days",
        "reports.retention_after_activity_days",
    ),
    (
        "reports_urgent_alert_jitter_minutes",
        "reports.urgent_alert_jitter_minutes",
    ),
    ("observatory_k", "observatory.k"),
    ("observatory_epsilon", "observatory.epsilon"),
];

/// A configuration error: one line, naming the key or the file.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

/// `VIGIE_*` names that are not configuration keys and are not refused.
const ENV_NOT_KEYS: &[&str] = &["VIGIE_CONFIG"];
/// Prefixes of `VIGIE_*` names that belong to the test suite and CI, not to the binary.
const ENV_FOREIGN_PREFIXES: &[&str] = &["VIGIE_TEST_", "VIGIE_CI_"];

/// Refuses the first `VIGIE_*` name that is neither a configuration key nor one of the allowed others.
pub fn check_env_names<I, S>(names: I) -> Result<(), ConfigError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    for name in names {
        let name = name.as_ref();
        let Some(rest) = name.strip_prefix("VIGIE_") else {
            continue;
        };
        if ENV_NOT_KEYS.contains(&name) || ENV_FOREIGN_PREFIXES.iter().any(|p| name.starts_with(p))
        {
            continue;
        }
        let lower = rest.to_ascii_lowercase();
        if !ENV_KEYS.iter().any(|(env, _)| *env == lower) {
            return Err(ConfigError(format!(
                "unknown environment variable `{name}` (see docs/configuration.md for the `VIGIE_*` names)"
            )));
        }
    }
    Ok(())
}

impl Config {
    /// Loads defaults, then the file (if any), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        check_env_names(std::env::vars_os().map(|(name, _)| name.to_string_lossy().into_owned()))?;
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError(format!(
                    "cannot read config file {}",
                    path.display()
                )));
            }
            fig = fig.merge(Toml::file_exact(path));
        }
        let env = Env::prefixed("VIGIE_").filter_map(|key| {
            ENV_KEYS
                .iter()
                .find(|(env, _)| key == *env)
                .map(|(_, k)| (*k).into())
        });
        fig = fig.merge(env);
        let cfg: Config = fig.extract().map_err(|e| ConfigError(one_line(&e)))?;
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.kdf_params()?;
        let bad = |key: &str, why: &str| Err(ConfigError(format!("`{key}` {why}")));
        if !(1..=64).contains(&self.pools.staff_login) {
            return bad("pools.staff_login", "must be between 1 and 64");
        }
        if !(1..=64).contains(&self.pools.receipt_login) {
            return bad("pools.receipt_login", "must be between 1 and 64");
        }
        if !(1..=64).contains(&self.pools.new_report) {
            return bad("pools.new_report", "must be between 1 and 64");
        }
        if !(1..=256).contains(&self.pools.uploads) {
            return bad("pools.uploads", "must be between 1 and 256");
        }
        if !(1..=100_000).contains(&self.pools.queue_length) {
            return bad("pools.queue_length", "must be between 1 and 100000");
        }
        if !(1..=600).contains(&self.pools.queue_timeout_secs) {
            return bad("pools.queue_timeout_secs", "must be between 1 and 600");
        }
        if !(16..=1_000_000).contains(&self.server.max_connections) {
            return bad("server.max_connections", "must be between 16 and 1000000");
        }
        if !(1..=30).contains(&self.server.header_read_timeout_secs) {
            return bad(
                "server.header_read_timeout_secs",
                "must be between 1 and 30",
            );
        }
        if !(1..=1024 * 1024).contains(&self.server.min_body_bytes_per_sec) {
            return bad(
                "server.min_body_bytes_per_sec",
                "must be between 1 and 1048576",
            );
        }
        if !(1..=600).contains(&self.server.body_rate_window_secs) {
            return bad("server.body_rate_window_secs", "must be between 1 and 600");
        }
        if !(1..=24 * 60).contains(&self.session.idle_minutes) {
            return bad("session.idle_minutes", "must be between 1 and 1440");
        }
        if !(1..=24 * 7).contains(&self.session.absolute_hours) {
            return bad("session.absolute_hours", "must be between 1 and 168");
        }
        if !(2..=100).contains(&self.observatory.k) {
            return bad("observatory.k", "must be between 2 and 100");
        }
        if let Some(e) = self.observatory.epsilon
            && !(e.is_finite() && e > 0.0 && e <= 10.0)
        {
            return bad(
                "observatory.epsilon",
                "must be a number above 0 and at most 10",
            );
        }
        let r = &self.reports;
        if !(1..=100).contains(&r.max_files) {
            return bad("reports.max_files", "must be between 1 and 100");
        }
        if !(1..=4096).contains(&r.max_file_mib) {
            return bad("reports.max_file_mib", "must be between 1 and 4096");
        }
        if !(1..=100_000).contains(&r.submissions_per_minute) {
            return bad(
                "reports.submissions_per_minute",
                "must be between 1 and 100000",
            );
        }
        if !(1..=100_000).contains(&r.receipt_attempts_per_minute) {
            return bad(
                "reports.receipt_attempts_per_minute",
                "must be between 1 and 100000",
            );
        }
        if r.form_min_age_secs > 600 {
            return bad("reports.form_min_age_secs", "must be between 0 and 600");
        }
        if !(1..=24 * 60).contains(&r.followup_idle_minutes) {
            return bad(
                "reports.followup_idle_minutes",
                "must be between 1 and 1440",
            );
        }
        if r.pending_files_quota_mib < r.max_file_mib {
            return bad(
                "reports.pending_files_quota_mib",
                "must be at least reports.max_file_mib",
            );
        }
        if r.retention_after_closure_days == 0 || r.retention_after_activity_days == 0 {
            return bad(
                "reports.retention_after_closure_days",
                "and retention_after_activity_days must be at least 1",
            );
        }
        if r.urgent_alert_jitter_minutes > 60 {
            return bad(
                "reports.urgent_alert_jitter_minutes",
                "must be between 0 and 60",
            );
        }
        if let Some(smtp) = &self.smtp {
            smtp.validate()
                .map_err(|e| ConfigError(format!("`smtp`: {e}")))?;
        }
        if let Some(url) = &self.staff_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return bad("staff_url", "must start with http:// or https://");
        }
        let supported = |url: &str| {
            ["sqlite:", "postgres://", "postgresql://"]
                .iter()
                .any(|p| url.starts_with(p))
        };
        if let Some(url) = self.database_url.as_deref().filter(|u| !supported(u)) {
            return Err(ConfigError(format!(
                "`database_url` must start with sqlite:// or postgres:// (got {})",
                vigie_store::redact_url(url)
            )));
        }
        let web = vigie_web::WebConfig {
            onion_location: self.onion_location.clone(),
            ..vigie_web::WebConfig::new("")
        };
        if let Err(e) = web.validate() {
            return bad("onion_location", &e.to_string());
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log).is_err() {
            return bad("log", "is not a valid log filter (try `info`)");
        }
        Ok(())
    }

    /// The KDF parameters, checked: within Argon2's range and at least the operator floor (19 MiB,
    /// two passes). Only a test build's hidden `--danger-test-kdf` flag goes below.
    pub fn kdf_params(&self) -> Result<vigie_vault::KdfParams, ConfigError> {
        if self.danger_test_kdf {
            return Ok(vigie_vault::KdfParams::danger_test_minimum());
        }
        let p = vigie_vault::KdfParams {
            memory_kib: self.kdf.memory_kib,
            iterations: self.kdf.iterations,
            parallelism: self.kdf.parallelism,
        };
        p.validate()
            .map_err(|e| ConfigError(format!("`kdf`: {e}")))?;
        let floor = vigie_vault::KdfParams::operator_floor();
        if p.memory_kib < floor.memory_kib {
            return Err(ConfigError(format!(
                "`kdf.memory_kib` = {} is below the floor of {} KiB (OWASP's minimum for Argon2id)",
                p.memory_kib, floor.memory_kib
            )));
        }
        if p.iterations < floor.iterations {
            return Err(ConfigError(format!(
                "`kdf.iterations` = {} is below the floor of {} passes (OWASP's minimum for Argon2id)",
                p.iterations, floor.iterations
            )));
        }
        Ok(p)
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("vigie.sqlite").display()))
    }

    /// Where the key files are.
    pub fn key_paths(&self) -> vigie_app::KeyPaths {
        vigie_app::KeyPaths {
            instance_secret: self
                .instance_secret_file
                .clone()
                .unwrap_or_else(|| self.data_dir.join("instance.key")),
            audit_key: self
                .audit_key_file
                .clone()
                .unwrap_or_else(|| self.data_dir.join("audit.key")),
            blob_dir: self
                .blob_dir
                .clone()
                .unwrap_or_else(|| self.data_dir.join("blobs")),
            checkpoint_log: self
                .checkpoint_log
                .clone()
                .unwrap_or_else(|| self.data_dir.join("checkpoints.log")),
        }
    }

    /// The staff area's address for mails.
    pub fn staff_url(&self) -> String {
        self.staff_url
            .clone()
            .unwrap_or_else(|| format!("http://{}/espace", self.listen))
    }

    /// How the serve loop treats slow and numerous clients.
    pub fn serve_options(&self) -> vigie_web::ServeOptions {
        vigie_web::ServeOptions {
            max_connections: self.server.max_connections,
            header_read_timeout: Duration::from_secs(self.server.header_read_timeout_secs),
            min_body_rate: self.server.min_body_bytes_per_sec,
            body_rate_window: Duration::from_secs(self.server.body_rate_window_secs),
            ..vigie_web::ServeOptions::default()
        }
    }

    /// The use cases' settings.
    pub fn settings(&self) -> Result<vigie_app::Settings, ConfigError> {
        Ok(vigie_app::Settings {
            kdf: self.kdf_params()?,
            pool_sizes: vigie_app::PoolSizes {
                staff_login: self.pools.staff_login,
                receipt_login: self.pools.receipt_login,
                new_report: self.pools.new_report,
                uploads: self.pools.uploads,
                queue_length: self.pools.queue_length,
            },
            pool_wait: Duration::from_secs(self.pools.queue_timeout_secs),
            session_idle: Duration::from_secs(self.session.idle_minutes * 60),
            session_absolute: Duration::from_secs(self.session.absolute_hours * 3600),
            reports: vigie_app::reports::ReportSettings {
                max_files: self.reports.max_files,
                max_file_bytes: self.reports.max_file_mib * 1024 * 1024,
                submissions_per_minute: self.reports.submissions_per_minute,
                receipt_attempts_per_minute: self.reports.receipt_attempts_per_minute,
                form_min_age: Duration::from_secs(self.reports.form_min_age_secs),
                receipt_idle: Duration::from_secs(self.reports.followup_idle_minutes * 60),
                pending_blob_quota: self.reports.pending_files_quota_mib * 1024 * 1024,
                retention: vigie_domain::retention::RetentionPolicy {
                    after_closure_days: self.reports.retention_after_closure_days,
                    after_last_activity_days: self.reports.retention_after_activity_days,
                },
                urgent_alert_jitter: Duration::from_secs(
                    self.reports.urgent_alert_jitter_minutes * 60,
                ),
                ..vigie_app::reports::ReportSettings::default()
            },
            observatory: vigie_domain::observatory::disclosure::DisclosureRules {
                k: self.observatory.k,
                epsilon: self.observatory.epsilon,
            },
            ..vigie_app::Settings::default()
        })
    }
}

/// Figment's error on one line (it may hold several).
fn one_line(e: &figment::Error) -> String {
    let mut parts: Vec<String> = e.clone().into_iter().map(|e| e.to_string()).collect();
    parts.dedup();
    parts.join("; ").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn write(content: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), content).unwrap();
        f
    }

    #[test]
    fn defaults_and_file() {
        let f = write("listen = \"127.0.0.1:9000\"\n[session]\nidle_minutes = 10\n");
        let c = Config::load(Some(f.path())).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.session.idle_minutes, 10);
        assert_eq!(c.session.absolute_hours, 12);
        assert_eq!(c.kdf.memory_kib, 65536);
        assert!(c.database_url().ends_with("vigie-data/vigie.sqlite"));
    }

    #[test]
    fn unknown_key_is_named() {
        let f = write("listne = \"127.0.0.1:9000\"\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("listne"), "{e}");
        let f = write("[kdf]\nmemory = 5\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("memory"), "{e}");
    }

    #[test]
    fn bad_values_are_named() {
        let f = write("listen = \"nowhere\"\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("listen"), "{e}");
        let f = write("[pools]\nstaff_login = 0\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("pools.staff_login"), "{e}");
        let f = write("database_url = \"mysql://root:pw@db/x\"\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("database_url") && !e.contains(":pw@"), "{e}");
    }

    #[test]
    fn reports_and_mail_settings() {
        let f = write(
            "digest_schedule = \"daily 06:30\"\n[reports]\nmax_files = 3\nmax_file_mib = 5\n\
             [smtp]\nhost = \"smtp.exemple.invalid\"\nfrom = \"vigie@exemple.invalid\"\n",
        );
        let c = Config::load(Some(f.path())).unwrap();
        let s = c.settings().unwrap();
        assert_eq!(s.reports.max_files, 3);
        assert_eq!(s.reports.max_file_bytes, 5 * 1024 * 1024);
        assert_eq!(s.reports.retention.after_closure_days, 90);
        assert_eq!(c.digest_schedule.to_string(), "daily 06:30");
        assert!(c.key_paths().blob_dir.ends_with("vigie-data/blobs"));
        let f = write("[reports]\nmax_files = 0\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("reports.max_files"), "{e}");
        let f = write("[reports]\nmax_file_mib = 100\npending_files_quota_mib = 10\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("pending_files_quota_mib"), "{e}");
        let f = write("digest_schedule = \"weekly\"\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("digest_schedule") || e.contains("weekly"), "{e}");
        let f = write("[smtp]\nhost = \"smtp.exemple.invalid\"\nfrom = \"pas une adresse\"\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("smtp") && e.contains("from"), "{e}");
    }

    #[test]
    fn a_kdf_below_the_floor_is_refused_naming_the_key() {
        let f = write("[kdf]\nmemory_kib = 8\niterations = 1\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("kdf.memory_kib") && e.contains("19456"), "{e}");
        let f = write("[kdf]\nmemory_kib = 65536\niterations = 1\n");
        let e = Config::load(Some(f.path())).unwrap_err().to_string();
        assert!(e.contains("kdf.iterations"), "{e}");
        let f = write("[kdf]\nmemory_kib = 19456\niterations = 2\n");
        let c = Config::load(Some(f.path())).unwrap();
        assert_eq!(
            c.kdf_params().unwrap(),
            vigie_vault::KdfParams::operator_floor()
        );
    }

    #[test]
    fn unknown_vigie_variables_are_refused_and_foreign_ones_ignored() {
        check_env_names(["PATH", "VIGIE_DATABASE_URL", "VIGIE_KDF_MEMORY_KIB"]).unwrap();
        check_env_names(["VIGIE_CONFIG", "VIGIE_TEST_POSTGRES_URL", "VIGIE_CI_BENCH"]).unwrap();
        let e = check_env_names(["VIGIE_DATABSE_URL"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("VIGIE_DATABSE_URL"), "{e}");
        assert!(check_env_names(["VIGIE_"]).is_err());
        assert!(check_env_names(["VIGIE_KDF"]).is_err());
    }

    #[test]
    fn server_limits_have_safe_defaults_and_bounds() {
        let c = Config::load(None).unwrap();
        let o = c.serve_options();
        assert!(o.header_read_timeout <= Duration::from_secs(30));
        assert!(o.max_connections > 1000);
        assert!(o.min_body_rate > 0);
        let f = write("[server]\nmax_connections = 5000\nheader_read_timeout_secs = 10\n");
        let o = Config::load(Some(f.path())).unwrap().serve_options();
        assert_eq!(o.max_connections, 5000);
        assert_eq!(o.header_read_timeout, Duration::from_secs(10));
        for bad in [
            "header_read_timeout_secs = 31",
            "header_read_timeout_secs = 0",
            "max_connections = 2",
            "min_body_bytes_per_sec = 0",
        ] {
            let f = write(&format!("[server]\n{bad}\n"));
            let e = Config::load(Some(f.path())).unwrap_err().to_string();
            assert!(e.contains("server."), "{bad}: {e}");
        }
    }

    #[test]
    fn observatory_rules() {
        let f = write("[observatory]\nk = 10\nepsilon = 0.5\n");
        let s = Config::load(Some(f.path())).unwrap().settings().unwrap();
        assert_eq!((s.observatory.k, s.observatory.epsilon), (10, Some(0.5)));
        let d = Config::load(None).unwrap().settings().unwrap();
        assert_eq!((d.observatory.k, d.observatory.epsilon), (5, None));
        for bad in [
            "k = 1",
            "k = 101",
            "epsilon = 0.0",
            "epsilon = -1.0",
            "epsilon = 11.0",
        ] {
            let f = write(&format!("[observatory]\n{bad}\n"));
            let e = Config::load(Some(f.path())).unwrap_err().to_string();
            assert!(e.contains("observatory."), "{bad}: {e}");
        }
    }
}
