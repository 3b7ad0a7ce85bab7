//! The job-search tracker: applications (board, list, timeline, interviews), contacts, learning,
//! the dashboard, notifications, the calendar feed, exports and the daily digest.
//!
//! The query modules hold synchronous functions that take a connection and the owner's id; the
//! [`Tracker`] service runs them on the pool, off the async runtime.

pub mod applications;
pub mod calendar;
pub mod contacts;
pub mod dashboard;
pub mod digest;
pub mod export;
pub mod learning;
pub mod notifications;
pub mod seed;
pub mod time;
pub mod vcard;

use diesel::PgConnection;

use crate::db::Pool;
use crate::service::{Error, run};

#[derive(Clone)]
pub struct Tracker {
    pool: Pool,
    public_url: String,
}

impl Tracker {
    pub fn new(pool: Pool, public_url: &url::Url) -> Self {
        Self {
            pool,
            public_url: public_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Runs tracker queries on a pooled connection off the async runtime.
    pub async fn run<T, F>(&self, work: F) -> Result<T, Error>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, Error> + Send + 'static,
        T: Send + 'static,
    {
        run(&self.pool, work).await
    }
}
