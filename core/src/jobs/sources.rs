//! The feeds an operator manages: `careerhub-admin jobs source add|list|remove`.

use careerhub_domain::ids::JobSourceId;
use careerhub_domain::jobs::{ImportStatus, SourceKind, SourceSpec};
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

use crate::schema::{job_postings, job_sources};
use crate::service::{Error, found};

/// A source and how its last import went.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = job_sources)]
pub struct Source {
    pub id: JobSourceId,
    #[serde(serialize_with = "SourceKind::serialize_as_str")]
    pub kind: SourceKind,
    pub locator: String,
    pub company_name: Option<String>,
    pub active: bool,
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub last_modified: Option<String>,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_status: Option<ImportStatus>,
    pub last_error: Option<String>,
    pub added_count: i32,
    pub updated_count: i32,
    pub closed_count: i32,
}

impl Source {
    pub fn spec(&self) -> SourceSpec {
        SourceSpec {
            kind: self.kind,
            locator: self.locator.clone(),
        }
    }
}

/// Adds a source; adding one that exists changes only its company name and turns it back on.
pub fn add(
    conn: &mut PgConnection,
    spec: &SourceSpec,
    company_name: Option<&str>,
) -> Result<Source, Error> {
    let company_name = company_name.map(str::trim).filter(|name| !name.is_empty());
    diesel::insert_into(job_sources::table)
        .values((
            job_sources::id.eq(JobSourceId(Uuid::now_v7())),
            job_sources::kind.eq(spec.kind),
            job_sources::locator.eq(&spec.locator),
            job_sources::company_name.eq(company_name),
        ))
        .on_conflict((job_sources::kind, job_sources::locator))
        .do_update()
        .set((
            job_sources::company_name.eq(company_name),
            job_sources::active.eq(true),
        ))
        .execute(conn)?;
    find(conn, &spec.to_string())
}

pub fn list(conn: &mut PgConnection) -> Result<Vec<Source>, Error> {
    Ok(job_sources::table
        .order((job_sources::kind, job_sources::locator))
        .select(Source::as_select())
        .load(conn)?)
}

/// A source by id or by `kind:locator`.
pub fn find(conn: &mut PgConnection, which: &str) -> Result<Source, Error> {
    let query = job_sources::table.select(Source::as_select()).into_boxed();
    let query = match which.trim().parse::<Uuid>() {
        Ok(id) => query.filter(job_sources::id.eq(JobSourceId(id))),
        Err(_) => {
            let spec = SourceSpec::parse(which).map_err(|_| Error::NotFound)?;
            query
                .filter(job_sources::kind.eq(spec.kind))
                .filter(job_sources::locator.eq(spec.locator))
        }
    };
    Ok(query.first(conn)?)
}

/// Removes a source. Its postings stay (applications point at them), closed: nothing refreshes
/// them any more. Returns how many were closed.
pub fn remove(conn: &mut PgConnection, which: &str) -> Result<usize, Error> {
    let source = find(conn, which)?;
    conn.transaction(|conn| {
        let closed = diesel::update(
            job_postings::table
                .filter(job_postings::source_id.eq(source.id))
                .filter(job_postings::closed_at.is_null()),
        )
        .set(job_postings::closed_at.eq(diesel::dsl::now))
        .execute(conn)?;
        found(diesel::delete(job_sources::table.find(source.id)).execute(conn)?)?;
        Ok(closed)
    })
}
