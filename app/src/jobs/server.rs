//! Jobs server functions. Thin: read the search leniently, call careerhub-core with the
//! signed-in user's id.

use crate::data::PageDataEncoding;
use careerhub_domain::FormError;
use careerhub_domain::ids::{JobPostingId, SavedSearchId};
use careerhub_domain::jobs::alerts::{AlertFrequencyForm, SaveSearchForm, SavedSearch};
use careerhub_domain::jobs::{
    JobResults, JobSearch, OwnPostingForm, PostingDetail, PostingLinkForm, SaveJobForm, SavedJob,
};
use leptos::prelude::*;

/// A page of postings. The search is read again as if from an address, so what a script sends
/// gets the same limits as a typed URL. An empty search (the page opened without filters) is
/// sent as an empty form, hence the default.
#[server(prefix = "/api", endpoint = "search_jobs", output = PageDataEncoding)]
pub async fn search_jobs(#[server(default)] search: JobSearch) -> Result<JobResults, FormError> {
    let (jobs, viewer) = ssr::context()?;
    jobs.search(viewer, search.cleaned())
        .await
        .map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "job_posting", output = PageDataEncoding)]
pub async fn job_posting(id: JobPostingId) -> Result<PostingDetail, FormError> {
    let (jobs, viewer) = ssr::context()?;
    jobs.posting(viewer, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "saved_jobs", output = PageDataEncoding)]
pub async fn saved_jobs() -> Result<Vec<SavedJob>, FormError> {
    let (jobs, owner) = ssr::context()?;
    jobs.saved(owner).await.map_err(ssr::error)
}

/// Saves a posting (again: replaces the note).
#[server(prefix = "/api", endpoint = "save_job")]
pub async fn save_job(
    id: JobPostingId,
    #[server(flatten)] form: SaveJobForm,
) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    let note = form.parse().map_err(ssr::invalid)?;
    jobs.save(owner, id, note).await.map_err(ssr::error)?;
    ssr::back_to_page(&careerhub_domain::paths::job(id));
    Ok(())
}

/// Unsaves a posting; a plain form goes back to the saved list when sent from it
/// (`from=saved`), else to the posting.
#[server(prefix = "/api", endpoint = "unsave_job")]
pub async fn unsave_job(id: JobPostingId, from: Option<String>) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    jobs.unsave(owner, id).await.map_err(ssr::error)?;
    if from.as_deref() == Some("saved") {
        ssr::back_to_page(careerhub_domain::paths::SAVED_JOBS);
    } else {
        ssr::back_to_page(&careerhub_domain::paths::job(id));
    }
    Ok(())
}

/// "Track this job": opens the person's application for it, made on the wishlist if new.
#[server(prefix = "/api", endpoint = "track_job")]
pub async fn track_job(id: JobPostingId) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    let application = jobs.track(owner, id).await.map_err(ssr::error)?;
    leptos_axum::redirect(&careerhub_domain::paths::application(application));
    Ok(())
}

/// "Add to my learning plan": opens the planned activity for a skill a posting asks for.
#[server(prefix = "/api", endpoint = "plan_learning")]
pub async fn plan_learning(skill: String) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    let activity = jobs.plan_learning(owner, skill).await.map_err(ssr::error)?;
    leptos_axum::redirect(&careerhub_domain::paths::activity(activity));
    Ok(())
}

/// "Save this search": keeps the search by name with its alert. A plain form goes on to the
/// saved searches; a script client stays on its results.
#[server(prefix = "/api", endpoint = "save_search")]
pub async fn save_search(#[server(flatten)] form: SaveSearchForm) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    let new = form.parse().map_err(ssr::invalid)?;
    jobs.save_search(owner, new).await.map_err(ssr::error)?;
    ssr::back_to_page(careerhub_domain::paths::SAVED_SEARCHES);
    Ok(())
}

#[server(prefix = "/api", endpoint = "saved_searches", output = PageDataEncoding)]
pub async fn saved_searches() -> Result<Vec<SavedSearch>, FormError> {
    let (jobs, owner) = ssr::context()?;
    jobs.saved_searches(owner).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "set_alert_frequency")]
pub async fn set_alert_frequency(
    id: SavedSearchId,
    #[server(flatten)] form: AlertFrequencyForm,
) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    let frequency = form.parse().map_err(ssr::invalid)?;
    jobs.set_alert_frequency(owner, id, frequency)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(careerhub_domain::paths::SAVED_SEARCHES);
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_saved_search")]
pub async fn delete_saved_search(id: SavedSearchId) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    jobs.delete_saved_search(owner, id)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(careerhub_domain::paths::SAVED_SEARCHES);
    Ok(())
}

/// "Add a posting": one the person typed in, private to them; opens its page.
#[server(prefix = "/api", endpoint = "add_own_posting")]
pub async fn add_own_posting(#[server(flatten)] form: OwnPostingForm) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    let posting = form.parse().map_err(ssr::invalid)?;
    let id = jobs.add_own(owner, posting).await.map_err(ssr::error)?;
    leptos_axum::redirect(&careerhub_domain::paths::job(id));
    Ok(())
}

/// "Paste a link": the posting read from the page's schema.org data, private to the person;
/// opens its page. What went wrong (an address Careerhub may not reach, a page without job
/// data) is said on the field.
#[server(prefix = "/api", endpoint = "add_posting_from_link")]
pub async fn add_posting_from_link(
    #[server(flatten)] form: PostingLinkForm,
) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    let address = form.parse().map_err(ssr::invalid)?;
    let id = jobs
        .add_from_link(owner, address)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&careerhub_domain::paths::job(id));
    Ok(())
}

/// Deletes a posting the person added; feed postings are nobody's to delete.
#[server(prefix = "/api", endpoint = "delete_own_posting")]
pub async fn delete_own_posting(id: JobPostingId) -> Result<(), FormError> {
    let (jobs, owner) = ssr::context()?;
    jobs.delete_own(owner, id).await.map_err(ssr::error)?;
    leptos_axum::redirect(careerhub_domain::paths::JOBS);
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use careerhub_core::jobs::Jobs;
    use careerhub_domain::FormError;
    use careerhub_domain::ids::UserId;

    pub use crate::request::form_error as error;
    use crate::request::require_user;
    pub use crate::request::{back_to_page, invalid};

    /// The jobs service and the signed-in user's id; 401 when signed out.
    pub fn context() -> Result<(Jobs, UserId), FormError> {
        let user = require_user()?;
        Ok((crate::request::services()?.jobs, user.id))
    }
}
