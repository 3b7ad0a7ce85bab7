//! What every service in this crate shares: one error type (mapped to a status and a message by
//! the web layer) and the one way to run Diesel work: on a pooled connection, off the async
//! runtime, with one classification of failures — the database out of reach (no connection from
//! the pool in time, connection refused, the connection lost mid-query) is `Unavailable` (503);
//! a query that fails otherwise, or work that panics, is `Internal` (500).

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

impl Error {
    /// The HTTP status this error answers with, decided here once for every page, server
    /// function and route.
    pub fn status(&self) -> u16 {
        match self {
            Self::Form(_) => 422,
            Self::RateLimited(_) => 429,
            Self::Unavailable => 503,
            Self::NotFound => 404,
            Self::Internal(_) => 500,
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as Diesel};
        match err {
            Diesel::NotFound => Self::NotFound,
            // The server went away under a connection the pool had handed out.
            Diesel::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => {
                tracing::warn!(detail = info.message(), "lost the database connection");
                Self::Unavailable
            }
            Diesel::BrokenTransactionManager => Self::Unavailable,
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
    let conn = pool.get().await.map_err(|err| {
        tracing::warn!(%err, "no database connection");
        Error::Unavailable
    })?;
    conn.interact(work)
        .await
        .map_err(|err| Error::Internal(format!("database work did not finish: {err}")))?
}

/// [`run`] inside one transaction: everything `work` writes commits together or not at all.
pub async fn transact<T, F>(pool: &Pool, work: F) -> Result<T, Error>
where
    F: FnOnce(&mut PgConnection) -> Result<T, Error> + Send + 'static,
    T: Send + 'static,
{
    run(pool, move |conn| conn.transaction(work)).await
}

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorKind, Error as Diesel};

    use super::Error;

    #[test]
    fn a_lost_database_is_unavailable_and_a_bad_query_internal() {
        let lost = Diesel::DatabaseError(
            DatabaseErrorKind::ClosedConnection,
            Box::new("server closed the connection unexpectedly".to_owned()),
        );
        assert!(matches!(Error::from(lost), Error::Unavailable));
        assert!(matches!(
            Error::from(Diesel::BrokenTransactionManager),
            Error::Unavailable
        ));
        assert!(matches!(Error::from(Diesel::NotFound), Error::NotFound));
        let unique = Diesel::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new("duplicate key".to_owned()),
        );
        assert!(matches!(Error::from(unique), Error::Internal(_)));
    }
}
