use std::process::ExitCode;
use std::sync::Arc;

use careerhub_core::config::SecretUrl;
use careerhub_core::cron::jobs::JobContext;
use careerhub_core::cron::{self, RunOutcome, Schedule, Trigger};
use careerhub_core::{db, mail::Mailer};
use chrono::{SubsecRound, Utc};
use clap::{Args, Subcommand};

use super::{explain, explain_job, load_config, operations, spinner};

/// Scheduled jobs (the cron_jobs table; pg_cron's schedule syntax, UTC).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin cron list\n  \
    careerhub-admin cron run retention\n  \
    careerhub-admin cron history backup --limit 5\n  \
    careerhub-admin cron schedule backup '30 1 * * *'\n  \
    careerhub-admin cron disable reminder_digests\n  \
    careerhub-admin cron enable reminder_digests\n\n\
    Schedules, as pg_cron reads them: 5 fields (minute hour day-of-month month day-of-week) with\n\
    lists, ranges and steps (*/20, 0-30/20), names (jan, mon), '$' alone for the last day of the\n\
    month, @daily-style macros in lower case, @restart (when an instance starts), or 'N seconds'.\n\
    `run` exits 1 when the job fails. Running instances pick up schedule changes within a\n\
    minute; enable/disable apply at the next tick.")]
pub struct CronArgs {
    #[command(subcommand)]
    action: CronAction,
}

#[derive(Subcommand)]
enum CronAction {
    /// Jobs with their schedule, next run and last result.
    List {
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Run a job now (the same code the scheduler runs).
    Run {
        /// The job's name, as `cron list` shows it.
        name: String,
    },
    /// Recent runs, of one job or all.
    History {
        /// Only this job (default: every job).
        name: Option<String>,
        /// How many runs, newest first.
        #[arg(long, default_value_t = 20)]
        limit: i64,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Let a job run again on its schedule (from the next tick).
    Enable {
        /// The job's name, as `cron list` shows it.
        name: String,
    },
    /// Stop a job from running on its schedule (`cron run` still runs it by hand).
    Disable {
        /// The job's name, as `cron list` shows it.
        name: String,
    },
    /// Change a job's schedule (checked first).
    Schedule {
        /// The job's name, as `cron list` shows it.
        name: String,
        /// The new schedule, e.g. '30 1 * * *' or '@daily' (quote it for the shell).
        schedule: String,
    },
}

pub async fn run(args: CronArgs) -> anyhow::Result<ExitCode> {
    let config = load_config()?;
    match args.action {
        CronAction::List { json } => {
            let (jobs, runs) = operations(&config)?.jobs(500).await.map_err(explain)?;
            let now = Utc::now();
            let rows: Vec<serde_json::Value> = jobs
                .iter()
                .map(|job| {
                    let schedule = Schedule::parse(&job.schedule).ok();
                    let next = schedule
                        .as_ref()
                        .and_then(|s| s.next_after(now))
                        .map(|t| t.trunc_subsecs(0));
                    let at_start = schedule.as_ref().is_some_and(Schedule::at_start);
                    let last = runs.iter().find(|run| run.job_name == job.name);
                    serde_json::json!({
                        "name": job.name, "schedule": job.schedule, "command": job.command.as_str(),
                        "active": job.active, "next_run": next, "at_start": at_start,
                        "last_status": last.map(|r| r.status.as_str()), "last_started": last.map(|r| r.started_at),
                    })
                })
                .collect();
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                crate::say!(
                    "{:<18} {:<16} {:<7} {:<17} {}",
                    "job",
                    "schedule",
                    "active",
                    "next run (UTC)",
                    "last run"
                );
                for (job, row) in jobs.iter().zip(&rows) {
                    let next = match row["next_run"].as_str() {
                        Some(time) => time.chars().take(16).collect::<String>().replace('T', " "),
                        None if row["at_start"] == true => "at start".into(),
                        None => "invalid".into(),
                    };
                    let last = runs
                        .iter()
                        .find(|run| run.job_name == job.name)
                        .map(|r| format!("{} {}", r.status, r.started_at.format("%Y-%m-%d %H:%M")))
                        .unwrap_or_else(|| "never".into());
                    crate::say!(
                        "{:<18} {:<16} {:<7} {:<17} {last}",
                        job.name,
                        job.schedule,
                        if job.active { "yes" } else { "no" },
                        next
                    );
                }
            }
        }
        CronAction::Run { name } => {
            let config = Arc::new(config);
            let context = JobContext {
                pool: db::pool(config.database_url.expose(), 4, config.database_timeout)?,
                mailer: Mailer::new(
                    config.smtp_url.as_ref().map(SecretUrl::expose),
                    &config.mail_dir,
                )?,
                config,
            };
            let bar = spinner(&format!("running {name}"), false);
            let outcome = cron::run_job(&context, &name, Trigger::Manual)
                .await
                .map_err(|err| explain_job(&name, err))?;
            bar.finish_and_clear();
            match outcome {
                RunOutcome::Succeeded(message) => crate::say!("{name}: {message}"),
                RunOutcome::Failed(message) => {
                    eprintln!("{name} failed: {message}");
                    return Ok(ExitCode::FAILURE);
                }
                RunOutcome::AlreadyClaimed | RunOutcome::Inactive => {
                    crate::say!("{name} did not run")
                }
            }
        }
        CronAction::History { name, limit, json } => {
            let runs = operations(&config)?
                .runs(name.clone(), limit)
                .await
                .map_err(|err| explain_job(name.as_deref().unwrap_or_default(), err))?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&runs)?);
            } else {
                crate::say!(
                    "{:<18} {:<9} {:<10} {:<19} {:>8}  {}",
                    "job",
                    "trigger",
                    "status",
                    "started (UTC)",
                    "seconds",
                    "message"
                );
                for run in &runs {
                    let seconds = run
                        .finished_at
                        .map(|end| {
                            format!(
                                "{:.1}",
                                (end - run.started_at).num_milliseconds() as f64 / 1000.0
                            )
                        })
                        .unwrap_or_else(|| "-".into());
                    crate::say!(
                        "{:<18} {:<9} {:<10} {:<19} {:>8}  {}",
                        run.job_name,
                        run.trigger,
                        run.status,
                        run.started_at.format("%Y-%m-%d %H:%M:%S"),
                        seconds,
                        run.message.as_deref().unwrap_or("")
                    );
                }
            }
        }
        CronAction::Enable { name } => {
            operations(&config)?
                .set_job_active(name.clone(), true)
                .await
                .map_err(|err| explain_job(&name, err))?;
            crate::say!("{name} is enabled.");
        }
        CronAction::Disable { name } => {
            operations(&config)?
                .set_job_active(name.clone(), false)
                .await
                .map_err(|err| explain_job(&name, err))?;
            crate::say!("{name} is disabled; scheduled runs skip it until `cron enable {name}`.");
        }
        CronAction::Schedule { name, schedule } => {
            let parsed = operations(&config)?
                .set_job_schedule(name.clone(), schedule)
                .await
                .map_err(|err| explain_job(&name, err))?;
            let next = match parsed.next_after(Utc::now()) {
                Some(time) => time.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                None => "when an instance starts".into(),
            };
            crate::say!(
                "{name} now runs on '{}'; next run {next}. Running instances pick it up within a minute.",
                parsed.as_str()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
