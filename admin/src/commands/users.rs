use std::process::ExitCode;

use careerhub_core::ops::users;
use careerhub_domain::Role;
use careerhub_domain::counted;
use clap::{Args, Subcommand};

use super::{explain, explain_account, load_config, operations};

/// Accounts: list and inspect them, disable or enable them, grant or revoke the admin role.
/// Disabling and role changes end every session of the account.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    careerhub-admin users list\n  \
    careerhub-admin users list --role admin --json\n  \
    careerhub-admin users show ada@example.org\n  \
    careerhub-admin users disable ada@example.org\n  \
    careerhub-admin users enable ada@example.org\n  \
    careerhub-admin users grant-admin ada@example.org\n  \
    careerhub-admin users revoke-admin ada@example.org\n\n\
    USER is an email address or an account id.")]
pub struct UsersArgs {
    #[command(subcommand)]
    action: UsersAction,
}

#[derive(Subcommand)]
enum UsersAction {
    /// Accounts, oldest first.
    List {
        /// Only this role.
        #[arg(long, value_parser = ["user", "admin"])]
        role: Option<String>,
        #[arg(long, default_value_t = 1000)]
        limit: i64,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One account with its counts.
    Show {
        /// Email address or account id.
        user: String,
        /// Print machine-readable JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Refuse sign-in and end every session.
    Disable {
        /// Email address or account id.
        user: String,
    },
    /// Allow sign-in again.
    Enable {
        /// Email address or account id.
        user: String,
    },
    /// Make the account an administrator (its sessions end; it signs in again).
    GrantAdmin {
        /// Email address or account id.
        user: String,
    },
    /// Make the account a regular user again (its sessions end).
    RevokeAdmin {
        /// Email address or account id.
        user: String,
    },
}

fn date(value: Option<chrono::DateTime<chrono::Utc>>) -> String {
    value
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into())
}

fn report(state: &str, result: users::Changed) {
    if result.changed {
        crate::say!(
            "{} is now {state}; {} ended.",
            result.email,
            counted(result.sessions_ended, "session", "sessions")
        );
    } else {
        crate::say!("{} was {state} already; nothing changed.", result.email);
    }
}

pub async fn run(args: UsersArgs) -> anyhow::Result<ExitCode> {
    let ops = operations(&load_config()?)?;
    match args.action {
        UsersAction::List { role, limit, json } => {
            let role = role.as_deref().and_then(Role::parse);
            let list = ops.users(role, limit).await.map_err(explain)?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                crate::say!(
                    "{:<36}  {:<32}  {:<6}  {:<8}  {:<8}  {:<10}",
                    "id",
                    "email",
                    "role",
                    "verified",
                    "disabled",
                    "created"
                );
                for user in &list {
                    crate::say!(
                        "{:<36}  {:<32}  {:<6}  {:<8}  {:<8}  {:<10}",
                        user.id,
                        user.email,
                        user.role,
                        if user.email_verified_at.is_some() {
                            "yes"
                        } else {
                            "no"
                        },
                        if user.disabled_at.is_some() {
                            "yes"
                        } else {
                            "no"
                        },
                        date(Some(user.created_at))
                    );
                }
                crate::say!("{}", counted(list.len(), "account", "accounts"));
            }
        }
        UsersAction::Show { user, json } => {
            let detail = ops
                .user(user.clone())
                .await
                .map_err(|err| explain_account(&user, err))?;
            if json {
                crate::say!("{}", serde_json::to_string_pretty(&detail)?);
            } else {
                let u = &detail.user;
                crate::say!("id            {}", u.id);
                crate::say!("email         {}", u.email);
                crate::say!("name          {}", u.display_name);
                crate::say!("role          {}", u.role);
                crate::say!("verified      {}", date(u.email_verified_at));
                crate::say!("disabled      {}", date(u.disabled_at));
                crate::say!("deletion      {}", date(u.deletion_requested_at));
                crate::say!("last sign-in  {}", date(u.last_login_at));
                crate::say!("created       {}", date(Some(u.created_at)));
                crate::say!("time zone     {}", detail.timezone);
                crate::say!("sessions      {}", detail.live_sessions);
                crate::say!("applications  {}", detail.applications);
                crate::say!("contacts      {}", detail.contacts);
            }
        }
        UsersAction::Disable { user } => report(
            "disabled",
            ops.disable_user(user.clone())
                .await
                .map_err(|err| explain_account(&user, err))?,
        ),
        UsersAction::Enable { user } => report(
            "enabled",
            ops.enable_user(user.clone())
                .await
                .map_err(|err| explain_account(&user, err))?,
        ),
        UsersAction::GrantAdmin { user } => report(
            "an admin",
            ops.set_role(user.clone(), Role::Admin)
                .await
                .map_err(|err| explain_account(&user, err))?,
        ),
        UsersAction::RevokeAdmin { user } => report(
            "a regular user",
            ops.set_role(user.clone(), Role::User)
                .await
                .map_err(|err| explain_account(&user, err))?,
        ),
    }
    Ok(ExitCode::SUCCESS)
}
