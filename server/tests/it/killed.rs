//! `kill -9` in the middle of work: what a killed `careerhub` was doing is finished exactly once
//! by the next instance. (An erasure killed half-way: admin/tests, `an_erasure_killed_half_way_…`.)

use std::sync::Arc;
use std::time::Duration;

use careerhub_core::email::{self, EmailKind};
use careerhub_core::testing::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::harness::{spawn_app_with, start_instance, wait_for_mail};

/// An SMTP server that takes a whole message and then never answers the final ".": the sender
/// is left waiting in the middle of sending. `mid_send` fires when the message is in.
async fn stalling_smtp() -> (u16, Arc<Notify>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mid_send = Arc::new(Notify::new());
    let notify = mid_send.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let notify = notify.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 stalling ESMTP\r\n").await;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            notify.notify_one();
                            // Holds the connection open, answering nothing.
                            tokio::time::sleep(Duration::from_secs(600)).await;
                            return;
                        }
                        continue;
                    }
                    let reply: &[u8] = if line.eq_ignore_ascii_case("DATA") {
                        in_data = true;
                        b"354 go on\r\n"
                    } else {
                        b"250 ok\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, mid_send)
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Outbox {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Integer)]
    attempts: i32,
}

fn outbox(conn: &mut PgConnection) -> Vec<Outbox> {
    diesel::sql_query("SELECT status, attempts FROM email_outbox ORDER BY created_at")
        .load(conn)
        .unwrap()
}

/// The instance sending an email is killed while the SMTP server has the message but has not
/// said it took it. Once the dead instance's lease runs out, the next instance sends that email,
/// and only once: one message arrives, the row says sent after two attempts, and nothing more
/// goes out afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_being_sent_when_its_instance_is_killed_goes_out_once_from_the_next() {
    let db = TestDb::create().await;
    let mut conn = db.connect();
    let to = "killed-mid-send@example.org";
    let rendered = email::render(
        EmailKind::PasswordChanged,
        serde_json::json!({ "name": "Ada", "when": "now", "site_url": "http://x" }),
    );
    email::enqueue(&mut conn, None, to, &rendered).unwrap();

    let (smtp_port, mid_send) = stalling_smtp().await;
    let dir = std::env::temp_dir().join(format!("careerhub-killed-{}", uuid::Uuid::now_v7()));
    let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
    let mut killed = start_instance(&db.url, &dir, &[("SMTP_URL", &smtp_url)]);
    tokio::time::timeout(Duration::from_secs(60), mid_send.notified())
        .await
        .expect("the first instance started sending within a minute");
    killed.0.kill().unwrap(); // SIGKILL
    killed.0.wait().unwrap();
    assert_eq!(
        outbox(&mut conn),
        vec![Outbox {
            status: "pending".into(),
            attempts: 1
        }],
        "the killed send is neither sent nor failed"
    );
    // The dead instance's lease is two minutes; let them pass.
    diesel::sql_query("UPDATE email_outbox SET locked_until = now() - interval '1 second'")
        .execute(&mut conn)
        .unwrap();

    let next = spawn_app_with(|settings| {
        settings.insert("DATABASE_URL", db.url.clone());
    })
    .await;
    let (subject, _) = wait_for_mail(&next, to, 1).await;
    assert!(!subject.is_empty());
    // Two polls of the outbox later, still one.
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(next.smtp.messages().len(), 1, "sent once");
    assert_eq!(
        outbox(&mut conn),
        vec![Outbox {
            status: "sent".into(),
            attempts: 2
        }]
    );
    drop(next);
    let _ = std::fs::remove_dir_all(dir);
}
