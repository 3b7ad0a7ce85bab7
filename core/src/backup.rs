//! Backups: `pg_dump -Fc` files in BACKUP_DIR, each with a JSON manifest beside it (time,
//! migration version, row count per table, size, SHA-256, and the last verification). The files
//! are the catalog: it must survive the loss of the database it describes.
//!
//! `verify` restores a backup into a scratch database with `pg_restore --exit-on-error`, compares
//! the row counts with the manifest, runs the application's first queries against it (smoke check)
//! and reports how old the newest row is, then drops the scratch database. `create` rejects an
//! empty or unreadable dump (`pg_restore --list` must read it). `restore` does the same into a named database and then erases again every account
//! erased since (GDPR: a restore must not bring back a person who asked to be forgotten).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::Config;
use crate::db::{self, quote_ident, split_database_url};
use crate::gdpr::{self, EraseOptions, ErasureRequester};
use crate::service::Error;

const PREFIX: &str = "careerhub-";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub file_name: String,
    pub created_at: DateTime<Utc>,
    pub database: String,
    /// The newest applied migration.
    pub migration_version: String,
    pub pg_dump_version: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub row_counts: BTreeMap<String, i64>,
    /// The newest timestamp in the data when the dump was taken.
    pub newest_row_at: Option<DateTime<Utc>>,
    pub verified: Option<Verification>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub at: DateTime<Utc>,
    pub ok: bool,
    pub detail: String,
}

impl Manifest {
    pub fn is_good(&self) -> bool {
        self.verified.as_ref().is_some_and(|v| v.ok)
    }
}

/// pg_dump or pg_restore, checked to exist and to be at least as new as the server.
fn pg_tool(tool: &str, server_major: Option<u32>) -> Result<String, Error> {
    let output = Command::new(tool)
        .arg("--version")
        .output()
        .map_err(|err| {
            Error::internal(
                format!(
                    "{tool} is not installed or not on PATH; install the PostgreSQL client tools \
                 (Debian: apt-get install postgresql-client)"
                ),
                err,
            )
        })?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if let (Some(tool_major), Some(server)) = (db::major_version(&version), server_major)
        && tool_major < server
    {
        return Err(Error::broken(format!(
            "{tool} is version {tool_major} but the server is {server}: install postgresql-client-{server} or newer"
        )));
    }
    Ok(version)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Newest {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    newest: Option<DateTime<Utc>>,
}

/// Exact row counts of every table in the public schema (migration bookkeeping included).
fn row_counts(conn: &mut PgConnection) -> Result<BTreeMap<String, i64>, Error> {
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .load(conn)?;
    let mut counts = BTreeMap::new();
    for table in tables {
        let count: Count = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {}",
            quote_ident(&table.name)
        ))
        .get_result(conn)?;
        counts.insert(table.name, count.n);
    }
    Ok(counts)
}

/// The newest created/updated/occurred timestamp of the main tables.
fn newest_row(conn: &mut PgConnection) -> Result<Option<DateTime<Utc>>, Error> {
    let newest: Newest = diesel::sql_query(
        "SELECT greatest((SELECT max(updated_at) FROM users), (SELECT max(updated_at) FROM applications), \
                         (SELECT max(occurred_at) FROM audit_log), (SELECT max(created_at) FROM email_outbox)) AS newest",
    )
    .get_result(conn)?;
    Ok(newest.newest)
}

fn migration_version(conn: &mut PgConnection) -> Result<String, Error> {
    let version: Name = diesel::sql_query(
        "SELECT coalesce(max(version), 'none')::text AS name FROM __diesel_schema_migrations",
    )
    .get_result(conn)?;
    Ok(version.name)
}

fn sha256_of(path: &Path) -> Result<String, Error> {
    let mut file = std::fs::File::open(path)
        .map_err(|err| Error::internal(path.display().to_string(), err))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file
            .read(&mut buffer)
            .map_err(|err| Error::internal(path.display().to_string(), err))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn manifest_path(config: &Config, file_name: &str) -> PathBuf {
    config.backup_dir.join(file_name.replace(".dump", ".json"))
}

fn write_manifest(config: &Config, manifest: &Manifest) -> Result<(), Error> {
    let path = manifest_path(config, &manifest.file_name);
    let partial = path.with_extension("json.partial");
    let text = serde_json::to_vec_pretty(manifest)
        .map_err(|err| Error::internal("writing the manifest", err))?;
    std::fs::write(&partial, text)
        .map_err(|err| Error::internal(partial.display().to_string(), err))?;
    std::fs::rename(&partial, &path).map_err(|err| Error::internal(path.display().to_string(), err))
}

/// Runs a client tool; its stderr becomes the error.
fn run_tool(command: &mut Command) -> Result<(), Error> {
    let output = command
        .output()
        .map_err(|err| Error::internal(format!("cannot start {:?}", command.get_program()), err))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::broken(format!(
            "{:?} failed: {}",
            command.get_program(),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// Dumps the database into BACKUP_DIR and writes the manifest.
pub fn create(config: &Config) -> Result<Manifest, Error> {
    std::fs::create_dir_all(&config.backup_dir)
        .map_err(|err| Error::internal(config.backup_dir.display().to_string(), err))?;
    let mut conn = db::connect(config.database_url.expose())?;
    let server = db::server_version(&mut conn)?;
    let pg_dump_version = pg_tool("pg_dump", db::major_version(&server))?;
    let created_at = Utc::now();
    let file_name = format!("{PREFIX}{}.dump", created_at.format("%Y%m%dT%H%M%S%.3fZ"));
    let path = config.backup_dir.join(&file_name);
    let partial = path.with_extension("dump.partial");
    // Counted in the same moment as the dump starts; pg_dump takes its own consistent snapshot.
    let row_counts = row_counts(&mut conn)?;
    let newest_row_at = newest_row(&mut conn)?;
    let migration_version = migration_version(&mut conn)?;
    run_tool(
        Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--file")
            .arg(&partial)
            .arg("--dbname")
            .arg(config.database_url.expose()),
    )?;
    // An empty or truncated dump must never pass for a backup: pg_restore has to read its catalog.
    let written = std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
    if written == 0 {
        let _ = std::fs::remove_file(&partial);
        return Err(Error::broken("pg_dump wrote an empty file"));
    }
    if let Err(err) = run_tool(Command::new("pg_restore").arg("--list").arg(&partial)) {
        let _ = std::fs::remove_file(&partial);
        return Err(Error::internal("the dump is not readable", err));
    }
    std::fs::rename(&partial, &path)
        .map_err(|err| Error::internal(path.display().to_string(), err))?;
    let size_bytes = std::fs::metadata(&path)
        .map_err(|err| Error::internal(path.display().to_string(), err))?
        .len();
    let manifest = Manifest {
        file_name,
        created_at,
        database: split_database_url(config.database_url.expose())?.0,
        migration_version,
        pg_dump_version,
        size_bytes,
        sha256: sha256_of(&path)?,
        row_counts,
        newest_row_at,
        verified: None,
    };
    write_manifest(config, &manifest)?;
    Ok(manifest)
}

/// Every backup in BACKUP_DIR, newest first.
pub fn list(config: &Config) -> Result<Vec<Manifest>, Error> {
    let entries = match std::fs::read_dir(&config.backup_dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(Error::internal(
                config.backup_dir.display().to_string(),
                err,
            ));
        }
    };
    let mut manifests = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(PREFIX) && name.ends_with(".json") {
            let text = std::fs::read(entry.path())
                .map_err(|err| Error::internal(entry.path().display().to_string(), err))?;
            match serde_json::from_slice::<Manifest>(&text) {
                Ok(manifest) => manifests.push(manifest),
                Err(err) => tracing::warn!(file = %name, %err, "not a backup manifest"),
            }
        }
    }
    manifests.sort_by_key(|manifest| std::cmp::Reverse(manifest.created_at));
    Ok(manifests)
}

/// A backup by file name (with or without `.dump`) or `latest`.
pub fn find(config: &Config, name: &str) -> Result<Manifest, Error> {
    let all = list(config)?;
    let wanted = name.trim_end_matches(".dump").trim_end_matches(".json");
    let found = if wanted == "latest" {
        all.into_iter().next()
    } else {
        all.into_iter()
            .find(|m| m.file_name.trim_end_matches(".dump") == wanted)
    };
    found.ok_or(Error::NotFound)
}

/// A database URL for `name` on the same server as DATABASE_URL.
fn url_for(config: &Config, name: &str) -> Result<String, Error> {
    let mut url = url::Url::parse(config.database_url.expose())
        .map_err(|err| Error::internal("DATABASE_URL is not a URL", err))?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

fn maintenance(config: &Config) -> Result<PgConnection, Error> {
    Ok(db::connect(
        &split_database_url(config.database_url.expose())?.1,
    )?)
}

fn database_exists(conn: &mut PgConnection, name: &str) -> Result<bool, Error> {
    let count: Count =
        diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
            .bind::<Text, _>(name)
            .get_result(conn)?;
    Ok(count.n > 0)
}

/// What the application does first against a database: its migrations are known, and the job
/// table, the account list and every area's first queries for one user (`registry::smoke_check`)
/// load. Returns what was checked.
fn smoke_check(conn: &mut PgConnection) -> Result<String, Error> {
    let states = db::migration_status(conn)?;
    let pending = states.iter().filter(|state| !state.applied).count();
    // Every scheduled job names a command this build runs (read here, not through `cron`, which
    // runs the backup job: backup stays below the scheduler).
    crate::schema::cron_jobs::table
        .select(crate::schema::cron_jobs::command)
        .load::<careerhub_domain::ops::JobCommand>(conn)?;
    let users = crate::users::list(conn, None, 1)?;
    if let Some(user) = users.first() {
        crate::registry::smoke_check(conn, user.id)?;
    }
    Ok(if pending == 0 {
        "the application's queries run against it".to_owned()
    } else {
        format!(
            "the application's queries run against it; {pending} migration(s) newer than the backup"
        )
    })
}

/// Restores `manifest`'s dump into the new database `target` and returns its row counts.
fn restore_into(
    config: &Config,
    manifest: &Manifest,
    target: &str,
) -> Result<BTreeMap<String, i64>, Error> {
    let path = config.backup_dir.join(&manifest.file_name);
    let actual = sha256_of(&path)?;
    if actual != manifest.sha256 {
        return Err(Error::broken(format!(
            "{} is damaged: its SHA-256 is {actual}, the manifest says {}",
            manifest.file_name, manifest.sha256
        )));
    }
    let mut admin = maintenance(config)?;
    let server = db::server_version(&mut admin)?;
    pg_tool("pg_restore", db::major_version(&server))?;
    admin.batch_execute(&format!("CREATE DATABASE {}", quote_ident(target)))?;
    run_tool(
        Command::new("pg_restore")
            .arg("--exit-on-error")
            .arg("--no-owner")
            .arg("--dbname")
            .arg(url_for(config, target)?)
            .arg(&path),
    )?;
    let mut restored = db::connect(&url_for(config, target)?)?;
    row_counts(&mut restored)
}

fn smoke_check_of(config: &Config, target: &str) -> Result<String, Error> {
    smoke_check(&mut db::connect(&url_for(config, target)?)?)
}

fn drop_database(config: &Config, name: &str) -> Result<(), Error> {
    let mut admin = maintenance(config)?;
    admin.batch_execute(&format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quote_ident(name)
    ))?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub file_name: String,
    pub ok: bool,
    /// Tables whose counts differ: (table, in the manifest, restored).
    pub mismatches: Vec<(String, i64, i64)>,
    pub tables: usize,
    pub rows: i64,
    /// How old the newest row was at verification time, in hours.
    pub newest_row_age_hours: Option<i64>,
    pub detail: String,
}

/// Restores into a scratch database, compares, drops it, and records the result in the manifest.
pub fn verify(config: &Config, name: &str) -> Result<VerifyReport, Error> {
    let mut manifest = find(config, name)?;
    let scratch = format!("careerhub_verify_{}", Uuid::now_v7().simple());
    let restored = restore_into(config, &manifest, &scratch)
        .and_then(|counts| Ok((counts, smoke_check_of(config, &scratch)?)));
    let dropped = drop_database(config, &scratch);
    let report = match restored {
        Ok((counts, smoke)) => {
            let mismatches: Vec<(String, i64, i64)> = manifest
                .row_counts
                .iter()
                .filter_map(|(table, expected)| {
                    let actual = counts.get(table).copied().unwrap_or(-1);
                    (actual != *expected).then(|| (table.clone(), *expected, actual))
                })
                .collect();
            let ok = mismatches.is_empty();
            VerifyReport {
                file_name: manifest.file_name.clone(),
                ok,
                tables: counts.len(),
                rows: counts.values().sum(),
                newest_row_age_hours: manifest
                    .newest_row_at
                    .map(|newest| (Utc::now() - newest).num_hours()),
                detail: if ok {
                    format!(
                        "restored {} tables, row counts match, {smoke}",
                        counts.len()
                    )
                } else {
                    format!("{} table(s) differ from the manifest", mismatches.len())
                },
                mismatches,
            }
        }
        Err(err) => VerifyReport {
            file_name: manifest.file_name.clone(),
            ok: false,
            mismatches: Vec::new(),
            tables: 0,
            rows: 0,
            newest_row_age_hours: None,
            detail: err.chain(),
        },
    };
    dropped?;
    manifest.verified = Some(Verification {
        at: Utc::now(),
        ok: report.ok,
        detail: report.detail.clone(),
    });
    write_manifest(config, &manifest)?;
    Ok(report)
}

#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub file_name: String,
    pub database: String,
    pub row_counts: BTreeMap<String, i64>,
    /// Accounts erased after the backup was taken, erased again in the restored database.
    pub erased_again: usize,
}

/// Restores into `target`, a database that must not exist yet, then re-applies erasures known to
/// the live database and to the erased-accounts file.
pub fn restore(config: &Config, name: &str, target: &str) -> Result<RestoreReport, Error> {
    if target.is_empty()
        || target.len() > 63
        || !target
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(Error::Form(careerhub_domain::FormError::field(
            "to",
            "use a database name of letters, digits and underscores (at most 63)",
        )));
    }
    let manifest = find(config, name)?;
    let mut admin = maintenance(config)?;
    if database_exists(&mut admin, target)? {
        return Err(Error::Form(careerhub_domain::FormError::field(
            "to",
            format!(
                "database {target} exists already; choose a new name (restore never overwrites)"
            ),
        )));
    }
    let mut row_counts = restore_into(config, &manifest, target)?;
    // Who was erased: the file beside the backups and, when it is reachable, the live database.
    let mut erased = gdpr::read_erased_list(&gdpr::erased_list_path(config))
        .map_err(|err| Error::internal("reading the erased-accounts list", err))?;
    if let Ok(mut live) = db::connect(config.database_url.expose())
        && let Ok(ids) = gdpr::erased_ids(&mut live)
    {
        erased.extend(ids);
    }
    erased.sort();
    erased.dedup();
    let mut restored = db::connect(&url_for(config, target)?)?;
    let mut erased_again = 0;
    for user in erased {
        let present: Count = diesel::sql_query("SELECT count(*) AS n FROM users WHERE id = $1")
            .bind::<diesel::sql_types::Uuid, _>(user)
            .get_result(&mut restored)?;
        if present.n > 0 {
            gdpr::erase(
                &mut restored,
                user,
                ErasureRequester::Restore,
                &EraseOptions::default(),
                |_| {},
            )?;
            erased_again += 1;
        }
    }
    if erased_again > 0 {
        row_counts = self::row_counts(&mut restored)?;
    }
    Ok(RestoreReport {
        file_name: manifest.file_name,
        database: target.to_owned(),
        row_counts,
        erased_again,
    })
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PruneReport {
    pub dry_run: bool,
    pub removed: Vec<String>,
    pub kept: Vec<String>,
}

/// Keeps the newest `keep_count` backups and every backup younger than `keep_days`, and never the
/// newest verified-good one (nor the newest, when none is verified); removes the rest.
pub fn prune(
    config: &Config,
    keep_count: usize,
    keep_days: u32,
    dry_run: bool,
) -> Result<PruneReport, Error> {
    let all = list(config)?;
    let last_good = all
        .iter()
        .find(|m| m.is_good())
        .or_else(|| all.first())
        .map(|m| m.file_name.clone());
    let cutoff = Utc::now() - chrono::Duration::days(i64::from(keep_days));
    let mut report = PruneReport {
        dry_run,
        ..PruneReport::default()
    };
    for (index, manifest) in all.into_iter().enumerate() {
        let keep = index < keep_count
            || manifest.created_at > cutoff
            || Some(&manifest.file_name) == last_good.as_ref();
        if keep {
            report.kept.push(manifest.file_name);
            continue;
        }
        if !dry_run {
            for path in [
                config.backup_dir.join(&manifest.file_name),
                manifest_path(config, &manifest.file_name),
            ] {
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                    Err(err) => return Err(Error::internal(path.display().to_string(), err)),
                }
            }
        }
        report.removed.push(manifest.file_name);
    }
    Ok(report)
}

/// Rewrites a manifest's time (tests of pruning by age).
#[cfg(feature = "test-support")]
pub fn backdate(config: &Config, file_name: &str, created_at: DateTime<Utc>) -> Result<(), Error> {
    let mut manifest = find(config, file_name)?;
    manifest.created_at = created_at;
    write_manifest(config, &manifest)
}
