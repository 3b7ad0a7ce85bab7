//! The master profile: basics, ordered sections, normalised skills, the public page.
//!
//! [`Profiles`] is the area's facade: server functions, routes and the import call its async
//! methods with typed ids and never see a connection. Query modules are synchronous functions
//! that take a connection and the owner's [`UserId`]; the facade runs them on the pool and decides
//! what is one change.

pub mod data;
mod demo;
pub(crate) mod entries;
pub mod import;
pub(crate) mod models;
pub(crate) mod order;
pub(crate) mod page;
pub(crate) mod skills;
mod structured;

use careerhub_domain::ids::{EntryId, SkillId, UserId};
use careerhub_domain::profile::{
    Basics, Entry, EntryInput, ImportPreview, MoveDirection, ProfileView, PublicPage,
    PublishingInput, Section, Skill, SkillInput,
};

use crate::db::Pool;
use crate::service::{Error, run, transact};

pub use import::Imported;

#[derive(Clone)]
pub struct Profiles {
    pool: Pool,
    /// The site's address, for the public page's absolute links.
    public_url: String,
}

impl Profiles {
    pub fn new(pool: Pool, public_url: &url::Url) -> Self {
        Self {
            pool,
            public_url: public_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    /// The editor's data; the profile is made on first use.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn view(&self, owner: UserId) -> Result<ProfileView, Error> {
        transact(&self.pool, move |conn| page::view(conn, owner)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn update_basics(&self, owner: UserId, basics: Basics) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            page::update_basics(conn, owner, &basics)
        })
        .await
    }

    /// Returns a new link-only key when one was made (shown to the owner once).
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn publish(
        &self,
        owner: UserId,
        input: PublishingInput,
    ) -> Result<Option<String>, Error> {
        transact(&self.pool, move |conn| page::publish(conn, owner, &input)).await
    }

    /// Replaces the link-only key: the old address stops working.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn new_link_key(&self, owner: UserId) -> Result<String, Error> {
        transact(&self.pool, move |conn| page::new_link_key(conn, owner)).await
    }

    /// The public page at /p/{slug}: anonymous, so no owner id.
    #[tracing::instrument(skip_all)]
    pub async fn public_page(
        &self,
        slug: String,
        key: Option<String>,
    ) -> Result<PublicPage, Error> {
        let site = self.public_url.clone();
        run(&self.pool, move |conn| {
            page::public_page(conn, &site, &slug, key.as_deref())
        })
        .await
    }

    // Import and export

    /// Reads an uploaded file (off the async runtime: unzipping is work).
    pub async fn read_import(&self, file_name: String, bytes: Vec<u8>) -> Result<Imported, Error> {
        tokio::task::spawn_blocking(move || import::read(&file_name, &bytes))
            .await
            .map_err(|err| Error::internal("reading an import", err))?
    }

    /// What importing would add; changes nothing (beyond making the profile on first use).
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn import_preview(
        &self,
        owner: UserId,
        imported: Imported,
    ) -> Result<ImportPreview, Error> {
        transact(&self.pool, move |conn| {
            import::preview(conn, owner, &imported)
        })
        .await
    }

    /// Adds what the preview showed, in one transaction: all of it or, on a failure, nothing.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn import(&self, owner: UserId, imported: Imported) -> Result<ImportPreview, Error> {
        transact(&self.pool, move |conn| {
            import::apply(conn, owner, &imported)
        })
        .await
    }

    /// The profile as a JSON Resume document.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn json_resume(&self, owner: UserId) -> Result<Vec<u8>, Error> {
        let view = self.view(owner).await?;
        serde_json::to_vec_pretty(&import::json_resume(&view))
            .map_err(|err| Error::internal("writing the JSON Resume", err))
    }

    // Section items

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn entry(&self, owner: UserId, id: EntryId) -> Result<Entry, Error> {
        run(&self.pool, move |conn| entries::get(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create_entry(&self, owner: UserId, input: EntryInput) -> Result<EntryId, Error> {
        transact(&self.pool, move |conn| {
            page::ensure(conn, owner)?;
            entries::create(conn, owner, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn update_entry(
        &self,
        owner: UserId,
        id: EntryId,
        input: EntryInput,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            entries::update(conn, owner, id, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn set_entry_visible(
        &self,
        owner: UserId,
        id: EntryId,
        visible: bool,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            entries::set_visible(conn, owner, id, visible)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn delete_entry(&self, owner: UserId, id: EntryId) -> Result<(), Error> {
        transact(&self.pool, move |conn| entries::delete(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn move_entry(
        &self,
        owner: UserId,
        id: EntryId,
        direction: MoveDirection,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            entries::shift(conn, owner, id, direction)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn reorder_entries(
        &self,
        owner: UserId,
        section: Section,
        ids: Vec<EntryId>,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            entries::reorder(conn, owner, section, &ids)
        })
        .await
    }

    // Skills

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn skill(&self, owner: UserId, id: SkillId) -> Result<Skill, Error> {
        run(&self.pool, move |conn| skills::get(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create_skill(&self, owner: UserId, input: SkillInput) -> Result<SkillId, Error> {
        transact(&self.pool, move |conn| {
            page::ensure(conn, owner)?;
            skills::create(conn, owner, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn update_skill(
        &self,
        owner: UserId,
        id: SkillId,
        input: SkillInput,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            skills::update(conn, owner, id, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn delete_skill(&self, owner: UserId, id: SkillId) -> Result<(), Error> {
        transact(&self.pool, move |conn| skills::delete(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn move_skill(
        &self,
        owner: UserId,
        id: SkillId,
        direction: MoveDirection,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            skills::shift(conn, owner, id, direction)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn reorder_skills(&self, owner: UserId, ids: Vec<SkillId>) -> Result<(), Error> {
        transact(&self.pool, move |conn| skills::reorder(conn, owner, &ids)).await
    }
}
