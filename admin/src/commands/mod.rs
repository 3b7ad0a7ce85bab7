pub mod doctor;
pub mod invite;
pub mod migrate;
pub mod outbox;
pub mod seed;

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
