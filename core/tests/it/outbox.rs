//! The email outbox against a real database and SMTP server: concurrent workers never send one
//! message twice, and a message that keeps failing ends up dead, visible to operators.

use std::time::Duration;

use careerhub_core::db;
use careerhub_core::email::{self, EmailKind};
use careerhub_core::mail::Mailer;
use careerhub_core::testing::{SmtpSink, TestDb};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use lettre::message::Mailbox;

fn queue(url: &str, count: usize) {
    let mut conn = db::connect(url).unwrap();
    for n in 0..count {
        let rendered = email::render(
            EmailKind::PasswordChanged,
            serde_json::json!({ "name": format!("User {n}"), "when": "now", "site_url": "http://x" }),
        );
        email::enqueue(&mut conn, None, &format!("user{n}@example.org"), &rendered).unwrap();
    }
}

#[derive(QueryableByName)]
struct Status {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = BigInt)]
    count: i64,
}

fn statuses(url: &str) -> Vec<(String, i64)> {
    diesel::sql_query(
        "SELECT status, count(*) AS count FROM email_outbox GROUP BY status ORDER BY status",
    )
    .load::<Status>(&mut db::connect(url).unwrap())
    .unwrap()
    .into_iter()
    .map(|row| (row.status, row.count))
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_workers_send_each_email_once() {
    let test_db = TestDb::create().await;
    let url = test_db.url.clone();
    tokio::task::spawn_blocking(move || queue(&url, 30))
        .await
        .unwrap();
    let sink = SmtpSink::start().await;
    let pool = db::pool(&test_db.url, 8, Duration::from_secs(5)).unwrap();
    let from: Mailbox = "Careerhub <careerhub@example.org>".parse().unwrap();
    let workers = (0..4).map(|_| {
        let (pool, from) = (pool.clone(), from.clone());
        let mailer = Mailer::new(Some(&sink.url()), &std::env::temp_dir()).unwrap();
        tokio::spawn(async move {
            let mut sent = 0;
            loop {
                let report =
                    email::deliver_due(&pool, &mailer, &from, 5, Duration::from_secs(1), 4)
                        .await
                        .unwrap();
                if report.sent == 0 {
                    return sent;
                }
                sent += report.sent;
            }
        })
    });
    let mut total = 0;
    for worker in workers {
        total += worker.await.unwrap();
    }
    assert_eq!(total, 30);
    let received = sink.wait_for(30, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 30, "every email exactly once");
    let mut recipients: Vec<_> = received.iter().map(|mail| mail.to[0].clone()).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 30, "no duplicates");
    assert_eq!(statuses(&test_db.url), vec![("sent".to_owned(), 30)]);
    assert!(
        received[0]
            .data
            .contains("Content-Type: multipart/alternative")
    );
}

#[tokio::test]
async fn an_email_that_keeps_failing_is_marked_dead() {
    let test_db = TestDb::create().await;
    let url = test_db.url.clone();
    tokio::task::spawn_blocking(move || queue(&url, 1))
        .await
        .unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mailer = Mailer::new(Some(&format!("smtp://{closed}")), &std::env::temp_dir()).unwrap();
    let pool = db::pool(&test_db.url, 2, Duration::from_secs(5)).unwrap();
    let from: Mailbox = "careerhub@example.org".parse().unwrap();

    let first = email::deliver_due(&pool, &mailer, &from, 2, Duration::from_secs(1), 10)
        .await
        .unwrap();
    assert_eq!((first.sent, first.retried, first.dead), (0, 1, 0));
    // Not due again until the backoff has passed.
    let early = email::deliver_due(&pool, &mailer, &from, 2, Duration::from_secs(1), 10)
        .await
        .unwrap();
    assert_eq!(early, email::DeliveryReport::default());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let second = email::deliver_due(&pool, &mailer, &from, 2, Duration::from_secs(1), 10)
        .await
        .unwrap();
    assert_eq!((second.sent, second.retried, second.dead), (0, 0, 1));
    assert_eq!(statuses(&test_db.url), vec![("dead".to_owned(), 1)]);
    let summary = email::summary(&mut db::connect(&test_db.url).unwrap()).unwrap();
    assert_eq!((summary.pending, summary.dead), (0, 1));
    assert_eq!(summary.dead_emails[0].attempts, 2);
}
