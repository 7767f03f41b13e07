//! Headless Chromium for integration tests, driven through chromedriver with fantoccini.
//!
//! [`Browser::start`] finds `chromedriver` on `PATH` and Chromium (`KLAREFI_CHROMIUM`, else
//! `/usr/bin/chromium`), starts chromedriver on a port of its own choosing, and opens a
//! session with a fresh profile. [`Browser::start_with_axe`] also loads axe-core
//! (`KLAREFI_AXE_JS`, else `$HOME/.cache/klarefi-axe/node_modules/axe-core/axe.min.js`).
//! When something is missing they print why and return `None`, so the test can return
//! early — unless `KLAREFI_REQUIRE_BROWSER=1`, when they panic instead (set it in CI).
//!
//! Dropping a [`Browser`] ends the WebDriver session (chromedriver then quits Chromium)
//! and kills chromedriver, also when the test panics. axe-core is injected with WebDriver
//! "Execute Script", which a page's Content-Security-Policy does not restrict.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Deserialize;
use serde_json::{Value, json};

/// With `1`, a missing chromedriver, Chromium or axe-core fails the test instead of skipping it.
pub const REQUIRE_ENV: &str = "KLAREFI_REQUIRE_BROWSER";
/// Path of `axe.min.js`.
pub const AXE_ENV: &str = "KLAREFI_AXE_JS";
/// Path of the Chromium binary.
pub const CHROMIUM_ENV: &str = "KLAREFI_CHROMIUM";
/// The axe-core rule tags that [`Browser::axe`] runs.
pub const AXE_TAGS: [&str; 6] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const TIMEOUT: Duration = Duration::from_secs(15);

/// The page's viewport in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    /// Emulate a phone: touch events, `<meta name=viewport>` honoured.
    pub mobile: bool,
}

impl Viewport {
    pub const DESKTOP: Self = Self {
        width: 1280,
        height: 900,
        mobile: false,
    };
    pub const PHONE: Self = Self {
        width: 320,
        height: 800,
        mobile: true,
    };
}

/// One failed axe-core rule and the elements it failed on.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// CSS selectors of the failing nodes (frames and shadow roots joined with ` >>> `).
    pub targets: Vec<String>,
}

impl Violation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("?");
        write!(
            f,
            "[{impact}] {}: {} ({}) at {}",
            self.id,
            self.help,
            self.help_url,
            self.targets.join(", ")
        )
    }
}

/// A headless Chromium session. Derefs to the fantoccini [`Client`] for everything else.
pub struct Browser {
    client: Client,
    session_id: Option<String>,
    axe_js: Option<String>,
    driver: Driver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and Chromium, or returns `None` (after saying why) when either is missing.
    pub async fn start(viewport: Viewport) -> Option<Self> {
        let Some(chromedriver) = find_on_path("chromedriver") else {
            return unavailable("`chromedriver` is not on PATH (apt-get install chromium chromium-driver)");
        };
        let chromium = std::env::var_os(CHROMIUM_ENV).map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
        if !chromium.is_file() {
            return unavailable(&format!(
                "Chromium not found at {} (set {CHROMIUM_ENV})",
                chromium.display()
            ));
        }
        let driver = Driver::spawn(&chromedriver);
        let profile = tempfile::tempdir().expect("create a Chromium profile directory");
        let args = [
            "--headless",
            "--no-sandbox", // we run as root in CI
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ]
        .map(String::from)
        .into_iter()
        .chain([
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={},{}", viewport.width, viewport.height),
        ])
        .collect::<Vec<_>>();
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        // Device metrics make the viewport exact: a 1280x900 window has a 1280x757 viewport.
        let metrics = json!({
            "width": viewport.width, "height": viewport.height, "pixelRatio": 1.0,
            "mobile": viewport.mobile, "touch": viewport.mobile,
        });
        let chrome_options =
            json!({ "binary": chromium, "args": args, "mobileEmulation": { "deviceMetrics": metrics } });
        caps.insert("goog:chromeOptions".into(), chrome_options);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("open a WebDriver session (is chromedriver's major version Chromium's?)");
        let session_id = client.session_id().await.expect("read the WebDriver session id");
        Some(Self {
            client,
            session_id,
            axe_js: None,
            driver,
            _profile: profile,
        })
    }

    /// Like [`Browser::start`], and also loads axe-core for [`Browser::axe`], or returns `None`.
    pub async fn start_with_axe(viewport: Viewport) -> Option<Self> {
        let path = axe_js_path();
        let Ok(axe_js) = std::fs::read_to_string(&path) else {
            return unavailable(&format!(
                "axe-core not found at {} (set {AXE_ENV}, or: npm install --prefix \"$HOME/.cache/klarefi-axe\" axe-core@4)",
                path.display()
            ));
        };
        let mut browser = Self::start(viewport).await?;
        browser.axe_js = Some(axe_js);
        Some(browser)
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("navigate to {url}: {e}"));
    }

    pub async fn current_url(&self) -> String {
        self.client.current_url().await.expect("read the current URL").into()
    }

    /// The path of the current URL, e.g. `/thanks`.
    pub async fn current_path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("read the current URL")
            .path()
            .to_owned()
    }

    /// The current DOM serialized as HTML.
    pub async fn source(&self) -> String {
        self.client.source().await.expect("read the page source")
    }

    /// The rendered text of the element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find_css(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("read the text of {css}: {e}"))
    }

    /// Whether the page's rendered text (`document.body.innerText`) contains `needle`.
    pub async fn has_text(&self, needle: &str) -> bool {
        let text = self
            .js("return document.body ? document.body.innerText : '';", vec![])
            .await;
        text.as_str().is_some_and(|t| t.contains(needle))
    }

    /// Clears the field matching `css` and types `value` into it.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find_css(css).await;
        field.clear().await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
        field
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Fills the field with this `id` attribute.
    pub async fn fill_by_id(&self, id: &str, value: &str) {
        self.fill(&id_selector(id), value).await;
    }

    /// Fills the control of the `<label>` whose text is `label` (trimmed), through its `for`
    /// attribute or the control nested inside it; panics when no label names a control.
    pub async fn fill_by_label(&self, label: &str, value: &str) {
        let labels = self
            .client
            .find_all(Locator::Css("label"))
            .await
            .expect("list the labels");
        for element in labels {
            if element.text().await.is_ok_and(|t| t.trim() == label) {
                let control = match element.attr("for").await.expect("read a label's `for`") {
                    Some(id) => self.find_css(&id_selector(&id)).await,
                    None => element
                        .find(Locator::Css("input, select, textarea"))
                        .await
                        .unwrap_or_else(|e| panic!("label {label:?} has neither `for` nor a nested control: {e}")),
                };
                control
                    .clear()
                    .await
                    .unwrap_or_else(|e| panic!("clear the field labelled {label:?}: {e}"));
                control
                    .send_keys(value)
                    .await
                    .unwrap_or_else(|e| panic!("type into {label:?}: {e}"));
                return;
            }
        }
        panic!("no <label> with the text {label:?}");
    }

    /// Clicks the element matching `css` (no wait for a navigation; see [`Browser::click_and_wait`]).
    pub async fn click(&self, css: &str) {
        self.find_css(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks the element matching `css` and waits until a new page has loaded.
    pub async fn click_and_wait(&self, css: &str) {
        self.mark_page().await;
        self.click(css).await;
        self.wait_for_new_page(css).await;
    }

    /// Submits the form matching `css` with its first submit button, as a person would, and
    /// waits until the response (after any redirects) has loaded.
    pub async fn submit(&self, css: &str) {
        let form = self
            .client
            .form(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find form {css}: {e}"));
        self.mark_page().await;
        form.submit().await.unwrap_or_else(|e| panic!("submit {css}: {e}"));
        self.wait_for_new_page(css).await;
    }

    /// Saves a PNG screenshot of the viewport to `path`, creating its directory.
    pub async fn screenshot_to(&self, path: &Path) {
        let png = self.client.screenshot().await.expect("take a screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create the screenshot directory");
        }
        std::fs::write(path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Saves a screenshot as `<target>/tmp/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = option_env!("CARGO_TARGET_TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from);
        let path = dir.join("screenshots").join(format!("{name}.png"));
        self.screenshot_to(&path).await;
        path
    }

    /// Runs axe-core on the current page ([`AXE_TAGS`]) and returns its violations.
    /// Needs a browser from [`Browser::start_with_axe`].
    pub async fn axe(&self) -> Vec<Violation> {
        let axe_js = self.axe_js.as_deref().expect("axe() needs Browser::start_with_axe");
        if self.js("return typeof window.axe;", vec![]).await != "object" {
            // Execute Script runs in the page, but is exempt from its CSP (no 'unsafe-inline' needed).
            let loaded = self.js(&format!("{axe_js}\n;return typeof window.axe;"), vec![]).await;
            assert_eq!(loaded, "object", "axe-core did not load");
        }
        // W3C Execute Script awaits a returned promise.
        let script = "return axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, \
                      resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ \
                      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, \
                      targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' ')) })));";
        let result = self.js(script, vec![json!(AXE_TAGS)]).await;
        serde_json::from_value(result).expect("parse axe-core's violations")
    }

    /// Runs axe-core and panics, listing them, if any violation is serious or critical.
    pub async fn assert_no_serious_axe_violations(&self, page_name: &str) {
        let serious: Vec<String> = self
            .axe()
            .await
            .iter()
            .filter(|v| v.is_serious())
            .map(|v| format!("  {v}"))
            .collect();
        assert!(
            serious.is_empty(),
            "{page_name}: {} serious or critical axe-core violations:\n{}",
            serious.len(),
            serious.join("\n")
        );
    }

    /// Ends the session and stops chromedriver, reporting errors (dropping does the same quietly).
    pub async fn close(mut self) {
        self.session_id = None;
        self.client.clone().close().await.expect("close the WebDriver session");
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns what it returns,
    /// awaiting a returned promise.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("execute script: {e}"))
    }

    async fn find_css(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
    }

    /// Tags the current document so that [`Browser::wait_for_new_page`] can tell it was replaced.
    async fn mark_page(&self) {
        self.js("window.__klarefiOldPage = true;", vec![]).await;
    }

    async fn wait_for_new_page(&self, what: &str) {
        let check = "return !window.__klarefiOldPage && document.readyState === 'complete';";
        let deadline = Instant::now() + TIMEOUT;
        // Scripts can fail while the old document is torn down: that only means "not yet".
        while !matches!(self.client.execute(check, vec![]).await, Ok(Value::Bool(true))) {
            assert!(
                Instant::now() < deadline,
                "no new page loaded within {TIMEOUT:?} after {what}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl std::ops::Deref for Browser {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Synchronously, as the runtime may be gone: chromedriver then quits Chromium.
        if let Some(id) = self.session_id.take() {
            let _ = http_request(self.driver.port, "DELETE", &format!("/session/{id}"));
        }
    }
}

/// A chromedriver child process, killed (with its process group) on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn spawn(path: &Path) -> Self {
        // `--port=0`: chromedriver binds a free port itself and prints it, so there is no race.
        let mut child = Command::new(path)
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", path.display()));
        let stdout = child.stdout.take().expect("chromedriver's stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Keeps draining stdout so chromedriver never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(port) = line.strip_prefix("ChromeDriver was started successfully on port ") {
                    let _ = tx.send(port.trim_end_matches('.').parse::<u16>());
                }
            }
        });
        let mut driver = Self { child, port: 0 };
        driver.port = rx
            .recv_timeout(TIMEOUT)
            .expect("chromedriver did not report its port")
            .expect("parse chromedriver's port");
        let deadline = Instant::now() + TIMEOUT;
        while !http_request(driver.port, "GET", "/status").is_some_and(|body| body.contains("\"ready\":true")) {
            assert!(
                Instant::now() < deadline,
                "chromedriver on port {} never became ready",
                driver.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Chromium is in chromedriver's process group; this reaches it if the session was not ended.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A blocking HTTP/1.1 request to chromedriver; the response body, or `None` on any failure.
/// Reads exactly `Content-Length` bytes: chromedriver keeps the connection open.
fn http_request(port: u16, method: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    String::from_utf8(body).ok()
}

/// An attribute selector for `id`, safe for ids that are not CSS identifiers.
fn id_selector(id: &str) -> String {
    format!("[id=\"{}\"]", id.replace('\\', "\\\\").replace('"', "\\\""))
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Where `axe.min.js` is looked for: `KLAREFI_AXE_JS`, else under `$HOME/.cache/klarefi-axe`.
pub fn axe_js_path() -> PathBuf {
    std::env::var_os(AXE_ENV).map_or_else(
        || {
            let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
            home.join(".cache/klarefi-axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    )
}

/// Skips (prints and returns `None`) or, with `KLAREFI_REQUIRE_BROWSER=1`, panics.
fn unavailable<T>(why: &str) -> Option<T> {
    if std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1") {
        panic!("browser test cannot run: {why} ({REQUIRE_ENV}=1)");
    }
    eprintln!("SKIPPED browser test: {why}; set {REQUIRE_ENV}=1 to fail instead");
    None
}
