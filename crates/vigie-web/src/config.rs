//! The web layer's configuration.

use std::sync::Arc;

use thiserror::Error;

use crate::privacy::PrivacyNotice;

/// What the web layer needs to know about the deployment.
///
/// Cheap to clone (one short optional string and a shared privacy notice). The application state exposes it
/// to handlers through [`axum::extract::FromRef`]:
///
/// ```
/// # use axum::extract::FromRef;
/// # use vigie_web::WebConfig;
/// #[derive(Clone)]
/// struct AppState { web: WebConfig }
/// impl FromRef<AppState> for WebConfig {
///     fn from_ref(s: &AppState) -> WebConfig { s.web.clone() }
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebConfig {
    /// Demonstration instance: every page shows the "fictitious data" banner.
    pub demo: bool,
    /// Base address of the onion service, e.g. `http://abc…xyz.onion` (no trailing
    /// slash needed). When set, every response carries `Onion-Location`.
    pub onion_location: Option<String>,
    /// Cookies carry the `Secure` attribute (behind TLS). Used by the session code.
    pub secure_cookies: bool,
    /// The program's version, shown by `/healthz`.
    pub version: &'static str,
    /// The public address of the site (`https://vigie.example.org`, no trailing slash needed), for
    /// the absolute URLs of the DCAT catalogue; when unset, the request's `Host` over `http://`.
    pub public_url: Option<String>,
    /// What the privacy notice of the public forms says (controller, contact, retention...).
    pub privacy: Arc<PrivacyNotice>,
}

/// A [`WebConfig`] value that cannot be served.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WebConfigError {
    /// The onion address is not an `http(s)://….onion` base address.
    #[error("onion location must look like http://<name>.onion (no path, query or spaces)")]
    BadOnionLocation,
    /// The public address is not an `http(s)://host[:port][/path]` base address.
    #[error("public_url must look like https://vigie.example.org (no query, fragment or spaces)")]
    BadPublicUrl,
}

impl WebConfig {
    /// A configuration for `version`: not a demo, no onion service, secure cookies.
    pub fn new(version: &'static str) -> Self {
        Self {
            demo: false,
            onion_location: None,
            secure_cookies: true,
            version,
            public_url: None,
            privacy: Arc::default(),
        }
    }

    /// Checks the values once at start-up (the header middleware skips an invalid
    /// onion address silently, so call this before serving).
    pub fn validate(&self) -> Result<(), WebConfigError> {
        if let Some(onion) = &self.onion_location {
            onion_base(onion).ok_or(WebConfigError::BadOnionLocation)?;
        }
        if let Some(url) = &self.public_url {
            public_base(url).ok_or(WebConfigError::BadPublicUrl)?;
        }
        Ok(())
    }

    /// The configured public address without its trailing slash, if valid.
    pub(crate) fn public_base(&self) -> Option<&str> {
        self.public_url.as_deref().and_then(public_base)
    }

    /// The onion base address without its trailing slash, if configured and valid.
    pub(crate) fn onion_base(&self) -> Option<&str> {
        self.onion_location.as_deref().and_then(onion_base)
    }
}

fn onion_base(raw: &str) -> Option<&str> {
    let base = raw.trim_end_matches('/');
    let host = base
        .strip_prefix("http://")
        .or_else(|| base.strip_prefix("https://"))?;
    let host_only = host.split(':').next().unwrap_or(host);
    let ok = host_only.ends_with(".onion")
        && host_only.len() > ".onion".len()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':');
    ok.then_some(base)
}

fn public_base(raw: &str) -> Option<&str> {
    let base = raw.trim_end_matches('/');
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && !rest.starts_with('/')
        && rest.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'/' | b'_' | b'[' | b']')
        });
    ok.then_some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onion_addresses_are_checked() {
        let mut cfg = WebConfig::new("1");
        assert_eq!(cfg.validate(), Ok(()));
        cfg.onion_location = Some("http://abcdef.onion/".into());
        assert_eq!(cfg.validate(), Ok(()));
        assert_eq!(cfg.onion_base(), Some("http://abcdef.onion"));
        for bad in [
            "abcdef.onion",
            "http://example.org",
            "http://.onion",
            "http://abc.onion/path",
            "http://abc.onion\r\nX: y",
        ] {
            cfg.onion_location = Some(bad.into());
            assert!(cfg.validate().is_err(), "{bad}");
            assert_eq!(cfg.onion_base(), None);
        }
    }

    #[test]
    fn public_addresses_are_checked() {
        let check = |url: &str| {
            let cfg = WebConfig {
                public_url: Some(url.into()),
                ..WebConfig::new("1")
            };
            cfg.validate()
                .ok()
                .and(cfg.public_base().map(str::to_owned))
        };
        let good = check("https://vigie.example.org/");
        assert_eq!(good.as_deref(), Some("https://vigie.example.org"));
        assert!(check("http://127.0.0.1:8080").is_some());
        assert!(check("https://example.org/vigie").is_some());
        let bad = [
            "vigie.example.org",
            "ftp://x",
            "https://",
            "https://x.org/?q=1",
            "https://x.org/#a",
            "https://x.org\r\nX: y",
            "https://x.org/a b",
        ];
        assert!(bad.iter().all(|b| check(b).is_none()), "{bad:?}");
    }
}
