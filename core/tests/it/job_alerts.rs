//! Saved-search alerts against the real PostgreSQL: what goes into one (new postings that match,
//! at most ten, only verified addresses, never someone's own posting), when the next is due, and
//! a posting whose import committed after an alert ran still reaching the next one.

use std::time::Duration;

use careerhub_core::db;
use careerhub_core::jobs::alerts::{self, POSTINGS_PER_EMAIL};
use careerhub_core::testing::TestDb;
use careerhub_domain::ids::UserId;
use careerhub_domain::jobs::JobSearch;
use careerhub_domain::jobs::alerts::{AlertFrequency, NewSavedSearch};
use chrono::Utc;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

const SITE: &str = "https://careerhub.example";

struct Setup {
    db: TestDb,
    pool: db::Pool,
}

async fn setup() -> Setup {
    let db = TestDb::create().await;
    let pool = db::pool(&db.url, 4, Duration::from_secs(5)).unwrap();
    Setup { db, pool }
}

impl Setup {
    fn conn(&self) -> PgConnection {
        db::connect(&self.db.url).unwrap()
    }

    fn user(&self, verified: bool) -> UserId {
        let id = Uuid::now_v7();
        diesel::sql_query(
            "INSERT INTO users (id, email, password_hash, display_name, email_verified_at) \
             VALUES ($1, $2, 'x', 'Ada', CASE WHEN $3 THEN now() END)",
        )
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(format!("{}@example.org", id.simple()))
        .bind::<diesel::sql_types::Bool, _>(verified)
        .execute(&mut self.conn())
        .unwrap();
        UserId(id)
    }

    fn saved(&self, owner: UserId, query: &str, frequency: AlertFrequency) {
        alerts::create(
            &mut self.conn(),
            owner,
            &NewSavedSearch {
                name: format!("search {query}"),
                search: JobSearch::from_query(query),
                frequency,
            },
        )
        .unwrap();
    }

    /// The subjects and text bodies queued for `owner`, oldest first.
    fn queued(&self, owner: UserId) -> Vec<(String, String)> {
        #[derive(QueryableByName)]
        struct Queued {
            #[diesel(sql_type = Text)]
            subject: String,
            #[diesel(sql_type = Text)]
            text_body: String,
        }
        diesel::sql_query(
            "SELECT subject, text_body FROM email_outbox WHERE user_id = $1 ORDER BY id",
        )
        .bind::<SqlUuid, _>(owner)
        .load::<Queued>(&mut self.conn())
        .unwrap()
        .into_iter()
        .map(|queued| (queued.subject, queued.text_body))
        .collect()
    }
}

/// Inserts an open posting on `conn` (a feed's, or `owner`'s own).
fn add_posting(conn: &mut PgConnection, title: &str, workplace: &str, owner: Option<UserId>) {
    diesel::sql_query(
        "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), 'Initech', 'initech') \
         ON CONFLICT (name_key) DO NOTHING",
    )
    .execute(conn)
    .unwrap();
    diesel::sql_query(
        "INSERT INTO job_postings (id, company_id, company_name, owner_id, title, workplace, \
            description_text, content_hash) \
         SELECT $1, c.id, c.name, $2, $3, $4, $3, '\\x00' FROM companies c \
          WHERE c.name_key = 'initech'",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<Nullable<SqlUuid>, _>(owner)
    .bind::<Text, _>(title)
    .bind::<Text, _>(workplace)
    .execute(conn)
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_alert_lists_at_most_ten_new_matching_postings_to_verified_addresses() {
    let setup = setup().await;
    let ada = setup.user(true);
    let unverified = setup.user(false);
    setup.saved(ada, "q=rust&workplace=remote", AlertFrequency::Daily);
    setup.saved(unverified, "q=rust", AlertFrequency::Instant);
    let mut conn = setup.conn();
    for n in 0..12 {
        add_posting(&mut conn, &format!("Rust engineer {n}"), "remote", None);
    }
    add_posting(&mut conn, "Rust engineer on site", "on_site", None);
    add_posting(&mut conn, "Remote Go engineer", "remote", None);
    add_posting(
        &mut conn,
        "Rust role Ada pasted herself",
        "remote",
        Some(ada),
    );

    // A daily alert's first email comes a day after the search was saved.
    let now = Utc::now();
    let early = alerts::send_due(&setup.pool, SITE, now + chrono::Duration::hours(23))
        .await
        .unwrap();
    assert_eq!(early.searches, 0, "the unverified account's search waits");
    let now = now + chrono::Duration::days(1);
    let report = alerts::send_due(&setup.pool, SITE, now).await.unwrap();
    assert_eq!(report.searches, 1);
    assert_eq!(report.emails, 1);
    assert_eq!(report.postings as i64, POSTINGS_PER_EMAIL);
    let queued = setup.queued(ada);
    assert_eq!(queued.len(), 1);
    let (subject, body) = &queued[0];
    assert_eq!(
        subject,
        "Over 10 new postings for “search q=rust&workplace=remote”"
    );
    // Newest first: the last two of the twelve, the first two left for the link.
    assert!(body.contains("Rust engineer 11 at Initech"), "{body}");
    assert!(!body.contains("Rust engineer 1 at"), "{body}");
    assert!(!body.contains("on site"), "{body}");
    assert!(!body.contains("Go engineer"), "{body}");
    assert!(!body.contains("pasted"), "{body}");
    assert!(
        body.contains(&format!(
            "There are more: {SITE}/jobs?q=rust&workplace=remote"
        )),
        "{body}"
    );
    assert!(setup.queued(unverified).is_empty());

    // Daily: not due again the same day, due the next.
    add_posting(&mut conn, "Rust engineer 12", "remote", None);
    let later = alerts::send_due(&setup.pool, SITE, now + chrono::Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(later.searches, 0);
    let tomorrow = alerts::send_due(&setup.pool, SITE, now + chrono::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(tomorrow.emails, 1);
    let queued = setup.queued(ada);
    assert_eq!(
        queued[1].0,
        "1 new posting for “search q=rust&workplace=remote”"
    );
    assert!(queued[1].1.contains("Rust engineer 12 at Initech"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_posting_committed_after_an_alert_ran_goes_out_in_the_next() {
    let setup = setup().await;
    let ada = setup.user(true);
    setup.saved(ada, "q=rust", AlertFrequency::Instant);

    // The company first, so the two imports below do not wait on each other's insert of it.
    add_posting(&mut setup.conn(), "Product designer", "remote", None);
    // An import that began before the alert and commits after it.
    let mut importing = setup.conn();
    diesel::sql_query("BEGIN").execute(&mut importing).unwrap();
    add_posting(&mut importing, "Rust engineer, slow import", "remote", None);
    add_posting(
        &mut setup.conn(),
        "Rust engineer, quick import",
        "remote",
        None,
    );

    // While it is open, the alert's window ends where it began: the quick posting, seen after
    // that, waits with it rather than moving the window past the slow one.
    let now = Utc::now() + chrono::Duration::minutes(2);
    let first = alerts::send_due(&setup.pool, SITE, now).await.unwrap();
    assert_eq!((first.searches, first.emails), (1, 0));
    diesel::sql_query("COMMIT").execute(&mut importing).unwrap();

    let next = alerts::send_due(&setup.pool, SITE, now + chrono::Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!((next.emails, next.postings), (1, 2));
    let queued = setup.queued(ada);
    assert_eq!(queued.len(), 1);
    assert!(queued[0].1.contains("quick import"), "{}", queued[0].1);
    assert!(queued[0].1.contains("slow import"), "{}", queued[0].1);

    // Turning the alert off and on again starts from then: nothing old is sent.
    add_posting(
        &mut setup.conn(),
        "Rust engineer, while off",
        "remote",
        None,
    );
    let search = alerts::list(&mut setup.conn(), ada).unwrap()[0].id;
    alerts::set_frequency(&mut setup.conn(), ada, search, AlertFrequency::Off).unwrap();
    alerts::set_frequency(&mut setup.conn(), ada, search, AlertFrequency::Instant).unwrap();
    let after = alerts::send_due(&setup.pool, SITE, Utc::now() + chrono::Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(after.emails, 0);
}
