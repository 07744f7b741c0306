//! `[federation]`: a hub's member cities (issue 14, item 2), each with its INSEE code, its address
//! and its key's fingerprint (exchanged out of band), and how often they are pulled. Without it the
//! instance is not a hub.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use vigie_app::hub::{Federation, Member, check_member_url, is_fingerprint};

use super::city::one_line;
use super::{Config, ConfigError};

/// `[federation]` and its `[[federation.members]]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FederationConfig {
    /// The member cities: `name`, `insee`, `url`, `fingerprint`.
    pub members: Vec<Member>,
    /// How often the members are pulled (default every 60 minutes; also once at start).
    #[serde(default = "default_every")]
    pub pull_every_minutes: u64,
    /// A member that has not answered well for this many intervals shows as stale (default 3).
    #[serde(default = "default_stale")]
    pub stale_after_pulls: u32,
    /// The timeout of each request to a member (default 30 s).
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
}

fn default_every() -> u64 {
    60
}

fn default_stale() -> u32 {
    3
}

fn default_timeout() -> u64 {
    30
}

impl Config {
    /// `[federation]`: at least one member; each a name, an INSEE code (once), an address the hub
    /// may pull (`https://`, plain `http://` to loopback only) and a key fingerprint; bounded
    /// intervals.
    pub(super) fn validate_federation(&self) -> Result<(), ConfigError> {
        let Some(f) = &self.federation else {
            return Ok(());
        };
        if f.members.is_empty() {
            return Err(ConfigError(
                "`federation.members`: list at least one member ([[federation.members]])".into(),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for m in &f.members {
            one_line("federation.members.name", &m.name, 100)?;
            if !vigie_app::is_insee_code(&m.insee) {
                return Err(ConfigError(format!(
                    "`federation.members.insee` = {:?} is not an INSEE commune code",
                    m.insee
                )));
            }
            if !seen.insert(m.insee.as_str()) {
                return Err(ConfigError(format!(
                    "`federation.members.insee`: {} is listed twice",
                    m.insee
                )));
            }
            if let Err(e) = check_member_url(&m.url) {
                return Err(ConfigError(format!("`federation.members.url`: {e}")));
            }
            if !is_fingerprint(&m.fingerprint) {
                return Err(ConfigError(format!(
                    "`federation.members.fingerprint` of {}: {:?} is not a key fingerprint (43 \
                     base64url characters, as the member's `vigie keys publication` prints it)",
                    m.insee, m.fingerprint
                )));
            }
        }
        let bounds = [
            ("pull_every_minutes", f.pull_every_minutes, 1..=10_080),
            ("stale_after_pulls", u64::from(f.stale_after_pulls), 1..=100),
            ("timeout_secs", f.timeout_secs, 1..=300),
        ];
        for (key, value, range) in bounds {
            if !range.contains(&value) {
                return Err(ConfigError(format!(
                    "`federation.{key}` must be between {} and {}",
                    range.start(),
                    range.end()
                )));
            }
        }
        Ok(())
    }

    /// The hub's settings, when `[federation]` is there.
    pub fn federation(&self) -> Option<Federation> {
        self.federation.as_ref().map(|f| {
            let every = Duration::from_secs(f.pull_every_minutes * 60);
            Federation {
                members: f.members.clone(),
                every,
                stale_after: every * f.stale_after_pulls,
                timeout: Duration::from_secs(f.timeout_secs),
            }
        })
    }
}
