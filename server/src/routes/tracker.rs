//! Plain HTTP endpoints of the tracker: exports for the signed-in user (CSV, JSON, vCard) and the
//! private calendar feed, which calendar apps fetch without a session.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use careerhub_core::ratelimit::{Limit, Limited};
use careerhub_core::service::Error;
use careerhub_core::tracker::export::{self, CsvKind};
use careerhub_core::tracker::{calendar, contacts, notifications, time, vcard};
use careerhub_domain::accounts::CurrentUser;
use http::{HeaderValue, StatusCode, header};
use uuid::Uuid;

use crate::state::AppState;

/// A file to download, or the reason there is none.
fn attachment(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn failure(error: Error) -> Response {
    match error {
        Error::NotFound => (StatusCode::NOT_FOUND, "Not found.").into_response(),
        Error::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Temporarily unavailable. Please try again.",
        )
            .into_response(),
        other => {
            tracing::error!(error = %other, "export failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side.",
            )
                .into_response()
        }
    }
}

/// Exports need a session; a signed-out browser is sent to sign in and come back.
fn sign_in_first(path: &str) -> Response {
    Redirect::to(&format!("/signin?next={path}")).into_response()
}

/// Exports per user and hour: generous for people, a wall for a script pulling data in a loop.
pub const EXPORTS_PER_USER: Limit = Limit::per_minutes("export_user", 20, 60);

fn too_many(limited: Limited) -> Response {
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

/// GET /export/{file}: applications.csv, contacts.csv, learning.csv, contacts.vcf, tracker.json,
/// and my-data.zip (everything held about the user, the same export as `gdpr export`).
pub async fn export_file(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let Some(owner) = user.map(|user| user.id) else {
        return sign_in_first("/settings/notifications");
    };
    if let Err(limited) = state
        .limiter
        .hit(EXPORTS_PER_USER, &owner.to_string())
        .await
    {
        return too_many(limited);
    }
    let tracker = state.tracker.clone();
    let result = match file.as_str() {
        "tracker.json" => tracker
            .run(move |conn| {
                let tz = time::zone_of(conn, owner)?;
                export::json(conn, owner, tz)
            })
            .await
            .map(|body| attachment("application/json", "careerhub-tracker.json", body)),
        "my-data.zip" => tracker
            .run(move |conn| careerhub_core::gdpr::export(conn, owner))
            .await
            .map(|body| attachment("application/zip", "careerhub-my-data.zip", body)),
        "contacts.vcf" => tracker
            .run(move |conn| contacts::list(conn, owner))
            .await
            .map(|list| {
                attachment(
                    "text/vcard; charset=utf-8",
                    "contacts.vcf",
                    vcard::cards(&list).into_bytes(),
                )
            }),
        other => {
            let Some(kind) = other.strip_suffix(".csv").and_then(CsvKind::parse) else {
                return (StatusCode::NOT_FOUND, "No such export.").into_response();
            };
            tracker
                .run(move |conn| export::csv(conn, owner, kind))
                .await
                .map(|body| attachment("text/csv; charset=utf-8", other, body))
        }
    };
    result.unwrap_or_else(failure)
}

/// GET /export/contacts/{id}.vcf: one contact's card.
pub async fn export_contact(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    Path(file): Path<String>,
) -> Response {
    let Some(owner) = user.map(|user| user.id) else {
        return sign_in_first("/contacts");
    };
    if let Err(limited) = state
        .limiter
        .hit(EXPORTS_PER_USER, &owner.to_string())
        .await
    {
        return too_many(limited);
    }
    let Some(id) = file
        .strip_suffix(".vcf")
        .and_then(|id| Uuid::parse_str(id).ok())
    else {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    };
    state
        .tracker
        .run(move |conn| contacts::data(conn, owner, id))
        .await
        .map(|contact| {
            let filename = format!(
                "{}.vcf",
                contact
                    .full_name
                    .replace(|c: char| !c.is_alphanumeric(), "-")
            );
            attachment(
                "text/vcard; charset=utf-8",
                &filename,
                vcard::cards(&[contact]).into_bytes(),
            )
        })
        .unwrap_or_else(failure)
}

/// GET /calendar/{token}.ics: the feed, for whoever holds the private address.
pub async fn calendar_feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or_default().to_owned();
    let public_url = state.tracker.public_url().to_owned();
    let feed = state
        .tracker
        .run(
            move |conn| match notifications::calendar_owner(conn, &token)? {
                Some(owner) => {
                    calendar::feed(conn, owner, &public_url, chrono::Utc::now()).map(Some)
                }
                None => Ok(None),
            },
        )
        .await;
    match feed {
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
