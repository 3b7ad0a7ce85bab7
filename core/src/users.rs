//! Account administration for operators: list, show, disable, enable, and the admin role. Any
//! change of access ends the account's sessions, so a new session id is needed to act with it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use careerhub_domain::ids::UserId;

use careerhub_domain::Role;

use crate::audit::{self, Event, RequestMeta};
use crate::schema::{applications, contacts, user_sessions, users};
use crate::service::Error;
use crate::sessions;

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct UserSummary {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    #[serde(serialize_with = "Role::serialize_as_str")]
    pub role: Role,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub deletion_requested_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserDetail {
    #[serde(flatten)]
    pub user: UserSummary,
    pub timezone: String,
    pub live_sessions: i64,
    pub applications: i64,
    pub contacts: i64,
}

type Columns = (
    users::id,
    users::email,
    users::display_name,
    users::role,
    users::email_verified_at,
    users::disabled_at,
    users::deletion_requested_at,
    users::last_login_at,
    users::created_at,
);

const COLUMNS: Columns = (
    users::id,
    users::email,
    users::display_name,
    users::role,
    users::email_verified_at,
    users::disabled_at,
    users::deletion_requested_at,
    users::last_login_at,
    users::created_at,
);

pub fn list(
    conn: &mut PgConnection,
    role: Option<careerhub_domain::Role>,
    limit: i64,
) -> Result<Vec<UserSummary>, Error> {
    let mut query = users::table
        .order(users::created_at.asc())
        .limit(limit)
        .into_boxed();
    if let Some(role) = role {
        query = query.filter(users::role.eq(role));
    }
    Ok(query.select(COLUMNS).load(conn)?)
}

/// An account by email address or id.
pub fn find(conn: &mut PgConnection, who: &str) -> Result<UserSummary, Error> {
    let who = who.trim();
    let query = users::table.select(COLUMNS).into_boxed();
    let query = match Uuid::parse_str(who) {
        Ok(id) => query.filter(users::id.eq(id)),
        Err(_) => query.filter(users::email.eq(who.to_lowercase())),
    };
    Ok(query.first(conn)?)
}

pub fn show(conn: &mut PgConnection, who: &str) -> Result<UserDetail, Error> {
    let user = find(conn, who)?;
    let timezone = users::table
        .find(user.id)
        .select(users::timezone)
        .first(conn)?;
    let live_sessions = user_sessions::table
        .filter(user_sessions::user_id.eq(user.id))
        .filter(user_sessions::expires_at.gt(diesel::dsl::now))
        .count()
        .get_result(conn)?;
    let applications = applications::table
        .filter(applications::user_id.eq(user.id))
        .count()
        .get_result(conn)?;
    let contacts = contacts::table
        .filter(contacts::user_id.eq(user.id))
        .count()
        .get_result(conn)?;
    Ok(UserDetail {
        user,
        timezone,
        live_sessions,
        applications,
        contacts,
    })
}

/// What an access change did.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    pub email: String,
    pub changed: bool,
    pub sessions_ended: usize,
}

fn ended(conn: &mut PgConnection, user: UserId) -> Result<usize, Error> {
    Ok(sessions::revoke_all_except(conn, user, None)?)
}

/// Disables the account and ends all its sessions.
pub fn disable(conn: &mut PgConnection, who: &str) -> Result<Changed, Error> {
    conn.transaction(|conn| {
        let user = find(conn, who)?;
        let changed = diesel::update(
            users::table
                .find(user.id)
                .filter(users::disabled_at.is_null()),
        )
        .set(users::disabled_at.eq(diesel::dsl::now))
        .execute(conn)?
            > 0;
        let sessions_ended = ended(conn, user.id)?;
        if changed {
            audit::record(
                conn,
                None,
                Event::AccountDisabled,
                &RequestMeta::default(),
                json!({ "user": user.id }),
            )?;
        }
        Ok(Changed {
            email: user.email,
            changed,
            sessions_ended,
        })
    })
}

pub fn enable(conn: &mut PgConnection, who: &str) -> Result<Changed, Error> {
    conn.transaction(|conn| {
        let user = find(conn, who)?;
        let changed = diesel::update(
            users::table
                .find(user.id)
                .filter(users::disabled_at.is_not_null()),
        )
        .set(users::disabled_at.eq(None::<DateTime<Utc>>))
        .execute(conn)?
            > 0;
        if changed {
            audit::record(
                conn,
                None,
                Event::AccountEnabled,
                &RequestMeta::default(),
                json!({ "user": user.id }),
            )?;
        }
        Ok(Changed {
            email: user.email,
            changed,
            sessions_ended: 0,
        })
    })
}

/// Sets the role ("user" or "admin"); a change ends the account's sessions.
pub fn set_role(
    conn: &mut PgConnection,
    who: &str,
    role: careerhub_domain::Role,
) -> Result<Changed, Error> {
    conn.transaction(|conn| {
        let user = find(conn, who)?;
        let changed = diesel::update(
            users::table
                .find(user.id)
                .filter(users::role.ne(role.as_str())),
        )
        .set(users::role.eq(role.as_str()))
        .execute(conn)?
            > 0;
        let sessions_ended = if changed { ended(conn, user.id)? } else { 0 };
        if changed {
            audit::record(
                conn,
                None,
                Event::RoleChanged,
                &RequestMeta::default(),
                json!({ "user": user.id, "role": role.as_str() }),
            )?;
        }
        Ok(Changed {
            email: user.email,
            changed,
            sessions_ended,
        })
    })
}
