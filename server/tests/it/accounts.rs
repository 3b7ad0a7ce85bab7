//! Accounts against the security checklist, sections A and B (see docs/security.md).

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::harness::{
    PASSWORD, Visitor, count, db_conn, link_in, mails_to, signed_up, spawn_app, spawn_app_with,
    token_of, wait_for_mail,
};

#[derive(QueryableByName)]
struct Hash {
    #[diesel(sql_type = Text)]
    password_hash: String,
}

fn stored_hash(conn: &mut PgConnection, email: &str) -> String {
    diesel::sql_query("SELECT password_hash FROM users WHERE email = $1")
        .bind::<Text, _>(email)
        .get_result::<Hash>(conn)
        .expect("user exists")
        .password_hash
}

/// A1: argon2id with OWASP's minimum, salted, and upgraded at the next sign-in when weaker.
#[tokio::test]
async fn passwords_are_argon2id_salted_and_rehashed_when_weaker() {
    let app = spawn_app().await;
    let (_, first) = signed_up(&app).await;
    let (_, second) = signed_up(&app).await;
    let mut conn = db_conn(&app);
    let (a, b) = (
        stored_hash(&mut conn, &first),
        stored_hash(&mut conn, &second),
    );
    assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
    assert_ne!(a, b, "the same password gives different hashes");

    // A hash made with weaker parameters (m=8192, t=1) of the same password.
    let weak = "$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$";
    let weak_hash = {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let params = argon2::Params::new(8192, 1, 1, None).unwrap();
        argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(
                PASSWORD.as_bytes(),
                &SaltString::from_b64("c29tZXNhbHRzb21lc2FsdA").unwrap(),
            )
            .unwrap()
            .to_string()
    };
    assert!(weak_hash.starts_with(weak));
    diesel::sql_query("UPDATE users SET password_hash = $1 WHERE email = $2")
        .bind::<Text, _>(&weak_hash)
        .bind::<Text, _>(&first)
        .execute(&mut conn)
        .unwrap();
    let mut visitor = Visitor::new(&app);
    assert_eq!(visitor.sign_in(&first, PASSWORD).await.location(), "/");
    let upgraded = stored_hash(&mut conn, &first);
    assert!(
        upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{upgraded}"
    );
}

/// A2: length 8+, long and Unicode passwords, no truncation, common passwords refused.
#[tokio::test]
async fn password_policy_is_length_and_commonness_only() {
    let app = spawn_app().await;
    let try_sign_up = |password: String| {
        let app = &app;
        async move {
            let mut visitor = Visitor::new(app);
            let email = format!("p-{}@example.org", uuid::Uuid::now_v7().simple());
            let reply = visitor.sign_up(&email, &password).await;
            (reply.form_error(), email)
        }
    };
    let (error, _) = try_sign_up("seven77".into()).await;
    let error = error.expect("7 characters are refused");
    assert_eq!(error["fields"]["password"], "Use at least 8 characters.");
    assert_eq!(
        error["values"]["display_name"], "Ada Lovelace",
        "typed values come back"
    );
    assert!(
        error["values"].get("password").is_none(),
        "passwords never come back"
    );

    let (error, _) = try_sign_up("Password".into()).await;
    assert!(
        error.unwrap()["fields"]["password"]
            .as_str()
            .unwrap()
            .contains("most common")
    );

    for accepted in [
        "eightch!",
        "ünïcødé pässwörd ✓",
        &"long-passphrase-".repeat(4),
    ] {
        let (error, _) = try_sign_up(accepted.to_owned()).await;
        assert!(error.is_none(), "{accepted:?} refused: {error:?}");
    }

    // 100 characters: the whole password counts, not a prefix.
    let long = format!("{}{}", "a-b-c-d-e-".repeat(9), "0123456789");
    let (error, email) = try_sign_up(long.clone()).await;
    assert!(error.is_none());
    let mut visitor = Visitor::new(&app);
    let reply = visitor.sign_in(&email, &long[..72]).await;
    assert_eq!(
        reply.form_error().unwrap()["message"],
        "Wrong email or password."
    );
    assert_eq!(visitor.sign_in(&email, &long).await.location(), "/");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let reply = visitor
        .submit(
            "/api/change_password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(
        reply.form_error().unwrap()["fields"]["current_password"],
        "That is not your current password."
    );
    let reply = visitor
        .submit(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(reply.location(), "/settings/security?password=changed");
    let mut other = Visitor::new(&app);
    assert_eq!(
        other
            .sign_in(&email, "a brand new passphrase")
            .await
            .location(),
        "/"
    );
    // The change is announced by email (after the verification mail).
    let (subject, _) = wait_for_mail(&app, &email, 2).await;
    assert_eq!(subject, "Your Careerhub password was changed");
}

/// A3: failed sign-ins on one account are throttled (shared through Redis); reset still works.
#[tokio::test]
async fn repeated_failures_throttle_the_account_but_not_password_reset() {
    let app = spawn_app().await;
    let (_, email) = signed_up(&app).await;
    let mut attacker = Visitor::new(&app);
    for _ in 0..5 {
        let reply = attacker
            .call(
                "/api/sign_in",
                &[("email", &email), ("password", "guess guess")],
            )
            .await;
        assert_eq!(reply.status, 422, "{}", reply.body);
    }
    // Even the right password is refused while throttled, with a Retry-After.
    let reply = attacker
        .call("/api/sign_in", &[("email", &email), ("password", PASSWORD)])
        .await;
    assert_eq!(reply.status, 429, "{}", reply.body);
    let retry_after: u64 = reply.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 0 && retry_after <= 15 * 60);
    assert!(reply.body.contains("Too many attempts"), "{}", reply.body);

    // Another account is not affected.
    let (_, other) = signed_up(&app).await;
    assert_eq!(
        Visitor::new(&app)
            .sign_in(&other, PASSWORD)
            .await
            .location(),
        "/"
    );

    // Reset still works for the throttled account.
    let reply = Visitor::new(&app)
        .submit("/api/forgot_password", &[("email", &email)])
        .await;
    assert_eq!(reply.location(), "/forgot-password?sent=1");
    let (subject, _) = wait_for_mail(&app, &email, 2).await;
    assert_eq!(subject, "Reset your Careerhub password");
}

/// A4: an unknown email and a wrong password look the same.
#[tokio::test]
async fn unknown_email_and_wrong_password_answer_alike() {
    let app = spawn_app().await;
    let (_, email) = signed_up(&app).await;
    let mut visitor = Visitor::new(&app);
    let wrong = visitor
        .call(
            "/api/sign_in",
            &[("email", &email), ("password", "wrong password")],
        )
        .await;
    let unknown = visitor
        .call(
            "/api/sign_in",
            &[
                ("email", "nobody@example.org"),
                ("password", "wrong password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, unknown.status);
    let (mut wrong, mut unknown) = (wrong.form_error().unwrap(), unknown.form_error().unwrap());
    wrong["values"].take();
    unknown["values"].take();
    assert_eq!(wrong, unknown);
}

/// B5: tokens are long, stored hashed, single use, expire, and are voided by newer tokens and by a
/// password change.
#[tokio::test]
async fn reset_tokens_are_hashed_single_use_and_voidable() {
    let app = spawn_app().await;
    let (_, email) = signed_up(&app).await;
    let mut conn = db_conn(&app);
    let request_reset = || async {
        let reply = Visitor::new(&app)
            .submit("/api/forgot_password", &[("email", &email)])
            .await;
        assert_eq!(reply.location(), "/forgot-password?sent=1");
    };

    request_reset().await;
    let (_, text) = wait_for_mail(&app, &email, 2).await;
    let first = token_of(&link_in(&text, "/reset-password?token="));
    assert_eq!(first.len(), 64, "256 random bits, hex");
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS count FROM email_tokens WHERE encode(token_hash, 'hex') = $1",
            &first
        ),
        0,
        "the token itself is not stored"
    );

    // A newer token voids the first.
    request_reset().await;
    let (_, text) = wait_for_mail(&app, &email, 3).await;
    let second = token_of(&link_in(&text, "/reset-password?token="));
    let reset = |token: String, password: &'static str| {
        let app = &app;
        async move {
            Visitor::new(app)
                .submit(
                    "/api/reset_password",
                    &[("token", &token), ("password", password)],
                )
                .await
        }
    };
    let reply = reset(first, "first new passphrase").await;
    assert!(
        reply.form_error().unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("not valid any more")
    );
    assert_eq!(
        reset(second.clone(), "second new passphrase")
            .await
            .location(),
        "/signin?reset=1"
    );
    // Single use.
    assert!(
        reset(second, "third new passphrase")
            .await
            .form_error()
            .is_some()
    );

    // Expiry.
    request_reset().await;
    let (_, text) = wait_for_mail(&app, &email, 5).await;
    let expired = token_of(&link_in(&text, "/reset-password?token="));
    diesel::sql_query("UPDATE email_tokens SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 hour' WHERE used_at IS NULL")
        .execute(&mut conn)
        .unwrap();
    assert!(
        reset(expired, "fourth new passphrase")
            .await
            .form_error()
            .is_some()
    );
}

/// B5: a password change voids pending reset links.
#[tokio::test]
async fn a_password_change_voids_pending_reset_links() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let reply = Visitor::new(&app)
        .submit("/api/forgot_password", &[("email", &email)])
        .await;
    assert_eq!(reply.location(), "/forgot-password?sent=1");
    let (_, text) = wait_for_mail(&app, &email, 2).await;
    let pending = token_of(&link_in(&text, "/reset-password?token="));
    let reply = visitor
        .submit(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "fifth new passphrase"),
            ],
        )
        .await;
    assert_eq!(reply.location(), "/settings/security?password=changed");
    let reply = Visitor::new(&app)
        .submit(
            "/api/reset_password",
            &[("token", &pending), ("password", "sixth new passphrase")],
        )
        .await;
    assert!(reply.form_error().is_some());
}

/// B6: the reset request answers alike for known and unknown addresses, is rate-limited per IP,
/// links use PUBLIC_URL whatever the Host header says, and the reset page sends no referrer.
#[tokio::test]
async fn reset_requests_do_not_reveal_accounts_and_links_use_the_public_url() {
    let app = spawn_app().await;
    let (_, email) = signed_up(&app).await;
    let known = Visitor::new(&app)
        .submit("/api/forgot_password", &[("email", &email)])
        .await;
    let unknown = Visitor::new(&app)
        .submit("/api/forgot_password", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(
        (known.status, known.location()),
        (unknown.status, unknown.location())
    );

    let forged_host = app
        .client
        .post(app.url("/api/forgot_password"))
        .header("host", "evil.example")
        .header("origin", &app.base_url)
        .form(&[("email", &email)])
        .send()
        .await
        .unwrap();
    assert!(forged_host.status().is_success() || forged_host.status().is_redirection());
    let (_, text) = wait_for_mail(&app, &email, 3).await;
    let link = link_in(&text, "/reset-password?token=");
    assert!(
        link.starts_with(&format!("{}/reset-password?token=", app.base_url)),
        "{link}"
    );

    let page = Visitor::new(&app).get(&link[app.base_url.len()..]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["referrer-policy"], "no-referrer");

    let mut limited = None;
    for _ in 0..12 {
        let reply = Visitor::new(&app)
            .call("/api/forgot_password", &[("email", "x@example.org")])
            .await;
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
    }
    let limited = limited.expect("the per-IP limit applies");
    assert!(limited.headers.contains_key("retry-after"));
}

/// B7: after a reset every session ends, nobody is signed in automatically, and the owner is told.
#[tokio::test]
async fn a_reset_ends_sessions_signs_nobody_in_and_notifies() {
    let app = spawn_app().await;
    let (mut signed_in, email) = signed_up(&app).await;
    assert_eq!(signed_in.whoami().await.as_deref(), Some(email.as_str()));

    let mut resetter = Visitor::new(&app);
    resetter
        .submit("/api/forgot_password", &[("email", &email)])
        .await;
    let (_, text) = wait_for_mail(&app, &email, 2).await;
    let token = token_of(&link_in(&text, "/reset-password?token="));
    let reply = resetter
        .submit(
            "/api/reset_password",
            &[("token", &token), ("password", "a fresh passphrase")],
        )
        .await;
    assert_eq!(reply.location(), "/signin?reset=1");
    assert_eq!(resetter.whoami().await, None, "no automatic sign-in");
    assert_eq!(signed_in.whoami().await, None, "the other session ended");
    let (subject, _) = wait_for_mail(&app, &email, 3).await;
    assert_eq!(subject, "Your Careerhub password was changed");
}

#[tokio::test]
async fn changing_email_needs_the_password_and_the_new_address_confirms() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let new_email = format!("new-{email}");
    let reply = visitor
        .submit(
            "/api/change_email",
            &[("password", "wrong password"), ("new_email", &new_email)],
        )
        .await;
    let error = reply.form_error().unwrap();
    assert_eq!(
        error["fields"]["password"],
        "That is not your current password."
    );
    assert_eq!(error["values"]["new_email"], new_email.as_str());

    let reply = visitor
        .submit(
            "/api/change_email",
            &[("password", PASSWORD), ("new_email", &new_email)],
        )
        .await;
    assert_eq!(reply.location(), "/settings/security?email=pending");
    let (subject, text) = wait_for_mail(&app, &new_email, 1).await;
    assert_eq!(subject, "Confirm your new email address for Careerhub");
    let (notice, notice_text) = wait_for_mail(&app, &email, 2).await;
    assert_eq!(notice, "Your Careerhub email address is changing");
    assert!(notice_text.contains(&new_email));
    assert_eq!(
        visitor.whoami().await.as_deref(),
        Some(email.as_str()),
        "unchanged until confirmed"
    );

    let token = token_of(&link_in(&text, "/confirm-email?token="));
    let reply = visitor
        .submit("/api/confirm_email", &[("token", &token)])
        .await;
    assert_eq!(reply.location(), "/?email_changed=1");
    assert_eq!(visitor.whoami().await.as_deref(), Some(new_email.as_str()));
    assert_eq!(
        Visitor::new(&app)
            .sign_in(&new_email, PASSWORD)
            .await
            .location(),
        "/"
    );
}

#[tokio::test]
async fn verification_link_confirms_the_address_once() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let page = visitor.get("/").await;
    assert!(
        page.body.contains("Please confirm your email address"),
        "banner shown"
    );
    let (subject, text) = wait_for_mail(&app, &email, 1).await;
    assert_eq!(subject, "Confirm your email address for Careerhub");
    let link = link_in(&text, "/verify-email?token=");
    // Opening the link changes nothing (GET); the button does.
    let page = visitor.get(&link[app.base_url.len()..]).await;
    assert!(page.body.contains("Confirm my email"));
    let mut conn = db_conn(&app);
    let verified =
        "SELECT count(*) AS count FROM users WHERE email = $1 AND email_verified_at IS NOT NULL";
    assert_eq!(count(&mut conn, verified, &email), 0);
    let reply = visitor
        .submit("/api/verify_email", &[("token", &token_of(&link))])
        .await;
    assert_eq!(reply.location(), "/?verified=1");
    assert_eq!(count(&mut conn, verified, &email), 1);
    assert!(
        !visitor
            .get("/")
            .await
            .body
            .contains("Please confirm your email address")
    );
    let again = visitor
        .submit("/api/verify_email", &[("token", &token_of(&link))])
        .await;
    assert!(again.form_error().is_some());
}

#[tokio::test]
async fn deletion_disables_at_once_and_signing_in_cancels_it() {
    let app = spawn_app().await;
    let (mut first, email) = signed_up(&app).await;
    let mut second = Visitor::new(&app);
    second.sign_in(&email, PASSWORD).await;
    assert!(second.whoami().await.is_some());

    let reply = first
        .submit("/api/delete_account", &[("password", "wrong password")])
        .await;
    assert!(reply.form_error().is_some());
    let reply = first
        .submit("/api/delete_account", &[("password", PASSWORD)])
        .await;
    assert_eq!(reply.location(), "/?deleted=1");
    assert_eq!(first.whoami().await, None);
    assert_eq!(second.whoami().await, None, "every session ended");
    let (subject, text) = wait_for_mail(&app, &email, 2).await;
    assert_eq!(subject, "Your Careerhub account will be deleted");
    assert!(text.contains("signing in cancels the deletion"));

    let mut conn = db_conn(&app);
    let pending = "SELECT count(*) AS count FROM users WHERE email = $1 AND deletion_requested_at IS NOT NULL AND disabled_at IS NOT NULL";
    assert_eq!(count(&mut conn, pending, &email), 1);
    assert_eq!(
        Visitor::new(&app)
            .sign_in(&email, PASSWORD)
            .await
            .location(),
        "/"
    );
    assert_eq!(
        count(&mut conn, pending, &email),
        0,
        "signing in cancelled the deletion"
    );
}

#[tokio::test]
async fn registration_can_be_closed_or_need_an_invite() {
    let closed = spawn_app_with(|settings| {
        settings.insert("REGISTRATION", "closed".into());
    })
    .await;
    let reply = Visitor::new(&closed)
        .sign_up("ada@example.org", PASSWORD)
        .await;
    assert_eq!(
        reply.form_error().unwrap()["message"],
        "Sign-ups are closed on this server."
    );

    let invite_only = spawn_app_with(|settings| {
        settings.insert("REGISTRATION", "invite".into());
    })
    .await;
    let reply = Visitor::new(&invite_only)
        .sign_up("ada@example.org", PASSWORD)
        .await;
    assert!(
        reply.form_error().unwrap()["fields"]["invite"]
            .as_str()
            .is_some()
    );

    let token = careerhub_core::accounts::create_invite(
        &mut db_conn(&invite_only),
        None,
        std::time::Duration::from_secs(3600),
    )
    .unwrap();
    let mut visitor = Visitor::new(&invite_only);
    let fields = [
        ("email", "ada@example.org"),
        ("display_name", "Ada"),
        ("password", PASSWORD),
        ("invite", token.as_str()),
    ];
    assert_eq!(
        visitor.submit("/api/sign_up", &fields).await.location(),
        "/"
    );
    let again = [
        ("email", "bob@example.org"),
        ("display_name", "Bob"),
        ("password", PASSWORD),
        ("invite", token.as_str()),
    ];
    let reply = Visitor::new(&invite_only)
        .submit("/api/sign_up", &again)
        .await;
    assert!(
        reply.form_error().unwrap()["fields"]["invite"]
            .as_str()
            .unwrap()
            .contains("not valid")
    );
}

/// 18: security events are audited with time, actor and IP, and without secrets.
#[tokio::test]
async fn security_events_are_audited_without_secrets() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    visitor
        .call(
            "/api/sign_in",
            &[("email", &email), ("password", "wrong password")],
        )
        .await;
    visitor
        .submit("/api/sign_in", &[("email", &email), ("password", PASSWORD)])
        .await;
    visitor
        .submit("/api/forgot_password", &[("email", &email)])
        .await;
    visitor
        .submit(
            "/api/change_email",
            &[("password", PASSWORD), ("new_email", "other@example.org")],
        )
        .await;
    visitor.submit("/api/revoke_other_sessions", &[]).await;
    visitor.submit("/api/sign_out", &[]).await;

    #[derive(QueryableByName, Debug)]
    struct Row {
        #[diesel(sql_type = Text)]
        event: String,
        #[diesel(sql_type = Text)]
        everything: String,
    }
    let mut conn = db_conn(&app);
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT event, row_to_json(a)::text AS everything FROM audit_log a \
         WHERE actor_user_id = (SELECT id FROM users WHERE email = $1) \
           AND ip = '127.0.0.1' AND occurred_at > now() - interval '1 minute' ORDER BY occurred_at",
    )
    .bind::<Text, _>(&email)
    .load(&mut conn)
    .unwrap();
    let events: Vec<&str> = rows.iter().map(|row| row.event.as_str()).collect();
    for expected in [
        "account.sign_up",
        "account.sign_in_failed",
        "account.sign_in",
        "account.password_reset_requested",
        "account.email_change_requested",
        "session.revoked_others",
        "account.sign_out",
    ] {
        assert!(
            events.contains(&expected),
            "{expected} missing from {events:?}"
        );
    }
    for row in &rows {
        assert!(!row.everything.contains(PASSWORD), "{row:?}");
        assert!(!row.everything.to_lowercase().contains("token"), "{row:?}");
    }
}

#[tokio::test]
async fn mails_for_one_address_are_not_sent_to_another() {
    let app = spawn_app().await;
    let (_, first) = signed_up(&app).await;
    let (_, second) = signed_up(&app).await;
    wait_for_mail(&app, &first, 1).await;
    wait_for_mail(&app, &second, 1).await;
    assert_eq!(mails_to(&app, &first).len(), 1);
    assert_eq!(mails_to(&app, &second).len(), 1);
}
