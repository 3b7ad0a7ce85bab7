//! The CV versions' server functions: parse the form, one call into `careerhub_core::cv`, say
//! where a plain form goes next.

use std::collections::HashMap;

use crate::data::PageDataEncoding;
use careerhub_domain::FormError;
use careerhub_domain::cv::{
    CvDocument, CvSettingsForm, CvVersionSummary, CvVersionView, HighlightsForm,
};
use careerhub_domain::ids::{ApplicationId, CvVersionId, EntryId};
#[cfg(feature = "ssr")]
use careerhub_domain::paths;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "cv_versions", output = PageDataEncoding)]
pub async fn load_cv_versions() -> Result<Vec<CvVersionSummary>, FormError> {
    let (cvs, owner) = ssr::context()?;
    cvs.list(owner).await.map_err(ssr::error)
}

/// A new version with everything in the profile; the editor opens next.
#[server(prefix = "/api", endpoint = "create_cv_version")]
pub async fn create_cv_version(#[server(flatten)] form: CvSettingsForm) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let settings = form.parse().map_err(ssr::invalid)?;
    let id = cvs.create(owner, settings).await.map_err(ssr::error)?;
    leptos_axum::redirect(&paths::cv_version(id));
    Ok(())
}

/// A version for an application, with the skills it mentions highlighted.
#[server(prefix = "/api", endpoint = "tailor_cv_version")]
pub async fn tailor_cv_version(application: ApplicationId) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let id = cvs
        .tailor(owner, application, careerhub_domain::cv::Template::Classic)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&paths::cv_version(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "cv_version", output = PageDataEncoding)]
pub async fn load_cv_version(id: CvVersionId) -> Result<CvVersionView, FormError> {
    let (cvs, owner) = ssr::context()?;
    cvs.view(owner, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "cv_document", output = PageDataEncoding)]
pub async fn load_cv_document(id: CvVersionId) -> Result<CvDocument, FormError> {
    let (cvs, owner) = ssr::context()?;
    cvs.document(owner, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "save_cv_settings")]
pub async fn save_cv_settings(
    id: CvVersionId,
    #[server(flatten)] form: CvSettingsForm,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let settings = form.parse().map_err(ssr::invalid)?;
    cvs.update_settings(owner, id, settings)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::cv_version(id));
    Ok(())
}

/// The contents form: a checkbox per section (`sections[experience]`), item
/// (`entries[id_{id}]`) and skill (`skills[id_{id}]`, `highlighted[id_{id}]`); an unticked box is
/// absent. Ids carry a prefix because the form decoder reads a key that starts with a digit as a
/// list index.
#[server(prefix = "/api", endpoint = "save_cv_contents")]
pub async fn save_cv_contents(
    id: CvVersionId,
    #[server(default)] sections: HashMap<String, String>,
    #[server(default)] entries: HashMap<String, String>,
    #[server(default)] skills: HashMap<String, String>,
    #[server(default)] highlighted: HashMap<String, String>,
    #[server(default)] show_skills: Option<String>,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let contents = careerhub_domain::cv::CvContents {
        sections: ssr::keys(&sections, careerhub_domain::profile::Section::parse)?,
        entries: ssr::keys(&entries, ssr::prefixed_id)?,
        skills: ssr::keys(&skills, ssr::prefixed_id)?,
        highlighted: ssr::keys(&highlighted, ssr::prefixed_id)?,
        show_skills: show_skills.is_some_and(|value| !value.is_empty()),
    };
    cvs.update_contents(owner, id, contents)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&format!("{}#contents", paths::cv_version(id)));
    Ok(())
}

/// The up/down buttons of a shown section.
#[server(prefix = "/api", endpoint = "move_cv_section")]
pub async fn move_cv_section(
    id: CvVersionId,
    section: String,
    direction: String,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let section = careerhub_domain::profile::Section::parse(&section)
        .ok_or_else(|| ssr::invalid(FormError::unreadable()))?;
    let direction = careerhub_domain::profile::MoveDirection::parse(&direction)
        .ok_or_else(|| ssr::invalid(FormError::unreadable()))?;
    cvs.move_section(owner, id, section, direction)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&format!("{}#order", paths::cv_version(id)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "save_cv_highlights")]
pub async fn save_cv_highlights(
    id: CvVersionId,
    entry: EntryId,
    #[server(flatten)] form: HighlightsForm,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let highlights = form.parse().map_err(ssr::invalid)?;
    cvs.set_highlights(owner, id, entry, highlights)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&format!("{}#contents", paths::cv_version(id)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_cv_version")]
pub async fn delete_cv_version(
    id: CvVersionId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    cvs.delete(owner, id).await.map_err(ssr::error)?;
    leptos_axum::redirect(paths::CVS);
    Ok(())
}

/// Shared by the CV area's server functions (versions here, letters and sent copies in
/// `super::letters`).
#[cfg(feature = "ssr")]
pub(super) mod ssr {
    use std::collections::HashMap;

    use careerhub_core::cv::Cvs;
    use careerhub_domain::FormError;
    use careerhub_domain::ids::UserId;

    pub use crate::request::form_error as error;
    use crate::request::require_user;
    pub use crate::request::{back_to_page, confirmed, invalid};

    /// The CV service and the signed-in user's id; 401 when signed out.
    pub fn context() -> Result<(Cvs, UserId), FormError> {
        let user = require_user()?;
        Ok((crate::request::services()?.cvs, user.id))
    }

    /// An id from a contents form key ("id_0193…").
    pub fn prefixed_id<Id: std::str::FromStr>(key: &str) -> Option<Id> {
        key.strip_prefix("id_")?.parse().ok()
    }

    /// The ticked boxes of a group, parsed (a bypassed UI gets "could not be read").
    pub fn keys<T>(
        ticked: &HashMap<String, String>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, FormError> {
        ticked
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, _)| parse(key).ok_or_else(|| invalid(FormError::unreadable())))
            .collect()
    }
}
