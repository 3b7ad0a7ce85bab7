//! The master profile: basics, ordered sections, normalised skills, the public page.
//!
//! [`Profiles`] is the area's facade: server functions, routes and the import call its async
//! methods with typed ids and never see a connection. Query modules are synchronous functions
//! that take a connection and the owner's [`UserId`]; the facade runs them on the pool and decides
//! what is one change.

pub mod data;
mod demo;
pub(crate) mod entries;
pub(crate) mod models;
pub(crate) mod order;
pub(crate) mod page;
pub(crate) mod skills;

use careerhub_domain::ids::{EntryId, SkillId, UserId};
use careerhub_domain::profile::{
    Basics, Entry, EntryInput, MoveDirection, ProfileView, PublicPage, PublishingInput, Section,
    Skill, SkillInput,
};

use crate::db::Pool;
use crate::service::{Error, run, transact};

#[derive(Clone)]
pub struct Profiles {
    pool: Pool,
}

impl Profiles {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
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
        run(&self.pool, move |conn| {
            page::public_page(conn, &slug, key.as_deref())
        })
        .await
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
