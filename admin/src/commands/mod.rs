pub mod analytics;
pub mod backup;
pub mod cron;
pub mod cv;
pub mod doctor;
pub mod gdpr;
pub mod invite;
pub mod jobs;
pub mod migrate;
pub mod outbox;
pub mod retention;
pub mod seed;
pub mod users;

use anyhow::Context;
use careerhub_core::Config;

/// The configuration every command starts from: the environment, like `careerhub`.
pub fn load_config() -> anyhow::Result<Config> {
    Config::from_env().context("reading configuration from the environment")
}

/// Asks on the terminal; refuses (rather than assumes yes) when there is no terminal.
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("{question} Pass --yes to confirm when not running on a terminal.");
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

/// The operators' facade on DATABASE_URL.
pub fn operations(config: &Config) -> anyhow::Result<careerhub_core::ops::Operations> {
    careerhub_core::ops::Operations::connect(config).map_err(explain)
}

/// Nobody is `who`: say which kind of name was not found and what to try.
pub fn no_account(who: &str) -> anyhow::Error {
    let who = who.trim();
    if !who.contains('@') && who.parse::<careerhub_domain::ids::UserId>().is_err() {
        anyhow::anyhow!(
            "{who} is neither an email address nor an account id (an id is a UUID like \
             0192f3a4-5b6c-7d8e-9f01-23456789abcd); `careerhub-admin users list` shows both"
        )
    } else if who.parse::<careerhub_domain::ids::UserId>().is_ok() {
        anyhow::anyhow!(
            "no account has the id {who}, and none with it was erased; \
             `careerhub-admin users list` shows the accounts"
        )
    } else {
        anyhow::anyhow!(
            "no account has the address {who}; `careerhub-admin users list` shows the accounts \
             (an erased account keeps no address: to check an erasure, use the account's id, \
             which erased-accounts.txt in BACKUP_DIR lists)"
        )
    }
}

/// A core error about the account `who`: "not found" says which account and what to try.
pub fn explain_account(who: &str, error: careerhub_core::service::Error) -> anyhow::Error {
    match error {
        careerhub_core::service::Error::NotFound => no_account(who),
        other => explain(other),
    }
}

/// A core error about the scheduled job `name`: "not found" says which and what to try.
pub fn explain_job(name: &str, error: careerhub_core::service::Error) -> anyhow::Error {
    match error {
        careerhub_core::service::Error::NotFound => anyhow::anyhow!(
            "no scheduled job is named {name}; `careerhub-admin cron list` shows them"
        ),
        other => explain(other),
    }
}

/// A core error as an operator reads it.
pub fn explain(error: careerhub_core::service::Error) -> anyhow::Error {
    use careerhub_core::service::Error;
    match error {
        Error::Form(form) => anyhow::anyhow!("{form}"),
        Error::NotFound => anyhow::anyhow!("not found"),
        Error::Unavailable => anyhow::anyhow!(
            "PostgreSQL is out of reach (DATABASE_URL): is it running? \
             `careerhub-admin doctor` checks the connection"
        ),
        other => anyhow::anyhow!("{}", other.chain()),
    }
}

/// A bar on a terminal; nothing in scripts, pipes or with --json.
pub fn progress(len: u64, unit: &str, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit}  {{elapsed_precise}}");
    bar.set_style(
        indicatif::ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// A spinner with a message for work of unknown length (dumps, restores).
pub fn spinner(message: &str, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Asks unless `yes`; false means the operator said no.
pub fn confirmed(question: &str, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    confirm(question)
}
