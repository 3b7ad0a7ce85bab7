//! GET /export/cv/{id}.{pdf,docx,md,txt,json}: a CV version as a file, for its owner.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use careerhub_core::ratelimit::Limit;
use careerhub_domain::accounts::CurrentUser;
use careerhub_domain::paths;
use http::StatusCode;

use super::tracker::{attachment, failure, sign_in_first, too_many};
use crate::state::AppState;

/// Downloads per user and 10 minutes: far more than anyone editing a CV clicks, a wall for a
/// script making the server typeset in a loop (a repeat of the same content is served from the
/// render cache and still counts).
pub const CV_DOWNLOADS_PER_USER: Limit = Limit::per_minutes("cv_download", 200, 10);

pub async fn download(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let Some(owner) = user.map(|user| user.id) else {
        return sign_in_first(paths::CVS);
    };
    if let Err(limited) = state
        .limiter
        .hit(CV_DOWNLOADS_PER_USER, &owner.to_string())
        .await
    {
        return too_many(limited);
    }
    let Some((id, format)) = paths::parse_cv_download(&file) else {
        return (StatusCode::NOT_FOUND, "No such file.").into_response();
    };
    match state.services.cvs.file(owner, id, format).await {
        Ok(file) => attachment(file.content_type, &file.file_name, file.bytes),
        Err(error) => failure(error),
    }
}
