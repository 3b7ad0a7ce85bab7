//! What every service in this crate shares: one error type (mapped to a status and a message by
//! the web layer) and the helpers that run Diesel work on a pooled connection off the async runtime.

use diesel::prelude::*;

use careerhub_domain::FormError;

use crate::db::{DbError, Pool};
use crate::ratelimit::Limited;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Form(FormError),
    #[error("rate limited for {0} s")]
    RateLimited(u64),
    #[error("a dependency is unavailable")]
    Unavailable,
    /// The thing asked for does not exist for this user (or belongs to someone else).
    #[error("not found")]
    NotFound,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<diesel::result::Error> for Error {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => Self::NotFound,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<DbError> for Error {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Pool(_) | DbError::Connect(_) => Self::Unavailable,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<Limited> for Error {
    fn from(limited: Limited) -> Self {
        match limited {
            Limited::RetryAfter(seconds) => Self::RateLimited(seconds),
            Limited::Unavailable => Self::Unavailable,
        }
    }
}

impl From<FormError> for Error {
    fn from(form: FormError) -> Self {
        Self::Form(form)
    }
}

/// An UPDATE or DELETE that touched no row: the row is not there, or not the caller's.
pub fn found(rows: usize) -> Result<usize, Error> {
    if rows == 0 {
        Err(Error::NotFound)
    } else {
        Ok(rows)
    }
}

/// Runs `work` on a pooled connection off the async runtime, with our error type.
pub async fn run<T, F>(pool: &Pool, work: F) -> Result<T, Error>
where
    F: FnOnce(&mut PgConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    let conn = pool.get().await.map_err(|_| Error::Unavailable)?;
    conn.interact(work)
        .await
        .map_err(|err| Error::Internal(err.to_string()))?
}

/// [`run`] inside one transaction: everything `work` writes commits together or not at all.
pub async fn transact<T, F>(pool: &Pool, work: F) -> Result<T, Error>
where
    F: FnOnce(&mut PgConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    run(pool, move |conn| conn.transaction(work)).await
}
