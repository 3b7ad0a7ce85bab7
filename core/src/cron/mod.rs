//! Scheduled jobs: the `cron_jobs` table (pg_cron's shape and schedule syntax), run history, and
//! running one job so that several instances run it once per tick. The scheduler in `careerhub`
//! and `careerhub-admin cron run` both call [`run_job`].

pub mod jobs;
pub mod schedule;

use careerhub_domain::ops::{RunStatus, RunTrigger};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use serde::Serialize;
use uuid::Uuid;

pub use schedule::{Schedule, ScheduleError};

use crate::schema::{cron_job_runs, cron_jobs};
use crate::service::{Error, found};
use jobs::{JobCommand, JobContext};

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct CronJob {
    pub name: String,
    pub schedule: String,
    #[serde(serialize_with = "JobCommand::serialize_as_str")]
    pub command: JobCommand,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct Run {
    pub id: Uuid,
    pub job_name: String,
    #[serde(serialize_with = "RunTrigger::serialize_as_str")]
    pub trigger: RunTrigger,
    pub scheduled_for: DateTime<Utc>,
    #[serde(serialize_with = "RunStatus::serialize_as_str")]
    pub status: RunStatus,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub message: Option<String>,
    pub instance: Option<String>,
}

/// Why a run did or did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunOutcome {
    Succeeded(String),
    Failed(String),
    /// Another instance ran (or is running) this tick.
    AlreadyClaimed,
    /// The job is disabled; scheduled runs skip it.
    Inactive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// By the scheduler, for this tick.
    Schedule(DateTime<Utc>),
    /// By an operator (`careerhub-admin cron run`).
    Manual,
}

pub fn list(conn: &mut PgConnection) -> Result<Vec<CronJob>, Error> {
    Ok(cron_jobs::table
        .order(cron_jobs::name.asc())
        .select((
            cron_jobs::name,
            cron_jobs::schedule,
            cron_jobs::command,
            cron_jobs::active,
        ))
        .load(conn)?)
}

pub fn get(conn: &mut PgConnection, name: &str) -> Result<CronJob, Error> {
    Ok(cron_jobs::table
        .find(name)
        .select((
            cron_jobs::name,
            cron_jobs::schedule,
            cron_jobs::command,
            cron_jobs::active,
        ))
        .first(conn)?)
}

pub fn set_active(conn: &mut PgConnection, name: &str, active: bool) -> Result<(), Error> {
    let changed = diesel::update(cron_jobs::table.find(name))
        .set(cron_jobs::active.eq(active))
        .execute(conn)?;
    found(changed).map(drop)
}

/// Changes a job's schedule after checking it. Returns the parsed schedule.
pub fn set_schedule(conn: &mut PgConnection, name: &str, text: &str) -> Result<Schedule, Error> {
    let schedule = Schedule::parse(text)
        .map_err(|err| Error::Form(careerhub_domain::FormError::field("schedule", err.0)))?;
    let changed = diesel::update(cron_jobs::table.find(name))
        .set(cron_jobs::schedule.eq(schedule.as_str()))
        .execute(conn)?;
    found(changed).map(|_| schedule)
}

/// Gives every job this build knows its row (named after its command, on its default schedule)
/// unless the row is there: a new job appears with the upgrade that brings it, and an operator's
/// schedule or disabling stays. Returns how many rows were added.
pub fn register_jobs(conn: &mut PgConnection) -> Result<usize, Error> {
    let rows: Vec<_> = JobCommand::ALL
        .iter()
        .map(|&command| {
            (
                cron_jobs::name.eq(command.as_str()),
                cron_jobs::schedule.eq(jobs::default_schedule(command)),
                cron_jobs::command.eq(command),
            )
        })
        .collect();
    Ok(diesel::insert_into(cron_jobs::table)
        .values(rows)
        .on_conflict(cron_jobs::name)
        .do_nothing()
        .execute(conn)?)
}

/// Adds or replaces a job (tests, and operators adding a second schedule for a command).
pub fn upsert(
    conn: &mut PgConnection,
    name: &str,
    text: &str,
    command: JobCommand,
) -> Result<(), Error> {
    let schedule = Schedule::parse(text)
        .map_err(|err| Error::Form(careerhub_domain::FormError::field("schedule", err.0)))?;
    diesel::insert_into(cron_jobs::table)
        .values((
            cron_jobs::name.eq(name),
            cron_jobs::schedule.eq(schedule.as_str()),
            cron_jobs::command.eq(command),
        ))
        .on_conflict(cron_jobs::name)
        .do_update()
        .set((
            cron_jobs::schedule.eq(schedule.as_str()),
            cron_jobs::command.eq(command),
            cron_jobs::active.eq(true),
        ))
        .execute(conn)?;
    Ok(())
}

/// The newest runs, of one job or of all.
/// The newest runs, of one job or of all. A job that is not in `cron_jobs` and never ran is
/// `NotFound` (a typo, not an empty history).
pub fn history(conn: &mut PgConnection, name: Option<&str>, limit: i64) -> Result<Vec<Run>, Error> {
    let mut query = cron_job_runs::table
        .order(cron_job_runs::started_at.desc())
        .limit(limit)
        .into_boxed();
    if let Some(name) = name {
        let known: i64 = cron_jobs::table.find(name).count().get_result(conn)?;
        let ran: i64 = cron_job_runs::table
            .filter(cron_job_runs::job_name.eq(name))
            .count()
            .get_result(conn)?;
        if known + ran == 0 {
            return Err(Error::NotFound);
        }
        query = query.filter(cron_job_runs::job_name.eq(name.to_owned()));
    }
    Ok(query
        .select((
            cron_job_runs::id,
            cron_job_runs::job_name,
            cron_job_runs::trigger,
            cron_job_runs::scheduled_for,
            cron_job_runs::status,
            cron_job_runs::started_at,
            cron_job_runs::finished_at,
            cron_job_runs::message,
            cron_job_runs::instance,
        ))
        .load(conn)?)
}

/// This process, as the run history names it.
pub fn instance_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .unwrap_or_else(|_| "unknown".into());
    format!("{host}:{}", std::process::id())
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// The advisory-lock key of a job: one per job name, in a namespace of our own.
fn lock_sql(function: &str) -> String {
    format!("SELECT {function}(hashtext('careerhub.cron.' || $1)) AS locked")
}

/// Runs job `name` once. A scheduled run first claims its tick (the unique index on
/// (job, tick) lets one instance win) and holds the job's advisory lock while it works, so runs of
/// one job never overlap either. Every run that happens leaves a cron_job_runs row.
pub async fn run_job(
    context: &JobContext,
    name: &str,
    trigger: Trigger,
) -> Result<RunOutcome, Error> {
    let job = {
        let name = name.to_owned();
        crate::service::run(&context.pool, move |conn| get(conn, &name)).await?
    };
    if matches!(trigger, Trigger::Schedule(_)) && !job.active {
        return Ok(RunOutcome::Inactive);
    }
    let command = job.command;

    // The lock lives on one connection for the whole run.
    let lock_conn = context.pool.get().await.map_err(|_| Error::Unavailable)?;
    let locked = {
        let name = name.to_owned();
        lock_conn
            .interact(move |conn| {
                diesel::sql_query(lock_sql("pg_try_advisory_lock"))
                    .bind::<Text, _>(name)
                    .get_result::<Locked>(conn)
            })
            .await
            .map_err(|err| Error::internal("taking the job's lock", err.to_string()))??
            .locked
    };
    if !locked {
        return match trigger {
            Trigger::Schedule(_) => Ok(RunOutcome::AlreadyClaimed),
            Trigger::Manual => Err(Error::Form(careerhub_domain::FormError::message(format!(
                "{name} is running right now; try again when it has finished"
            )))),
        };
    }
    let outcome = claim_and_run(context, name, command, trigger).await;
    let unlock = {
        let name = name.to_owned();
        lock_conn
            .interact(move |conn| {
                diesel::sql_query(lock_sql("pg_advisory_unlock"))
                    .bind::<Text, _>(name)
                    .get_result::<Locked>(conn)
            })
            .await
    };
    if !matches!(unlock, Ok(Ok(_))) {
        // Dropping the connection from the pool ends its session and so the lock.
        let _ = deadpool_diesel::postgres::Object::take(lock_conn);
    }
    outcome
}

async fn claim_and_run(
    context: &JobContext,
    name: &str,
    command: JobCommand,
    trigger: Trigger,
) -> Result<RunOutcome, Error> {
    let run_id = Uuid::now_v7();
    let (trigger_name, scheduled_for) = match trigger {
        Trigger::Schedule(tick) => (RunTrigger::Schedule, tick),
        Trigger::Manual => (RunTrigger::Manual, Utc::now()),
    };
    let claimed = {
        let name = name.to_owned();
        crate::service::run(&context.pool, move |conn| {
            Ok(diesel::insert_into(cron_job_runs::table)
                .values((
                    cron_job_runs::id.eq(run_id),
                    cron_job_runs::job_name.eq(name),
                    cron_job_runs::trigger.eq(trigger_name),
                    cron_job_runs::scheduled_for.eq(scheduled_for),
                    cron_job_runs::instance.eq(instance_name()),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?)
        })
        .await?
    };
    if claimed == 0 {
        return Ok(RunOutcome::AlreadyClaimed);
    }
    let result = jobs::run(context, command).await;
    let (status, message) = match &result {
        Ok(message) => (RunStatus::Succeeded, message.clone()),
        Err(err) => (RunStatus::Failed, err.chain()),
    };
    let message: String = message.chars().take(4000).collect();
    let stored = message.clone();
    crate::service::run(&context.pool, move |conn| {
        Ok(diesel::update(cron_job_runs::table.find(run_id))
            .set((
                cron_job_runs::status.eq(status),
                cron_job_runs::finished_at.eq(diesel::dsl::now),
                cron_job_runs::message.eq(stored),
            ))
            .execute(conn)?)
    })
    .await?;
    Ok(match result {
        Ok(_) => RunOutcome::Succeeded(message),
        Err(_) => RunOutcome::Failed(message),
    })
}
