//! GDPR: erasure and export of one person's data.
//!
//! Erasure is durable and idempotent. The request is recorded first (erasure_requests, one row per
//! account, no personal data); then the account is disabled and its sessions and queued email are
//! dropped; then its rows go table by table in small batches, each batch its own transaction, so
//! the site stays responsive and a crash loses nothing: the next run picks the pending request up
//! where it stopped. Last, the account row goes and the request is marked done. The audit trail
//! keeps its events without actor, address or browser. Erased ids are also appended to a file
//! outside the database, which a restore from an older backup applies again.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Uuid as SqlUuid};
use serde_json::json;
use uuid::Uuid;

use careerhub_domain::ids::UserId;

pub use careerhub_domain::ops::ErasureRequester;
use careerhub_domain::ops::{ErasureStatus, OutboxStatus};

use crate::areas::{Erased, UserTable};
use crate::audit::{self, Event, RequestMeta};
use crate::registry;
use crate::schema::{audit_log, email_outbox, erasure_requests, user_sessions, users};
use crate::service::Error;

/// Rows deleted per transaction.
pub const DEFAULT_BATCH: i64 = 500;

#[derive(Debug, Clone)]
pub struct EraseOptions {
    pub batch: i64,
    /// Stop after this many batches, leaving the request pending (what a crash looks like; tests).
    pub stop_after_batches: Option<usize>,
    /// Append the erased id here (one per line) when done.
    pub erased_list: Option<std::path::PathBuf>,
}

impl Default for EraseOptions {
    fn default() -> Self {
        Self {
            batch: DEFAULT_BATCH,
            stop_after_batches: None,
            erased_list: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EraseOutcome {
    Erased {
        request: Uuid,
        rows: i64,
    },
    /// Nothing to do: the account was erased before.
    AlreadyErased {
        request: Uuid,
    },
    /// Stopped on purpose before the end; a rerun finishes it.
    Interrupted {
        request: Uuid,
        rows: i64,
    },
    /// Another run (an operator's, or the retention job's) is erasing this account right now;
    /// that run finishes it, and this one changed nothing.
    Busy,
}

/// What an erasure would delete, per table (for --dry-run).
pub fn preview(conn: &mut PgConnection, user: UserId) -> Result<Vec<(String, i64)>, Error> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut counts = Vec::new();
    for UserTable { table, column, .. } in erased_tables() {
        let count: Count = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {table} WHERE {column} = $1"
        ))
        .bind::<SqlUuid, _>(user)
        .get_result(conn)?;
        counts.push(((*table).to_owned(), count.n));
    }
    let audit: i64 = audit_log::table
        .filter(audit_log::actor_user_id.eq(user))
        .count()
        .get_result(conn)?;
    counts.push(("audit_log (anonymised)".to_owned(), audit));
    let exists: i64 = users::table.find(user).count().get_result(conn)?;
    counts.push(("users".to_owned(), exists));
    Ok(counts)
}

/// Finds an account by id or email address. By id it also finds an account erased before (its
/// erasure request stays), so running an erasure again can say it is done; an erased account has
/// no address any more.
pub fn find_user(conn: &mut PgConnection, who: &str) -> Result<Option<UserId>, Error> {
    let who = who.trim();
    if let Ok(id) = who.parse::<UserId>() {
        let account: i64 = users::table.find(id).count().get_result(conn)?;
        let erased: i64 = erasure_requests::table
            .filter(erasure_requests::user_id.eq(id))
            .count()
            .get_result(conn)?;
        return Ok((account + erased > 0).then_some(id));
    }
    Ok(users::table
        .filter(users::email.eq(who.to_lowercase()))
        .select(users::id)
        .first(conn)
        .optional()?)
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    locked: bool,
}

/// Erases `user` (see the module comment). `progress` gets the rows deleted so far.
///
/// One run per account at a time: a session advisory lock on the account is held throughout
/// (PostgreSQL drops it with the connection when a run dies), so the retention job finishing
/// pending requests never works alongside an operator's erasure still under way.
pub fn erase(
    conn: &mut PgConnection,
    user: UserId,
    by: ErasureRequester,
    options: &EraseOptions,
    progress: impl FnMut(i64),
) -> Result<EraseOutcome, Error> {
    const LOCK_KEY: &str = "hashtextextended('careerhub.gdpr.erase:' || $1::text, 0)";
    let taken = diesel::sql_query(format!("SELECT pg_try_advisory_lock({LOCK_KEY}) AS locked"))
        .bind::<SqlUuid, _>(user)
        .get_result::<Locked>(conn)?;
    if !taken.locked {
        return Ok(EraseOutcome::Busy);
    }
    let outcome = erase_holding_lock(conn, user, by, options, progress);
    let released = diesel::sql_query(format!("SELECT pg_advisory_unlock({LOCK_KEY}) AS locked"))
        .bind::<SqlUuid, _>(user)
        .get_result::<Locked>(conn);
    if let Err(err) = released {
        // Released anyway when the connection closes; a lost connection is what fails here.
        tracing::warn!(%err, user_id = %user, "could not release the erasure lock");
    }
    outcome
}

fn erase_holding_lock(
    conn: &mut PgConnection,
    user: UserId,
    by: ErasureRequester,
    options: &EraseOptions,
    mut progress: impl FnMut(i64),
) -> Result<EraseOutcome, Error> {
    let existing: Option<(Uuid, ErasureStatus, String)> = erasure_requests::table
        .filter(erasure_requests::user_id.eq(user))
        .select((
            erasure_requests::id,
            erasure_requests::status,
            erasure_requests::requested_by,
        ))
        .first(conn)
        .optional()?;
    let account_exists = users::table.find(user).count().get_result::<i64>(conn)? > 0;
    // Who asked first is who the audit trail names, also when a later run finishes the work.
    let requested_by = match &existing {
        Some((_, ErasureStatus::Pending, first)) => first.clone(),
        _ => by.as_str().to_owned(),
    };
    let request = match existing {
        Some((request, ErasureStatus::Done, _)) if !account_exists => {
            return Ok(EraseOutcome::AlreadyErased { request });
        }
        // Done before, but the account is back (restored from an older backup): erase it again.
        // Or pending: a run that stopped half-way (interrupted, or its process died).
        Some((request, _, _)) => {
            diesel::update(erasure_requests::table.find(request))
                .set((
                    erasure_requests::status.eq(ErasureStatus::Pending),
                    erasure_requests::completed_at.eq(None::<DateTime<Utc>>),
                ))
                .execute(conn)?;
            request
        }
        None if !account_exists => return Err(Error::NotFound),
        None => {
            let request = Uuid::now_v7();
            diesel::insert_into(erasure_requests::table)
                .values((
                    erasure_requests::id.eq(request),
                    erasure_requests::user_id.eq(user),
                    erasure_requests::requested_by.eq(by.as_str()),
                ))
                .execute(conn)?;
            request
        }
    };

    // First, make the person unreachable: no sign-in, no session, no queued mail.
    conn.transaction(|conn| {
        diesel::update(users::table.find(user).filter(users::disabled_at.is_null()))
            .set(users::disabled_at.eq(diesel::dsl::now))
            .execute(conn)?;
        diesel::delete(user_sessions::table.filter(user_sessions::user_id.eq(user)))
            .execute(conn)?;
        diesel::delete(
            email_outbox::table
                .filter(email_outbox::user_id.eq(user))
                .filter(email_outbox::status.eq(OutboxStatus::Pending)),
        )
        .execute(conn)?;
        Ok::<_, Error>(())
    })?;

    let mut rows: i64 = erasure_requests::table
        .find(request)
        .select(erasure_requests::rows_deleted)
        .first(conn)?;
    let mut batches = 0usize;
    let stop = |batches: usize| {
        options
            .stop_after_batches
            .is_some_and(|limit| batches >= limit)
    };
    for UserTable { table, column, .. } in erased_tables() {
        loop {
            if stop(batches) {
                return Ok(EraseOutcome::Interrupted { request, rows });
            }
            let deleted = conn.transaction(|conn| {
                let deleted = diesel::sql_query(format!(
                    "DELETE FROM {table} WHERE ctid = ANY(ARRAY(\
                     SELECT ctid FROM {table} WHERE {column} = $1 LIMIT $2))"
                ))
                .bind::<SqlUuid, _>(user)
                .bind::<BigInt, _>(options.batch)
                .execute(conn)? as i64;
                diesel::update(erasure_requests::table.find(request))
                    .set(
                        erasure_requests::rows_deleted.eq(erasure_requests::rows_deleted + deleted),
                    )
                    .execute(conn)?;
                Ok::<_, Error>(deleted)
            })?;
            batches += 1;
            rows += deleted;
            progress(rows);
            if deleted < options.batch {
                break;
            }
        }
    }
    // The audit trail stays, pointing at nobody.
    loop {
        if stop(batches) {
            return Ok(EraseOutcome::Interrupted { request, rows });
        }
        let anonymised = diesel::sql_query(
            "UPDATE audit_log SET actor_user_id = NULL, ip = NULL, user_agent = NULL, \
             detail = '{}'::jsonb WHERE id = ANY(ARRAY(\
             SELECT id FROM audit_log WHERE actor_user_id = $1 LIMIT $2))",
        )
        .bind::<SqlUuid, _>(user)
        .bind::<BigInt, _>(options.batch)
        .execute(conn)? as i64;
        batches += 1;
        if anonymised < options.batch {
            break;
        }
    }
    // Entries about the person written by someone else (an operator disabling the account)
    // keep their actor, not the person's id.
    loop {
        if stop(batches) {
            return Ok(EraseOutcome::Interrupted { request, rows });
        }
        let cleared = diesel::sql_query(
            "UPDATE audit_log SET detail = detail - 'user' WHERE id = ANY(ARRAY(\
             SELECT id FROM audit_log WHERE detail ->> 'user' = $1::text LIMIT $2))",
        )
        .bind::<SqlUuid, _>(user)
        .bind::<BigInt, _>(options.batch)
        .execute(conn)? as i64;
        batches += 1;
        if cleared < options.batch {
            break;
        }
    }
    if stop(batches) {
        return Ok(EraseOutcome::Interrupted { request, rows });
    }
    conn.transaction(|conn| {
        let email: Option<String> = users::table
            .find(user)
            .select(users::email)
            .first(conn)
            .optional()?;
        if let Some(email) = email {
            // Invites sent to this address name the person too.
            diesel::delete(
                crate::schema::invites::table.filter(crate::schema::invites::email.eq(email)),
            )
            .execute(conn)?;
        }
        rows += diesel::delete(users::table.find(user)).execute(conn)? as i64;
        audit::record(
            conn,
            None,
            Event::AccountErased,
            &RequestMeta::default(),
            json!({ "request": request, "requested_by": requested_by }),
        )?;
        diesel::update(erasure_requests::table.find(request))
            .set((
                erasure_requests::status.eq(ErasureStatus::Done),
                erasure_requests::completed_at.eq(diesel::dsl::now),
                erasure_requests::rows_deleted.eq(rows),
            ))
            .execute(conn)?;
        Ok::<_, Error>(())
    })?;
    if let Some(path) = &options.erased_list {
        append_erased(path, user)
            .map_err(|err| Error::internal(format!("appending to {}", path.display()), err))?;
    }
    Ok(EraseOutcome::Erased { request, rows })
}

fn append_erased(path: &Path, user: UserId) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(file, "{user}")?;
    file.sync_all()
}

/// Where erased account ids are kept (one per line), beside the backups: a restore from an older
/// backup erases them again.
pub fn erased_list_path(config: &crate::config::Config) -> std::path::PathBuf {
    config.backup_dir.join("erased-accounts.txt")
}

/// Ids in an erased-accounts file (missing file: none).
pub fn read_erased_list(path: &Path) -> std::io::Result<Vec<UserId>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .filter_map(|line| line.trim().parse().ok())
            .collect()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(err) => Err(err),
    }
}

/// Every erased account id the database knows.
pub fn erased_ids(conn: &mut PgConnection) -> Result<Vec<UserId>, Error> {
    Ok(erasure_requests::table
        .filter(erasure_requests::status.eq(ErasureStatus::Done))
        .select(erasure_requests::user_id)
        .load(conn)?)
}

/// "Download my data": [`export`] on a pooled connection, for the signed-in person.
#[tracing::instrument(skip(pool), fields(user_id = %user))]
pub async fn my_data(pool: &crate::db::Pool, user: UserId) -> Result<Vec<u8>, Error> {
    crate::service::run(pool, move |conn| export(conn, user)).await
}

/// Everything held about `user`, as a zip: each area's files (see `crate::areas`) and a README
/// that says what each holds. The password hash is the one thing left out (it is not
/// information about the person).
pub fn export(conn: &mut PgConnection, user: UserId) -> Result<Vec<u8>, Error> {
    let parts = registry::export(conn, user)?;
    let mut readme = String::from("Your data from Careerhub\n\n");
    let width = parts.iter().map(|part| part.name.len()).max().unwrap_or(0);
    for part in &parts {
        readme.push_str(&format!("{:width$}  {}\n", part.name, part.about));
    }
    let mut files = vec![("README.txt", readme.into_bytes())];
    files.extend(parts.into_iter().map(|part| (part.name, part.bytes)));
    zip_files(&files)
}

/// The tables erasure deletes from, in order.
fn erased_tables() -> impl Iterator<Item = &'static UserTable> {
    registry::user_tables().filter(|table| table.erased == Erased::Deleted)
}

fn zip_files(files: &[(&str, Vec<u8>)]) -> Result<Vec<u8>, Error> {
    let failed = |err: zip::result::ZipError| Error::internal("writing the zip", err);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(*name, options).map_err(failed)?;
        writer
            .write_all(bytes)
            .map_err(|err| Error::internal("writing the zip", err))?;
    }
    Ok(writer.finish().map_err(failed)?.into_inner())
}
