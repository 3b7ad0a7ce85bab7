use std::process::ExitCode;

use anyhow::Context;
use careerhub_core::db;
use careerhub_domain::counted;
use clap::{Args, Subcommand};

/// Show, apply or revert the database migrations built into this binary.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  careerhub-admin migrate status\n  careerhub-admin migrate run\n  careerhub-admin migrate revert --yes"
)]
pub struct MigrateArgs {
    #[command(subcommand)]
    action: MigrateAction,
}

#[derive(Subcommand)]
enum MigrateAction {
    /// List every migration and whether it is applied.
    Status,
    /// Create the database if it is missing and apply every pending migration.
    Run,
    /// Revert the newest applied migration (its down.sql). Destroys the data it created.
    Revert {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

pub async fn run(args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let config = super::load_config()?;
    let url = config.database_url.expose().to_owned();
    if let MigrateAction::Revert { yes: false } = args.action
        && !super::confirm("Revert the newest migration? Data in the tables it created is lost.")?
    {
        eprintln!("Nothing changed.");
        return Ok(ExitCode::FAILURE);
    }
    tokio::task::spawn_blocking(move || -> anyhow::Result<ExitCode> {
        match args.action {
            MigrateAction::Status => {
                let mut conn = db::connect(&url)?;
                let states = db::migration_status(&mut conn)?;
                for state in &states {
                    let mark = if state.applied { "applied" } else { "pending" };
                    crate::say!("{:<8} {}", mark, state.name);
                }
                let pending = states.iter().filter(|state| !state.applied).count();
                crate::say!("\n{} applied, {pending} pending.", states.len() - pending);
            }
            MigrateAction::Run => {
                if db::ensure_database_exists(&url)? {
                    crate::say!("Created the database.");
                }
                let mut conn = db::connect(&url)?;
                let applied = careerhub_core::migrate(&mut conn)?;
                for version in &applied {
                    crate::say!("applied  {version}");
                }
                crate::say!(
                    "{} applied; the database is current.",
                    counted(applied.len(), "migration", "migrations")
                );
            }
            MigrateAction::Revert { .. } => {
                let mut conn = db::connect(&url)?;
                match db::revert_last_migration(&mut conn)? {
                    Some(version) => crate::say!("reverted {version}"),
                    None => crate::say!("No migration is applied; nothing to revert."),
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
    .await
    .context("the migration task panicked")?
}
