//! careerhub-core against the real PostgreSQL, Redis and an SMTP server.

mod areas;
mod cv;
mod enums;
mod harness;
mod job_alerts;
mod job_personal;
mod job_search;
mod jobs;
mod layers;
mod letters;
mod migrations;
mod operations;
mod outbox;
mod pool;
mod profile;

/// Reading linked postings with the default settings (public addresses only) and a limiter in
/// process memory.
fn links() -> careerhub_core::jobs::links::Links {
    let config = careerhub_core::config::Config::from_lookup(|_| None).expect("default settings");
    careerhub_core::jobs::links::Links::new(
        config.job_feeds,
        careerhub_core::ratelimit::RateLimiter::new(None),
    )
}
