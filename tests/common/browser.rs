//! A real browser for the screen's tests: Debian's `chromium`, headless, driven over WebDriver
//! by `chromedriver` on 127.0.0.1 (fantoccini as the client). Nothing leaves this computer:
//! the browser is started without background networking, sync, updates or first-run pages.
//! Where the driver or the browser is absent, [`Browser::start`] says so and gives none.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

const DRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// One browser at a time: the tests run on two cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

pub struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
    _profile: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

impl Browser {
    /// A new headless browser; none (said on standard error) where the driver is absent.
    pub fn start() -> Option<Browser> {
        if !std::path::Path::new(DRIVER).exists() || !std::path::Path::new(CHROMIUM).exists() {
            eprintln!("skipped: {DRIVER} or {CHROMIUM} is not installed (.ci/run installs them)");
            return None;
        }
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-features=Translate,OptimizationHints,MediaRouter".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": CHROMIUM, "args": args }),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = runtime
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(capabilities)
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .unwrap();
        Some(Browser {
            runtime,
            client: Some(client),
            driver,
            _profile: profile,
            _turn: turn,
        })
    }

    fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    pub fn goto(&self, url: &str) {
        self.runtime.block_on(self.client().goto(url)).unwrap();
    }

    /// The page's address now.
    pub fn url(&self) -> String {
        self.runtime
            .block_on(self.client().current_url())
            .unwrap()
            .to_string()
    }

    /// The page's source as the browser holds it.
    pub fn source(&self) -> String {
        self.runtime.block_on(self.client().source()).unwrap()
    }

    fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.runtime
            .block_on(self.client().find(Locator::Css(css)))
            .unwrap_or_else(|e| panic!("no {css} ({e}) on {}:\n{}", self.url(), self.source()))
    }

    /// Clicks the element `css` selects (a field: no new page).
    pub fn click(&self, css: &str) {
        let element = self.element(css);
        self.runtime.block_on(element.click()).unwrap();
    }

    /// Follows the link or presses the button `css` selects, and waits for the next page.
    pub fn follow(&self, css: &str) {
        let element = self.element(css);
        self.next_page(|| self.runtime.block_on(element.click()).unwrap());
    }

    /// Presses the button or link whose text is `text`, and waits for the next page.
    pub fn press(&self, text: &str) {
        let xpath =
            format!("//button[normalize-space()='{text}'] | //a[normalize-space()='{text}']");
        let element = self
            .runtime
            .block_on(self.client().find(Locator::XPath(&xpath)))
            .unwrap_or_else(|e| {
                panic!(
                    "no button {text:?} ({e}) on {}:\n{}",
                    self.url(),
                    self.source()
                )
            });
        self.next_page(|| self.runtime.block_on(element.click()).unwrap());
    }

    /// Does `act`, then waits (at most a minute) until the page it was done on is replaced.
    fn next_page(&self, act: impl FnOnce()) {
        let page = self.element("html");
        act();
        let start = Instant::now();
        while self.runtime.block_on(page.attr("lang")).is_ok() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no next page after {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` into the field `css` selects, in place of what it held.
    pub fn fill(&self, css: &str, text: &str) {
        let element = self.element(css);
        self.runtime.block_on(element.clear()).unwrap();
        self.runtime.block_on(element.send_keys(text)).unwrap();
    }

    /// The text of the element `css` selects.
    pub fn text(&self, css: &str) -> String {
        let element = self.element(css);
        self.runtime.block_on(element.text()).unwrap()
    }

    /// The value of `attribute` of every element `css` selects (asked again while a page that
    /// is loading replaces them).
    pub fn attributes(&self, css: &str, attribute: &str) -> Vec<String> {
        let start = Instant::now();
        loop {
            let read = self.runtime.block_on(async {
                let mut values = Vec::new();
                for e in self.client().find_all(Locator::Css(css)).await? {
                    values.push(e.attr(attribute).await?.unwrap_or_default());
                }
                Ok::<_, fantoccini::error::CmdError>(values)
            });
            match read {
                Ok(values) => return values,
                Err(e) if start.elapsed() > Duration::from_secs(10) => panic!("{css}: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// The value of the form field `css` selects.
    pub fn value(&self, css: &str) -> String {
        let element = self.element(css);
        self.runtime
            .block_on(element.prop("value"))
            .unwrap()
            .unwrap_or_default()
    }

    /// Saves a screenshot of the page as `target/screenshots/NAME.png`.
    pub fn screenshot(&self, name: &str) {
        let png = self.runtime.block_on(self.client().screenshot()).unwrap();
        let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("{name}.png")), png).unwrap();
    }

    /// Waits (at most a minute) until the page, looked at again, holds `text`.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.source().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {text:?}:\n{}",
                self.source()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
