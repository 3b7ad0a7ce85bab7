//! `careerhub-admin`: operate a Careerhub installation. Each command lives in its own file under
//! `commands/` and calls careerhub-core.
//!
//! Exit codes: 0 success, 1 the command ran and found or caused a failure, 2 bad usage.

mod commands;
mod output;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "careerhub-admin",
    version,
    about = "Operate a Careerhub installation",
    long_about = "Operate a Careerhub installation: check it, migrate its database, manage accounts, \
                  answer GDPR requests, apply retention, back up and restore, roll up analytics, \
                  and run scheduled jobs.\n\n\
                  Reads the same environment variables as `careerhub` (DATABASE_URL, REDIS_URL, \
                  SMTP_URL, DATA_DIR, ...), with the same defaults.",
    after_help = "Examples:\n  \
                  careerhub-admin doctor\n  \
                  careerhub-admin users list --json\n  \
                  careerhub-admin backup create && careerhub-admin backup verify latest\n  \
                  careerhub-admin cron --help\n\n\
                  Exit codes: 0 success; 1 the command failed or found a problem (the message says which), \
                  or the operator declined a confirmation; 2 bad usage.\n\
                  Destructive commands take --dry-run and ask before changing anything unless --yes; \
                  --json prints machine-readable output."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Doctor(commands::doctor::DoctorArgs),
    Invite(commands::invite::InviteArgs),
    Migrate(commands::migrate::MigrateArgs),
    Outbox(commands::outbox::OutboxArgs),
    Seed(commands::seed::SeedArgs),
    Users(commands::users::UsersArgs),
    Gdpr(commands::gdpr::GdprArgs),
    Retention(commands::retention::RetentionArgs),
    Backup(commands::backup::BackupArgs),
    Analytics(commands::analytics::AnalyticsArgs),
    Cron(commands::cron::CronArgs),
    Cv(commands::cv::CvArgs),
    /// Job feeds: add, list and remove sources; import postings now.
    Jobs(commands::jobs::JobsArgs),
    /// Print every command's help as Markdown: docs/admin.md is this output, and a test fails
    /// when the two differ.
    #[command(hide = true)]
    Reference,
}

/// The command line as operators see it, leaf examples included.
fn command_line() -> clap::Command {
    with_leaf_examples(Cli::command())
}

/// Gives every leaf command (`cron run`, `users disable`, ...) the examples of its group that use
/// it, so `careerhub-admin cron run --help` teaches as much as `careerhub-admin cron --help`. The
/// examples are written once, in each group's help.
fn with_leaf_examples(mut cli: clap::Command) -> clap::Command {
    let groups: Vec<String> = cli
        .get_subcommands()
        .filter(|group| group.has_subcommands())
        .map(|group| group.get_name().to_owned())
        .collect();
    for group_name in groups {
        cli = cli.mut_subcommand(&group_name, |group| {
            let help = group
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            let prefix = format!("careerhub-admin {group_name} ");
            let leaves: Vec<String> = group
                .get_subcommands()
                .map(|leaf| leaf.get_name().to_owned())
                .collect();
            leaves.into_iter().fold(group, |group, leaf_name| {
                let examples: Vec<&str> = help
                    .lines()
                    .map(str::trim)
                    .filter(|line| {
                        line.strip_prefix(&prefix).is_some_and(|rest| {
                            rest.split_whitespace().next() == Some(leaf_name.as_str())
                        })
                    })
                    .collect();
                if examples.is_empty() {
                    return group;
                }
                let text = format!("Example:\n  {}", examples.join("\n  "));
                group.mut_subcommand(&leaf_name, |leaf| leaf.after_help(text))
            })
        });
    }
    cli
}

/// The help texts' example lines ("  careerhub-admin ...") as shell blocks, so the Markdown shows
/// them as commands rather than one run-on paragraph.
fn fence_examples(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in markdown.lines() {
        let example = line
            .strip_prefix("  ")
            .filter(|rest| rest.starts_with("careerhub-admin"));
        match (example, in_block) {
            (Some(command), false) => {
                out.push_str("```sh\n");
                out.push_str(command);
                in_block = true;
            }
            (Some(command), true) => out.push_str(command),
            (None, true) => {
                out.push_str("```\n");
                out.push_str(line);
                in_block = false;
            }
            (None, false) => out.push_str(line),
        }
        out.push('\n');
    }
    if in_block {
        out.push_str("```\n");
    }
    out
}

#[tokio::main]
async fn main() -> ExitCode {
    let matches = command_line().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    let result = match cli.command {
        Command::Doctor(args) => commands::doctor::run(args).await,
        Command::Invite(args) => commands::invite::run(args).await,
        Command::Migrate(args) => commands::migrate::run(args).await,
        Command::Outbox(args) => commands::outbox::run(args).await,
        Command::Seed(args) => commands::seed::run(args).await,
        Command::Users(args) => commands::users::run(args).await,
        Command::Gdpr(args) => commands::gdpr::run(args).await,
        Command::Retention(args) => commands::retention::run(args).await,
        Command::Backup(args) => commands::backup::run(args).await,
        Command::Analytics(args) => commands::analytics::run(args).await,
        Command::Cron(args) => commands::cron::run(args).await,
        Command::Cv(args) => commands::cv::run(args).await,
        Command::Jobs(args) => commands::jobs::run(args).await,
        Command::Reference => {
            output::write(&fence_examples(&clap_markdown::help_markdown_command(
                &command_line(),
            )));
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
