//! A real browser with JavaScript disabled (Tor Browser's "Safest" level is stricter still): Debian's
//! headless Chromium, driven through chromedriver by [fantoccini](https://docs.rs/fantoccini).
//!
//! [`Driver::start`] runs chromedriver on a free port of 127.0.0.1, or returns `None` (the test
//! skips) when it is not on the `PATH`, unless `VIGIE_TEST_REQUIRE_BROWSER=1` (CI) makes that a
//! failure. [`Browser::start`] opens a session with a profile of its own; its methods fail the test
//! on any WebDriver error, with the selector in the message.
//!
//! Scripts run through WebDriver's "execute script" ([`Browser::execute`]), which neither the
//! profile's JavaScript switch nor the pages' CSP (`script-src 'none'`) governs: the accessibility
//! test injects axe-core that way.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// How long the waits wait before failing the test.
const WAIT: Duration = Duration::from_secs(15);

/// Whether `VIGIE_TEST_REQUIRE_BROWSER=1`: a missing browser (or axe-core) fails instead of skipping.
pub fn browser_required() -> bool {
    std::env::var("VIGIE_TEST_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// A chromedriver process, killed on drop.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first `cmd` on the `PATH`.
fn find_on_path(cmd: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(cmd))
            .find(|p| p.is_file())
    })
}

impl Driver {
    /// Starts chromedriver, or returns `None` (a skip) when it is not installed and not required.
    pub async fn start() -> Option<Driver> {
        let Some(path) = find_on_path("chromedriver") else {
            assert!(
                !browser_required(),
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
        Some(Driver { child, port })
    }
}

/// A WebDriver command fantoccini has no method for: `POST /session/{id}/{path}` with a JSON body
/// (chromedriver's `goog/cdp/execute`).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// One Chromium session, headless, with JavaScript disabled and a phone-sized window (412x915).
pub struct Browser {
    client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Opens a session on `driver`, with a profile of its own.
    pub async fn start(driver: &Driver) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let options = json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=412,915",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            // JavaScript off, as on Tor Browser's "Safest" level.
            "prefs": { "profile.managed_default_content_settings.javascript": 2 }
        });
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("no session: {e}"));
        Browser {
            client,
            _profile: profile,
        }
    }

    /// The fantoccini client, for what the methods below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    /// The address shown.
    pub async fn current_url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    /// The first element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .len()
    }

    /// The visible text of the first element matching `css`.
    pub async fn text_of(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// The rendered width and height of the first element matching `css`.
    pub async fn size_of(&self, css: &str) -> (f64, f64) {
        let (_, _, w, h) = self
            .find(css)
            .await
            .rectangle()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        (w, h)
    }

    /// The attribute `name` of the first element matching `css`.
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.find(css)
            .await
            .attr(name)
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    }

    /// Types `text` into the first element matching `css`; for a file input, `text` is the file's
    /// absolute path.
    pub async fn fill(&self, css: &str, text: &str) {
        self.find(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    }

    /// Chooses the option with `value` in the `<select>` matched by `select_css`, and checks that it
    /// is selected.
    pub async fn select_option(&self, select_css: &str, value: &str) {
        let option = format!("{select_css} option[value=\"{value}\"]");
        self.click(&option).await;
        let selected = self.find(&option).await.is_selected().await.unwrap();
        assert!(selected, "{select_css} = {value}");
    }

    /// Clicks the submit button of the form posting to `form_action`.
    pub async fn submit(&self, form_action: &str) {
        self.click(&format!(
            "form[action=\"{form_action}\"] button[type=submit]"
        ))
        .await;
    }

    /// The main content's text, or `None` while the page is changing (a stale element).
    async fn try_main_text(&self) -> Option<String> {
        let main = self.client.find(Locator::Css("main")).await.ok()?;
        main.text().await.ok()
    }

    /// The main content's text.
    pub async fn main_text(&self) -> String {
        self.text_of("main").await
    }

    /// Waits until the main content holds `needle`, and returns that content.
    pub async fn wait_for_text(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.try_main_text().await.unwrap_or_default();
            if t.contains(needle) {
                return t;
            }
            assert!(start.elapsed() < WAIT, "expected `{needle}` in: {t}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the whole address ends with `suffix` (query included): a form's navigation may
    /// still be under way when the click returns.
    pub async fn wait_for_url(&self, suffix: &str) {
        self.wait_for_address(suffix, false).await;
    }

    /// Waits until the address's path ends with `path`, whatever the query (a GET form without named
    /// fields adds an empty one: `/signaler/suite?`).
    pub async fn wait_for_path(&self, path: &str) {
        self.wait_for_address(path, true).await;
    }

    async fn wait_for_address(&self, suffix: &str, ignore_query: bool) {
        let start = Instant::now();
        loop {
            let url = self.current_url().await;
            let compared = if ignore_query {
                url.split('?').next().unwrap_or_default()
            } else {
                url.as_str()
            };
            if compared.ends_with(suffix) {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "expected an address ending with {suffix}, at {url}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until an element matches `css`: a form's answer may still be loading.
    pub async fn wait_for_element(&self, css: &str) {
        let start = Instant::now();
        loop {
            let found = self.client.find_all(Locator::Css(css)).await;
            if found.is_ok_and(|v| !v.is_empty()) {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "no {css} at {}",
                self.current_url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs `script` in the page (WebDriver's "execute script") and returns its result.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Runs `script` asynchronously: it ends by calling `arguments[arguments.length - 1]`.
    pub async fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Resizes the window.
    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("window {width}x{height}: {e}"));
    }

    /// Emulates the media feature `prefers-color-scheme: scheme` (`light` or `dark`) through
    /// Chromium's DevTools protocol.
    pub async fn set_color_scheme(&self, scheme: &str) {
        self.client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({
                    "cmd": "Emulation.setEmulatedMedia",
                    "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] }
                }),
            })
            .await
            .unwrap_or_else(|e| panic!("color scheme {scheme}: {e}"));
    }

    /// What the browser shows, as PNG bytes.
    pub async fn screenshot_png(&self) -> Vec<u8> {
        self.client.screenshot().await.unwrap()
    }

    /// With `VIGIE_TEST_SCREENSHOTS=DIR`, saves what the browser shows as `DIR/name.png` (for a human
    /// to look at); does nothing otherwise.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("VIGIE_TEST_SCREENSHOTS") else {
            return;
        };
        let png = self.screenshot_png().await;
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    /// Ends the session.
    pub async fn close(self) {
        self.client.close().await.unwrap();
    }
}
