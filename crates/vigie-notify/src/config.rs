//! SMTP settings, as read from the configuration file or the environment.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

use crate::NotifyError;

/// Default port: mail submission with STARTTLS (RFC 6409).
pub const DEFAULT_PORT: u16 = 587;
/// Default limit for sending one message, from connecting to the server's last answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest accepted [`SmtpConfig::timeout`].
pub const MAX_TIMEOUT: Duration = Duration::from_secs(600);

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// `none`: plain text. Only for a relay on this machine or a trusted private link; credentials
    /// are refused with it unless the host is a loopback address.
    None,
    /// `starttls` (default): connect in plain text, then upgrade with STARTTLS; fails if the server
    /// does not offer it. Usually port 587.
    #[default]
    StartTls,
    /// `tls`: TLS from the first byte ("implicit TLS", RFC 8314). Usually port 465.
    Tls,
}

/// The SMTP server to send through.
///
/// Embeds in the binary's figment configuration, for example:
///
/// ```toml
/// [smtp]
/// host = "smtp.example.org"
/// port = 587              # default
/// security = "starttls"   # "none" | "starttls" (default) | "tls"
/// username = "vigie"
/// password = "..."
/// from = "vigie <alertes@example.org>"
/// timeout_secs = 30       # default
/// ```
///
/// Unknown keys are errors. Call [`SmtpConfig::validate`] (or [`crate::Mailer::new`], which does) to
/// check the values. `Debug` hides the password, and serialising skips it: a dumped configuration
/// never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Host name or IP address of the server, without scheme or port.
    pub host: String,
    /// TCP port (default [`DEFAULT_PORT`], 587).
    #[serde(default = "default_port")]
    pub port: u16,
    /// Connection protection (default STARTTLS).
    #[serde(default)]
    pub security: SmtpSecurity,
    /// Login for SMTP authentication; with [`SmtpConfig::password`], or neither.
    #[serde(default)]
    pub username: Option<String>,
    /// Password for SMTP authentication; never serialised, never shown by `Debug`.
    #[serde(default, skip_serializing)]
    pub password: Option<String>,
    /// Sender: `alertes@example.org` or `vigie <alertes@example.org>`.
    pub from: String,
    /// Limit for sending one message, connection included (key `timeout_secs`, in whole seconds;
    /// default [`DEFAULT_TIMEOUT`], at most [`MAX_TIMEOUT`]).
    #[serde(rename = "timeout_secs", with = "secs", default = "default_timeout")]
    pub timeout: Duration,
}

fn default_port() -> u16 {
    DEFAULT_PORT
}

fn default_timeout() -> Duration {
    DEFAULT_TIMEOUT
}

/// `Duration` as a whole number of seconds.
mod secs {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_secs())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_secs)
    }
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field("from", &self.from)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl SmtpConfig {
    /// A configuration for `host` and sender `from`, with every other setting at its default.
    pub fn new(host: impl Into<String>, from: impl Into<String>) -> Self {
        Self {
            host: host.into(),
            port: DEFAULT_PORT,
            security: SmtpSecurity::default(),
            username: None,
            password: None,
            from: from.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Checks every setting; the error names the first one at fault and says what is expected.
    pub fn validate(&self) -> Result<(), NotifyError> {
        self.check_host()?;
        self.check_port()?;
        self.sender()?;
        self.check_credentials()?;
        if self.timeout.is_zero() || self.timeout > MAX_TIMEOUT {
            return Err(config(format!(
                "`timeout_secs` must be between 1 and {} seconds, not {}",
                MAX_TIMEOUT.as_secs(),
                self.timeout.as_secs()
            )));
        }
        Ok(())
    }

    /// The parsed sender.
    pub(crate) fn sender(&self) -> Result<Mailbox, NotifyError> {
        let from = self.from.trim();
        if from.is_empty() {
            return Err(config(
                "`from` is empty: give the sender's address, such as `alertes@example.org`",
            ));
        }
        from.parse::<Mailbox>().map_err(|e| {
            config(format!(
                "`from` = {:?} is not an e-mail address ({e}); expected `alertes@example.org` or \
                 `vigie <alertes@example.org>`",
                self.from
            ))
        })
    }

    /// Whether `host` names this machine (traffic never leaves it).
    pub(crate) fn host_is_loopback(&self) -> bool {
        let host = self.host.trim();
        host.eq_ignore_ascii_case("localhost")
            || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    fn check_host(&self) -> Result<(), NotifyError> {
        let host = self.host.trim();
        if host.is_empty() {
            return Err(config(
                "`host` is empty: give the SMTP server's name, such as `smtp.example.org`",
            ));
        }
        if host.contains("://") {
            return Err(config(format!(
                "`host` = {:?} must be a bare host name such as `smtp.example.org`, without a scheme \
                 (set `security` and `port` instead)",
                self.host
            )));
        }
        if host
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/' || c == '@')
        {
            return Err(config(format!(
                "`host` = {:?} is not a host name or IP address",
                self.host
            )));
        }
        if host.starts_with('[') || host.ends_with(']') {
            return Err(config(format!(
                "`host` = {:?}: write an IPv6 address without brackets, such as `::1`",
                self.host
            )));
        }
        // A port written into the host ("smtp.example.org:587"); a bare IPv6 address has several colons.
        if host.matches(':').count() == 1 {
            return Err(config(format!(
                "`host` = {:?} must not include a port: set `port` instead",
                self.host
            )));
        }
        Ok(())
    }

    fn check_port(&self) -> Result<(), NotifyError> {
        match (self.port, self.security) {
            (0, _) => Err(config("`port` must not be 0")),
            (465, SmtpSecurity::StartTls) => Err(config(
                "`port` 465 expects TLS from the first byte: set `security = \"tls\"`, or use port \
                 587 with STARTTLS",
            )),
            (587, SmtpSecurity::Tls) => Err(config(
                "`port` 587 expects STARTTLS: set `security = \"starttls\"`, or use port 465 with \
                 `security = \"tls\"`",
            )),
            _ => Ok(()),
        }
    }

    fn check_credentials(&self) -> Result<(), NotifyError> {
        match (&self.username, &self.password) {
            (None, None) => Ok(()),
            (Some(_), None) => Err(config("`username` is set but `password` is missing")),
            (None, Some(_)) => Err(config("`password` is set but `username` is missing")),
            (Some(user), Some(_)) if user.trim().is_empty() => Err(config("`username` is empty")),
            (Some(_), Some(pass)) if pass.is_empty() => Err(config("`password` is empty")),
            (Some(_), Some(_)) => {
                if self.security == SmtpSecurity::None && !self.host_is_loopback() {
                    Err(config(
                        "`username`/`password` would cross the network in clear with \
                         `security = \"none\"`: use \"starttls\" or \"tls\" (plain text is only \
                         accepted with credentials for a relay on this machine)",
                    ))
                } else {
                    Ok(())
                }
            }
        }
    }
}

fn config(message: impl Into<String>) -> NotifyError {
    NotifyError::Config(message.into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use figment::Figment;
    use figment::providers::{Format, Toml};

    use super::*;

    fn ok() -> SmtpConfig {
        SmtpConfig::new("smtp.example.org", "vigie <alertes@example.org>")
    }

    fn err_of(c: &SmtpConfig) -> String {
        match c.validate() {
            Err(NotifyError::Config(m)) => m,
            other => format!("unexpected: {other:?}"),
        }
    }

    fn parse(toml: &str) -> Result<SmtpConfig, Box<figment::Error>> {
        Figment::from(Toml::string(toml))
            .extract()
            .map_err(Box::new)
    }

    #[test]
    fn defaults_and_minimal_toml() -> Result<(), Box<figment::Error>> {
        let c = parse("host = \"smtp.example.org\"\nfrom = \"alertes@example.org\"\n")?;
        assert_eq!(c.port, 587);
        assert_eq!(c.security, SmtpSecurity::StartTls);
        assert_eq!(c.timeout, Duration::from_secs(30));
        assert_eq!(c.username, None);
        assert!(c.validate().is_ok());
        Ok(())
    }

    #[test]
    fn full_toml() -> Result<(), Box<figment::Error>> {
        let c = parse(
            "host = \"mail.example.org\"\nport = 465\nsecurity = \"tls\"\nusername = \"u\"\n\
             password = \"p\"\nfrom = \"vigie <a@example.org>\"\ntimeout_secs = 5\n",
        )?;
        assert_eq!(c.port, 465);
        assert_eq!(c.security, SmtpSecurity::Tls);
        assert_eq!(c.timeout, Duration::from_secs(5));
        assert_eq!(c.password.as_deref(), Some("p"));
        assert!(c.validate().is_ok());
        let c = parse("host = \"h.example\"\nfrom = \"a@example.org\"\nsecurity = \"none\"\n")?;
        assert_eq!(c.security, SmtpSecurity::None);
        let c = parse("host = \"h.example\"\nfrom = \"a@example.org\"\nsecurity = \"starttls\"\n")?;
        assert_eq!(c.security, SmtpSecurity::StartTls);
        Ok(())
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let e = parse("host = \"h\"\nfrom = \"a@example.org\"\npasword = \"x\"\n");
        assert!(e.is_err_and(|e| e.to_string().contains("pasword")));
        let e = parse("host = \"h\"\nfrom = \"a@example.org\"\nsecurity = \"ssl\"\n");
        assert!(e.is_err_and(|e| e.to_string().contains("ssl")));
        assert!(parse("from = \"a@example.org\"\n").is_err());
        assert!(parse("host = \"h\"\nfrom = \"a@example.org\"\ntimeout_secs = -1\n").is_err());
    }

    #[test]
    fn debug_and_serialisation_hide_the_password() {
        let mut c = ok();
        c.username = Some("user".into());
        c.password = Some("hunter2-secret".into());
        let debug = format!("{c:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("<hidden>"));
        let figment = Figment::from(figment::providers::Serialized::defaults(&c));
        let back: Result<SmtpConfig, _> = figment.extract();
        assert!(back.is_ok_and(|b| b.password.is_none() && b.username.as_deref() == Some("user")));
    }

    #[test]
    fn validate_names_the_field() {
        let mut c = ok();
        c.from = "not an address".into();
        assert!(err_of(&c).contains("`from`"), "{}", err_of(&c));
        c.from = "  ".into();
        assert!(err_of(&c).contains("`from` is empty"));
        c.from = "a@example.org".into();
        assert!(c.validate().is_ok());

        let mut c = ok();
        c.host = String::new();
        assert!(err_of(&c).contains("`host` is empty"));
        c.host = "smtp://smtp.example.org".into();
        assert!(err_of(&c).contains("without a scheme"));
        c.host = "smtp.example.org:587".into();
        assert!(err_of(&c).contains("`port`"));
        c.host = "smtp example".into();
        assert!(err_of(&c).contains("`host`"));
        c.host = "[::1]".into();
        assert!(err_of(&c).contains("without brackets"));
        c.host = "::1".into();
        assert!(c.validate().is_ok());

        let mut c = ok();
        c.port = 0;
        assert!(err_of(&c).contains("`port`"));
        c.port = 465;
        assert!(err_of(&c).contains("\"tls\""));
        c.security = SmtpSecurity::Tls;
        assert!(c.validate().is_ok());
        c.port = 587;
        assert!(err_of(&c).contains("STARTTLS"));

        let mut c = ok();
        c.timeout = Duration::ZERO;
        assert!(err_of(&c).contains("`timeout_secs`"));
        c.timeout = Duration::from_secs(601);
        assert!(err_of(&c).contains("`timeout_secs`"));
    }

    #[test]
    fn credentials_rules() {
        let mut c = ok();
        c.username = Some("u".into());
        assert!(err_of(&c).contains("`password` is missing"));
        c.username = None;
        c.password = Some("p".into());
        assert!(err_of(&c).contains("`username` is missing"));
        c.username = Some("u".into());
        assert!(c.validate().is_ok());
        c.password = Some("s3cret-pw".into());
        c.security = SmtpSecurity::None;
        let msg = err_of(&c);
        assert!(msg.contains("in clear"), "{msg}");
        assert!(!msg.contains("s3cret-pw"));
        for loopback in ["localhost", "LocalHost", "127.0.0.1", "127.3.4.5", "::1"] {
            c.host = loopback.into();
            assert!(c.validate().is_ok(), "{loopback}");
        }
    }
}
