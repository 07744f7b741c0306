//! The reports benchmark's server settings.

use super::SUBMISSIONS_PER_MINUTE;

/// What the server is given, besides its data directory and port.
#[derive(Clone, Debug)]
pub(super) struct ServerSetup {
    /// `VIGIE_POOLS_NEW_REPORT`: concurrent receipt derivations.
    pub new_report_pool: usize,
    /// The receipt KDF (the production one).
    pub kdf: vigie_vault::KdfParams,
}

impl ServerSetup {
    pub fn env(&self, max_file_mib: Option<u64>) -> Vec<(String, String)> {
        let mut env = vec![
            // Workers post a form as soon as they fetch it: no minimum age (see `vigie-bench flood`).
            ("VIGIE_REPORTS_FORM_MIN_AGE_SECS".to_owned(), "0".to_owned()),
            (
                "VIGIE_REPORTS_SUBMISSIONS_PER_MINUTE".to_owned(),
                SUBMISSIONS_PER_MINUTE.to_string(),
            ),
            (
                "VIGIE_POOLS_NEW_REPORT".to_owned(),
                self.new_report_pool.to_string(),
            ),
            (
                "VIGIE_KDF_MEMORY_KIB".to_owned(),
                self.kdf.memory_kib.to_string(),
            ),
            (
                "VIGIE_KDF_ITERATIONS".to_owned(),
                self.kdf.iterations.to_string(),
            ),
            (
                "VIGIE_KDF_PARALLELISM".to_owned(),
                self.kdf.parallelism.to_string(),
            ),
        ];
        if let Some(mib) = max_file_mib {
            env.push(("VIGIE_REPORTS_MAX_FILE_MIB".to_owned(), mib.to_string()));
        }
        env
    }
}
