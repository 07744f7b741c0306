//! The staff area through a real server on 127.0.0.1: login, second factor, sessions, CSRF,
//! throttling, administration, and every route walked for every role (`routes`). Every test runs on
//! SQLite, and on PostgreSQL too when `VIGIE_TEST_POSTGRES_URL` is set (one schema per test).

mod a11y;
mod admin;
mod browser;
mod canary;
pub mod case_files;
mod casework;
mod charter;
// Coordination (issue 12).
pub mod coordination;
mod coordination_map;
mod court_cases;
mod file_retention;
mod files;
mod help_link;
mod indicators;
mod receipts;
mod referral_life;
pub mod referrals;
// The hostile PDF and the PDF bombs of vigie-sanitize's tests.
#[path = "../../../../vigie-sanitize/tests/it/hostile/mod.rs"]
mod hostile;
mod login;
mod observatory;
mod partners;
pub mod prevention;
pub mod prevention_reports;
pub mod reports;
// Impact surveys (issue 12, item 4).
mod routes;
mod session;
mod support_groups;
mod survey_results;
pub mod surveys;

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::COOKIE;
use vigie_app::Settings;
use vigie_domain::{AuditActor, AuditRecord, Role, TeamId};
use vigie_store::{TeamRecord, UserRecord};
use vigie_testkit::ServerOptions;
use vigie_testkit::instance::fast_settings;

pub use vigie_testkit::CookieClient;
pub use vigie_testkit::{between, form_token, hidden, location};

/// A running server and what the test needs to drive it.
pub type Server = vigie_testkit::TestServer;

pub fn test_settings() -> Settings {
    let mut s = fast_settings(Duration::from_secs(10));
    // Tests post the report form as soon as they fetch it (no minimum age).
    s.reports.form_min_age = Duration::ZERO;
    s
}

/// One server per backend available.
pub async fn servers() -> Vec<Server> {
    servers_with(test_settings(), false).await
}

pub async fn servers_with(settings: Settings, secure_cookies: bool) -> Vec<Server> {
    let mut opts = ServerOptions::new(settings);
    opts.web.secure_cookies = secure_cookies;
    Server::all(&opts).await
}

/// Posts `fields` to `path` as `user` (signed in on `b`) with a valid token for the form's `purpose`,
/// bound to that session: the policy, not the token check, must refuse it (the 403 page), and the
/// refusal is the newest audit entry, naming the user and `action`.
pub async fn refused_by_policy(
    s: &Server,
    b: &mut CookieClient,
    user: &str,
    (path, purpose): (&str, &str),
    fields: &[(&str, &str)],
    action: &str,
) {
    let before = audit_head(s).await.seq;
    let token = b.token_for(&s.app, purpose);
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    let page = b.post_expect(path, &form, StatusCode::FORBIDDEN).await;
    assert!(
        page.contains("Accès refusé"),
        "{path}: the policy answers: {page}"
    );
    let head = audit_head(s).await;
    let id = account(s, user).await.id;
    assert_eq!(
        (head.seq, head.kind.as_str(), head.actor.clone()),
        (before + 1, "permission_denied", format!("staff:{id}")),
        "{path}"
    );
    assert!(
        head.detail.starts_with(&format!("{action}: ")),
        "{path}: {head:?}"
    );
}

// --- Staff members and what they leave in the audit log ---------------------------------------------

/// The name of the team [`handler_team`] creates.
pub const NORTH: &str = "Signalements nord";

/// The password [`signed_in`] chooses for `name` in place of the one-time password.
pub fn chosen_password(name: &str) -> String {
    format!("{name} a choisi une phrase assez longue")
}

/// A staff member fully logged in (second factor enrolled, one-time password replaced by
/// [`chosen_password`]).
pub async fn signed_in(s: &Server, name: &str, password: &str) -> CookieClient {
    let mut b = CookieClient::new(&s.base);
    b.first_login(&s.app, name, password).await;
    let status = b.change_password(password, &chosen_password(name)).await;
    assert_eq!(status, StatusCode::OK, "the password is changed");
    b
}

/// A new client that gives `name`'s chosen password (see [`signed_in`]) at the sign-in form; the
/// client and the status the form answers with.
pub async fn at_password_step(s: &Server, name: &str) -> (CookieClient, StatusCode) {
    let mut b = CookieClient::new(&s.base);
    let (status, _, _) = b.password_step(name, &chosen_password(name)).await;
    (b, status)
}

/// A new staff member `name` with `roles`, fully signed in (see [`signed_in`]).
pub async fn member(s: &Server, name: &str, roles: &[Role]) -> CookieClient {
    let pw = s.user(name, roles).await;
    signed_in(s, name, &pw).await
}

/// One staff member of each of `roles`, each signed in under the name these tests give the role
/// (adel the admin, hana the handler, cass the caseworker, nadia the analyst...): the name and
/// the client, for the tests that check who stays out of an area.
pub async fn one_of_each(s: &Server, roles: &[Role]) -> Vec<(&'static str, CookieClient)> {
    let mut out = Vec::new();
    for &role in roles {
        let name = match role {
            Role::Admin => "adel",
            Role::Handler => "hana",
            Role::Custodian => "carl",
            Role::Caseworker => "cass",
            Role::Partner => "paul",
            Role::Analyst => "nadia",
            Role::PreventionCoordinator => "pierre",
        };
        out.push((name, member(s, name, &[role]).await));
    }
    out
}

/// `user`, signed in on `b`, is refused `path` (403) by the policy's `action`, and the refusal is
/// the newest audit entry, in their name.
pub async fn refused_page(s: &Server, b: &mut CookieClient, user: &str, path: &str, action: &str) {
    let (status, _, page) = b.get(path).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{user} {path}: {page}");
    let head = audit_head(s).await;
    let id = account(s, user).await.id;
    assert_eq!(
        (head.kind.as_str(), head.actor.as_str()),
        ("permission_denied", format!("staff:{id}").as_str()),
        "{user} {path}"
    );
    assert!(head.detail.starts_with(&format!("{action}: ")), "{head:?}");
}

/// Fetches the published figures' CSV at `path` (200): it opens with `header` and holds `row`.
pub async fn assert_csv(b: &mut CookieClient, path: &str, header: &str, row: &str) {
    let csv = b.get_ok(path).await;
    assert!(csv.starts_with(header), "{csv}");
    assert!(csv.contains(row), "{csv}");
}

/// The demo account `name` among `accounts`, signed in with its password and second factor.
pub async fn demo_signed_in(
    s: &Server,
    accounts: &[vigie_app::DemoAccount],
    name: &str,
) -> CookieClient {
    let demo = accounts
        .iter()
        .find(|a| a.username == name)
        .unwrap_or_else(|| panic!("no demo account {name}"));
    let mut b = CookieClient::new(&s.base);
    let (status, _, body) = b
        .login_totp(
            &demo.username,
            &demo.password,
            &demo.totp_secret,
            s.app.clock().unix(),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{name}: {body}");
    b
}

/// A handler in a new team ([`NORTH`]) that receives every report (the default team).
pub async fn handler_team(s: &Server, name: &str) -> (CookieClient, TeamId) {
    let pw = s.user(name, &[Role::Handler]).await;
    let team = s
        .app
        .create_team(AuditActor::Cli, NORTH, &[name.to_owned()])
        .await
        .unwrap();
    s.app.store().set_default_team(team).await.unwrap();
    (signed_in(s, name, &pw).await, team)
}

/// The account `name`, as stored.
pub async fn account(s: &Server, name: &str) -> UserRecord {
    s.app.store().user_by_name(name).await.unwrap().unwrap()
}

/// The team `name`, as stored.
pub async fn team(s: &Server, name: &str) -> TeamRecord {
    s.app.store().team_by_name(name).await.unwrap().unwrap()
}

/// The whole audit log, oldest first.
pub async fn audit(s: &Server) -> Vec<AuditRecord> {
    s.app.store().audit_chain().await.unwrap()
}

/// The audit entries of `kind`, oldest first.
pub async fn audit_of_kind(s: &Server, kind: &str) -> Vec<AuditRecord> {
    let mut all = audit(s).await;
    all.retain(|e| e.kind == kind);
    all
}

/// The details of the audit entries of `kind`, oldest first.
pub async fn audit_details(s: &Server, kind: &str) -> Vec<String> {
    let entries = audit_of_kind(s, kind).await;
    entries.into_iter().map(|e| e.detail).collect()
}

/// The newest audit entry.
pub async fn audit_head(s: &Server) -> AuditRecord {
    s.app.store().audit_head().await.unwrap().unwrap()
}

/// Checks the newest audit entry: its kind and its detail.
pub async fn assert_newest(s: &Server, kind: &str, detail: &str) {
    check_newest(s, kind, |e| e.detail.as_str(), detail).await;
}

/// Checks the newest audit entry: its kind and the object it is about.
pub async fn assert_newest_on(s: &Server, kind: &str, object: &str) {
    check_newest(s, kind, |e| e.object.as_str(), object).await;
}

async fn check_newest(s: &Server, kind: &str, field: fn(&AuditRecord) -> &str, value: &str) {
    let head = audit_head(s).await;
    assert_eq!(
        (head.kind.as_str(), field(&head)),
        (kind, value),
        "{head:?}"
    );
}

/// A request with the browser's session cookie, for bytes the `CookieClient` helpers would read as text.
pub async fn raw(b: &CookieClient, path: &str, form: Option<&[(&str, &str)]>) -> reqwest::Response {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = format!("{}{path}", b.base);
    let req = match form {
        Some(f) => client.post(url).form(f),
        None => client.get(url),
    };
    req.header(
        COOKIE,
        format!(
            "{}={}",
            vigie_web::SESSION_COOKIE,
            b.cookie.as_deref().unwrap()
        ),
    )
    .send()
    .await
    .unwrap()
}

/// [`download`] by a GET of `path` (a file's clean copy), which must write exactly one audit entry:
/// the bytes, and that entry.
pub async fn download_audited(
    s: &Server,
    b: &CookieClient,
    path: &str,
    name: &str,
) -> (Vec<u8>, AuditRecord) {
    let before = audit(s).await.len();
    let bytes = download(b, path, None, name).await;
    let mut entries = audit(s).await;
    assert_eq!(
        entries.len(),
        before + 1,
        "{path}: the read is audited, once"
    );
    (bytes, entries.remove(before))
}

/// Downloads `path` as `b` (a GET, or a POST of `form`): it must answer 200 with a file no browser
/// renders or keeps, named `name` (an octet stream, an attachment, `nosniff`, a sandboxing CSP, not
/// cached); returns its bytes.
pub async fn download(
    b: &CookieClient,
    path: &str,
    form: Option<&[(&str, &str)]>,
    name: &str,
) -> Vec<u8> {
    use reqwest::header::{
        CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
        X_CONTENT_TYPE_OPTIONS,
    };
    let r = raw(b, path, form).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let h = r.headers();
    let disposition = format!("attachment; filename=\"{name}\"");
    for (header, expected) in [
        (CONTENT_TYPE, "application/octet-stream"),
        (CONTENT_DISPOSITION, disposition.as_str()),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'"),
        (CACHE_CONTROL, "no-store"),
    ] {
        assert_eq!(h[&header], expected, "{path}: {header}");
    }
    r.bytes().await.unwrap().to_vec()
}
