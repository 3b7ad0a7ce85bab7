//! Contacts, their interaction log and the applications they are linked to.

use careerhub_domain::tracker::{
    ApplicationRef, ApplicationStatus, ContactData, ContactDetail, ContactInput, Interaction,
    InteractionChannel, InteractionInput,
};
use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

use careerhub_domain::ids::{ApplicationId, ContactId, InteractionId, UserId};

use crate::schema::{application_contacts, applications, contact_interactions, contacts};
use crate::service::{Error, found};

use super::models::{Contact, ContactFields, NewContact, NewInteraction};

pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    input: &ContactInput,
) -> Result<ContactId, Error> {
    let id = ContactId(Uuid::now_v7());
    diesel::insert_into(contacts::table)
        .values(NewContact {
            id,
            user_id: owner,
            fields: ContactFields::from(input),
        })
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
    .set(ContactFields::from(input))
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
        .select(Contact::as_select())
        .load(conn)?
        .into_iter()
        .map(ContactData::from)
        .collect())
}

pub fn data(conn: &mut PgConnection, owner: UserId, id: ContactId) -> Result<ContactData, Error> {
    Ok(contacts::table
        .filter(contacts::id.eq(id))
        .filter(contacts::user_id.eq(owner))
        .select(Contact::as_select())
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
        .values(NewInteraction {
            id: InteractionId(Uuid::now_v7()),
            contact_id: contact,
            user_id: owner,
            occurred_on: input.occurred_on,
            channel: input.channel,
            summary: &input.summary,
        })
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
