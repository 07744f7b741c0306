//! Configuration: a TOML file and `VIGIE_*` environment variables (env wins over the file, flags over
//! both). Unknown keys and bad values are errors that name the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

mod city;
mod env;
mod federation;
mod privacy;
mod sections;
mod validate;

pub use city::CityConfig;
use env::ENV_KEYS;
pub use env::check_env_names;
pub use federation::FederationConfig;
pub use privacy::PrivacyConfig;
pub use sections::{
    BackupConfig, CaseworkConfig, KdfConfig, ObservatoryConfig, PoolConfig, ReportsConfig,
    ServerConfig, SessionConfig,
};

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
    /// Default `<data_dir>/publication.key`: the keys that sign the city's editions.
    pub publication_key_file: Option<PathBuf>,
    /// Trust `X-Forwarded-Proto: https` from the reverse proxy (sets `Secure` on cookies).
    pub behind_https_proxy: bool,
    /// An `http://....onion` address to advertise with `Onion-Location`.
    pub onion_location: Option<String>,
    /// The site's public address (`https://vigie.example.org`), for the absolute URLs of the DCAT
    /// catalogue that open-data portals harvest.
    pub public_url: Option<String>,
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
    /// Where the sealed attachments go instead of `blob_dir`: `file:///PATH` or
    /// `s3://BUCKET[/PREFIX]` (an existing bucket; endpoint and credentials from the `AWS_*`
    /// variables).
    pub blob_url: Option<String>,
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
    /// The privacy notice of the public forms: controller, contact, reworded texts.
    pub privacy: PrivacyConfig,
    /// Referrals' expiry, partners' clinical notes, retention of victims' files.
    pub casework: CaseworkConfig,
    /// The daily backup run by `vigie serve`, if any.
    pub backup: Option<BackupConfig>,
    /// Who publishes: the city named in the signed editions and description.
    pub city: CityConfig,
    /// The member cities this instance pulls as a hub of the network (issue 14), if any.
    pub federation: Option<FederationConfig>,
    /// Set by the hidden `--danger-test-kdf` flag of test builds only (never by the file or the
    /// environment): the cheapest KDF, so that the test suite stays fast.
    #[serde(skip)]
    pub danger_test_kdf: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./vigie-data"),
            database_url: None,
            instance_secret_file: None,
            audit_key_file: None,
            publication_key_file: None,
            behind_https_proxy: false,
            onion_location: None,
            public_url: None,
            log: "info".into(),
            kdf: KdfConfig::default(),
            pools: PoolConfig::default(),
            server: ServerConfig::default(),
            session: SessionConfig::default(),
            blob_dir: None,
            blob_url: None,
            checkpoint_log: None,
            reports: ReportsConfig::default(),
            smtp: None,
            digest_schedule: vigie_notify::DigestSchedule::default(),
            staff_url: None,
            observatory: ObservatoryConfig::default(),
            privacy: PrivacyConfig::default(),
            casework: CaseworkConfig::default(),
            backup: None,
            city: CityConfig::default(),
            federation: None,
            danger_test_kdf: false,
        }
    }
}

/// A configuration error: one line, naming the key or the file.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

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
        // Each path as configured, else its default name in the data directory.
        let default = vigie_app::KeyPaths::in_data_dir(&self.data_dir);
        let or = |path: &Option<PathBuf>, default: PathBuf| path.clone().unwrap_or(default);
        vigie_app::KeyPaths {
            instance_secret: or(&self.instance_secret_file, default.instance_secret),
            audit_key: or(&self.audit_key_file, default.audit_key),
            // `load` has refused a bad `blob_url` already (`validate`): the fallback is never taken
            // for a loaded configuration.
            blobs: self
                .blob_location()
                .unwrap_or(vigie_app::KeyPaths::in_data_dir(&self.data_dir).blobs),
            checkpoint_log: or(&self.checkpoint_log, default.checkpoint_log),
            publication_key: or(&self.publication_key_file, default.publication_key),
        }
    }

    /// Where the blobs are: `blob_url`, else `blob_dir`, else `<data_dir>/blobs`.
    pub fn blob_location(&self) -> Result<vigie_store::BlobLocation, ConfigError> {
        match (&self.blob_url, &self.blob_dir) {
            (Some(_), Some(_)) => Err(ConfigError(
                "`blob_url` and `blob_dir` are both set: keep one (blob_url = \"file:///PATH\" is \
                 blob_dir = \"PATH\")"
                    .into(),
            )),
            (Some(url), None) => vigie_store::BlobLocation::parse(url)
                .map_err(|e| ConfigError(format!("`blob_url`: {e}"))),
            (None, Some(dir)) => Ok(vigie_store::BlobLocation::Folder(dir.clone())),
            (None, None) => Ok(vigie_app::KeyPaths::in_data_dir(&self.data_dir).blobs),
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
            casework: vigie_app::casework::CaseworkSettings {
                referral_expiry_days: self.casework.referral_expiry_days,
                health_notes: self.casework.health_notes,
                retention: vigie_domain::retention::FileRetention {
                    archive_after_days: self.casework.archive_after_days,
                    archive_min_days: self.casework.archive_min_days,
                },
            },
            city: self.city(),
            federation: self.federation(),
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
mod tests;
