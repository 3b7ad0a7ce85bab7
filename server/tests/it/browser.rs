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

    pub async fn click(&self, css: &str) {
        let click = async {
            self.client
                .find(fantoccini::Locator::Css(css))
                .await
                .unwrap_or_else(|err| panic!("no {css}: {err}"))
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
