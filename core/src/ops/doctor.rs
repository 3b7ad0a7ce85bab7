//! `careerhub-admin doctor`: is this installation configured and able to run? Each check says
//! what it saw and, when it is not fine, what to do about it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::Serialize;

use crate::cache::Redis;
use crate::config::{Config, SecretUrl, redact};
use crate::db;
use crate::mail::Mailer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Fail => "FAIL",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
    pub hint: Option<String>,
}

impl Check {
    fn ok(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            status: Status::Ok,
            detail: detail.into(),
            hint: None,
        }
    }

    fn problem(
        name: &'static str,
        status: Status,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            name,
            status,
            detail: detail.into(),
            hint: Some(hint.into()),
        }
    }
}

/// Below this much free space in the data directory backups and mail may fail.
const DISK_FAIL_BYTES: u64 = 512 * 1024 * 1024;
const DISK_WARN_BYTES: u64 = 5 * 1024 * 1024 * 1024;

/// Runs every check. Blocking work (libpq, child processes) runs off the async runtime.
pub async fn run(config: &Config) -> Vec<Check> {
    let mut checks = vec![Check::ok(
        "configuration",
        format!(
            "public URL {}, listening on {}",
            config.public_url, config.bind_addr
        ),
    )];

    let database_url = config.database_url.expose().to_owned();
    let postgres = tokio::task::spawn_blocking(move || check_postgres(&database_url))
        .await
        .unwrap_or_else(|err| {
            (
                Check::problem("postgresql", Status::Fail, err.to_string(), "see the log"),
                None,
            )
        });
    let server_major = postgres.1;
    checks.push(postgres.0);
    checks.push(check_redis(config).await);
    checks.push(check_smtp(config).await);
    for tool in ["pg_dump", "pg_restore"] {
        checks.push(
            tokio::task::spawn_blocking(move || check_pg_tool(tool, server_major))
                .await
                .unwrap_or_else(|err| {
                    Check::problem(tool, Status::Fail, err.to_string(), "see the log")
                }),
        );
    }
    checks.push(check_data_dir(&config.data_dir));
    checks
}

fn check_postgres(database_url: &str) -> (Check, Option<u32>) {
    let name = "postgresql";
    let shown = redact(database_url);
    let mut conn = match db::connect(database_url) {
        Ok(conn) => conn,
        Err(err) => {
            return (
                Check::problem(
                    name,
                    Status::Fail,
                    format!("{shown}: {err}"),
                    "start PostgreSQL or fix DATABASE_URL (the database itself is created by `careerhub` on start)",
                ),
                None,
            );
        }
    };
    let version = match db::server_version(&mut conn) {
        Ok(version) => version,
        Err(err) => {
            return (
                Check::problem(name, Status::Fail, err.to_string(), "check the server log"),
                None,
            );
        }
    };
    let major = db::major_version(&version);
    if major.is_some_and(|major| major < 15) {
        return (
            Check::problem(
                name,
                Status::Fail,
                format!("server {version} is too old"),
                "Careerhub needs PostgreSQL 15 or newer",
            ),
            major,
        );
    }
    let check = match db::migration_status(&mut conn) {
        Ok(states) => {
            let pending = states.iter().filter(|state| !state.applied).count();
            if pending == 0 {
                Check::ok(
                    name,
                    format!(
                        "{shown}: server {version}, {} migrations applied",
                        states.len()
                    ),
                )
            } else {
                Check::problem(
                    name,
                    Status::Warn,
                    format!("{shown}: server {version}, {pending} migrations pending"),
                    "run `careerhub-admin migrate run` (or start `careerhub` with RUN_MIGRATIONS=true)",
                )
            }
        }
        Err(err) => Check::problem(
            name,
            Status::Fail,
            err.to_string(),
            "run `careerhub-admin migrate status` for details",
        ),
    };
    (check, major)
}

async fn check_redis(config: &Config) -> Check {
    let name = "redis";
    let Some(url) = config.redis_url.as_ref().map(SecretUrl::expose) else {
        return Check::ok(
            name,
            "REDIS_URL not set: in-memory sessions and limits (fine for one instance; set it for more)",
        );
    };
    let timeout = Duration::from_secs(3);
    let result = match Redis::connect(url, &config.redis_key_prefix, timeout).await {
        Ok(redis) => tokio::time::timeout(timeout, redis.ping())
            .await
            .map_err(|_| "timed out".to_owned())
            .and_then(|ping| ping.map_err(|err| err.to_string())),
        Err(err) => Err(err.to_string()),
    };
    match result {
        Ok(()) => Check::ok(name, format!("{}: PING answered", redact(url))),
        Err(err) => Check::problem(
            name,
            Status::Fail,
            format!("{}: {err}", redact(url)),
            "start Redis or fix REDIS_URL",
        ),
    }
}

async fn check_smtp(config: &Config) -> Check {
    let name = "smtp";
    let mailer = match Mailer::new(
        config.smtp_url.as_ref().map(SecretUrl::expose),
        &config.mail_dir,
    ) {
        Ok(mailer) => mailer,
        Err(err) => {
            return Check::problem(
                name,
                Status::Fail,
                err.to_string(),
                "fix SMTP_URL or MAIL_DIR",
            );
        }
    };
    let Some(url) = config.smtp_url.as_ref().map(SecretUrl::expose) else {
        return Check::ok(
            name,
            format!(
                "SMTP_URL not set: mail is written to {} (set SMTP_URL to deliver it)",
                config.mail_dir.display()
            ),
        );
    };
    match tokio::time::timeout(Duration::from_secs(10), mailer.test_connection()).await {
        Ok(Ok(())) => Check::ok(name, format!("{}: server greeted us", redact(url))),
        Ok(Err(err)) => Check::problem(
            name,
            Status::Fail,
            format!("{}: {err}", redact(url)),
            "check SMTP_URL (host, port, tls=required for STARTTLS, smtps:// for TLS, credentials)",
        ),
        Err(_) => Check::problem(
            name,
            Status::Fail,
            format!("{}: timed out", redact(url)),
            "check the host and port in SMTP_URL and any firewall in between",
        ),
    }
}

fn check_pg_tool(tool: &'static str, server_major: Option<u32>) -> Check {
    let output = match Command::new(tool).arg("--version").output() {
        Ok(output) if output.status.success() => output,
        Ok(output) => {
            return Check::problem(
                tool,
                Status::Fail,
                format!("`{tool} --version` exited with {}", output.status),
                "reinstall the PostgreSQL client tools",
            );
        }
        Err(err) => {
            return Check::problem(
                tool,
                Status::Fail,
                format!("not found on PATH: {err}"),
                "install the PostgreSQL client (Debian: apt-get install postgresql-client) for backups",
            );
        }
    };
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    match (db::major_version(&version), server_major) {
        (Some(tool_major), Some(server)) if tool_major < server => Check::problem(
            tool,
            Status::Fail,
            format!("{version} is older than the server ({server})"),
            format!(
                "install postgresql-client-{server} or newer; older tools cannot dump a newer server"
            ),
        ),
        (Some(_), _) => Check::ok(tool, version),
        (None, _) => Check::problem(
            tool,
            Status::Warn,
            format!("cannot read a version from {version:?}"),
            "check that this is PostgreSQL's tool",
        ),
    }
}

fn check_data_dir(data_dir: &Path) -> Check {
    let name = "data directory";
    if let Err(err) = std::fs::create_dir_all(data_dir) {
        return Check::problem(
            name,
            Status::Fail,
            format!("{}: {err}", data_dir.display()),
            "create it or set DATA_DIR to a writable directory",
        );
    }
    let probe = data_dir.join(".careerhub-doctor-probe");
    if let Err(err) = std::fs::write(&probe, b"ok").and_then(|()| std::fs::remove_file(&probe)) {
        return Check::problem(
            name,
            Status::Fail,
            format!("{} is not writable: {err}", data_dir.display()),
            "fix its permissions or set DATA_DIR",
        );
    }
    match fs4::available_space(data_dir) {
        Ok(free) => {
            let detail = format!("{}: {} free", data_dir.display(), human_bytes(free));
            if free < DISK_FAIL_BYTES {
                Check::problem(
                    name,
                    Status::Fail,
                    detail,
                    "free disk space: backups and mail will fail",
                )
            } else if free < DISK_WARN_BYTES {
                Check::problem(
                    name,
                    Status::Warn,
                    detail,
                    "free disk space soon: backups need room",
                )
            } else {
                Check::ok(name, detail)
            }
        }
        Err(err) => Check::problem(
            name,
            Status::Warn,
            format!("cannot read free space: {err}"),
            "check the file system",
        ),
    }
}

pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_bytes_picks_a_unit() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024 * 1024), "5.0 GiB");
    }

    #[test]
    fn a_missing_tool_fails_with_a_hint() {
        let check = check_pg_tool("careerhub-no-such-tool", None);
        assert_eq!(check.status, Status::Fail);
        assert!(check.hint.is_some());
    }
}
