//! The durable outbox. `enqueue` runs inside the caller's transaction, so an email exists exactly
//! when the change that causes it was committed. `deliver_due` leases due rows with
//! `FOR UPDATE SKIP LOCKED` (instances never take the same row), sends them outside the
//! transaction, then marks each sent, or schedules a retry with exponential backoff, or marks it
//! dead after the last attempt. A sent email's bodies are emptied (they may hold one-time links);
//! a dead one keeps them so it can be queued again, and its links expire on their own. A worker that dies mid-send leaves a lease that simply runs out.

use std::time::Duration;

use careerhub_domain::ops::OutboxStatus;
use chrono::Utc;
use diesel::prelude::*;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use uuid::Uuid;

use careerhub_domain::ids::UserId;

use super::RenderedEmail;
use crate::db::Pool;
use crate::mail::Mailer;
use crate::schema::email_outbox;
use crate::service::{self, Error};

/// How long a worker may hold a row while sending it.
const LEASE: Duration = Duration::from_secs(120);
/// Retries never wait longer than this.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// Queues an email about the account itself (it has no list to leave).
pub fn enqueue(
    conn: &mut PgConnection,
    user_id: Option<UserId>,
    to: &str,
    email: &RenderedEmail,
) -> QueryResult<Uuid> {
    if let Some(list) = email.kind.list() {
        return Err(diesel::result::Error::QueryBuilderError(
            format!(
                "{} is on the {} list: queue it with enqueue_list",
                email.kind.as_str(),
                list.as_str()
            )
            .into(),
        ));
    }
    insert(conn, user_id, to, email, None)
}

/// Queues an email of a list with its one-click unsubscribe address (`unsubscribe::link`), sent
/// as `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058).
pub fn enqueue_list(
    conn: &mut PgConnection,
    user_id: UserId,
    to: &str,
    email: &RenderedEmail,
    unsubscribe_url: &str,
) -> QueryResult<Uuid> {
    if email.kind.list().is_none() {
        return Err(diesel::result::Error::QueryBuilderError(
            format!(
                "{} is account email: queue it with enqueue",
                email.kind.as_str()
            )
            .into(),
        ));
    }
    insert(conn, Some(user_id), to, email, Some(unsubscribe_url))
}

fn insert(
    conn: &mut PgConnection,
    user_id: Option<UserId>,
    to: &str,
    email: &RenderedEmail,
    unsubscribe_url: Option<&str>,
) -> QueryResult<Uuid> {
    let id = Uuid::now_v7();
    diesel::insert_into(email_outbox::table)
        .values((
            email_outbox::id.eq(id),
            email_outbox::user_id.eq(user_id),
            email_outbox::to_address.eq(to),
            email_outbox::kind.eq(email.kind.as_str()),
            email_outbox::subject.eq(&email.subject),
            email_outbox::text_body.eq(&email.text),
            email_outbox::html_body.eq(&email.html),
            email_outbox::unsubscribe_url.eq(unsubscribe_url),
        ))
        .execute(conn)?;
    Ok(id)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = email_outbox)]
struct Leased {
    id: Uuid,
    to_address: String,
    subject: String,
    text_body: String,
    html_body: String,
    attempts: i32,
    unsubscribe_url: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
}

/// Sends up to `batch` due emails. Returns what happened; an SMTP outage is not an error here,
/// it only schedules retries.
pub async fn deliver_due(
    pool: &Pool,
    mailer: &Mailer,
    from: &Mailbox,
    max_attempts: u32,
    retry_base: Duration,
    batch: i64,
) -> Result<DeliveryReport, Error> {
    let leased = service::run(pool, move |conn| {
        conn.transaction(|conn| {
            let due: Vec<Uuid> = email_outbox::table
                .select(email_outbox::id)
                .filter(email_outbox::status.eq(OutboxStatus::Pending))
                .filter(email_outbox::next_attempt_at.le(diesel::dsl::now))
                .filter(
                    email_outbox::locked_until
                        .is_null()
                        .or(email_outbox::locked_until.lt(diesel::dsl::now)),
                )
                .order(email_outbox::next_attempt_at)
                .limit(batch)
                .for_update()
                .skip_locked()
                .load(conn)?;
            let lease_until = Utc::now() + LEASE;
            diesel::update(email_outbox::table.filter(email_outbox::id.eq_any(&due)))
                .set((
                    email_outbox::locked_until.eq(lease_until),
                    email_outbox::attempts.eq(email_outbox::attempts + 1),
                ))
                .returning(Leased::as_returning())
                .get_results(conn)
        })
        .map_err(Error::from)
    })
    .await?;

    let mut report = DeliveryReport::default();
    for email in leased {
        let outcome = match build(from, &email) {
            Ok(message) => mailer.send(message).await.map_err(|err| err.to_string()),
            Err(err) => Err(err),
        };
        let attempts = u32::try_from(email.attempts).unwrap_or(u32::MAX);
        let id = email.id;
        match outcome {
            Ok(()) => {
                report.sent += 1;
                service::run(pool, move |conn| {
                    diesel::update(email_outbox::table.find(id))
                        .set((
                            email_outbox::status.eq(OutboxStatus::Sent),
                            email_outbox::sent_at.eq(Utc::now()),
                            // Bodies may hold one-time links: once delivered, only what an
                            // operator needs (recipient, kind, subject, times) is kept.
                            email_outbox::text_body.eq(""),
                            email_outbox::html_body.eq(""),
                            email_outbox::locked_until.eq(None::<chrono::DateTime<Utc>>),
                            email_outbox::last_error.eq(None::<String>),
                        ))
                        .execute(conn)
                        .map_err(Error::from)
                })
                .await?;
            }
            Err(error) => {
                let dead = attempts >= max_attempts;
                if dead {
                    report.dead += 1;
                    tracing::error!(email_id = %id, attempts, %error, "email is dead after its last attempt");
                } else {
                    report.retried += 1;
                    tracing::warn!(email_id = %id, attempts, %error, "sending failed; will retry");
                }
                let wait = backoff(retry_base, attempts);
                service::run(pool, move |conn| {
                    diesel::update(email_outbox::table.find(id))
                        .set((
                            email_outbox::status.eq(if dead {
                                OutboxStatus::Dead
                            } else {
                                OutboxStatus::Pending
                            }),
                            email_outbox::next_attempt_at.eq(Utc::now() + wait),
                            email_outbox::locked_until.eq(None::<chrono::DateTime<Utc>>),
                            email_outbox::last_error
                                .eq(error.chars().take(1000).collect::<String>()),
                        ))
                        .execute(conn)
                        .map_err(Error::from)
                })
                .await?;
            }
        }
    }
    Ok(report)
}

/// base · 2^(attempts−1), at most an hour.
fn backoff(base: Duration, attempts: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(16));
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

fn build(from: &Mailbox, email: &Leased) -> Result<Message, String> {
    let to: Mailbox = email
        .to_address
        .parse()
        .map_err(|err| format!("bad recipient: {err}"))?;
    let mut message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&email.subject)
        .message_id(Some(format!("<{}@careerhub>", email.id)));
    if let Some(url) = &email.unsubscribe_url {
        message = message
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    message
        .multipart(MultiPart::alternative_plain_html(
            email.text_body.clone(),
            email.html_body.clone(),
        ))
        .map_err(|err| format!("cannot build the message: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(240));
        assert_eq!(backoff(base, 30), MAX_BACKOFF);
    }

    #[test]
    fn list_email_carries_one_click_unsubscribe_headers_and_account_email_none() {
        let from: Mailbox = "Careerhub <noreply@careers.example.org>".parse().unwrap();
        let leased = |unsubscribe_url: Option<&str>| Leased {
            id: Uuid::now_v7(),
            to_address: "ada@example.org".into(),
            subject: "Your day".into(),
            text_body: "text".into(),
            html_body: "<p>html</p>".into(),
            attempts: 1,
            unsubscribe_url: unsubscribe_url.map(str::to_owned),
        };
        let url = "https://careers.example.org/unsubscribe/0123";
        let list =
            String::from_utf8(build(&from, &leased(Some(url))).unwrap().formatted()).unwrap();
        assert!(
            list.contains(&format!("List-Unsubscribe: <{url}>\r\n")),
            "{list}"
        );
        assert!(
            list.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            "{list}"
        );
        let account = String::from_utf8(build(&from, &leased(None)).unwrap().formatted()).unwrap();
        assert!(!account.contains("List-Unsubscribe"), "{account}");
    }
}

/// What operators see of the outbox.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OutboxSummary {
    pub pending: i64,
    pub sent: i64,
    pub dead: i64,
    /// Seconds the oldest pending email has waited.
    pub oldest_pending_seconds: Option<i64>,
    pub dead_emails: Vec<DeadEmail>,
}

#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct DeadEmail {
    pub id: Uuid,
    pub kind: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: chrono::DateTime<Utc>,
}

pub fn summary(conn: &mut PgConnection) -> QueryResult<OutboxSummary> {
    let counts: Vec<(OutboxStatus, i64)> = email_outbox::table
        .group_by(email_outbox::status)
        .select((email_outbox::status, diesel::dsl::count_star()))
        .load(conn)?;
    let count = |status: OutboxStatus| {
        counts
            .iter()
            .find(|(found, _)| *found == status)
            .map_or(0, |(_, count)| *count)
    };
    let oldest: Option<chrono::DateTime<Utc>> = email_outbox::table
        .filter(email_outbox::status.eq(OutboxStatus::Pending))
        .select(diesel::dsl::min(email_outbox::created_at))
        .first(conn)?;
    let dead_emails = email_outbox::table
        .filter(email_outbox::status.eq(OutboxStatus::Dead))
        .order(email_outbox::created_at.desc())
        .limit(50)
        .select((
            email_outbox::id,
            email_outbox::kind,
            email_outbox::attempts,
            email_outbox::last_error,
            email_outbox::created_at,
        ))
        .load(conn)?;
    Ok(OutboxSummary {
        pending: count(OutboxStatus::Pending),
        sent: count(OutboxStatus::Sent),
        dead: count(OutboxStatus::Dead),
        oldest_pending_seconds: oldest.map(|at| (Utc::now() - at).num_seconds()),
        dead_emails,
    })
}

/// Puts dead emails back in the queue with a fresh set of attempts (after fixing SMTP, say).
pub fn requeue_dead(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::update(email_outbox::table.filter(email_outbox::status.eq(OutboxStatus::Dead)))
        .set((
            email_outbox::status.eq(OutboxStatus::Pending),
            email_outbox::attempts.eq(0),
            email_outbox::next_attempt_at.eq(Utc::now()),
        ))
        .execute(conn)
}
