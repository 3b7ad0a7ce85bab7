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
use crate::ops::gdpr::{self, EraseOptions, ErasureRequester};
use crate::service::Error;

mod restore;

pub use restore::{RestoreReport, VerifyReport, restore, verify};

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
    let mut conn = db::connect(config.database_url.expose()).map_err(|err| {
        careerhub_domain::FormError::message(format!(
            "cannot reach PostgreSQL at {}, so there is nothing to back up: is it running? \
             (`careerhub-admin doctor` checks; {err})",
            crate::config::redact(config.database_url.expose())
        ))
    })?;
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
    found.ok_or_else(|| not_found(config, wanted))
}

/// Why `name` is no backup we can use: a dump without its manifest (another tool's, or one
/// interrupted before the manifest was written), or nothing of that name.
fn not_found(config: &Config, name: &str) -> Error {
    let dir = config.backup_dir.display();
    let message = if name == "latest" {
        format!("there are no backups in {dir} yet; make one with `careerhub-admin backup create`")
    } else if config.backup_dir.join(format!("{name}.dump")).is_file() {
        format!(
            "{name}.dump in {dir} has no manifest (it was not made by `backup create`, or that run \
             was interrupted), so its contents cannot be checked; restore it with pg_restore \
             yourself, or make a new backup with `careerhub-admin backup create`"
        )
    } else {
        format!("no backup is named {name} in {dir}; `careerhub-admin backup list` shows them")
    };
    careerhub_domain::FormError::message(message).into()
}

/// A dump file in BACKUP_DIR as `backup list` shows it, with its manifest when it has one.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub file_name: String,
    /// The dump's size on disk now; None when the manifest's dump file is gone.
    pub size_on_disk: Option<u64>,
    /// None for a dump that has no manifest: verify and restore cannot use it.
    pub manifest: Option<Manifest>,
}

/// Every dump and manifest in BACKUP_DIR, newest first, including dumps without a manifest and
/// manifests whose dump is gone, each with the size the disk holds.
pub fn listing(config: &Config) -> Result<Vec<Listed>, Error> {
    let mut listed: Vec<(DateTime<Utc>, Listed)> = Vec::new();
    for manifest in list(config)? {
        let size_on_disk = std::fs::metadata(config.backup_dir.join(&manifest.file_name))
            .ok()
            .map(|meta| meta.len());
        listed.push((
            manifest.created_at,
            Listed {
                file_name: manifest.file_name.clone(),
                size_on_disk,
                manifest: Some(manifest),
            },
        ));
    }
    let Ok(entries) = std::fs::read_dir(&config.backup_dir) else {
        return Ok(listed.into_iter().map(|(_, entry)| entry).collect());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let known = listed.iter().any(|(_, listed)| listed.file_name == name);
        if !name.starts_with(PREFIX) || !name.ends_with(".dump") || known {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let modified = meta
            .modified()
            .map(DateTime::<Utc>::from)
            .unwrap_or_default();
        listed.push((
            modified,
            Listed {
                file_name: name,
                size_on_disk: Some(meta.len()),
                manifest: None,
            },
        ));
    }
    listed.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    Ok(listed.into_iter().map(|(_, entry)| entry).collect())
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
