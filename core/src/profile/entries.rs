//! A profile's section items: experience, education, certifications, projects, achievements,
//! languages and career goals.

use careerhub_domain::FormError;
use careerhub_domain::ids::{EntryId, UserId};
use careerhub_domain::profile::{
    Entry, EntryInput, MAX_ENTRIES_PER_SECTION, MoveDirection, Section,
};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::profile_entries as entries;
use crate::service::{Error, found};

use super::models::{EntryFields, NewEntry, ProfileEntry};
use super::order::{self, Ordered};

/// Every item of the owner's profile, section by section, each in the owner's order.
pub fn all(conn: &mut PgConnection, owner: UserId) -> Result<Vec<Entry>, Error> {
    entries::table
        .filter(entries::user_id.eq(owner))
        .order((
            entries::section.asc(),
            entries::position.asc(),
            entries::created_at.asc(),
        ))
        .select(ProfileEntry::as_select())
        .load(conn)?
        .into_iter()
        .map(Entry::try_from)
        .collect()
}

pub fn get(conn: &mut PgConnection, owner: UserId, id: EntryId) -> Result<Entry, Error> {
    entries::table
        .filter(entries::id.eq(id))
        .filter(entries::user_id.eq(owner))
        .select(ProfileEntry::as_select())
        .first(conn)?
        .try_into()
}

fn ids_in(conn: &mut PgConnection, owner: UserId, section: Section) -> Result<Vec<Uuid>, Error> {
    Ok(entries::table
        .filter(entries::user_id.eq(owner))
        .filter(entries::section.eq(section))
        .order((entries::position.asc(), entries::created_at.asc()))
        .select(entries::id)
        .load::<EntryId>(conn)?
        .into_iter()
        .map(EntryId::as_uuid)
        .collect())
}

/// Adds an item at the end of its section. The profile row must exist.
pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    input: &EntryInput,
) -> Result<EntryId, Error> {
    let section = input.section();
    let count = ids_in(conn, owner, section)?.len();
    if count as i64 >= MAX_ENTRIES_PER_SECTION {
        return Err(Error::Form(FormError::message(format!(
            "{} can hold at most {MAX_ENTRIES_PER_SECTION} items. Remove one first.",
            section.label()
        ))));
    }
    let id = EntryId(Uuid::now_v7());
    diesel::insert_into(entries::table)
        .values(NewEntry {
            id,
            user_id: owner,
            section,
            position: count as i32,
            fields: EntryFields::new(input)?,
        })
        .execute(conn)?;
    Ok(id)
}

/// Rewrites an item; its section cannot change.
pub fn update(
    conn: &mut PgConnection,
    owner: UserId,
    id: EntryId,
    input: &EntryInput,
) -> Result<(), Error> {
    let rows = diesel::update(
        entries::table
            .filter(entries::id.eq(id))
            .filter(entries::user_id.eq(owner))
            .filter(entries::section.eq(input.section())),
    )
    .set(EntryFields::new(input)?)
    .execute(conn)?;
    found(rows).map(drop)
}

pub fn set_visible(
    conn: &mut PgConnection,
    owner: UserId,
    id: EntryId,
    visible: bool,
) -> Result<(), Error> {
    let rows = diesel::update(
        entries::table
            .filter(entries::id.eq(id))
            .filter(entries::user_id.eq(owner)),
    )
    .set(entries::visible.eq(visible))
    .execute(conn)?;
    found(rows).map(drop)
}

pub fn delete(conn: &mut PgConnection, owner: UserId, id: EntryId) -> Result<(), Error> {
    let section: Section = entries::table
        .filter(entries::id.eq(id))
        .filter(entries::user_id.eq(owner))
        .select(entries::section)
        .first(conn)?;
    diesel::delete(entries::table.filter(entries::id.eq(id))).execute(conn)?;
    let remaining = ids_in(conn, owner, section)?;
    order::write(conn, Ordered::Entries, owner, &remaining)
}

/// One place up or down within its section; at an end nothing changes.
pub fn shift(
    conn: &mut PgConnection,
    owner: UserId,
    id: EntryId,
    direction: MoveDirection,
) -> Result<(), Error> {
    let section: Section = entries::table
        .filter(entries::id.eq(id))
        .filter(entries::user_id.eq(owner))
        .select(entries::section)
        .first(conn)?;
    let ids = ids_in(conn, owner, section)?;
    match order::moved(&ids, id.as_uuid(), direction) {
        Some(reordered) => order::write(conn, Ordered::Entries, owner, &reordered),
        None => Ok(()),
    }
}

/// The section in exactly this order (drag and drop sends the whole list).
pub fn reorder(
    conn: &mut PgConnection,
    owner: UserId,
    section: Section,
    wanted: &[EntryId],
) -> Result<(), Error> {
    let wanted: Vec<Uuid> = wanted.iter().map(|id| id.as_uuid()).collect();
    if !order::same_items(&ids_in(conn, owner, section)?, &wanted) {
        return Err(order::stale());
    }
    order::write(conn, Ordered::Entries, owner, &wanted)
}
