//! Development activities: courses, certifications, workshops and projects.

use careerhub_domain::tracker::{Activity, ActivityInput, ActivityKind, ActivityStatus};
use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

use careerhub_domain::ids::{ActivityId, UserId};

use crate::schema::development_activities as activities;
use crate::service::{Error, found};

#[derive(Queryable, Selectable)]
#[diesel(table_name = activities)]
struct Row {
    id: ActivityId,
    kind: ActivityKind,
    title: String,
    provider: Option<String>,
    status: ActivityStatus,
    started_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    skills: Vec<String>,
    url: Option<String>,
    notes: Option<String>,
}

impl From<Row> for Activity {
    fn from(row: Row) -> Self {
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
#[diesel(table_name = activities, treat_none_as_null = true)]
struct Fields<'a> {
    kind: &'a str,
    title: &'a str,
    provider: Option<&'a str>,
    status: &'a str,
    started_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    skills: &'a [String],
    url: Option<&'a str>,
    notes: Option<&'a str>,
}

impl<'a> From<&'a ActivityInput> for Fields<'a> {
    fn from(input: &'a ActivityInput) -> Self {
        Self {
            kind: input.kind.as_str(),
            title: &input.title,
            provider: input.provider.as_deref(),
            status: input.status.as_str(),
            started_on: input.started_on,
            completed_on: input.completed_on,
            skills: &input.skills,
            url: input.url.as_deref(),
            notes: input.notes.as_deref(),
        }
    }
}

pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    input: &ActivityInput,
) -> Result<ActivityId, Error> {
    let id = ActivityId(Uuid::now_v7());
    diesel::insert_into(activities::table)
        .values((
            activities::id.eq(id),
            activities::user_id.eq(owner),
            Fields::from(input),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn update(
    conn: &mut PgConnection,
    owner: UserId,
    id: ActivityId,
    input: &ActivityInput,
) -> Result<(), Error> {
    let rows = diesel::update(
        activities::table
            .filter(activities::id.eq(id))
            .filter(activities::user_id.eq(owner)),
    )
    .set(Fields::from(input))
    .execute(conn)?;
    found(rows).map(drop)
}

pub fn delete(conn: &mut PgConnection, owner: UserId, id: ActivityId) -> Result<(), Error> {
    let rows = diesel::delete(
        activities::table
            .filter(activities::id.eq(id))
            .filter(activities::user_id.eq(owner)),
    )
    .execute(conn)?;
    found(rows).map(drop)
}

/// In progress first, then planned, then completed; newest first within each.
pub fn list(conn: &mut PgConnection, owner: UserId) -> Result<Vec<Activity>, Error> {
    Ok(activities::table
        .filter(activities::user_id.eq(owner))
        .order((
            diesel::dsl::sql::<diesel::sql_types::Integer>(
                "CASE status WHEN 'in_progress' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END",
            )
            .asc(),
            activities::created_at.desc(),
        ))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(Activity::from)
        .collect())
}

pub fn get(conn: &mut PgConnection, owner: UserId, id: ActivityId) -> Result<Activity, Error> {
    Ok(activities::table
        .filter(activities::id.eq(id))
        .filter(activities::user_id.eq(owner))
        .select(Row::as_select())
        .first(conn)
        .map(Activity::from)?)
}
