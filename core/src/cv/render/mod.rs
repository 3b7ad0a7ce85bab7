//! Turning a [`CvDocument`] into files. PDF and DOCX are made once per distinct content and kept
//! in `document_renders` (keyed by a hash of the renderer, the format and the document), so a
//! repeat download is one indexed read; Markdown and text are cheap enough to make every time.

mod docx;
pub mod fonts;
mod pdf;
mod text;

use std::sync::{Arc, OnceLock};

use careerhub_domain::cv::{CvDocument, CvFormat};
use careerhub_domain::ids::UserId;
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
