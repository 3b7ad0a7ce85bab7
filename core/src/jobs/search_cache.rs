//! The feed part of search first pages, kept in Redis so a popular search costs its viewer only
//! their own postings and the shown cards.
//!
//! A key holds the search (its canonical query string, hashed) and the feed postings'
//! generation, a number triggers raise in the same transaction as any change to feed postings
//! (an import, a closing, a clean-up, an operator's SQL), without making two imports wait on
//! each other. The generation is read before the
//! search runs, so a cached page is never older than its key says: the next search after an
//! import commits reads the new generation and misses. Old keys simply expire. Redis failing
//! is a miss (and a warning), never a failed search.

use std::time::Duration;

use careerhub_domain::jobs::JobSearch;
use diesel::PgConnection;
use diesel::prelude::*;
use redis::AsyncCommands;
use sha2::{Digest, Sha256};

use super::search::SharedFirstPage;
use crate::cache::Redis;
use crate::service::Error;

#[derive(Clone)]
pub struct SearchCache {
    redis: Redis,
    ttl: Duration,
}

impl SearchCache {
    /// `ttl` bounds how long an unused page stays in Redis (and a page made from a generation
    /// that is no longer current).
    pub fn new(redis: Redis, ttl: Duration) -> Self {
        Self { redis, ttl }
    }

    pub fn key(&self, generation: i64, search: &JobSearch) -> String {
        let digest = Sha256::digest(search.query().as_bytes());
        self.redis
            .key(&format!("jobs:search:{generation}:{digest:x}"))
    }

    pub async fn get(&self, key: &str) -> Option<SharedFirstPage> {
        let mut conn = self.redis.connection();
        match conn.get::<_, Option<Vec<u8>>>(key).await {
            Ok(found) => found.and_then(|bytes| serde_json::from_slice(&bytes).ok()),
            Err(err) => {
                tracing::warn!(error = %err, "job search cache unavailable: searching without it");
                None
            }
        }
    }

    pub async fn put(&self, key: &str, page: &SharedFirstPage) {
        let Ok(bytes) = serde_json::to_vec(page) else {
            return;
        };
        let mut conn = self.redis.connection();
        if let Err(err) = conn
            .set_ex::<_, _, ()>(key, bytes, self.ttl.as_secs().max(1))
            .await
        {
            tracing::warn!(error = %err, "job search cache unavailable: page not kept");
        }
    }
}

/// The feed postings' current generation (see the module's note and its migration): committed
/// changes only, so it moves when a change becomes visible to searches.
pub fn generation(conn: &mut PgConnection) -> Result<i64, Error> {
    use crate::schema::job_postings_generation::dsl;
    let changes: Option<i64> = dsl::job_postings_generation
        .select(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::BigInt>,
        >("sum(changes)::bigint"))
        .first(conn)?;
    Ok(changes.unwrap_or(0))
}
