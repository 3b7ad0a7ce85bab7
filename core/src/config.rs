//! Configuration from environment variables, with embedded defaults so `careerhub` starts with
//! nothing set. Every variable is listed in README.md and `.env.example`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/careerhub";
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:3000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Who may create an account (`REGISTRATION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    Open,
    /// Only with an invite link issued by an operator (`careerhub-admin invite create`).
    Invite,
    Closed,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: SecretUrl,
    pub database_pool_size: usize,
    pub database_timeout: Duration,
    pub run_migrations: bool,
    pub redis_url: Option<SecretUrl>,
    pub redis_key_prefix: String,
    pub smtp_url: Option<SecretUrl>,
    pub mail_from: String,
    pub data_dir: PathBuf,
    pub mail_dir: PathBuf,
    pub backup_dir: PathBuf,
    pub bind_addr: SocketAddr,
    pub public_url: Url,
    pub site_root: PathBuf,
    pub session_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    pub registration: Registration,
    pub deletion_grace: Duration,
    pub email_max_attempts: u32,
    pub email_retry_base: Duration,
    pub log_format: LogFormat,
    pub max_body_bytes: usize,
    /// Run the scheduled jobs of `cron_jobs` in this instance (SCHEDULER_ENABLED).
    pub scheduler_enabled: bool,
    pub retention: Retention,
    /// Backups `backup prune` and the scheduled backup keep: the newest N, and any younger than D days.
    pub backup_keep_count: usize,
    pub backup_keep_days: u32,
    /// Where `/metrics` is served to operators without a token (METRICS_ADDR; None = off).
    pub metrics: MetricsListener,
    /// A bearer token that opens `/metrics` on the main listener too (METRICS_TOKEN).
    pub metrics_token: Option<Secret>,
    pub job_feeds: JobFeeds,
    /// JOBS_SEARCH_CACHE_SECS: how long the feed part of a search's first page is kept in Redis
    /// (zero: not cached; without Redis never).
    pub job_search_cache_ttl: Duration,
    /// PAGE_CACHE_SECS: how long a rendered dashboard, board or public page may be served from
    /// Redis (zero: never; without Redis never). A change to what a page shows is seen at once
    /// whatever this is; it bounds only what moves with the clock.
    pub page_cache_ttl: Duration,
    /// TRUSTED_PROXIES: the reverse proxies in front of Careerhub (address blocks). Only from
    /// these is `X-Forwarded-For` believed for the client's address (audit log, per-IP limits).
    pub trusted_proxies: Vec<crate::net::Network>,
}

/// Where job-board APIs live and how much a feed may cost to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobFeeds {
    /// JOBS_GREENHOUSE_API, JOBS_LEVER_API (Lever's EU boards are at https://api.eu.lever.co),
    /// JOBS_ASHBY_API.
    pub greenhouse_api: Url,
    pub lever_api: Url,
    pub ashby_api: Url,
    /// JOBS_FETCH_TIMEOUT_SECS: the whole request, answer included.
    pub timeout: Duration,
    /// JOBS_FETCH_MAX_MB: a larger answer is refused while it arrives.
    pub max_bytes: usize,
    /// JOBS_LINK_PRIVATE_NETWORKS: address blocks (comma-separated, "10.0.0.0/8") a link a person
    /// pastes may reach besides the public internet; none by default.
    pub link_private_networks: Vec<crate::net::Network>,
}

/// The operators' listener for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsListener {
    Off,
    /// The default loopback address: when another instance on this machine holds it, this one
    /// serves no separate metrics listener and says so.
    Default(SocketAddr),
    /// An address the operator chose: failing to bind it stops start-up.
    Chosen(SocketAddr),
}

pub const DEFAULT_METRICS_ADDR: &str = "127.0.0.1:9464";

/// A URL that may carry a password (DATABASE_URL, REDIS_URL, SMTP_URL). Debug shows it with the
/// password masked; the URL itself only through `expose`, where a client connects with it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretUrl({})", redact(&self.0))
    }
}

/// A credential: its Debug never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How long data is kept before `retention run` removes it, in days (see README).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// Used or expired email tokens and invites.
    pub tokens_days: u32,
    /// Read in-app notifications.
    pub notifications_days: u32,
    pub outbox_sent_days: u32,
    pub outbox_dead_days: u32,
    pub cron_runs_days: u32,
    pub audit_days: u32,
    /// The daily-digest ledger (it only needs to cover today).
    pub digest_ledger_days: u32,
    /// Cached CV and letter files nobody downloaded for this long (they are made again on demand).
    pub renders_days: u32,
    /// Feed postings closed this long ago that no application points at and nobody saved, and
    /// then companies left without postings.
    pub closed_postings_days: u32,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{name}={value:?} is not valid: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub reason: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can configure an instance without touching the
    /// process environment (which other tests share).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        parse_url("DATABASE_URL", &database_url, &["postgres", "postgresql"])?;

        let redis_url = get("REDIS_URL");
        if let Some(url) = &redis_url {
            parse_url("REDIS_URL", url, &["redis", "rediss", "redis+unix", "unix"])?;
        }
        let smtp_url = get("SMTP_URL");
        if let Some(url) = &smtp_url {
            parse_url("SMTP_URL", url, &["smtp", "smtps"])?;
        }

        let bind_text = get("BIND_ADDR").unwrap_or_else(|| DEFAULT_BIND_ADDR.to_owned());
        let bind_addr: SocketAddr = bind_text.parse().map_err(|_| ConfigError {
            name: "BIND_ADDR",
            value: bind_text.clone(),
            reason: "expected an address and port such as 127.0.0.1:3000 or 0.0.0.0:3000".into(),
        })?;
        let public_text = get("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind_addr}"));
        let public_url = parse_url("PUBLIC_URL", &public_text, &["http", "https"])?;

        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let mail_dir = get("MAIL_DIR").map_or_else(|| data_dir.join("mail"), PathBuf::from);
        let backup_dir = get("BACKUP_DIR").map_or_else(|| data_dir.join("backups"), PathBuf::from);

        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    name: "LOG_FORMAT",
                    value: other.into(),
                    reason: "expected text or json".into(),
                });
            }
        };

        let registration = match get("REGISTRATION").as_deref().map(str::trim) {
            None | Some("open") => Registration::Open,
            Some("invite") => Registration::Invite,
            Some("closed") => Registration::Closed,
            Some(other) => {
                return Err(ConfigError {
                    name: "REGISTRATION",
                    value: other.into(),
                    reason: "expected open, invite or closed".into(),
                });
            }
        };

        Ok(Self {
            database_url: SecretUrl(database_url),
            database_pool_size: parse_number(&get, "DATABASE_POOL_SIZE", 16, 1..=512)?,
            database_timeout: parse_seconds(&get, "DATABASE_TIMEOUT_SECS", 5, 1..=300)?,
            run_migrations: parse_bool(&get, "RUN_MIGRATIONS", true)?,
            redis_url: redis_url.map(SecretUrl),
            redis_key_prefix: get("REDIS_KEY_PREFIX").unwrap_or_else(|| "careerhub:".into()),
            smtp_url: smtp_url.map(SecretUrl),
            mail_from: get("MAIL_FROM").unwrap_or_else(|| "Careerhub <careerhub@localhost>".into()),
            data_dir,
            mail_dir,
            backup_dir,
            bind_addr,
            public_url,
            site_root: PathBuf::from(get("SITE_ROOT").unwrap_or_else(|| "target/site".into())),
            session_idle_timeout: Duration::from_secs(
                60 * parse_number(&get, "SESSION_IDLE_MINUTES", 120, 5..=60 * 24 * 30)?,
            ),
            session_absolute_timeout: Duration::from_secs(
                3600 * parse_number(&get, "SESSION_ABSOLUTE_HOURS", 24, 1..=24 * 90)?,
            ),
            registration,
            deletion_grace: Duration::from_secs(
                86_400 * parse_number(&get, "ACCOUNT_DELETION_GRACE_DAYS", 14, 0..=365)?,
            ),
            email_max_attempts: parse_number(&get, "EMAIL_MAX_ATTEMPTS", 8, 1..=50)?,
            email_retry_base: parse_seconds(&get, "EMAIL_RETRY_BASE_SECS", 30, 1..=3600)?,
            log_format,
            max_body_bytes: parse_number(&get, "MAX_BODY_BYTES", 2 * 1024 * 1024, 1024..=1 << 30)?,
            scheduler_enabled: parse_bool(&get, "SCHEDULER_ENABLED", true)?,
            retention: Retention {
                tokens_days: parse_number(&get, "RETENTION_TOKENS_DAYS", 7, 0..=3650)?,
                notifications_days: parse_number(
                    &get,
                    "RETENTION_NOTIFICATIONS_DAYS",
                    90,
                    1..=3650,
                )?,
                outbox_sent_days: parse_number(&get, "RETENTION_OUTBOX_SENT_DAYS", 30, 0..=3650)?,
                outbox_dead_days: parse_number(&get, "RETENTION_OUTBOX_DEAD_DAYS", 90, 1..=3650)?,
                cron_runs_days: parse_number(&get, "RETENTION_CRON_RUNS_DAYS", 30, 1..=3650)?,
                audit_days: parse_number(&get, "RETENTION_AUDIT_DAYS", 365, 30..=3650)?,
                digest_ledger_days: parse_number(
                    &get,
                    "RETENTION_DIGEST_LEDGER_DAYS",
                    7,
                    2..=3650,
                )?,
                renders_days: parse_number(&get, "RETENTION_RENDERS_DAYS", 30, 1..=3650)?,
                closed_postings_days: parse_number(
                    &get,
                    "RETENTION_CLOSED_POSTINGS_DAYS",
                    180,
                    1..=3650,
                )?,
            },
            job_feeds: JobFeeds {
                greenhouse_api: parse_url(
                    "JOBS_GREENHOUSE_API",
                    get("JOBS_GREENHOUSE_API")
                        .as_deref()
                        .unwrap_or("https://boards-api.greenhouse.io"),
                    &["http", "https"],
                )?,
                lever_api: parse_url(
                    "JOBS_LEVER_API",
                    get("JOBS_LEVER_API")
                        .as_deref()
                        .unwrap_or("https://api.lever.co"),
                    &["http", "https"],
                )?,
                ashby_api: parse_url(
                    "JOBS_ASHBY_API",
                    get("JOBS_ASHBY_API")
                        .as_deref()
                        .unwrap_or("https://api.ashbyhq.com"),
                    &["http", "https"],
                )?,
                timeout: parse_seconds(&get, "JOBS_FETCH_TIMEOUT_SECS", 20, 1..=600)?,
                max_bytes: parse_number(&get, "JOBS_FETCH_MAX_MB", 10, 1..=1024)? * 1024 * 1024,
                link_private_networks: parse_networks(&get, "JOBS_LINK_PRIVATE_NETWORKS")?,
            },
            job_search_cache_ttl: parse_seconds(&get, "JOBS_SEARCH_CACHE_SECS", 300, 0..=86_400)?,
            page_cache_ttl: parse_seconds(&get, "PAGE_CACHE_SECS", 60, 0..=3_600)?,
            backup_keep_count: parse_number(&get, "BACKUP_KEEP_COUNT", 7, 1..=1000)?,
            backup_keep_days: parse_number(&get, "BACKUP_KEEP_DAYS", 14, 0..=3650)?,
            metrics: parse_metrics_listener(get("METRICS_ADDR"))?,
            metrics_token: match get("METRICS_TOKEN") {
                Some(token) if token.trim().len() < 32 => {
                    return Err(ConfigError {
                        name: "METRICS_TOKEN",
                        value: "***".into(),
                        reason: "use at least 32 characters, e.g. from `openssl rand -hex 32`"
                            .into(),
                    });
                }
                token => token.map(|token| Secret(token.trim().to_owned())),
            },
            trusted_proxies: parse_networks(&get, "TRUSTED_PROXIES")?,
        })
    }

    /// The browser origin of `PUBLIC_URL` (scheme, host, port), compared with `Origin` headers.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }

    pub fn served_over_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

fn parse_metrics_listener(value: Option<String>) -> Result<MetricsListener, ConfigError> {
    let Some(value) = value else {
        let addr = DEFAULT_METRICS_ADDR.parse().expect("a valid default");
        return Ok(MetricsListener::Default(addr));
    };
    if value.trim().eq_ignore_ascii_case("off") {
        return Ok(MetricsListener::Off);
    }
    value
        .trim()
        .parse()
        .map(MetricsListener::Chosen)
        .map_err(|_| ConfigError {
            name: "METRICS_ADDR",
            value,
            reason: "expected an address and port such as 127.0.0.1:9464, or off".into(),
        })
}

fn parse_url(name: &'static str, value: &str, schemes: &[&str]) -> Result<Url, ConfigError> {
    let url = Url::parse(value).map_err(|err| ConfigError {
        name,
        value: redact(value),
        reason: err.to_string(),
    })?;
    if !schemes.contains(&url.scheme()) {
        return Err(ConfigError {
            name,
            value: redact(value),
            reason: format!("the scheme must be one of: {}", schemes.join(", ")),
        });
    }
    Ok(url)
}

/// Hides a password in a URL before it reaches a message or log line.
pub fn redact(value: &str) -> String {
    match Url::parse(value) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => value.to_owned(),
    }
}

/// A comma-separated list of address blocks ("10.0.0.0/8, fd00::/8"); none when unset.
fn parse_networks(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<Vec<crate::net::Network>, ConfigError> {
    get(name)
        .unwrap_or_default()
        .split(',')
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            block.parse().map_err(|reason| ConfigError {
                name,
                value: block.trim().to_owned(),
                reason,
            })
        })
        .collect()
}

/// A number of seconds (a setting named `…_SECS`).
fn parse_seconds(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Duration, ConfigError> {
    parse_number(get, name, default, range).map(Duration::from_secs)
}

fn parse_number<T>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let Some(text) = get(name) else {
        return Ok(default);
    };
    match text.trim().parse::<T>() {
        Ok(value) if range.contains(&value) => Ok(value),
        _ => Err(ConfigError {
            name,
            value: text,
            reason: format!(
                "expected a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        }),
    }
}

fn parse_bool(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match get(name).as_deref().map(str::trim) {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError {
            name,
            value: other.into(),
            reason: "expected true or false".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn starts_with_nothing_set() {
        let config = config(&[]).unwrap();
        assert_eq!(config.database_url.expose(), DEFAULT_DATABASE_URL);
        assert_eq!(config.bind_addr.to_string(), DEFAULT_BIND_ADDR);
        assert_eq!(config.public_origin(), "http://127.0.0.1:3000");
        assert!(config.redis_url.is_none() && config.smtp_url.is_none());
        assert_eq!(config.mail_dir, PathBuf::from("data/mail"));
        assert_eq!(config.backup_dir, PathBuf::from("data/backups"));
        assert!(config.run_migrations);
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(config.registration, Registration::Open);
        assert_eq!(
            config.session_absolute_timeout,
            Duration::from_secs(24 * 3600)
        );
    }

    #[test]
    fn bad_values_name_the_variable_and_hide_passwords() {
        let err = config(&[("DATABASE_POOL_SIZE", "0")]).unwrap_err();
        assert_eq!(err.name, "DATABASE_POOL_SIZE");
        let err = config(&[("LOG_FORMAT", "xml")]).unwrap_err();
        assert!(err.to_string().contains("text or json"));
        let err = config(&[("SMTP_URL", "http://user:secret@mail")]).unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
        let err = config(&[("BIND_ADDR", "localhost")]).unwrap_err();
        assert_eq!(err.name, "BIND_ADDR");
        let err = config(&[("REGISTRATION", "sometimes")]).unwrap_err();
        assert_eq!(err.name, "REGISTRATION");
        let err = config(&[("RUN_MIGRATIONS", "maybe")]).unwrap_err();
        assert_eq!(err.name, "RUN_MIGRATIONS");
    }

    #[test]
    fn debug_never_prints_a_credential() {
        let config = config(&[
            (
                "DATABASE_URL",
                "postgres://app:db-secret@db.example:5432/careerhub",
            ),
            ("REDIS_URL", "redis://:redis-secret@cache.example:6379"),
            ("SMTP_URL", "smtp://mailer:smtp-secret@mail.example:587"),
        ])
        .unwrap();
        let printed = format!("{config:?}");
        for secret in ["db-secret", "redis-secret", "smtp-secret"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("db.example"), "the rest stays readable");
        assert_eq!(
            config.database_url.expose(),
            "postgres://app:db-secret@db.example:5432/careerhub"
        );
    }

    #[test]
    fn metrics_are_for_operators_only() {
        let defaults = config(&[]).unwrap();
        assert_eq!(
            defaults.metrics,
            MetricsListener::Default("127.0.0.1:9464".parse().unwrap())
        );
        assert!(defaults.metrics_token.is_none());
        let chosen = config(&[
            ("METRICS_ADDR", "0.0.0.0:9100"),
            ("METRICS_TOKEN", &"t".repeat(40)),
        ])
        .unwrap();
        assert_eq!(
            chosen.metrics,
            MetricsListener::Chosen("0.0.0.0:9100".parse().unwrap())
        );
        assert!(
            !format!("{chosen:?}").contains("tttt"),
            "the token never reaches Debug"
        );
        assert_eq!(
            config(&[("METRICS_ADDR", "off")]).unwrap().metrics,
            MetricsListener::Off
        );
        assert_eq!(
            config(&[("METRICS_TOKEN", "short")]).unwrap_err().name,
            "METRICS_TOKEN"
        );
        assert_eq!(
            config(&[("METRICS_ADDR", "nine")]).unwrap_err().name,
            "METRICS_ADDR"
        );
    }

    #[test]
    fn public_url_sets_origin_and_https() {
        let config = config(&[("PUBLIC_URL", "https://careers.example.org/")]).unwrap();
        assert_eq!(config.public_origin(), "https://careers.example.org");
        assert!(config.served_over_https());
    }
}
