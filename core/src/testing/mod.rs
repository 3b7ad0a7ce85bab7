//! The test harness every crate's integration tests share (feature `test-support`): a fresh
//! PostgreSQL database per test cloned from a template migrated once, a Redis key prefix per test,
//! and a real SMTP server started on a free port.

mod database;
mod smtp;

pub use database::TestDb;
pub use smtp::{ReceivedMail, SmtpSink};

/// Where tests find Redis: `TEST_REDIS_URL`, defaulting to the local server.
pub fn test_redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A Redis key prefix no other test uses.
pub fn unique_redis_prefix() -> String {
    format!("careerhub:test:{}:", uuid::Uuid::now_v7().simple())
}
