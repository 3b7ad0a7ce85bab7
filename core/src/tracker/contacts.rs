//! Contacts, their interaction log and the applications they are linked to.

use careerhub_domain::tracker::{
    ApplicationRef, ApplicationStatus, ContactData, ContactDetail, ContactInput, Interaction,
    InteractionChannel, InteractionInput, Relationship,
};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use careerhub_domain::ids::{ApplicationId, ContactId, InteractionId, UserId};

use crate::schema::{application_contacts, applications, contact_interactions, contacts};
use crate::service::{Error, found};

#[derive(Queryable, Selectable)]
#[diesel(table_name = contacts)]
struct Row {
    id: ContactId,
    full_name: String,
    company: Option<String>,
    role_title: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    profile_url: Option<String>,
    relationship: Relationship,
    notes: Option<String>,
    next_follow_up_on: Option<NaiveDate>,
    updated_at: DateTime<Utc>,
}

impl From<Row> for ContactData {
    fn from(row: Row) -> Self {
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
struct Fields<'a> {
    full_name: &'a str,
    company: Option<&'a str>,
    role_title: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    profile_url: Option<&'a str>,
    relationship: Relationship,
    notes: Option<&'a str>,
    next_follow_up_on: Option<NaiveDate>,
}

impl<'a> From<&'a ContactInput> for Fields<'a> {
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

pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    input: &ContactInput,
) -> Result<ContactId, Error> {
    let id = ContactId(Uuid::now_v7());
    diesel::insert_into(contacts::table)
        .values((
            contacts::id.eq(id),
            contacts::user_id.eq(owner),
            Fields::from(input),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn update(
    conn: &mut PgConnection,
    owner: UserId,
    id: ContactId,
    input: &ContactInput,
) -> Result<(), Error> {
    diesel::update(
        contacts::table
            .filter(contacts::id.eq(id))
            .filter(contacts::user_id.eq(owner)),
    )
    .set(Fields::from(input))
    .execute(conn)
    .map_err(Error::from)
    .and_then(found)?;
    Ok(())
}

pub fn delete(conn: &mut PgConnection, owner: UserId, id: ContactId) -> Result<(), Error> {
    diesel::delete(
        contacts::table
            .filter(contacts::id.eq(id))
            .filter(contacts::user_id.eq(owner)),
    )
    .execute(conn)
    .map_err(Error::from)
    .and_then(found)?;
    Ok(())
}

/// The contacts page: everyone, by name, with a follow-up marker.
pub fn list(conn: &mut PgConnection, owner: UserId) -> Result<Vec<ContactData>, Error> {
    Ok(contacts::table
        .filter(contacts::user_id.eq(owner))
        .order((
            diesel::dsl::sql::<diesel::sql_types::Text>("lower(full_name)").asc(),
            contacts::id.asc(),
        ))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(ContactData::from)
        .collect())
}

pub fn data(conn: &mut PgConnection, owner: UserId, id: ContactId) -> Result<ContactData, Error> {
    Ok(contacts::table
        .filter(contacts::id.eq(id))
        .filter(contacts::user_id.eq(owner))
        .select(Row::as_select())
        .first(conn)
        .map(ContactData::from)?)
}

pub fn detail(
    conn: &mut PgConnection,
    owner: UserId,
    id: ContactId,
) -> Result<ContactDetail, Error> {
    let contact = data(conn, owner, id)?;
    let interactions = contact_interactions::table
        .filter(contact_interactions::contact_id.eq(id))
        .filter(contact_interactions::user_id.eq(owner))
        .order((
            contact_interactions::occurred_on.desc(),
            contact_interactions::id.desc(),
        ))
        .select((
            contact_interactions::id,
            contact_interactions::occurred_on,
            contact_interactions::channel,
            contact_interactions::summary,
        ))
        .load::<(InteractionId, NaiveDate, InteractionChannel, String)>(conn)?
        .into_iter()
        .map(|(id, occurred_on, channel, summary)| Interaction {
            id,
            occurred_on,
            channel,
            summary,
        })
        .collect();
    let applications = application_contacts::table
        .inner_join(
            applications::table.on(applications::id.eq(application_contacts::application_id)),
        )
        .filter(application_contacts::contact_id.eq(id))
        .filter(application_contacts::user_id.eq(owner))
        .order(applications::updated_at.desc())
        .select((
            applications::id,
            applications::company,
            applications::role_title,
            applications::status,
        ))
        .load::<(ApplicationId, String, String, ApplicationStatus)>(conn)?
        .into_iter()
        .map(|(id, company, role_title, status)| ApplicationRef {
            id,
            company,
            role_title,
            status,
        })
        .collect();
    Ok(ContactDetail {
        contact,
        interactions,
        applications,
    })
}

/// Logs an interaction with one of the user's contacts.
pub fn add_interaction(
    conn: &mut PgConnection,
    owner: UserId,
    contact: ContactId,
    input: &InteractionInput,
) -> Result<(), Error> {
    data(conn, owner, contact)?;
    diesel::insert_into(contact_interactions::table)
        .values((
            contact_interactions::id.eq(InteractionId(Uuid::now_v7())),
            contact_interactions::contact_id.eq(contact),
            contact_interactions::user_id.eq(owner),
            contact_interactions::occurred_on.eq(input.occurred_on),
            contact_interactions::channel.eq(input.channel),
            contact_interactions::summary.eq(&input.summary),
        ))
        .execute(conn)?;
    Ok(())
}

/// Returns the interaction's contact, for the redirect back to it.
pub fn delete_interaction(
    conn: &mut PgConnection,
    owner: UserId,
    interaction: InteractionId,
) -> Result<ContactId, Error> {
    Ok(diesel::delete(
        contact_interactions::table
            .filter(contact_interactions::id.eq(interaction))
            .filter(contact_interactions::user_id.eq(owner)),
    )
    .returning(contact_interactions::contact_id)
    .get_result(conn)?)
}

/// Every interaction of the user, grouped by contact id (one query, for the export).
pub fn all_interactions(
    conn: &mut PgConnection,
    owner: UserId,
) -> Result<std::collections::HashMap<ContactId, Vec<Interaction>>, Error> {
    let rows = contact_interactions::table
        .filter(contact_interactions::user_id.eq(owner))
        .order((
            contact_interactions::occurred_on.desc(),
            contact_interactions::id.desc(),
        ))
        .select((
            contact_interactions::contact_id,
            contact_interactions::id,
            contact_interactions::occurred_on,
            contact_interactions::channel,
            contact_interactions::summary,
        ))
        .load::<(
            ContactId,
            InteractionId,
            NaiveDate,
            InteractionChannel,
            String,
        )>(conn)?;
    let mut grouped: std::collections::HashMap<ContactId, Vec<Interaction>> = Default::default();
    for (contact, id, occurred_on, channel, summary) in rows {
        grouped.entry(contact).or_default().push(Interaction {
            id,
            occurred_on,
            channel,
            summary,
        });
    }
    Ok(grouped)
}
