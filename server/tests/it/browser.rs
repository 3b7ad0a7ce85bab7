//! Headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`).

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: std::path::PathBuf,
    /// Dropped after the driver's group is ended.
    _recorded: super::harness::Recorded,
}

pub struct BrowserOptions {
    pub javascript: bool,
}

impl Browser {
    pub async fn start() -> Self {
        Self::start_with(BrowserOptions { javascript: true }).await
    }

    pub async fn start_with(options: BrowserOptions) -> Self {
        // Several TLS providers are linked into the test binary; pick one explicitly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let port = super::harness::closed_port();
        // Its own process group, so the browsers it starts go with it (see `stop_driver`).
        let driver = Command::new(
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()),
        )
        .process_group(0)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "chromedriver is installed (Debian package chromium-driver; scripts/test installs it)",
        );
        let profile = std::env::temp_dir().join(format!(
            "careerhub-chromium-{}",
            uuid::Uuid::now_v7().simple()
        ));
        let recorded = super::harness::Recorded::new("chromedriver", driver.id(), &[&profile]);
        let mut prefs = json!({});
        if !options.javascript {
            prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": prefs,
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..100 {
            match ClientBuilder::rustls()
                .expect("TLS roots")
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    // A page that never finishes loading fails the test instead of hanging it.
                    let timeouts = fantoccini::wd::TimeoutConfiguration::new(
                        Some(Duration::from_secs(30)),
                        Some(Duration::from_secs(30)),
                        None,
                    );
                    client
                        .update_timeouts(timeouts)
                        .await
                        .expect("WebDriver timeouts");
                    return Self {
                        client,
                        driver,
                        profile,
                        _recorded: recorded,
                    };
                }
                Err(err) => {
                    last_error = Some(err);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        panic!("chromedriver did not start: {last_error:?}");
    }

    /// Evaluates a script and returns its value.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    /// Waits until `script` returns true (e.g. a hydration marker), failing after `timeout`.
    pub async fn wait_until(&self, script: &str, timeout: Duration) {
        let deadline = tokio::time::Instant::now() + timeout;
        while tokio::time::Instant::now() < deadline {
            if self.eval(script).await == json!(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let url = self.eval("return location.href").await;
        let text = self
            .eval("return document.body ? document.body.innerText.slice(0, 1500) : ''")
            .await;
        panic!(
            "timed out waiting for `{script}` at {url}; the page says:\n{}",
            text.as_str().unwrap_or_default()
        );
    }

    /// From the next page load on, every `console.error` and uncaught error of each page is kept
    /// in `window.__consoleErrors` (a script Chromium runs before the page's own, through CDP).
    pub async fn record_console_errors(&self) {
        let script = "window.__consoleErrors = []; \
            const keep = (text) => window.__consoleErrors.push(String(text).slice(0, 2000)); \
            const original = console.error.bind(console); \
            console.error = (...args) => { keep(args.map(String).join(' ')); original(...args); }; \
            window.addEventListener('error', (event) => keep('uncaught: ' + event.message)); \
            window.addEventListener('unhandledrejection', (event) => keep('unhandled: ' + event.reason));";
        self.client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": script }),
            })
            .await
            .expect("CDP command");
    }

    /// What `record_console_errors` caught on the current page.
    pub async fn console_errors(&self) -> Vec<String> {
        serde_json::from_value(self.eval("return window.__consoleErrors || []").await)
            .unwrap_or_default()
    }

    /// Loads `url`, once more if Chromium's renderer stalled past the page-load timeout (seen on
    /// two busy cores while other browser tests run): a stall is not what the tests check.
    pub async fn load(&self, url: &str) {
        if let Err(first) = self.client.goto(url).await {
            eprintln!("loading {url} again after: {first}");
            self.client
                .goto(url)
                .await
                .unwrap_or_else(|err| panic!("cannot load {url}: {err}"));
        }
    }

    /// Signs in through the sign-in form, as a person would.
    pub async fn sign_in(&self, base_url: &str, email: &str, password: &str) {
        self.client
            .goto(&format!("{base_url}/signin"))
            .await
            .expect("open the sign-in page");
        self.wait_until(
            "return document.documentElement.dataset.hydrated === 'true'",
            Duration::from_secs(30),
        )
        .await;
        for (field, value) in [("email", email), ("password", password)] {
            self.client
                .find(fantoccini::Locator::Css(&format!(
                    "main input[name={field}]"
                )))
                .await
                .expect("a sign-in field")
                .send_keys(value)
                .await
                .expect("typing");
        }
        self.click("form[action='/api/sign_in'] button[type=submit]")
            .await;
        self.wait_until(
            "return !!document.querySelector('.user-name')",
            Duration::from_secs(30),
        )
        .await;
    }

    pub async fn click(&self, css: &str) {
        let click = async {
            let element = self
                .client
                .find(fantoccini::Locator::Css(css))
                .await
                .unwrap_or_else(|err| panic!("no {css}: {err}"));
            // WebDriver scrolls an element only just into view, where the sticky header can sit
            // on top of it and take the click; the middle of the window is always clear.
            self.client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center', inline: 'center' })",
                    vec![serde_json::to_value(&element).expect("an element reference")],
                )
                .await
                .unwrap_or_else(|err| panic!("cannot scroll to {css}: {err}"));
            element
                .click()
                .await
                .unwrap_or_else(|err| panic!("cannot click {css}: {err}"));
        };
        tokio::time::timeout(Duration::from_secs(45), click)
            .await
            .unwrap_or_else(|_| panic!("clicking {css} did not finish within 45 s"));
    }

    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        stop_driver(&mut self.driver, &self.profile);
    }
}

/// A Chrome DevTools Protocol command through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Ends chromedriver and every browser process it started (its process group), once.
fn stop_driver(driver: &mut Child, profile: &std::path::Path) {
    // Only while chromedriver is not reaped yet: afterwards its id may belong to someone else.
    if matches!(driver.try_wait(), Ok(None)) {
        let group = nix::unistd::Pid::from_raw(driver.id() as i32);
        let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
    }
    let _ = driver.kill();
    let _ = driver.wait();
    let _ = std::fs::remove_dir_all(profile);
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed assertion skips `close`; never leave a browser running.
        stop_driver(&mut self.driver, &self.profile);
    }
}
