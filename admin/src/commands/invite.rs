use std::process::ExitCode;
use std::time::Duration;

use careerhub_domain::Email;
use clap::{Args, Subcommand};

/// Invite links, for servers running with REGISTRATION=invite.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  careerhub-admin invite create\n  careerhub-admin invite create --email ada@example.org --days 3"
)]
pub struct InviteArgs {
    #[command(subcommand)]
    action: InviteAction,
}

#[derive(Subcommand)]
enum InviteAction {
    /// Create a single-use sign-up link and print it.
    Create {
        /// Only this address may use the link.
        #[arg(long)]
        email: Option<String>,
        /// Days until the link expires.
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u64).range(1..=90))]
        days: u64,
    },
}

pub async fn run(args: InviteArgs) -> anyhow::Result<ExitCode> {
    let config = super::load_config()?;
    let InviteAction::Create { email, days } = args.action;
    let email = email
        .map(|email| Email::parse(&email).map_err(|reason| anyhow::anyhow!("--email: {reason}")))
        .transpose()?;
    let token = super::operations(&config)?
        .create_invite(email, Duration::from_secs(days * 86_400))
        .await
        .map_err(super::explain)?;
    crate::say!(
        "{}/signup?invite={token}",
        config.public_url.as_str().trim_end_matches('/')
    );
    Ok(ExitCode::SUCCESS)
}
