use serde_json::Value;

use crate::harness::{closed_port, spawn_app, spawn_app_with};

#[tokio::test]
async fn healthz_and_readyz_answer_when_everything_is_up() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["postgres"]["status"], "ok");
    assert_eq!(body["redis"]["status"], "ok");
}

#[tokio::test]
async fn readyz_is_503_and_names_postgres_when_it_is_unreachable() {
    let port = closed_port();
    let app = spawn_app_with(|settings| {
        settings.insert(
            "DATABASE_URL",
            format!("postgres://postgres@127.0.0.1:{port}/careerhub"),
        );
        settings.insert("RUN_MIGRATIONS", "false".into());
        settings.insert("DATABASE_TIMEOUT_SECS", "1".into());
    })
    .await;

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["postgres"]["status"], "failed", "{body}");
    assert!(!body["postgres"]["detail"].as_str().unwrap().is_empty());
    assert_eq!(body["redis"]["status"], "ok", "{body}");

    // Liveness and public pages do not depend on the database.
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/").await.status(), 200);
}

#[tokio::test]
async fn readyz_is_503_and_names_redis_when_it_is_unreachable() {
    let port = closed_port();
    // The server needs Redis at start; point it at a Redis that then disappears.
    let proxy = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    // Connections live in a JoinSet owned by the proxy task, so aborting it cuts them all.
    let forward = tokio::spawn(async move {
        let mut connections = tokio::task::JoinSet::new();
        while let Ok((mut inbound, _)) = proxy.accept().await {
            connections.spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect("127.0.0.1:6379").await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    let app = spawn_app_with(|settings| {
        settings.insert("REDIS_URL", format!("redis://127.0.0.1:{port}"));
        settings.insert("DATABASE_TIMEOUT_SECS", "1".into());
    })
    .await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    forward.abort();
    let _ = forward.await;
    let mut status = 0;
    // The connection manager notices the cut on its next command.
    for _ in 0..40 {
        let ready = app.get("/readyz").await;
        status = ready.status().as_u16();
        if status == 503 {
            let body: Value = ready.json().await.unwrap();
            assert_eq!(body["redis"]["status"], "failed", "{body}");
            assert_eq!(body["postgres"]["status"], "ok", "{body}");
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 503);
}

// Multi-threaded like the real server: on one thread, a loaded machine once kept the 404 page
// past the request timeout (408).
#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    assert_eq!(app.get("/").await.status(), 200);
    assert_eq!(app.get("/no-such-page").await.status(), 404);
    let metrics = app
        .client
        .get(format!("http://{}/metrics", app.metrics_addr))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    let text = metrics.text().await.unwrap();
    assert!(
        text.contains(r#"careerhub_http_requests_total{method="GET",route="/",status="200"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"status="404""#), "{text}");
    assert!(
        text.contains("careerhub_http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("careerhub_db_pool_max 16"), "{text}");
}

/// Metrics are for operators: on the public listener only with the configured bearer token.
#[tokio::test]
async fn metrics_are_not_public() {
    let app = spawn_app().await;
    assert_eq!(
        app.get("/metrics").await.status(),
        404,
        "no token configured"
    );
    let token = "a".repeat(40);
    let guarded = spawn_app_with(|settings| {
        settings.insert("METRICS_TOKEN", token.clone());
    })
    .await;
    assert_eq!(guarded.get("/metrics").await.status(), 401);
    let with = |value: &str| {
        guarded
            .client
            .get(guarded.url("/metrics"))
            .header("authorization", value)
            .send()
    };
    assert_eq!(with("Bearer wrong").await.unwrap().status(), 401);
    let allowed = with(&format!("Bearer {token}")).await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert!(
        allowed
            .text()
            .await
            .unwrap()
            .contains("careerhub_http_requests_total")
    );
}

#[tokio::test]
async fn every_response_has_a_request_id() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    let id = response.headers().get("x-request-id").expect("request id");
    assert_eq!(id.to_str().unwrap().len(), 36);
}

/// Keep-alive responses are not held back by Nagle's algorithm: every connection the server
/// accepts has TCP_NODELAY set.
#[tokio::test]
async fn accepted_connections_have_nagle_off() {
    use axum::serve::Listener;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut listener = careerhub_server::without_nagle(listener);
    let client = tokio::spawn(async move { tokio::net::TcpStream::connect(addr).await });
    let (accepted, _) = listener.accept().await;
    assert!(
        accepted.nodelay().unwrap(),
        "TCP_NODELAY on the accepted socket"
    );
    let connected = client.await.unwrap().unwrap();
    assert!(
        !connected.nodelay().unwrap(),
        "a plain client socket, for contrast"
    );
}

#[tokio::test]
async fn graceful_shutdown_lets_the_server_stop_cleanly() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let addr = app.addr;
    app.stop().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
