//! Operations: backups, GDPR requests, retention, analytics rollups, the health report, and the
//! operators' account commands, with the facade `careerhub-admin` calls.
//!
//! The operators' facade: what `careerhub-admin` does to accounts, scheduled jobs, GDPR requests
//! and analytics. Like the feature areas' facades it owns the database path (a pooled
//! connection, off the async runtime, one classification of failures), so an admin command
//! never holds a connection of its own.

pub mod analytics;
pub mod backup;
pub mod doctor;
pub mod gdpr;
pub mod retention;
pub mod users;

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use careerhub_domain::ids::UserId;
use careerhub_domain::ops::ErasureRequester;
use careerhub_domain::{Email, Role};

use crate::config::{Config, JobFeeds};
use crate::cron::{self, CronJob, Run, Schedule};
use crate::db::{self, Pool};
use crate::email::{self, OutboxSummary};
use crate::jobs::{self, sources::Source};
use crate::seed::{self, SeedOptions, SeedReport};
use crate::service::{Error, run, transact};
use analytics::PlatformDay;
use careerhub_domain::jobs::SourceSpec;
use gdpr::{EraseOptions, EraseOutcome};
use users::{Changed, UserDetail, UserSummary};

#[derive(Clone)]
pub struct Operations {
    pool: Pool,
}

impl Operations {
    /// A small pool on DATABASE_URL: one command at a time needs little.
    pub fn connect(config: &Config) -> Result<Self, Error> {
        let pool = db::pool(config.database_url.expose(), 2, config.database_timeout)?;
        Ok(Self { pool })
    }

    /// The CV area on this pool (support renders a person's CV with it).
    pub fn cvs(&self) -> crate::cv::Cvs {
        crate::cv::Cvs::new(self.pool.clone())
    }

    // Accounts.

    #[tracing::instrument(skip(self))]
    pub async fn users(&self, role: Option<Role>, limit: i64) -> Result<Vec<UserSummary>, Error> {
        run(&self.pool, move |conn| users::list(conn, role, limit)).await
    }

    /// An account by email address or id.
    #[tracing::instrument(skip(self))]
    pub async fn user(&self, who: String) -> Result<UserDetail, Error> {
        run(&self.pool, move |conn| users::show(conn, &who)).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn disable_user(&self, who: String) -> Result<Changed, Error> {
        transact(&self.pool, move |conn| users::disable(conn, &who)).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn enable_user(&self, who: String) -> Result<Changed, Error> {
        transact(&self.pool, move |conn| users::enable(conn, &who)).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn set_role(&self, who: String, role: Role) -> Result<Changed, Error> {
        transact(&self.pool, move |conn| users::set_role(conn, &who, role)).await
    }

    /// A single-use sign-up link's token (REGISTRATION=invite), for `email` only when given.
    #[tracing::instrument(skip_all)]
    pub async fn create_invite(
        &self,
        email: Option<Email>,
        ttl: Duration,
    ) -> Result<String, Error> {
        run(&self.pool, move |conn| {
            Ok(crate::accounts::create_invite(conn, email.as_ref(), ttl)?)
        })
        .await
    }

    /// Demo accounts with every area's demo rows, one account per transaction; `progress` gets
    /// the number of accounts done.
    #[tracing::instrument(skip(self, options, progress))]
    pub async fn seed_demo(
        &self,
        options: SeedOptions,
        now: DateTime<Utc>,
        progress: impl FnMut(usize) + Send + 'static,
    ) -> Result<SeedReport, Error> {
        run(&self.pool, move |conn| {
            seed::seed_demo(conn, &options, now, progress)
        })
        .await
    }

    // Email.

    #[tracing::instrument(skip(self))]
    pub async fn outbox_summary(&self) -> Result<OutboxSummary, Error> {
        run(&self.pool, |conn| Ok(email::summary(conn)?)).await
    }

    /// Queues every dead email again; returns how many.
    #[tracing::instrument(skip(self))]
    pub async fn requeue_dead_email(&self) -> Result<usize, Error> {
        run(&self.pool, |conn| Ok(email::requeue_dead(conn)?)).await
    }

    // Scheduled jobs.

    /// Every job, and the newest runs (`limit`) of all of them.
    #[tracing::instrument(skip(self))]
    pub async fn jobs(&self, limit: i64) -> Result<(Vec<CronJob>, Vec<Run>), Error> {
        run(&self.pool, move |conn| {
            Ok((cron::list(conn)?, cron::history(conn, None, limit)?))
        })
        .await
    }

    #[tracing::instrument(skip(self))]
    pub async fn runs(&self, job: Option<String>, limit: i64) -> Result<Vec<Run>, Error> {
        run(&self.pool, move |conn| {
            cron::history(conn, job.as_deref(), limit)
        })
        .await
    }

    #[tracing::instrument(skip(self))]
    pub async fn set_job_active(&self, job: String, active: bool) -> Result<(), Error> {
        run(&self.pool, move |conn| cron::set_active(conn, &job, active)).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn set_job_schedule(&self, job: String, schedule: String) -> Result<Schedule, Error> {
        run(&self.pool, move |conn| {
            cron::set_schedule(conn, &job, &schedule)
        })
        .await
    }

    // Job feeds.

    #[tracing::instrument(skip(self))]
    pub async fn add_job_source(
        &self,
        spec: SourceSpec,
        company: Option<String>,
    ) -> Result<Source, Error> {
        run(&self.pool, move |conn| {
            jobs::sources::add(conn, &spec, company.as_deref())
        })
        .await
    }

    pub async fn job_sources(&self) -> Result<Vec<Source>, Error> {
        run(&self.pool, jobs::sources::list).await
    }

    /// Removes a source (by id or `kind:locator`); returns how many of its postings it closed.
    #[tracing::instrument(skip(self))]
    pub async fn remove_job_source(&self, which: String) -> Result<usize, Error> {
        run(&self.pool, move |conn| jobs::sources::remove(conn, &which)).await
    }

    /// Imports every active source now, or only `which`; the same function the `job_import`
    /// schedule runs.
    pub async fn import_jobs(
        &self,
        feeds: &JobFeeds,
        which: Option<String>,
        progress: impl FnMut(&jobs::import::Report),
    ) -> Result<Vec<jobs::import::Report>, Error> {
        jobs::import::run_sources(&self.pool, feeds, which, progress).await
    }

    // GDPR.

    /// The account with this address or id, or an erased one with this id.
    #[tracing::instrument(skip(self))]
    pub async fn find_for_gdpr(&self, who: String) -> Result<Option<UserId>, Error> {
        run(&self.pool, move |conn| gdpr::find_user(conn, &who)).await
    }

    /// What erasing `user` would delete, per table.
    #[tracing::instrument(skip(self), fields(user_id = %user))]
    pub async fn erasure_preview(&self, user: UserId) -> Result<Vec<(String, i64)>, Error> {
        run(&self.pool, move |conn| gdpr::preview(conn, user)).await
    }

    /// Erases `user` in batches (each its own transaction), calling `progress` with the rows
    /// deleted so far.
    #[tracing::instrument(skip(self, options, progress), fields(user_id = %user))]
    pub async fn erase(
        &self,
        user: UserId,
        by: ErasureRequester,
        options: EraseOptions,
        progress: impl FnMut(i64) + Send + 'static,
    ) -> Result<EraseOutcome, Error> {
        run(&self.pool, move |conn| {
            gdpr::erase(conn, user, by, &options, progress)
        })
        .await
    }

    /// Everything stored about `user`, as the zip "Download my data" gives.
    #[tracing::instrument(skip(self), fields(user_id = %user))]
    pub async fn export(&self, user: UserId) -> Result<Vec<u8>, Error> {
        run(&self.pool, move |conn| gdpr::export(conn, user)).await
    }

    // Analytics.

    #[tracing::instrument(skip(self))]
    pub async fn platform_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<PlatformDay>, Error> {
        run(&self.pool, move |conn| {
            analytics::platform_report(conn, from, to)
        })
        .await
    }

    /// Recomputes the rollups of the days `from..=to`.
    #[tracing::instrument(skip(self))]
    pub async fn rollup(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<analytics::RollupReport, Error> {
        analytics::rollup(&self.pool, from, to).await
    }
}
