//! The scheduler inside `careerhub`: tokio-cron-scheduler fires the jobs of the `cron_jobs` table
//! on their pg_cron schedules; each firing calls careerhub-core's `cron::run_job`, which claims
//! the tick in PostgreSQL so that with several instances a job runs once per tick.
//!
//! The table is read again every minute: a new job or a changed schedule is picked up without a
//! restart. Enabling or disabling a job takes effect at its next tick (checked at each run).

use std::time::Duration;

use careerhub_core::cron::jobs::JobContext;
use careerhub_core::cron::{self, CronJob, RunOutcome, Schedule, Trigger};
use chrono::Utc;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::state::AppState;

const RELOAD_EVERY: Duration = Duration::from_secs(60);

/// The running scheduler; `stop` shuts it down cleanly.
pub struct Scheduler {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Scheduler {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

pub fn spawn(state: &AppState) -> Scheduler {
    let context = JobContext {
        pool: state.db.clone(),
        config: state.config.clone(),
        mailer: state.mailer.clone(),
    };
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        // The schedules now running, and the scheduler running them.
        let mut running: Option<(Vec<(String, String)>, JobScheduler)> = None;
        let mut restart_jobs_ran = false;
        let mut tick = tokio::time::interval(RELOAD_EVERY);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stopped.changed() => break,
            }
            let jobs = match careerhub_core::service::run(&context.pool, cron::list).await {
                Ok(jobs) => jobs,
                Err(err) => {
                    tracing::warn!(%err, "cannot read cron_jobs; keeping the current schedules");
                    continue;
                }
            };
            if !restart_jobs_ran {
                restart_jobs_ran = true;
                run_at_start(&context, &jobs);
            }
            let wanted: Vec<(String, String)> = jobs
                .iter()
                .map(|job| (job.name.clone(), job.schedule.clone()))
                .collect();
            if running
                .as_ref()
                .is_some_and(|(current, _)| *current == wanted)
            {
                continue;
            }
            if let Some((_, mut old)) = running.take()
                && let Err(err) = old.shutdown().await
            {
                tracing::warn!(%err, "stopping the previous job scheduler");
            }
            match start(&context, &jobs).await {
                Ok(scheduler) => {
                    tracing::info!(jobs = jobs.len(), "job schedules loaded");
                    running = Some((wanted, scheduler));
                }
                Err(err) => {
                    tracing::error!(%err, "the job scheduler did not start; will try again")
                }
            }
        }
        if let Some((_, mut scheduler)) = running
            && let Err(err) = scheduler.shutdown().await
        {
            tracing::warn!(%err, "stopping the job scheduler");
        }
    });
    Scheduler { stop, task }
}

/// `@restart` jobs run once when this instance's scheduler starts (as pg_cron runs them when it
/// starts). Every instance that starts runs them, except while another instance is running the
/// same job (runs of one job never overlap): they suit per-instance work, not work that must
/// happen once per deployment.
fn run_at_start(context: &JobContext, jobs: &[CronJob]) {
    let at_start = jobs
        .iter()
        .filter(|job| Schedule::parse(&job.schedule).is_ok_and(|schedule| schedule.at_start()));
    for job in at_start {
        let (context, name) = (context.clone(), job.name.clone());
        tokio::spawn(async move {
            // The instant itself: each instance's start is its own tick.
            let started = Utc::now();
            report(
                &name,
                started,
                cron::run_job(&context, &name, Trigger::Schedule(started)).await,
            );
        });
    }
}

/// Logs how a scheduled run went.
fn report(
    name: &str,
    tick: chrono::DateTime<Utc>,
    outcome: Result<RunOutcome, careerhub_core::service::Error>,
) {
    match outcome {
        Ok(RunOutcome::Succeeded(message)) => {
            tracing::info!(job = %name, %tick, %message, "scheduled job done")
        }
        Ok(RunOutcome::Failed(message)) => {
            tracing::error!(job = %name, %tick, %message, "scheduled job failed")
        }
        Ok(RunOutcome::AlreadyClaimed | RunOutcome::Inactive) => {}
        Err(err) => {
            tracing::warn!(job = %name, error = err.chain(), "scheduled job could not start")
        }
    }
}

async fn start(context: &JobContext, jobs: &[CronJob]) -> anyhow::Result<JobScheduler> {
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
                    report(
                        &name,
                        tick,
                        cron::run_job(&context, &name, Trigger::Schedule(tick)).await,
                    );
                })
            })?;
            scheduler.add(fire).await?;
        }
    }
    scheduler.start().await?;
    Ok(scheduler)
}
