//! Analytics rollups: per-user daily figures (for the user's own analytics page) and platform
//! daily figures (counts only, nothing that identifies anyone). A rollup recomputes whole days
//! from the source tables, so running it again for the same days gives the same rows.

use careerhub_domain::counted;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date};
use serde::Serialize;

use careerhub_domain::ids::UserId;

use careerhub_domain::tracker::{AnalyticsView, ApplicationStatus, WeekFigures};

use crate::db::Pool;
use crate::schema::{platform_daily_stats, user_daily_stats};
use crate::service::{Error, transact};

/// A rollup covers at most this many days at once (a year and a bit).
pub const MAX_DAYS: i64 = 400;

#[derive(Debug, Clone, Default, Serialize)]
pub struct RollupReport {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub user_rows: usize,
    pub platform_rows: usize,
}

impl RollupReport {
    pub fn summary(&self) -> String {
        format!(
            "{} to {}: {}, {}",
            self.from.map(|d| d.to_string()).unwrap_or_default(),
            self.to.map(|d| d.to_string()).unwrap_or_default(),
            counted(self.user_rows, "user-day row", "user-day rows"),
            counted(self.platform_rows, "platform day", "platform days")
        )
    }
}

/// Recomputes the days from `from` to `to` (inclusive, UTC) in one transaction.
pub async fn rollup(pool: &Pool, from: NaiveDate, to: NaiveDate) -> Result<RollupReport, Error> {
    if to < from {
        return Err(Error::Form(careerhub_domain::FormError::field(
            "to",
            "--to is before --from",
        )));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(Error::Form(careerhub_domain::FormError::field(
            "to",
            format!("roll up at most {MAX_DAYS} days at once"),
        )));
    }
    transact(pool, move |conn| {
        diesel::delete(
            user_daily_stats::table
                .filter(user_daily_stats::day.ge(from))
                .filter(user_daily_stats::day.le(to)),
        )
        .execute(conn)?;
        let user_rows = diesel::sql_query(
            "INSERT INTO user_daily_stats (user_id, day, applications_added, applications_sent, \
                 responses, status_changes, interviews, offers) \
             SELECT user_id, day, sum(added), sum(sent), sum(responded), sum(changed), sum(met), sum(offered) \
             FROM ( \
               SELECT user_id, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS added, 0 AS sent, \
                      0 AS responded, 0 AS changed, 0 AS met, 0 AS offered \
               FROM applications \
               WHERE created_at >= $1::date AT TIME ZONE 'UTC' AND created_at < ($2::date + 1) AT TIME ZONE 'UTC' \
               UNION ALL \
               SELECT e.user_id, (e.occurred_at AT TIME ZONE 'UTC')::date, 0, (e.to_status = 'applied')::int, \
                      (e.to_status IN ('screening', 'interviewing', 'offer', 'accepted') AND NOT EXISTS ( \
                         SELECT 1 FROM application_events p WHERE p.application_id = e.application_id \
                         AND p.to_status IN ('screening', 'interviewing', 'offer', 'accepted') \
                         AND p.occurred_at < e.occurred_at))::int, \
                      (e.kind = 'status')::int, 0, (e.to_status = 'offer')::int \
               FROM application_events e \
               WHERE e.kind <> 'note' AND e.occurred_at >= $1::date AT TIME ZONE 'UTC' \
                 AND e.occurred_at < ($2::date + 1) AT TIME ZONE 'UTC' \
               UNION ALL \
               SELECT user_id, (scheduled_at AT TIME ZONE 'UTC')::date, 0, 0, 0, 0, 1, 0 \
               FROM interviews WHERE outcome <> 'cancelled' \
                 AND scheduled_at >= $1::date AT TIME ZONE 'UTC' AND scheduled_at < ($2::date + 1) AT TIME ZONE 'UTC' \
             ) figures GROUP BY user_id, day",
        )
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .execute(conn)?;
        let platform_rows = diesel::sql_query(
            "INSERT INTO platform_daily_stats (day, users_total, users_new, users_active, \
                 applications_added, status_changes, interviews, emails_sent) \
             SELECT d::date, \
               (SELECT count(*) FROM users WHERE created_at < (d::date + 1) AT TIME ZONE 'UTC'), \
               (SELECT count(*) FROM users WHERE (created_at AT TIME ZONE 'UTC')::date = d::date), \
               (SELECT count(DISTINCT actor_user_id) FROM audit_log \
                  WHERE actor_user_id IS NOT NULL AND (occurred_at AT TIME ZONE 'UTC')::date = d::date), \
               (SELECT count(*) FROM applications WHERE (created_at AT TIME ZONE 'UTC')::date = d::date), \
               (SELECT count(*) FROM application_events \
                  WHERE kind = 'status' AND (occurred_at AT TIME ZONE 'UTC')::date = d::date), \
               (SELECT count(*) FROM interviews \
                  WHERE outcome <> 'cancelled' AND (scheduled_at AT TIME ZONE 'UTC')::date = d::date), \
               (SELECT count(*) FROM email_outbox \
                  WHERE status = 'sent' AND (sent_at AT TIME ZONE 'UTC')::date = d::date) \
             FROM generate_series($1::date, $2::date, interval '1 day') AS d \
             ON CONFLICT (day) DO UPDATE SET users_total = EXCLUDED.users_total, \
               users_new = EXCLUDED.users_new, users_active = EXCLUDED.users_active, \
               applications_added = EXCLUDED.applications_added, \
               status_changes = EXCLUDED.status_changes, interviews = EXCLUDED.interviews, \
               emails_sent = EXCLUDED.emails_sent, computed_at = now()",
        )
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .execute(conn)?;
        Ok(RollupReport {
            from: Some(from),
            to: Some(to),
            user_rows,
            platform_rows,
        })
    })
    .await
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct PlatformDay {
    pub day: NaiveDate,
    pub users_total: i32,
    pub users_new: i32,
    pub users_active: i32,
    pub applications_added: i32,
    pub status_changes: i32,
    pub interviews: i32,
    pub emails_sent: i32,
}

pub fn platform_report(
    conn: &mut PgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PlatformDay>, Error> {
    Ok(platform_daily_stats::table
        .filter(platform_daily_stats::day.ge(from))
        .filter(platform_daily_stats::day.le(to))
        .order(platform_daily_stats::day.asc())
        .select((
            platform_daily_stats::day,
            platform_daily_stats::users_total,
            platform_daily_stats::users_new,
            platform_daily_stats::users_active,
            platform_daily_stats::applications_added,
            platform_daily_stats::status_changes,
            platform_daily_stats::interviews,
            platform_daily_stats::emails_sent,
        ))
        .load(conn)?)
}

#[derive(QueryableByName)]
struct Reached {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: ApplicationStatus,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The user's analytics page: the funnel (how many applications reached each pipeline stage, now
/// or at any time) and the last twelve weeks of applications added and sent, from the rollups for
/// past days plus today's live figures.
pub fn user_view(conn: &mut PgConnection, owner: UserId) -> Result<AnalyticsView, Error> {
    let reached: Vec<Reached> = diesel::sql_query(
        "SELECT s.status, count(DISTINCT a.id) AS n \
         FROM unnest(ARRAY['wishlist','applied','screening','interviewing','offer','accepted']) AS s(status) \
         LEFT JOIN applications a ON a.user_id = $1 AND (a.status = s.status OR EXISTS ( \
             SELECT 1 FROM application_events e WHERE e.application_id = a.id AND e.to_status = s.status)) \
         GROUP BY s.status",
    )
    .bind::<diesel::sql_types::Uuid, _>(owner)
    .load(conn)?;
    let pipeline = [
        ApplicationStatus::Wishlist,
        ApplicationStatus::Applied,
        ApplicationStatus::Screening,
        ApplicationStatus::Interviewing,
        ApplicationStatus::Offer,
        ApplicationStatus::Accepted,
    ];
    let funnel = pipeline
        .iter()
        .map(|status| {
            let n = reached
                .iter()
                .find(|row| row.status == *status)
                .map_or(0, |row| row.n);
            (*status, n)
        })
        .collect();

    let today = Utc::now().date_naive();
    let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let first_monday = this_monday - Duration::weeks(11);
    let days: Vec<(NaiveDate, i32, i32)> = user_daily_stats::table
        .filter(user_daily_stats::user_id.eq(owner))
        .filter(user_daily_stats::day.ge(first_monday))
        .filter(user_daily_stats::day.lt(today))
        .select((
            user_daily_stats::day,
            user_daily_stats::applications_added,
            user_daily_stats::applications_sent,
        ))
        .load(conn)?;
    #[derive(QueryableByName)]
    struct Live {
        #[diesel(sql_type = BigInt)]
        added: i64,
        #[diesel(sql_type = BigInt)]
        sent: i64,
    }
    let live: Live = diesel::sql_query(
        "SELECT \
           (SELECT count(*) FROM applications WHERE user_id = $1 \
              AND created_at >= $2::date AT TIME ZONE 'UTC') AS added, \
           (SELECT count(*) FROM application_events WHERE user_id = $1 AND to_status = 'applied' \
              AND kind <> 'note' AND occurred_at >= $2::date AT TIME ZONE 'UTC') AS sent",
    )
    .bind::<diesel::sql_types::Uuid, _>(owner)
    .bind::<Date, _>(today)
    .get_result(conn)?;
    let weeks = (0..12)
        .map(|index| {
            let start = first_monday + Duration::weeks(index);
            let end = start + Duration::weeks(1);
            let in_week = days
                .iter()
                .filter(|(day, _, _)| *day >= start && *day < end);
            let (mut added, mut sent) = in_week.fold((0i64, 0i64), |(a, s), (_, da, ds)| {
                (a + i64::from(*da), s + i64::from(*ds))
            });
            if today >= start && today < end {
                added += live.added;
                sent += live.sent;
            }
            WeekFigures {
                week_start: start,
                added,
                sent,
            }
        })
        .collect();
    Ok(AnalyticsView {
        funnel,
        weeks,
        today,
    })
}

/// The analytics area's part of the registry (`crate::areas`): a user's daily figures.
pub const AREA: crate::areas::Area = crate::areas::Area {
    name: "analytics",
    user_tables: &[crate::areas::UserTable {
        table: "user_daily_stats",
        column: "user_id",
        erased: crate::areas::Erased::Deleted,
        exported: crate::areas::Exported::In {
            file: "daily-stats.json",
            key: "day",
        },
    }],
    export,
    smoke_check,
    // Rollups compute the figures from the other areas' rows.
    demo: None,
};

#[derive(Serialize, Queryable)]
struct DayExport {
    day: NaiveDate,
    applications_added: i32,
    applications_sent: i32,
    responses: i32,
    status_changes: i32,
    interviews: i32,
    offers: i32,
}

fn export(conn: &mut PgConnection, user: UserId) -> Result<Vec<crate::areas::ExportPart>, Error> {
    let days: Vec<DayExport> = user_daily_stats::table
        .filter(user_daily_stats::user_id.eq(user))
        .order(user_daily_stats::day.asc())
        .select((
            user_daily_stats::day,
            user_daily_stats::applications_added,
            user_daily_stats::applications_sent,
            user_daily_stats::responses,
            user_daily_stats::status_changes,
            user_daily_stats::interviews,
            user_daily_stats::offers,
        ))
        .load(conn)?;
    Ok(vec![crate::areas::ExportPart {
        name: "daily-stats.json",
        about: "your figures per day, as the Analytics page shows them",
        bytes: crate::areas::json(&days)?,
    }])
}

/// The Analytics page.
fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    user_view(conn, user).map(drop)
}
