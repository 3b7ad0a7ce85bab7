//! CV versions: chosen from the master profile by reference, rendered on the server to PDF
//! (typst), DOCX (docx-rs), Markdown, plain text and JSON Resume.
//!
//! [`Cvs`] is the area's facade. Query modules are synchronous functions that take a connection
//! and the owner's [`UserId`]; rendering runs off the async runtime through [`render::Renderer`].

pub mod data;
mod demo;
pub(crate) mod document;
pub(crate) mod letters;
pub(crate) mod models;
pub mod render;
pub(crate) mod sent;
pub(crate) mod versions;

use careerhub_domain::cv::{
    CvContents, CvDocument, CvFormat, CvSettings, CvVersionSummary, CvVersionView, Template,
};
use careerhub_domain::ids::{
    ApplicationId, CvVersionId, EntryId, LetterId, LetterTemplateId, SentDocumentId, UserId,
};
use careerhub_domain::letters::{
    DiffLine, LetterInput, LetterSummary, LetterTemplate, LetterTemplateInput, LetterView,
    NewLetter, SentChoices,
};
use careerhub_domain::profile::{MoveDirection, Section};

use crate::db::Pool;
use crate::service::{Error, run, transact};

/// A rendered CV, ready to download.
#[derive(Debug)]
pub struct CvFile {
    /// ASCII, safe in a Content-Disposition header ("ada-lovelace-backend-roles.pdf").
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Clone)]
pub struct Cvs {
    pool: Pool,
    renderer: render::Renderer,
}

impl Cvs {
    pub fn new(pool: Pool) -> Self {
        Self {
            renderer: render::Renderer::new(pool.clone()),
            pool,
        }
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn list(&self, owner: UserId) -> Result<Vec<CvVersionSummary>, Error> {
        run(&self.pool, move |conn| versions::list(conn, owner)).await
    }

    /// A new version with every section, item and skill of the profile.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create(&self, owner: UserId, settings: CvSettings) -> Result<CvVersionId, Error> {
        transact(&self.pool, move |conn| {
            crate::profile::page::ensure(conn, owner)?;
            versions::create(conn, owner, &settings, None, &Default::default())
        })
        .await
    }

    /// A new version for an application, with the skills it mentions highlighted.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn tailor(
        &self,
        owner: UserId,
        application: ApplicationId,
        template: Template,
    ) -> Result<CvVersionId, Error> {
        transact(&self.pool, move |conn| {
            crate::profile::page::ensure(conn, owner)?;
            versions::tailor(conn, owner, application, template)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn view(&self, owner: UserId, id: CvVersionId) -> Result<CvVersionView, Error> {
        run(&self.pool, move |conn| versions::view(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn update_settings(
        &self,
        owner: UserId,
        id: CvVersionId,
        settings: CvSettings,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            versions::update_settings(conn, owner, id, &settings)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn update_contents(
        &self,
        owner: UserId,
        id: CvVersionId,
        contents: CvContents,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            versions::update_contents(conn, owner, id, &contents)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn move_section(
        &self,
        owner: UserId,
        id: CvVersionId,
        section: Section,
        direction: MoveDirection,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            versions::move_section(conn, owner, id, section, direction)
        })
        .await
    }

    /// Rewords an included item's highlights for this version; None goes back to the profile's.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn set_highlights(
        &self,
        owner: UserId,
        id: CvVersionId,
        entry: EntryId,
        highlights: Option<Vec<String>>,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            versions::set_highlights(conn, owner, id, entry, highlights.as_deref())
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn delete(&self, owner: UserId, id: CvVersionId) -> Result<(), Error> {
        run(&self.pool, move |conn| versions::delete(conn, owner, id)).await
    }

    /// What the version prints (the HTML preview renders this).
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn document(&self, owner: UserId, id: CvVersionId) -> Result<CvDocument, Error> {
        transact(&self.pool, move |conn| document::resolve(conn, owner, id))
            .await
            .map(|resolved| resolved.document)
    }

    /// The version as a file in `format`.
    #[tracing::instrument(skip_all, fields(user_id = %owner, format = %format))]
    pub async fn file(
        &self,
        owner: UserId,
        id: CvVersionId,
        format: CvFormat,
    ) -> Result<CvFile, Error> {
        if matches!(format, CvFormat::Pdf | CvFormat::Docx) {
            return self.binary_file(owner, id, format).await;
        }
        let resolved = transact(&self.pool, move |conn| document::resolve(conn, owner, id)).await?;
        let bytes = match format {
            CvFormat::Markdown => render::markdown(&resolved.document).into_bytes(),
            CvFormat::Text => render::plain(&resolved.document).into_bytes(),
            _ => serde_json::to_vec_pretty(&crate::profile::import::json_resume(&resolved.profile))
                .map_err(|err| Error::internal("writing the JSON Resume", err))?,
        };
        Ok(cv_file(
            &resolved.document.name,
            &resolved.name,
            format,
            bytes,
        ))
    }

    /// The version's PDF or DOCX if the render cache has it for its current content (one
    /// statement); `None` for another format or a miss.
    #[tracing::instrument(skip_all, fields(user_id = %owner, format = %format))]
    pub async fn cached_file(
        &self,
        owner: UserId,
        id: CvVersionId,
        format: CvFormat,
    ) -> Result<Option<CvFile>, Error> {
        if !matches!(format, CvFormat::Pdf | CvFormat::Docx) {
            return Ok(None);
        }
        let cached = run(&self.pool, move |conn| {
            render::cached_cv(conn, owner, id, format)
        })
        .await?;
        Ok(cached
            .body
            .map(|body| cv_file(&cached.person, &cached.version, format, body)))
    }

    /// A PDF or DOCX: from the cache by the hash of the version's inputs (one statement), else
    /// resolved and rendered.
    async fn binary_file(
        &self,
        owner: UserId,
        id: CvVersionId,
        format: CvFormat,
    ) -> Result<CvFile, Error> {
        let cached = run(&self.pool, move |conn| {
            render::cached_cv(conn, owner, id, format)
        })
        .await?;
        if let Some(body) = cached.body {
            return Ok(cv_file(&cached.person, &cached.version, format, body));
        }
        // The document and its key from one snapshot, so an edit made meanwhile cannot leave
        // this render stored under the newer inputs' key.
        let (document, key) = run(&self.pool, move |conn| {
            conn.build_transaction().repeatable_read().run(|conn| {
                let resolved = document::resolve(conn, owner, id)?;
                let key = render::cv_key(conn, owner, id, format)?;
                Ok((resolved.document, key))
            })
        })
        .await?;
        let found = render::Lookup::Miss {
            hash: key,
            document: render::Printable::Cv(document),
        };
        let body = self.renderer.file(owner, found, format).await?;
        Ok(cv_file(&cached.person, &cached.version, format, body))
    }
}

fn cv_file(person: &str, version: &str, format: CvFormat, bytes: Vec<u8>) -> CvFile {
    CvFile {
        file_name: format!(
            "{}.{}",
            file_stem(&format!("{person} {version}")),
            format.as_str()
        ),
        content_type: format.content_type(),
        bytes,
    }
}

impl Cvs {
    // Cover letters.

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn letter_templates(&self, owner: UserId) -> Result<Vec<LetterTemplate>, Error> {
        run(&self.pool, move |conn| letters::templates(conn, owner)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create_letter_template(
        &self,
        owner: UserId,
        input: LetterTemplateInput,
    ) -> Result<LetterTemplateId, Error> {
        run(&self.pool, move |conn| {
            letters::create_template(conn, owner, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn update_letter_template(
        &self,
        owner: UserId,
        id: LetterTemplateId,
        input: LetterTemplateInput,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            letters::update_template(conn, owner, id, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn delete_letter_template(
        &self,
        owner: UserId,
        id: LetterTemplateId,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            letters::delete_template(conn, owner, id)
        })
        .await
    }

    /// The applications a letter can be written for.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn letter_applications(
        &self,
        owner: UserId,
    ) -> Result<Vec<(ApplicationId, String)>, Error> {
        run(&self.pool, move |conn| {
            letters::application_choices(conn, owner)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn letters(&self, owner: UserId) -> Result<Vec<LetterSummary>, Error> {
        run(&self.pool, move |conn| letters::list(conn, owner)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create_letter(&self, owner: UserId, new: NewLetter) -> Result<LetterId, Error> {
        transact(&self.pool, move |conn| letters::create(conn, owner, &new)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn letter(&self, owner: UserId, id: LetterId) -> Result<LetterView, Error> {
        transact(&self.pool, move |conn| letters::view(conn, owner, id)).await
    }

    /// Saves a letter; its text becomes a new version when it changed. Returns the newest number.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn save_letter(
        &self,
        owner: UserId,
        id: LetterId,
        input: LetterInput,
    ) -> Result<i32, Error> {
        transact(&self.pool, move |conn| {
            letters::save(conn, owner, id, &input)
        })
        .await
    }

    /// One saved version's text.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn letter_version(
        &self,
        owner: UserId,
        id: LetterId,
        number: i32,
    ) -> Result<String, Error> {
        run(&self.pool, move |conn| {
            letters::version(conn, owner, id, Some(number)).map(|(_, body)| body)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn compare_letter_versions(
        &self,
        owner: UserId,
        id: LetterId,
        from: i32,
        to: i32,
    ) -> Result<Vec<DiffLine>, Error> {
        run(&self.pool, move |conn| {
            letters::compare(conn, owner, id, from, to)
        })
        .await
    }

    /// Makes an old version the newest again.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn restore_letter_version(
        &self,
        owner: UserId,
        id: LetterId,
        number: i32,
    ) -> Result<i32, Error> {
        transact(&self.pool, move |conn| {
            letters::restore(conn, owner, id, number)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn delete_letter(&self, owner: UserId, id: LetterId) -> Result<(), Error> {
        run(&self.pool, move |conn| letters::delete(conn, owner, id)).await
    }

    /// The letter as a file: PDF and DOCX with the CV's engine and fonts, or its text.
    #[tracing::instrument(skip_all, fields(user_id = %owner, format = %format))]
    pub async fn letter_file(
        &self,
        owner: UserId,
        id: LetterId,
        format: CvFormat,
    ) -> Result<CvFile, Error> {
        let letter = transact(&self.pool, move |conn| letters::document(conn, owner, id)).await?;
        let stem = format!("{} {}", letter.sender, letter.title);
        self.printed(owner, &stem, render::Printable::Letter(letter), format)
            .await
    }

    // What an application went out with.

    /// Records the CV version and/or letter sent with an application, as copies.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn mark_sent(
        &self,
        owner: UserId,
        application: ApplicationId,
        cv_version: Option<CvVersionId>,
        letter: Option<LetterId>,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            sent::mark_sent(conn, owner, application, cv_version, letter)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn sent_documents(
        &self,
        owner: UserId,
        application: ApplicationId,
    ) -> Result<SentChoices, Error> {
        transact(&self.pool, move |conn| {
            sent::choices(conn, owner, application)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn remove_sent_document(
        &self,
        owner: UserId,
        id: SentDocumentId,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| sent::remove(conn, owner, id)).await
    }

    /// A sent copy as a file, exactly as it went out.
    #[tracing::instrument(skip_all, fields(user_id = %owner, format = %format))]
    pub async fn sent_file(
        &self,
        owner: UserId,
        id: SentDocumentId,
        format: CvFormat,
    ) -> Result<CvFile, Error> {
        let (stem, printable) =
            run(&self.pool, move |conn| sent::printable(conn, owner, id)).await?;
        self.printed(owner, &stem, printable, format).await
    }

    async fn printed(
        &self,
        owner: UserId,
        stem: &str,
        printable: render::Printable,
        format: CvFormat,
    ) -> Result<CvFile, Error> {
        let bytes = match format {
            CvFormat::Pdf | CvFormat::Docx => {
                let found = run(&self.pool, move |conn| {
                    render::lookup(conn, owner, printable, format)
                })
                .await?;
                self.renderer.file(owner, found, format).await?
            }
            CvFormat::Markdown | CvFormat::Text => render::render_now(&printable, format)?,
            CvFormat::JsonResume => return Err(Error::NotFound),
        };
        Ok(CvFile {
            file_name: format!("{}.{}", file_stem(stem), format.as_str()),
            content_type: format.content_type(),
            bytes,
        })
    }
}

/// Lowercase ASCII letters and digits joined by hyphens ("Zoë Ødegård – Backend" →
/// "zo-degard-backend"); "cv" when nothing is left.
fn file_stem(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let stem: String = words.join("-").chars().take(80).collect();
    if stem.is_empty() {
        "cv".to_owned()
    } else {
        stem.trim_end_matches('-').to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(
            super::file_stem("Ada Lovelace Backend roles"),
            "ada-lovelace-backend-roles"
        );
        assert_eq!(super::file_stem("山田 太郎 ★"), "cv");
    }
}
