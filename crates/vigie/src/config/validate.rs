//! Checking a loaded configuration: every bound, named by its key.

use super::{Config, ConfigError};

/// Refuses `self.section.field` outside `range`, naming it `section.field` (the key in the file):
/// the name is the field's own, so the two cannot drift apart.
macro_rules! bounded {
    ($config:ident . $section:ident . $field:ident in $range:expr) => {
        within(
            $config.$section.$field,
            $range,
            concat!(stringify!($section), ".", stringify!($field)),
        )?
    };
}

impl Config {
    /// Refuses the first value out of its bounds, naming its key.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.kdf_params()?;
        self.blob_location()?;
        self.validate_pools()?;
        self.validate_server()?;
        self.validate_session_and_observatory()?;
        self.validate_reports()?;
        self.validate_casework()?;
        self.validate_backup()?;
        self.validate_privacy()?;
        self.validate_city()?;
        self.validate_federation()?;
        bounded!(self.casework.referral_expiry_days in 1..=365);
        self.validate_links()
    }

    /// `[pools]`.
    fn validate_pools(&self) -> Result<(), ConfigError> {
        bounded!(self.pools.staff_login in 1..=64);
        bounded!(self.pools.receipt_login in 1..=64);
        bounded!(self.pools.new_report in 1..=64);
        bounded!(self.pools.uploads in 1..=256);
        bounded!(self.pools.queue_length in 1..=100_000);
        bounded!(self.pools.queue_timeout_secs in 1..=600);
        Ok(())
    }

    /// `[server]`.
    fn validate_server(&self) -> Result<(), ConfigError> {
        bounded!(self.server.max_connections in 16..=1_000_000);
        bounded!(self.server.header_read_timeout_secs in 1..=30);
        bounded!(self.server.min_body_bytes_per_sec in 1..=1024 * 1024);
        bounded!(self.server.body_rate_window_secs in 1..=600);
        Ok(())
    }

    /// `[session]` and `[observatory]`.
    fn validate_session_and_observatory(&self) -> Result<(), ConfigError> {
        bounded!(self.session.idle_minutes in 1..=24 * 60);
        bounded!(self.session.absolute_hours in 1..=24 * 7);
        bounded!(self.observatory.k in 2..=100);
        if let Some(e) = self.observatory.epsilon
            && !(e.is_finite() && e > 0.0 && e <= 10.0)
        {
            return bad(
                "observatory.epsilon",
                "must be a number above 0 and at most 10",
            );
        }
        Ok(())
    }

    /// `[reports]`.
    fn validate_reports(&self) -> Result<(), ConfigError> {
        let r = &self.reports;
        bounded!(self.reports.max_files in 1..=100);
        bounded!(self.reports.max_file_mib in 1..=4096);
        bounded!(self.reports.submissions_per_minute in 1..=100_000);
        bounded!(self.reports.receipt_attempts_per_minute in 1..=100_000);
        bounded!(self.reports.form_min_age_secs in 0..=600);
        bounded!(self.reports.followup_idle_minutes in 1..=24 * 60);
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
        bounded!(self.reports.urgent_alert_jitter_minutes in 0..=60);
        Ok(())
    }

    /// `[backup]`: a time of day, at least one age recipient, a folder, and 1 to 3650 kept.
    fn validate_backup(&self) -> Result<(), ConfigError> {
        let Some(b) = &self.backup else {
            return Ok(());
        };
        if let Err(why) = b.schedule() {
            return bad("backup.at", &why);
        }
        if b.recipients.is_empty() {
            return bad(
                "backup.recipients",
                "must list at least one age public key (age1...)",
            );
        }
        if b.recipients
            .iter()
            .any(|r| vigie_vault::export::parse_recipient(r).is_err())
        {
            return bad("backup.recipients", "must list age public keys (age1...)");
        }
        if b.folder.as_os_str().is_empty() {
            return bad("backup.folder", "must name a folder");
        }
        within(b.keep, 1..=3650, "backup.keep")
    }

    /// `[casework]`: a file is archived no sooner than a month after the last contact (the
    /// casework needs its pauses) and no later than ten years; an archived file stays at most ten
    /// years beyond its deadlines.
    fn validate_casework(&self) -> Result<(), ConfigError> {
        bounded!(self.casework.archive_after_days in 30..=3650);
        bounded!(self.casework.archive_min_days in 0..=3650);
        Ok(())
    }

    /// What names something outside: the mail server, the staff URL, the database, the onion address, the log filter.
    fn validate_links(&self) -> Result<(), ConfigError> {
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
        if let Err(e) = self.web_config(false).validate() {
            let key = match e {
                vigie_web::WebConfigError::BadPublicUrl => "public_url",
                vigie_web::WebConfigError::BadOnionLocation => "onion_location",
            };
            return bad(key, &e.to_string());
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log).is_err() {
            return bad("log", "is not a valid log filter (try `info`)");
        }
        Ok(())
    }
}

/// `` `key` must be between lo and hi `` unless `value` is within `range`.
fn within<T: PartialOrd + std::fmt::Display>(
    value: T,
    range: std::ops::RangeInclusive<T>,
    key: &str,
) -> Result<(), ConfigError> {
    if range.contains(&value) {
        return Ok(());
    }
    bad(
        key,
        &format!("must be between {} and {}", range.start(), range.end()),
    )
}

/// The error for `key`: `` `key` why ``.
fn bad(key: &str, why: &str) -> Result<(), ConfigError> {
    Err(ConfigError(format!("`{key}` {why}")))
}
