//! The account row, one type for every read of `users` and one for its insert. `User` has no
//! `Debug` or `Serialize`: it holds the password hash, which never leaves this crate; what pages,
//! operators and the data export see is made from it without the hash.

use careerhub_domain::Role;
use careerhub_domain::accounts::CurrentUser;
use careerhub_domain::ids::{SessionId, UserId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::schema::users;

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: Role,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub locale: String,
    pub timezone: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub deletion_requested_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// The signed-in person as pages see them, in session `session_id`.
    pub fn current(self, session_id: SessionId) -> CurrentUser {
        CurrentUser {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            role: self.role,
            verified: self.email_verified_at.is_some(),
            session_id,
        }
    }
}

/// A new account. `None` leaves PostgreSQL's default (not verified, the default time zone).
#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: UserId,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub timezone: Option<&'a str>,
    pub last_login_at: Option<DateTime<Utc>>,
}
