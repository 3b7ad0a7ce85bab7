//! Job postings: imported from the feeds job boards publish on purpose (Greenhouse, Lever, Ashby,
//! schema.org JSON-LD pages, RSS/Atom, CSV and JSON files) into shared, searchable postings.
//!
//! [`sources`] are the feeds an operator manages; [`import`] fetches them (conditionally, bounded
//! in time and size), reads them with one of the [`readers`] and stores what changed: a posting
//! gone from its feed is closed, never deleted. Companies are found again by web domain or
//! normalised name ([`companies`]).

pub mod alerts;
pub mod companies;
pub mod data;
mod demo;
mod fetch;
pub(crate) mod html;
pub mod import;
pub mod links;
pub mod personal;
pub mod readers;
pub mod search;
pub mod search_cache;
pub mod sources;

use careerhub_domain::ids::{ActivityId, ApplicationId, JobPostingId, SavedSearchId, UserId};
use careerhub_domain::jobs::alerts::{AlertFrequency, NewSavedSearch, SavedSearch};
use careerhub_domain::jobs::{FeedPosting, JobResults, JobSearch, PostingDetail, SavedJob};

use crate::db::Pool;
use crate::service::{Error, run, transact};

/// The jobs area's facade for people (operators manage sources through `crate::ops`).
#[derive(Clone)]
pub struct Jobs {
    pool: Pool,
    links: links::Links,
    cache: Option<search_cache::SearchCache>,
}

impl Jobs {
    /// `cache`: where first pages' shared part is kept (None: every search runs in full).
    pub fn new(pool: Pool, links: links::Links, cache: Option<search_cache::SearchCache>) -> Self {
        Self { pool, links, cache }
    }

    #[tracing::instrument(skip_all, fields(user_id = %viewer, cache))]
    pub async fn search(&self, viewer: UserId, query: JobSearch) -> Result<JobResults, Error> {
        let Some(cache) = self
            .cache
            .as_ref()
            .filter(|_| search::has_shared_first_page(&query))
        else {
            return run(&self.pool, move |conn| search::search(conn, viewer, &query)).await;
        };
        // Read before the search runs: a page kept under this generation is at least as new.
        let generation = run(&self.pool, search_cache::generation).await?;
        let key = cache.key(generation, &query);
        let cached = cache.get(&key).await;
        tracing::Span::current().record("cache", if cached.is_some() { "hit" } else { "miss" });
        let (results, made) = run(&self.pool, move |conn| {
            search::page_with_shared(conn, viewer, &query, cached)
        })
        .await?;
        if let Some(made) = made {
            cache.put(&key, &made).await;
        }
        Ok(results)
    }

    /// A posting `viewer` may see: any from a feed (closed ones too), or their own; with its fit
    /// to their profile and whether they saved or track it.
    #[tracing::instrument(skip_all, fields(user_id = %viewer))]
    pub async fn posting(&self, viewer: UserId, id: JobPostingId) -> Result<PostingDetail, Error> {
        run(&self.pool, move |conn| search::detail(conn, viewer, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn save(
        &self,
        owner: UserId,
        posting: JobPostingId,
        note: Option<String>,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            personal::save(conn, owner, posting, note)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn unsave(&self, owner: UserId, posting: JobPostingId) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            personal::unsave(conn, owner, posting)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn saved(&self, owner: UserId) -> Result<Vec<SavedJob>, Error> {
        run(&self.pool, move |conn| personal::saved(conn, owner)).await
    }

    /// The owner's application for `posting`, made on the wishlist if there is none.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn track(
        &self,
        owner: UserId,
        posting: JobPostingId,
    ) -> Result<ApplicationId, Error> {
        match transact(&self.pool, move |conn| {
            personal::track(conn, owner, posting)
        })
        .await
        {
            Ok(id) => Ok(id),
            // A request at the same moment made it first (one application per posting).
            Err(err) => run(&self.pool, move |conn| {
                personal::tracked(conn, owner, posting)
            })
            .await?
            .ok_or(err),
        }
    }

    /// A learning activity for the skill `key` a posting asks for.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn plan_learning(&self, owner: UserId, key: String) -> Result<ActivityId, Error> {
        transact(&self.pool, move |conn| {
            personal::plan_learning(conn, owner, &key)
        })
        .await
    }

    /// Keeps a search by name with its alert.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn save_search(
        &self,
        owner: UserId,
        new: NewSavedSearch,
    ) -> Result<SavedSearchId, Error> {
        transact(&self.pool, move |conn| alerts::create(conn, owner, &new)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn saved_searches(&self, owner: UserId) -> Result<Vec<SavedSearch>, Error> {
        run(&self.pool, move |conn| alerts::list(conn, owner)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn set_alert_frequency(
        &self,
        owner: UserId,
        search: SavedSearchId,
        frequency: AlertFrequency,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            alerts::set_frequency(conn, owner, search, frequency)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn delete_saved_search(
        &self,
        owner: UserId,
        search: SavedSearchId,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| alerts::delete(conn, owner, search)).await
    }

    /// A posting the owner typed in, private to them.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn add_own(
        &self,
        owner: UserId,
        posting: FeedPosting,
    ) -> Result<JobPostingId, Error> {
        transact(&self.pool, move |conn| {
            import::add_own(conn, owner, &posting)
        })
        .await
    }

    /// A posting read from the page at `address` (its schema.org data), private to the owner.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn add_from_link(
        &self,
        owner: UserId,
        address: url::Url,
    ) -> Result<JobPostingId, Error> {
        let posting = self.links.read(owner, &address).await?;
        self.add_own(owner, posting).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn delete_own(&self, owner: UserId, posting: JobPostingId) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            personal::delete_own(conn, owner, posting)
        })
        .await
    }
}
