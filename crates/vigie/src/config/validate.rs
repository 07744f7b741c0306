//! Checking a loaded configuration: every bound, named by its key.

use super::{Config, ConfigError};

impl Config {
    /// Refuses the first value out of its bounds, naming its key.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.kdf_params()?;
        self.validate_pools()?;
        self.validate_server()?;
        self.validate_session_and_observatory()?;
        self.validate_reports()?;
        self.validate_links()
    }

    /// `[pools]`.
    fn validate_pools(&self) -> Result<(), ConfigError> {
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
        Ok(())
    }

    /// `[server]`.
    fn validate_server(&self) -> Result<(), ConfigError> {
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
        Ok(())
    }

    /// `[session]` and `[observatory]`.
    fn validate_session_and_observatory(&self) -> Result<(), ConfigError> {
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
        Ok(())
    }

    /// `[reports]`.
    fn validate_reports(&self) -> Result<(), ConfigError> {
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
}

/// The error for `key`: `` `key` why ``.
fn bad(key: &str, why: &str) -> Result<(), ConfigError> {
    Err(ConfigError(format!("`{key}` {why}")))
}
