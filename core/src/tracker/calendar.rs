//! The private calendar feed (RFC 5545): interviews as timed events in UTC and follow-ups as
//! all-day events. UIDs are derived from our row ids so calendar apps update events in place.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use uuid::Uuid;

use crate::schema::{applications, contacts, interviews};
use crate::service::Error;

use super::dashboard::CLOSED;

#[derive(Queryable)]
struct InterviewEntry {
    id: Uuid,
    application_id: Uuid,
    scheduled_at: DateTime<Utc>,
    duration_minutes: i32,
    kind: String,
    location: Option<String>,
    meeting_url: Option<String>,
    interviewers: Option<String>,
    outcome: String,
    company: String,
    role_title: String,
}

/// The feed of `owner`: interviews from 90 days back on, and open follow-ups.
pub fn feed(
    conn: &mut PgConnection,
    owner: Uuid,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let site = public_url.trim_end_matches('/');
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "careerhub".into());
    let entries: Vec<InterviewEntry> = interviews::table
        .inner_join(applications::table.on(applications::id.eq(interviews::application_id)))
        .filter(interviews::user_id.eq(owner))
        .filter(interviews::scheduled_at.ge(now - Duration::days(90)))
        .order(interviews::scheduled_at.asc())
        .limit(1000)
        .select((
            interviews::id,
            interviews::application_id,
            interviews::scheduled_at,
            interviews::duration_minutes,
            interviews::kind,
            interviews::location,
            interviews::meeting_url,
            interviews::interviewers,
            interviews::outcome,
            applications::company,
            applications::role_title,
        ))
        .load(conn)?;
    let application_follow_ups: Vec<(Uuid, String, String, chrono::NaiveDate)> =
        applications::table
            .filter(applications::user_id.eq(owner))
            .filter(applications::follow_up_on.is_not_null())
            .filter(diesel::dsl::not(applications::status.eq_any(CLOSED)))
            .limit(1000)
            .select((
                applications::id,
                applications::company,
                applications::role_title,
                applications::follow_up_on.assume_not_null(),
            ))
            .load(conn)?;
    let contact_follow_ups: Vec<(Uuid, String, chrono::NaiveDate)> = contacts::table
        .filter(contacts::user_id.eq(owner))
        .filter(contacts::next_follow_up_on.is_not_null())
        .limit(1000)
        .select((
            contacts::id,
            contacts::full_name,
            contacts::next_follow_up_on.assume_not_null(),
        ))
        .load(conn)?;

    let mut calendar = Calendar::new();
    calendar.name("Careerhub");
    calendar.description("Interviews and follow-ups from Careerhub");
    calendar.append_property(("REFRESH-INTERVAL;VALUE=DURATION", "PT1H"));
    calendar.append_property(("X-PUBLISHED-TTL", "PT1H"));
    for entry in entries {
        let link = format!("{site}/applications/{}", entry.application_id);
        let mut description = format!(
            "{} interview for {} at {}.",
            capitalised(&entry.kind),
            entry.role_title,
            entry.company
        );
        if let Some(people) = &entry.interviewers {
            description.push_str(&format!("\nWith: {people}"));
        }
        if let Some(meeting) = &entry.meeting_url {
            description.push_str(&format!("\nJoin: {meeting}"));
        }
        description.push_str(&format!("\n{link}"));
        let mut event = Event::new();
        event
            .uid(&format!("interview-{}@{host}", entry.id))
            .timestamp(now)
            .summary(&format!(
                "Interview: {} at {}",
                entry.role_title, entry.company
            ))
            .description(&description)
            .starts(entry.scheduled_at)
            .ends(entry.scheduled_at + Duration::minutes(i64::from(entry.duration_minutes)))
            .url(&link);
        if let Some(place) = entry.location.as_deref().or(entry.meeting_url.as_deref()) {
            event.location(place);
        }
        if entry.outcome == "cancelled" {
            event.status(EventStatus::Cancelled);
        }
        calendar.push(event.done());
    }
    for (id, company, role, due) in application_follow_ups {
        let link = format!("{site}/applications/{id}");
        calendar.push(
            Event::new()
                .uid(&format!("follow-up-application-{id}@{host}"))
                .timestamp(now)
                .summary(&format!("Follow up: {role} at {company}"))
                .description(&link)
                .all_day(due)
                .url(&link)
                .done(),
        );
    }
    for (id, name, due) in contact_follow_ups {
        let link = format!("{site}/contacts/{id}");
        calendar.push(
            Event::new()
                .uid(&format!("follow-up-contact-{id}@{host}"))
                .timestamp(now)
                .summary(&format!("Get back to {name}"))
                .description(&link)
                .all_day(due)
                .url(&link)
                .done(),
        );
    }
    Ok(calendar.done().to_string())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
