//! The jobs Careerhub runs on a schedule. Each is one function, called by the scheduler inside
//! `careerhub` and by `careerhub-admin cron run NAME` alike.

use std::sync::Arc;

use careerhub_domain::counted;
use chrono::Utc;
use lettre::message::Mailbox;

use crate::config::Config;
use crate::db::Pool;
use crate::mail::Mailer;
use crate::ops::{analytics, backup, retention};
use crate::service::Error;
use crate::{email, jobs, tracker};
use careerhub_domain::jobs::ImportStatus;

/// What a job needs: the database, the configuration and the mail transport.
#[derive(Clone)]
pub struct JobContext {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub mailer: Mailer,
}

pub use careerhub_domain::ops::JobCommand;

/// The schedule a job starts with (UTC, pg_cron syntax); operators change it with
/// `careerhub-admin cron schedule`, and a changed schedule survives upgrades.
pub fn default_schedule(command: JobCommand) -> &'static str {
    match command {
        JobCommand::ReminderDigests => "*/10 * * * *",
        JobCommand::OutboxSweep => "* * * * *",
        JobCommand::Retention => "30 3 * * *",
        JobCommand::AnalyticsRollup => "15 0 * * *",
        JobCommand::Backup => "0 2 * * *",
        // Hourly, off the hour: job boards are read by many, and change slowly.
        JobCommand::JobImport => "17 * * * *",
        // "As soon as they appear" means within five minutes of an import.
        JobCommand::JobAlerts => "*/5 * * * *",
    }
}

/// Runs `command` and says in one line what it did.
pub async fn run(context: &JobContext, command: JobCommand) -> Result<String, Error> {
    let config = &context.config;
    match command {
        JobCommand::ReminderDigests => {
            let report = tracker::Tracker::new(context.pool.clone(), &config.public_url)
                .send_digests(Utc::now())
                .await?;
            Ok(format!(
                "{} handled, {} queued, {}",
                counted(report.users, "user", "users"),
                counted(report.emails, "email", "emails"),
                counted(report.notifications, "notification", "notifications")
            ))
        }
        JobCommand::OutboxSweep => {
            let from: Mailbox = config
                .mail_from
                .parse()
                .map_err(|err| Error::internal("MAIL_FROM is not an address", err))?;
            let report = email::deliver_due(
                &context.pool,
                &context.mailer,
                &from,
                config.email_max_attempts,
                config.email_retry_base,
                500,
            )
            .await
            .map_err(|err| Error::internal("delivering queued email", err))?;
            Ok(format!(
                "{} sent, {} to retry, {} dead",
                report.sent, report.retried, report.dead
            ))
        }
        JobCommand::Retention => {
            let report = retention::run(&context.pool, config.clone(), false).await?;
            Ok(report.summary())
        }
        JobCommand::AnalyticsRollup => {
            // Yesterday is final now; today so far keeps the page current.
            let today = Utc::now().date_naive();
            let report =
                analytics::rollup(&context.pool, today - chrono::Duration::days(1), today).await?;
            Ok(report.summary())
        }
        JobCommand::JobImport => {
            let reports =
                jobs::import::run_sources(&context.pool, &config.job_feeds, None, |_| {}).await?;
            let failed = reports
                .iter()
                .filter(|report| report.status == ImportStatus::Failed)
                .count();
            let (added, updated, closed) = reports.iter().fold((0, 0, 0), |sum, report| {
                (
                    sum.0 + report.added,
                    sum.1 + report.updated,
                    sum.2 + report.closed,
                )
            });
            Ok(format!(
                "{}, {failed} failed; postings: {added} added, {updated} updated, {closed} closed",
                counted(reports.len(), "source", "sources")
            ))
        }
        JobCommand::JobAlerts => {
            let report =
                jobs::alerts::send_due(&context.pool, config.public_url.as_str(), Utc::now())
                    .await?;
            Ok(format!(
                "{} due, {} queued with {}",
                counted(report.searches, "saved search", "saved searches"),
                counted(report.emails, "email", "emails"),
                counted(report.postings, "posting", "postings")
            ))
        }
        JobCommand::Backup => {
            let config = config.clone();
            let made = tokio::task::spawn_blocking(move || -> Result<String, Error> {
                let created = backup::create(&config)?;
                let pruned = backup::prune(
                    &config,
                    config.backup_keep_count,
                    config.backup_keep_days,
                    false,
                )?;
                Ok(format!(
                    "{} ({} bytes); pruned {}",
                    created.file_name,
                    created.size_bytes,
                    pruned.removed.len()
                ))
            })
            .await
            .map_err(|err| Error::internal("the backup task", err))??;
            Ok(made)
        }
    }
}
