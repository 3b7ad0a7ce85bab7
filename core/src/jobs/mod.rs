//! Job postings: imported from the feeds job boards publish on purpose (Greenhouse, Lever, Ashby,
//! schema.org JSON-LD pages, RSS/Atom, CSV and JSON files) into shared, searchable postings.
//!
//! [`sources`] are the feeds an operator manages; [`import`] fetches them (conditionally, bounded
//! in time and size), reads them with one of the [`readers`] and stores what changed: a posting
//! gone from its feed is closed, never deleted. Companies are found again by web domain or
//! normalised name ([`companies`]).

pub mod companies;
pub mod data;
mod demo;
mod fetch;
pub(crate) mod html;
pub mod import;
pub mod readers;
pub mod search;
pub mod sources;

use careerhub_domain::ids::{JobPostingId, UserId};
use careerhub_domain::jobs::{JobResults, JobSearch, PostingDetail};

use crate::db::Pool;
use crate::service::{Error, run};

/// The jobs area's facade for people (operators manage sources through `crate::ops`).
#[derive(Clone)]
pub struct Jobs {
    pool: Pool,
}

impl Jobs {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    #[tracing::instrument(skip_all, fields(user_id = %viewer))]
    pub async fn search(&self, viewer: UserId, query: JobSearch) -> Result<JobResults, Error> {
        run(&self.pool, move |conn| search::search(conn, viewer, &query)).await
    }

    /// A posting `viewer` may see: any from a feed (closed ones too), or their own.
    #[tracing::instrument(skip_all, fields(user_id = %viewer))]
    pub async fn posting(&self, viewer: UserId, id: JobPostingId) -> Result<PostingDetail, Error> {
        run(&self.pool, move |conn| search::detail(conn, viewer, id)).await
    }
}
