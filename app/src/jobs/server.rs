//! Jobs server functions. Thin: read the search leniently, call careerhub-core with the
//! signed-in user's id.

use careerhub_domain::FormError;
use careerhub_domain::ids::JobPostingId;
use careerhub_domain::jobs::{JobResults, JobSearch, PostingDetail};
use leptos::prelude::*;

/// A page of postings. The search is read again as if from an address, so what a script sends
/// gets the same limits as a typed URL.
#[server(prefix = "/api", endpoint = "search_jobs")]
pub async fn search_jobs(search: JobSearch) -> Result<JobResults, FormError> {
    let (jobs, viewer) = ssr::context()?;
    jobs.search(viewer, search.cleaned())
        .await
        .map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "job_posting")]
pub async fn job_posting(id: JobPostingId) -> Result<PostingDetail, FormError> {
    let (jobs, viewer) = ssr::context()?;
    jobs.posting(viewer, id).await.map_err(ssr::error)
}

#[cfg(feature = "ssr")]
mod ssr {
    use careerhub_core::jobs::Jobs;
    use careerhub_domain::FormError;
    use careerhub_domain::ids::UserId;

    pub use crate::request::form_error as error;
    use crate::request::require_user;

    /// The jobs service and the signed-in user's id; 401 when signed out.
    pub fn context() -> Result<(Jobs, UserId), FormError> {
        let user = require_user()?;
        Ok((crate::request::services()?.jobs, user.id))
    }
}
