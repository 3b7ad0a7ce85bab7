//! Careerhub's server side, minus HTTP: configuration, database access, services and jobs.
//! The web server and the admin CLI both call into this crate; neither talks to Diesel directly.

pub mod accounts;
pub mod areas;
pub mod audit;
pub mod cache;
pub mod config;
pub mod content_lines;
pub mod cron;
pub mod cv;
pub mod db;
pub mod demo;
pub mod email;
pub mod enum_columns;
pub mod health;
pub mod jobs;
pub mod mail;
pub mod net;
pub mod ops;
pub mod passwords;
pub mod profile;
pub mod ratelimit;
pub mod registry;
pub mod schema;
pub mod seed;
pub mod service;
pub mod services;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod tokens;
pub mod tracker;

pub use config::Config;

/// Brings a database up to this build: the pending migrations, then a `cron_jobs` row for every
/// scheduled job the build knows (see [`cron::register_jobs`]). The server at start-up,
/// `careerhub-admin migrate run` and the test databases all prepare a database with this.
/// Returns the migrations applied.
pub fn migrate(conn: &mut db::PgConnection) -> Result<Vec<String>, service::Error> {
    let applied = db::run_migrations(conn)?;
    cron::register_jobs(conn)?;
    Ok(applied)
}
