//! Sending the mails through an SMTP server.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::text::{Digest, danger_alert_text, digest_text};
use crate::{NotifyError, SmtpConfig, SmtpSecurity};

/// What replaces a secret or a recipient's address in an error message.
const REDACTED: &str = "<redacted>";

/// Sends vigie's notifications through one SMTP server. Cheap to clone; one connection per mail.
///
/// Its methods must run on a tokio runtime with the time driver enabled. Each mail is given
/// [`SmtpConfig::timeout`] in all, connection and TLS included, and fails with
/// [`NotifyError::Send`] past it; nothing is retried here (the caller decides).
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The sender's domain: Message-IDs and the EHLO name use it, never this machine's name.
    domain: String,
    timeout: Duration,
    /// Credentials and their base64 forms, cut out of error messages.
    secrets: Arc<[String]>,
    host: String,
    port: u16,
    security: SmtpSecurity,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("from", &self.from.to_string())
            .field("timeout", &self.timeout)
            .field("authenticated", &!self.secrets.is_empty())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// Checks `config` ([`SmtpConfig::validate`]) and prepares the transport; connects to nothing yet.
    pub fn new(config: &SmtpConfig) -> Result<Self, NotifyError> {
        config.validate()?;
        let from = config.sender()?;
        let domain = from.email.domain().to_owned();
        let host = config.host.trim().to_owned();
        let tls = match config.security {
            SmtpSecurity::None => Tls::None,
            SmtpSecurity::StartTls => Tls::Required(tls_parameters(&host)?),
            SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(&host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(config.port)
            .tls(tls)
            .timeout(Some(config.timeout))
            .hello_name(ClientId::Domain(domain.clone()));
        let mut secrets = Vec::new();
        if let (Some(user), Some(pass)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
            secrets.extend([
                BASE64.encode(format!("\0{user}\0{pass}")),
                BASE64.encode(pass),
                BASE64.encode(user),
                pass.clone(),
                user.clone(),
            ]);
        }
        Ok(Self {
            transport: builder.build(),
            from,
            domain,
            timeout: config.timeout,
            secrets: secrets.into(),
            host,
            port: config.port,
            security: config.security,
        })
    }

    /// Sends a team's digest ([`digest_text`]) to `to`.
    ///
    /// `d.staff_url` must be a plain `http(s)://` address without query, fragment or user name
    /// ([`NotifyError::Config`] otherwise); `to` must be one address ([`NotifyError::Address`]).
    pub async fn send_digest(&self, to: &str, d: &Digest) -> Result<(), NotifyError> {
        check_staff_url(&d.staff_url)?;
        let (subject, body) = digest_text(d);
        self.send(to, subject, body).await
    }

    /// Sends the content-free urgent alert ([`danger_alert_text`]) to a team's on-call address `to`.
    ///
    /// Same rules as [`Mailer::send_digest`] for `to` and `staff_url`.
    pub async fn send_danger_alert(
        &self,
        to: &str,
        team_name: &str,
        staff_url: &str,
    ) -> Result<(), NotifyError> {
        check_staff_url(staff_url)?;
        let (subject, body) = danger_alert_text(team_name, staff_url);
        self.send(to, subject, body).await
    }

    /// Sends the newest audit checkpoint (its `checkpoints.log` line) to an admin's address `to`.
    pub async fn send_checkpoint(
        &self,
        to: &str,
        number: i64,
        line: &str,
    ) -> Result<(), NotifyError> {
        let (subject, body) = crate::text::checkpoint_text(number, line);
        self.send(to, subject, body).await
    }

    /// Sends a coordinator's digest ([`crate::coordination_due_text`]) to their address `to`.
    ///
    /// Same rules as [`Mailer::send_digest`] for `to` and `d.staff_url`.
    pub async fn send_coordination_due(
        &self,
        to: &str,
        d: &crate::CoordinationDue,
    ) -> Result<(), NotifyError> {
        check_staff_url(&d.staff_url)?;
        let (subject, body) = crate::coordination_due_text(d);
        self.send(to, subject, body).await
    }

    async fn send(&self, to: &str, subject: String, body: String) -> Result<(), NotifyError> {
        let recipient = to.trim().parse::<Mailbox>().map_err(|_| {
            NotifyError::Address("the recipient is not one valid e-mail address".to_owned())
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(recipient.clone())
            .subject(subject)
            .message_id(Some(format!(
                "<{}@{}>",
                uuid::Uuid::new_v4().simple(),
                self.domain
            )))
            // RFC 3834: no vacation or out-of-office replies to this.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ))
            .singlepart(SinglePart::plain(body))
            .map_err(|e| {
                NotifyError::Address(format!("cannot build a message for this recipient ({e})"))
            })?;
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(Ok(_response)) => Ok(()),
            Ok(Err(e)) => {
                let recipient_address = recipient.email.to_string();
                let mut hide: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
                hide.extend([to.trim(), recipient_address.as_str()]);
                Err(NotifyError::Send(redact(
                    &format!("{}:{}: {e}", self.host, self.port),
                    &hide,
                )))
            }
            Err(_elapsed) => Err(NotifyError::Send(format!(
                "{}:{}: no complete answer from the SMTP server within {} s",
                self.host,
                self.port,
                self.timeout.as_secs()
            ))),
        }
    }
}

/// TLS towards `host`, checked against the bundled Mozilla roots (`webpki-roots`), with rustls' `ring`
/// provider unless the program installed another default.
fn tls_parameters(host: &str) -> Result<TlsParameters, NotifyError> {
    TlsParameters::new(host.to_owned())
        .map_err(|e| NotifyError::Config(format!("cannot set up TLS for `host` {host:?}: {e}")))
}

/// A link to the staff area: `http://` or `https://`, a host, no query, fragment, user name or
/// white space, so that nothing but the place to sign in can ride along.
fn check_staff_url(url: &str) -> Result<(), NotifyError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = rest.is_some_and(|rest| {
        let host = rest.split('/').next().unwrap_or_default();
        !host.is_empty()
            && !rest
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '@'))
    });
    if ok {
        Ok(())
    } else {
        Err(NotifyError::Config(
            "`staff_url` must be a plain link to the staff area, such as \
             `https://vigie.example.org/espace` (http or https, no query, fragment or user name)"
                .to_owned(),
        ))
    }
}

/// `text` with every occurrence of each non-empty needle (ASCII case-insensitive) replaced by
/// [`REDACTED`]. Needles are tried in the order given: put longer ones first.
fn redact(text: &str, needles: &[&str]) -> String {
    let mut out = text.to_owned();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        let needle = needle.to_ascii_lowercase();
        let mut result = String::with_capacity(out.len());
        let lower = out.to_ascii_lowercase();
        let mut start = 0;
        // ASCII lowercasing keeps byte offsets, so matches in `lower` are matches in `out`.
        while let Some(found) = lower.get(start..).and_then(|l| l.find(&needle)) {
            let at = start + found;
            result.push_str(out.get(start..at).unwrap_or_default());
            result.push_str(REDACTED);
            start = at + needle.len();
        }
        result.push_str(out.get(start..).unwrap_or_default());
        out = result;
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn staff_url_rules() {
        for good in [
            "https://vigie.example.org/espace",
            "https://vigie.example.org",
            "http://abcdefghijklmnop.onion/espace/signalements",
            "https://127.0.0.1:8443/espace",
        ] {
            assert!(check_staff_url(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "vigie.example.org/espace",
            "ftp://vigie.example.org",
            "https://",
            "https:///espace",
            "https://vigie.example.org/espace?report=123",
            "https://vigie.example.org/espace#r123",
            "https://user:pw@vigie.example.org/",
            "https://vigie.example.org/espace\nBcc: x",
            "https://vigie.example.org/ espace",
        ] {
            match check_staff_url(bad) {
                Err(NotifyError::Config(m)) => assert!(m.contains("`staff_url`")),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn redact_is_case_insensitive_and_total() {
        assert_eq!(
            redact(
                "550 <Oncall@Example.ORG>: no; oncall@example.org again",
                &["oncall@example.org"]
            ),
            "550 <<redacted>>: no; <redacted> again"
        );
        assert_eq!(redact("abc", &[""]), "abc");
        assert_eq!(redact("é pw é", &["pw"]), "é <redacted> é");
        assert_eq!(
            redact("AUTH PLAIN AHUAcA== u", &["AHUAcA==", "u"]),
            "A<redacted>TH PLAIN <redacted> <redacted>"
        );
    }

    #[test]
    fn new_validates_and_debug_hides_credentials() {
        let mut c = SmtpConfig::new("smtp.example.org", "vigie <alertes@example.org>");
        c.username = Some("login-name".into());
        c.password = Some("pass-word-123".into());
        let m = Mailer::new(&c).unwrap();
        let debug = format!("{m:?}");
        assert!(
            !debug.contains("pass-word-123") && !debug.contains("login-name"),
            "{debug}"
        );
        assert_eq!(m.domain, "example.org");

        c.security = SmtpSecurity::Tls;
        c.port = 465;
        assert!(Mailer::new(&c).is_ok());
        c.from = "nope".into();
        assert!(matches!(Mailer::new(&c), Err(NotifyError::Config(m)) if m.contains("`from`")));
    }

    #[tokio::test]
    async fn bad_recipient_or_url_fail_before_connecting() {
        // Never contacted (the checks come first); loopback all the same.
        let mut c = SmtpConfig::new("127.0.0.1", "alertes@example.org");
        c.security = SmtpSecurity::None;
        c.port = 9;
        let m = Mailer::new(&c).unwrap();
        let d = Digest {
            team_name: "Signalements nord".into(),
            new_reports: 1,
            new_messages: 0,
            staff_url: "https://vigie.example.org/espace".into(),
        };
        for to in ["", "not-an-address", "a@example.org, b@example.org"] {
            match m.send_digest(to, &d).await {
                Err(NotifyError::Address(msg)) => assert!(!msg.contains("not-an-address")),
                other => panic!("{to:?} gave {other:?}"),
            }
        }
        let bad_url = Digest {
            staff_url: "https://vigie.example.org/espace?id=1".into(),
            ..d
        };
        assert!(matches!(
            m.send_digest("a@example.org", &bad_url).await,
            Err(NotifyError::Config(_))
        ));
        assert!(matches!(
            m.send_danger_alert("a@example.org", "Nord", "javascript:x")
                .await,
            Err(NotifyError::Config(_))
        ));
    }
}
