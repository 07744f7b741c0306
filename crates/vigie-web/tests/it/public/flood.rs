//! Slow and flooding clients against the real serve loop (`vigie_web::serve`, what `vigie serve`
//! runs): connections trickling their headers are closed, a body slower than the minimum rate is cut
//! while a slow but honest one goes through, and a full server evicts the connection that moved least.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vigie_web::ServeOptions;

use crate::public::{ReportInput, form_token, get, servers_serving, submit_ok, test_settings};

/// Sends a request head one byte every `every`, never finishing it; returns how long the server
/// took to close the connection, or `None` if it was still open at `give_up`.
async fn trickle_headers(addr: String, every: Duration, give_up: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut s = TcpStream::connect(&addr).await.ok()?;
    let head = b"POST /signaler HTTP/1.1\r\nHost: vigie.test\r\nX-Lent: ";
    let mut sent = 0usize;
    let mut buf = [0u8; 1024];
    loop {
        if start.elapsed() > give_up {
            return None;
        }
        tokio::select! {
            r = s.read(&mut buf) => match r {
                Ok(0) | Err(_) => return Some(start.elapsed()),
                // Whatever the server says (408 or nothing), it must then close.
                Ok(_) => continue,
            },
            () = tokio::time::sleep(every) => {
                let byte = head.get(sent).copied().unwrap_or(b'a');
                if s.write_all(&[byte]).await.is_err() {
                    return Some(start.elapsed());
                }
                sent += 1;
            }
        }
    }
}

fn addr_of(base: &str) -> String {
    base.trim_start_matches("http://").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_connections_trickling_headers_are_closed_while_a_report_goes_through() {
    let opts = ServeOptions {
        header_read_timeout: Duration::from_secs(5),
        ..ServeOptions::default()
    };
    for s in servers_serving(test_settings(), opts).await {
        let mut stalled = Vec::new();
        for _ in 0..500 {
            stalled.push(tokio::spawn(trickle_headers(
                addr_of(&s.base),
                Duration::from_millis(500),
                Duration::from_secs(60),
            )));
        }
        // Meanwhile, a reporter files a report as usual.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let started = Instant::now();
        submit_ok(
            &s.base,
            &ReportInput::simple("Signalement pendant l'attaque."),
        )
        .await;
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{}: the report took {:?}",
            s.backend(),
            started.elapsed()
        );
        let mut slowest = Duration::ZERO;
        for t in stalled {
            let closed = t.await.unwrap();
            let took =
                closed.unwrap_or_else(|| panic!("{}: a connection outlived 60 s", s.backend()));
            slowest = slowest.max(took);
        }
        assert!(slowest < Duration::from_secs(60), "{slowest:?}");
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 1);
        s.stop().await;
    }
}

#[tokio::test]
async fn by_default_a_connection_trickling_its_headers_is_closed_within_thirty_seconds() {
    assert!(ServeOptions::default().header_read_timeout <= Duration::from_secs(30));
    let s = servers_serving(test_settings(), ServeOptions::default())
        .await
        .into_iter()
        .next()
        .unwrap();
    let closed = trickle_headers(
        addr_of(&s.base),
        Duration::from_millis(300),
        Duration::from_secs(40),
    )
    .await
    .expect("closed");
    assert!(closed <= Duration::from_secs(31), "{closed:?}");
    s.stop().await;
}

/// Posts a report's body in pieces of `piece` bytes every `every`; the status the server answers
/// (`None` when it closed the connection without an answer).
async fn post_slowly(base: &str, piece: usize, every: Duration) -> (Option<u16>, String) {
    let form = get(base, "/signaler", None).await;
    let token = form_token(&form.body, "/signaler");
    let mut input = ReportInput::simple("Un signalement envoyé lentement.");
    input.files = vec![(
        "notes.txt".into(),
        "text/plain".into(),
        "ligne de texte\n".repeat(1500).into_bytes(),
    )];
    let (ct, body) = input.body(Some(&token)).finish();
    let mut s = TcpStream::connect(addr_of(base)).await.unwrap();
    let head = format!(
        "POST /signaler HTTP/1.1\r\nHost: vigie.test\r\nContent-Type: {ct}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(piece) {
        if s.write_all(chunk).await.is_err() {
            break;
        }
        tokio::time::sleep(every).await;
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok());
    (status, answer)
}

#[tokio::test]
async fn a_body_slower_than_the_minimum_rate_is_cut_and_a_slow_honest_one_goes_through() {
    let opts = ServeOptions {
        min_body_rate: 1024,
        body_rate_window: Duration::from_secs(1),
        ..ServeOptions::default()
    };
    for s in servers_serving(test_settings(), opts).await {
        // About 24 KiB at 8 KiB/s: slow, but above the minimum.
        let (status, answer) = post_slowly(&s.base, 1024, Duration::from_millis(125)).await;
        assert_eq!(status, Some(200), "{}: {answer}", s.backend());
        assert!(answer.contains("id=\"receipt\""), "{answer}");

        // 100 bytes a second: cut within a few windows, nothing stored.
        let started = Instant::now();
        let (status, answer) = post_slowly(&s.base, 10, Duration::from_millis(100)).await;
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        assert!(
            status.is_none_or(|c| (400..500).contains(&c)),
            "{}: {answer}",
            s.backend()
        );
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 1);
        s.stop().await;
    }
}

/// Whether the server closed `s` within `wait` (reading nothing else).
async fn closed_within(s: &mut TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 256];
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn a_full_server_evicts_the_connection_that_moved_least_for_a_newcomer() {
    let opts = ServeOptions {
        max_connections: 4,
        header_read_timeout: Duration::from_secs(30),
        ..ServeOptions::default()
    };
    for s in servers_serving(test_settings(), opts).await {
        let addr = addr_of(&s.base);
        // One connection trickles its head; three others sent 4 KiB of it at once and wait.
        let mut slow = TcpStream::connect(&addr).await.unwrap();
        slow.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
        let mut busy = Vec::new();
        for _ in 0..3 {
            let mut c = TcpStream::connect(&addr).await.unwrap();
            let head = format!(
                "GET /healthz HTTP/1.1\r\nHost: vigie.test\r\nX-Long: {}",
                "a".repeat(4096)
            );
            c.write_all(head.as_bytes()).await.unwrap();
            busy.push(c);
        }
        for _ in 0..8 {
            slow.write_all(b"X").await.unwrap();
            tokio::time::sleep(Duration::from_millis(250)).await;
        }

        // The server is full: a newcomer is served all the same.
        let r = get(&s.base, "/healthz", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.backend());

        // The trickling connection made room; the others are still open.
        assert!(
            closed_within(&mut slow, Duration::from_secs(2)).await,
            "{}: the slowest connection stayed",
            s.backend()
        );
        for c in &mut busy {
            assert!(
                !closed_within(c, Duration::from_millis(300)).await,
                "{}: a faster connection was evicted",
                s.backend()
            );
        }
        s.stop().await;
    }
}
