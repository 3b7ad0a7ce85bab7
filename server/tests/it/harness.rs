use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use careerhub_core::Config;
use careerhub_core::testing::{SmtpSink, TestDb, test_redis_url, unique_redis_prefix};
use careerhub_server::Application;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running `careerhub` on a free port with its own database, Redis prefix, SMTP server and data
/// directory. Dropping it stops the server and drops the database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub base_url: String,
    pub client: reqwest::Client,
    #[allow(dead_code)] // the email tests of later features read it
    pub smtp: SmtpSink,
    #[allow(dead_code)] // kept alive for the server; database assertions of later features read it
    pub db: Option<TestDb>,
    pub data_dir: PathBuf,
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
    let base_url = app.state.config.public_origin();
    let (shutdown, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("HTTP client");
    TestApp {
        addr,
        base_url,
        client,
        smtp,
        db,
        data_dir,
        shutdown: Some(shutdown),
        server: Some(server),
    }
}

/// A local port nothing listens on: connections to it are refused at once.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}
