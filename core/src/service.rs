//! What every service in this crate shares: one error type (mapped to a status and a message by
//! the web layer) and the one way to run Diesel work: on a pooled connection, off the async
//! runtime, with one classification of failures — the database out of reach (no connection from
//! the pool in time, connection refused, the connection lost mid-query) is `Unavailable` (503);
//! a query that fails otherwise, or work that panics, is `Internal` (500).

use diesel::prelude::*;

use careerhub_domain::FormError;

use crate::db::{DbError, Pool, PooledConnection};
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
    /// Something failed that the person asking cannot fix. `context` says what was being done;
    /// `source` is the error underneath, kept whole for the log ([`Error::chain`] prints both).
    #[error("internal error: {context}")]
    Internal {
        context: String,
        #[source]
        source: Option<BoxError>,
    },
}

/// Any error, kept as the source of an [`Error::Internal`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl Error {
    /// The HTTP status this error answers with, decided here once for every page, server
    /// function and route.
    pub fn status(&self) -> u16 {
        match self {
            Self::Form(_) => 422,
            Self::RateLimited(_) => 429,
            Self::Unavailable => 503,
            Self::NotFound => 404,
            Self::Internal { .. } => 500,
        }
    }

    /// `source` failed while doing `context` ("writing /backups/x.dump").
    pub fn internal(context: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::Internal {
            context: context.into(),
            source: Some(source.into()),
        }
    }

    /// Something that should not happen did, with no error underneath to keep.
    pub fn broken(context: impl Into<String>) -> Self {
        Self::Internal {
            context: context.into(),
            source: None,
        }
    }

    /// This error and every cause under it, "a: b: c": what logs, run histories and operators
    /// read.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            text.push_str(": ");
            text.push_str(&error.to_string());
            cause = error.source();
        }
        text
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
            other => Self::internal("a database query failed", other),
        }
    }
}

impl From<DbError> for Error {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Pool(_) | DbError::Connect(_) => Self::Unavailable,
            DbError::Query(query) => query.into(),
            other => Self::internal("the database", other),
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
    let result = conn
        .interact(work)
        .await
        .map_err(|err| Error::internal("database work did not finish", err.to_string()))?;
    if matches!(result, Err(Error::Unavailable)) {
        // Lost (PostgreSQL restarted, the backend was terminated): never handed out again. The
        // pool pings only connections idle for a while (`db::pool`), so this is what keeps a
        // dead one from failing request after request.
        drop(PooledConnection::take(conn));
    }
    result
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
        let unique = Error::from(unique);
        assert!(matches!(unique, Error::Internal { .. }));
        assert_eq!(
            unique.chain(),
            "internal error: a database query failed: duplicate key"
        );
    }
}
