//! Documents as files, for their owner: GET /export/cv/{id}.{pdf,docx,md,txt,json} (a CV
//! version), /export/letters/{id}.{pdf,docx,txt} (a cover letter) and /export/sent/{id}.{pdf,docx}
//! (the copy an application went out with).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use careerhub_core::ratelimit::Limit;
use careerhub_domain::accounts::CurrentUser;
use careerhub_domain::paths;
use http::StatusCode;

use super::tracker::{attachment, failure, signed_in_within, too_many};
use crate::state::AppState;

/// Downloads per user and 10 minutes: far more than anyone editing a CV clicks, a wall for a
/// script making the server typeset in a loop (a repeat of the same content is served from the
/// render cache and still counts).
pub const CV_DOWNLOADS_PER_USER: Limit = Limit::per_minutes("cv_download", 200, 10);

/// Which document a download names.
enum Wanted {
    Cv(careerhub_domain::ids::CvVersionId),
    Letter(careerhub_domain::ids::LetterId),
    Sent(careerhub_domain::ids::SentDocumentId),
}

pub async fn cv(
    state: State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let wanted = paths::parse_download(&file).map(|(id, format)| (Wanted::Cv(id), format));
    download(state, user, wanted, paths::CVS).await
}

pub async fn letter(
    state: State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let wanted = paths::parse_download(&file).map(|(id, format)| (Wanted::Letter(id), format));
    download(state, user, wanted, paths::LETTERS).await
}

pub async fn sent(
    state: State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let wanted = paths::parse_download(&file).map(|(id, format)| (Wanted::Sent(id), format));
    download(state, user, wanted, paths::APPLICATIONS).await
}

async fn download(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    wanted: Option<(Wanted, careerhub_domain::cv::CvFormat)>,
    back: &str,
) -> Response {
    // A CV's cached file is read while the download is counted, not after: the two round trips
    // overlap. Nothing is rendered before the count allowed it.
    if let (Some(user), Some((Wanted::Cv(id), format))) = (&user, &wanted) {
        let subject = user.id.to_string();
        let (counted, cached) = tokio::join!(
            state.limiter.hit(CV_DOWNLOADS_PER_USER, &subject),
            state.services.cvs.cached_file(user.id, *id, *format)
        );
        if let Err(limited) = counted {
            return too_many(limited);
        }
        if let Ok(Some(file)) = cached {
            return attachment(file.content_type, &file.file_name, file.bytes);
        }
        return file_for(&state, user.id, Wanted::Cv(*id), *format).await;
    }
    let owner = match signed_in_within(&state, user, CV_DOWNLOADS_PER_USER, back).await {
        Ok(owner) => owner,
        Err(refused) => return refused,
    };
    let Some((wanted, format)) = wanted else {
        return (StatusCode::NOT_FOUND, "No such file.").into_response();
    };
    file_for(&state, owner, wanted, format).await
}

async fn file_for(
    state: &AppState,
    owner: careerhub_domain::ids::UserId,
    wanted: Wanted,
    format: careerhub_domain::cv::CvFormat,
) -> Response {
    let cvs = &state.services.cvs;
    let file = match wanted {
        Wanted::Cv(id) => cvs.file(owner, id, format).await,
        Wanted::Letter(id) => cvs.letter_file(owner, id, format).await,
        Wanted::Sent(id) => cvs.sent_file(owner, id, format).await,
    };
    match file {
        Ok(file) => attachment(file.content_type, &file.file_name, file.bytes),
        Err(error) => failure(error),
    }
}
