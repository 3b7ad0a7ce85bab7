//! Development activities: courses, certifications, workshops and projects.

use careerhub_domain::tracker::{Activity, ActivityInput};
use diesel::prelude::*;
use uuid::Uuid;

use careerhub_domain::ids::{ActivityId, UserId};

use crate::schema::development_activities as activities;
use crate::service::{Error, found};

use super::models::{ActivityFields, DevelopmentActivity, NewActivity};

pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    input: &ActivityInput,
) -> Result<ActivityId, Error> {
    let id = ActivityId(Uuid::now_v7());
    diesel::insert_into(activities::table)
        .values(NewActivity {
            id,
            user_id: owner,
            fields: ActivityFields::from(input),
        })
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
    .set(ActivityFields::from(input))
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
        .select(DevelopmentActivity::as_select())
        .load(conn)?
        .into_iter()
        .map(Activity::from)
        .collect())
}

pub fn get(conn: &mut PgConnection, owner: UserId, id: ActivityId) -> Result<Activity, Error> {
    Ok(activities::table
        .filter(activities::id.eq(id))
        .filter(activities::user_id.eq(owner))
        .select(DevelopmentActivity::as_select())
        .first(conn)
        .map(Activity::from)?)
}
