//! The staff area through a real server on 127.0.0.1: login, second factor, sessions, CSRF,
//! throttling, administration. Every test runs on SQLite, and on PostgreSQL too when
//! `VIGIE_TEST_POSTGRES_URL` is set (one schema per test).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod a11y;
mod admin;
mod browser;
mod canary;
mod files;
// The hostile PDF and the PDF bombs of vigie-sanitize's tests.
#[path = "../../../vigie-sanitize/tests/hostile/mod.rs"]
mod hostile;
mod login;
mod observatory;
mod reports;
mod session;

use std::time::Duration;

use reqwest::header::{COOKIE, HeaderMap, LOCATION, SET_COOKIE};
use reqwest::{Client, Response, StatusCode, redirect};
use vigie_app::{App, InitOptions, KeyPaths, NewAccount, Settings};
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_store::{Store, StoreOptions};
use vigie_vault::KdfParams;
use vigie_web::WebConfig;

/// A running server and what the test needs to drive it.
pub struct Server {
    pub base: String,
    pub app: App,
    pub admin_password: String,
    schema: Option<String>,
    url: String,
    paths: KeyPaths,
    pub dir: tempfile::TempDir,
}

impl Server {
    pub async fn stop(self) {
        if let Some(s) = &self.schema {
            self.app.store().drop_schema(s).await.unwrap();
        }
    }

    /// A second server on the same database and key files, with its own pool and process state: what
    /// a load balancer in front of several `vigie serve` sees.
    pub async fn another_instance(&self, settings: Settings) -> (String, App) {
        let mut opts = StoreOptions::new(self.url.clone());
        opts.pg_schema = self.schema.clone();
        let store = Store::connect(&opts).await.unwrap();
        let app = App::open(store, &self.paths, settings).await.unwrap();
        let web = WebConfig {
            demo: false,
            onion_location: None,
            secure_cookies: false,
            version: "test",
        };
        let router = vigie_web::router(app.clone(), web);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            vigie_web::serve(
                listener,
                router,
                vigie_web::ServeOptions::default(),
                std::future::pending::<()>(),
            )
            .await
            .unwrap()
        });
        (format!("http://{addr}"), app)
    }

    /// The PostgreSQL schema of this server, if it runs on PostgreSQL.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// Creates a user with a one-time password; returns the password.
    pub async fn user(&self, name: &str, roles: &[Role]) -> String {
        let new = NewAccount {
            username: name.into(),
            roles: RoleSet::of(roles),
            contact: None,
        };
        self.app
            .create_user(AuditActor::Cli, &new)
            .await
            .unwrap()
            .1
            .to_string()
    }
}

pub fn test_settings() -> Settings {
    let mut s = Settings {
        kdf: KdfParams::danger_test_minimum(),
        pool_wait: Duration::from_secs(10),
        ..Settings::default()
    };
    // Tests post the report form as soon as they fetch it (no minimum age).
    s.reports.form_min_age = Duration::ZERO;
    s
}

/// One server per backend available.
pub async fn servers() -> Vec<Server> {
    servers_with(test_settings(), false).await
}

pub async fn servers_with(settings: Settings, secure_cookies: bool) -> Vec<Server> {
    start_servers(settings, secure_cookies, false).await
}

/// One server per backend, showing the demonstration banner (`serve --demo`'s web side; the content is
/// the caller's to add).
pub async fn demo_servers() -> Vec<Server> {
    start_servers(test_settings(), false, true).await
}

async fn start_servers(settings: Settings, secure_cookies: bool, demo: bool) -> Vec<Server> {
    let mut targets = vec![(None, None)];
    if let Ok(url) = std::env::var("VIGIE_TEST_POSTGRES_URL") {
        targets.push((
            Some(url),
            Some(format!("t_{}", uuid::Uuid::new_v4().simple())),
        ));
    }
    let mut out = Vec::new();
    for (url, schema) in targets {
        let dir = tempfile::tempdir().unwrap();
        let url =
            url.unwrap_or_else(|| format!("sqlite://{}", dir.path().join("v.sqlite").display()));
        let mut opts = StoreOptions::new(url);
        opts.pg_schema = schema.clone();
        let store = Store::connect(&opts).await.unwrap();
        store.migrate().await.unwrap();
        let url = opts.url.clone();
        let paths = KeyPaths {
            instance_secret: dir.path().join("instance.key"),
            audit_key: dir.path().join("audit.key"),
            blob_dir: dir.path().join("blobs"),
            checkpoint_log: dir.path().join("checkpoints.log"),
        };
        let init = InitOptions {
            admin: "admin".into(),
            escrow: false,
            receipt_kdf: KdfParams::danger_test_minimum(),
            demo: false,
        };
        let done = App::init(store, &paths.clone(), settings.clone(), &init)
            .await
            .unwrap();
        let web = WebConfig {
            demo,
            onion_location: None,
            secure_cookies,
            version: "test",
        };
        let router = vigie_web::router(done.app.clone(), web);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            vigie_web::serve(
                listener,
                router,
                vigie_web::ServeOptions::default(),
                std::future::pending::<()>(),
            )
            .await
            .unwrap()
        });
        out.push(Server {
            base: format!("http://{addr}"),
            app: done.app,
            admin_password: done.admin_password.to_string(),
            schema,
            url,
            paths,
            dir,
        });
    }
    out
}

/// A browser without JavaScript: keeps the session cookie by hand so tests can inspect it.
pub struct Browser {
    pub base: String,
    client: Client,
    pub cookie: Option<String>,
    pub enrolled_at: i64,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        let client = Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            base: base.to_owned(),
            client,
            cookie: None,
            enrolled_at: 0,
        }
    }

    fn absorb(&mut self, r: &Response) {
        for v in r.headers().get_all(SET_COOKIE) {
            let v = v.to_str().unwrap();
            let pair = v.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            assert_eq!(name, vigie_web::SESSION_COOKIE);
            self.cookie = if value.is_empty() {
                None
            } else {
                Some(value.to_owned())
            };
        }
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, HeaderMap, String) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            req = req.header(COOKIE, format!("{}={c}", vigie_web::SESSION_COOKIE));
        }
        let r = req.send().await.unwrap();
        self.absorb(&r);
        (r.status(), r.headers().clone(), r.text().await.unwrap())
    }

    pub async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        self.post_with(path, form, &[]).await
    }

    pub async fn post_with(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let mut req = self.client.post(format!("{}{path}", self.base)).form(form);
        if let Some(c) = &self.cookie {
            req = req.header(COOKIE, format!("{}={c}", vigie_web::SESSION_COOKIE));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let r = req.send().await.unwrap();
        self.absorb(&r);
        (r.status(), r.headers().clone(), r.text().await.unwrap())
    }

    /// The CSRF token of the form on page `path` that posts back to `path`.
    pub async fn csrf(&mut self, path: &str) -> String {
        let (status, _, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        form_token(&body, path)
    }

    /// Logs in with a password only; returns where the server sends us next.
    pub async fn password_step(
        &mut self,
        user: &str,
        password: &str,
    ) -> (StatusCode, HeaderMap, String) {
        let token = self.csrf("/espace/connexion").await;
        self.post(
            "/espace/connexion",
            &[("csrf", &token), ("username", user), ("password", password)],
        )
        .await
    }

    /// First login of a new account: password, enrolment of a second factor. Returns the TOTP secret
    /// and the recovery codes; `self.enrolled_at` is the time the enrolment code was made for.
    pub async fn first_login(
        &mut self,
        app: &App,
        user: &str,
        password: &str,
    ) -> (String, Vec<String>) {
        let (status, headers, _) = self.password_step(user, password).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), "/espace/2fa/inscription");
        let (status, _, page) = self.get("/espace/2fa/inscription").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("<svg role=\"img\""),
            "the QR code is inline SVG"
        );
        let secret = between(&page, "<code class=\"code\">", "</code>");
        self.enrolled_at = app.clock().unix();
        let code = vigie_app::totp_code(&secret, self.enrolled_at).unwrap();
        let form = [
            ("csrf", hidden(&page, "csrf")),
            ("pending", hidden(&page, "pending")),
            ("code", code),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, page) = self.post("/espace/2fa/inscription", &form).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let codes: Vec<String> = page
            .split("<li><code class=\"code\">")
            .skip(1)
            .map(|s| s.split('<').next().unwrap().to_owned())
            .collect();
        assert_eq!(codes.len(), 10);
        (secret, codes)
    }

    /// Full login of an enrolled account with a TOTP code at `unix`.
    pub async fn login_totp(
        &mut self,
        user: &str,
        password: &str,
        secret: &str,
        unix: i64,
    ) -> (StatusCode, HeaderMap, String) {
        let (status, headers, body) = self.password_step(user, password).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(location(&headers), "/espace/2fa");
        let token = self.csrf("/espace/2fa").await;
        let code = vigie_app::totp_code(secret, unix).unwrap();
        self.post("/espace/2fa", &[("csrf", &token), ("code", &code)])
            .await
    }
}

pub fn location(h: &HeaderMap) -> String {
    h.get(LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub fn between(page: &str, start: &str, end: &str) -> String {
    let rest = page
        .split_once(start)
        .unwrap_or_else(|| panic!("no `{start}` in page"))
        .1;
    rest.split_once(end).unwrap().0.to_owned()
}

/// The CSRF token of the form that posts to `action`.
pub fn form_token(page: &str, action: &str) -> String {
    let form = page
        .split_once(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form to {action}"))
        .1;
    hidden(form, "csrf")
}

/// The value of the first hidden input named `name`.
pub fn hidden(page: &str, name: &str) -> String {
    between(page, &format!("name=\"{name}\" value=\""), "\"")
}
