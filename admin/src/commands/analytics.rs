use std::process::ExitCode;

use chrono::{Duration, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::{explain, load_config, operations};

/// Analytics rollups: per-user and platform daily figures (platform rows hold no personal data).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin analytics rollup\n  \
    careerhub-admin analytics rollup --from 2026-01-01 --to 2026-03-31\n  \
    careerhub-admin analytics report --from 2026-11-01 --json\n\n\
    A rollup recomputes whole days; running it again for the same days is safe.")]
pub struct AnalyticsArgs {
    #[command(subcommand)]
    action: AnalyticsAction,
}

#[derive(Subcommand)]
enum AnalyticsAction {
    /// Recompute daily figures (default: yesterday and today, UTC).
    Rollup {
        /// First day, YYYY-MM-DD (UTC; default: the day before --to).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<NaiveDate>,
        /// Last day, YYYY-MM-DD (UTC; default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<NaiveDate>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the platform figures (default: the last 14 days).
    Report {
        /// First day, YYYY-MM-DD (UTC; default: 13 days before --to).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<NaiveDate>,
        /// Last day, YYYY-MM-DD (UTC; default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<NaiveDate>,
        /// Print the days as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(args: AnalyticsArgs) -> anyhow::Result<ExitCode> {
    let config = load_config()?;
    let today = Utc::now().date_naive();
    match args.action {
        AnalyticsAction::Rollup { from, to, json } => {
            let to = to.unwrap_or(today);
            let from = from.unwrap_or(to - Duration::days(1));
            let report = operations(&config)?
                .rollup(from, to)
                .await
                .map_err(explain)?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                crate::say!("Rolled up {}.", report.summary());
            }
        }
        AnalyticsAction::Report { from, to, json } => {
            let to = to.unwrap_or(today);
            let from = from.unwrap_or(to - Duration::days(13));
            if from > to {
                anyhow::bail!("--from {from} is after --to {to}: give the earlier day first");
            }
            let days = operations(&config)?
                .platform_report(from, to)
                .await
                .map_err(explain)?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&days)?);
            } else if days.is_empty() {
                crate::say!(
                    "No figures for {from} to {to}. Run `careerhub-admin analytics rollup --from {from} --to {to}` first."
                );
            } else {
                crate::say!(
                    "{:<10}  {:>6}  {:>4}  {:>6}  {:>12}  {:>7}  {:>10}  {:>6}",
                    "day",
                    "users",
                    "new",
                    "active",
                    "applications",
                    "changes",
                    "interviews",
                    "emails"
                );
                for d in &days {
                    crate::say!(
                        "{:<10}  {:>6}  {:>4}  {:>6}  {:>12}  {:>7}  {:>10}  {:>6}",
                        d.day,
                        d.users_total,
                        d.users_new,
                        d.users_active,
                        d.applications_added,
                        d.status_changes,
                        d.interviews,
                        d.emails_sent
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
