//! The dashboard: a handful of indexed aggregate queries, none per row.

use careerhub_domain::paths;
use careerhub_domain::tracker::{
    ApplicationStatus, Dashboard, EventKind, FollowUp, InterviewKind, InterviewOutcome,
    RecentActivity, UpcomingInterview,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamptz};

use careerhub_domain::ids::{ApplicationId, ContactId, UserId};

use crate::schema::{application_events, applications, contacts, interviews};
use crate::service::Error;

use super::applications::timeline_kind;
use super::time::{local_of, today_in, utc_of};

/// Statuses after which an application needs no follow-up.
pub const CLOSED: [&str; 3] = ["accepted", "rejected", "withdrawn"];
const RESPONSES: [&str; 4] = ["screening", "interviewing", "offer", "accepted"];

#[derive(QueryableByName)]
struct Funnel {
    #[diesel(sql_type = BigInt)]
    applied: i64,
    #[diesel(sql_type = BigInt)]
    responded: i64,
    #[diesel(sql_type = BigInt)]
    this_week: i64,
    #[diesel(sql_type = BigInt)]
    last_week: i64,
}

/// Follow-ups of applications and contacts due on or before `until`, soonest first.
pub fn follow_ups_until(
    conn: &mut PgConnection,
    owner: UserId,
    until: NaiveDate,
) -> Result<Vec<FollowUp>, Error> {
    let mut due: Vec<FollowUp> = applications::table
        .filter(applications::user_id.eq(owner))
        .filter(applications::follow_up_on.le(until))
        .filter(diesel::dsl::not(applications::status.eq_any(CLOSED)))
        .order(applications::follow_up_on.asc())
        .limit(50)
        .select((
            applications::id,
            applications::company,
            applications::role_title,
            applications::follow_up_on.assume_not_null(),
        ))
        .load::<(ApplicationId, String, String, NaiveDate)>(conn)?
        .into_iter()
        .map(|(id, company, role, due_on)| FollowUp {
            due_on,
            title: format!("{role} at {company}"),
            link: paths::application(id),
        })
        .collect();
    due.extend(
        contacts::table
            .filter(contacts::user_id.eq(owner))
            .filter(contacts::next_follow_up_on.le(until))
            .order(contacts::next_follow_up_on.asc())
            .limit(50)
            .select((
                contacts::id,
                contacts::full_name,
                contacts::next_follow_up_on.assume_not_null(),
            ))
            .load::<(ContactId, String, NaiveDate)>(conn)?
            .into_iter()
            .map(|(id, name, due_on)| FollowUp {
                due_on,
                title: format!("Get back to {name}"),
                link: paths::contact(id),
            }),
    );
    due.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.title.cmp(&b.title)));
    Ok(due)
}

/// Interviews (not cancelled) between two instants, with their application.
pub fn interviews_between(
    conn: &mut PgConnection,
    owner: UserId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
) -> Result<Vec<UpcomingInterview>, Error> {
    Ok(interviews::table
        .inner_join(applications::table.on(applications::id.eq(interviews::application_id)))
        .filter(interviews::user_id.eq(owner))
        .filter(interviews::scheduled_at.ge(from))
        .filter(interviews::scheduled_at.lt(to))
        .filter(interviews::outcome.ne(InterviewOutcome::Cancelled))
        .order(interviews::scheduled_at.asc())
        .limit(50)
        .select((
            applications::id,
            applications::company,
            applications::role_title,
            interviews::scheduled_at,
            interviews::kind,
        ))
        .load::<(ApplicationId, String, String, DateTime<Utc>, InterviewKind)>(conn)?
        .into_iter()
        .map(
            |(application_id, company, role_title, at, kind)| UpcomingInterview {
                application_id,
                company,
                role_title,
                scheduled_local: local_of(at, tz),
                kind,
            },
        )
        .collect())
}

pub fn dashboard(
    conn: &mut PgConnection,
    owner: UserId,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Dashboard, Error> {
    let today = today_in(tz, now);
    let counts_by_status: Vec<(ApplicationStatus, i64)> = applications::table
        .filter(applications::user_id.eq(owner))
        .group_by(applications::status)
        .select((applications::status, count_star()))
        .load(conn)?;
    let counts: Vec<(ApplicationStatus, i64)> = ApplicationStatus::ALL
        .iter()
        .map(|status| {
            let n = counts_by_status
                .iter()
                .find(|(found, _)| found == status)
                .map_or(0, |(_, n)| *n);
            (*status, n)
        })
        .collect();
    let total = counts.iter().map(|(_, n)| n).sum();

    // Weeks start on Monday, in the user's time zone.
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let week_start = utc_of(monday.and_hms_opt(0, 0, 0).unwrap_or_default(), tz);
    let last_week_start = utc_of(
        (monday - Duration::days(7))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
        tz,
    );
    // Sent: it left the wishlist for the pipeline (has an applied date, or is or was past it).
    // Responded: it reached screening or beyond, now or at any point of its history.
    let funnel: Funnel = diesel::sql_query(
        "SELECT \
           count(*) FILTER (WHERE status NOT IN ('wishlist', 'withdrawn') OR applied_on IS NOT NULL) AS applied, \
           count(*) FILTER (WHERE status = ANY($4) OR EXISTS ( \
               SELECT 1 FROM application_events e \
               WHERE e.application_id = a.id AND e.to_status = ANY($4))) AS responded, \
           count(*) FILTER (WHERE created_at >= $2) AS this_week, \
           count(*) FILTER (WHERE created_at >= $3 AND created_at < $2) AS last_week \
         FROM applications a WHERE user_id = $1",
    )
    .bind::<diesel::sql_types::Uuid, _>(owner)
    .bind::<Timestamptz, _>(week_start)
    .bind::<Timestamptz, _>(last_week_start)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(&RESPONSES[..])
    .get_result(conn)?;

    let upcoming_interviews = interviews_between(conn, owner, now, now + Duration::days(7), tz)?;
    let follow_ups = follow_ups_until(conn, owner, today + Duration::days(7))?;
    let recent = application_events::table
        .inner_join(applications::table.on(applications::id.eq(application_events::application_id)))
        .filter(application_events::user_id.eq(owner))
        .order(application_events::occurred_at.desc())
        .limit(8)
        .select((
            applications::id,
            applications::company,
            applications::role_title,
            application_events::kind,
            application_events::from_status,
            application_events::to_status,
            application_events::occurred_at,
        ))
        .load::<(
            ApplicationId,
            String,
            String,
            EventKind,
            Option<ApplicationStatus>,
            Option<ApplicationStatus>,
            DateTime<Utc>,
        )>(conn)?
        .into_iter()
        .map(
            |(application_id, company, role_title, kind, from, to, occurred_at)| RecentActivity {
                application_id,
                company,
                role_title,
                kind: timeline_kind(kind, from, to),
                occurred_at,
            },
        )
        .collect();
    Ok(Dashboard {
        counts,
        total,
        added_this_week: funnel.this_week,
        added_last_week: funnel.last_week,
        applied: funnel.applied,
        responded: funnel.responded,
        upcoming_interviews,
        follow_ups,
        recent,
        today,
    })
}
