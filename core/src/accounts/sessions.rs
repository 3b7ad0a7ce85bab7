//! Our index of live sessions. The session store (Redis) holds a random session key; a session is
//! valid only while the row with that key's hash exists here and is within its idle and absolute
//! limits. Deleting rows therefore ends sessions on every instance at once.

use std::time::Duration;

use careerhub_domain::accounts::{ChangeCount, CurrentUser, SessionSummary};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use careerhub_domain::ids::{SessionId, UserId};

use crate::audit::RequestMeta;
use crate::schema::{user_sessions, users};
use crate::tokens;

use super::models::User;

/// The entry of the session store (tower-sessions) that holds the key of our session index. The
/// web layer writes it at sign-in; the server's middleware reads it on every request.
pub const SESSION_KEY: &str = "auth_key";

/// `last_seen_at` here, and the session store's record with the cookie's idle expiry, are
/// written at most this often per session, not on every request.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// The entry of the session store that holds when its record was last written (unix seconds):
/// the server rewrites the record (moving its idle expiry and the cookie's) only once it is
/// `TOUCH_EVERY` old.
pub const SEEN_AT_KEY: &str = "seen_at";

/// The value `SEEN_AT_KEY` holds for a write now.
pub fn seen_now() -> i64 {
    Utc::now().timestamp()
}

/// Whether a store record last written at `seen_at` is due to be written again.
pub fn seen_long_ago(seen_at: Option<i64>) -> bool {
    seen_at.is_none_or(|seen_at| seen_now() - seen_at >= TOUCH_EVERY.as_secs() as i64)
}

/// Starts a session for `user_id`; returns the key to keep in the session store and the row id.
pub fn create(
    conn: &mut PgConnection,
    user_id: UserId,
    meta: &RequestMeta,
    absolute: Duration,
) -> QueryResult<(String, SessionId)> {
    let (key, key_hash) = tokens::generate();
    let id = SessionId(Uuid::now_v7());
    let now = Utc::now();
    diesel::insert_into(user_sessions::table)
        .values((
            user_sessions::id.eq(id),
            user_sessions::user_id.eq(user_id),
            user_sessions::key_hash.eq(key_hash),
            user_sessions::ip.eq(meta.ip.as_deref()),
            user_sessions::user_agent.eq(meta.user_agent.as_deref()),
            user_sessions::created_at.eq(now),
            user_sessions::last_seen_at.eq(now),
            user_sessions::expires_at.eq(now + absolute),
        ))
        .execute(conn)?;
    Ok((key, id))
}

diesel::define_sql_function! {
    /// The sum of the person's rows in account_changes (see its migration).
    fn account_change_count(owner: diesel::sql_types::Uuid) -> diesel::sql_types::BigInt;
}

/// A session row's id, last use and expiry, its user, and the user's change count.
type SessionWithUser = (SessionId, DateTime<Utc>, DateTime<Utc>, User, i64);

/// The user a session key belongs to, if the session is still valid, with how often anything
/// they own has changed (read in the same statement: the page cache keys their pages by it).
/// Expired sessions are deleted.
pub fn resolve(
    conn: &mut PgConnection,
    key: &str,
    idle: Duration,
) -> QueryResult<Option<(CurrentUser, ChangeCount)>> {
    let found: Option<SessionWithUser> = user_sessions::table
        .inner_join(users::table)
        .filter(user_sessions::key_hash.eq(tokens::hash(key)))
        .select((
            user_sessions::id,
            user_sessions::last_seen_at,
            user_sessions::expires_at,
            User::as_select(),
            account_change_count(users::id),
        ))
        .first(conn)
        .optional()?;
    let Some((session_id, last_seen_at, expires_at, user, changes)) = found else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle_expired = last_seen_at + idle < now;
    if idle_expired || expires_at <= now || user.disabled_at.is_some() {
        diesel::delete(user_sessions::table.find(session_id)).execute(conn)?;
        return Ok(None);
    }
    if last_seen_at + TOUCH_EVERY < now {
        diesel::update(user_sessions::table.find(session_id))
            .set(user_sessions::last_seen_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some((user.current(session_id), ChangeCount(changes))))
}

/// Ends the session with this key (sign-out).
pub fn end(conn: &mut PgConnection, key: &str) -> QueryResult<usize> {
    diesel::delete(user_sessions::table.filter(user_sessions::key_hash.eq(tokens::hash(key))))
        .execute(conn)
}

#[derive(Queryable)]
struct SessionRow {
    id: SessionId,
    ip: Option<String>,
    user_agent: Option<String>,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

/// The user's live sessions, most recently used first.
pub fn list(
    conn: &mut PgConnection,
    user_id: UserId,
    current: SessionId,
) -> QueryResult<Vec<SessionSummary>> {
    let rows: Vec<SessionRow> = user_sessions::table
        .filter(user_sessions::user_id.eq(user_id))
        .filter(user_sessions::expires_at.gt(diesel::dsl::now))
        .order(user_sessions::last_seen_at.desc())
        .select((
            user_sessions::id,
            user_sessions::ip,
            user_sessions::user_agent,
            user_sessions::created_at,
            user_sessions::last_seen_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| SessionSummary {
            current: row.id == current,
            device: describe_device(row.user_agent.as_deref()),
            id: row.id,
            ip: row.ip,
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        })
        .collect())
}

/// Ends one of the user's sessions; false when no such session of theirs exists.
pub fn revoke(
    conn: &mut PgConnection,
    user_id: UserId,
    session_id: SessionId,
) -> QueryResult<bool> {
    diesel::delete(
        user_sessions::table
            .filter(user_sessions::id.eq(session_id))
            .filter(user_sessions::user_id.eq(user_id)),
    )
    .execute(conn)
    .map(|deleted| deleted > 0)
}

/// Ends every session of the user except `keep` (None: all of them).
pub fn revoke_all_except(
    conn: &mut PgConnection,
    user_id: UserId,
    keep: Option<SessionId>,
) -> QueryResult<usize> {
    let all = user_sessions::table.filter(user_sessions::user_id.eq(user_id));
    match keep {
        Some(keep) => diesel::delete(all.filter(user_sessions::id.ne(keep))).execute(conn),
        None => diesel::delete(all).execute(conn),
    }
}

/// "Firefox on Linux", from the user agent.
pub fn describe_device(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent.filter(|agent| !agent.is_empty()) else {
        return "Unknown device".into();
    };
    match woothee::parser::Parser::new().parse(agent) {
        Some(parsed) if parsed.name != "UNKNOWN" => {
            if parsed.os == "UNKNOWN" {
                parsed.name.to_owned()
            } else {
                format!("{} on {}", parsed.name, parsed.os)
            }
        }
        _ => "Unknown device".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_described_from_the_user_agent() {
        assert_eq!(
            describe_device(Some(
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
            )),
            "Firefox on Linux"
        );
        assert_eq!(describe_device(None), "Unknown device");
        assert_eq!(describe_device(Some("curl/8.0")), "HTTP Library");
        assert_eq!(describe_device(Some("")), "Unknown device");
    }
}
