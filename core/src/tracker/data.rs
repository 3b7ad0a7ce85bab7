//! The tracker's part of the registry (`crate::areas`): its user tables, its files in the data
//! export, and the queries a restored backup must answer.

use careerhub_domain::ids::UserId;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::areas::{Area, Erased, ExportPart, Exported, UserTable, json};
use crate::schema::{calendar_feeds, digest_deliveries};
use crate::service::Error;

use super::{applications, dashboard, export, notifications, time};

/// Most rows go to tracker.json, found there by their id.
const fn in_tracker_json(table: &'static str) -> UserTable {
    UserTable {
        table,
        column: "user_id",
        erased: Erased::Deleted,
        exported: Exported::In {
            file: "tracker.json",
            key: "id",
        },
    }
}

pub const AREA: Area = Area {
    name: "tracker",
    user_tables: &[
        UserTable {
            table: "application_contacts",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "tracker.json",
                key: "contact_id",
            },
        },
        in_tracker_json("contact_interactions"),
        in_tracker_json("application_events"),
        UserTable {
            table: "application_events",
            column: "actor_user_id",
            erased: Erased::Kept("set to NULL with the account (a person's own events go above)"),
            exported: Exported::In {
                file: "tracker.json",
                key: "id",
            },
        },
        in_tracker_json("interviews"),
        in_tracker_json("applications"),
        in_tracker_json("contacts"),
        in_tracker_json("development_activities"),
        UserTable {
            table: "notifications",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "notifications.json",
                key: "id",
            },
        },
        UserTable {
            table: "notification_preferences",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "notification-preferences.json",
                key: "digest_hour",
            },
        },
        UserTable {
            table: "digest_deliveries",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "notification-preferences.json",
                key: "local_date",
            },
        },
        UserTable {
            table: "calendar_feeds",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::Not(
                "only a hash of the private calendar address, which cannot be shown again; \
                 notification-preferences.json says since when the feed is on",
            ),
        },
    ],
    export: export_files,
    smoke_check,
    demo: Some(super::demo::seed),
};

#[derive(Serialize)]
struct PreferencesExport {
    digest_email: bool,
    digest_hour: i16,
    in_app: bool,
    /// The local days a daily digest went out.
    digests_sent_on: Vec<NaiveDate>,
    calendar_feed_since: Option<DateTime<Utc>>,
}

fn export_files(conn: &mut PgConnection, user: UserId) -> Result<Vec<ExportPart>, Error> {
    let (digest_email, digest_hour, in_app) = notifications::preferences(conn, user)?;
    let preferences = PreferencesExport {
        digest_email,
        digest_hour,
        in_app,
        digests_sent_on: digest_deliveries::table
            .filter(digest_deliveries::user_id.eq(user))
            .order(digest_deliveries::local_date.asc())
            .select(digest_deliveries::local_date)
            .load(conn)?,
        calendar_feed_since: calendar_feeds::table
            .find(user)
            .select(calendar_feeds::created_at)
            .first(conn)
            .optional()?,
    };
    let tz = time::zone_of(conn, user)?;
    let csv = |conn: &mut PgConnection, kind, name| -> Result<ExportPart, Error> {
        Ok(ExportPart {
            name,
            about: "the same tracker data as a spreadsheet",
            bytes: export::csv(conn, user, kind)?,
        })
    };
    Ok(vec![
        ExportPart {
            name: "notifications.json",
            about: "in-app notifications",
            bytes: json(&notifications::list(conn, user, i64::MAX)?)?,
        },
        ExportPart {
            name: "notification-preferences.json",
            about: "your reminder settings, the days a digest went out, the calendar feed",
            bytes: json(&preferences)?,
        },
        ExportPart {
            name: "tracker.json",
            about: "applications with their timelines, interviews, contacts with their interactions and linked applications, and learning, all in one file",
            bytes: export::json(conn, user, tz)?,
        },
        csv(conn, export::CsvKind::Applications, "applications.csv")?,
        csv(conn, export::CsvKind::Contacts, "contacts.csv")?,
        csv(conn, export::CsvKind::Learning, "learning.csv")?,
    ])
}

/// The dashboard and the board: the first pages people open.
fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    let tz = time::zone_of(conn, user)?;
    dashboard::dashboard(conn, user, tz, Utc::now())?;
    applications::board(conn, user)?;
    Ok(())
}
