//! No secret leaves through a side door (docs/security.md, D.16b): the data export, the outbox
//! after delivery, the calendar feed's stored token, oversized bodies, and the page's preload links.

use std::io::Read;

use careerhub_domain::tracker::NotificationSettings;

use crate::harness::{
    Reply, Visitor, count, db_conn, link_in, signed_up, spawn_app, token_of, wait_for_mail,
};

/// A stolen session cookie must not become a takeover: the export holds no reset link, and the
/// outbox keeps no body once the email is delivered.
#[tokio::test]
async fn a_stolen_session_cannot_export_a_reset_link() {
    let app = spawn_app().await;
    let (mut thief, email) = signed_up(&app).await;
    let reply = Visitor::new(&app)
        .submit("/api/forgot_password", &[("email", &email)])
        .await;
    assert_eq!(reply.location(), "/forgot-password?sent=1");
    let (_, text) = wait_for_mail(&app, &email, 2).await;
    let token = token_of(&link_in(&text, "/reset-password?token="));

    let export = app
        .client
        .get(app.url("/export/my-data.zip"))
        .header("cookie", thief.cookie.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 200);
    let bytes = export.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut everything = String::new();
    for index in 0..archive.len() {
        archive
            .by_index(index)
            .unwrap()
            .read_to_string(&mut everything)
            .unwrap();
    }
    assert!(everything.contains("password_reset"), "the email is listed");
    assert!(
        !everything.contains(&token),
        "the export holds no live token"
    );
    assert!(
        !everything.contains("token="),
        "the export holds no link with a token"
    );

    // Delivered mail keeps only what delivery investigations need.
    let mut conn = db_conn(&app);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS count FROM email_outbox WHERE status = 'sent' \
             AND (text_body <> '' OR html_body <> '' OR subject LIKE '%' || $1 || '%')",
            &token,
        ),
        0
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS count FROM email_outbox WHERE status = 'sent' AND to_address = $1",
            &email,
        ),
        2,
        "the verification and reset emails are still on record"
    );
    // And the reset still needs the mailbox: the thief's session cannot change the password.
    let reply = thief
        .call(
            "/api/change_password",
            &[
                ("current_password", "not it"),
                ("new_password", "a brand new one"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422);
}

/// The calendar address is stored as a hash, shown once, and ends with a password change.
#[tokio::test]
async fn the_calendar_token_is_hashed_shown_once_and_rotated_by_a_password_reset() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    assert_eq!(
        visitor.call("/api/rotate_calendar_feed", &[]).await.status,
        200
    );
    let settings = |reply: Reply| reply.page_data::<NotificationSettings>();
    let first = settings(visitor.call("/api/notification_settings", &[]).await);
    let url = first["calendar_url"]
        .as_str()
        .expect("shown once")
        .to_owned();
    assert!(first["calendar_since"].is_string());
    let again = settings(visitor.call("/api/notification_settings", &[]).await);
    assert!(again["calendar_url"].is_null(), "not shown a second time");
    assert!(
        again["calendar_since"].is_string(),
        "but known to be active"
    );

    let path = url.trim_start_matches(&app.base_url).to_owned();
    let token = path
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics")
        .to_owned();
    let mut conn = db_conn(&app);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS count FROM calendar_feeds \
             WHERE token_hash = sha256(convert_to($1, 'UTF8'))",
            &token,
        ),
        1,
        "only the hash is stored"
    );
    assert_eq!(app.get(&path).await.status(), 200);

    // Without JavaScript the address reaches the page the form lands on, once.
    let reply = visitor
        .submit_from("/settings/notifications", "/api/rotate_calendar_feed", &[])
        .await;
    assert_eq!(reply.location(), "/settings/notifications");
    let page = visitor.get("/settings/notifications").await;
    assert!(page.body.contains("/calendar/"), "the new address is shown");
    assert!(page.body.contains("shown only this once"));
    let later = visitor.get("/settings/notifications").await;
    assert!(!later.body.contains("/calendar/"), "and only once");
    assert_eq!(
        app.get(&path).await.status(),
        404,
        "the old address stopped"
    );

    // A password reset turns the feed off.
    assert_eq!(
        visitor.call("/api/rotate_calendar_feed", &[]).await.status,
        200
    );
    let latest = settings(visitor.call("/api/notification_settings", &[]).await);
    let latest = latest["calendar_url"].as_str().unwrap().to_owned();
    let latest = latest.trim_start_matches(&app.base_url).to_owned();
    assert_eq!(app.get(&latest).await.status(), 200);
    Visitor::new(&app)
        .submit("/api/forgot_password", &[("email", &email)])
        .await;
    let (_, text) = wait_for_mail(&app, &email, 2).await;
    let reset = token_of(&link_in(&text, "/reset-password?token="));
    let reply = Visitor::new(&app)
        .submit(
            "/api/reset_password",
            &[
                ("token", &reset),
                ("password", "an entirely new passphrase"),
            ],
        )
        .await;
    assert_eq!(
        reply.location(),
        "/signin?reset=1",
        "{:?}",
        reply.form_error()
    );
    assert_eq!(app.get(&latest).await.status(), 404);
}

/// MAX_BODY_BYTES holds for server functions too, declared or streamed.
#[tokio::test]
async fn oversized_server_function_bodies_get_413() {
    let app = spawn_app().await;
    let (visitor, _) = signed_up(&app).await;
    let big = format!("company={}", "a".repeat(3 * 1024 * 1024));
    let declared = app
        .client
        .post(app.url("/api/create_application"))
        .header("origin", &app.base_url)
        .header("cookie", visitor.cookie.clone().unwrap())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(declared.status(), 413);
    // Chunked, without a Content-Length, written by hand on a raw connection.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /api/create_application HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nCookie: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n",
        app.addr,
        app.base_url,
        visitor.cookie.clone().unwrap()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in big.as_bytes().chunks(64 * 1024) {
        let sent = async {
            stream
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            stream.write_all(chunk).await?;
            stream.write_all(b"\r\n").await
        };
        // The server may answer and close before the whole body is sent.
        if sent.await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "no Content-Length, still 413: {}",
        answer.lines().next().unwrap_or_default()
    );
}

/// The script nonce appears only in `nonce` attributes, and any `crossorigin` is a valid one
/// (Leptos' own hydration scripts put the nonce in their preload links'). The page preloads no
/// code: it is fetched after the first paint (`Hydration` in app/src/lib.rs).
#[tokio::test]
async fn the_nonce_stays_in_nonce_attributes() {
    let app = spawn_app().await;
    let page = app.get("/signin").await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_owned();
    let html = scraper::Html::parse_document(&page.text().await.unwrap());
    let all = scraper::Selector::parse("*").unwrap();
    let mut nonced = 0;
    for element in html.select(&all) {
        for (name, value) in element.value().attrs() {
            if value == nonce {
                assert_eq!(
                    name,
                    "nonce",
                    "the nonce in <{} {name}>",
                    element.value().name()
                );
                nonced += 1;
            }
            if name == "crossorigin" {
                assert!(
                    matches!(value, "" | "anonymous" | "use-credentials"),
                    "{value}"
                );
            }
        }
    }
    assert!(nonced >= 1, "the hydration script carries the nonce");
    let preloads = scraper::Selector::parse("link[rel=modulepreload], link[rel=preload]").unwrap();
    assert_eq!(html.select(&preloads).count(), 0);
}
