//! The private calendar feed (RFC 5545): interviews as timed events in UTC and follow-ups as
//! all-day events, written through `ContentLines` (escaping, folding). UIDs are derived from our row ids so calendar apps update events in place.

use careerhub_domain::ids::{ApplicationId, ContactId, UserId};
use careerhub_domain::paths;
use careerhub_domain::tracker::InterviewOutcome;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::content_lines::ContentLines;
use crate::schema::{applications, contacts, interviews};
use crate::service::Error;

use super::dashboard::CLOSED;
use super::models::Interview;

/// The feed of `owner`: interviews from 90 days back on, and open follow-ups.
pub fn feed(
    conn: &mut PgConnection,
    owner: UserId,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let site = public_url.trim_end_matches('/');
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "careerhub".into());
    let entries: Vec<(Interview, String, String)> = interviews::table
        .inner_join(applications::table.on(applications::id.eq(interviews::application_id)))
        .filter(interviews::user_id.eq(owner))
        .filter(interviews::scheduled_at.ge(now - Duration::days(90)))
        .order(interviews::scheduled_at.asc())
        .limit(1000)
        .select((
            Interview::as_select(),
            applications::company,
            applications::role_title,
        ))
        .load(conn)?;
    let application_follow_ups: Vec<(ApplicationId, String, String, chrono::NaiveDate)> =
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
    let contact_follow_ups: Vec<(ContactId, String, chrono::NaiveDate)> = contacts::table
        .filter(contacts::user_id.eq(owner))
        .filter(contacts::next_follow_up_on.is_not_null())
        .limit(1000)
        .select((
            contacts::id,
            contacts::full_name,
            contacts::next_follow_up_on.assume_not_null(),
        ))
        .load(conn)?;

    let mut out = ContentLines::new();
    out.value("BEGIN", "VCALENDAR")
        .value("VERSION", "2.0")
        .text("PRODID", "-//Careerhub//Careerhub//EN")
        .value("CALSCALE", "GREGORIAN")
        .text("NAME", "Careerhub")
        .text("X-WR-CALNAME", "Careerhub")
        .text("DESCRIPTION", "Interviews and follow-ups from Careerhub")
        .value("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
        .value("X-PUBLISHED-TTL", "PT1H");
    let stamp = utc(now);
    for (entry, company, role_title) in entries {
        let link = format!("{site}{}", paths::application(entry.application_id));
        let mut description = format!(
            "{} interview for {} at {}.",
            capitalised(entry.kind.as_str()),
            role_title,
            company
        );
        if let Some(people) = &entry.interviewers {
            description.push_str(&format!("\nWith: {people}"));
        }
        if let Some(meeting) = &entry.meeting_url {
            description.push_str(&format!("\nJoin: {meeting}"));
        }
        description.push_str(&format!("\n{link}"));
        out.value("BEGIN", "VEVENT")
            .text("UID", &format!("interview-{}@{host}", entry.id))
            .value("DTSTAMP", &stamp)
            .text("SUMMARY", &format!("Interview: {role_title} at {company}"))
            .text("DESCRIPTION", &description)
            .value("DTSTART", &utc(entry.scheduled_at))
            .value(
                "DTEND",
                &utc(entry.scheduled_at + Duration::minutes(i64::from(entry.duration_minutes))),
            )
            .value("URL;VALUE=URI", &link);
        if let Some(place) = entry.location.as_deref().or(entry.meeting_url.as_deref()) {
            out.text("LOCATION", place);
        }
        if entry.outcome == InterviewOutcome::Cancelled {
            out.value("STATUS", "CANCELLED");
        }
        out.value("END", "VEVENT");
    }
    let follow_ups = application_follow_ups
        .into_iter()
        .map(|(id, company, role, due)| {
            (
                format!("follow-up-application-{id}"),
                format!("Follow up: {role} at {company}"),
                format!("{site}{}", paths::application(id)),
                due,
            )
        })
        .chain(contact_follow_ups.into_iter().map(|(id, name, due)| {
            (
                format!("follow-up-contact-{id}"),
                format!("Get back to {name}"),
                format!("{site}{}", paths::contact(id)),
                due,
            )
        }));
    for (uid, summary, link, due) in follow_ups {
        // All-day: DTEND is exclusive, so the day after.
        out.value("BEGIN", "VEVENT")
            .text("UID", &format!("{uid}@{host}"))
            .value("DTSTAMP", &stamp)
            .text("SUMMARY", &summary)
            .text("DESCRIPTION", &link)
            .value("DTSTART;VALUE=DATE", &due.format("%Y%m%d").to_string())
            .value(
                "DTEND;VALUE=DATE",
                &(due + Duration::days(1)).format("%Y%m%d").to_string(),
            )
            .value("URL;VALUE=URI", &link)
            .value("END", "VEVENT");
    }
    out.value("END", "VCALENDAR");
    Ok(out.finish())
}

fn utc(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
