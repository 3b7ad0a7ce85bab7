use std::process::ExitCode;

use careerhub_core::ops::doctor::{self, Check, Status};
use careerhub_domain::counted;
use clap::Args;

/// Check configuration, PostgreSQL, Redis, SMTP, backup tools and disk space.
#[derive(Args)]
#[command(
    after_help = "Example:\n  careerhub-admin doctor\n  DATABASE_URL=postgres://db/careerhub careerhub-admin doctor --json\n\n\
                        Exit code 1 when any check fails; warnings alone exit 0."
)]
pub struct DoctorArgs {
    /// Print the checks as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: DoctorArgs) -> anyhow::Result<ExitCode> {
    let checks = match super::load_config() {
        Ok(config) => doctor::run(&config).await,
        Err(err) => vec![Check {
            name: "configuration",
            status: Status::Fail,
            detail: format!("{err:#}"),
            hint: Some("fix the variable named above (see README, Configuration)".into()),
        }],
    };
    if args.json {
        crate::say!("{}", serde_json::to_string_pretty(&checks)?);
    } else {
        crate::output::write(&table(&checks));
    }
    let failed = checks.iter().any(|check| check.status == Status::Fail);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn table(checks: &[Check]) -> String {
    let name_width = checks
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut out = format!("{:<name_width$}  {:<6}  DETAIL\n", "CHECK", "STATUS");
    for check in checks {
        out.push_str(&format!(
            "{:<name_width$}  {:<6}  {}\n",
            check.name,
            check.status.label(),
            check.detail
        ));
        if let Some(hint) = &check.hint {
            out.push_str(&format!("{:<name_width$}  {:<6}  → {hint}\n", "", ""));
        }
    }
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    let warned = checks.iter().filter(|c| c.status == Status::Warn).count();
    out.push_str(&match (failed, warned) {
        (0, 0) => "\nAll checks passed.\n".to_owned(),
        (0, w) => format!("\nNo failures, {}.\n", counted(w, "warning", "warnings")),
        (f, w) => format!(
            "\n{} failed, {}.\n",
            counted(f, "check", "checks"),
            counted(w, "warning", "warnings")
        ),
    });
    out
}
