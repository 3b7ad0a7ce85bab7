//! Turning a [`CvDocument`] into files. PDF and DOCX are made once per distinct content and kept
//! in `document_renders`, so a repeat download is one indexed read: a CV version's file is keyed
//! by a hash of the rows it is made from ([`cached_cv`]), a letter's or a sent copy's by a hash
//! of the document itself ([`lookup`]). Markdown and text are cheap enough to make every time.

mod docx;
pub mod fonts;
mod pdf;
mod text;

use std::sync::{Arc, OnceLock};

use careerhub_domain::cv::{CvDocument, CvFormat};
use careerhub_domain::ids::{CvVersionId, UserId};
use careerhub_domain::letters::LetterDocument;
use diesel::PgConnection;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::db::Pool;
use crate::schema::document_renders as renders;
use crate::service::{Error, run};

pub use text::{markdown, plain};

/// What the renderers print: a CV or a cover letter.
#[derive(Debug, Clone, serde::Serialize)]
pub enum Printable {
    Cv(CvDocument),
    Letter(LetterDocument),
}

/// Renders synchronously (the server goes through [`Renderer`]).
pub fn render_now(document: &Printable, format: CvFormat) -> Result<Vec<u8>, Error> {
    match (document, format) {
        (Printable::Cv(cv), CvFormat::Pdf) => pdf::render(cv),
        (Printable::Cv(cv), CvFormat::Docx) => docx::render(cv),
        (Printable::Cv(cv), CvFormat::Markdown) => Ok(markdown(cv).into_bytes()),
        (Printable::Cv(cv), CvFormat::Text) => Ok(plain(cv).into_bytes()),
        (Printable::Letter(letter), CvFormat::Pdf) => pdf::render_letter(letter),
        (Printable::Letter(letter), CvFormat::Docx) => docx::render_letter(letter),
        (Printable::Letter(letter), CvFormat::Text | CvFormat::Markdown) => {
            Ok(letter.body.clone().into_bytes())
        }
        (_, CvFormat::JsonResume) => Err(Error::broken("JSON Resume is made from the profile")),
    }
}

/// What identifies this build's renderer: the crate version and every template's text, so a
/// changed template never serves a stale cached file.
fn renderer_digest() -> &'static [u8; 32] {
    static DIGEST: OnceLock<[u8; 32]> = OnceLock::new();
    DIGEST.get_or_init(|| {
        let mut hasher = Sha256::new();
        hasher.update(env!("CARGO_PKG_VERSION"));
        for (name, source) in pdf::SOURCES {
            hasher.update(name);
            hasher.update(source);
        }
        hasher.finalize().into()
    })
}

fn content_hash(document: &Printable, format: CvFormat) -> Result<Vec<u8>, Error> {
    let json = serde_json::to_vec(document)
        .map_err(|err| Error::internal("encoding the CV to hash it", err))?;
    let mut hasher = Sha256::new();
    hasher.update(renderer_digest());
    hasher.update(format.as_str());
    hasher.update(&json);
    Ok(hasher.finalize().to_vec())
}

/// A CV version's cached file, found by what the CV is made from instead of the CV itself, so a
/// cached download resolves nothing. The version row keeps a digest of every row its document is
/// resolved from (`cv_inputs_digest` in the migration: the version, its chosen items and skills,
/// the profile, its entries and skills, and the person's name, email and locale), cleared by
/// triggers when any of them changes; the file is stored under a hash of that digest, the format
/// and [`renderer_digest`], so a changed template never serves a stale file.
pub struct CachedCv {
    /// The person's name and the version's name, for the file name.
    pub person: String,
    pub version: String,
    /// The cache key of the version's current inputs.
    pub key: Vec<u8>,
    pub body: Option<Vec<u8>>,
}

diesel::define_sql_function! {
    /// PostgreSQL's SHA-256 (NULL in, NULL out).
    fn sha256(bytes: diesel::sql_types::Nullable<diesel::sql_types::Bytea>) -> diesel::sql_types::Nullable<diesel::sql_types::Bytea>;
}

#[derive(QueryableByName)]
struct CvKey {
    #[diesel(sql_type = diesel::sql_types::Bytea)]
    key: Vec<u8>,
}

/// The cache key of `version`'s inputs as this snapshot sees them (hashed afresh, not the stored
/// digest): a miss renders what it resolved in the same snapshot and stores it under this key.
pub fn cv_key(
    conn: &mut PgConnection,
    owner: UserId,
    version: CvVersionId,
    format: CvFormat,
) -> Result<Vec<u8>, Error> {
    use diesel::sql_types::{Bytea, Text, Uuid};
    diesel::sql_query(
        "SELECT sha256($3 || convert_to($4, 'UTF8') || cv_inputs_digest(v.id)) AS key
           FROM cv_versions v WHERE v.id = $2 AND v.user_id = $1",
    )
    .bind::<Uuid, _>(owner)
    .bind::<Uuid, _>(version)
    .bind::<Bytea, _>(renderer_digest().as_slice())
    .bind::<Text, _>(format.as_str())
    .get_result::<CvKey>(conn)
    .optional()?
    .map(|found| found.key)
    .ok_or(Error::NotFound)
}

/// Stores the digest of `version`'s inputs where an edit cleared it. Computed by the statement
/// itself: if an edit holds the row, this waits for it and hashes what it committed.
fn fill_inputs_digest(
    conn: &mut PgConnection,
    owner: UserId,
    version: CvVersionId,
) -> Result<(), Error> {
    use diesel::sql_types::Uuid;
    diesel::sql_query(
        "UPDATE cv_versions SET inputs_digest = cv_inputs_digest(id)
          WHERE id = $2 AND user_id = $1 AND inputs_digest IS NULL",
    )
    .bind::<Uuid, _>(owner)
    .bind::<Uuid, _>(version)
    .execute(conn)?;
    Ok(())
}

/// Looks a CV version's file up by the digest of its inputs (see [`CachedCv`]); `NotFound` when
/// the version is not the owner's. A version whose digest was cleared by an edit gets it again
/// here (one more statement, once per edit). `last_used_at` is refreshed at most daily (retention
/// counts days), so a cache hit writes nothing.
pub fn cached_cv(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
    format: CvFormat,
) -> Result<CachedCv, Error> {
    use crate::schema::{cv_versions, users};
    use diesel::sql_types::{Bytea, Nullable};
    // The same key `cv_key` computes, from the stored digest. A query of the DSL (unlike
    // `sql_query`) is prepared once per connection: a cached download is not parsed and
    // planned each time.
    let prefix = [renderer_digest().as_slice(), format.as_str().as_bytes()].concat();
    let key = || {
        sha256(
            prefix
                .clone()
                .into_sql::<Nullable<Bytea>>()
                .concat(cv_versions::inputs_digest),
        )
    };
    type Row = (
        String,
        String,
        Option<Vec<u8>>,
        Option<Vec<u8>>,
        Option<chrono::DateTime<chrono::Utc>>,
    );
    let read = |conn: &mut PgConnection| -> Result<Option<Row>, Error> {
        Ok(cv_versions::table
            .inner_join(users::table)
            .left_join(
                renders::table.on(renders::user_id
                    .eq(cv_versions::user_id)
                    .and(renders::content_hash.nullable().eq(key()))),
            )
            .filter(cv_versions::id.eq(id))
            .filter(cv_versions::user_id.eq(owner))
            .select((
                users::display_name,
                cv_versions::name,
                key(),
                renders::body.nullable(),
                renders::last_used_at.nullable(),
            ))
            .first(conn)
            .optional()?)
    };
    let mut row = read(conn)?.ok_or(Error::NotFound)?;
    if row.2.is_none() {
        fill_inputs_digest(conn, owner, id)?;
        row = read(conn)?.ok_or(Error::NotFound)?;
    }
    let (person, version, key, body, last_used_at) = row;
    let key = key.ok_or_else(|| Error::broken("a CV version's inputs digest stayed empty"))?;
    let used_long_ago =
        last_used_at.is_some_and(|at| at < chrono::Utc::now() - chrono::Duration::days(1));
    if used_long_ago {
        diesel::update(
            renders::table
                .filter(renders::user_id.eq(owner))
                .filter(renders::content_hash.eq(&key)),
        )
        .set(renders::last_used_at.eq(diesel::dsl::now))
        .execute(conn)?;
    }
    Ok(CachedCv {
        person,
        version,
        key,
        body,
    })
}

/// A binary file (PDF or DOCX) looked up in the cache: the file, or what making it needs.
pub enum Lookup {
    Hit(Vec<u8>),
    Miss { hash: Vec<u8>, document: Printable },
}

/// Looks `document` up in the render cache (one indexed `UPDATE … RETURNING`), on the caller's
/// connection, so a cached download costs the queries that resolve the document and this one.
pub fn lookup(
    conn: &mut PgConnection,
    owner: UserId,
    document: Printable,
    format: CvFormat,
) -> Result<Lookup, Error> {
    let hash = content_hash(&document, format)?;
    let cached = diesel::update(
        renders::table
            .filter(renders::user_id.eq(owner))
            .filter(renders::content_hash.eq(&hash)),
    )
    .set(renders::last_used_at.eq(diesel::dsl::now))
    .returning(renders::body)
    .get_result::<Vec<u8>>(conn)
    .optional()?;
    Ok(match cached {
        Some(body) => Lookup::Hit(body),
        None => Lookup::Miss { hash, document },
    })
}

/// Renders with a cache, a few at a time: typesetting is CPU-bound, so more renders at once than
/// cores would only add memory.
#[derive(Clone)]
pub struct Renderer {
    pool: Pool,
    permits: Arc<Semaphore>,
}

impl Renderer {
    pub fn new(pool: Pool) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            pool,
            permits: Arc::new(Semaphore::new(cores)),
        }
    }

    /// The file a [`lookup`] found, or rendered off the async runtime (a few at a time) and
    /// cached.
    pub async fn file(
        &self,
        owner: UserId,
        found: Lookup,
        format: CvFormat,
    ) -> Result<Vec<u8>, Error> {
        let (hash, document) = match found {
            Lookup::Hit(body) => return Ok(body),
            Lookup::Miss { hash, document } => (hash, document),
        };
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|err| Error::internal("waiting to render", err))?;
        let body = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let started = std::time::Instant::now();
            let body = render_now(&document, format);
            tracing::info!(format = %format, elapsed_ms = started.elapsed().as_millis() as u64, "rendered a document");
            body
        })
        .await
        .map_err(|err| Error::internal("rendering the CV", err))??;
        let stored = body.clone();
        run(&self.pool, move |conn| {
            diesel::insert_into(renders::table)
                .values((
                    renders::user_id.eq(owner),
                    renders::content_hash.eq(&hash),
                    renders::format.eq(format.as_str()),
                    renders::body.eq(&stored),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?;
            Ok(())
        })
        .await?;
        Ok(body)
    }
}
