//! The daily reminder digest: once per user and local day, at or after the user's digest hour,
//! a summary of follow-ups due and tomorrow's interviews, by email (through the outbox) and as an
//! in-app notification. The digest_deliveries row is claimed in the same transaction as both, so a
//! second run — on this instance or another — finds the day done and sends nothing.

use careerhub_domain::paths;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{Bool, SmallInt, Text, Timestamptz};
use serde::Serialize;
use uuid::Uuid;

use careerhub_domain::ids::UserId;

use crate::db::Pool;
use crate::email::unsubscribe::Subscription;
use crate::email::{self, EmailKind};
use crate::schema::digest_deliveries;
use crate::service::{Error, run};

use super::dashboard::{follow_ups_until, interviews_between};
use super::notifications;
use super::time::{parse_zone, today_in, utc_of};

/// Users handled per database round; keeps each transaction short.
const BATCH: i64 = 200;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DigestReport {
    /// Users whose day was handled (with or without anything to say).
    pub users: usize,
    pub emails: usize,
    pub notifications: usize,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: UserId,
    #[diesel(sql_type = Text)]
    email: String,
    #[diesel(sql_type = Text)]
    display_name: String,
    #[diesel(sql_type = Text)]
    timezone: String,
    #[diesel(sql_type = Bool)]
    verified: bool,
    #[diesel(sql_type = Bool)]
    digest_email: bool,
    #[diesel(sql_type = Bool)]
    in_app: bool,
    #[diesel(sql_type = SmallInt)]
    digest_hour: i16,
}

#[derive(Serialize)]
struct Item {
    title: String,
    link: String,
    due: String,
    overdue: bool,
    time: String,
    place: String,
}

/// Prepares every digest that is due at `now`. Safe to run as often as wanted.
pub async fn run_digests(
    pool: &Pool,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<DigestReport, Error> {
    let site_url = public_url.trim_end_matches('/').to_owned();
    let mut report = DigestReport::default();
    let mut after = UserId(Uuid::nil());
    loop {
        let site_url = site_url.clone();
        let (batch, last) = run(pool, move |conn| {
            let candidates = candidates(conn, now, after)?;
            let last = candidates.last().map(|c| c.id);
            let mut batch = DigestReport::default();
            for candidate in candidates {
                let done = prepare(conn, &candidate, now, &site_url)?;
                batch.users += usize::from(done.0);
                batch.emails += usize::from(done.1);
                batch.notifications += usize::from(done.2);
            }
            Ok((batch, last))
        })
        .await?;
        report.users += batch.users;
        report.emails += batch.emails;
        report.notifications += batch.notifications;
        match last {
            Some(id) => after = id,
            None => return Ok(report),
        }
    }
}

/// Active users past their digest hour without a digest for their local today, in id order.
fn candidates(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    after: UserId,
) -> QueryResult<Vec<Candidate>> {
    diesel::sql_query(
        // A zone PostgreSQL does not know (its zone data may lag chrono-tz's) counts as UTC,
        // so one account cannot stop everyone's digests.
        "WITH zones AS (SELECT name FROM pg_timezone_names) \
         SELECT u.id, u.email, u.display_name, z.zone AS timezone, \
                u.email_verified_at IS NOT NULL AS verified, \
                coalesce(p.digest_email, true) AS digest_email, \
                coalesce(p.in_app, true) AS in_app, \
                coalesce(p.digest_hour, 8::smallint) AS digest_hour \
         FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id \
         CROSS JOIN LATERAL (SELECT coalesce( \
             (SELECT name FROM zones WHERE name = u.timezone), 'UTC') AS zone) z \
         WHERE u.id > $2 AND u.disabled_at IS NULL AND u.deletion_requested_at IS NULL \
           AND (coalesce(p.digest_email, true) OR coalesce(p.in_app, true)) \
           AND NOT EXISTS (SELECT 1 FROM digest_deliveries d WHERE d.user_id = u.id \
                           AND d.local_date = ($1 AT TIME ZONE z.zone)::date) \
           AND extract(hour FROM ($1 AT TIME ZONE z.zone)) >= coalesce(p.digest_hour, 8) \
         ORDER BY u.id LIMIT $3",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<diesel::sql_types::Uuid, _>(after)
    .bind::<diesel::sql_types::BigInt, _>(BATCH)
    .load(conn)
}

/// One user's day: (handled, emailed, notified).
fn prepare(
    conn: &mut PgConnection,
    user: &Candidate,
    now: DateTime<Utc>,
    site_url: &str,
) -> Result<(bool, bool, bool), Error> {
    let tz: Tz = parse_zone(&user.timezone).unwrap_or(Tz::UTC);
    let today = today_in(tz, now);
    // The SQL filter used PostgreSQL's zone data; check the hour again with ours.
    if now
        .with_timezone(&tz)
        .format("%H")
        .to_string()
        .parse::<i16>()
        .unwrap_or(0)
        < user.digest_hour
    {
        return Ok((false, false, false));
    }
    conn.transaction(|conn| {
        let claimed = diesel::insert_into(digest_deliveries::table)
            .values((
                digest_deliveries::user_id.eq(user.id),
                digest_deliveries::local_date.eq(today),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
        if claimed == 0 {
            return Ok((false, false, false));
        }
        let follow_ups = follow_ups_until(conn, user.id, today)?;
        let tomorrow = today + Duration::days(1);
        let start = utc_of(tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default(), tz);
        let end = utc_of(
            (tomorrow + Duration::days(1))
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default(),
            tz,
        );
        let interviews = interviews_between(conn, user.id, start, end, tz)?;
        if follow_ups.is_empty() && interviews.is_empty() {
            return Ok((true, false, false));
        }
        let follow_up_items: Vec<Item> = follow_ups
            .iter()
            .map(|item| Item {
                title: item.title.clone(),
                link: format!("{site_url}{}", item.link),
                due: item.due_on.format("%-d %B").to_string(),
                overdue: item.due_on < today,
                time: String::new(),
                place: String::new(),
            })
            .collect();
        let interview_items: Vec<Item> = interviews
            .iter()
            .map(|item| Item {
                title: format!("{} at {}", item.role_title, item.company),
                link: format!("{site_url}{}", paths::application(item.application_id)),
                due: String::new(),
                overdue: false,
                time: item.scheduled_local.format("%H:%M").to_string(),
                place: item.kind.label().to_owned(),
            })
            .collect();
        // Unverified addresses get account mail only.
        let emailed = user.digest_email && user.verified;
        let unsubscribe_url = if emailed {
            email::unsubscribe::link(conn, user.id, Subscription::DailyDigest, site_url)?
        } else {
            String::new()
        };
        let rendered = email::render(
            EmailKind::DailyDigest,
            minijinja::context! {
                name => &user.display_name,
                site_url => site_url,
                day => today.format("%A, %-d %B").to_string(),
                follow_ups => &follow_up_items,
                interviews => &interview_items,
                unsubscribe_url => &unsubscribe_url,
            },
        );
        if emailed {
            email::enqueue_list(conn, user.id, &user.email, &rendered, &unsubscribe_url)?;
        }
        if user.in_app {
            let body = follow_up_items
                .iter()
                .map(|item| format!("Follow up: {}", item.title))
                .chain(
                    interview_items
                        .iter()
                        .map(|item| format!("Interview {} tomorrow: {}", item.time, item.title)),
                )
                .collect::<Vec<_>>()
                .join("\n");
            notifications::create(
                conn,
                user.id,
                "daily_digest",
                &rendered.subject,
                &body,
                Some(paths::DASHBOARD),
            )?;
        }
        Ok((true, emailed, user.in_app))
    })
}
