//! The staff area through a real server on 127.0.0.1: login, second factor, sessions, CSRF,
//! throttling, administration, and every route walked for every role (`routes`). Every test runs on
//! SQLite, and on PostgreSQL too when `VIGIE_TEST_POSTGRES_URL` is set (one schema per test).

mod a11y;
mod admin;
mod browser;
mod canary;
mod files;
// The hostile PDF and the PDF bombs of vigie-sanitize's tests.
#[path = "../../../../vigie-sanitize/tests/it/hostile/mod.rs"]
mod hostile;
mod login;
mod observatory;
mod reports;
mod routes;
mod session;

use std::time::Duration;

use reqwest::StatusCode;
use vigie_app::Settings;
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

/// One server per backend, showing the demonstration banner (`serve --demo`'s web side; the content is
/// the caller's to add).
pub async fn demo_servers() -> Vec<Server> {
    let mut opts = ServerOptions::new(test_settings());
    opts.web.demo = true;
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
    let store = s.app.store();
    let before = store.audit_head().await.unwrap().unwrap().seq;
    let token = b.token_for(&s.app, purpose);
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    let (status, _, page) = b.post(path, &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {page}");
    assert!(
        page.contains("Accès refusé"),
        "{path}: the policy answers: {page}"
    );
    let head = store.audit_head().await.unwrap().unwrap();
    let id = store.user_by_name(user).await.unwrap().unwrap().id;
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
