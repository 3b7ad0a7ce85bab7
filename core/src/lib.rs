//! Careerhub's server side, minus HTTP: configuration, database access, services and jobs.
//! The web server and the admin CLI both call into this crate; neither talks to Diesel directly.

pub mod cache;
pub mod config;
pub mod db;
pub mod doctor;
pub mod health;
pub mod mail;
pub mod schema;
#[cfg(feature = "test-support")]
pub mod testing;

pub use config::Config;
