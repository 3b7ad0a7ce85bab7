//! The email area's part of the registry (`crate::areas`): the outbox rows addressed to a user
//! and their unsubscribe links.

use careerhub_domain::ids::UserId;
use careerhub_domain::ops::OutboxStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::areas::{Area, Erased, ExportPart, Exported, UserTable, json};
use crate::schema::email_outbox;
use crate::service::Error;

pub const AREA: Area = Area {
    name: "email",
    user_tables: &[
        UserTable {
            table: "email_outbox",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "emails.json",
                key: "subject",
            },
        },
        UserTable {
            table: "unsubscribe_links",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::Not(
                "one-click unsubscribe secrets (the lists left show in the notification settings)",
            ),
        },
    ],
    export,
    smoke_check,
    demo: None,
};

/// The email sent or queued: never its body, which may hold a live sign-in, verification or
/// reset link (a stolen session must not turn into a takeover by exporting it).
#[derive(Serialize, Queryable)]
struct EmailExport {
    to_address: String,
    kind: String,
    subject: String,
    #[serde(serialize_with = "OutboxStatus::serialize_as_str")]
    status: OutboxStatus,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

fn export(conn: &mut PgConnection, user: UserId) -> Result<Vec<ExportPart>, Error> {
    let emails: Vec<EmailExport> = email_outbox::table
        .filter(email_outbox::user_id.eq(user))
        .order(email_outbox::created_at.asc())
        .select((
            email_outbox::to_address,
            email_outbox::kind,
            email_outbox::subject,
            email_outbox::status,
            email_outbox::created_at,
            email_outbox::sent_at,
        ))
        .load(conn)?;
    Ok(vec![ExportPart {
        name: "emails.json",
        about: "the email we sent you or have queued (to whom, what kind, when; not the text, which held one-time links)",
        bytes: json(&emails)?,
    }])
}

/// The outbox worker's first query is the queue of due email.
fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    email_outbox::table
        .filter(email_outbox::user_id.eq(user))
        .filter(email_outbox::status.eq(OutboxStatus::Pending))
        .count()
        .get_result::<i64>(conn)?;
    Ok(())
}
