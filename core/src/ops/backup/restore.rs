//! A dump put back: into a scratch database that is checked and dropped (`verify`), or into a
//! database of the operator's choosing (`restore`), with erased accounts erased again.

use super::*;
use careerhub_domain::counted;

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
    let users = crate::ops::users::list(conn, None, 1)?;
    if let Some(user) = users.first() {
        crate::registry::smoke_check(conn, user.id)?;
    }
    Ok(if pending == 0 {
        "the application's queries run against it".to_owned()
    } else {
        format!(
            "the application's queries run against it; {} newer than the backup",
            counted(pending, "migration", "migrations")
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
        return Err(careerhub_domain::FormError::message(format!(
            "{} is damaged: its SHA-256 is {actual}, the manifest says {}; use another backup \
             (`careerhub-admin backup list`)",
            manifest.file_name, manifest.sha256
        ))
        .into());
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
                    format!(
                        "{} from the manifest",
                        match mismatches.len() {
                            1 => "1 table differs".to_owned(),
                            n => format!("{n} tables differ"),
                        }
                    )
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
