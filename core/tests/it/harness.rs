//! Tests of the test harness itself: if isolation or the SMTP sink were broken, every other test
//! would prove nothing.

use std::time::Duration;

use careerhub_core::cache::Redis;
use careerhub_core::mail::Mailer;
use careerhub_core::testing::{SmtpSink, TestDb, test_redis_url, unique_redis_prefix};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

fn insert_user(conn: &mut PgConnection, email: &str) {
    diesel::sql_query(
        "INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, 'x', 'Test')",
    )
    .bind::<diesel::sql_types::Uuid, _>(uuid::Uuid::now_v7())
    .bind::<Text, _>(email)
    .execute(conn)
    .unwrap();
}

fn count_users(conn: &mut PgConnection) -> i64 {
    diesel::sql_query("SELECT count(*) AS count FROM users")
        .get_result::<Count>(conn)
        .unwrap()
        .count
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tests_at_once_do_not_see_each_others_data() {
    let (first, second) = tokio::join!(TestDb::create(), TestDb::create());
    assert_ne!(first.name, second.name);
    let (a, b) = tokio::join!(
        tokio::task::spawn_blocking({
            let url = first.url.clone();
            move || {
                let mut conn = careerhub_core::db::connect(&url).unwrap();
                insert_user(&mut conn, "a@example.org");
                count_users(&mut conn)
            }
        }),
        tokio::task::spawn_blocking({
            let url = second.url.clone();
            move || {
                let mut conn = careerhub_core::db::connect(&url).unwrap();
                insert_user(&mut conn, "b@example.org");
                insert_user(&mut conn, "c@example.org");
                count_users(&mut conn)
            }
        }),
    );
    assert_eq!(a.unwrap(), 1);
    assert_eq!(b.unwrap(), 2);
}

#[tokio::test]
async fn a_test_database_is_dropped_with_its_owner() {
    let db = TestDb::create().await;
    let name = db.name.clone();
    let mut admin = careerhub_core::db::connect(
        &std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
    )
    .unwrap();
    let exists = |conn: &mut PgConnection| {
        diesel::sql_query("SELECT count(*) AS count FROM pg_database WHERE datname = $1")
            .bind::<Text, _>(&name)
            .get_result::<Count>(conn)
            .unwrap()
            .count
    };
    assert_eq!(exists(&mut admin), 1);
    drop(db);
    assert_eq!(exists(&mut admin), 0);
}

#[tokio::test]
async fn redis_prefixes_keep_tests_apart() {
    let timeout = Duration::from_secs(2);
    let first = Redis::connect(&test_redis_url(), &unique_redis_prefix(), timeout)
        .await
        .unwrap();
    let second = Redis::connect(&test_redis_url(), &unique_redis_prefix(), timeout)
        .await
        .unwrap();
    assert_ne!(first.key("counter"), second.key("counter"));
    let mut conn = first.connection();
    let _: () = redis::cmd("SET")
        .arg(first.key("counter"))
        .arg(7)
        .arg("EX")
        .arg(60)
        .query_async(&mut conn)
        .await
        .unwrap();
    let mut conn = second.connection();
    let seen: Option<i64> = redis::cmd("GET")
        .arg(second.key("counter"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(seen, None);
    first.ping().await.unwrap();
}

#[tokio::test]
async fn mail_sent_over_smtp_reaches_the_test_server() {
    let sink = SmtpSink::start().await;
    let dir = std::env::temp_dir();
    let mailer = Mailer::new(Some(&sink.url()), &dir).unwrap();
    mailer.test_connection().await.unwrap();
    let message = lettre::Message::builder()
        .from("Careerhub <careerhub@example.org>".parse().unwrap())
        .to("Ada <ada@example.org>".parse().unwrap())
        .subject("Hello from the harness")
        .body("First line.\n.A line starting with a dot.".to_owned())
        .unwrap();
    mailer.send(message).await.unwrap();
    let received = sink.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].from, "careerhub@example.org");
    assert_eq!(received[0].to, vec!["ada@example.org".to_owned()]);
    assert!(received[0].data.contains("Subject: Hello from the harness"));
    assert!(received[0].data.contains(".A line starting with a dot."));
}

#[tokio::test]
async fn a_stopped_smtp_server_refuses_and_can_come_back() {
    let mut sink = SmtpSink::start().await;
    let addr = sink.addr;
    let mailer = Mailer::new(Some(&sink.url()), &std::env::temp_dir()).unwrap();
    sink.stop();
    drop(sink);
    assert!(mailer.test_connection().await.is_err());
    let _back = SmtpSink::start_on(addr).await;
    mailer.test_connection().await.unwrap();
}

#[tokio::test]
async fn without_smtp_url_mail_is_written_to_files() {
    let dir =
        std::env::temp_dir().join(format!("careerhub-mail-{}", uuid::Uuid::now_v7().simple()));
    let mailer = Mailer::new(None, &dir).unwrap();
    let message = lettre::Message::builder()
        .from("careerhub@example.org".parse().unwrap())
        .to("ada@example.org".parse().unwrap())
        .subject("Stored")
        .body("kept on disk".to_owned())
        .unwrap();
    mailer.send(message).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("Subject: Stored"));
    std::fs::remove_dir_all(dir).unwrap();
}
