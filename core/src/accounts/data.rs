//! The accounts area's part of the registry (`crate::areas`): its user tables and its files in the
//! data export.

use careerhub_domain::Role;
use careerhub_domain::accounts::TokenPurpose;
use careerhub_domain::ids::UserId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::models::User;
use crate::areas::{Area, Erased, ExportPart, Exported, UserTable, json};
use crate::schema::{audit_log, email_tokens, invites, user_sessions, users};
use crate::service::Error;

pub const AREA: Area = Area {
    name: "accounts",
    user_tables: &[
        UserTable {
            table: "email_tokens",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "account.json",
                key: "new_email",
            },
        },
        UserTable {
            table: "user_sessions",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "sessions.json",
                key: "user_agent",
            },
        },
        UserTable {
            table: "audit_log",
            column: "actor_user_id",
            erased: Erased::Kept("anonymised: the event and its time stay, not who, from where"),
            exported: Exported::In {
                file: "security-log.json",
                key: "event",
            },
        },
        UserTable {
            table: "invites",
            column: "created_by",
            erased: Erased::Kept("set to NULL with the account; invites to its address go"),
            exported: Exported::In {
                file: "invites.json",
                key: "email",
            },
        },
        UserTable {
            table: "invites",
            column: "used_by",
            erased: Erased::Kept("set to NULL with the account; invites to its address go"),
            exported: Exported::In {
                file: "invites.json",
                key: "email",
            },
        },
        UserTable {
            table: "account_changes",
            column: "user_id",
            erased: Erased::Kept("deleted with the account row, by its trigger"),
            exported: Exported::Not("holds only a count of changes, for the page cache"),
        },
        UserTable {
            table: "erasure_requests",
            column: "user_id",
            erased: Erased::Kept("the bare id is the erased list a restore applies again"),
            exported: Exported::Not("holds only the account id and the erasure's progress"),
        },
    ],
    export,
    smoke_check,
    // The seed makes the account row itself.
    demo: None,
};

/// The account row as the export shows it: every column but the password hash.
#[derive(Serialize)]
struct AccountExport {
    id: UserId,
    email: String,
    display_name: String,
    #[serde(serialize_with = "Role::serialize_as_str")]
    role: Role,
    email_verified_at: Option<DateTime<Utc>>,
    locale: String,
    timezone: String,
    disabled_at: Option<DateTime<Utc>>,
    deletion_requested_at: Option<DateTime<Utc>>,
    last_login_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<User> for AccountExport {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            email_verified_at: user.email_verified_at,
            locale: user.locale,
            timezone: user.timezone,
            disabled_at: user.disabled_at,
            deletion_requested_at: user.deletion_requested_at,
            last_login_at: user.last_login_at,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

#[derive(Serialize)]
struct AccountFile {
    #[serde(flatten)]
    account: AccountExport,
    email_changes: Vec<EmailChangeExport>,
}

/// An address change asked for (the token itself is left out: only its hash is kept anyway).
#[derive(Serialize, Queryable)]
struct EmailChangeExport {
    new_email: Option<String>,
    requested_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    confirmed_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, Queryable)]
struct SessionExport {
    ip: Option<String>,
    user_agent: Option<String>,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

#[derive(Serialize, Queryable)]
struct AuditExport {
    occurred_at: DateTime<Utc>,
    event: String,
    ip: Option<String>,
    user_agent: Option<String>,
    detail: serde_json::Value,
}

#[derive(Serialize, Queryable)]
struct InviteExport {
    email: Option<String>,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

fn export(conn: &mut PgConnection, user: UserId) -> Result<Vec<ExportPart>, Error> {
    let account = AccountExport::from(
        users::table
            .find(user)
            .select(User::as_select())
            .first::<User>(conn)?,
    );
    let email_changes: Vec<EmailChangeExport> = email_tokens::table
        .filter(email_tokens::user_id.eq(user))
        .filter(email_tokens::purpose.eq(TokenPurpose::EmailChange))
        .order(email_tokens::created_at.asc())
        .select((
            email_tokens::new_email,
            email_tokens::created_at,
            email_tokens::expires_at,
            email_tokens::used_at,
        ))
        .load(conn)?;
    let sessions: Vec<SessionExport> = user_sessions::table
        .filter(user_sessions::user_id.eq(user))
        .select((
            user_sessions::ip,
            user_sessions::user_agent,
            user_sessions::created_at,
            user_sessions::last_seen_at,
            user_sessions::expires_at,
        ))
        .load(conn)?;
    let audit: Vec<AuditExport> = audit_log::table
        .filter(audit_log::actor_user_id.eq(user))
        .order(audit_log::occurred_at.asc())
        .select((
            audit_log::occurred_at,
            audit_log::event,
            audit_log::ip,
            audit_log::user_agent,
            audit_log::detail,
        ))
        .load(conn)?;
    let invite_columns = (
        invites::email,
        invites::created_at,
        invites::expires_at,
        invites::used_at,
    );
    let sent: Vec<InviteExport> = invites::table
        .filter(invites::created_by.eq(user))
        .order(invites::created_at.asc())
        .select(invite_columns)
        .load(conn)?;
    let used: Vec<InviteExport> = invites::table
        .filter(invites::used_by.eq(user))
        .select(invite_columns)
        .load(conn)?;
    Ok(vec![
        ExportPart {
            name: "account.json",
            about: "your account and the address changes you asked for (the password is stored only as a hash and is not included)",
            bytes: json(&AccountFile {
                account,
                email_changes,
            })?,
        },
        ExportPart {
            name: "sessions.json",
            about: "where you are signed in",
            bytes: json(&sessions)?,
        },
        ExportPart {
            name: "security-log.json",
            about: "sign-ins and account changes, with the address and browser they came from",
            bytes: json(&audit)?,
        },
        ExportPart {
            name: "invites.json",
            about: "sign-up invitations you sent, and the one you signed up with",
            bytes: json(&serde_json::json!({ "sent": sent, "used": used }))?,
        },
    ])
}

/// Signing in reads the account by address and checks its sessions.
fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    users::table
        .find(user)
        .select(users::email)
        .first::<String>(conn)?;
    user_sessions::table
        .filter(user_sessions::user_id.eq(user))
        .count()
        .get_result::<i64>(conn)?;
    Ok(())
}
