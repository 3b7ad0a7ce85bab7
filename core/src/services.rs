//! Every feature area's facade, built once. The web server keeps one `Services` in its state and
//! hands it to every server function as one context value, so a new area is a field here and in
//! [`Services::new`], and the compiler points at both; there is no list elsewhere to forget.

use std::sync::Arc;

use crate::accounts::Accounts;
use crate::cache::Redis;
use crate::config::Config;
use crate::cv::Cvs;
use crate::db::Pool;
use crate::jobs::Jobs;
use crate::jobs::links::Links;
use crate::jobs::search_cache::SearchCache;
use crate::profile::Profiles;
use crate::ratelimit::RateLimiter;
use crate::tracker::Tracker;

#[derive(Clone)]
pub struct Services {
    pub accounts: Accounts,
    pub cvs: Cvs,
    pub jobs: Jobs,
    pub profiles: Profiles,
    pub tracker: Tracker,
}

impl Services {
    pub fn new(pool: Pool, config: Arc<Config>, redis: Option<Redis>) -> Self {
        let limiter = RateLimiter::new(redis.clone());
        let search_cache = redis
            .filter(|_| !config.job_search_cache_ttl.is_zero())
            .map(|redis| SearchCache::new(redis, config.job_search_cache_ttl));
        Self {
            tracker: Tracker::new(pool.clone(), &config.public_url),
            profiles: Profiles::new(pool.clone(), &config.public_url),
            cvs: Cvs::new(pool.clone()),
            jobs: Jobs::new(
                pool.clone(),
                Links::new(config.job_feeds.clone(), limiter.clone()),
                search_cache,
            ),
            accounts: Accounts::new(pool, config, limiter),
        }
    }
}
