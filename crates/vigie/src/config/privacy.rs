//! `[privacy]`: what the privacy notice of the public forms says about this instance.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Config, ConfigError};

/// `[privacy]`: the data controller and the contact; optionally, the purposes and the legal basis
/// reworded, per language (`[privacy.legal_basis] fr = "..."`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacyConfig {
    /// The association operating the instance (the data controller).
    pub controller_name: Option<String>,
    /// Its postal address, on one line.
    pub controller_address: Option<String>,
    /// The data-protection contact: the DPO's e-mail address, or a postal address.
    pub contact: Option<String>,
    /// The purposes in the operator's words: language code (`fr`, `en`) to text.
    pub purposes: BTreeMap<String, String>,
    /// The legal basis in the operator's words: language code to text.
    pub legal_basis: BTreeMap<String, String>,
}

impl Config {
    /// The privacy notice of the public forms: `[privacy]` with the report retention in force, and,
    /// for `serve --demo`, an obviously fictional controller and contact where none is configured.
    pub fn privacy_notice(&self, demo: bool) -> vigie_web::PrivacyNotice {
        let p = &self.privacy;
        let notice = vigie_web::PrivacyNotice {
            controller_name: p.controller_name.clone(),
            controller_address: p.controller_address.clone(),
            contact: p.contact.clone(),
            // The same two periods `settings()` gives the retention job: the notice states what runs.
            retention: vigie_domain::retention::RetentionPolicy {
                after_closure_days: self.reports.retention_after_closure_days,
                after_last_activity_days: self.reports.retention_after_activity_days,
            },
            purposes: p.purposes.clone(),
            legal_basis: p.legal_basis.clone(),
        };
        if demo { notice.or_demo() } else { notice }
    }

    /// The web layer's settings: the demonstration banner, the onion address, cookies and the privacy
    /// notice. Checked by `validate` before anything runs.
    pub fn web_config(&self, demo: bool) -> vigie_web::WebConfig {
        vigie_web::WebConfig {
            demo,
            onion_location: self.onion_location.clone(),
            // Behind a TLS-terminating proxy, cookies get `Secure` when the proxy says the request
            // was HTTPS.
            secure_cookies: self.behind_https_proxy,
            version: env!("CARGO_PKG_VERSION"),
            public_url: self.public_url.clone(),
            privacy: Arc::new(self.privacy_notice(demo)),
        }
    }

    /// `[privacy]`: each value checked, named `privacy.FIELD`.
    pub(super) fn validate_privacy(&self) -> Result<(), ConfigError> {
        self.privacy_notice(false)
            .validate()
            .map_err(|e| ConfigError(format!("`privacy.{}` {}", e.field, e.why)))
    }
}
