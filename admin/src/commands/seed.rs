use std::process::ExitCode;

use careerhub_core::passwords;
use careerhub_core::seed::SeedOptions;
use careerhub_domain::counted;
use clap::{Args, Subcommand};

use super::{explain, operations, progress};

/// Realistic demo data, for demos and benchmarks. Never run it against a production database.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin seed demo\n  \
    careerhub-admin seed demo --users 20 --applications 200 --contacts 30\n  \
    careerhub-admin seed demo --users 1 --prefix bench --password 'a long demo password' --json")]
pub struct SeedArgs {
    #[command(subcommand)]
    action: SeedAction,
}

#[derive(Subcommand)]
enum SeedAction {
    /// Create verified demo accounts `<prefix>-<n>@<domain>` with a full tracker each. Accounts
    /// that exist already are left alone, so a second run adds nothing.
    Demo {
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        users: u64,
        /// Applications per account.
        #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u64).range(0..=100_000))]
        applications: u64,
        /// Contacts per account.
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u64).range(0..=10_000))]
        contacts: u64,
        /// Learning activities per account.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=1_000))]
        activities: u64,
        #[arg(long, default_value = "demo")]
        prefix: String,
        #[arg(long, default_value = "careerhub.test")]
        domain: String,
        /// Password of every demo account.
        #[arg(long, default_value = "careerhub-demo")]
        password: String,
        /// Seed of the random generator: the same seed makes the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(args: SeedArgs) -> anyhow::Result<ExitCode> {
    let config = super::load_config()?;
    let SeedAction::Demo {
        users,
        applications,
        contacts,
        activities,
        prefix,
        domain,
        password,
        seed,
        json,
    } = args.action;
    if !prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        || prefix.is_empty()
    {
        anyhow::bail!("--prefix: use letters, digits and hyphens only");
    }
    careerhub_domain::Email::parse(&format!("{prefix}-1@{domain}"))
        .map_err(|reason| anyhow::anyhow!("--domain: {reason}"))?;
    careerhub_domain::NewPassword::parse(&password)
        .map_err(|reason| anyhow::anyhow!("--password: {reason}"))?;
    let options = SeedOptions {
        users: users as usize,
        applications: applications as usize,
        contacts: contacts as usize,
        activities: activities as usize,
        email_prefix: prefix,
        email_domain: domain,
        password_hash: passwords::hash(password.clone()).await,
        seed,
    };
    let bar = progress(users, "accounts", json);
    let done = bar.clone();
    let report = operations(&config)?
        .seed_demo(options, chrono::Utc::now(), move |accounts| {
            done.set_position(accounts as u64)
        })
        .await
        .map_err(explain)?;
    bar.finish_and_clear();
    if json {
        crate::say!(
            "{}",
            serde_json::json!({
                "created": report.users,
                "skipped": report.skipped,
                "password": password,
                "applications": report.applications,
                "events": report.events,
                "interviews": report.interviews,
                "contacts": report.contacts,
                "interactions": report.interactions,
                "activities": report.activities,
                "profile_items": report.profile_items,
                "skills": report.skills,
                "cv_versions": report.cv_versions,
                "letters": report.letters,
            })
        );
    } else {
        crate::say!(
            "Created {}: {} ({}, {}), {} ({}), {}, a profile with {} and {}, {} and {}.",
            counted(report.users.len(), "account", "accounts"),
            counted(report.applications, "application", "applications"),
            counted(report.events, "timeline entry", "timeline entries"),
            counted(report.interviews, "interview", "interviews"),
            counted(report.contacts, "contact", "contacts"),
            counted(report.interactions, "interaction", "interactions"),
            counted(
                report.activities,
                "learning activity",
                "learning activities"
            ),
            counted(report.profile_items, "item", "items"),
            counted(report.skills, "skill", "skills"),
            counted(report.cv_versions, "CV version", "CV versions"),
            counted(report.letters, "cover letter", "cover letters")
        );
        for email in &report.users {
            crate::say!("  {email}  password: {password}");
        }
        if !report.skipped.is_empty() {
            crate::say!(
                "Left alone (they exist already): {}",
                report.skipped.join(", ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
