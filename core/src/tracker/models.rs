//! One type per tracker table, shared by the queries and the demo seed: the row as read
//! (`Application`), what an insert writes (`NewApplication`), what a form sets (`ApplicationFields`,
//! also an edit's changeset). A `None` in a `New*` timestamp or default column lets PostgreSQL's
//! default stand.

use careerhub_domain::ids::{
    ActivityId, ApplicationId, ContactId, EventId, InteractionId, InterviewId, UserId,
};
use careerhub_domain::tracker::{
    Activity, ActivityInput, ActivityKind, ActivityStatus, ApplicationCard, ApplicationData,
    ApplicationInput, ApplicationStatus, ContactData, ContactInput, EventKind, InteractionChannel,
    InterviewKind, InterviewOutcome, InterviewView, Relationship, WorkArrangement,
};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{
    application_contacts, application_events, applications, contact_interactions, contacts,
    development_activities, interviews,
};

use super::time::local_of;

// applications

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct Application {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub job_url: Option<String>,
    pub location: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub salary_currency: Option<String>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub status: ApplicationStatus,
    pub applied_on: Option<NaiveDate>,
    pub follow_up_on: Option<NaiveDate>,
    pub cv_version_id: Option<Uuid>,
    pub cover_letter_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Application> for ApplicationData {
    fn from(row: Application) -> Self {
        Self {
            id: row.id,
            company: row.company,
            role_title: row.role_title,
            job_url: row.job_url,
            location: row.location,
            work_arrangement: row.work_arrangement,
            salary_min: row.salary_min,
            salary_max: row.salary_max,
            salary_currency: row.salary_currency,
            source: row.source,
            notes: row.notes,
            status: row.status,
            applied_on: row.applied_on,
            follow_up_on: row.follow_up_on,
            cv_version_id: row.cv_version_id,
            cover_letter_id: row.cover_letter_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A row of the list view: what it shows, so not the long text.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct ApplicationCardRow {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub location: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub status: ApplicationStatus,
    pub follow_up_on: Option<NaiveDate>,
    pub status_changed_at: DateTime<Utc>,
}

/// A card of the board, with the status that picks its column.
#[derive(Debug, QueryableByName)]
#[diesel(table_name = applications)]
pub struct BoardCardRow {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub location: Option<String>,
    pub status: ApplicationStatus,
    pub follow_up_on: Option<NaiveDate>,
}

impl From<ApplicationCardRow> for ApplicationCard {
    fn from(row: ApplicationCardRow) -> Self {
        Self {
            id: row.id,
            company: row.company,
            role_title: row.role_title,
            location: row.location,
            work_arrangement: row.work_arrangement,
            status: row.status,
            follow_up_on: row.follow_up_on,
            status_changed_at: row.status_changed_at,
        }
    }
}

/// What the application form sets: inserted with a new application, the changeset of an edit.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = applications, treat_none_as_null = true)]
pub struct ApplicationFields<'a> {
    pub company: &'a str,
    pub role_title: &'a str,
    pub job_url: Option<&'a str>,
    pub location: Option<&'a str>,
    pub work_arrangement: Option<WorkArrangement>,
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub salary_currency: Option<&'a str>,
    pub source: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub applied_on: Option<NaiveDate>,
    pub follow_up_on: Option<NaiveDate>,
}

impl<'a> From<&'a ApplicationInput> for ApplicationFields<'a> {
    fn from(input: &'a ApplicationInput) -> Self {
        Self {
            company: &input.company,
            role_title: &input.role_title,
            job_url: input.job_url.as_deref(),
            location: input.location.as_deref(),
            work_arrangement: input.work_arrangement,
            salary_min: input.salary_min,
            salary_max: input.salary_max,
            salary_currency: input.salary_currency.as_deref(),
            source: input.source.as_deref(),
            notes: input.notes.as_deref(),
            applied_on: input.applied_on,
            follow_up_on: input.follow_up_on,
        }
    }
}

/// A new application: the form's fields, its status, and (for demo data) back-dated times.
#[derive(Insertable)]
#[diesel(table_name = applications)]
pub struct NewApplication<'a> {
    pub id: ApplicationId,
    pub user_id: UserId,
    pub status: ApplicationStatus,
    #[diesel(embed)]
    pub fields: ApplicationFields<'a>,
    pub status_changed_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl<'a> NewApplication<'a> {
    /// What the form adds now.
    pub fn from_input(id: ApplicationId, owner: UserId, input: &'a ApplicationInput) -> Self {
        Self {
            id,
            user_id: owner,
            status: input.status,
            fields: ApplicationFields::from(input),
            status_changed_at: None,
            created_at: None,
            updated_at: None,
        }
    }
}

// application_events

/// A timeline entry: created, a status change, or a note.
#[derive(Insertable)]
#[diesel(table_name = application_events)]
pub struct NewEvent<'a> {
    pub id: EventId,
    pub application_id: ApplicationId,
    pub user_id: UserId,
    pub kind: EventKind,
    pub from_status: Option<ApplicationStatus>,
    pub to_status: Option<ApplicationStatus>,
    pub body: Option<&'a str>,
    pub actor_user_id: Option<UserId>,
    pub occurred_at: Option<DateTime<Utc>>,
}

// application_contacts

#[derive(Insertable)]
#[diesel(table_name = application_contacts)]
pub struct NewContactLink {
    pub application_id: ApplicationId,
    pub contact_id: ContactId,
    pub user_id: UserId,
}

// interviews

#[derive(Queryable, Selectable)]
#[diesel(table_name = interviews)]
pub struct Interview {
    pub id: InterviewId,
    pub application_id: ApplicationId,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub kind: InterviewKind,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
    pub interviewers: Option<String>,
    pub outcome: InterviewOutcome,
    pub notes: Option<String>,
}

impl Interview {
    pub fn view(self, tz: Tz) -> InterviewView {
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

#[derive(Insertable)]
#[diesel(table_name = interviews)]
pub struct NewInterview<'a> {
    pub id: InterviewId,
    pub application_id: ApplicationId,
    pub user_id: UserId,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub kind: InterviewKind,
    pub location: Option<&'a str>,
    pub meeting_url: Option<&'a str>,
    pub interviewers: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub outcome: Option<InterviewOutcome>,
}

// contacts

#[derive(Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct Contact {
    pub id: ContactId,
    pub full_name: String,
    pub company: Option<String>,
    pub role_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub profile_url: Option<String>,
    pub relationship: Relationship,
    pub notes: Option<String>,
    pub next_follow_up_on: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

impl From<Contact> for ContactData {
    fn from(row: Contact) -> Self {
        Self {
            id: row.id,
            full_name: row.full_name,
            company: row.company,
            role_title: row.role_title,
            email: row.email,
            phone: row.phone,
            profile_url: row.profile_url,
            relationship: row.relationship,
            notes: row.notes,
            next_follow_up_on: row.next_follow_up_on,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = contacts, treat_none_as_null = true)]
pub struct ContactFields<'a> {
    pub full_name: &'a str,
    pub company: Option<&'a str>,
    pub role_title: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub profile_url: Option<&'a str>,
    pub relationship: Relationship,
    pub notes: Option<&'a str>,
    pub next_follow_up_on: Option<NaiveDate>,
}

impl<'a> From<&'a ContactInput> for ContactFields<'a> {
    fn from(input: &'a ContactInput) -> Self {
        Self {
            full_name: &input.full_name,
            company: input.company.as_deref(),
            role_title: input.role_title.as_deref(),
            email: input.email.as_ref().map(|email| email.as_str()),
            phone: input.phone.as_deref(),
            profile_url: input.profile_url.as_deref(),
            relationship: input.relationship,
            notes: input.notes.as_deref(),
            next_follow_up_on: input.next_follow_up_on,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = contacts)]
pub struct NewContact<'a> {
    pub id: ContactId,
    pub user_id: UserId,
    #[diesel(embed)]
    pub fields: ContactFields<'a>,
}

// contact_interactions

#[derive(Insertable)]
#[diesel(table_name = contact_interactions)]
pub struct NewInteraction<'a> {
    pub id: InteractionId,
    pub contact_id: ContactId,
    pub user_id: UserId,
    pub occurred_on: NaiveDate,
    pub channel: InteractionChannel,
    pub summary: &'a str,
}

// development_activities

#[derive(Queryable, Selectable)]
#[diesel(table_name = development_activities)]
pub struct DevelopmentActivity {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub title: String,
    pub provider: Option<String>,
    pub status: ActivityStatus,
    pub started_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub skills: Vec<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
}

impl From<DevelopmentActivity> for Activity {
    fn from(row: DevelopmentActivity) -> Self {
        Self {
            id: row.id,
            kind: row.kind,
            title: row.title,
            provider: row.provider,
            status: row.status,
            started_on: row.started_on,
            completed_on: row.completed_on,
            skills: row.skills,
            url: row.url,
            notes: row.notes,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = development_activities, treat_none_as_null = true)]
pub struct ActivityFields<'a> {
    pub kind: ActivityKind,
    pub title: &'a str,
    pub provider: Option<&'a str>,
    pub status: ActivityStatus,
    pub started_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub skills: &'a [String],
    pub url: Option<&'a str>,
    pub notes: Option<&'a str>,
}

impl<'a> From<&'a ActivityInput> for ActivityFields<'a> {
    fn from(input: &'a ActivityInput) -> Self {
        Self {
            kind: input.kind,
            title: &input.title,
            provider: input.provider.as_deref(),
            status: input.status,
            started_on: input.started_on,
            completed_on: input.completed_on,
            skills: &input.skills,
            url: input.url.as_deref(),
            notes: input.notes.as_deref(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = development_activities)]
pub struct NewActivity<'a> {
    pub id: ActivityId,
    pub user_id: UserId,
    #[diesel(embed)]
    pub fields: ActivityFields<'a>,
}
