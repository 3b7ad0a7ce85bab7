//! In-app notifications, notification preferences (with the user's time zone) and the private
//! calendar feed address.

use careerhub_domain::tracker::{NotificationSettings, NotificationView, PreferencesInput};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use careerhub_domain::ids::{NotificationId, UserId};

use careerhub_domain::FormError;

use crate::schema::{calendar_feeds, notification_preferences as prefs, notifications, users};
use crate::service::Error;
use crate::tokens;

use super::time::parse_zone;

/// (digest_email, digest_hour, in_app) with the defaults when the user never saved preferences.
pub fn preferences(conn: &mut PgConnection, owner: UserId) -> QueryResult<(bool, i16, bool)> {
    Ok(prefs::table
        .find(owner)
        .select((prefs::digest_email, prefs::digest_hour, prefs::in_app))
        .first(conn)
        .optional()?
        .unwrap_or((true, 8, true)))
}

/// `new_calendar_token` is the feed token made a moment ago, if any: only its hash is stored, so
/// the address can be shown just this once.
pub fn settings(
    conn: &mut PgConnection,
    owner: UserId,
    public_url: &str,
    new_calendar_token: Option<&str>,
) -> Result<NotificationSettings, Error> {
    let (digest_email, digest_hour, in_app) = preferences(conn, owner)?;
    let (timezone, verified): (String, Option<DateTime<Utc>>) = users::table
        .find(owner)
        .select((users::timezone, users::email_verified_at))
        .first(conn)?;
    let calendar_since: Option<DateTime<Utc>> = calendar_feeds::table
        .find(owner)
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()?;
    Ok(NotificationSettings {
        digest_email,
        in_app,
        digest_hour,
        timezone,
        calendar_url: new_calendar_token.map(|token| calendar_url(public_url, token)),
        calendar_since,
        verified: verified.is_some(),
    })
}

pub fn calendar_url(public_url: &str, token: &str) -> String {
    format!("{}/calendar/{token}.ics", public_url.trim_end_matches('/'))
}

pub fn save_preferences(
    conn: &mut PgConnection,
    owner: UserId,
    input: &PreferencesInput,
) -> Result<(), Error> {
    let Some(zone) = parse_zone(&input.timezone) else {
        return Err(Error::Form(
            FormError::field(
                "timezone",
                "Choose a time zone from the list, e.g. Europe/Berlin.",
            )
            .with_value("timezone", &input.timezone),
        ));
    };
    diesel::update(users::table.find(owner))
        .set(users::timezone.eq(zone.name()))
        .execute(conn)?;
    diesel::insert_into(prefs::table)
        .values((
            prefs::user_id.eq(owner),
            prefs::digest_email.eq(input.digest_email),
            prefs::digest_hour.eq(input.digest_hour),
            prefs::in_app.eq(input.in_app),
        ))
        .on_conflict(prefs::user_id)
        .do_update()
        .set((
            prefs::digest_email.eq(input.digest_email),
            prefs::digest_hour.eq(input.digest_hour),
            prefs::in_app.eq(input.in_app),
        ))
        .execute(conn)?;
    Ok(())
}

/// A new private calendar address (its token; only the hash is stored); the previous one stops
/// working at once.
pub fn rotate_calendar_feed(conn: &mut PgConnection, owner: UserId) -> Result<String, Error> {
    let (token, hash) = tokens::generate();
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(owner),
            calendar_feeds::token_hash.eq(&hash),
        ))
        .on_conflict(calendar_feeds::user_id)
        .do_update()
        .set((
            calendar_feeds::token_hash.eq(&hash),
            calendar_feeds::created_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Turns the calendar feed off (also when the password changes: a leaked address must not
/// outlive the credentials).
pub fn revoke_calendar_feed(conn: &mut PgConnection, owner: UserId) -> QueryResult<()> {
    diesel::delete(calendar_feeds::table.find(owner)).execute(conn)?;
    Ok(())
}

/// Whose feed a token opens: only an active account's.
pub fn calendar_owner(conn: &mut PgConnection, token: &str) -> Result<Option<UserId>, Error> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(calendar_feeds::table
        .inner_join(users::table)
        .filter(calendar_feeds::token_hash.eq(tokens::hash(&token.to_ascii_lowercase())))
        .filter(users::disabled_at.is_null())
        .select(users::id)
        .first(conn)
        .optional()?)
}

pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    kind: &str,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> QueryResult<NotificationId> {
    let id = NotificationId(Uuid::now_v7());
    diesel::insert_into(notifications::table)
        .values((
            notifications::id.eq(id),
            notifications::user_id.eq(owner),
            notifications::kind.eq(kind),
            notifications::title.eq(title),
            notifications::body.eq(body),
            notifications::link.eq(link),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn unread_count(conn: &mut PgConnection, owner: UserId) -> Result<i64, Error> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(owner))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// The newest `limit` notifications, newest first.
pub fn list(
    conn: &mut PgConnection,
    owner: UserId,
    limit: i64,
) -> Result<Vec<NotificationView>, Error> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(owner))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .select((
            notifications::id,
            notifications::title,
            notifications::body,
            notifications::link,
            notifications::created_at,
            notifications::read_at,
        ))
        .load::<(
            NotificationId,
            String,
            String,
            Option<String>,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
        )>(conn)?
        .into_iter()
        .map(
            |(id, title, body, link, created_at, read_at)| NotificationView {
                id,
                title,
                body,
                link,
                created_at,
                read: read_at.is_some(),
            },
        )
        .collect())
}

/// Marks one notification read, or all of them when `id` is None.
pub fn mark_read(
    conn: &mut PgConnection,
    owner: UserId,
    id: Option<NotificationId>,
) -> Result<(), Error> {
    let mut update = diesel::update(notifications::table)
        .filter(notifications::user_id.eq(owner))
        .filter(notifications::read_at.is_null())
        .into_boxed();
    if let Some(id) = id {
        update = update.filter(notifications::id.eq(id));
    }
    let changed = update
        .set(notifications::read_at.eq(diesel::dsl::now))
        .execute(conn)?;
    // Nothing changed for one id: fine if it was read already, not found if it is not the user's.
    if let (Some(id), 0) = (id, changed) {
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(owner))
            .select(notifications::id)
            .first::<NotificationId>(conn)?;
    }
    Ok(())
}
