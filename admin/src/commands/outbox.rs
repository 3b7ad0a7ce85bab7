use std::process::ExitCode;

use careerhub_domain::counted;
use clap::{Args, Subcommand};

/// The email outbox: what is waiting, what was sent, what gave up.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  careerhub-admin outbox status\n  careerhub-admin outbox status --json\n  careerhub-admin outbox requeue-dead --yes\n\n\
                        `status` exits 1 when dead emails exist, so monitoring can alert on it."
)]
pub struct OutboxArgs {
    #[command(subcommand)]
    action: OutboxAction,
}

#[derive(Subcommand)]
enum OutboxAction {
    /// Counts by status, the age of the oldest pending email, and the dead ones with their errors.
    Status {
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Queue dead emails again with fresh attempts (after fixing SMTP).
    RequeueDead {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

pub async fn run(args: OutboxArgs) -> anyhow::Result<ExitCode> {
    let ops = super::operations(&super::load_config()?)?;
    match args.action {
        OutboxAction::Status { json } => {
            let summary = ops.outbox_summary().await.map_err(super::explain)?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                crate::say!("pending  {}", summary.pending);
                crate::say!("sent     {}", summary.sent);
                crate::say!("dead     {}", summary.dead);
                if let Some(seconds) = summary.oldest_pending_seconds {
                    crate::say!("oldest pending email waited {seconds} s");
                }
                for dead in &summary.dead_emails {
                    crate::say!(
                        "dead {} {} after {} attempts: {}",
                        dead.id,
                        dead.kind,
                        dead.attempts,
                        dead.last_error.as_deref().unwrap_or("-")
                    );
                }
            }
            Ok(if summary.dead > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        OutboxAction::RequeueDead { yes } => {
            if !yes && !super::confirm("Queue every dead email again?")? {
                eprintln!("Nothing changed.");
                return Ok(ExitCode::FAILURE);
            }
            let requeued = ops.requeue_dead_email().await.map_err(super::explain)?;
            crate::say!("{} queued again.", counted(requeued, "email", "emails"));
            Ok(ExitCode::SUCCESS)
        }
    }
}
