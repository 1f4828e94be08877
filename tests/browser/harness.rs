//! Driving Debian's Chromium through chromedriver (WebDriver, fantoccini).
//! Each test gets its own browser profile. A failed check saves a
//! screenshot and the page's HTML under `target/browser/` and names them.
//! Pages are checked with the axe-core engine for serious and critical
//! WCAG 2.x A/AA violations.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const DRIVER: &str = "/usr/bin/chromedriver";
const AXE: &str = "target/axe/node_modules/axe-core/axe.min.js";

pub const DESKTOP: (u32, u32) = (1280, 800);
pub const PHONE: (u32, u32) = (390, 844);

pub struct Chrome {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
    base: String,
    artifacts: PathBuf,
    test: String,
    /// Pages already checked by axe-core.
    checked: std::sync::Mutex<std::collections::HashSet<String>>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The axe-core engine's source, installed from npm on first use.
fn axe_source() -> String {
    let path = root().join(AXE);
    if !path.exists() {
        let status = Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                "target/axe",
                "axe-core@4",
            ])
            .current_dir(root())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()) && path.exists(),
            "axe-core is needed for the accessibility checks: npm install --prefix target/axe axe-core@4"
        );
    }
    std::fs::read_to_string(path).unwrap()
}

async fn tokio_sleep(d: Duration) {
    actix_web::rt::time::sleep(d).await;
}

impl Chrome {
    /// A browser on `base`, or `None` (with a plain message) when Chromium
    /// is not installed here; in CI a missing browser fails the test.
    pub async fn start(test: &str, base: &str) -> Option<Chrome> {
        let chromium = CHROMIUM.iter().find(|p| Path::new(p).exists());
        let (Some(chromium), true) = (chromium, Path::new(DRIVER).exists()) else {
            let msg = format!(
                "{test}: Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
            );
            if std::env::var("CI").is_ok() {
                panic!("{msg}");
            }
            eprintln!("SKIPPED {msg}");
            return None;
        };
        let port = free_port();
        let driver = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile =
            std::env::temp_dir().join(format!("sengketa-chrome-{}", uuid::Uuid::now_v7().simple()));
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
                    "--lang=id-ID",
                ],
                // Pages follow Accept-Language: Indonesian, as most visitors.
                "prefs": { "intl.accept_languages": "id-ID,id" },
            },
        });
        let caps = caps.as_object().unwrap().clone();
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        let artifacts = root().join("target/browser").join(test);
        let _ = std::fs::remove_dir_all(&artifacts);
        std::fs::create_dir_all(&artifacts).unwrap();
        Some(Chrome {
            client,
            driver,
            profile,
            base: base.to_string(),
            artifacts,
            test: test.to_string(),
            checked: Default::default(),
        })
    }

    /// Saves a screenshot and the HTML of the page, then fails the test.
    pub async fn fail(&self, what: &str) -> ! {
        let n = std::fs::read_dir(&self.artifacts)
            .map(|d| d.count())
            .unwrap_or(0);
        let stem = self.artifacts.join(format!("failure-{n}"));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(stem.with_extension("png"), png);
        }
        if let Ok(html) = self.client.source().await {
            let _ = std::fs::write(stem.with_extension("html"), html);
        }
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        panic!(
            "{}: {what} (at {url}); screenshot and HTML: {}.png / .html",
            self.test,
            stem.display()
        );
    }

    pub async fn check(&self, ok: bool, what: &str) {
        if !ok {
            self.fail(what).await;
        }
    }

    pub async fn goto(&self, path: &str) {
        let url = if path.starts_with("http") || path.starts_with("data:") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        if let Err(e) = self.client.goto(&url).await {
            self.fail(&format!("cannot open {url}: {e}")).await;
        }
        self.check_new_page().await;
    }

    /// Every page of the app a journey reaches is checked once by axe-core.
    async fn check_new_page(&self) {
        let url = self.client.current_url().await.unwrap();
        if !url.as_str().starts_with(&self.base) {
            return;
        }
        let path = url.path().to_string();
        let first = self.checked.lock().unwrap().insert(path);
        if first {
            self.axe().await;
        }
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        self.client
            .execute("return document.body.innerText;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Waits up to five seconds for `needle` to show (a click may still be
    /// loading the next page).
    pub async fn expect_text(&self, needle: &str) {
        for _ in 0..50 {
            if self.text().await.contains(needle) {
                return;
            }
            tokio_sleep(Duration::from_millis(100)).await;
        }
        self.fail(&format!("expected \"{needle}\" on the page"))
            .await;
    }

    pub async fn html(&self) -> String {
        self.client.source().await.unwrap_or_default()
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => self.fail(&format!("no element {css}: {e}")).await,
        }
    }

    /// Types into the field `css` after clearing it.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        let _ = field.clear().await;
        if let Err(e) = field.send_keys(value).await {
            self.fail(&format!("cannot type into {css}: {e}")).await;
        }
    }

    /// Sets the value of a date or time input as its picker would: the
    /// typed form of a date depends on the browser's locale, the value not.
    pub async fn set_value(&self, css: &str, value: &str) {
        let done = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); if (!e) return false; e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return e.value === arguments[1];",
                vec![serde_json::json!(css), serde_json::json!(value)],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        self.check(done, &format!("cannot set {css} to {value}"))
            .await;
    }

    /// Clicks something that loads a new page, and waits for that page.
    pub async fn submit(&self, css: &str) {
        let _ = self
            .client
            .execute("window.__sengketaOldPage = true;", vec![])
            .await;
        self.click(css).await;
        for _ in 0..100 {
            let loaded = self
                .client
                .execute(
                    "return window.__sengketaOldPage === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if loaded {
                self.check_new_page().await;
                return;
            }
            tokio_sleep(Duration::from_millis(100)).await;
        }
        self.fail(&format!("clicking {css} loaded no new page"))
            .await;
    }

    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        if let Err(e) = el.click().await {
            self.fail(&format!("cannot click {css}: {e}")).await;
        }
    }

    /// Chooses the option with `value` in the select `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        if let Err(e) = el.select_by_value(value).await {
            self.fail(&format!("cannot choose {value} in {css}: {e}"))
                .await;
        }
    }

    pub async fn size(&self, (w, h): (u32, u32)) {
        self.client.set_window_size(w, h).await.unwrap();
    }

    /// Fails when the page is wider than the window.
    pub async fn no_horizontal_overflow(&self) {
        let wide = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .unwrap();
        let (content, window) = (wide[0].as_i64().unwrap(), wide[1].as_i64().unwrap());
        if content > window {
            let culprits = self
                .client
                .execute(
                    "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');",
                    vec![],
                )
                .await
                .unwrap_or_default();
            self.fail(&format!(
                "the page is {content}px wide in a {window}px window; widest: {culprits}"
            ))
            .await;
        }
    }

    /// Runs axe-core on the page; fails on serious or critical violations
    /// of the WCAG 2.0/2.1/2.2 A and AA rules.
    pub async fn axe(&self) {
        let source = axe_source();
        if let Err(e) = self.client.execute(&source, vec![]).await {
            self.fail(&format!("axe-core could not be loaded: {e}"))
                .await;
        }
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                  .then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                  .catch(e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await;
        match found {
            Ok(serde_json::Value::Array(v)) if v.is_empty() => {}
            Ok(v) => {
                let path = self.path().await;
                self.fail(&format!("accessibility problems on {path}: {v}"))
                    .await
            }
            Err(e) => self.fail(&format!("axe-core did not run: {e}")).await,
        }
    }

    /// Saves a screenshot of the page under `target/screenshots/`.
    pub async fn screenshot(&self, name: &str) {
        let dir = root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        if let Ok(png) = self.client.screenshot().await {
            std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        }
    }

    /// Presses Tab until the focused element matches `css`; fails after
    /// `max` presses. Returns how many it took.
    pub async fn tab_to(&self, css: &str, max: usize) -> usize {
        for n in 1..=max {
            self.type_here("\u{e004}").await;
            let matches = self
                .client
                .execute(
                    "return document.activeElement && document.activeElement.matches(arguments[0]);",
                    vec![serde_json::json!(css)],
                )
                .await
                .unwrap();
            if matches.as_bool() == Some(true) {
                return n;
            }
        }
        self.fail(&format!("{css} not reached with {max} presses of Tab"))
            .await
    }

    /// Presses `keys` on the keyboard, into whatever has the focus (a file
    /// input included, which would take text sent to it as a file name).
    pub async fn type_here(&self, keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for c in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        if let Err(e) = self.client.perform_actions(actions).await {
            self.fail(&format!("cannot press {keys:?}: {e}")).await;
        }
    }

    /// Whether the focused element shows a visible focus indicator.
    pub async fn focus_visible(&self) -> bool {
        self.client
            .execute(
                "const s = getComputedStyle(document.activeElement); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
