//! Sends real mail to a real SMTP server on this machine.
//!
//! The server is `mailin`'s SMTP session (command parsing and the RFC 5321 state machine) driven over
//! a tokio listener on an ephemeral loopback port; what it receives is read back with `mail-parser`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};
use mailin::{Action, Handler, Response, SessionBuilder, response};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use vigie_notify::{Digest, Mailer, NotifyError, SmtpConfig, SmtpSecurity};

/// One mail as the server got it.
#[derive(Debug)]
struct Received {
    helo: String,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

/// Records each mail of a session; refuses recipients in `refuse`.
#[derive(Clone)]
struct Recorder {
    tx: mpsc::UnboundedSender<Received>,
    refuse: Vec<String>,
    helo: String,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn helo(&mut self, _ip: IpAddr, domain: &str) -> Response {
        self.helo = domain.to_owned();
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self.refuse.iter().any(|r| r.eq_ignore_ascii_case(to)) {
            // Like real servers, echo the address (in the case the client wrote it).
            Response::custom(550, format!("5.1.1 <{to}>: Recipient address rejected"))
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let _ = self.tx.send(Received {
            helo: self.helo.clone(),
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            data: std::mem::take(&mut self.data),
        });
        response::OK
    }
}

/// Starts the server on 127.0.0.1, port chosen by the system; returns the port and the mails.
async fn start_server(refuse: &[&str]) -> (u16, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    let recorder = Recorder {
        tx,
        refuse: refuse.iter().map(|s| (*s).to_owned()).collect(),
        helo: String::new(),
        from: String::new(),
        to: Vec::new(),
        data: Vec::new(),
    };
    tokio::spawn(async move {
        loop {
            let Ok((socket, peer)) = listener.accept().await else {
                return;
            };
            let handler = recorder.clone();
            tokio::spawn(async move {
                let mut session =
                    SessionBuilder::new("smtp.test.invalid").build(peer.ip(), handler);
                let (read, mut write) = socket.into_split();
                let mut read = BufReader::new(read);
                let greeting = session.greeting().buffer().unwrap();
                if write.write_all(&greeting).await.is_err() {
                    return;
                }
                let mut line = Vec::new();
                loop {
                    line.clear();
                    match read.read_until(b'\n', &mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let res = session.process(&line);
                    match res.action {
                        Action::NoReply => continue,
                        Action::Reply | Action::Close | Action::UpgradeTls => {
                            let bytes = res.buffer().unwrap();
                            if write.write_all(&bytes).await.is_err() {
                                return;
                            }
                            if !matches!(res.action, Action::Reply) {
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    (port, rx)
}

fn config(port: u16, timeout: Duration) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "vigie <alertes@vigie.test>".into(),
        timeout,
    }
}

async fn next_mail(rx: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("the server got no mail in time")
        .expect("the server stopped")
}

/// The header names of a raw message, lowercased, in order.
fn header_names(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    head.lines()
        .filter(|l| !l.starts_with([' ', '\t']))
        .filter_map(|l| l.split_once(':').map(|(name, _)| name.to_ascii_lowercase()))
        .collect()
}

/// This machine's name, which no mail may carry.
fn host_name() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| h.len() >= 3 && h != "localhost")
}

/// Checks what every notification must be, and returns (subject, body).
fn check_common(mail: &Received, to: &str, canary: &str) -> (String, String) {
    assert_eq!(mail.from, "alertes@vigie.test");
    assert_eq!(mail.to, vec![to.to_owned()]);
    // The greeting names the sender's domain, not this machine.
    assert_eq!(mail.helo, "vigie.test");

    let raw = String::from_utf8_lossy(&mail.data).into_owned();
    let allowed = [
        "from",
        "to",
        "subject",
        "message-id",
        "auto-submitted",
        "content-type",
        "content-transfer-encoding",
        "date",
        "mime-version",
    ];
    let names = header_names(&mail.data);
    for name in &names {
        assert!(
            allowed.contains(&name.as_str()),
            "unexpected header {name}: {raw}"
        );
    }
    for needed in [
        "from",
        "to",
        "subject",
        "message-id",
        "date",
        "mime-version",
        "content-type",
    ] {
        assert!(
            names.iter().any(|n| n == needed),
            "no {needed} header: {raw}"
        );
    }

    let message = MessageParser::default()
        .parse(&mail.data)
        .expect("a MIME message");
    let subject = message.subject().expect("a subject").to_owned();
    let body = message.body_text(0).expect("a text body").into_owned();
    assert_eq!(message.parts.len(), 1, "one plain-text part only");
    let content_type = message.content_type().expect("a content type");
    assert_eq!(content_type.ctype(), "text");
    assert_eq!(content_type.subtype(), Some("plain"));
    let message_id = message.message_id().expect("a Message-ID");
    assert!(message_id.ends_with("@vigie.test"), "{message_id}");
    assert_eq!(
        message.header_raw("Auto-Submitted").map(str::trim),
        Some("auto-generated")
    );

    // The canary was given to nothing: it must appear nowhere, raw or decoded.
    for text in [&raw, &subject, &body] {
        assert!(!text.contains(canary));
    }
    if let Some(host) = host_name() {
        let lower = raw.to_lowercase();
        assert!(
            !lower.contains(&host.to_lowercase()),
            "host name {host} in: {raw}"
        );
    }
    (subject, body)
}

/// The staff space the mails link to.
const STAFF_URL: &str = "https://vigie.example.org/espace";

/// Sends `digest` to the north team's address: the subject and body the server received, after the
/// checks every mail must pass.
async fn digest_received(
    mailer: &Mailer,
    rx: &mut mpsc::UnboundedReceiver<Received>,
    digest: &Digest,
    canary: &str,
) -> (String, String) {
    mailer
        .send_digest("equipe-nord@asso.test", digest)
        .await
        .unwrap();
    let mail = next_mail(rx).await;
    check_common(&mail, "equipe-nord@asso.test", canary)
}

/// Sends a danger alert for `team` to `to`: the subject and body the server received, after the
/// checks every mail must pass.
async fn alert_received(
    mailer: &Mailer,
    rx: &mut mpsc::UnboundedReceiver<Received>,
    to: &str,
    team: &str,
    canary: &str,
) -> (String, String) {
    mailer.send_danger_alert(to, team, STAFF_URL).await.unwrap();
    let mail = next_mail(rx).await;
    check_common(&mail, to, canary)
}

/// `body` holds each of `parts`.
fn assert_has_all(body: &str, parts: &[&str]) {
    for part in parts {
        assert!(body.contains(part), "{part:?} in {body}");
    }
}

#[tokio::test]
async fn digest_and_alert_reach_a_real_smtp_server() {
    let (port, mut rx) = start_server(&[]).await;
    let mailer = Mailer::new(&config(port, Duration::from_secs(10))).unwrap();
    // Stands for a report's content: the caller holds it, the mailer is never given it.
    let canary = format!("CANARY-{}", uuid::Uuid::new_v4().simple());
    let staff_url = STAFF_URL;

    let digest = Digest {
        team_name: "Signalements nord".into(),
        new_reports: 2,
        new_messages: 1,
        staff_url: staff_url.into(),
    };
    let (subject, body) = digest_received(&mailer, &mut rx, &digest, &canary).await;
    assert_eq!(
        subject,
        "vigie : 2 nouveaux signalements, 1 message — Signalements nord"
    );
    assert_has_all(
        &body,
        &[
            "2 nouveaux signalements en attente",
            "1 nouveau message en attente",
            "2 new reports waiting",
            "1 new message waiting",
            staff_url,
        ],
    );

    // Nothing new: the digest is sent all the same.
    let empty = Digest {
        new_reports: 0,
        new_messages: 0,
        ..digest
    };
    let (subject, body) = digest_received(&mailer, &mut rx, &empty, &canary).await;
    assert_eq!(
        subject,
        "vigie : 0 nouveau signalement, 0 message — Signalements nord"
    );
    assert!(body.contains("0 nouveau signalement en attente"), "{body}");

    let to = "astreinte@asso.test";
    let (subject, body) = alert_received(&mailer, &mut rx, to, "Signalements nord", &canary).await;
    assert_eq!(subject, "vigie : signalement urgent en attente");
    assert!(body.contains("« danger immédiat »"), "{body}");
    assert!(body.contains(staff_url), "{body}");
    assert!(
        !body.chars().any(|c| c.is_ascii_digit()),
        "no count, time or identifier in an alert: {body}"
    );

    // A clone shares the configuration.
    let clone = mailer.clone();
    let to = "astreinte-2@asso.test";
    let (_, body) = alert_received(&clone, &mut rx, to, "Signalements sud", &canary).await;
    assert!(body.contains("« Signalements sud »"));
}

#[tokio::test]
async fn a_refused_recipient_is_a_send_error_that_does_not_repeat_the_address() {
    let (port, _rx) = start_server(&["refused@asso.test"]).await;
    let mailer = Mailer::new(&config(port, Duration::from_secs(10))).unwrap();
    match mailer
        .send_danger_alert(
            "Refused@Asso.test",
            "Signalements nord",
            "https://v.test/espace",
        )
        .await
    {
        Err(NotifyError::Send(message)) => {
            assert!(message.contains("550"), "{message}");
            assert!(message.contains("Recipient address rejected"), "{message}");
            assert!(
                !message.to_lowercase().contains("refused@asso.test"),
                "{message}"
            );
        }
        other => panic!("expected a send error, got {other:?}"),
    }
}

#[tokio::test]
async fn nobody_listening_is_a_send_error() {
    // A port that was just free: connecting is refused at once.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mailer = Mailer::new(&config(port, Duration::from_secs(2))).unwrap();
    let started = Instant::now();
    let result = mailer
        .send_digest(
            "equipe@asso.test",
            &Digest {
                team_name: "Nord".into(),
                new_reports: 1,
                new_messages: 1,
                staff_url: "https://v.test/espace".into(),
            },
        )
        .await;
    assert!(matches!(result, Err(NotifyError::Send(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_send_error_within_the_timeout() {
    // Accepts connections and says nothing, ever.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let mailer = Mailer::new(&config(port, Duration::from_secs(1))).unwrap();
    let started = Instant::now();
    let result = mailer
        .send_danger_alert("astreinte@asso.test", "Nord", "https://v.test/espace")
        .await;
    let took = started.elapsed();
    match result {
        Err(NotifyError::Send(message)) => assert!(!message.contains("astreinte"), "{message}"),
        other => panic!("expected a send error, got {other:?}"),
    }
    assert!(took >= Duration::from_millis(900), "{took:?}");
    assert!(took < Duration::from_secs(4), "{took:?}");
    silent.abort();
}
