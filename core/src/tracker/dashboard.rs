//! The dashboard: a handful of indexed aggregate queries, none per row.

use careerhub_domain::paths;
use careerhub_domain::tracker::{
    ApplicationStatus, Dashboard, EventKind, FollowUp, InterviewKind, InterviewOutcome,
    RecentActivity, UpcomingInterview,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::dsl::{count, count_star, exists, not};
use diesel::expression_methods::AggregateExpressionMethods;
use diesel::prelude::*;

use careerhub_domain::ids::{ApplicationId, ContactId, UserId};

use crate::schema::{application_events, applications, contacts, interviews};
use crate::service::Error;

use super::applications::timeline_kind;
use super::time::{local_of, today_in, utc_of};

/// Statuses after which an application needs no follow-up.
pub const CLOSED: [&str; 3] = ["accepted", "rejected", "withdrawn"];
const RESPONSES: [&str; 4] = ["screening", "interviewing", "offer", "accepted"];

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
    // Weeks start on Monday, in the user's time zone.
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let week_start = utc_of(monday.and_hms_opt(0, 0, 0).unwrap_or_default(), tz);
    let last_week_start = utc_of(
        (monday - Duration::days(7))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
        tz,
    );
    // One pass over the person's applications gives the columns' counts and the funnel, per
    // status, summed below. Sent: it left the wishlist for the pipeline (has an applied date,
    // or is or was past it). Responded: it reached screening or beyond, now or at any point of
    // its history. In the query builder, not `sql_query`, so each connection prepares it once
    // instead of parsing and planning it for every page.
    let ever_responded = exists(
        application_events::table
            .filter(application_events::application_id.eq(applications::id))
            .filter(application_events::to_status.eq_any(RESPONSES)),
    );
    let by_status: Vec<(ApplicationStatus, i64, i64, i64, i64, i64)> = applications::table
        .filter(applications::user_id.eq(owner))
        .group_by(applications::status)
        .select((
            applications::status,
            count_star(),
            count(applications::id).aggregate_filter(
                not(applications::status.eq_any(["wishlist", "withdrawn"]))
                    .or(applications::applied_on.is_not_null()),
            ),
            count(applications::id)
                .aggregate_filter(applications::status.eq_any(RESPONSES).or(ever_responded)),
            count(applications::id).aggregate_filter(applications::created_at.ge(week_start)),
            count(applications::id).aggregate_filter(
                applications::created_at
                    .ge(last_week_start)
                    .and(applications::created_at.lt(week_start)),
            ),
        ))
        .load(conn)?;
    let counts: Vec<(ApplicationStatus, i64)> = ApplicationStatus::ALL
        .iter()
        .map(|status| {
            let n = by_status
                .iter()
                .find(|row| row.0 == *status)
                .map_or(0, |row| row.1);
            (*status, n)
        })
        .collect();
    let total = counts.iter().map(|(_, n)| n).sum();
    let (applied, responded, this_week, last_week) =
        by_status.iter().fold((0, 0, 0, 0), |sum, row| {
            (sum.0 + row.2, sum.1 + row.3, sum.2 + row.4, sum.3 + row.5)
        });

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
        added_this_week: this_week,
        added_last_week: last_week,
        applied,
        responded,
        upcoming_interviews,
        follow_ups,
        recent,
        today,
    })
}
