//! The reporter's side through a real server on 127.0.0.1: the anonymous form at `/signaler`, the
//! receipt, the follow-up at `/suivi`, their limits and failure pages, what reaches the disk and the
//! logs, and a real browser with JavaScript disabled; and the public observatory (`observatory`).
//! Every test runs on SQLite, and on PostgreSQL too when `VIGIE_TEST_POSTGRES_URL` is set (one
//! schema per test).

mod admission;
mod arabic;
mod bad_input;
mod blank_forms;
mod browser;
mod canary;
mod concurrency;
mod flood;
mod happy;
mod help;
mod limits;
mod multipart;
mod observatory;
mod photo;
mod privacy;
mod session;
mod times;
mod validation;

use std::collections::HashSet;
use std::io::Read;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::{Client, StatusCode};
use vigie_app::reports::{FileVariant, Writing};
use vigie_app::{App, Settings};
use vigie_domain::report::ReportForm;
use vigie_domain::{AuditActor, PartId, Principal, ReportId, Role, TeamId};
use vigie_testkit::ServerOptions;
use vigie_testkit::instance::fast_settings;
use vigie_vault::SecretKey;

pub use multipart::Body;
pub use photo::{assert_clean_photo, exif_block, gps_latitude_bytes, jpeg_with_gps};
pub use vigie_testkit::canary::{contains, find_any};
pub use vigie_testkit::{Resp, between, client, form_token};

/// The follow-up cookie's name.
pub const FOLLOW_COOKIE: &str = "vigie_suivi";

// --- Servers ----------------------------------------------------------------------------------------

/// A running server and what the test needs to drive it.
pub type Server = vigie_testkit::TestServer;

pub fn test_settings() -> Settings {
    let mut s = fast_settings(Duration::from_secs(60));
    // Tests submit a form as soon as they fetch it (`admission` checks the minimum age itself).
    s.reports.form_min_age = Duration::ZERO;
    s
}

/// One server per backend available, with the test settings.
pub async fn servers() -> Vec<Server> {
    servers_with(test_settings()).await
}

/// One server per backend available, with the test settings as `tune` changes them.
pub async fn servers_where(tune: impl FnOnce(&mut Settings)) -> Vec<Server> {
    let mut settings = test_settings();
    tune(&mut settings);
    servers_with(settings).await
}

/// Servers that take `per_minute` reports a minute, each clock moved to the start of a rate window
/// (see [`start_of_window`]) as the test's loop comes to it: a burst of submissions meets the
/// limit, not the minute's end.
pub async fn servers_taking(per_minute: i64) -> impl Iterator<Item = Server> {
    let servers = servers_where(|settings| settings.reports.submissions_per_minute = per_minute);
    servers
        .await
        .into_iter()
        .inspect(|s| start_of_window(&s.app))
}

/// Moves the clock to the start of a rate window if less than 40 s of the current one remain, so
/// that a burst of requests falls in one window.
pub fn start_of_window(app: &App) {
    let into = app.clock().unix().rem_euclid(60);
    if into > 20 {
        app.clock().advance(60 - into);
    }
}

pub async fn servers_with(settings: Settings) -> Vec<Server> {
    servers_serving(settings, vigie_web::ServeOptions::default()).await
}

/// Servers with these settings, behind the serve loop with these options (`vigie serve`'s own).
pub async fn servers_serving(
    settings: Settings,
    serve_opts: vigie_web::ServeOptions,
) -> Vec<Server> {
    let mut opts = ServerOptions::new(settings);
    opts.serve = serve_opts;
    Server::all(&opts).await
}

// --- A handler, through the app API -----------------------------------------------------------------

/// A handler whose team receives every new report, with their unlocked secret key.
pub struct Handler {
    pub principal: Principal,
    pub secret: SecretKey,
    pub team: TeamId,
}

/// Creates the handler `hugo`, a team holding only them, and makes it the default team.
pub async fn handler(s: &Server) -> Handler {
    let app = &s.app;
    let password = s.user("hugo", &[Role::Handler]).await;
    let team = app
        .create_team(AuditActor::Cli, "Signalements test", &["hugo".into()])
        .await
        .unwrap();
    app.store().set_default_team(team).await.unwrap();
    let (principal, secret) = vigie_testkit::staff::principal_and_key(app, "hugo", &password).await;
    Handler {
        principal,
        secret,
        team,
    }
}

impl Handler {
    /// Opens `report` as the team does (audited).
    pub async fn open(&self, app: &App, report: ReportId) -> vigie_app::reports::ReportView {
        app.open_report(&self.principal, &self.secret, report)
            .await
            .unwrap()
    }

    /// Writes `text` into `report` as `what` says (a reply to the reporter, a note).
    pub async fn write(&self, app: &App, report: ReportId, text: &str, what: Writing) {
        app.write(&self.principal, &self.secret, report, text, what)
            .await
            .unwrap();
    }

    /// Replies to the reporter of `report`.
    pub async fn reply(&self, app: &App, report: ReportId, text: &str) {
        self.write(app, report, text, Writing::ReplyToReporter)
            .await;
    }

    /// One copy of a file of `report`, decrypted.
    pub async fn file(
        &self,
        app: &App,
        report: ReportId,
        part: PartId,
        variant: FileVariant,
    ) -> Vec<u8> {
        let mut stream = app
            .open_file(&self.principal, &self.secret, report, part, variant)
            .await
            .unwrap()
            .stream;
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            stream.read_to_end(&mut out).unwrap();
            out
        })
        .await
        .unwrap()
    }
}

pub use vigie_testkit::all_reports;

/// The ids of the blobs on disk (or in the test bucket), sorted.
pub async fn blobs_on_disk(s: &Server) -> Vec<String> {
    // A bucket's calls block: off the async threads.
    let store = s.app.blobs().clone();
    let mut ids: Vec<String> = tokio::task::spawn_blocking(move || store.list().unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|id| id.to_string())
        .collect();
    ids.sort();
    ids
}

/// The blobs on disk, checked as they are, before any sweep: each is referenced by a report, and no
/// temporary file is left (what a refused, failed or withdrawn submission left behind would be found
/// here, not swept away first). Then a sweep with no grace period must delete nothing.
pub async fn stored_blobs(s: &Server) -> Vec<String> {
    let referenced: HashSet<String> = s
        .app
        .store()
        .referenced_blobs()
        .await
        .unwrap()
        .into_iter()
        .collect();
    let left = blobs_on_disk(s).await;
    for id in &left {
        assert!(referenced.contains(id), "blob {id} is not referenced");
    }
    if let vigie_store::BlobLocation::Folder(dir) = &s.paths.blobs
        && let tmp = dir.join("tmp")
        && tmp.exists()
    {
        let names: Vec<_> = std::fs::read_dir(&tmp)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(names.is_empty(), "temporary files left: {names:?}");
    }
    let store = s.app.blobs().clone();
    let swept = tokio::task::spawn_blocking(move || {
        store
            .sweep(&|id| referenced.contains(&id.to_string()), Duration::ZERO)
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        (swept.deleted, swept.tmp_deleted, swept.foreign),
        (0, 0, 0),
        "the sweep found something to do: {swept:?}"
    );
    assert_eq!(
        blobs_on_disk(s).await,
        left,
        "the sweep kept every referenced blob"
    );
    left
}

/// Nothing of a refused submission remains: no report, no blob, no temporary file.
pub async fn assert_nothing_stored(s: &Server, what: &str) {
    assert!(
        all_reports(&s.app).await.is_empty(),
        "{what}: a report was stored"
    );
    let left = stored_blobs(s).await;
    assert!(left.is_empty(), "{what}: blobs left: {left:?}");
    assert_eq!(
        s.app.blobs().pending_bytes(),
        0,
        "{what}: upload quota still counts bytes of refused files"
    );
}

// --- HTTP -------------------------------------------------------------------------------------------

/// The `Location` header of `r`, or `""`.
pub fn location(r: &Resp) -> String {
    r.location()
}

pub async fn get(base: &str, path: &str, cookie: Option<&str>) -> Resp {
    get_with(&client(), base, path, cookie).await
}

pub async fn get_with(c: &Client, base: &str, path: &str, cookie: Option<&str>) -> Resp {
    send(c.get(format!("{base}{path}")), cookie).await
}

/// Sends `req` with the follow-up cookie `cookie` (if any); reads the answer whole.
pub async fn send(mut req: reqwest::RequestBuilder, cookie: Option<&str>) -> Resp {
    if let Some(c) = cookie {
        req = req.header(COOKIE, format!("{FOLLOW_COOKIE}={c}"));
    }
    Resp::read(req.send().await.unwrap()).await
}

/// A report of `text` (see [`ReportInput::simple`]) and its follow-up session: the receipt and the
/// session's cookie.
pub async fn followed_report(base: &str, text: &str) -> (String, String) {
    let receipt = submit_ok(base, &ReportInput::simple(text)).await;
    let cookie = login(base, &receipt).await;
    (receipt, cookie)
}

/// Whether the follow-up page, opened with `cookie`, shows `text`.
pub async fn follow_up_shows(base: &str, cookie: &str, text: &str) -> bool {
    get(base, "/suivi", Some(cookie)).await.body.contains(text)
}

pub async fn post_form(
    base: &str,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Resp {
    post_form_with(&client(), base, path, cookie, form).await
}

/// Posts a form whose only field is its token (a logout, a withdrawal) in `cookie`'s follow-up
/// session.
pub async fn post_token(base: &str, path: &str, cookie: &str, token: &str) -> Resp {
    post_form(base, path, Some(cookie), &[("csrf", token)]).await
}

pub async fn post_form_with(
    c: &Client,
    base: &str,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Resp {
    send(c.post(format!("{base}{path}")).form(form), cookie).await
}

/// Posts a body as it is, with its content type.
pub async fn post_raw(
    base: &str,
    path: &str,
    cookie: Option<&str>,
    content_type: &str,
    body: Vec<u8>,
) -> Resp {
    send(raw_post(&client(), base, path, content_type, body), cookie).await
}

/// A post of `body` as it is, with its content type, from `c`.
pub fn raw_post(
    c: &Client,
    base: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::RequestBuilder {
    c.post(format!("{base}{path}"))
        .header(CONTENT_TYPE, content_type)
        .body(body)
}

pub async fn post_multipart(
    base: &str,
    path: &str,
    cookie: Option<&str>,
    form: reqwest::multipart::Form,
) -> Resp {
    send(
        client().post(format!("{base}{path}")).multipart(form),
        cookie,
    )
    .await
}

/// Posts `body` (multipart) to the reply form, in `cookie`'s follow-up session (or without one).
pub async fn post_reply(base: &str, cookie: Option<&str>, body: Body) -> Resp {
    let (content_type, bytes) = body.finish();
    post_raw(base, "/suivi/repondre", cookie, &content_type, bytes).await
}

/// Replies from the follow-up page of `cookie`'s session as its form does: `message` and a text
/// file, `note.txt`; the answer must be the follow-up page (200).
pub async fn reply_with_note(base: &str, cookie: &str, message: &str) -> Resp {
    let view = get(base, "/suivi", Some(cookie)).await;
    let token = form_token(&view.body, "/suivi/repondre");
    let body = Body::new()
        .text("csrf", &token)
        .text("message", message)
        .file("files", "note.txt", "text/plain", b"precision");
    let r = post_reply(base, Some(cookie), body).await;
    r.assert_status(StatusCode::OK);
    r
}

/// The test photo as a file of the report form: `photo.jpg`, a JPEG carrying GPS coordinates and
/// `description` ([`jpeg_with_gps`]).
pub fn photo(description: &str) -> (String, String, Vec<u8>) {
    (
        "photo.jpg".into(),
        "image/jpeg".into(),
        jpeg_with_gps(description),
    )
}

/// The receipt shown on the receipt page.
pub fn receipt_of(page: &str) -> String {
    between(
        page,
        "<p class=\"code receipt\" id=\"receipt\" dir=\"ltr\">",
        "</p>",
    )
}

/// Whether `r` is five groups of four digits separated by single spaces.
pub fn is_receipt(r: &str) -> bool {
    let groups: Vec<&str> = r.split(' ').collect();
    groups.len() == 5
        && groups
            .iter()
            .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit()))
}

// --- Multipart bodies -------------------------------------------------------------------------------

/// What a reporter types (the domain's form, field for field: `input.place` reads and writes its
/// field) and attaches.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    pub form: ReportForm,
    /// File name, content type, bytes.
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl std::ops::Deref for ReportInput {
    type Target = ReportForm;
    fn deref(&self) -> &ReportForm {
        &self.form
    }
}

impl std::ops::DerefMut for ReportInput {
    fn deref_mut(&mut self) -> &mut ReportForm {
        &mut self.form
    }
}

impl ReportInput {
    /// The least a valid report needs.
    pub fn simple(text: &str) -> Self {
        ReportInput::typed(ReportForm {
            category: "deal_point".into(),
            district: "13203".into(),
            text: text.into(),
            ..ReportForm::default()
        })
    }

    /// [`ReportInput::simple`], with the test photo ([`photo`]) attached.
    pub fn with_photo(text: &str, description: &str) -> Self {
        let mut input = ReportInput::simple(text);
        input.files = vec![photo(description)];
        input
    }

    /// The form as typed, with no file.
    pub fn typed(form: ReportForm) -> Self {
        ReportInput {
            form,
            files: Vec::new(),
        }
    }

    /// The form's fields in page order, after the token (as a browser sends them: empty fields too,
    /// unchecked boxes not at all).
    pub fn body(&self, csrf: Option<&str>) -> Body {
        let mut b = Body::new();
        if let Some(t) = csrf {
            b = b.text("csrf", t);
        }
        b = b
            .text("category", &self.category)
            .text("text", &self.text)
            .text("district", &self.district)
            .text("neighbourhood", &self.neighbourhood)
            .text("place", &self.place)
            .text("date", &self.date);
        if self.ongoing {
            b = b.text("ongoing", "1");
        }
        b = b.text("time_of_day", &self.time_of_day);
        if self.danger {
            b = b.text("danger", "1");
        }
        if self.consent_forward {
            b = b.text("consent_forward", "1");
        }
        b = b.text("identity", &self.identity);
        if self.files.is_empty() {
            // An empty file input, as browsers send it.
            b = b.file("files", "", "application/octet-stream", b"");
        }
        for (name, ct, bytes) in &self.files {
            b = b.file("files", name, ct, bytes);
        }
        b
    }
}

/// The token of the form on page `path` that posts back to `path` (the page must answer 200).
async fn token_at(c: &Client, base: &str, path: &str) -> String {
    let page = get_with(c, base, path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    form_token(&page.body, path)
}

/// Gets the form and its token, then posts `input` with the token first.
pub async fn submit(base: &str, input: &ReportInput) -> Resp {
    submit_with(&client(), base, input).await
}

pub async fn submit_with(c: &Client, base: &str, input: &ReportInput) -> Resp {
    let token = token_at(c, base, "/signaler").await;
    let (ct, body) = input.body(Some(&token)).finish();
    send(raw_post(c, base, "/signaler", &ct, body), None).await
}

/// Submits `input` and returns the receipt (asserting success).
pub async fn submit_ok(base: &str, input: &ReportInput) -> String {
    let r = submit(base, input).await;
    r.assert_status(StatusCode::OK);
    let receipt = receipt_of(&r.body);
    assert!(is_receipt(&receipt), "{receipt}");
    receipt
}

/// Logs in at `/suivi` with `receipt`; returns the response to the POST.
pub async fn try_login(base: &str, receipt: &str) -> Resp {
    try_login_with(&client(), base, receipt).await
}

pub async fn try_login_with(c: &Client, base: &str, receipt: &str) -> Resp {
    try_login_at(c, base, "/suivi", receipt).await
}

/// Logs in at `path` (`/suivi` in one language: `/en/suivi`, `/ar/suivi`) with `receipt`; returns
/// the response to the POST.
pub async fn try_login_at(c: &Client, base: &str, path: &str, receipt: &str) -> Resp {
    let token = token_at(c, base, path).await;
    post_form_with(
        c,
        base,
        path,
        None,
        &[("csrf", &token), ("receipt", receipt)],
    )
    .await
}

/// Logs in and returns the follow-up cookie's value.
pub async fn login(base: &str, receipt: &str) -> String {
    login_at(base, "/suivi", receipt).await
}

/// Logs in at `path` (`/suivi` in one language: `/en/suivi`, `/ar/suivi`) and returns the
/// follow-up cookie's value; the login redirects to the same address.
pub async fn login_at(base: &str, path: &str, receipt: &str) -> String {
    let r = try_login_at(&client(), base, path, receipt).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), path);
    let cookie = r.cookie(FOLLOW_COOKIE).expect("a follow-up cookie");
    assert!(!cookie.is_empty());
    cookie
}

/// The report a receipt opens (through the app, as the server does).
pub async fn report_of(app: &App, receipt: &str) -> ReportId {
    let cookie = app.receipt_login(receipt).await.unwrap();
    let s = app.resume_reporter(&cookie).await.unwrap();
    let id = s.report;
    app.reporter_logout(&s).await.unwrap();
    id
}
