//! A real browser with JavaScript disabled (Tor Browser "Safest" is stricter still): Debian's
//! Chromium driven through chromedriver. The first admin signs in, enrols a second factor from the
//! QR page, keeps the recovery codes, changes the one-time password and reaches the dashboard, all
//! through plain HTML forms, with the browser's own `Origin` and `Sec-Fetch-Site` headers.
//!
//! Runs when `chromedriver` is on the PATH; `VIGIE_TEST_REQUIRE_BROWSER=1` (set by CI) turns its
//! absence into a failure rather than a skip.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::servers;

pub(crate) struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find(cmd: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(cmd))
            .find(|p| p.is_file())
    })
}

/// Starts chromedriver, or returns `None` (a skip) when it is not installed and not required.
pub(crate) async fn driver() -> Option<Driver> {
    let required = std::env::var("VIGIE_TEST_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let Some(path) = find("chromedriver") else {
        assert!(
            !required,
            "VIGIE_TEST_REQUIRE_BROWSER=1 but chromedriver is not on the PATH"
        );
        eprintln!(
            "skipping the browser test: no chromedriver (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Some(Driver {
        child,
        port,
        _profile: tempfile::tempdir().unwrap(),
    })
}

/// A minimal W3C WebDriver client: the handful of commands this test needs, over reqwest.
pub(crate) struct Client {
    http: reqwest::Client,
    session: String,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Client {
    pub(crate) async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let url = format!("{}/{path}", self.session);
        let mut req = self.http.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        assert!(r["value"].get("error").is_none(), "{path}: {r}");
        r["value"].clone()
    }

    /// Like `cmd`, but `None` on a WebDriver error (a page changing under us: stale element).
    async fn try_cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Option<Value> {
        let mut req = self
            .http
            .request(method, format!("{}/{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r: Value = req.send().await.ok()?.json().await.ok()?;
        r["value"]
            .get("error")
            .is_none()
            .then(|| r["value"].clone())
    }

    /// The main content's text, or `None` while the page is changing.
    async fn try_main_text(&self) -> Option<String> {
        let found = self
            .try_cmd(
                reqwest::Method::POST,
                "element",
                Some(json!({ "using": "css selector", "value": "main" })),
            )
            .await?;
        let id = found[ELEMENT].as_str()?.to_owned();
        let text = self
            .try_cmd(reqwest::Method::GET, &format!("element/{id}/text"), None)
            .await?;
        text.as_str().map(str::to_owned)
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "url", Some(json!({ "url": url })))
            .await;
    }

    pub(crate) async fn current_url(&self) -> String {
        self.cmd(reqwest::Method::GET, "url", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub(crate) async fn find(&self, css: &str) -> String {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {v}"))
            .to_owned()
    }

    async fn count(&self, css: &str) -> usize {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "elements",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        v.as_array().unwrap().len()
    }

    async fn text_of(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.cmd(reqwest::Method::GET, &format!("element/{id}/text"), None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn size_of(&self, css: &str) -> (f64, f64) {
        let id = self.find(css).await;
        let r = self
            .cmd(reqwest::Method::GET, &format!("element/{id}/rect"), None)
            .await;
        (r["width"].as_f64().unwrap(), r["height"].as_f64().unwrap())
    }

    pub(crate) async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// With `VIGIE_TEST_SCREENSHOTS=DIR`, saves what the browser shows (for a human to look at).
    pub(crate) async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("VIGIE_TEST_SCREENSHOTS") else {
            return;
        };
        use base64::Engine;
        let png = self.cmd(reqwest::Method::GET, "screenshot", None).await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{name}.png")),
            bytes,
        )
        .unwrap();
    }

    pub(crate) async fn close(self) {
        self.http.delete(&self.session).send().await.unwrap();
    }
}

pub(crate) async fn browser(d: &Driver) -> Client {
    let caps = json!({
        "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=412,915",
                    format!("--user-data-dir={}", d._profile.path().display()),
                ],
                // JavaScript off, as on Tor Browser's "Safest" level.
                "prefs": { "profile.managed_default_content_settings.javascript": 2 }
            }
        }}
    });
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{}", d.port);
    let r: Value = http
        .post(format!("{base}/session"))
        .json(&caps)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = r["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {r}"));
    Client {
        http,
        session: format!("{base}/session/{id}"),
    }
}

pub(crate) async fn fill(c: &Client, css: &str, value: &str) {
    let id = c.find(css).await;
    c.cmd(
        reqwest::Method::POST,
        &format!("element/{id}/value"),
        Some(json!({ "text": value })),
    )
    .await;
}

pub(crate) async fn submit(c: &Client, form_action: &str) {
    c.click(&format!(
        "form[action=\"{form_action}\"] button[type=submit]"
    ))
    .await;
}

/// Waits (up to 10 s) until the browser's address ends with `suffix`: a form's navigation may still be
/// under way when the click returns.
pub(crate) async fn wait_for_url(c: &Client, suffix: &str) {
    let start = Instant::now();
    loop {
        let url = c.current_url().await;
        if url.ends_with(suffix) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "expected an address ending with {suffix}, at {url}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits (up to 10 s) until the page's main content holds `needle`, and returns that content.
async fn wait_for_text(c: &Client, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let t = c.try_main_text().await.unwrap_or_default();
        if t.contains(needle) {
            return t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "expected `{needle}` in: {t}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn text(c: &Client) -> String {
    c.text_of("main").await
}

#[tokio::test]
async fn first_sign_in_with_javascript_disabled() {
    let Some(d) = driver().await else { return };
    for s in servers().await {
        let c = browser(&d).await;
        c.goto(&s.base).await;
        let home = text(&c).await;
        assert!(home.contains("Briser le silence"), "{home}");
        c.find("a.skip-link").await;

        c.goto(&format!("{}/espace/connexion", s.base)).await;
        fill(&c, "#username", "admin").await;
        fill(&c, "#password", &s.admin_password).await;
        submit(&c, "/espace/connexion").await;
        wait_for_url(&c, "/espace/2fa/inscription").await;

        // The QR code is drawn (inline SVG, allowed by the CSP) and the secret is there as text.
        c.screenshot("enrol").await;
        let (w, h) = c.size_of("svg.qr").await;
        assert!(w >= 100.0 && h >= 100.0, "QR code size {w}x{h}");
        let secret = c.text_of("code.code").await;
        let code = vigie_app::totp_code(secret.trim(), s.app.clock().unix()).unwrap();
        fill(&c, "#code", &code).await;
        submit(&c, "/espace/2fa/inscription").await;
        wait_for_text(&c, "Vos codes de secours").await;
        c.screenshot("recovery-codes").await;
        assert_eq!(c.count("ul.recovery-codes li").await, 10);

        c.click("main a.button").await;
        wait_for_url(&c, "/espace/mot-de-passe").await;
        let new = "une phrase de passe pour le navigateur";
        fill(&c, "#current", &s.admin_password).await;
        fill(&c, "#new", new).await;
        fill(&c, "#confirm", new).await;
        submit(&c, "/espace/mot-de-passe").await;
        wait_for_text(&c, "Votre mot de passe a été changé.").await;

        c.goto(&format!("{}/espace", s.base)).await;
        assert!(text(&c).await.contains("Bonjour admin"));
        c.screenshot("dashboard").await;
        c.goto(&format!("{}/espace/admin/journal", s.base)).await;
        c.screenshot("audit-log").await;
        c.goto(&format!("{}/espace/admin/equipes", s.base)).await;
        c.screenshot("teams").await;
        // Logging out through the header's form.
        submit(&c, "/espace/deconnexion").await;
        wait_for_url(&c, "/espace/connexion?sortie=1").await;
        c.close().await;
        s.stop().await;
    }
}
