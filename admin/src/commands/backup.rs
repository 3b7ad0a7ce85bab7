use std::process::ExitCode;

use careerhub_core::ops::backup;
use careerhub_domain::counted;
use clap::{Args, Subcommand};

use super::{confirmed, explain, load_config, spinner};

/// Backups: pg_dump files with a manifest in BACKUP_DIR (default data/backups).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin backup create\n  \
    careerhub-admin backup list\n  \
    careerhub-admin backup verify latest\n  \
    careerhub-admin backup restore latest --to careerhub_restored\n  \
    careerhub-admin backup prune --keep 7 --keep-days 14 --dry-run\n\n\
    `verify` exits 1 when the backup does not restore or its row counts differ.\n\
    `restore` never overwrites: it creates the named database, and erases again every account\n\
    erased since the backup was taken.")]
pub struct BackupArgs {
    #[command(subcommand)]
    action: BackupAction,
}

#[derive(Subcommand)]
enum BackupAction {
    /// Dump the database now.
    Create {
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Backups, newest first, with their verification.
    List {
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Restore into a scratch database, compare row counts, drop it.
    Verify {
        /// A backup file name, or `latest`.
        name: String,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Restore into a new database.
    Restore {
        /// A backup file name, or `latest`.
        name: String,
        /// The database to create (it must not exist).
        #[arg(long)]
        to: String,
        /// Do not ask for confirmation (required when not on a terminal).
        #[arg(long)]
        yes: bool,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Delete old backups: keep the newest N, all younger than D days, and the last good one.
    Prune {
        /// Keep the newest this many backups (default: BACKUP_KEEP_COUNT, 7).
        #[arg(long)]
        keep: Option<usize>,
        /// And every backup younger than this many days (default: BACKUP_KEEP_DAYS, 14).
        #[arg(long)]
        keep_days: Option<u32>,
        /// Show what would change, and change nothing.
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

/// Backups run pg_dump and pg_restore and read files: off the async runtime.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, careerhub_core::service::Error> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| anyhow::anyhow!("the backup task panicked: {err}"))?
        .map_err(explain)
}

pub async fn run(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let config = load_config()?;
    match args.action {
        BackupAction::Create { json } => {
            let bar = spinner("dumping the database", json);
            let manifest = blocking(move || backup::create(&config)).await?;
            bar.finish_and_clear();
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&manifest)?);
            } else {
                let rows: i64 = manifest.row_counts.values().sum();
                crate::say!(
                    "Created {} ({}, {} rows in {} tables, migration {}).",
                    manifest.file_name,
                    careerhub_core::ops::doctor::human_bytes(manifest.size_bytes),
                    rows,
                    manifest.row_counts.len(),
                    manifest.migration_version
                );
            }
        }
        BackupAction::List { json } => {
            let all = blocking(move || backup::listing(&config)).await?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&all)?);
            } else if all.is_empty() {
                crate::say!("No backups yet. Make one with `careerhub-admin backup create`.");
            } else {
                crate::say!(
                    "{:<40} {:>10}  {:<20}  {}",
                    "backup",
                    "size",
                    "created (UTC)",
                    "verified"
                );
                for listed in &all {
                    let size = listed
                        .size_on_disk
                        .map(careerhub_core::ops::doctor::human_bytes)
                        .unwrap_or_else(|| "missing".into());
                    let (created, verified) = match &listed.manifest {
                        Some(m) => (
                            m.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                            match &m.verified {
                                Some(v) if v.ok => {
                                    format!("ok {}", v.at.format("%Y-%m-%d %H:%M"))
                                }
                                Some(v) => format!(
                                    "FAILED {}: {}",
                                    v.at.format("%Y-%m-%d %H:%M"),
                                    v.detail
                                ),
                                None => "never".into(),
                            },
                        ),
                        None => (
                            "-".into(),
                            "no manifest: not made by `backup create`, cannot be verified".into(),
                        ),
                    };
                    crate::say!(
                        "{:<40} {:>10}  {:<20}  {verified}",
                        listed.file_name,
                        size,
                        created
                    );
                }
            }
        }
        BackupAction::Verify { name, json } => {
            let bar = spinner("restoring into a scratch database", json);
            let report = blocking(move || backup::verify(&config, &name)).await?;
            bar.finish_and_clear();
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                crate::say!(
                    "{}: {}",
                    report.file_name,
                    if report.ok { "OK" } else { "FAILED" }
                );
                crate::say!("  {}", report.detail);
                for (table, expected, actual) in &report.mismatches {
                    crate::say!("  {table}: {expected} in the manifest, {actual} restored");
                }
                if let Some(hours) = report.newest_row_age_hours {
                    crate::say!("  newest row is {} old", counted(hours, "hour", "hours"));
                }
            }
            if !report.ok {
                return Ok(ExitCode::FAILURE);
            }
        }
        BackupAction::Restore {
            name,
            to,
            yes,
            json,
        } => {
            if !confirmed(&format!("Restore {name} into a new database {to}?"), yes)? {
                crate::say!("Nothing was changed.");
                return Ok(ExitCode::FAILURE);
            }
            let bar = spinner("restoring", json);
            let report = blocking(move || backup::restore(&config, &name, &to)).await?;
            bar.finish_and_clear();
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                let rows: i64 = report.row_counts.values().sum();
                crate::say!(
                    "Restored {} into {} ({}); {} erased since {} erased again.",
                    report.file_name,
                    report.database,
                    counted(rows, "row", "rows"),
                    counted(report.erased_again, "account", "accounts"),
                    if report.erased_again == 1 {
                        "was"
                    } else {
                        "were"
                    }
                );
                crate::say!("Point DATABASE_URL at it to use it.");
            }
        }
        BackupAction::Prune {
            keep,
            keep_days,
            dry_run,
            yes,
            json,
        } => {
            let keep = keep.unwrap_or(config.backup_keep_count).max(1);
            let keep_days = keep_days.unwrap_or(config.backup_keep_days);
            if !dry_run {
                let preview = {
                    let config = config.clone();
                    blocking(move || backup::prune(&config, keep, keep_days, true)).await?
                };
                if preview.removed.is_empty() {
                    crate::say!(
                        "Nothing to prune ({} kept).",
                        counted(preview.kept.len(), "backup", "backups")
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                if !confirmed(
                    &format!(
                        "Delete {}?",
                        counted(preview.removed.len(), "backup", "backups")
                    ),
                    yes,
                )? {
                    crate::say!("Nothing was changed.");
                    return Ok(ExitCode::FAILURE);
                }
            }
            let report = blocking(move || backup::prune(&config, keep, keep_days, dry_run)).await?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                for name in &report.removed {
                    crate::say!(
                        "{} {name}",
                        if dry_run { "would delete" } else { "deleted" }
                    );
                }
                crate::say!(
                    "{} kept, {} {}.",
                    report.kept.len(),
                    report.removed.len(),
                    if dry_run {
                        "would be deleted (--dry-run)"
                    } else {
                        "deleted"
                    }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
