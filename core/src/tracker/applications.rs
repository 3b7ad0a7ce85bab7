//! Applications, their timeline and linked contacts (interviews: `interviews.rs`). Every function takes the owner's id and every
//! query filters on it; a row of another user is simply not found.

use careerhub_domain::tracker::{
    ApplicationData, ApplicationDetail, ApplicationInput, ApplicationList, ApplicationRow,
    ApplicationStatus, BoardCard, BoardColumn, ContactRef, EventKind, ListQuery, ListSort,
    Relationship, TimelineEntry, TimelineKind,
};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Text};
use uuid::Uuid;

use careerhub_domain::ids::{ApplicationId, ContactId, EventId, UserId};

use crate::schema::{
    application_contacts, application_events, applications, contacts, interviews, users,
};
use crate::service::{Error, found};

use super::models::{
    Application, ApplicationCardRow, ApplicationFields, BoardCardRow, Interview, NewApplication,
    NewContactLink, NewEvent,
};

/// Cards per board column; the column header shows the full count and links to the list.
pub const BOARD_CARDS_PER_COLUMN: i64 = 100;

fn record_event(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
    kind: EventKind,
    from: Option<ApplicationStatus>,
    to: Option<ApplicationStatus>,
    body: Option<&str>,
) -> QueryResult<()> {
    diesel::insert_into(application_events::table)
        .values(NewEvent {
            id: EventId(Uuid::now_v7()),
            application_id: application,
            user_id: owner,
            kind,
            from_status: from,
            to_status: to,
            body,
            actor_user_id: Some(owner),
            occurred_at: None,
        })
        .execute(conn)
        .map(|_| ())
}

/// Adds an application and its first timeline entry (in the caller's transaction).
pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    input: &ApplicationInput,
) -> Result<ApplicationId, Error> {
    let id = ApplicationId(Uuid::now_v7());
    diesel::insert_into(applications::table)
        .values(NewApplication::from_input(id, owner, input))
        .execute(conn)?;
    record_event(
        conn,
        owner,
        id,
        EventKind::Created,
        None,
        Some(input.status),
        None,
    )?;
    Ok(id)
}

/// Saves the edit form. A status change made there is recorded like a move on the board (in the
/// caller's transaction).
pub fn update(
    conn: &mut PgConnection,
    owner: UserId,
    id: ApplicationId,
    input: &ApplicationInput,
) -> Result<(), Error> {
    diesel::update(owned(owner, id))
        .set(ApplicationFields::from(input))
        .execute(conn)
        .map_err(Error::from)
        .and_then(found)?;
    change_status(conn, owner, id, input.status)?;
    Ok(())
}

pub(super) fn owned(
    owner: UserId,
    id: ApplicationId,
) -> diesel::dsl::Filter<
    diesel::dsl::Filter<applications::table, diesel::dsl::Eq<applications::id, ApplicationId>>,
    diesel::dsl::Eq<applications::user_id, UserId>,
> {
    applications::table
        .filter(applications::id.eq(id))
        .filter(applications::user_id.eq(owner))
}

/// Moves an application to `to` and writes the history row; the caller's transaction makes them
/// one change (the row is locked first). Moving to the status it already has changes nothing.
/// Returns the previous status.
pub fn change_status(
    conn: &mut PgConnection,
    owner: UserId,
    id: ApplicationId,
    to: ApplicationStatus,
) -> Result<ApplicationStatus, Error> {
    let from: ApplicationStatus = owned(owner, id)
        .select(applications::status)
        .for_update()
        .first(conn)?;
    if from == to {
        return Ok(from);
    }
    let today = Utc::now().date_naive();
    diesel::update(owned(owner, id))
        .set((
            applications::status.eq(to),
            applications::status_changed_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    // The first time it is sent, remember the day.
    if to == ApplicationStatus::Applied {
        diesel::update(owned(owner, id).filter(applications::applied_on.is_null()))
            .set(applications::applied_on.eq(today))
            .execute(conn)?;
    }
    record_event(
        conn,
        owner,
        id,
        EventKind::Status,
        Some(from),
        Some(to),
        None,
    )?;
    Ok(from)
}

/// A note on the timeline (in the caller's transaction).
pub fn add_note(
    conn: &mut PgConnection,
    owner: UserId,
    id: ApplicationId,
    body: &str,
) -> Result<(), Error> {
    owned(owner, id)
        .select(applications::id)
        .first::<ApplicationId>(conn)?;
    record_event(conn, owner, id, EventKind::Note, None, None, Some(body))?;
    diesel::update(owned(owner, id))
        .set(applications::updated_at.eq(diesel::dsl::now))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut PgConnection, owner: UserId, id: ApplicationId) -> Result<(), Error> {
    diesel::delete(owned(owner, id))
        .execute(conn)
        .map_err(Error::from)
        .and_then(found)?;
    Ok(())
}

pub fn data(
    conn: &mut PgConnection,
    owner: UserId,
    id: ApplicationId,
) -> Result<ApplicationData, Error> {
    Ok(owned(owner, id)
        .select(Application::as_select())
        .first(conn)
        .map(ApplicationData::from)?)
}

/// The board: a count per status and the newest cards of each column, in two queries.
pub fn board(conn: &mut PgConnection, owner: UserId) -> Result<Vec<BoardColumn>, Error> {
    let counts: Vec<(ApplicationStatus, i64)> = applications::table
        .filter(applications::user_id.eq(owner))
        .group_by(applications::status)
        .select((applications::status, count_star()))
        .load(conn)?;
    let statuses: Vec<&str> = ApplicationStatus::ALL.iter().map(|s| s.as_str()).collect();
    // One query for all columns: the newest cards per status through a lateral join.
    let cards: Vec<BoardCardRow> = diesel::sql_query(
        "SELECT a.id, a.company, a.role_title, a.location, a.status, a.follow_up_on \
         FROM unnest($2::text[]) AS s(status) \
         CROSS JOIN LATERAL ( \
             SELECT * FROM applications \
             WHERE user_id = $1 AND status = s.status \
             ORDER BY status_changed_at DESC, id DESC LIMIT $3) AS a",
    )
    .bind::<diesel::sql_types::Uuid, _>(owner)
    .bind::<Array<Text>, _>(statuses)
    .bind::<diesel::sql_types::BigInt, _>(BOARD_CARDS_PER_COLUMN)
    .load(conn)?;
    let mut columns: Vec<BoardColumn> = ApplicationStatus::ALL
        .iter()
        .map(|status| BoardColumn {
            status: *status,
            total: counts
                .iter()
                .find(|(found, _)| found == status)
                .map_or(0, |(_, n)| *n),
            cards: Vec::new(),
        })
        .collect();
    for card in cards {
        if let Some(column) = columns.iter_mut().find(|c| c.status == card.status) {
            column.cards.push(BoardCard {
                id: card.id,
                company: card.company,
                role_title: card.role_title,
                location: card.location,
                follow_up_on: card.follow_up_on,
            });
        }
    }
    Ok(columns)
}

/// `%text%` for ILIKE with the user's wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The list view: filter, sort and one page, plus the total for the pager.
pub fn list(
    conn: &mut PgConnection,
    owner: UserId,
    query: &ListQuery,
) -> Result<ApplicationList, Error> {
    let filtered = || {
        let mut select = applications::table
            .filter(applications::user_id.eq(owner))
            .into_boxed();
        if let Some(status) = query.status {
            select = select.filter(applications::status.eq(status.as_str()));
        }
        if let Some(q) = &query.q {
            let pattern = contains_pattern(q);
            select = select.filter(
                sql::<Bool>(
                    "(company || ' ' || role_title || ' ' || coalesce(location, '')) ILIKE ",
                )
                .bind::<Text, _>(pattern),
            );
        }
        select
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let per_page = i64::from(ListQuery::PER_PAGE);
    let pages = ((total + per_page - 1) / per_page).max(1) as u32;
    let page = query.page.min(pages);
    let mut select = filtered();
    select = match query.sort {
        ListSort::Updated => {
            select.order((applications::updated_at.desc(), applications::id.desc()))
        }
        ListSort::Created => {
            select.order((applications::created_at.desc(), applications::id.desc()))
        }
        ListSort::Company => {
            select.order((sql::<Text>("lower(company)").asc(), applications::id.asc()))
        }
        ListSort::FollowUp => select.order((
            applications::follow_up_on.asc().nulls_last(),
            applications::id.asc(),
        )),
    };
    let rows: Vec<(ApplicationCardRow, Option<NaiveDate>, DateTime<Utc>)> = select
        .select((
            ApplicationCardRow::as_select(),
            applications::applied_on,
            applications::updated_at,
        ))
        .limit(per_page)
        .offset(i64::from(page - 1) * per_page)
        .load(conn)?;
    Ok(ApplicationList {
        rows: rows
            .into_iter()
            .map(|(card, applied_on, updated_at)| ApplicationRow {
                card: card.into(),
                applied_on,
                updated_at,
            })
            .collect(),
        total,
        page,
        pages,
    })
}

fn contact_ref(row: (ContactId, String, Option<String>, Relationship)) -> ContactRef {
    ContactRef {
        id: row.0,
        full_name: row.1,
        company: row.2,
        relationship: row.3,
    }
}

/// A timeline row as pages show it. A status entry always has its target (the CHECK of
/// application_events requires it).
pub(super) fn timeline_kind(
    kind: EventKind,
    from: Option<ApplicationStatus>,
    to: Option<ApplicationStatus>,
) -> TimelineKind {
    match (kind, to) {
        (EventKind::Status, Some(to)) => TimelineKind::Status { from, to },
        (EventKind::Note, _) => TimelineKind::Note,
        _ => TimelineKind::Created,
    }
}

/// The application page: the application, its timeline (with who), interviews and contacts.
pub fn detail(
    conn: &mut PgConnection,
    owner: UserId,
    id: ApplicationId,
    tz: Tz,
) -> Result<ApplicationDetail, Error> {
    let application = data(conn, owner, id)?;
    let timeline = application_events::table
        .left_join(users::table.on(users::id.nullable().eq(application_events::actor_user_id)))
        .filter(application_events::application_id.eq(id))
        .filter(application_events::user_id.eq(owner))
        .order((
            application_events::occurred_at.desc(),
            application_events::id.desc(),
        ))
        .select((
            application_events::id,
            application_events::kind,
            application_events::from_status,
            application_events::to_status,
            application_events::body,
            users::display_name.nullable(),
            application_events::occurred_at,
        ))
        .load::<(
            EventId,
            EventKind,
            Option<ApplicationStatus>,
            Option<ApplicationStatus>,
            Option<String>,
            Option<String>,
            DateTime<Utc>,
        )>(conn)?
        .into_iter()
        .map(
            |(id, kind, from, to, body, actor, occurred_at)| TimelineEntry {
                id,
                kind: timeline_kind(kind, from, to),
                body,
                actor,
                occurred_at,
            },
        )
        .collect();
    let interviews = interviews::table
        .filter(interviews::application_id.eq(id))
        .filter(interviews::user_id.eq(owner))
        .order(interviews::scheduled_at.asc())
        .select(Interview::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| row.view(tz))
        .collect();
    let linked: Vec<ContactRef> = application_contacts::table
        .inner_join(contacts::table.on(contacts::id.eq(application_contacts::contact_id)))
        .filter(application_contacts::application_id.eq(id))
        .filter(application_contacts::user_id.eq(owner))
        .order(contacts::full_name.asc())
        .select((
            contacts::id,
            contacts::full_name,
            contacts::company,
            contacts::relationship,
        ))
        .load(conn)?
        .into_iter()
        .map(contact_ref)
        .collect();
    let other_contacts = contacts::table
        .filter(contacts::user_id.eq(owner))
        .filter(diesel::dsl::not(
            contacts::id.eq_any(
                application_contacts::table
                    .filter(application_contacts::application_id.eq(id))
                    .select(application_contacts::contact_id),
            ),
        ))
        .order(contacts::full_name.asc())
        .limit(500)
        .select((
            contacts::id,
            contacts::full_name,
            contacts::company,
            contacts::relationship,
        ))
        .load(conn)?
        .into_iter()
        .map(contact_ref)
        .collect();
    Ok(ApplicationDetail {
        application,
        timeline,
        interviews,
        contacts: linked,
        other_contacts,
        timezone: tz.name().to_owned(),
    })
}

/// Links one of the user's contacts to one of the user's applications (again: nothing happens).
pub fn link_contact(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
    contact: ContactId,
) -> Result<(), Error> {
    owned(owner, application)
        .select(applications::id)
        .first::<ApplicationId>(conn)?;
    contacts::table
        .filter(contacts::id.eq(contact))
        .filter(contacts::user_id.eq(owner))
        .select(contacts::id)
        .first::<ContactId>(conn)?;
    diesel::insert_into(application_contacts::table)
        .values(NewContactLink {
            application_id: application,
            contact_id: contact,
            user_id: owner,
        })
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(())
}

pub fn unlink_contact(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
    contact: ContactId,
) -> Result<(), Error> {
    diesel::delete(
        application_contacts::table
            .filter(application_contacts::application_id.eq(application))
            .filter(application_contacts::contact_id.eq(contact))
            .filter(application_contacts::user_id.eq(owner)),
    )
    .execute(conn)
    .map_err(Error::from)
    .and_then(found)?;
    Ok(())
}

/// Rows for the CSV and JSON exports, oldest first.
pub fn all_for_export(
    conn: &mut PgConnection,
    owner: UserId,
) -> Result<Vec<ApplicationData>, Error> {
    Ok(applications::table
        .filter(applications::user_id.eq(owner))
        .order(applications::created_at.asc())
        .select(Application::as_select())
        .load(conn)?
        .into_iter()
        .map(ApplicationData::from)
        .collect())
}
