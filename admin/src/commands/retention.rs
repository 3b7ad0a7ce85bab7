use std::process::ExitCode;
use std::sync::Arc;

use careerhub_core::db;
use careerhub_core::ops::retention;
use clap::{Args, Subcommand};

use super::{confirmed, explain, load_config, spinner};

/// Retention: remove what Careerhub no longer needs (policies and defaults in README).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin retention run --dry-run\n  \
    careerhub-admin retention run --yes\n  \
    RETENTION_AUDIT_DAYS=730 careerhub-admin retention run --yes --json")]
pub struct RetentionArgs {
    #[command(subcommand)]
    action: RetentionAction,
}

#[derive(Subcommand)]
enum RetentionAction {
    /// Apply every policy, in batches; accounts past their deletion grace period are erased.
    Run {
        /// Count what would be removed and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask for confirmation (required when not on a terminal).
        #[arg(long)]
        yes: bool,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(args: RetentionArgs) -> anyhow::Result<ExitCode> {
    let config = Arc::new(load_config()?);
    let RetentionAction::Run { dry_run, yes, json } = args.action;
    if !dry_run && !confirmed("Remove the data past its retention period?", yes)? {
        crate::say!("Nothing was changed.");
        return Ok(ExitCode::FAILURE);
    }
    let pool = db::pool(config.database_url.expose(), 2, config.database_timeout)?;
    let bar = spinner("applying retention policies", json);
    let report = retention::run(&pool, config.clone(), dry_run)
        .await
        .map_err(explain)?;
    bar.finish_and_clear();
    if json {
        crate::say!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for (policy, table, rows) in &report.policies {
            crate::say!("{policy:<34} {table:<20} {rows}");
        }
        crate::say!(
            "{:<34} {:<20} {}",
            "accounts past the grace period",
            "users",
            report.accounts_erased.len()
        );
        crate::say!(
            "{}{}",
            report.summary(),
            if dry_run {
                " (--dry-run: nothing changed)"
            } else {
                ""
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
