//! The reports benchmark's server settings.

use super::SUBMISSIONS_PER_MINUTE;

/// What the server is given, besides its data directory and port.
#[derive(Clone, Debug)]
pub(crate) struct ServerSetup {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> ServerSetup {
        ServerSetup {
            new_report_pool: 2,
            kdf: vigie_vault::KdfParams::production(),
        }
    }

    #[test]
    fn the_server_gets_the_production_kdf_and_the_limits_out_of_the_way() {
        let env = setup().env(Some(120));
        let get = |k: &str| {
            env.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("VIGIE_KDF_MEMORY_KIB"), Some("65536"));
        assert_eq!(get("VIGIE_KDF_ITERATIONS"), Some("3"));
        assert_eq!(get("VIGIE_KDF_PARALLELISM"), Some("1"));
        assert_eq!(get("VIGIE_POOLS_NEW_REPORT"), Some("2"));
        assert_eq!(get("VIGIE_REPORTS_SUBMISSIONS_PER_MINUTE"), Some("100000"));
        assert_eq!(get("VIGIE_REPORTS_MAX_FILE_MIB"), Some("120"));
        assert_eq!(get("VIGIE_REPORTS_FORM_MIN_AGE_SECS"), Some("0"));
        assert_eq!(setup().env(None).len(), 6);
    }
}
