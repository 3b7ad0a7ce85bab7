//! Checklist D14 over every state-changing route, and the email outbox through an SMTP outage.

use std::time::Duration;

use crate::harness::{PASSWORD, Visitor, db_conn, signed_up, spawn_app, wait_for_mail};

/// Every POST route: the theme form, the profile import upload and every registered server
/// function (so a new server function is covered without editing this list).
fn post_routes() -> Vec<&'static str> {
    let mut routes: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    routes.sort_unstable();
    assert!(
        routes.len() >= 40,
        "server functions are registered: {routes:?}"
    );
    routes.insert(0, "/theme");
    routes.insert(1, careerhub_domain::paths::PROFILE_IMPORT_UPLOAD);
    routes
}

#[tokio::test]
async fn cross_site_posts_to_every_route_are_refused() {
    let app = spawn_app().await;
    let (visitor, email) = signed_up(&app).await;
    let cookie = visitor.cookie.clone().unwrap();
    for route in post_routes() {
        for (origin, fetch_site) in [
            (Some("https://evil.example"), None),
            (None, Some("cross-site")),
            (Some("https://evil.example"), Some("cross-site")),
        ] {
            let mut request = app
                .client
                .post(app.url(route))
                .header("cookie", &cookie)
                .form(&[
                    ("email", email.as_str()),
                    ("password", PASSWORD),
                    ("theme", "dark"),
                ]);
            if let Some(origin) = origin {
                request = request.header("origin", origin);
            }
            if let Some(site) = fetch_site {
                request = request.header("sec-fetch-site", site);
            }
            let status = request.send().await.unwrap().status().as_u16();
            assert_eq!(status, 403, "{route} from {origin:?}/{fetch_site:?}");
        }
    }
    // Nothing happened: still signed in, same email.
    let mut same = visitor.clone();
    assert_eq!(same.whoami().await.as_deref(), Some(email.as_str()));
    // And same-origin requests pass the check.
    for route in post_routes() {
        let status = app
            .client
            .post(app.url(route))
            .header("origin", &app.base_url)
            .header("sec-fetch-site", "same-origin")
            .form(&[("theme", "dark")])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        assert_ne!(status, 403, "{route} refused a same-origin request");
        assert_ne!(status, 500, "{route} failed on incomplete input");
    }
}

#[tokio::test]
async fn no_get_changes_state() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    for route in post_routes() {
        let reply = visitor.get(route).await;
        assert!(
            reply.status == 404 || reply.status == 405,
            "GET {route} answered {}",
            reply.status
        );
    }
    assert_eq!(visitor.whoami().await.as_deref(), Some(email.as_str()));
}

/// With the SMTP server down, requests still succeed and mail waits in the outbox; once it is
/// back, every message goes out exactly once.
#[tokio::test]
async fn mail_survives_an_smtp_outage_and_is_sent_once() {
    let mut app = spawn_app().await;
    let smtp_addr = app.smtp.addr;
    app.smtp.stop();
    let mut emails = Vec::new();
    for _ in 0..3 {
        let (_, email) = signed_up(&app).await;
        emails.push(email);
    }
    // The worker has tried and failed at least once.
    tokio::time::sleep(Duration::from_secs(3)).await;
    #[derive(diesel::QueryableByName)]
    struct Pending {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        pending: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        tried: i64,
    }
    use diesel::RunQueryDsl;
    let state: Pending = diesel::sql_query(
        "SELECT count(*) FILTER (WHERE status = 'pending') AS pending, \
                count(*) FILTER (WHERE attempts > 0 AND last_error IS NOT NULL) AS tried FROM email_outbox",
    )
    .get_result(&mut db_conn(&app))
    .unwrap();
    assert_eq!(state.pending, 3, "all three wait in the outbox");
    assert!(state.tried >= 1, "the worker tried while SMTP was down");

    app.smtp = careerhub_core::testing::SmtpSink::start_on(smtp_addr).await;
    for email in &emails {
        wait_for_mail(&app, email, 1).await;
    }
    // Give a duplicate every chance to appear.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(app.smtp.messages().len(), 3, "each message exactly once");
    let sent: Pending = diesel::sql_query(
        "SELECT count(*) FILTER (WHERE status = 'pending') AS pending, \
                count(*) FILTER (WHERE status = 'sent') AS tried FROM email_outbox",
    )
    .get_result(&mut db_conn(&app))
    .unwrap();
    assert_eq!((sent.pending, sent.tried), (0, 3));
    let mut visitor = Visitor::new(&app);
    assert_eq!(visitor.sign_in(&emails[0], PASSWORD).await.location(), "/");
}
