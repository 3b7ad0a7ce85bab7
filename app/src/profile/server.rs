//! The profile's server functions: parse the form, one call into `careerhub_core::profile`, say
//! where a plain form goes next.

use crate::data::PageDataEncoding;
use careerhub_domain::FormError;
use careerhub_domain::ids::{EntryId, SkillId};
#[cfg(feature = "ssr")]
use careerhub_domain::paths;
use careerhub_domain::profile::{
    BasicsForm, Entry, EntryForm, ImportPreview, ProfileView, PublicPage, PublishingForm, Skill,
    SkillForm,
};
use leptos::prelude::*;

/// The editor's data, and the link-only address when one was made just now (shown once).
#[server(prefix = "/api", endpoint = "profile", output = PageDataEncoding)]
pub async fn load_profile() -> Result<(ProfileView, Option<String>), FormError> {
    let (profiles, owner) = ssr::context()?;
    let view = profiles.view(owner).await.map_err(ssr::error)?;
    let new_link = crate::request::take_flash(ssr::NEW_LINK)
        .await
        .map(|key| paths::shared_profile(&view.publishing.slug, &key));
    Ok((view, new_link))
}

#[server(prefix = "/api", endpoint = "save_profile_basics")]
pub async fn save_profile_basics(#[server(flatten)] form: BasicsForm) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let basics = form.parse().map_err(ssr::invalid)?;
    profiles
        .update_basics(owner, basics)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::PROFILE);
    Ok(())
}

#[server(prefix = "/api", endpoint = "save_profile_publishing")]
pub async fn save_profile_publishing(
    #[server(flatten)] form: PublishingForm,
) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    if let Some(key) = profiles.publish(owner, input).await.map_err(ssr::error)? {
        crate::request::put_flash(ssr::NEW_LINK, &key).await?;
    }
    ssr::back_to_page(paths::PROFILE);
    Ok(())
}

/// A new link-only address; the old one stops working.
#[server(prefix = "/api", endpoint = "new_profile_link")]
pub async fn new_profile_link() -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let key = profiles.new_link_key(owner).await.map_err(ssr::error)?;
    crate::request::put_flash(ssr::NEW_LINK, &key).await?;
    ssr::back_to_page(paths::PROFILE);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profile_entry", output = PageDataEncoding)]
pub async fn load_profile_entry(id: EntryId) -> Result<Entry, FormError> {
    let (profiles, owner) = ssr::context()?;
    profiles.entry(owner, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "create_profile_entry")]
pub async fn create_profile_entry(#[server(flatten)] form: EntryForm) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    let section = input.section();
    profiles
        .create_entry(owner, input)
        .await
        .map_err(|err| ssr::error(err).with_value("section", section.as_str()))?;
    ssr::back_to_page(&paths::profile_section(section));
    Ok(())
}

#[server(prefix = "/api", endpoint = "update_profile_entry")]
pub async fn update_profile_entry(
    id: EntryId,
    #[server(flatten)] form: EntryForm,
) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    let section = input.section();
    profiles
        .update_entry(owner, id, input)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&paths::profile_section(section));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_profile_entry")]
pub async fn delete_profile_entry(
    id: EntryId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    profiles.delete_entry(owner, id).await.map_err(ssr::error)?;
    leptos_axum::redirect(paths::PROFILE);
    Ok(())
}

/// The up/down buttons.
#[server(prefix = "/api", endpoint = "move_profile_entry")]
pub async fn move_profile_entry(id: EntryId, direction: String) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let direction = ssr::direction(&direction)?;
    let section = profiles
        .entry(owner, id)
        .await
        .map_err(ssr::error)?
        .section();
    profiles
        .move_entry(owner, id, direction)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::profile_section(section));
    Ok(())
}

/// Drag and drop: the section's ids in their new order, comma-separated.
#[server(prefix = "/api", endpoint = "reorder_profile_entries")]
pub async fn reorder_profile_entries(section: String, ids: String) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let section = careerhub_domain::profile::Section::parse(&section)
        .ok_or_else(|| ssr::invalid(FormError::unreadable()))?;
    let ids = ssr::ids(&ids)?;
    profiles
        .reorder_entries(owner, section, ids)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::profile_section(section));
    Ok(())
}

/// Shows an item on the public page, or hides it there (it stays available to CVs).
#[server(prefix = "/api", endpoint = "set_profile_entry_visible")]
pub async fn set_profile_entry_visible(id: EntryId, visible: bool) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    profiles
        .set_entry_visible(owner, id, visible)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::PROFILE);
    Ok(())
}

#[server(prefix = "/api", endpoint = "profile_skill", output = PageDataEncoding)]
pub async fn load_profile_skill(id: SkillId) -> Result<Skill, FormError> {
    let (profiles, owner) = ssr::context()?;
    profiles.skill(owner, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "create_profile_skill")]
pub async fn create_profile_skill(#[server(flatten)] form: SkillForm) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    profiles
        .create_skill(owner, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&ssr::skills_section());
    Ok(())
}

#[server(prefix = "/api", endpoint = "update_profile_skill")]
pub async fn update_profile_skill(
    id: SkillId,
    #[server(flatten)] form: SkillForm,
) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    profiles
        .update_skill(owner, id, input)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&ssr::skills_section());
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_profile_skill")]
pub async fn delete_profile_skill(
    id: SkillId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    profiles.delete_skill(owner, id).await.map_err(ssr::error)?;
    leptos_axum::redirect(&ssr::skills_section());
    Ok(())
}

#[server(prefix = "/api", endpoint = "move_profile_skill")]
pub async fn move_profile_skill(id: SkillId, direction: String) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let direction = ssr::direction(&direction)?;
    profiles
        .move_skill(owner, id, direction)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&ssr::skills_section());
    Ok(())
}

#[server(prefix = "/api", endpoint = "reorder_profile_skills")]
pub async fn reorder_profile_skills(ids: String) -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let ids = ssr::ids(&ids)?;
    profiles
        .reorder_skills(owner, ids)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&ssr::skills_section());
    Ok(())
}

/// What an anonymous visitor of /p/{slug} sees. A moved address redirects (302) to the new one.
#[server(prefix = "/api", endpoint = "public_profile", output = PageDataEncoding)]
pub async fn public_profile(
    slug: String,
    #[server(default)] key: Option<String>,
) -> Result<PublicPage, FormError> {
    let profiles = crate::request::services()?.profiles;
    let page = profiles
        .public_page(slug, key.clone())
        .await
        .map_err(|err| match err {
            careerhub_core::service::Error::NotFound => {
                crate::request::not_found("There is no public profile at this address.")
            }
            other => ssr::error(other),
        })?;
    if let PublicPage::Moved { slug } = &page {
        let to = match key.as_deref() {
            Some(key) => paths::shared_profile(slug, key),
            None => paths::public_profile(slug),
        };
        leptos_axum::redirect(&to);
    }
    Ok(page)
}

#[cfg(feature = "ssr")]
mod ssr {
    use careerhub_core::profile::Profiles;
    use careerhub_domain::FormError;
    use careerhub_domain::ids::UserId;
    use careerhub_domain::paths;
    use careerhub_domain::profile::MoveDirection;

    pub use crate::request::form_error as error;
    use crate::request::require_user;
    pub use crate::request::{back_to_page, confirmed, invalid};

    /// Session entry of a link-only key just made, until the editor shows its address once.
    pub const NEW_LINK: &str = "new_profile_link";

    /// The profile service and the signed-in user's id; 401 when signed out.
    pub fn context() -> Result<(Profiles, UserId), FormError> {
        let user = require_user()?;
        Ok((crate::request::services()?.profiles, user.id))
    }

    pub fn direction(text: &str) -> Result<MoveDirection, FormError> {
        MoveDirection::parse(text).ok_or_else(|| invalid(FormError::unreadable()))
    }

    /// Comma-separated ids from a reorder (a bypassed UI gets "could not be read").
    pub fn ids<Id: std::str::FromStr>(text: &str) -> Result<Vec<Id>, FormError> {
        text.split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| id.parse().map_err(|_| invalid(FormError::unreadable())))
            .collect()
    }

    /// The file an upload read, waiting for the person to confirm its import.
    pub async fn pending_import() -> Option<careerhub_core::profile::Imported> {
        let text = crate::request::session_value(super::import_session::PENDING).await?;
        serde_json::from_str(&text).ok()
    }

    pub fn skills_section() -> String {
        format!("{}#skills", paths::PROFILE)
    }
}

/// Session entries of an import between the upload (server/src/routes/profile.rs) and the
/// confirmation: the file read into forms, a refusal to show next to the file field, and what an
/// import just did.
pub mod import_session {
    pub const PENDING: &str = "profile_import";
    pub const REFUSED: &str = "profile_import_refused";
    pub const DONE: &str = "profile_import_done";
}

/// The import page's state: a refusal of the last upload, the preview of a pending import, or
/// what the last import added.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ImportState {
    pub refused: Option<String>,
    pub preview: Option<ImportPreview>,
    pub done: Option<ImportPreview>,
}

#[server(prefix = "/api", endpoint = "profile_import", output = PageDataEncoding)]
pub async fn load_profile_import() -> Result<ImportState, FormError> {
    let (profiles, owner) = ssr::context()?;
    let refused = crate::request::take_flash(import_session::REFUSED).await;
    let done = crate::request::take_flash(import_session::DONE)
        .await
        .and_then(|text| serde_json::from_str(&text).ok());
    let preview = match ssr::pending_import().await {
        Some(imported) => Some(
            profiles
                .import_preview(owner, imported)
                .await
                .map_err(ssr::error)?,
        ),
        None => None,
    };
    Ok(ImportState {
        refused,
        preview,
        done,
    })
}

/// Adds what the preview showed (one transaction), then forgets the file.
#[server(prefix = "/api", endpoint = "confirm_profile_import")]
pub async fn confirm_profile_import() -> Result<(), FormError> {
    let (profiles, owner) = ssr::context()?;
    let Some(imported) = ssr::pending_import().await else {
        return Err(ssr::invalid(FormError::message(
            "There is no file waiting to be imported. Please choose it again.",
        )));
    };
    let done = profiles.import(owner, imported).await.map_err(ssr::error)?;
    crate::request::take_flash(import_session::PENDING).await;
    if let Ok(text) = serde_json::to_string(&done) {
        crate::request::put_flash(import_session::DONE, &text).await?;
    }
    ssr::back_to_page(paths::PROFILE_IMPORT);
    Ok(())
}

#[server(prefix = "/api", endpoint = "cancel_profile_import")]
pub async fn cancel_profile_import() -> Result<(), FormError> {
    ssr::context()?;
    crate::request::take_flash(import_session::PENDING).await;
    ssr::back_to_page(paths::PROFILE_IMPORT);
    Ok(())
}
