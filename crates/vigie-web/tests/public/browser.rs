//! A real browser with JavaScript disabled (Tor Browser "Safest" is stricter still): Debian's
//! Chromium driven through chromedriver. A reporter fills the form, attaches a photo carrying GPS,
//! keeps the receipt, follows the report and reads a reply; the team's clean copy of the photo has no
//! metadata left and still decodes.
//!
//! Runs when `chromedriver` is on the PATH; `VIGIE_TEST_REQUIRE_BROWSER=1` (set by CI) turns its
//! absence into a failure rather than a skip. (The WebDriver client of tests/staff/browser.rs is
//! private to that module; this one adds what a reporter needs: selects and file inputs. The
//! observatory's browser test reuses it.)

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vigie_app::reports::FileVariant;

use crate::{all_reports, gps_latitude_bytes, handler, is_receipt, jpeg_with_gps, servers};

pub(crate) struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
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
        profile: tempfile::tempdir().unwrap(),
    })
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A minimal W3C WebDriver client.
pub(crate) struct Client {
    http: reqwest::Client,
    session: String,
}

impl Client {
    pub(crate) async fn start(d: &Driver) -> Client {
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                        "--window-size=412,915",
                        format!("--user-data-dir={}", d.profile.path().display()),
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

    async fn try_cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, Value> {
        let mut req = self
            .http
            .request(method, format!("{}/{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        if r["value"].get("error").is_some() {
            Err(r)
        } else {
            Ok(r["value"].clone())
        }
    }

    pub(crate) async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        self.try_cmd(method, path, body)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "url", Some(json!({ "url": url })))
            .await;
    }

    async fn current_url(&self) -> String {
        self.cmd(reqwest::Method::GET, "url", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn find(&self, css: &str) -> String {
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

    async fn text_of(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.cmd(reqwest::Method::GET, &format!("element/{id}/text"), None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The main content's text, or `None` while the page is changing.
    async fn try_main_text(&self) -> Option<String> {
        let found = self
            .try_cmd(
                reqwest::Method::POST,
                "element",
                Some(json!({ "using": "css selector", "value": "main" })),
            )
            .await
            .ok()?;
        let id = found[ELEMENT].as_str()?.to_owned();
        let text = self
            .try_cmd(reqwest::Method::GET, &format!("element/{id}/text"), None)
            .await
            .ok()?;
        text.as_str().map(str::to_owned)
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

    /// Types `text` into an element; for a file input, `text` is the file's absolute path.
    async fn send_keys(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    /// Chooses the option with `value` in the `<select>` matched by `select_css`.
    async fn select_option(&self, select_css: &str, value: &str) {
        self.click(&format!("{select_css} option[value=\"{value}\"]"))
            .await;
        let id = self
            .find(&format!("{select_css} option[value=\"{value}\"]"))
            .await;
        let selected = self
            .cmd(
                reqwest::Method::GET,
                &format!("element/{id}/selected"),
                None,
            )
            .await;
        assert_eq!(selected, json!(true), "{select_css} = {value}");
    }

    /// Waits (up to 15 s) until the address's path is `path` (a GET form without named fields
    /// adds an empty query: `/signaler/suite?`).
    async fn wait_for_url(&self, path: &str) {
        let start = Instant::now();
        loop {
            let url = self.current_url().await;
            let without_query = url.split('?').next().unwrap_or_default();
            if without_query.ends_with(path) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "expected an address ending with {path}, at {url}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits (up to 15 s) until the main content holds `needle`, and returns that content.
    pub(crate) async fn wait_for_text(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.try_main_text().await.unwrap_or_default();
            if t.contains(needle) {
                return t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "expected `{needle}` in: {t}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) async fn close(self) {
        self.http.delete(&self.session).send().await.unwrap();
    }
}

#[tokio::test]
async fn a_reporter_with_javascript_disabled() {
    let Some(d) = driver().await else { return };
    for s in servers().await {
        let h = handler(&s).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let photo_dir = tempfile::tempdir().unwrap();
        let photo_path = photo_dir.path().join("photo.jpg");
        let photo = jpeg_with_gps(&format!("canari-navigateur-{tag}"));
        std::fs::write(&photo_path, &photo).unwrap();

        let c = Client::start(&d).await;
        c.goto(&format!("{}/signaler", s.base)).await;
        let form = c.wait_for_text("Faire un signalement anonyme").await;
        assert!(form.contains("appelez le 17 (police) ou le 112"), "{form}");
        c.select_option("#category", "lookouts_minors").await;
        c.select_option("#district", "13203").await;
        c.select_option("#neighbourhood", "1320303").await;
        let text = format!("Des enfants font le guet devant le 12. {tag}");
        c.send_keys("#text", &text).await;
        c.send_keys("#place", "sous le porche").await;
        c.send_keys("#files", &photo_path.display().to_string())
            .await;
        c.click("form[action=\"/signaler\"] button[type=submit]")
            .await;
        let done = c.wait_for_text("Votre code de suivi").await;
        assert!(
            done.contains("Guetteurs / recrutement de mineurs"),
            "{done}"
        );
        assert!(
            done.contains("position (GPS)"),
            "removed metadata listed: {done}"
        );
        let receipt = c.text_of("#receipt").await.trim().to_owned();
        assert!(is_receipt(&receipt), "receipt `{receipt}`");

        c.click("a[href=\"/signaler/suite\"]").await;
        c.wait_for_url("/signaler/suite").await;
        c.wait_for_text("Et maintenant ?").await;

        c.goto(&format!("{}/suivi", s.base)).await;
        c.send_keys("#receipt", &receipt).await;
        c.click("form[action=\"/suivi\"] button[type=submit]").await;
        let view = c.wait_for_text(&tag).await;
        assert!(view.contains("Nouveau"), "{view}");
        assert!(view.contains("photo.jpg"), "{view}");

        let reports = all_reports(&s.app).await;
        assert_eq!(reports.len(), 1);
        let id = reports[0].id;
        let answer = format!("Bien reçu, merci. {tag}-equipe");
        h.reply(&s.app, id, &answer).await;
        c.goto(&format!("{}/suivi", s.base)).await;
        let view = c.wait_for_text(&answer).await;
        assert!(view.contains(&text), "{view}");

        // The team's clean copy: no EXIF, no GPS, no description; still a picture.
        let opened = s
            .app
            .open_report(&h.principal, &h.secret, id)
            .await
            .unwrap();
        assert_eq!(opened.content.text, text);
        assert_eq!(opened.files.len(), 1);
        let (part, meta) = &opened.files[0];
        assert_eq!(meta.name, "photo.jpg");
        assert!(meta.removed.contains(&"location".to_owned()), "{meta:?}");
        let clean = h.file(&s.app, id, *part, FileVariant::Clean).await;
        assert!(
            !crate::contains(&clean, b"Exif\0\0"),
            "EXIF in the clean copy"
        );
        assert!(
            !crate::contains(&clean, &gps_latitude_bytes()),
            "GPS in the clean copy"
        );
        assert!(
            !crate::contains(&clean, tag.as_bytes()),
            "description in the clean copy"
        );
        let img = image::load_from_memory(&clean).unwrap();
        assert_eq!((img.width(), img.height()), (64, 48));
        // What the browser sent was the photo as it was: the evidence copy has it all.
        let original = h.file(&s.app, id, *part, FileVariant::Original).await;
        assert_eq!(original, photo);

        c.close().await;
        s.stop().await;
    }
}
