//! PostgreSQL: the connection pool, embedded migrations, and creating the database on first start.

use std::time::Duration;

use deadpool_diesel::postgres::{Hook, HookError, Manager, Pool as DeadPool, Runtime};
use deadpool_diesel::{ManagerConfig, RecyclingMethod};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use url::Url;

pub use deadpool_diesel::postgres::Object as PooledConnection;
/// The connection type, for callers that hand a connection to core functions.
pub use diesel::PgConnection;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

pub type Pool = DeadPool;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to PostgreSQL: {0}")]
    Connect(String),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("the database pool is not available: {0}")]
    Pool(String),
}

/// A pooled connection idle for longer than this is pinged (`SELECT 1`) before it is handed out;
/// one in use meanwhile is not: the ping was a round trip before every query of every request.
/// A connection that fails as lost anyway is dropped by `service::run`.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(15);

/// Builds the pool. Connections are made lazily; `timeout` bounds both waiting for a free
/// connection and opening a new one, so an unreachable server fails fast instead of hanging.
pub fn pool(database_url: &str, max_size: usize, timeout: Duration) -> Result<Pool, DbError> {
    let manager = Manager::from_config(
        with_connect_timeout(database_url, timeout),
        Runtime::Tokio1,
        ManagerConfig {
            // deadpool-diesel still refuses a connection left inside a transaction.
            recycling_method: RecyclingMethod::CustomFunction(Box::new(|_| Ok(()))),
        },
    );
    let ping_when_idle = Hook::async_fn(|conn, metrics| {
        let idle = metrics.last_used() >= PING_WHEN_IDLE_FOR;
        Box::pin(async move {
            if !idle {
                return Ok(());
            }
            let ping = conn
                .interact(|conn| diesel::sql_query("SELECT 1").execute(conn))
                .await;
            match ping {
                Ok(Ok(_)) => Ok(()),
                _ => Err(HookError::message("the connection did not answer a ping")),
            }
        })
    });
    DeadPool::builder(manager)
        .max_size(max_size)
        .pre_recycle(ping_when_idle)
        .wait_timeout(Some(timeout))
        .create_timeout(Some(timeout))
        .recycle_timeout(Some(timeout))
        .runtime(Runtime::Tokio1)
        .build()
        .map_err(|err| DbError::Pool(err.to_string()))
}

/// Adds libpq's `connect_timeout` unless the URL sets one, so a silent server cannot hang a connect.
fn with_connect_timeout(database_url: &str, timeout: Duration) -> String {
    match Url::parse(database_url) {
        Ok(mut url) if !url.query_pairs().any(|(key, _)| key == "connect_timeout") => {
            url.query_pairs_mut()
                .append_pair("connect_timeout", &timeout.as_secs().max(1).to_string());
            url.to_string()
        }
        _ => database_url.to_owned(),
    }
}

/// Opens one connection outside the pool (admin commands, start-up, tests).
pub fn connect(database_url: &str) -> Result<PgConnection, DbError> {
    PgConnection::establish(&with_connect_timeout(database_url, Duration::from_secs(5)))
        .map_err(|err| DbError::Connect(err.to_string()))
}

/// The database name in a PostgreSQL URL, and the same URL pointing at the `postgres` maintenance
/// database of that server.
pub fn split_database_url(database_url: &str) -> Result<(String, String), DbError> {
    let mut url = Url::parse(database_url).map_err(|err| DbError::Connect(err.to_string()))?;
    let name = url.path().trim_start_matches('/').to_owned();
    if name.is_empty() {
        return Err(DbError::Connect("the URL names no database".into()));
    }
    url.set_path("/postgres");
    Ok((name, url.to_string()))
}

/// Quotes an identifier for the few statements (CREATE/DROP DATABASE) that cannot take parameters.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    exists: bool,
}

/// Creates the database named in `database_url` when it does not exist yet. Returns whether it did.
pub fn ensure_database_exists(database_url: &str) -> Result<bool, DbError> {
    let (name, maintenance_url) = split_database_url(database_url)?;
    let mut conn = connect(&maintenance_url)?;
    let found =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<Text, _>(&name)
            .get_result::<Exists>(&mut conn)?
            .exists;
    if found {
        return Ok(false);
    }
    match conn.batch_execute(&format!("CREATE DATABASE {}", quote_ident(&name))) {
        Ok(()) => Ok(true),
        // Another instance created it between our check and our CREATE.
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("already exists") =>
        {
            Ok(false)
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationState {
    pub version: String,
    /// The migration's folder name, e.g. "2026-11-22-000003_tracker".
    pub name: String,
    pub applied: bool,
}

/// Every embedded migration, oldest first, with whether it is applied.
pub fn migration_status(conn: &mut PgConnection) -> Result<Vec<MigrationState>, DbError> {
    let applied: Vec<String> = conn
        .applied_migrations()
        .map_err(|err| DbError::Migration(err.to_string()))?
        .into_iter()
        .map(|version| version.to_string())
        .collect();
    let mut known: Vec<(String, String)> =
        diesel::migration::MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
            .map_err(|err| DbError::Migration(err.to_string()))?
            .iter()
            .map(|migration| {
                let name = migration.name();
                (name.version().to_string(), name.to_string())
            })
            .collect();
    known.sort();
    Ok(known
        .into_iter()
        .map(|(version, name)| MigrationState {
            applied: applied.contains(&version),
            version,
            name,
        })
        .collect())
}

/// The advisory lock that lets one process migrate at a time ("careermg").
const MIGRATION_LOCK: i64 = 0x6361_7265_6572_6d67;

/// Applies every pending migration; returns the versions applied. Replicas that start together
/// queue on an advisory lock: the first applies everything, the others then find nothing pending
/// (without it, two would run the same migration and one would fail to start).
pub fn run_migrations(conn: &mut PgConnection) -> Result<Vec<String>, DbError> {
    diesel::sql_query("SELECT pg_advisory_lock($1)")
        .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK)
        .execute(conn)?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(|err| DbError::Migration(err.to_string()));
    diesel::sql_query("SELECT pg_advisory_unlock($1)")
        .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK)
        .execute(conn)?;
    applied
}

/// Reverts the newest applied migration; returns its version, or None when none is applied.
pub fn revert_last_migration(conn: &mut PgConnection) -> Result<Option<String>, DbError> {
    if conn
        .applied_migrations()
        .map_err(|err| DbError::Migration(err.to_string()))?
        .is_empty()
    {
        return Ok(None);
    }
    conn.revert_last_migration(MIGRATIONS)
        .map(|version| Some(version.to_string()))
        .map_err(|err| DbError::Migration(err.to_string()))
}

#[derive(QueryableByName)]
struct ServerVersion {
    #[diesel(sql_type = Text)]
    server_version: String,
}

/// `SHOW server_version`, e.g. "15.19 (Debian 15.19-0+deb12u1)".
pub fn server_version(conn: &mut PgConnection) -> Result<String, DbError> {
    Ok(diesel::sql_query("SHOW server_version")
        .get_result::<ServerVersion>(conn)?
        .server_version)
}

/// The major version from a `server_version` or `pg_dump --version` string.
pub fn major_version(text: &str) -> Option<u32> {
    text.split(|c: char| !c.is_ascii_digit() && c != '.')
        .find(|part| part.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .and_then(|version| version.split('.').next())
        .and_then(|major| major.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_version_reads_server_and_tool_strings() {
        assert_eq!(major_version("15.19 (Debian 15.19-0+deb12u1)"), Some(15));
        assert_eq!(major_version("pg_dump (PostgreSQL) 16.2"), Some(16));
        assert_eq!(major_version("no digits"), None);
    }

    #[test]
    fn database_url_is_split_into_name_and_maintenance_url() {
        let (name, url) =
            split_database_url("postgres://postgres@127.0.0.1:5432/careerhub?sslmode=disable")
                .unwrap();
        assert_eq!(name, "careerhub");
        assert_eq!(
            url,
            "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
        );
    }

    #[test]
    fn connect_timeout_is_added_once() {
        let url = with_connect_timeout("postgres://h/db", Duration::from_secs(3));
        assert_eq!(url, "postgres://h/db?connect_timeout=3");
        assert_eq!(with_connect_timeout(&url, Duration::from_secs(9)), url);
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
