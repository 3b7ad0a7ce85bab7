//! Saved searches and their alerts over HTTP: saved, changed and deleted without JavaScript,
//! another person's saved search out of reach, and two instances on one database sending one
//! alert whose one-click unsubscribe stops it.

use std::time::Duration;

use careerhub_core::jobs::alerts::send_due;
use careerhub_domain::jobs::alerts::SavedSearch;
use chrono::Utc;
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use uuid::Uuid;

use crate::harness::{TestApp, Visitor, db_conn, mails_to, signed_up, spawn_app, spawn_app_with};

/// Saved-search functions that take a saved search's id: another person's is 404 from each.
pub const SAVED_SEARCH_FUNCTIONS: &[&str] =
    &["/api/set_alert_frequency", "/api/delete_saved_search"];

#[derive(QueryableByName)]
struct Saved {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    frequency: String,
}

/// The saved searches of the account `email`, by name.
fn saved_searches(app: &TestApp, email: &str) -> Vec<Saved> {
    diesel::sql_query(
        "SELECT s.id, s.frequency FROM saved_searches s JOIN users u ON u.id = s.user_id \
         WHERE u.email = $1 ORDER BY s.name",
    )
    .bind::<Text, _>(email)
    .load(&mut db_conn(app))
    .unwrap()
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_a_search_is_saved_changed_and_deleted() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let results = "/jobs?q=rust&location=Berlin";
    let page = visitor.get(results).await;
    assert!(page.body.contains("Save this search"), "{}", page.body);
    assert!(
        page.body
            .contains(r#"name="query" value="q=rust&amp;location=Berlin""#),
        "the box saves the search shown"
    );
    assert!(
        page.body.contains(r#"value="rust · Berlin""#),
        "a name is offered"
    );

    let form = |name: &str, frequency: &str| {
        pairs(&[
            ("name", name),
            ("frequency", frequency),
            ("query", "q=rust&location=Berlin"),
        ])
    };
    let saved = visitor
        .submit_from(
            results,
            "/api/save_search",
            &form("Rust in Berlin", "daily"),
        )
        .await;
    assert_eq!(saved.status, 302, "{}", saved.body);
    assert_eq!(saved.location(), "/jobs/searches");
    let list = visitor.get("/jobs/searches").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Rust in Berlin"));
    assert!(
        list.body
            .contains(r#"href="/jobs?q=rust&amp;location=Berlin""#)
    );

    // The same name again, and a frequency that does not exist: messages on the fields.
    for (name, frequency, message) in [
        (
            "Rust in Berlin",
            "daily",
            "You have a saved search with this name already.",
        ),
        ("Other", "hourly", "Choose one of the options."),
        (" ", "daily", "Give the search a name."),
    ] {
        let refused = visitor
            .submit_from(results, "/api/save_search", &form(name, frequency))
            .await;
        assert_eq!(refused.status, 302);
        let back = visitor.get(refused.location()).await;
        assert!(
            back.body.contains(message),
            "{message}: {}",
            back.location()
        );
    }
    assert_eq!(saved_searches(&app, &email).len(), 1);

    let id = saved_searches(&app, &email)[0].id.to_string();
    let changed = visitor
        .submit_from(
            "/jobs/searches",
            "/api/set_alert_frequency",
            &pairs(&[("id", &id), ("frequency", "weekly")]),
        )
        .await;
    assert_eq!(changed.location(), "/jobs/searches");
    assert_eq!(saved_searches(&app, &email)[0].frequency, "weekly");

    // Another person can neither change nor delete it.
    let (mut stranger, _) = signed_up(&app).await;
    for path in SAVED_SEARCH_FUNCTIONS {
        let fields: &[(&str, &str)] = if *path == "/api/set_alert_frequency" {
            &[("id", &id), ("frequency", "off")]
        } else {
            &[("id", &id)]
        };
        let reply = stranger.call(path, fields).await;
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
    }
    assert_eq!(saved_searches(&app, &email)[0].frequency, "weekly");
    let listed = stranger.call("/api/saved_searches", &[]).await;
    assert_eq!(
        listed.page_data::<Vec<SavedSearch>>(),
        serde_json::json!([])
    );

    let deleted = visitor
        .submit_from(
            "/jobs/searches",
            "/api/delete_saved_search",
            &pairs(&[("id", &id)]),
        )
        .await;
    assert_eq!(deleted.location(), "/jobs/searches");
    assert!(
        visitor
            .get("/jobs/searches")
            .await
            .body
            .contains("No saved searches yet")
    );
}

/// Inserts an open feed posting, first seen now.
fn add_posting(app: &TestApp, title: &str) {
    let mut conn = db_conn(app);
    diesel::sql_query(
        "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), 'Initech', 'initech') \
         ON CONFLICT (name_key) DO NOTHING",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query(
        "INSERT INTO job_postings (id, company_id, company_name, title, locations, description_text, \
            content_hash) \
         SELECT $1, c.id, c.name, $2, ARRAY['Lisbon'], $2, '\\x00' FROM companies c \
          WHERE c.name_key = 'initech'",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<Text, _>(title)
    .execute(&mut conn)
    .unwrap();
}

async fn save_search(visitor: &mut Visitor) {
    let reply = visitor
        .call(
            "/api/save_search",
            &[
                ("name", "Rust <roles>"),
                ("frequency", "instant"),
                ("query", "q=rust"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_send_one_alert_and_its_unsubscribe_link_stops_it() {
    let first = spawn_app().await;
    let database_url = first.db.as_ref().expect("a database").url.clone();
    let second = spawn_app_with(|settings| {
        settings.insert("DATABASE_URL", database_url);
    })
    .await;
    let (mut verified, email) = signed_up(&first).await;
    diesel::sql_query("UPDATE users SET email_verified_at = now() WHERE email = $1")
        .bind::<Text, _>(&email)
        .execute(&mut db_conn(&first))
        .unwrap();
    // Alerts go to verified addresses only.
    let (mut unverified, unverified_email) = signed_up(&first).await;
    add_posting(&first, "Rust engineer seen before the search was saved");
    save_search(&mut verified).await;
    save_search(&mut unverified).await;
    add_posting(&first, "Senior Rust engineer");
    add_posting(&first, "Rust platform lead");
    add_posting(&first, "Product designer");

    let public_url = first.state.config.public_url.as_str().trim_end_matches('/');
    // "As soon as they appear": due a minute after it was saved, at the job's next run.
    let now = Utc::now() + chrono::Duration::minutes(2);
    let (one, other) = tokio::join!(
        send_due(&first.state.db, public_url, now),
        send_due(&second.state.db, public_url, now),
    );
    let (one, other) = (one.unwrap(), other.unwrap());
    assert_eq!(one.emails + other.emails, 1, "{one:?} {other:?}");
    assert_eq!(one.postings + other.postings, 2);

    // The alerts among the mail to the account (its sign-up sent a verification email).
    let alerts = || {
        let mut mails = mails_to(&first, &email);
        mails.extend(mails_to(&second, &email));
        mails.retain(|(subject, _)| subject.contains("new posting"));
        mails
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while alerts().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "no alert arrived");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Give both outbox workers time to send a duplicate, if there were one.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let received = alerts();
    assert_eq!(received.len(), 1);
    let (subject, body) = received[0].clone();
    assert_eq!(subject, "2 new postings for “Rust <roles>”");
    assert!(body.contains("Senior Rust engineer at Initech"), "{body}");
    assert!(body.contains("Rust platform lead at Initech"), "{body}");
    assert!(!body.contains("designer"), "{body}");
    assert!(!body.contains("seen before"), "{body}");
    assert!(
        body.contains(&format!("{public_url}/jobs?q=rust")),
        "{body}"
    );
    let to_unverified = mails_to(&first, &unverified_email)
        .into_iter()
        .chain(mails_to(&second, &unverified_email));
    assert!(
        to_unverified
            .into_iter()
            .all(|(subject, _)| !subject.contains("new posting"))
    );

    // Due again a minute later: nothing new, nothing sent.
    let again = send_due(
        &first.state.db,
        public_url,
        now + chrono::Duration::minutes(2),
    )
    .await
    .unwrap();
    assert_eq!((again.searches, again.emails), (1, 0));

    // The alert's one-click unsubscribe (RFC 8058) stops this search's alert.
    let raw = first
        .smtp
        .messages()
        .into_iter()
        .chain(second.smtp.messages())
        .find(|mail| mail.to.contains(&email) && mail.data.contains("Senior Rust engineer"))
        .expect("the alert")
        .data;
    let unsubscribe = crate::harness::one_click_unsubscribe(&raw);
    assert!(body.contains(&unsubscribe), "{body}");
    let path = unsubscribe.trim_start_matches(public_url).to_owned();
    let opened = first.get(&path).await;
    assert_eq!(opened.status(), 200);
    let text = opened.text().await.unwrap();
    assert!(
        text.contains("Stop the job alert email of this saved search?"),
        "{text}"
    );
    assert!(text.contains(r#"href="/jobs/searches""#), "{text}");
    assert_eq!(saved_searches(&first, &email)[0].frequency, "instant");
    let clicked = reqwest::Client::new()
        .post(format!("{}{path}", second.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(clicked.status(), 200);
    assert_eq!(saved_searches(&first, &email)[0].frequency, "off");
    // The unverified account's search is untouched by the other's link.
    assert_eq!(
        saved_searches(&first, &unverified_email)[0].frequency,
        "instant"
    );

    add_posting(&first, "Rust engineer, after the unsubscribe");
    let after = send_due(
        &first.state.db,
        public_url,
        now + chrono::Duration::minutes(10),
    )
    .await
    .unwrap();
    assert_eq!(after.emails, 0);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(alerts().len(), 1);
    second.stop().await;
}
