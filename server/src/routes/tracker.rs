//! Plain HTTP endpoints of the tracker: exports for the signed-in user (CSV, JSON, vCard) and the
//! private calendar feed, which calendar apps fetch without a session.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use careerhub_core::ratelimit::{Limit, Limited};
use careerhub_core::service::Error;
use careerhub_core::tracker::{Download, ExportFile};
use careerhub_domain::accounts::CurrentUser;
use careerhub_domain::paths;
use http::{HeaderValue, StatusCode, header};

use crate::state::AppState;

/// A file to download, or the reason there is none.
pub(super) fn attachment(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A download that failed, with the status the error decides (`Error::status`).
pub(super) fn failure(error: Error) -> Response {
    let message = match &error {
        Error::NotFound => "Not found.",
        Error::Unavailable => "Temporarily unavailable. Please try again.",
        Error::Form(_) | Error::RateLimited(_) | Error::Internal { .. } => {
            tracing::error!(error = error.chain(), "export failed");
            "Something went wrong on our side."
        }
    };
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, message).into_response()
}

/// Exports need a session; a signed-out browser is sent to sign in and come back.
fn sign_in_first(path: &str) -> Response {
    Redirect::to(&format!("/signin?next={path}")).into_response()
}

/// Exports per user and hour: generous for people, a wall for a script pulling data in a loop.
pub const EXPORTS_PER_USER: Limit = Limit::per_minutes("export_user", 20, 60);

pub(super) fn too_many(limited: Limited) -> Response {
    match limited {
        Limited::RetryAfter(seconds) => {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many downloads. Please try again later.",
            )
                .into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Limited::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Temporarily unavailable. Please try again.",
        )
            .into_response(),
    }
}

/// What a download is: one of the tracker's files, or everything held about the user.
enum Export {
    Tracker(ExportFile),
    MyData,
    /// The profile as a JSON Resume file.
    Profile,
}

/// GET /export/{file}: applications.csv, contacts.csv, learning.csv, contacts.vcf, tracker.json,
/// profile.json (the profile as JSON Resume)
/// and my-data.zip (everything held about the user, the same export as `gdpr export`).
pub async fn export_file(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let export = match file.as_str() {
        "my-data.zip" => Some(Export::MyData),
        "profile.json" => Some(Export::Profile),
        other => ExportFile::parse(other).map(Export::Tracker),
    };
    download(state, user, export, paths::NOTIFICATION_SETTINGS).await
}

/// GET /export/contacts/{id}.vcf: one contact's card.
pub async fn export_contact(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let export = ExportFile::parse_contact(&file).map(Export::Tracker);
    download(state, user, export, paths::CONTACTS).await
}

/// The downloading user, within `limit` downloads: signed out, an answer that sends them to sign
/// in and come back to `back`; over the limit, a 429 with Retry-After.
pub(super) async fn signed_in_within(
    state: &AppState,
    user: Option<axum::Extension<CurrentUser>>,
    limit: Limit,
    back: &str,
) -> Result<careerhub_domain::ids::UserId, Response> {
    let Some(owner) = user.map(|user| user.id) else {
        return Err(sign_in_first(back));
    };
    state
        .limiter
        .hit(limit, &owner.to_string())
        .await
        .map_err(too_many)?;
    Ok(owner)
}

/// A download for the signed-in user, rate-limited per account; signed out, sign in first and
/// come back to `back`.
async fn download(
    state: AppState,
    user: Option<axum::Extension<CurrentUser>>,
    file: Option<Export>,
    back: &str,
) -> Response {
    let owner = match signed_in_within(&state, user, EXPORTS_PER_USER, back).await {
        Ok(owner) => owner,
        Err(refused) => return refused,
    };
    let Some(file) = file else {
        return (StatusCode::NOT_FOUND, "No such export.").into_response();
    };
    let made = match file {
        Export::Tracker(file) => state.services.tracker.export(owner, file).await,
        Export::Profile => state
            .services
            .profiles
            .json_resume(owner)
            .await
            .map(|body| Download {
                content_type: "application/json",
                filename: "profile.json".to_owned(),
                body,
            }),
        Export::MyData => careerhub_core::ops::gdpr::my_data(&state.db, owner)
            .await
            .map(|body| Download {
                content_type: "application/zip",
                filename: "careerhub-my-data.zip".to_owned(),
                body,
            }),
    };
    match made {
        Ok(made) => attachment(made.content_type, &made.filename, made.body),
        Err(error) => failure(error),
    }
}

/// GET /calendar/{token}.ics: the feed, for whoever holds the private address.
pub async fn calendar_feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or_default().to_owned();
    match state.services.tracker.calendar_feed(token).await {
        Ok(Some(body)) => {
            let mut response = (StatusCode::OK, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            );
            headers.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            response
        }
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "This calendar address is not valid any more.",
        )
            .into_response(),
        Err(error) => failure(error),
    }
}
