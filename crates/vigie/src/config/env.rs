//! The `VIGIE_*` environment variables: which ones set which key, and refusing the others.

use super::ConfigError;

/// Environment variables the binary reads (after `VIGIE_`), and the key each sets. Any other `VIGIE_*`
/// name is refused (a typo must not silently fall back to a default), except `VIGIE_CONFIG` (read by
/// the command line) and `VIGIE_TEST_*`, `VIGIE_CI_*` (the test suite's and CI's own).
pub(super) const ENV_KEYS: &[(&str, &str)] = &[
    ("listen", "listen"),
    ("data_dir", "data_dir"),
    ("database_url", "database_url"),
    ("instance_secret_file", "instance_secret_file"),
    ("audit_key_file", "audit_key_file"),
    ("publication_key_file", "publication_key_file"),
    ("city_name", "city.name"),
    ("city_insee", "city.insee"),
    ("city_population", "city.population"),
    ("city_contact", "city.contact"),
    ("behind_https_proxy", "behind_https_proxy"),
    ("onion_location", "onion_location"),
    ("public_url", "public_url"),
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
    ("blob_url", "blob_url"),
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
    ("casework_archive_after_days", "casework.archive_after_days"),
    ("casework_archive_min_days", "casework.archive_min_days"),
    ("observatory_k", "observatory.k"),
    ("observatory_epsilon", "observatory.epsilon"),
    ("privacy_controller_name", "privacy.controller_name"),
    ("privacy_controller_address", "privacy.controller_address"),
    ("privacy_contact", "privacy.contact"),
    (
        "casework_referral_expiry_days",
        "casework.referral_expiry_days",
    ),
    ("casework_health_notes", "casework.health_notes"),
    ("backup_at", "backup.at"),
    ("backup_recipients", "backup.recipients"),
    ("backup_folder", "backup.folder"),
    ("backup_keep", "backup.keep"),
];

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
