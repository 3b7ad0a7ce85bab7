//! The scheduler inside `careerhub`: tokio-cron-scheduler fires the jobs of the `cron_jobs` table
//! on their pg_cron schedules; each firing calls careerhub-core's `cron::run_job`, which claims
//! the tick in PostgreSQL so that with several instances a job runs once per tick.
//!
//! Jobs are read at start-up. Enabling or disabling a job takes effect at its next tick (checked
//! at each run); a changed schedule or a new job takes effect when the instance restarts.

use careerhub_core::cron::{self, RunOutcome, Schedule, Trigger};
use careerhub_core::jobs::JobContext;
use chrono::Utc;
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::state::AppState;

pub async fn start(state: &AppState) -> anyhow::Result<JobScheduler> {
    let context = JobContext {
        pool: state.db.clone(),
        config: state.config.clone(),
        mailer: state.mailer.clone(),
    };
    let jobs = careerhub_core::service::run(&state.db, cron::list).await?;
    let scheduler = JobScheduler::new().await?;
    for job in jobs {
        let schedule = match Schedule::parse(&job.schedule) {
            Ok(schedule) => schedule,
            Err(err) => {
                tracing::error!(job = %job.name, schedule = %job.schedule, %err, "invalid schedule: the job will not run");
                continue;
            }
        };
        for pattern in schedule.patterns() {
            let (context, schedule, name) = (context.clone(), schedule.clone(), job.name.clone());
            let fire = Job::new_async(pattern.as_str(), move |_, _| {
                let (context, schedule, name) = (context.clone(), schedule.clone(), name.clone());
                Box::pin(async move {
                    let tick = schedule.tick_at(Utc::now());
                    match cron::run_job(&context, &name, Trigger::Schedule(tick)).await {
                        Ok(RunOutcome::Succeeded(message)) => {
                            tracing::info!(job = %name, %tick, %message, "scheduled job done")
                        }
                        Ok(RunOutcome::Failed(message)) => {
                            tracing::error!(job = %name, %tick, %message, "scheduled job failed")
                        }
                        Ok(RunOutcome::AlreadyClaimed | RunOutcome::Inactive) => {}
                        Err(err) => {
                            tracing::warn!(job = %name, %err, "scheduled job could not start")
                        }
                    }
                })
            })?;
            scheduler.add(fire).await?;
        }
    }
    scheduler.start().await?;
    Ok(scheduler)
}
