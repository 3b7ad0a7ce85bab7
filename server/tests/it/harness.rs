use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use careerhub_core::Config;
use careerhub_core::testing::{SmtpSink, TestDb, test_redis_url, unique_redis_prefix};
use careerhub_server::Application;
use careerhub_server::state::AppState;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running `careerhub` on a free port with its own database, Redis prefix, SMTP server and data
/// directory. Dropping it stops the server and drops the database.
pub struct TestApp {
    pub addr: SocketAddr,
    /// The operators' listener (`/metrics`).
    pub metrics_addr: SocketAddr,
    pub base_url: String,
    pub client: reqwest::Client,
    pub smtp: SmtpSink,
    pub db: Option<TestDb>,
    pub data_dir: PathBuf,
    /// The running server's state: its pool and services, for calling core jobs directly.
    pub state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    /// Stops accepting requests and waits for in-flight ones to finish.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task panicked")
                .expect("server failed");
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

pub fn site_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"))
}

/// The shipped front end, which `cargo xtask test` builds beside the debug one.
pub fn release_site_root() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/site-release"
    ))
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the real server. `customise` may override any environment setting before start; an
/// override of `DATABASE_URL` means no test database is made.
pub async fn spawn_app_with(customise: impl FnOnce(&mut HashMap<&'static str, String>)) -> TestApp {
    let smtp = SmtpSink::start().await;
    let data_dir =
        std::env::temp_dir().join(format!("careerhub-test-{}", uuid::Uuid::now_v7().simple()));
    let mut settings: HashMap<&'static str, String> = HashMap::from([
        ("BIND_ADDR", "127.0.0.1:0".to_owned()),
        ("REDIS_URL", test_redis_url()),
        ("REDIS_KEY_PREFIX", unique_redis_prefix()),
        ("SMTP_URL", smtp.url()),
        ("DATA_DIR", data_dir.display().to_string()),
        ("SITE_ROOT", site_root().display().to_string()),
        ("EMAIL_RETRY_BASE_SECS", "1".to_owned()),
        // Tests that need the scheduler turn it on; the others must not run jobs by surprise.
        ("SCHEDULER_ENABLED", "false".to_owned()),
        // Each test app has its own operators' listener.
        ("METRICS_ADDR", "127.0.0.1:0".to_owned()),
    ]);
    customise(&mut settings);
    let db = if settings.contains_key("DATABASE_URL") {
        None
    } else {
        let db = TestDb::create().await;
        settings.insert("DATABASE_URL", db.url.clone());
        Some(db)
    };
    let config =
        Config::from_lookup(|name| settings.get(name).cloned()).expect("test configuration");
    let app = Application::build(config).await.expect("the server starts");
    let addr = app.addr;
    let metrics_addr = app.metrics_addr.expect("a metrics listener");
    let base_url = app.state.config.public_origin();
    let state = app.state.clone();
    let (shutdown, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    // A page that never finishes fails its test with its address instead of hanging the run.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("HTTP client");
    TestApp {
        addr,
        metrics_addr,
        base_url,
        client,
        smtp,
        db,
        data_dir,
        state,
        shutdown: Some(shutdown),
        server: Some(server),
    }
}

/// A local port nothing listens on: connections to it are refused at once.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// A browser-like visitor without JavaScript: keeps the session cookie by hand so tests can copy,
/// replay or forge it. Requests carry this site's `Origin`, like a same-origin form.
#[derive(Clone)]
pub struct Visitor {
    pub base_url: String,
    pub cookie: Option<String>,
    /// The cookie that form errors in redirects are signed for (server/src/layers/form_errors.rs).
    pub form_cookie: Option<String>,
    pub user_agent: String,
    client: reqwest::Client,
}

/// What a request returned, read once.
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    /// The body as text (lossy where it is not UTF-8, as a loader's postcard answer is not).
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub async fn read(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .unwrap_or_else(|err| panic!("reading the body: {err:?}"))
            .to_vec();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    /// A loader's answer read as the page reads it (postcard, `app/src/data.rs`), then as JSON
    /// for looking into by field name.
    pub fn page_data<T: serde::de::DeserializeOwned + serde::Serialize>(
        &self,
    ) -> serde_json::Value {
        assert_eq!(self.status, 200, "{}", self.body);
        let content_type = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok());
        assert_eq!(content_type, Some("application/x-postcard"));
        let data: T = postcard::from_bytes(&self.bytes).unwrap_or_else(|err| {
            panic!("reading page data as {}: {err}", std::any::type_name::<T>())
        });
        serde_json::to_value(data).expect("page data as JSON")
    }

    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    /// The error a server function sent back in its redirect (plain forms) or body (scripts).
    pub fn form_error(&self) -> Option<serde_json::Value> {
        use base64::Engine;
        if let Some(encoded) = self.location().split("__err=").nth(1) {
            let encoded = encoded.split('&').next().unwrap_or_default();
            let encoded = url_decode(encoded);
            let bytes = base64::engine::general_purpose::URL_SAFE
                .decode(encoded.as_bytes())
                .expect("base64 error");
            return serde_json::from_slice(&bytes).ok();
        }
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .filter(|value| value.get("fields").is_some())
    }
}

fn url_decode(text: &str) -> String {
    text.replace("%3D", "=")
        .replace("%2F", "/")
        .replace("%2B", "+")
}

impl Visitor {
    pub fn new(app: &TestApp) -> Self {
        Self {
            base_url: app.base_url.clone(),
            cookie: None,
            form_cookie: None,
            user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
                .into(),
            client: app.client.clone(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Reply {
        let mut request = request.header("user-agent", &self.user_agent);
        let cookies: Vec<&str> = [&self.cookie, &self.form_cookie]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !cookies.is_empty() {
            request = request.header("cookie", cookies.join("; "));
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|err| panic!("request: {err:?}"));
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default().trim().to_owned();
            if pair.starts_with("theme=") {
                continue;
            }
            if pair.contains("careerhub-form=") {
                self.form_cookie = Some(pair);
                continue;
            }
            let removed = text.contains("Max-Age=0") || pair.ends_with('=');
            self.cookie = if removed { None } else { Some(pair) };
        }
        Reply::read(response).await
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        let request = self.client.get(format!("{}{path}", self.base_url));
        self.send(request).await
    }

    /// A plain HTML form post (no JavaScript): errors come back as a redirect to the form.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .client
            .post(format!("{}{path}", self.base_url))
            .header("origin", &self.base_url)
            .header("accept", "text/html")
            .header("referer", format!("{}/", self.base_url))
            .form(fields);
        self.send(request).await
    }

    /// A plain form post from the page at `page` (its Referer), as a browser sends it.
    pub async fn submit_from(
        &mut self,
        page: &str,
        path: &str,
        fields: &[(String, String)],
    ) -> Reply {
        let referer = format!("{}{page}", self.base_url);
        self.submit_with_referer(&referer, path, fields).await
    }

    /// A plain form post whose Referer is `referer`, whatever it is.
    pub async fn submit_with_referer(
        &mut self,
        referer: &str,
        path: &str,
        fields: &[(String, String)],
    ) -> Reply {
        let request = self
            .client
            .post(format!("{}{path}", self.base_url))
            .header("origin", &self.base_url)
            .header("accept", "text/html")
            .header("referer", referer)
            .form(fields);
        self.send(request).await
    }

    /// A server-function call as the hydrated page makes it: errors come back with a status.
    pub async fn call(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .client
            .post(format!("{}{path}", self.base_url))
            .header("origin", &self.base_url)
            .form(fields);
        self.send(request).await
    }

    /// The signed-in user's email, or None when this visitor is anonymous.
    pub async fn whoami(&mut self) -> Option<String> {
        let value = self
            .call("/api/me", &[])
            .await
            .page_data::<Option<careerhub_domain::accounts::CurrentUser>>();
        value
            .get("email")
            .and_then(|email| email.as_str())
            .map(str::to_owned)
    }

    pub async fn sign_up(&mut self, email: &str, password: &str) -> Reply {
        self.submit(
            "/api/sign_up",
            &[
                ("email", email),
                ("display_name", "Ada Lovelace"),
                ("password", password),
                ("invite", ""),
            ],
        )
        .await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Reply {
        self.submit(
            "/api/sign_in",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await
    }
}

pub const PASSWORD: &str = "violet staple rhubarb";

/// A signed-up, signed-in visitor with a fresh address.
pub async fn signed_up(app: &TestApp) -> (Visitor, String) {
    let email = format!("user-{}@example.org", uuid::Uuid::now_v7().simple());
    let mut visitor = Visitor::new(app);
    let reply = visitor.sign_up(&email, PASSWORD).await;
    assert_eq!(reply.status, 302, "sign-up failed: {}", reply.location());
    assert_eq!(reply.location(), "/", "{:?}", reply.form_error());
    (visitor, email)
}

/// The mail received for `to`, decoded: (subject, text body).
pub fn mails_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    app.smtp
        .messages()
        .into_iter()
        .filter(|mail| mail.to.iter().any(|address| address == to))
        .map(|mail| {
            let parsed = mail_parser::MessageParser::default()
                .parse(mail.data.as_bytes())
                .expect("a parsable message");
            (
                parsed.subject().unwrap_or_default().to_owned(),
                parsed
                    .body_text(0)
                    .map(|text| text.into_owned())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// Waits for the `n`th mail to `to` and returns its text.
pub async fn wait_for_mail(app: &TestApp, to: &str, n: usize) -> (String, String) {
    for _ in 0..200 {
        let mails = mails_to(app, to);
        if mails.len() >= n {
            return mails[n - 1].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let subjects: Vec<String> = mails_to(app, to)
        .into_iter()
        .map(|(subject, _)| subject)
        .collect();
    panic!("no mail #{n} to {to}; received: {subjects:?}");
}

/// The one-click unsubscribe address of a raw message (RFC 8058): it must offer
/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` and give the address in `List-Unsubscribe`.
pub fn one_click_unsubscribe(raw: &str) -> String {
    let parsed = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a parsable message");
    assert_eq!(
        parsed.header_raw("List-Unsubscribe-Post").map(str::trim),
        Some("List-Unsubscribe=One-Click")
    );
    parsed
        .header_raw("List-Unsubscribe")
        .map(|value| value.trim().trim_start_matches('<').trim_end_matches('>'))
        .expect("a List-Unsubscribe header")
        .to_owned()
}

/// The first link in a text that contains `path`, made relative to the site.
pub fn link_in(text: &str, path: &str) -> String {
    text.split_whitespace()
        .find(|word| word.contains(path))
        .unwrap_or_else(|| panic!("no {path} link in {text}"))
        .trim()
        .to_owned()
}

/// The token of a link.
pub fn token_of(link: &str) -> String {
    link.split("token=").nth(1).expect("token").to_owned()
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

/// `SELECT count(*) AS count …` with one text parameter (`$1`).
pub fn count(conn: &mut diesel::PgConnection, sql: &str, bind: &str) -> i64 {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(bind)
        .get_result::<Count>(conn)
        .unwrap()
        .count
}

pub fn db_conn(app: &TestApp) -> diesel::PgConnection {
    app.db.as_ref().expect("a test database").connect()
}

/// A process group this test started outside its own process (chromedriver and its browsers, a
/// redis-server), written down in the run's directory (`$CAREERHUB_TEST_RUN_DIR`, made by
/// `scripts/test`) as `<program>-<group id>`, holding the paths that go with it. A run killed
/// before it could end them leaves the record, and the next run ends exactly those processes,
/// by id, and removes those paths. Dropped when the test ended them itself.
pub struct Recorded(Option<PathBuf>);

impl Recorded {
    pub fn new(program: &str, group: u32, paths: &[&std::path::Path]) -> Self {
        let Some(dir) = std::env::var_os("CAREERHUB_TEST_RUN_DIR") else {
            return Self(None);
        };
        let record = PathBuf::from(dir).join(format!("{program}-{group}"));
        let lines: Vec<String> = paths
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        let written = std::fs::write(&record, lines.join("\n") + "\n");
        Self(written.ok().map(|()| record))
    }
}

impl Drop for Recorded {
    fn drop(&mut self) {
        if let Some(record) = self.0.take() {
            let _ = std::fs::remove_file(record);
        }
    }
}

/// A real `careerhub` process (the binary this package builds) on `database_url`, with its
/// scheduler off unless `env` turns it on; killed (SIGKILL) when dropped.
pub struct Instance(pub std::process::Child);

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_instance(
    database_url: &str,
    data_dir: &std::path::Path,
    env: &[(&str, &str)],
) -> Instance {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_careerhub"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("DATA_DIR", data_dir)
        .env("SITE_ROOT", site_root())
        .env("SCHEDULER_ENABLED", "false")
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the careerhub binary starts");
    Instance(child)
}
