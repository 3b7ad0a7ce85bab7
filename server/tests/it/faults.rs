//! A dependency outage is never shown as "signed out" (docs/security.md, G30): with the session
//! store or PostgreSQL out of reach, a signed-in visitor's pages answer a friendly 503, public
//! pages keep working, and everything recovers without restarting Careerhub. Each test breaks a
//! dependency of its own (its own redis-server; its own database made unreachable), so other
//! tests are not disturbed.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use diesel::RunQueryDsl;

use crate::harness::{TestApp, Visitor, closed_port, signed_up, spawn_app_with};

/// A redis-server of this test's own on a free port, keeping nothing on disk.
struct OwnRedis {
    process: Child,
    _recorded: crate::harness::Recorded,
}

impl OwnRedis {
    fn start_on(port: u16) -> Self {
        let mut process = Command::new("redis-server")
            // Its own process group, recorded for a killed run's successor to end.
            .process_group(0)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed (scripts/test installs it)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let recorded = crate::harness::Recorded::new("redis-server", process.id(), &[]);
                return Self {
                    process,
                    _recorded: recorded,
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = process.kill();
        let _ = process.wait();
        panic!("redis-server did not start on {port}");
    }

    fn stop(mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A page as a signed-in browser loads it, bounded so a hanging request fails the test.
async fn page(app: &TestApp, visitor: &Visitor, path: &str) -> (u16, String) {
    let mut request = app.client.get(app.url(path)).header("accept", "text/html");
    if let Some(cookie) = &visitor.cookie {
        request = request.header("cookie", cookie);
    }
    let response = tokio::time::timeout(Duration::from_secs(20), request.send())
        .await
        .unwrap_or_else(|_| panic!("{path} hung past 20 s"))
        .expect("a response");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

fn assert_unavailable_not_signed_out(status: u16, body: &str, what: &str) {
    assert_eq!(status, 503, "{what}: {body:.300}");
    assert!(
        body.contains("temporarily unavailable"),
        "{what}: {body:.300}"
    );
    assert!(!body.contains("Please sign in"), "{what} looks signed out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_session_store_down_signed_in_pages_answer_503_and_public_pages_work() {
    let port = closed_port();
    let redis = OwnRedis::start_on(port);
    let app = spawn_app_with(|settings| {
        settings.insert("REDIS_URL", format!("redis://127.0.0.1:{port}"));
        settings.insert("DATABASE_TIMEOUT_SECS", "2".to_owned());
    })
    .await;
    let (visitor, _) = signed_up(&app).await;
    let (status, body) = page(&app, &visitor, "/dashboard").await;
    assert_eq!(status, 200);
    assert!(body.contains("Sign out"), "signed in before the outage");

    redis.stop();
    let (status, body) = page(&app, &visitor, "/dashboard").await;
    assert_unavailable_not_signed_out(status, &body, "the dashboard");
    let mut caller = visitor.clone();
    let call = tokio::time::timeout(
        Duration::from_secs(20),
        caller.call("/api/list_contacts", &[]),
    )
    .await
    .expect("the call hung");
    assert_eq!(call.status, 503, "{}", call.body);
    let (status, body) = page(&app, &Visitor::new(&app), "/").await;
    assert_eq!(status, 200, "the public start page without a cookie");
    assert!(body.contains("Sign in"));

    // Back on the same port: Careerhub reconnects by itself. The store kept nothing, so the old
    // session is gone and the visitor signs in again.
    let _redis = OwnRedis::start_on(port);
    let mut recovered = None;
    for _ in 0..40 {
        let (status, body) = page(&app, &visitor, "/dashboard").await;
        if status == 200 {
            recovered = Some(body);
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let body = recovered.expect("recovered without a restart");
    assert!(
        body.contains("Please sign in"),
        "the emptied store means signed out now: {body}"
    );
    let (again, _) = signed_up(&app).await;
    let (status, body) = page(&app, &again, "/dashboard").await;
    assert_eq!(status, 200);
    assert!(body.contains("Sign out"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_postgres_out_of_reach_signed_in_pages_answer_503_and_recover() {
    let app = spawn_app_with(|settings| {
        settings.insert("DATABASE_TIMEOUT_SECS", "2".to_owned());
    })
    .await;
    let (visitor, _) = signed_up(&app).await;
    assert_eq!(page(&app, &visitor, "/dashboard").await.0, 200);

    let db = app.db.as_ref().expect("a test database");
    let (name, maintenance) = careerhub_core::db::split_database_url(&db.url).unwrap();
    let mut admin = careerhub_core::db::connect(&maintenance).unwrap();
    let run = |admin: &mut diesel::PgConnection, sql: String| {
        diesel::sql_query(sql)
            .execute(admin)
            .expect("admin statement");
    };
    // No new connections (superusers included), and the pool's open ones cut.
    run(
        &mut admin,
        format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false"),
    );
    run(
        &mut admin,
        format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
    );
    let (status, body) = page(&app, &visitor, "/dashboard").await;
    assert_unavailable_not_signed_out(status, &body, "the dashboard");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let ready = ready.text().await.unwrap();
    assert!(
        !ready.contains("FATAL") && !ready.contains("database"),
        "readiness names no driver detail: {ready}"
    );

    run(
        &mut admin,
        format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS true"),
    );
    let mut status = 0;
    for _ in 0..40 {
        status = page(&app, &visitor, "/dashboard").await.0;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(status, 200, "recovered without a restart");
    let (_, body) = page(&app, &visitor, "/dashboard").await;
    assert!(
        body.contains("Sign out"),
        "still signed in: the session outlived the outage"
    );
}
