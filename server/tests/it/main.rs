//! The server's integration tests: one binary, each test with its own database, Redis prefix and
//! SMTP server (see `harness`).

mod accounts;
mod browser;
mod csrf_and_mail;
mod cv;
mod faults;
mod harness;
mod health;
mod hydration;
mod injection;
mod job_alerts;
mod jobs;
mod killed;
mod page_cache;
mod pages;
mod profile;
mod scaling;
mod scheduler;
mod secrets;
mod sessions;
mod tracker;
