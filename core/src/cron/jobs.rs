//! The jobs Careerhub runs on a schedule. Each is one function, called by the scheduler inside
//! `careerhub` and by `careerhub-admin cron run NAME` alike.

use std::sync::Arc;

use chrono::Utc;
use lettre::message::Mailbox;

use crate::config::Config;
use crate::db::Pool;
use crate::mail::Mailer;
use crate::service::Error;
use crate::{analytics, backup, email, retention, tracker};

/// What a job needs: the database, the configuration and the mail transport.
#[derive(Clone)]
pub struct JobContext {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub mailer: Mailer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobCommand {
    ReminderDigests,
    OutboxSweep,
    Retention,
    AnalyticsRollup,
    Backup,
}

impl JobCommand {
    pub const ALL: [Self; 5] = [
        Self::ReminderDigests,
        Self::OutboxSweep,
        Self::Retention,
        Self::AnalyticsRollup,
        Self::Backup,
    ];

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|command| command.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReminderDigests => "reminder_digests",
            Self::OutboxSweep => "outbox_sweep",
            Self::Retention => "retention",
            Self::AnalyticsRollup => "analytics_rollup",
            Self::Backup => "backup",
        }
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
                "{} user(s) handled, {} email(s) queued, {} notification(s)",
                report.users, report.emails, report.notifications
            ))
        }
        JobCommand::OutboxSweep => {
            let from: Mailbox = config
                .mail_from
                .parse()
                .map_err(|err| Error::Internal(format!("MAIL_FROM: {err}")))?;
            let report = email::deliver_due(
                &context.pool,
                &context.mailer,
                &from,
                config.email_max_attempts,
                config.email_retry_base,
                500,
            )
            .await
            .map_err(|err| Error::Internal(err.to_string()))?;
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
            .map_err(|err| Error::Internal(err.to_string()))??;
            Ok(made)
        }
    }
}
