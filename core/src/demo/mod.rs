//! What demo data is made with: the options `careerhub-admin seed demo` takes, the report it
//! prints, the [`Demo`] each area's demo function gets for one new account, and the words the
//! data is made of. The areas write their own rows (`Area::demo`); `crate::seed` drives them.

use careerhub_domain::ids::UserId;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;

pub mod words;

#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub users: usize,
    pub applications: usize,
    pub contacts: usize,
    pub activities: usize,
    /// Accounts are `<prefix>-<n>@<domain>`.
    pub email_prefix: String,
    pub email_domain: String,
    /// An argon2 hash of the demo password (hashing is the caller's job, off the runtime).
    pub password_hash: String,
    pub seed: u64,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub users: Vec<String>,
    /// Accounts that existed already and were left alone.
    pub skipped: Vec<String>,
    pub applications: usize,
    pub events: usize,
    pub interviews: usize,
    pub contacts: usize,
    pub interactions: usize,
    pub activities: usize,
    /// Profile section items and skills.
    pub profile_items: usize,
    pub skills: usize,
    pub cv_versions: usize,
    pub letters: usize,
}

/// One new demo account, as an area's demo function sees it.
pub struct Demo<'a> {
    pub user: UserId,
    pub now: DateTime<Utc>,
    /// Seeded from the options: the same seed makes the same data.
    pub rng: &'a mut StdRng,
    pub options: &'a SeedOptions,
    pub report: &'a mut SeedReport,
}
