use std::process::ExitCode;

use careerhub_core::jobs::import::Report;
use careerhub_core::service::Error;
use careerhub_domain::jobs::{ImportStatus, SourceSpec};
use clap::{Args, Subcommand};

use super::{confirmed, explain, load_config, operations};

/// Job feeds: the job boards and pages postings are imported from, and importing them now
/// (the `job_import` schedule does it hourly).
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin jobs source add greenhouse:vaulttec\n  \
    careerhub-admin jobs source add lever:leverdemo --company \"Lever Demo\"\n  \
    careerhub-admin jobs source add ashby:Ashby\n  \
    careerhub-admin jobs source add jsonld:https://example.com/careers/backend-engineer\n  \
    careerhub-admin jobs source add feed:https://example.com/jobs.rss --company Example\n  \
    careerhub-admin jobs source add csv:https://example.com/jobs.csv\n  \
    careerhub-admin jobs source list\n  \
    careerhub-admin jobs import\n  \
    careerhub-admin jobs import --source greenhouse:vaulttec\n  \
    careerhub-admin jobs source remove greenhouse:vaulttec --yes\n\n\
    Removing a source keeps its postings (applications point at them) and closes them.")]
pub struct JobsArgs {
    #[command(subcommand)]
    action: JobsAction,
}

#[derive(Subcommand)]
enum JobsAction {
    /// Add, list or remove the feeds postings come from.
    Source {
        #[command(subcommand)]
        action: SourceAction,
    },
    /// Import now: every active source, or one.
    Import {
        /// One source (kind:locator as `jobs source list` shows it, or its id).
        #[arg(long)]
        source: Option<String>,
        /// Print machine-readable JSON instead of one line per source.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum SourceAction {
    /// Add a source: greenhouse:TOKEN, lever:SITE, ashby:NAME, jsonld:URL, feed:URL, csv:URL or
    /// json:URL. Adding one that exists turns it back on.
    Add {
        #[arg(value_parser = parse_spec)]
        spec: SourceSpec,
        /// The company the postings are from, for feeds that do not name one per posting.
        #[arg(long)]
        company: Option<String>,
    },
    /// List the sources and how their last import went.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a source (kind:locator or id); its postings stay, closed.
    Remove {
        source: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// A core error about the source `which`: "not found" says what to try.
fn unknown(which: &str, error: Error) -> anyhow::Error {
    match error {
        Error::NotFound => {
            anyhow::anyhow!(
                "no job source is {which}; `careerhub-admin jobs source list` shows them"
            )
        }
        other => explain(other),
    }
}

fn parse_spec(value: &str) -> Result<SourceSpec, String> {
    SourceSpec::parse(value)
}

pub async fn run(args: JobsArgs) -> anyhow::Result<ExitCode> {
    let config = load_config()?;
    let ops = operations(&config)?;
    match args.action {
        JobsAction::Source {
            action: SourceAction::Add { spec, company },
        } => {
            let source = ops
                .add_job_source(spec.clone(), company)
                .await
                .map_err(explain)?;
            crate::say!(
                "Added {spec} ({}). `careerhub-admin jobs import --source {spec}` reads it now; \
                 the job_import schedule reads it every hour.",
                source.kind.label()
            );
        }
        JobsAction::Source {
            action: SourceAction::List { json },
        } => {
            let sources = ops.job_sources().await.map_err(explain)?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&sources)?);
            } else if sources.is_empty() {
                crate::say!(
                    "No job sources yet: `careerhub-admin jobs source add greenhouse:TOKEN`."
                );
            } else {
                crate::say!(
                    "{:<44} {:<8} {:<17} {:<10} {:>6} {:>8} {:>7}  ERROR",
                    "SOURCE",
                    "ACTIVE",
                    "LAST RUN (UTC)",
                    "STATUS",
                    "ADDED",
                    "UPDATED",
                    "CLOSED"
                );
                for source in sources {
                    crate::say!(
                        "{:<44} {:<8} {:<17} {:<10} {:>6} {:>8} {:>7}  {}",
                        source.spec().to_string(),
                        if source.active { "yes" } else { "no" },
                        source
                            .last_run_at
                            .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
                            .unwrap_or_else(|| "never".to_owned()),
                        source.last_status.map_or("-", |status| status.as_str()),
                        source.added_count,
                        source.updated_count,
                        source.closed_count,
                        source.last_error.as_deref().unwrap_or("")
                    );
                }
            }
        }
        JobsAction::Source {
            action: SourceAction::Remove { source, yes },
        } => {
            let question = format!(
                "Remove {source}? Its open postings are closed (kept for the applications that \
                 point at them) and no longer refreshed."
            );
            if !confirmed(&question, yes)? {
                crate::say!("Nothing removed.");
                return Ok(ExitCode::FAILURE);
            }
            let closed = ops
                .remove_job_source(source.clone())
                .await
                .map_err(|err| unknown(&source, err))?;
            crate::say!("Removed {source}; closed {closed} of its open postings.");
        }
        JobsAction::Import { source, json } => {
            let which = source.clone();
            let reports = ops
                .import_jobs(&config.job_feeds, source, |report: &Report| {
                    if !json {
                        crate::say!("{}", report.summary());
                    }
                })
                .await
                .map_err(|err| match &which {
                    Some(which) => unknown(which, err),
                    None => explain(err),
                })?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&reports)?);
            } else if reports.is_empty() {
                crate::say!("No active job sources: `careerhub-admin jobs source add ...` first.");
            }
            if reports
                .iter()
                .any(|report| report.status == ImportStatus::Failed)
            {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
