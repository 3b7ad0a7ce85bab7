//! Account administration for operators: list, show, disable, enable, and the admin role. Any
//! change of access ends the account's sessions, so a new session id is needed to act with it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use careerhub_domain::ids::UserId;

use careerhub_domain::Role;

use crate::accounts::models::User;
use crate::accounts::sessions;
use crate::audit::{self, Event, RequestMeta};
use crate::schema::{applications, contacts, user_sessions, users};
use crate::service::Error;

#[derive(Debug, Clone, Serialize)]
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

impl From<User> for UserSummary {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            email_verified_at: user.email_verified_at,
            disabled_at: user.disabled_at,
            deletion_requested_at: user.deletion_requested_at,
            last_login_at: user.last_login_at,
            created_at: user.created_at,
        }
    }
}

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
    Ok(query
        .select(User::as_select())
        .load(conn)?
        .into_iter()
        .map(UserSummary::from)
        .collect())
}

/// An account by email address or id.
fn find(conn: &mut PgConnection, who: &str) -> Result<User, Error> {
    let who = who.trim();
    let query = users::table.select(User::as_select()).into_boxed();
    let query = match Uuid::parse_str(who) {
        Ok(id) => query.filter(users::id.eq(id)),
        Err(_) => query.filter(users::email.eq(who.to_lowercase())),
    };
    Ok(query.first(conn)?)
}

pub fn show(conn: &mut PgConnection, who: &str) -> Result<UserDetail, Error> {
    let mut user = find(conn, who)?;
    let timezone = std::mem::take(&mut user.timezone);
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
        user: user.into(),
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

/// Disables the account and ends all its sessions (in the caller's transaction, as the
/// enable and role changes below).
pub fn disable(conn: &mut PgConnection, who: &str) -> Result<Changed, Error> {
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
}

pub fn enable(conn: &mut PgConnection, who: &str) -> Result<Changed, Error> {
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
}

/// Sets the role ("user" or "admin"); a change ends the account's sessions.
pub fn set_role(
    conn: &mut PgConnection,
    who: &str,
    role: careerhub_domain::Role,
) -> Result<Changed, Error> {
    let user = find(conn, who)?;
    let changed = diesel::update(users::table.find(user.id).filter(users::role.ne(role)))
        .set(users::role.eq(role))
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
}
