//! Slow and flooding clients against the real serve loop (`vigie_web::serve`, what `vigie serve`
//! runs): connections trickling their headers are closed, a body slower than the minimum rate is cut
//! while a slow but honest one goes through, and a full server evicts the connection that moved least.
//! The flood itself runs with the production KDF in pools of one: admission holds where it is
//! tightest (bounded queues, refusals that can be sent again, a pool of its own for new reports).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vigie_app::{PoolSizes, Settings};
use vigie_vault::KdfParams;
use vigie_web::ServeOptions;

use crate::public::{
    ReportInput, Resp, all_reports, form_token, get, post_raw, servers_serving, submit_ok,
    test_settings, try_login,
};

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

/// What `vigie serve` derives receipts and passwords with (Argon2id, 64 MiB, three passes), in pools
/// of one thread each (staff logins, receipt logins, new reports; uploads too) with two places in
/// their queues: the tightest a deployment can be configured with.
fn production_kdf_in_pools_of_one() -> Settings {
    let mut s = test_settings();
    s.kdf = KdfParams::production();
    s.pool_sizes = PoolSizes {
        staff_login: 1,
        receipt_login: 1,
        new_report: 1,
        uploads: 1,
        queue_length: 2,
    };
    s.pool_wait = Duration::from_secs(30);
    s
}

/// Fetches the report form; its token.
async fn fresh_token(base: &str) -> String {
    let form = get(base, "/signaler", None).await;
    assert_eq!(form.status, StatusCode::OK);
    form_token(&form.body, "/signaler")
}

/// Sends a filled report form with `token`.
async fn send_report(base: String, token: String, text: String) -> Resp {
    let (ct, body) = ReportInput::simple(&text).body(Some(&token)).finish();
    post_raw(&base, "/signaler", None, &ct, body).await
}

// Long on purpose: one flood, measured while it runs, then the reporters who must still get in.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_a_flood_with_the_production_kdf_and_pools_of_one_reporters_still_get_in() {
    let opts = ServeOptions {
        header_read_timeout: Duration::from_secs(5),
        ..ServeOptions::default()
    };
    for s in servers_serving(production_kdf_in_pools_of_one(), opts).await {
        let started_all = Instant::now();
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

        // Eight valid reports at once: one derivation at a time, two waiting, the others turned
        // away at once with a page to send again; none waits past the queue's bound.
        let mut tokens = Vec::new();
        for _ in 0..8 {
            tokens.push(fresh_token(&s.base).await);
        }
        let burst: Vec<_> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = format!("Signalement de la rafale n° {i}.");
                tokio::spawn(send_report(s.base.clone(), t.clone(), text))
            })
            .collect();
        let mut turned_away = Vec::new();
        for (i, t) in burst.into_iter().enumerate() {
            let r = t.await.unwrap();
            match r.status {
                StatusCode::OK => assert!(r.body.contains("id=\"receipt\""), "{}", r.body),
                StatusCode::SERVICE_UNAVAILABLE => {
                    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
                    assert!((1..=60).contains(&wait), "Retry-After {wait}");
                    r.assert_shows(&["revenez à la page précédente"]);
                    turned_away.push(i);
                }
                other => panic!("{}: report {i}: {other}: {}", s.backend(), r.body),
            }
        }
        assert!(
            !turned_away.is_empty() && turned_away.len() <= 8 - 3,
            "{}: one running and two waiting at most, the rest turned away: {turned_away:?}",
            s.backend()
        );
        assert_eq!(all_reports(&s.app).await.len(), 1 + 8 - turned_away.len());
        // Sent again from the same page (a refusal does not spend the form), each goes through.
        for i in &turned_away {
            let text = format!("Signalement de la rafale n° {i}.");
            let r = send_report(s.base.clone(), tokens[*i].clone(), text).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", s.backend(), r.body);
        }

        // A flood of receipt guesses fills the receipt pool: new reports have a pool of their own.
        let guesses: Vec<_> = (0..6)
            .map(|i| {
                let base = s.base.clone();
                tokio::spawn(async move {
                    try_login(&base, &format!("{i}{i}{i}{i} 0000 0000 0000 0000")).await
                })
            })
            .collect();
        let started = Instant::now();
        submit_ok(
            &s.base,
            &ReportInput::simple("Pendant les essais de codes."),
        )
        .await;
        let during_guesses = started.elapsed();
        let mut busy = 0;
        for g in guesses {
            let r = g.await.unwrap();
            match r.status {
                StatusCode::UNAUTHORIZED => {}
                StatusCode::SERVICE_UNAVAILABLE => busy += 1,
                other => panic!("{}: a guess answered {other}: {}", s.backend(), r.body),
            }
        }
        assert!(
            busy >= 1,
            "{}: the receipt pool's queue is bounded",
            s.backend()
        );

        let reports = all_reports(&s.app).await;
        assert_eq!(reports.len(), 1 + 8 + 1);
        let production = KdfParams::production().encode();
        assert!(
            reports.iter().all(|r| r.receipt_kdf == production),
            "every receipt was derived with the production KDF"
        );
        let mut slowest = Duration::ZERO;
        for t in stalled {
            let closed = t.await.unwrap();
            let took =
                closed.unwrap_or_else(|| panic!("{}: a connection outlived 60 s", s.backend()));
            slowest = slowest.max(took);
        }
        assert!(slowest < Duration::from_secs(60), "{slowest:?}");
        eprintln!(
            "flood on {}: {} of 8 turned away, a report during the guesses in {:?}, {:.1} s in all",
            s.backend(),
            turned_away.len(),
            during_guesses,
            started_all.elapsed().as_secs_f64()
        );
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
    }
}
