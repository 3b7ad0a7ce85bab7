//! Careerhub's server side, minus HTTP: configuration, database access, services and jobs.
//! The web server and the admin CLI both call into this crate; neither talks to Diesel directly.

pub mod accounts;
pub mod analytics;
pub mod areas;
pub mod audit;
pub mod backup;
pub mod cache;
pub mod config;
pub mod content_lines;
pub mod cron;
pub mod db;
pub mod doctor;
pub mod email;
pub mod enum_columns;
pub mod gdpr;
pub mod health;
pub mod mail;
pub mod passwords;
pub mod ratelimit;
pub mod retention;
pub mod schema;
pub mod service;
pub mod sessions;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod tokens;
pub mod tracker;
pub mod users;

pub use config::Config;
