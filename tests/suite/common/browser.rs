//! A phone's real browser, for tests: headless Chromium at a phone's size,
//! driven over WebDriver by chromedriver with fantoccini.
//!
//! Chromium and chromedriver are Debian's `chromium` and `chromium-driver`,
//! found on the PATH. Where either is missing, [`tools_or_skip`] fails the
//! test if tools are required (`ROUNDTABLE_REQUIRE_TOOLS`, as CI sets it)
//! and otherwise says that the test is skipped.
//!
//! A [`Phone`] keeps a test synchronous, as the pseudo-terminal's helpers
//! are: its WebDriver calls run on a runtime of its own, every call and
//! every wait on the page is bounded, and dropping it closes the browser
//! and stops chromedriver, whether the test passed or not.
#![allow(dead_code)]

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use roundtable::domain::scenario::BarrierKind;
use serde_json::{Value, json};

/// A phone's screen in CSS pixels: an iPhone 14's, a common size.
pub const SIZE: (u32, u32) = (390, 844);
/// The longest a WebDriver call, or the page showing what a test waits
/// for, may take.
pub const WAIT: Duration = Duration::from_secs(10);
/// How often a wait looks at the page again.
const POLL: Duration = Duration::from_millis(25);

/// Where Chromium and chromedriver are.
#[derive(Debug, Clone)]
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// The first of `names` that is a file in a folder on the PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |name| dir.join(name))).find(|p| p.is_file())
}

/// Chromium and chromedriver, if both are installed. Where tools are
/// required (`ROUNDTABLE_REQUIRE_TOOLS=1`, as CI sets it) a missing one
/// fails the test; elsewhere the test says it was skipped.
pub fn tools_or_skip() -> Option<Tools> {
    let chromium = on_path(&["chromium", "chromium-browser"]);
    let chromedriver = on_path(&["chromedriver"]);
    if let (Some(chromium), Some(chromedriver)) = (&chromium, &chromedriver) {
        return Some(Tools { chromium: chromium.clone(), chromedriver: chromedriver.clone() });
    }
    let missing: Vec<&str> = [(chromium.is_none(), "Chromium"), (chromedriver.is_none(), "chromedriver")]
        .into_iter()
        .filter_map(|(missing, name)| missing.then_some(name))
        .collect();
    let missing = missing.join(" and ");
    assert!(
        std::env::var_os("ROUNDTABLE_REQUIRE_TOOLS").is_none(),
        "this test needs {missing}, not installed here: apt-get install chromium chromium-driver"
    );
    eprintln!("SKIPPED: {missing} not installed (install the chromium and chromium-driver packages to run this test)");
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

/// chromedriver on a loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Driver {
    /// Starts chromedriver and waits until it says it is ready. Its log,
    /// and every file it and Chromium make for themselves, go in `scratch`.
    fn start(tools: &Tools, scratch: &Path) -> Driver {
        let port = free_port();
        let log = scratch.join("chromedriver.log");
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .env("TMPDIR", scratch)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut driver = Driver { child, url: format!("http://127.0.0.1:{port}"), log };
        driver.wait_until_ready();
        driver
    }

    /// Asks chromedriver's `/status` until it is ready, for up to [`WAIT`].
    fn wait_until_ready(&mut self) {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(1))).build().into();
        let start = Instant::now();
        loop {
            let status = agent
                .get(format!("{}/status", self.url))
                .call()
                .ok()
                .and_then(|response| response.into_body().read_to_string().ok())
                .and_then(|body| serde_json::from_str::<Value>(&body).ok());
            if status.is_some_and(|status| status["value"]["ready"] == true) {
                return;
            }
            if let Ok(Some(ended)) = self.child.try_wait() {
                panic!("chromedriver stopped ({ended}) before it was ready:\n{}", self.log_tail());
            }
            assert!(start.elapsed() < WAIT, "chromedriver did not answer on {} within {WAIT:?}", self.url);
            sleep(POLL);
        }
    }

    /// The end of chromedriver's log, to say why something failed.
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A phone: Chromium at [`SIZE`], headless, on the page at `base`.
pub struct Phone {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    /// Chromium's own process, ended by hand should closing the session
    /// fail (chromedriver leaves it running when it is killed).
    browser: Option<u32>,
    driver: Driver,
    /// chromedriver's log and the browser's profile, removed with the phone.
    scratch: tempfile::TempDir,
    /// The page's address: `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Phone {
    /// Starts chromedriver and a browser in it; `base` is the page's address.
    pub fn open(tools: &Tools, base: &str) -> Phone {
        // One worker, so that the session's task runs between calls too.
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
        let scratch = tempfile::tempdir().expect("a folder for the browser's files");
        let driver = Driver::start(tools, scratch.path());
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": tools.chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    format!("--window-size={},{}", SIZE.0, SIZE.1),
                ],
                // Chromium keeps a window at least 500 pixels wide, so the
                // page is laid out at the phone's size by emulating one.
                "mobileEmulation": {
                    "deviceMetrics": { "width": SIZE.0, "height": SIZE.1, "pixelRatio": 3.0, "touch": true },
                },
            }),
        );
        let connected = runtime.block_on(async {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            tokio::time::timeout(WAIT, builder.capabilities(capabilities).connect(&driver.url)).await
        });
        let client = match connected {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!("Chromium did not start through chromedriver: {e}\n{}", driver.log_tail()),
            Err(_) => panic!("Chromium did not start within {WAIT:?}\n{}", driver.log_tail()),
        };
        let browser = client
            .capabilities()
            .and_then(|c| c.get("goog:processID"))
            .and_then(Value::as_u64)
            .and_then(|pid| u32::try_from(pid).ok());
        Phone { runtime, client: Some(client), browser, driver, scratch, base: base.to_string() }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("the browser is open")
    }

    /// Runs one WebDriver call, bounded by [`WAIT`]; `what` names it if it fails.
    fn run<T>(&self, what: &str, call: impl Future<Output = Result<T, CmdError>>) -> T {
        match self.runtime.block_on(async { tokio::time::timeout(WAIT, call).await }) {
            Ok(Ok(value)) => value,
            Ok(Err(e)) => panic!("the browser could not {what}: {e}"),
            Err(_) => panic!("the browser did not {what} within {WAIT:?}"),
        }
    }

    /// Opens a page by its path (`/?table=red`).
    pub fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.run(&format!("open {url}"), self.client().goto(&url));
    }

    /// The path of the page shown.
    pub fn path(&self) -> String {
        self.run("read its address", self.client().current_url()).path().to_string()
    }

    /// The page's text, as a person reads it.
    pub fn text_of_page(&self) -> String {
        self.text_of("body")
    }

    /// The text of the first element `css` finds.
    pub fn text_of(&self, css: &str) -> String {
        let client = self.client();
        self.run(&format!("read {css}"), async { client.find(Locator::Css(css)).await?.text().await })
    }

    /// A property of the first element `css` finds (a field's `value`).
    pub fn prop_of(&self, css: &str, prop: &str) -> Option<String> {
        let client = self.client();
        self.run(&format!("read {css}'s {prop}"), async { client.find(Locator::Css(css)).await?.prop(prop).await })
    }

    /// Types into the field `css` finds, as a person would.
    pub fn type_into(&self, css: &str, text: &str) {
        let client = self.client();
        self.run(&format!("type into {css}"), async { client.find(Locator::Css(css)).await?.send_keys(text).await });
    }

    /// Taps the element `css` finds.
    pub fn tap(&self, css: &str) {
        let client = self.client();
        self.run(&format!("tap {css}"), async { client.find(Locator::Css(css)).await?.click().await });
    }

    /// Chooses the option of value `value` in the list `css` finds.
    pub fn choose(&self, css: &str, value: &str) {
        let client = self.client();
        self.run(&format!("choose {value} in {css}"), async {
            client.find(Locator::Css(css)).await?.select_by_value(value).await
        });
    }

    /// Runs JavaScript in the page and returns what it returns.
    pub fn script(&self, js: &str) -> Value {
        self.run("run a script", self.client().execute(js, Vec::new()))
    }

    /// Waits until the first element `css` finds shows `text`, for up to
    /// [`WAIT`], and returns what it shows.
    pub fn wait_for_text(&self, css: &str, text: &str) -> String {
        let start = Instant::now();
        loop {
            let client = self.client();
            let shown = self.runtime.block_on(async {
                tokio::time::timeout(WAIT, async { client.find(Locator::Css(css)).await?.text().await }).await
            });
            if let Ok(Ok(shown)) = &shown
                && shown.contains(text)
            {
                return shown.clone();
            }
            if start.elapsed() > WAIT {
                panic!("the page never showed {text:?} in {css}; it shows:\n{}", self.text_of_page());
            }
            sleep(POLL);
        }
    }

    /// Taps the form's button `css` finds, and waits until the page its
    /// answer leads to has loaded: a new page, not the old one still open
    /// while the form is sent (whose live updates may show the same).
    pub fn submit(&self, css: &str) {
        self.script("document.documentElement.dataset.sent = 'yes';");
        self.tap(css);
        let start = Instant::now();
        loop {
            // While the page changes a script may find no page to run in.
            let client = self.client();
            let loaded = self.runtime.block_on(async {
                let js = "return !document.documentElement.dataset.sent && document.readyState === 'complete';";
                tokio::time::timeout(WAIT, client.execute(js, Vec::new())).await
            });
            if matches!(loaded, Ok(Ok(Value::Bool(true)))) {
                return;
            }
            if start.elapsed() > WAIT {
                panic!("no new page came after tapping {css}; the page shows:\n{}", self.text_of_page());
            }
            sleep(POLL);
        }
    }

    /// Joins the room at `table` (a table's own link, `/?table=red`) with
    /// `code`, and waits for the table's page.
    pub fn join(&self, table: &str, code: &str) {
        self.goto(&format!("/?table={table}"));
        assert_eq!(self.prop_of("#table", "value").as_deref(), Some(table), "the link chooses the table");
        self.type_into("#code", code);
        self.submit("form[action='/join'] button[type=submit]");
        assert_eq!(self.path(), "/table", "joined: {}", self.text_of_page());
    }

    /// Fills the table's form for a barrier, adds it, and waits for the
    /// page that the form's answer leads to (its own table's page).
    pub fn add_barrier(&self, text: &str, kind: BarrierKind, severity: u8) {
        self.type_into("#text", text);
        self.tap(&format!("#kind-{}", kind.label()));
        self.choose("#severity", &severity.to_string());
        self.submit("form[action='/barriers'] button[type=submit]");
        assert_eq!(self.path(), "/table", "back at the table's page: {}", self.text_of_page());
    }
}

impl Drop for Phone {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else { return };
        let closed = self.runtime.block_on(async { tokio::time::timeout(WAIT, client.close()).await });
        if let (false, Some(pid)) = (matches!(closed, Ok(Ok(()))), self.browser) {
            end_chromium(pid);
        }
    }
}

/// Ends the Chromium this test started, by its process id, if that
/// process is still Chromium.
fn end_chromium(pid: u32) {
    let command = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    if String::from_utf8_lossy(&command).contains("chrom") {
        let _ = Command::new("kill").arg(pid.to_string()).status();
    }
}
