//! The server's integration tests: one binary, each test with its own database, Redis prefix and
//! SMTP server (see `harness`).

mod browser;
mod harness;
mod health;
mod hydration;
mod pages;
