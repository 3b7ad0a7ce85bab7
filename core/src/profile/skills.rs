//! A profile's skills, stored under their normalised key (careerhub_domain::skills), so one skill
//! written two ways is refused as a duplicate and job matching compares keys.

use careerhub_domain::FormError;
use careerhub_domain::ids::{SkillId, UserId};
use careerhub_domain::profile::{MAX_SKILLS, MoveDirection, Skill, SkillInput};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::profile_skills as skills;
use crate::service::{Error, found};

use super::models::{NewSkill, ProfileSkill, SkillFields};
use super::order::{self, Ordered};

pub fn all(conn: &mut PgConnection, owner: UserId) -> Result<Vec<Skill>, Error> {
    Ok(skills::table
        .filter(skills::user_id.eq(owner))
        .order((skills::position.asc(), skills::created_at.asc()))
        .select(ProfileSkill::as_select())
        .load(conn)?
        .into_iter()
        .map(Skill::from)
        .collect())
}

pub fn get(conn: &mut PgConnection, owner: UserId, id: SkillId) -> Result<Skill, Error> {
    Ok(skills::table
        .filter(skills::id.eq(id))
        .filter(skills::user_id.eq(owner))
        .select(ProfileSkill::as_select())
        .first(conn)?
        .into())
}

fn ids(conn: &mut PgConnection, owner: UserId) -> Result<Vec<Uuid>, Error> {
    Ok(skills::table
        .filter(skills::user_id.eq(owner))
        .order((skills::position.asc(), skills::created_at.asc()))
        .select(skills::id)
        .load::<SkillId>(conn)?
        .into_iter()
        .map(SkillId::as_uuid)
        .collect())
}

/// The owner's skill with this key, other than `except`.
fn holder_of(
    conn: &mut PgConnection,
    owner: UserId,
    key: &str,
    except: Option<SkillId>,
) -> Result<Option<(SkillId, String)>, Error> {
    let mut query = skills::table
        .filter(skills::user_id.eq(owner))
        .filter(skills::skill_key.eq(key))
        .select((skills::id, skills::name))
        .into_boxed();
    if let Some(except) = except {
        query = query.filter(skills::id.ne(except));
    }
    Ok(query.first(conn).optional()?)
}

fn duplicate(name: &str) -> Error {
    Error::Form(FormError::field(
        "name",
        format!("{name} is already in your skills."),
    ))
}

/// Adds a skill at the end; the same skill under another spelling is refused.
pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    input: &SkillInput,
) -> Result<SkillId, Error> {
    if let Some((_, name)) = holder_of(conn, owner, &input.skill.key, None)? {
        return Err(duplicate(&name));
    }
    let count = ids(conn, owner)?.len();
    if count as i64 >= MAX_SKILLS {
        return Err(Error::Form(FormError::message(format!(
            "A profile can list at most {MAX_SKILLS} skills. Remove one first."
        ))));
    }
    let id = SkillId(Uuid::now_v7());
    diesel::insert_into(skills::table)
        .values(NewSkill {
            id,
            user_id: owner,
            position: count as i32,
            fields: SkillFields::from(input),
        })
        .execute(conn)?;
    Ok(id)
}

pub fn update(
    conn: &mut PgConnection,
    owner: UserId,
    id: SkillId,
    input: &SkillInput,
) -> Result<(), Error> {
    if let Some((_, name)) = holder_of(conn, owner, &input.skill.key, Some(id))? {
        return Err(duplicate(&name));
    }
    let rows = diesel::update(
        skills::table
            .filter(skills::id.eq(id))
            .filter(skills::user_id.eq(owner)),
    )
    .set(SkillFields::from(input))
    .execute(conn)?;
    found(rows).map(drop)
}

pub fn delete(conn: &mut PgConnection, owner: UserId, id: SkillId) -> Result<(), Error> {
    let rows = diesel::delete(
        skills::table
            .filter(skills::id.eq(id))
            .filter(skills::user_id.eq(owner)),
    )
    .execute(conn)?;
    found(rows)?;
    let remaining = ids(conn, owner)?;
    order::write(conn, Ordered::Skills, owner, &remaining)
}

pub fn shift(
    conn: &mut PgConnection,
    owner: UserId,
    id: SkillId,
    direction: MoveDirection,
) -> Result<(), Error> {
    let ids = ids(conn, owner)?;
    if !ids.contains(&id.as_uuid()) {
        return Err(Error::NotFound);
    }
    match order::moved(&ids, id.as_uuid(), direction) {
        Some(reordered) => order::write(conn, Ordered::Skills, owner, &reordered),
        None => Ok(()),
    }
}

pub fn reorder(conn: &mut PgConnection, owner: UserId, wanted: &[SkillId]) -> Result<(), Error> {
    let wanted: Vec<Uuid> = wanted.iter().map(|id| id.as_uuid()).collect();
    if !order::same_items(&ids(conn, owner)?, &wanted) {
        return Err(order::stale());
    }
    order::write(conn, Ordered::Skills, owner, &wanted)
}
