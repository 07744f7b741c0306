//! Several `vigie serve` on one PostgreSQL database (issue 13, item 5): two real processes, each with
//! a data directory of its own holding a copy of the key files, sharing the database, the
//! attachments (a folder, or the test bucket when `VIGIE_TEST_S3_URL` names one) and the
//! checkpoints' outside copy. A staff session and its sign-in throttling hold on
//! both; one instance killed with SIGKILL under concurrent reporters loses no report whose receipt
//! was shown: each opens on the other, its file included.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use vigie_testkit::{CookieClient, between, form_token, postgres_url};

use super::serve::free_port;
use super::{Instance, expect};

/// What the nodes share besides the database and the key files: the checkpoints' outside copy, and
/// the attachments: the test bucket under a prefix of its own when there is one
/// (`VIGIE_TEST_S3_URL`, with the object store's `AWS_*` variables passed on), else a folder.
fn shared_storage(shared: &Path) -> Vec<(String, String)> {
    let path = |name: &str| shared.join(name).display().to_string();
    let mut env = vec![("VIGIE_CHECKPOINT_LOG".into(), path("checkpoints.log"))];
    match vigie_testkit::s3::s3_location() {
        Some(bucket) => env.extend(vigie_testkit::s3::bucket_env(&bucket)),
        None => env.push(("VIGIE_BLOB_DIR".into(), path("blobs"))),
    }
    env
}

/// The report form may be sent at once, and the limits counted per instance stay out of the way.
const SERVE_ENV: &[(&str, &str)] = &[
    ("VIGIE_REPORTS_FORM_MIN_AGE_SECS", "0"),
    ("VIGIE_REPORTS_SUBMISSIONS_PER_MINUTE", "100000"),
    ("VIGIE_REPORTS_RECEIPT_ATTEMPTS_PER_MINUTE", "100000"),
];

/// Reporters sending at once to the instance that will be killed.
const REPORTERS: usize = 6;

/// Receipts shown before the kill, at least.
const BEFORE_KILL: usize = 12;

impl Instance {
    /// Another node of this instance: a data directory of its own holding a copy of the key files,
    /// the same database and the same shared storage.
    fn node(&self) -> Instance {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        for entry in std::fs::read_dir(self.data()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "key") {
                std::fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
            }
        }
        Instance {
            dir,
            db_url: self.db_url.clone(),
            pg: None,
            env: self.env.clone(),
        }
    }

    /// `vigie serve` of this node on a port of its own, its output in `serve.log`; answers
    /// `/healthz` when this returns.
    pub(super) async fn start(&self) -> Running {
        let listen = format!("127.0.0.1:{}", free_port());
        let log_path = self.dir.path().join("serve.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut cmd: Command = self.cmd(&["serve", "--listen", &listen]);
        cmd.envs(SERVE_ENV.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        let mut running = Running {
            child: cmd.spawn().unwrap(),
            base: format!("http://{listen}"),
            log: log_path,
        };
        running.wait_healthy().await;
        running
    }
}

/// A `vigie serve` process.
pub(super) struct Running {
    child: Child,
    base: String,
    log: std::path::PathBuf,
}

impl Running {
    async fn wait_healthy(&mut self) {
        let client = reqwest::Client::new();
        let start = Instant::now();
        loop {
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await
                && r.status() == StatusCode::OK
            {
                return;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("vigie serve ended ({status}): {}", self.output());
            }
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "vigie serve did not start: {}",
                self.output()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Its address, `http://127.0.0.1:PORT`.
    pub(super) fn base(&self) -> &str {
        &self.base
    }

    /// What the process printed and logged so far.
    pub(super) fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no flush, whatever it was doing.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then what it printed and logged.
    pub(super) fn stop(self) -> String {
        let out = super::serve::terminate(self.child);
        assert!(out.status.success(), "{out:?}");
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// A report whose receipt was shown: what the reporter wrote and attached, and the receipt.
#[derive(Clone, Debug)]
struct Acknowledged {
    text: String,
    file_name: String,
    file: Vec<u8>,
    receipt: String,
}

/// Why a submission got no receipt.
enum Refused {
    /// The server answered something else (busy: the reporter sends again).
    Answered,
    /// No answer: the instance is gone.
    Gone,
}

/// Sends one report with one file to `base`, as a browser does (the form, then the post).
async fn send_report(
    client: &reqwest::Client,
    base: &str,
    text: &str,
    file_name: &str,
    file: &[u8],
) -> Result<String, Refused> {
    let gone = |_| Refused::Gone;
    let page = client
        .get(format!("{base}/signaler"))
        .send()
        .await
        .map_err(gone)?;
    if page.status() != StatusCode::OK {
        return Err(Refused::Answered);
    }
    let page = page.text().await.map_err(gone)?;
    let part = Part::bytes(file.to_vec())
        .file_name(file_name.to_owned())
        .mime_str("text/plain")
        .unwrap();
    let mut form = Form::new()
        .text("csrf", form_token(&page, "/signaler"))
        .text("category", "deal_point")
        .text("text", text.to_owned())
        .text("district", "13203");
    for empty in ["neighbourhood", "place", "date", "time_of_day", "identity"] {
        form = form.text(empty, "");
    }
    let r = client
        .post(format!("{base}/signaler"))
        .multipart(form.part("files", part))
        .send()
        .await
        .map_err(gone)?;
    let status = r.status();
    let body = r.text().await.map_err(gone)?;
    if status != StatusCode::OK || !body.contains("id=\"receipt\"") {
        return Err(Refused::Answered);
    }
    Ok(between(
        &body,
        "<p class=\"code receipt\" id=\"receipt\" dir=\"ltr\">",
        "</p>",
    ))
}

/// One reporter sending reports to `base` until it stops answering (or `stop`).
async fn reporter(
    n: usize,
    base: String,
    shown: Arc<Mutex<Vec<Acknowledged>>>,
    count: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
) -> usize {
    let client = reqwest::Client::new();
    let mut unanswered = 0;
    for i in 0.. {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let text = format!("scale-{n}-{i}-{}", uuid_like());
        let file_name = format!("note-{n}-{i}.txt");
        // Some tens of KiB, so that a kill finds uploads half-way.
        let file = format!("pièce jointe de {text}\n")
            .repeat(1500)
            .into_bytes();
        match send_report(&client, &base, &text, &file_name, &file).await {
            Ok(receipt) => {
                shown.lock().unwrap().push(Acknowledged {
                    text,
                    file_name,
                    file,
                    receipt,
                });
                count.fetch_add(1, Ordering::SeqCst);
            }
            Err(Refused::Answered) => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(Refused::Gone) => {
                unanswered += 1;
                break;
            }
        }
    }
    unanswered
}

/// A random word for unique texts (nanoseconds and a counter: no dependency needed).
fn uuid_like() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{nanos:x}{:x}", NEXT.fetch_add(1, Ordering::SeqCst))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The report pages listed in the inbox `staff` sees on its server, every page of it.
async fn inbox_reports(staff: &mut CookieClient) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for page in 1.. {
        let body = staff
            .get_ok(&format!("/espace/signalements?page={page}"))
            .await;
        let before = out.len();
        for link in body.split("href=\"/espace/signalements/").skip(1) {
            let id = link.split('"').next().unwrap_or_default();
            let path = format!("/espace/signalements/{id}");
            if id.len() == 36 && !out.contains(&path) {
                out.push(path);
            }
        }
        if out.len() == before {
            return out;
        }
    }
    out
}

/// The original of the file `part` of the report at `path` on the server at `base`, through its
/// audited form.
async fn original(base: &str, staff: &CookieClient, page: &str, path: &str, part: &str) -> Vec<u8> {
    let action = format!("{path}/fichiers/{part}/original");
    let r = reqwest::Client::new()
        .post(format!("{base}{action}"))
        .header(
            "cookie",
            format!(
                "{}={}",
                vigie_web::SESSION_COOKIE,
                staff.cookie.as_deref().unwrap()
            ),
        )
        .form(&[("csrf", form_token(page, &action))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{action}");
    r.bytes().await.unwrap().to_vec()
}

// Long on purpose: one story, each step starting where the steps before left it.
#[tokio::test]
async fn two_instances_share_sessions_throttling_files_and_checkpoints_and_a_killed_one_loses_no_shown_receipt()
 {
    let Some(server) = postgres_url() else {
        eprintln!(
            "skipped: several instances share one PostgreSQL database; set VIGIE_TEST_POSTGRES_URL to run this test"
        );
        return;
    };
    let shared = tempfile::tempdir().unwrap();
    let mut a = Instance::postgres(&server).await;
    a.env = shared_storage(shared.path());
    a.check(&["init"], 0, &[]);
    let amina = a.add_user("amina", "handler");
    let bruno = a.add_user("bruno", "handler");
    a.check(
        &["team", "add-member", vigie_app::DEFAULT_TEAM, "amina"],
        0,
        &[],
    );
    let b = a.node();
    let on_a = a.start().await;
    let on_b = b.start().await;

    // A staff session opened on A is served by B: its row is in the database, its key in the cookie.
    let mut staff = CookieClient::new(&on_a.base);
    staff.first_login_at("amina", &amina, now()).await;
    let chosen = "un mot de passe choisi par amina";
    assert_eq!(staff.change_password(&amina, chosen).await, StatusCode::OK);
    let mut staff_b = CookieClient::new(&on_b.base);
    staff_b.cookie = staff.cookie.clone();
    let home = staff_b.get_ok("/espace").await;
    assert!(home.contains("Bonjour amina"), "{home}");

    // Sign-in failures on A delay the account on B: the throttle counts in the database.
    let mut guesser = CookieClient::new(&on_a.base);
    for _ in 0..3 {
        let (status, _, _) = guesser.password_step("bruno", "not the password").await;
        assert_ne!(status, StatusCode::SEE_OTHER);
    }
    let mut elsewhere = CookieClient::new(&on_b.base);
    let (status, _, _) = elsewhere.password_step("bruno", &bruno).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // The key directory changes under both (a third process adds a member: the team's key turns
    // over, a checkpoint signs the new directory); each sees it before its next wrap.
    a.check(
        &["team", "add-member", vigie_app::DEFAULT_TEAM, "bruno"],
        0,
        &["team key rotated"],
    );

    // Reporters send to A at once; A is killed (SIGKILL) while they are sending.
    let shown = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let reporters: Vec<_> = (0..REPORTERS)
        .map(|n| {
            tokio::spawn(reporter(
                n,
                on_a.base.clone(),
                shown.clone(),
                count.clone(),
                stop.clone(),
            ))
        })
        .collect();
    let start = Instant::now();
    while count.load(Ordering::SeqCst) < BEFORE_KILL {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "only {} receipts in two minutes: {}",
            count.load(Ordering::SeqCst),
            on_a.output()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    on_a.kill();
    stop.store(true, Ordering::SeqCst);
    let mut cut_off = 0;
    for r in reporters {
        cut_off += r.await.unwrap();
    }
    let shown = shown.lock().unwrap().clone();
    eprintln!(
        "{} receipts shown by A before SIGKILL, {cut_off} submissions cut off",
        shown.len()
    );
    assert!(shown.len() >= BEFORE_KILL);
    let mut shown = shown;

    // The load balancer's next request goes to B, which takes reports on its own.
    let text = format!("scale-after-{}", uuid_like());
    let file = format!("reçu par B: {text}\n").into_bytes();
    let Ok(receipt) = send_report(&reqwest::Client::new(), &on_b.base, &text, "b.txt", &file).await
    else {
        panic!("B refused a report: {}", on_b.output());
    };
    shown.push(Acknowledged {
        text,
        file_name: "b.txt".into(),
        file,
        receipt,
    });

    // Every shown receipt opens its report on B: the text, and the file's name.
    for sent in &shown {
        let mut reporter = CookieClient::keeping(&on_b.base, "vigie_suivi");
        let (status, _, body) = reporter
            .submit("/suivi", &[("receipt", sent.receipt.as_str())])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}: {body}", sent.receipt);
        let page = reporter.get_ok("/suivi").await;
        assert!(
            page.contains(&sent.text) && page.contains(&sent.file_name),
            "{}: {page}",
            sent.text
        );
    }

    // And staff on B read each one with its file, whole, from the shared storage.
    let mut opened = 0;
    let listed = inbox_reports(&mut staff_b).await;
    eprintln!(
        "{} reports committed, {} of them without a receipt shown",
        listed.len(),
        listed.len() - shown.len()
    );
    for path in listed {
        let page = staff_b.get_ok(&path).await;
        let Some(sent) = shown.iter().find(|s| page.contains(&s.text)) else {
            continue; // Committed on A, but its receipt never reached the reporter.
        };
        let parts: Vec<&str> = page
            .split(&format!("action=\"{path}/fichiers/"))
            .skip(1)
            .filter_map(|rest| rest.split_once("/original\"").map(|(p, _)| p))
            .collect();
        assert_eq!(parts.len(), 1, "{page}");
        assert_eq!(
            original(&on_b.base, &staff_b, &page, &path, parts[0]).await,
            sent.file
        );
        opened += 1;
    }
    assert_eq!(opened, shown.len(), "every shown receipt's report, once");

    // Both instances appended their checkpoints to the one outside copy: the chain verifies.
    let verdict = expect(&b.run(&["audit", "verify"]), 0, &["ok, "]);
    assert!(verdict.starts_with("ok, "), "{verdict}");
    let logs = on_b.stop();
    assert!(!logs.contains("lacks checkpoints"), "{logs}");
    a.drop_db().await;
}
