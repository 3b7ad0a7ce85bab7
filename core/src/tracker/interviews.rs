//! Interviews of an application. Every function takes the owner's id and every query filters on
//! it; a row of another user is simply not found.

use careerhub_domain::ids::{ApplicationId, InterviewId, UserId};
use careerhub_domain::tracker::{InterviewInput, InterviewKind, InterviewOutcome, InterviewView};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{applications, interviews};
use crate::service::Error;

use super::applications::owned;
use super::time::{local_of, utc_of};

#[derive(Queryable, Selectable)]
#[diesel(table_name = interviews)]
pub(super) struct InterviewRow {
    id: InterviewId,
    application_id: ApplicationId,
    scheduled_at: DateTime<Utc>,
    duration_minutes: i32,
    kind: InterviewKind,
    location: Option<String>,
    meeting_url: Option<String>,
    interviewers: Option<String>,
    outcome: InterviewOutcome,
    notes: Option<String>,
}

impl InterviewRow {
    pub(super) fn view(self, tz: Tz) -> InterviewView {
        InterviewView {
            id: self.id,
            application_id: self.application_id,
            scheduled_at: self.scheduled_at,
            scheduled_local: local_of(self.scheduled_at, tz),
            duration_minutes: self.duration_minutes,
            kind: self.kind,
            location: self.location,
            meeting_url: self.meeting_url,
            interviewers: self.interviewers,
            outcome: self.outcome,
            notes: self.notes,
        }
    }
}

pub fn add_interview(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
    input: &InterviewInput,
    tz: Tz,
) -> Result<InterviewId, Error> {
    owned(owner, application)
        .select(applications::id)
        .first::<ApplicationId>(conn)?;
    let id = InterviewId(Uuid::now_v7());
    diesel::insert_into(interviews::table)
        .values((
            interviews::id.eq(id),
            interviews::application_id.eq(application),
            interviews::user_id.eq(owner),
            interviews::scheduled_at.eq(utc_of(input.scheduled_local, tz)),
            interviews::duration_minutes.eq(input.duration_minutes),
            interviews::kind.eq(input.kind.as_str()),
            interviews::location.eq(input.location.as_deref()),
            interviews::meeting_url.eq(input.meeting_url.as_deref()),
            interviews::interviewers.eq(input.interviewers.as_deref()),
            interviews::notes.eq(input.notes.as_deref()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Returns the interview's application, for the redirect back to it.
pub fn set_interview_outcome(
    conn: &mut PgConnection,
    owner: UserId,
    interview: InterviewId,
    outcome: InterviewOutcome,
) -> Result<ApplicationId, Error> {
    Ok(diesel::update(
        interviews::table
            .filter(interviews::id.eq(interview))
            .filter(interviews::user_id.eq(owner)),
    )
    .set(interviews::outcome.eq(outcome.as_str()))
    .returning(interviews::application_id)
    .get_result(conn)?)
}

pub fn delete_interview(
    conn: &mut PgConnection,
    owner: UserId,
    interview: InterviewId,
) -> Result<ApplicationId, Error> {
    Ok(diesel::delete(
        interviews::table
            .filter(interviews::id.eq(interview))
            .filter(interviews::user_id.eq(owner)),
    )
    .returning(interviews::application_id)
    .get_result(conn)?)
}

/// Interviews of every application, for the calendar feed and the export.
pub fn all_interviews(
    conn: &mut PgConnection,
    owner: UserId,
    tz: Tz,
) -> Result<Vec<InterviewView>, Error> {
    Ok(interviews::table
        .filter(interviews::user_id.eq(owner))
        .order(interviews::scheduled_at.asc())
        .select(InterviewRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| row.view(tz))
        .collect())
}
