//! Importing the sources: fetch (conditionally), read, store what changed, close what is gone.
//! One source failing (unreachable, slow, too large, unreadable) is recorded on that source and
//! never stops the others; a failed import changes no posting.

use std::collections::{HashMap, HashSet};

use careerhub_domain::fields::web_address;
use careerhub_domain::ids::{CompanyId, JobPostingId, JobSourceId};
use careerhub_domain::jobs::{FeedPosting, ImportStatus, SourceKind, SourceSpec, posting_skills};
use diesel::PgConnection;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use url::Url;
use uuid::Uuid;

use super::fetch::{self, Fetched, Validators};
use super::readers::{self, Context};
use super::sources::{self, Source};
use super::{companies, html};
use crate::config::JobFeeds;
use crate::db::Pool;
use crate::schema::{job_postings, job_sources};
use crate::service::{Error, run};

/// What importing one source did.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub source: String,
    #[serde(serialize_with = "ImportStatus::serialize_as_str")]
    pub status: ImportStatus,
    /// Postings the source listed.
    pub listed: usize,
    pub added: usize,
    pub updated: usize,
    pub closed: usize,
    pub error: Option<String>,
}

impl Report {
    pub fn summary(&self) -> String {
        match self.status {
            ImportStatus::Failed => format!(
                "{}: failed: {}",
                self.source,
                self.error.as_deref().unwrap_or("unknown error")
            ),
            ImportStatus::Unchanged => format!("{}: unchanged", self.source),
            ImportStatus::Imported => format!(
                "{}: {} listed, {} added, {} updated, {} closed",
                self.source, self.listed, self.added, self.updated, self.closed
            ),
        }
    }
}

/// The address a source is read from.
pub fn source_url(feeds: &JobFeeds, spec: &SourceSpec) -> Result<Url, String> {
    let api = |base: &Url, segments: &[&str], query: &str| {
        let mut url = base.clone();
        url.path_segments_mut()
            .map_err(|_| format!("{base} cannot be a base address"))?
            .pop_if_empty()
            .extend(segments);
        url.set_query(Some(query));
        Ok(url)
    };
    match spec.kind {
        SourceKind::Greenhouse => api(
            &feeds.greenhouse_api,
            &["v1", "boards", &spec.locator, "jobs"],
            "content=true",
        ),
        SourceKind::Lever => api(
            &feeds.lever_api,
            &["v0", "postings", &spec.locator],
            "mode=json",
        ),
        SourceKind::Ashby => api(
            &feeds.ashby_api,
            &["posting-api", "job-board", &spec.locator],
            "includeCompensation=true",
        ),
        _ => Url::parse(&spec.locator).map_err(|err| err.to_string()),
    }
}

/// Imports every active source, or only `which` (an id or `kind:locator`, active or not), one
/// after another; `progress` hears of each source as it finishes.
pub async fn run_sources(
    pool: &Pool,
    feeds: &JobFeeds,
    which: Option<String>,
    mut progress: impl FnMut(&Report),
) -> Result<Vec<Report>, Error> {
    let chosen = run(pool, move |conn| match which {
        Some(which) => Ok(vec![sources::find(conn, &which)?]),
        None => Ok(sources::list(conn)?
            .into_iter()
            .filter(|source| source.active)
            .collect()),
    })
    .await?;
    let client = fetch::client(feeds).map_err(Error::broken)?;
    let mut reports = Vec::with_capacity(chosen.len());
    for source in chosen {
        let report = import_source(pool, feeds, &client, source).await?;
        progress(&report);
        reports.push(report);
    }
    Ok(reports)
}

async fn import_source(
    pool: &Pool,
    feeds: &JobFeeds,
    client: &reqwest::Client,
    source: Source,
) -> Result<Report, Error> {
    let spec = source.spec();
    let name = spec.to_string();
    let fetched = match source_url(feeds, &spec) {
        Ok(url) => {
            let validators = Validators {
                etag: source.etag.clone(),
                last_modified: source.last_modified.clone(),
            };
            fetch::fetch(client, &url, &validators, feeds.max_bytes).await
        }
        Err(err) => Err(err),
    };
    let (bytes, etag, last_modified) = match fetched {
        Ok(Fetched::Body {
            bytes,
            etag,
            last_modified,
        }) => (bytes, etag, last_modified),
        Ok(Fetched::NotModified) => {
            return finish(pool, source.id, name, Outcome::Unchanged).await;
        }
        Err(error) => return finish(pool, source.id, name, Outcome::Failed(error)).await,
    };
    let company = source.company_name.clone();
    let locator = source.locator.clone();
    let read = tokio::task::spawn_blocking(move || {
        let context = Context {
            company: company.as_deref(),
            locator: &locator,
        };
        readers::read(spec.kind, &bytes, &context)
    })
    .await
    .map_err(|err| Error::internal("reading a job feed", err))?;
    let postings = match read {
        Ok(postings) => postings,
        Err(error) => return finish(pool, source.id, name, Outcome::Failed(error)).await,
    };
    let source_id = source.id;
    let listed = postings.len();
    let counts = run(pool, move |conn| {
        conn.transaction(|conn| {
            let counts = store(conn, source_id, postings)?;
            record(
                conn,
                source_id,
                &Outcome::Imported {
                    counts: counts.clone(),
                    etag,
                    last_modified,
                },
            )?;
            Ok(counts)
        })
    })
    .await?;
    Ok(Report {
        source: name,
        status: ImportStatus::Imported,
        listed,
        added: counts.added,
        updated: counts.updated,
        closed: counts.closed,
        error: None,
    })
}

#[derive(Debug, Clone, Default)]
struct Counts {
    added: usize,
    updated: usize,
    closed: usize,
}

enum Outcome {
    Imported {
        counts: Counts,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    Unchanged,
    Failed(String),
}

async fn finish(
    pool: &Pool,
    source: JobSourceId,
    name: String,
    outcome: Outcome,
) -> Result<Report, Error> {
    let (status, error) = match &outcome {
        Outcome::Failed(error) => (ImportStatus::Failed, Some(error.clone())),
        _ => (ImportStatus::Unchanged, None),
    };
    if let Some(error) = &error {
        tracing::warn!(source = %name, %error, "a job source failed");
    }
    run(pool, move |conn| record(conn, source, &outcome)).await?;
    Ok(Report {
        source: name,
        status,
        listed: 0,
        added: 0,
        updated: 0,
        closed: 0,
        error,
    })
}

/// Writes how the run went on the source's row.
fn record(conn: &mut PgConnection, source: JobSourceId, outcome: &Outcome) -> Result<(), Error> {
    let row = job_sources::table.find(source);
    let now = diesel::dsl::now;
    match outcome {
        Outcome::Imported {
            counts,
            etag,
            last_modified,
        } => diesel::update(row)
            .set((
                job_sources::last_run_at.eq(now),
                job_sources::last_status.eq(ImportStatus::Imported),
                job_sources::last_error.eq(None::<String>),
                job_sources::added_count.eq(counts.added as i32),
                job_sources::updated_count.eq(counts.updated as i32),
                job_sources::closed_count.eq(counts.closed as i32),
                job_sources::etag.eq(etag.as_deref().map(|tag| clip(tag, 1000))),
                job_sources::last_modified.eq(last_modified.as_deref().map(|date| clip(date, 200))),
            ))
            .execute(conn)?,
        Outcome::Unchanged => diesel::update(row)
            .set((
                job_sources::last_run_at.eq(now),
                job_sources::last_status.eq(ImportStatus::Unchanged),
                job_sources::last_error.eq(None::<String>),
                job_sources::added_count.eq(0),
                job_sources::updated_count.eq(0),
                job_sources::closed_count.eq(0),
            ))
            .execute(conn)?,
        Outcome::Failed(error) => diesel::update(row)
            .set((
                job_sources::last_run_at.eq(now),
                job_sources::last_status.eq(ImportStatus::Failed),
                job_sources::last_error.eq(clip(error, 2000)),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// At most `chars` characters, without NUL (which PostgreSQL's text cannot hold; feeds send it).
fn clip(text: &str, chars: usize) -> String {
    text.chars().filter(|&c| c != '\0').take(chars).collect()
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = job_postings, treat_none_as_null = true)]
struct PostingRow {
    company_id: CompanyId,
    company_name: String,
    title: String,
    locations: Vec<String>,
    workplace: Option<careerhub_domain::jobs::Workplace>,
    employment_type: Option<careerhub_domain::jobs::EmploymentType>,
    salary_min: Option<i32>,
    salary_max: Option<i32>,
    salary_currency: Option<String>,
    salary_interval: Option<careerhub_domain::jobs::SalaryInterval>,
    description_html: String,
    description_text: String,
    required_skills: Vec<String>,
    preferred_skills: Vec<String>,
    years_asked: Option<i16>,
    url: Option<String>,
    posted_at: Option<chrono::DateTime<chrono::Utc>>,
    valid_through: Option<chrono::DateTime<chrono::Utc>>,
    content_hash: Vec<u8>,
}

/// The stored form of a posting: description sanitised and read as text, skills found, every
/// field cut to what the table holds.
fn row(
    conn: &mut PgConnection,
    posting: &FeedPosting,
    hash: Vec<u8>,
    companies_seen: &mut HashMap<String, (CompanyId, String)>,
) -> Result<PostingRow, Error> {
    let company_key = careerhub_domain::jobs::company_key(&posting.company.name);
    let (company_id, company_name) = match companies_seen.get(&company_key) {
        Some(known) => known.clone(),
        None => {
            let id = companies::find_or_create(conn, &posting.company)?;
            let known = (id, clip(posting.company.name.trim(), 200));
            companies_seen.insert(company_key, known.clone());
            known
        }
    };
    let mut description_html = html::sanitise(&clip(&posting.description_html, 1_000_000));
    if description_html.chars().count() > 200_000 {
        // Cut, then cleaned again so the cut leaves no open tag.
        description_html = html::sanitise(&clip(&description_html, 190_000));
    }
    let description_text = clip(&html::text(&description_html), 100_000);
    let title = clip(posting.title.trim(), 300);
    let (required_skills, preferred_skills) =
        posting_skills(&title, &description_text, &posting.listed_skills);
    let years_asked = careerhub_domain::jobs::matching::years_asked(&description_text);
    let salary = posting.salary.as_ref();
    let url = posting
        .url
        .as_deref()
        .and_then(web_address)
        .map(str::to_owned);
    Ok(PostingRow {
        company_id,
        company_name,
        title,
        locations: posting
            .locations
            .iter()
            .map(|place| clip(place, 200))
            .collect(),
        workplace: posting.workplace,
        employment_type: posting.employment_type,
        salary_min: salary.and_then(|salary| salary.min),
        salary_max: salary.and_then(|salary| salary.max),
        salary_currency: salary.map(|salary| salary.currency.clone()),
        salary_interval: salary.map(|salary| salary.interval),
        description_html,
        description_text,
        required_skills,
        preferred_skills,
        years_asked,
        url,
        posted_at: posting.posted_at,
        valid_through: posting.valid_through,
        content_hash: hash,
    })
}

/// A person's own posting (pasted or typed in): private to them, never refreshed or closed by
/// an import.
pub fn add_own(
    conn: &mut PgConnection,
    owner: careerhub_domain::ids::UserId,
    posting: &FeedPosting,
) -> Result<JobPostingId, Error> {
    let hash = Sha256::digest(
        serde_json::to_vec(posting).map_err(|err| Error::internal("hashing a posting", err))?,
    )
    .to_vec();
    let row = row(conn, posting, hash, &mut HashMap::new())?;
    let id = JobPostingId(Uuid::now_v7());
    diesel::insert_into(job_postings::table)
        .values((
            job_postings::id.eq(id),
            job_postings::owner_id.eq(owner),
            &row,
        ))
        .execute(conn)?;
    Ok(id)
}

/// The source's postings as `postings` says they are now: new ones added, changed ones updated
/// (and reopened), unchanged ones untouched, missing ones closed. Holds a transaction-scoped lock
/// on the source so two imports of it (the schedule and an operator) take turns.
fn store(
    conn: &mut PgConnection,
    source: JobSourceId,
    postings: Vec<FeedPosting>,
) -> Result<Counts, Error> {
    diesel::sql_query(
        "SELECT pg_advisory_xact_lock(hashtextextended('job_source:' || $1::text, 0))",
    )
    .bind::<diesel::sql_types::Uuid, _>(source)
    .execute(conn)?;
    let known: HashMap<String, (JobPostingId, Vec<u8>, bool)> = job_postings::table
        .filter(job_postings::source_id.eq(source))
        .select((
            job_postings::external_id.assume_not_null(),
            job_postings::id,
            job_postings::content_hash,
            job_postings::closed_at.is_not_null(),
        ))
        .load::<(String, JobPostingId, Vec<u8>, bool)>(conn)?
        .into_iter()
        .map(|(external, id, hash, closed)| (external, (id, hash, closed)))
        .collect();
    let mut counts = Counts::default();
    let mut listed = HashSet::new();
    let mut companies_seen = HashMap::new();
    for posting in postings {
        let external_id = posting.external_id.replace('\0', "");
        let external_id = if external_id.chars().count() > 500 {
            format!("sha256:{:x}", Sha256::digest(external_id.as_bytes()))
        } else {
            external_id
        };
        if !listed.insert(external_id.clone()) {
            continue; // The feed lists it twice: the first one counts.
        }
        let hash = Sha256::digest(
            serde_json::to_vec(&posting)
                .map_err(|err| Error::internal("hashing a posting", err))?,
        )
        .to_vec();
        match known.get(&external_id) {
            Some((_, stored, false)) if *stored == hash => {}
            Some((id, _, _)) => {
                let row = row(conn, &posting, hash, &mut companies_seen)?;
                diesel::update(job_postings::table.find(*id))
                    .set((
                        &row,
                        job_postings::closed_at.eq(None::<chrono::DateTime<chrono::Utc>>),
                    ))
                    .execute(conn)?;
                counts.updated += 1;
            }
            None => {
                let row = row(conn, &posting, hash, &mut companies_seen)?;
                diesel::insert_into(job_postings::table)
                    .values((
                        job_postings::id.eq(JobPostingId(Uuid::now_v7())),
                        job_postings::source_id.eq(source),
                        job_postings::external_id.eq(&external_id),
                        &row,
                    ))
                    .execute(conn)?;
                counts.added += 1;
            }
        }
    }
    let gone: Vec<JobPostingId> = known
        .iter()
        .filter(|(external, (_, _, closed))| !closed && !listed.contains(*external))
        .map(|(_, (id, _, _))| *id)
        .collect();
    counts.closed = diesel::update(job_postings::table.filter(job_postings::id.eq_any(&gone)))
        .set(job_postings::closed_at.eq(diesel::dsl::now))
        .execute(conn)?;
    Ok(counts)
}
