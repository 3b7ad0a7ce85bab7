pub mod doctor;
pub mod invite;
pub mod migrate;

use anyhow::Context;
use careerhub_core::Config;

/// The configuration every command starts from: the environment, like `careerhub`.
pub fn load_config() -> anyhow::Result<Config> {
    Config::from_env().context("reading configuration from the environment")
}
