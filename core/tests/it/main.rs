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
mod profile;
