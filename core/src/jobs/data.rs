//! The jobs area's part of the registry (`crate::areas`): a person's own postings (feed postings
//! are shared and belong to nobody), and the demo's.

use careerhub_domain::ids::{JobPostingId, UserId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::areas::{Area, Erased, ExportPart, Exported, UserTable, json};
use crate::schema::{job_postings, saved_jobs, saved_searches};
use crate::service::Error;

pub const AREA: Area = Area {
    name: "jobs",
    user_tables: &[
        UserTable {
            table: "saved_jobs",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "saved_jobs.json",
                key: "job_posting_id",
            },
        },
        UserTable {
            table: "saved_searches",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "saved_searches.json",
                key: "name",
            },
        },
        UserTable {
            table: "job_postings",
            column: "owner_id",
            erased: Erased::Deleted,
            exported: Exported::In {
                file: "job_postings.json",
                key: "id",
            },
        },
    ],
    export: export_files,
    smoke_check,
    demo: Some(super::demo::seed),
};

#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = job_postings)]
struct OwnPosting {
    id: JobPostingId,
    title: String,
    company_name: String,
    locations: Vec<String>,
    url: Option<String>,
    description_text: String,
    posted_at: Option<DateTime<Utc>>,
    first_seen_at: DateTime<Utc>,
}

fn own(conn: &mut PgConnection, user: UserId) -> Result<Vec<OwnPosting>, Error> {
    Ok(job_postings::table
        .filter(job_postings::owner_id.eq(user))
        .order(job_postings::first_seen_at)
        .select(OwnPosting::as_select())
        .load(conn)?)
}

/// A saved posting as exported: the posting named, not only referenced (feed postings are not
/// the person's and are not in the export).
#[derive(Queryable, Serialize)]
struct Saved {
    job_posting_id: JobPostingId,
    title: String,
    company_name: String,
    url: Option<String>,
    note: Option<String>,
    saved_at: DateTime<Utc>,
}

fn saved(conn: &mut PgConnection, user: UserId) -> Result<Vec<Saved>, Error> {
    Ok(saved_jobs::table
        .inner_join(job_postings::table)
        .filter(saved_jobs::user_id.eq(user))
        .order(saved_jobs::saved_at)
        .select((
            saved_jobs::job_posting_id,
            job_postings::title,
            job_postings::company_name,
            job_postings::url,
            saved_jobs::note,
            saved_jobs::saved_at,
        ))
        .load(conn)?)
}

/// A saved search as exported: its name, the search as a page address, and its alert.
#[derive(Queryable, Serialize)]
struct KeptSearch {
    name: String,
    query: String,
    frequency: String,
    last_alert_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

fn searches(conn: &mut PgConnection, user: UserId) -> Result<Vec<KeptSearch>, Error> {
    Ok(saved_searches::table
        .filter(saved_searches::user_id.eq(user))
        .order(saved_searches::created_at)
        .select((
            saved_searches::name,
            saved_searches::query,
            saved_searches::frequency,
            saved_searches::last_alert_at,
            saved_searches::created_at,
        ))
        .load(conn)?)
}

fn export_files(conn: &mut PgConnection, user: UserId) -> Result<Vec<ExportPart>, Error> {
    Ok(vec![
        ExportPart {
            name: "job_postings.json",
            about: "Job postings you added yourself (pasted or typed in)",
            bytes: json(&own(conn, user)?)?,
        },
        ExportPart {
            name: "saved_jobs.json",
            about: "Job postings you saved, with your notes",
            bytes: json(&saved(conn, user)?)?,
        },
        ExportPart {
            name: "saved_searches.json",
            about: "Your saved job searches and how often they email you",
            bytes: json(&searches(conn, user)?)?,
        },
    ])
}

fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    own(conn, user)?;
    saved(conn, user)?;
    searches(conn, user).map(drop)
}
