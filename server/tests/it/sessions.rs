//! Sessions against the security checklist, section C.

use careerhub_domain::accounts::SessionSummary;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::harness::{PASSWORD, Visitor, db_conn, signed_up, spawn_app, spawn_app_with};

fn session_cookie_header(reply: &crate::harness::Reply) -> String {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|cookie| !cookie.starts_with("theme="))
        .expect("a session cookie")
}

/// C8 over plain http (development): HttpOnly, SameSite=Lax, Path=/, no Domain, not named `id`.
#[tokio::test]
async fn session_cookie_attributes_over_http() {
    let app = spawn_app().await;
    let mut visitor = Visitor::new(&app);
    let reply = visitor
        .sign_up(
            &format!("c-{}@example.org", uuid::Uuid::now_v7().simple()),
            PASSWORD,
        )
        .await;
    let cookie = session_cookie_header(&reply);
    assert!(cookie.starts_with("careerhub_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

/// C8 over https: the `__Host-` prefix and `Secure`.
#[tokio::test]
async fn session_cookie_attributes_over_https() {
    let app = spawn_app_with(|settings| {
        settings.insert("PUBLIC_URL", "https://careers.example.org".into());
    })
    .await;
    let direct = format!("http://{}", app.addr);
    let reply = app
        .client
        .post(format!("{direct}/api/sign_up"))
        .header("origin", "https://careers.example.org")
        .form(&[
            ("email", "secure@example.org"),
            ("display_name", "Ada"),
            ("password", PASSWORD),
            ("invite", ""),
        ])
        .send()
        .await
        .unwrap();
    let cookie = reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|cookie| cookie.starts_with("__Host-"))
        .expect("a __Host- cookie");
    assert!(cookie.starts_with("__Host-careerhub="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain"));
    let page = app.client.get(format!("{direct}/")).send().await.unwrap();
    assert!(
        page.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

/// C9: the session id changes at sign-in and at a password change; a planted cookie is not kept.
#[tokio::test]
async fn the_session_id_changes_at_sign_in_and_password_change() {
    let app = spawn_app().await;
    let (_, email) = signed_up(&app).await;
    let mut victim = Visitor::new(&app);
    let planted = "careerhub_session=AttackerChoseThis1234".to_owned();
    victim.cookie = Some(planted.clone());
    assert_eq!(victim.sign_in(&email, PASSWORD).await.location(), "/");
    let after_sign_in = victim.cookie.clone().expect("a session cookie");
    assert_ne!(after_sign_in, planted);
    let mut attacker = Visitor::new(&app);
    attacker.cookie = Some(planted);
    assert_eq!(
        attacker.whoami().await,
        None,
        "the planted cookie is anonymous"
    );

    let reply = victim
        .submit(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another good passphrase"),
            ],
        )
        .await;
    assert_eq!(reply.location(), "/settings/security?password=changed");
    let after_change = victim.cookie.clone().unwrap();
    assert_ne!(after_change, after_sign_in);
    assert_eq!(victim.whoami().await.as_deref(), Some(email.as_str()));
    let mut old = Visitor::new(&app);
    old.cookie = Some(after_sign_in);
    assert_eq!(
        old.whoami().await,
        None,
        "the pre-change session key is dead"
    );
}

/// C10: after sign-out the old cookie is anonymous and the store record is gone.
#[tokio::test]
async fn sign_out_deletes_the_session_record() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let cookie = visitor.cookie.clone().unwrap();
    let id = cookie.split('=').nth(1).unwrap().to_owned();
    let redis = redis::Client::open(careerhub_core::testing::test_redis_url()).unwrap();
    let mut conn = redis.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("careerhub:test:*:session:{id}"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1, "the record lives in Redis");

    let reply = visitor.submit("/api/sign_out", &[]).await;
    assert_eq!(reply.location(), "/");
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("careerhub:test:*:session:{id}"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(keys.is_empty(), "the record is gone: {keys:?}");
    let mut replay = Visitor::new(&app);
    replay.cookie = Some(cookie);
    assert_eq!(replay.whoami().await, None);
}

/// The session record (and the cookie's idle expiry) is written when it changes and once a
/// minute, not by every signed-in request: a store round trip saved on nearly every page.
#[tokio::test]
async fn signed_in_requests_rewrite_the_session_only_once_a_minute() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let id = visitor
        .cookie
        .clone()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_owned();
    let key = format!("{}session:{id}", app.state.config.redis_key_prefix);
    let redis = redis::Client::open(careerhub_core::testing::test_redis_url()).unwrap();
    let mut conn = redis.get_multiplexed_async_connection().await.unwrap();
    let session_cookies = |reply: &crate::harness::Reply| {
        reply
            .headers
            .get_all("set-cookie")
            .iter()
            .filter(|value| value.to_str().unwrap().starts_with("careerhub_session="))
            .count()
    };
    let ttl = |conn: &mut redis::aio::MultiplexedConnection| {
        let mut conn = conn.clone();
        let key = key.clone();
        async move {
            redis::cmd("TTL")
                .arg(&key)
                .query_async::<i64>(&mut conn)
                .await
                .unwrap()
        }
    };

    // Just signed in: the pages that follow write nothing.
    let _: () = redis::cmd("EXPIRE")
        .arg(&key)
        .arg(600)
        .query_async(&mut conn)
        .await
        .unwrap();
    for _ in 0..3 {
        let page = visitor.get("/dashboard").await;
        assert!(page.body.contains("Sign out"));
        assert_eq!(session_cookies(&page), 0, "no new cookie within the minute");
    }
    assert!(ttl(&mut conn).await <= 600, "the record was not rewritten");

    // Last written two minutes ago: the next page writes it once, with a fresh idle expiry.
    let record: String = redis::cmd("GET")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    // Edited as text: the record's id is an i128, which a JSON value would round.
    let seen = record
        .split("\"seen_at\":")
        .nth(1)
        .expect("seen_at in the record");
    let seen: String = seen.chars().take_while(char::is_ascii_digit).collect();
    let two_minutes_ago = time::OffsetDateTime::now_utc().unix_timestamp() - 120;
    let record = record.replace(
        &format!("\"seen_at\":{seen}"),
        &format!("\"seen_at\":{two_minutes_ago}"),
    );
    let _: () = redis::cmd("SET")
        .arg(&key)
        .arg(record)
        .arg("KEEPTTL")
        .query_async(&mut conn)
        .await
        .unwrap();
    let page = visitor.get("/dashboard").await;
    assert!(page.body.contains("Sign out"));
    assert_eq!(session_cookies(&page), 1, "the cookie's expiry moves");
    let idle = app.state.config.session_idle_timeout.as_secs() as i64;
    assert!(
        ttl(&mut conn).await > idle - 60,
        "the record's expiry moved too"
    );
    let page = visitor.get("/dashboard").await;
    assert_eq!(session_cookies(&page), 0, "and not again within the minute");
}

/// C11: idle and absolute expiry are enforced.
#[tokio::test]
async fn idle_and_absolute_expiry_end_sessions() {
    let app = spawn_app().await;
    let (mut idle, idle_email) = signed_up(&app).await;
    let (mut old, old_email) = signed_up(&app).await;
    let mut conn = db_conn(&app);
    let age = |sql: &str, email: &str, conn: &mut PgConnection| {
        diesel::sql_query(sql)
            .bind::<Text, _>(email)
            .execute(conn)
            .unwrap();
    };
    age(
        "UPDATE user_sessions SET last_seen_at = now() - interval '3 hours' \
         WHERE user_id = (SELECT id FROM users WHERE email = $1)",
        &idle_email,
        &mut conn,
    );
    age(
        "UPDATE user_sessions SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' \
         WHERE user_id = (SELECT id FROM users WHERE email = $1)",
        &old_email,
        &mut conn,
    );
    assert_eq!(
        idle.whoami().await,
        None,
        "idle for longer than SESSION_IDLE_MINUTES"
    );
    assert_eq!(
        old.whoami().await,
        None,
        "older than SESSION_ABSOLUTE_HOURS"
    );
}

/// C12: disabling an account ends all of its sessions.
#[tokio::test]
async fn disabling_an_account_ends_its_sessions() {
    let app = spawn_app().await;
    let (mut first, email) = signed_up(&app).await;
    let mut second = Visitor::new(&app);
    second.sign_in(&email, PASSWORD).await;
    diesel::sql_query("UPDATE users SET disabled_at = now() WHERE email = $1")
        .bind::<Text, _>(&email)
        .execute(&mut db_conn(&app))
        .unwrap();
    assert_eq!(first.whoami().await, None);
    assert_eq!(second.whoami().await, None);
    let reply = Visitor::new(&app).sign_in(&email, PASSWORD).await;
    assert!(
        reply.form_error().unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("disabled")
    );
}

/// C13: users list their sessions and revoke one or all others; someone else's session is 404.
#[tokio::test]
async fn sessions_can_be_listed_and_revoked() {
    let app = spawn_app().await;
    let (mut laptop, email) = signed_up(&app).await;
    let mut phone = Visitor::new(&app);
    phone.user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1".into();
    phone.sign_in(&email, PASSWORD).await;
    let mut tablet = Visitor::new(&app);
    tablet.sign_in(&email, PASSWORD).await;

    let list = laptop.call("/api/list_sessions", &[]).await;
    let sessions = list.page_data::<Vec<SessionSummary>>();
    let sessions = sessions.as_array().expect("a list of sessions");
    assert_eq!(sessions.len(), 3);
    let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device"], "Firefox on Linux");
    assert!(
        sessions.iter().any(|s| s["device"] == "Safari on iPhone"),
        "{sessions:?}"
    );
    assert!(sessions.iter().all(|s| s["ip"] == "127.0.0.1"));

    let phone_id = sessions
        .iter()
        .find(|s| s["device"] == "Safari on iPhone")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Another user cannot revoke it.
    let (mut stranger, _) = signed_up(&app).await;
    let reply = stranger
        .call("/api/revoke_session", &[("session_id", &phone_id)])
        .await;
    assert_eq!(reply.status, 404);
    assert!(phone.whoami().await.is_some());

    let reply = laptop
        .submit("/api/revoke_session", &[("session_id", &phone_id)])
        .await;
    assert_eq!(reply.location(), "/settings/security");
    assert_eq!(phone.whoami().await, None);
    assert!(tablet.whoami().await.is_some());

    laptop.submit("/api/revoke_other_sessions", &[]).await;
    assert_eq!(tablet.whoami().await, None);
    assert_eq!(laptop.whoami().await.as_deref(), Some(email.as_str()));

    let page = laptop.get("/settings/security").await;
    assert_eq!(
        page.headers["cache-control"], "no-store",
        "authenticated pages are not cached"
    );
    assert!(page.body.contains("This device"));
    // Static files skip the session machinery (no store write per asset).
    let css = laptop.get("/pkg/careerhub.css").await;
    assert_eq!(css.status, 200);
    assert_eq!(css.headers["cache-control"], "no-cache");
    assert!(!css.headers.contains_key("set-cookie"));
    assert!(
        !page.body.contains("<template"),
        "rendered in order, complete without JavaScript"
    );
    assert_eq!(
        page.body.matches("id=\"field-password\"").count(),
        1,
        "element ids are unique"
    );
}

#[tokio::test]
async fn garbage_in_a_form_is_a_clear_error_not_a_500() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let reply = visitor
        .call("/api/revoke_session", &[("session_id", "not-a-uuid")])
        .await;
    assert!(
        reply.status >= 400 && reply.status < 500,
        "{} {}",
        reply.status,
        reply.body
    );
    let reply = visitor
        .call("/api/sign_in", &[("email", "x@example.org")])
        .await;
    assert!(
        reply.status >= 400 && reply.status < 500,
        "{} {}",
        reply.status,
        reply.body
    );
}
