use std::path::PathBuf;
use std::process::ExitCode;

use careerhub_core::ops::Operations;
use careerhub_core::ops::gdpr::{self, EraseOptions, EraseOutcome, ErasureRequester};
use careerhub_domain::counted;
use careerhub_domain::ids::UserId;
use clap::{Args, Subcommand};

use super::{confirmed, explain, load_config, no_account, operations, progress};

/// GDPR requests: erase everything about a person, or export it.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin gdpr erase --user ada@example.org --dry-run\n  \
    careerhub-admin gdpr erase --user ada@example.org --yes\n  \
    careerhub-admin gdpr export --user ada@example.org --out ada.zip\n\n\
    Erasure is recorded before anything is deleted and runs in batches: if it is interrupted, run\n\
    the same command again and it finishes. Running it with the id of an erased account changes\n\
    nothing (an erased account keeps no address, so its address no longer finds it). The next\n\
    retention run also finishes an interrupted erasure. One run erases an account at a time: while\n\
    one is at work, another (or the retention job) leaves that account to it and says so (exit 1).")]
pub struct GdprArgs {
    #[command(subcommand)]
    action: GdprAction,
}

#[derive(Subcommand)]
enum GdprAction {
    /// Erase an account and all its data; the security log keeps its events without the person.
    Erase {
        /// Email address or account id.
        #[arg(long)]
        user: String,
        /// Show what would be deleted, per table, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Rows per transaction.
        #[arg(long, default_value_t = gdpr::DEFAULT_BATCH, value_parser = clap::value_parser!(i64).range(1..=100_000))]
        batch: i64,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write everything held about an account to a zip (JSON and CSV).
    Export {
        /// Email address or account id.
        #[arg(long)]
        user: String,
        /// The zip file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
}

pub async fn run(args: GdprArgs) -> anyhow::Result<ExitCode> {
    let config = load_config()?;
    match args.action {
        GdprAction::Erase {
            user,
            dry_run,
            yes,
            batch,
            json,
        } => {
            let ops = operations(&config)?;
            let id = account(&ops, &user).await?;
            let preview = ops.erasure_preview(id).await.map_err(explain)?;
            let total: i64 = preview.iter().map(|(_, n)| n).sum();
            let erased_before = preview.iter().any(|(table, n)| table == "users" && *n == 0);
            if dry_run && erased_before && !json {
                crate::say!("{id} was erased before; nothing to do.");
                return Ok(ExitCode::SUCCESS);
            }
            if dry_run {
                if json {
                    crate::say!(
                        "{}",
                        serde_json::json!({ "user": id, "dry_run": true, "erased_before": erased_before, "tables": preview })
                    );
                } else {
                    crate::say!("Erasing {user} ({id}) would change:");
                    for (table, n) in &preview {
                        crate::say!("  {table:<28} {n}");
                    }
                    crate::say!("Nothing was changed (--dry-run).");
                }
                return Ok(ExitCode::SUCCESS);
            }
            if !confirmed(
                &format!(
                    "Erase {user} and {} of data? This cannot be undone.",
                    counted(total, "row", "rows")
                ),
                yes,
            )? {
                crate::say!("Nothing was changed.");
                return Ok(ExitCode::FAILURE);
            }
            let bar = progress(total as u64, "rows", json);
            let (progress_bar, erased_list) = (bar.clone(), gdpr::erased_list_path(&config));
            let options = EraseOptions {
                batch,
                erased_list: Some(erased_list),
                ..EraseOptions::default()
            };
            let outcome = ops
                .erase(id, ErasureRequester::Operator, options, move |rows| {
                    progress_bar.set_position(rows as u64)
                })
                .await
                .map_err(explain)?;
            bar.finish_and_clear();
            let (state, rows) = match outcome {
                EraseOutcome::Erased { rows, .. } => ("erased", rows),
                EraseOutcome::AlreadyErased { .. } => ("already erased", 0),
                EraseOutcome::Interrupted { rows, .. } => ("interrupted", rows),
                EraseOutcome::Busy => ("busy", 0),
            };
            if json {
                crate::say!(
                    "{}",
                    serde_json::json!({ "user": id, "state": state, "rows_deleted": rows })
                );
            } else if state == "already erased" {
                crate::say!("{id} was erased before; nothing to do.");
            } else if state == "busy" {
                crate::say!(
                    "{id} is being erased by another run right now (the retention job or another \
                     operator); it finishes there. Run this again later to confirm."
                );
            } else {
                crate::say!(
                    "{id} {state}: {} deleted, sessions ended, queued email dropped.",
                    counted(rows, "row", "rows")
                );
            }
            // Not done yet, so not success: a script must not take the account for erased.
            if state == "busy" {
                return Ok(ExitCode::FAILURE);
            }
        }
        GdprAction::Export { user, out } => {
            let ops = operations(&config)?;
            let id = account(&ops, &user).await?;
            let zip = ops.export(id).await.map_err(explain)?;
            std::fs::write(&out, &zip)
                .map_err(|err| anyhow::anyhow!("{}: {err}", out.display()))?;
            crate::say!("Wrote {} ({} bytes) for {user}.", out.display(), zip.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The account (live, or erased and named by its id) that `who` names.
async fn account(ops: &Operations, who: &str) -> anyhow::Result<UserId> {
    ops.find_for_gdpr(who.to_owned())
        .await
        .map_err(explain)?
        .ok_or_else(|| no_account(who))
}
