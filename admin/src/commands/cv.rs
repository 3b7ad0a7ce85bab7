use std::path::PathBuf;
use std::process::ExitCode;

use careerhub_core::service::Error;
use careerhub_domain::cv::CvFormat;
use careerhub_domain::ids::{CvVersionId, UserId};
use clap::{Args, Subcommand};

use super::{explain, explain_account, load_config, operations};

/// A person's CV versions, for support: list them, render one to a file exactly as the person
/// would download it.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin cv list --user ada@example.org\n  \
    careerhub-admin cv render --user ada@example.org --version General --format pdf --out ada.pdf\n  \
    careerhub-admin cv render --user ada@example.org --version 0193a1b2-... --format docx --out ada.docx\n\n\
    Rendering reads the person's data and writes nothing to the database except the render cache.")]
pub struct CvArgs {
    #[command(subcommand)]
    action: CvAction,
}

#[derive(Subcommand)]
enum CvAction {
    /// List a person's CV versions.
    List {
        /// Email address or account id.
        #[arg(long)]
        user: String,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Render one CV version to a file.
    Render {
        /// Email address or account id.
        #[arg(long)]
        user: String,
        /// The version's name (as `cv list` shows it, any case) or id.
        #[arg(long)]
        version: String,
        /// pdf, docx, md, txt or json (JSON Resume).
        #[arg(long, default_value = "pdf", value_parser = parse_format)]
        format: CvFormat,
        /// The file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_format(value: &str) -> Result<CvFormat, String> {
    CvFormat::parse(value.trim().to_ascii_lowercase().as_str())
        .ok_or_else(|| format!("{value} is not one of pdf, docx, md, txt, json"))
}

pub async fn run(args: CvArgs) -> anyhow::Result<ExitCode> {
    let config = load_config()?;
    let ops = operations(&config)?;
    let cvs = ops.cvs();
    match args.action {
        CvAction::List { user, json } => {
            let owner = owner(&ops, &user).await?;
            let versions = cvs.list(owner).await.map_err(explain)?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&versions)?);
            } else if versions.is_empty() {
                crate::say!("{user} has no CV versions.");
            } else {
                crate::say!(
                    "{:<38} {:<10} {:>5}  {:<10}  NAME",
                    "ID",
                    "TEMPLATE",
                    "ITEMS",
                    "UPDATED"
                );
                for version in versions {
                    crate::say!(
                        "{:<38} {:<10} {:>5}  {:<10}  {}",
                        version.id.to_string(),
                        version.template.as_str(),
                        version.items,
                        version.updated_on,
                        version.name
                    );
                }
            }
        }
        CvAction::Render {
            user,
            version,
            format,
            out,
        } => {
            let owner = owner(&ops, &user).await?;
            let versions = cvs.list(owner).await.map_err(explain)?;
            let wanted = version.trim();
            let id: CvVersionId = match wanted.parse() {
                Ok(id) => id,
                Err(_) => versions
                    .iter()
                    .find(|known| known.name.trim().eq_ignore_ascii_case(wanted))
                    .map(|known| known.id)
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "{user} has no CV version named {wanted:?}; `careerhub-admin cv list \
                             --user {user}` shows them"
                        )
                    })?,
            };
            let started = std::time::Instant::now();
            let file = cvs.file(owner, id, format).await.map_err(|err| match err {
                Error::NotFound => anyhow::anyhow!("{user} has no CV version {id}"),
                other => explain(other),
            })?;
            std::fs::write(&out, &file.bytes)
                .map_err(|err| anyhow::anyhow!("{}: {err}", out.display()))?;
            crate::say!(
                "Wrote {} ({} bytes, {} ms).",
                out.display(),
                file.bytes.len(),
                started.elapsed().as_millis()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn owner(ops: &careerhub_core::ops::Operations, who: &str) -> anyhow::Result<UserId> {
    Ok(ops
        .user(who.to_owned())
        .await
        .map_err(|err| explain_account(who, err))?
        .user
        .id)
}
