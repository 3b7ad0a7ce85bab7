//! Careerhub's server side, minus HTTP: configuration, database access, services and jobs.
//! The web server and the admin CLI both call into this crate; neither talks to Diesel directly.

pub mod accounts;
pub mod audit;
pub mod cache;
pub mod config;
pub mod db;
pub mod doctor;
pub mod email;
pub mod health;
pub mod mail;
pub mod passwords;
pub mod ratelimit;
pub mod schema;
pub mod service;
pub mod sessions;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod tokens;
pub mod tracker;

pub use config::Config;
