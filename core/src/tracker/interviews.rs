//! Interviews of an application. Every function takes the owner's id and every query filters on
//! it; a row of another user is simply not found.

use careerhub_domain::ids::{ApplicationId, InterviewId, UserId};
use careerhub_domain::tracker::{InterviewInput, InterviewOutcome, InterviewView};
use chrono_tz::Tz;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{applications, interviews};
use crate::service::Error;

use super::applications::owned;
use super::models::{Interview, NewInterview};
use super::time::utc_of;

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
        .values(NewInterview {
            id,
            application_id: application,
            user_id: owner,
            scheduled_at: utc_of(input.scheduled_local, tz),
            duration_minutes: input.duration_minutes,
            kind: input.kind,
            location: input.location.as_deref(),
            meeting_url: input.meeting_url.as_deref(),
            interviewers: input.interviewers.as_deref(),
            notes: input.notes.as_deref(),
            outcome: None,
        })
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
    .set(interviews::outcome.eq(outcome))
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
        .select(Interview::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| row.view(tz))
        .collect())
}
