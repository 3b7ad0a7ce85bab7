//! What every server function reads from its request and how it answers: the signed-in user,
//! the client's address, the session (sign-in, one-time values), the status code, and the one
//! mapping of a core error to what a form shows. Server-only.

use careerhub_core::audit::RequestMeta;
use careerhub_core::net::ClientAddress;
use careerhub_core::service::Error;
use careerhub_core::services::Services;
use careerhub_domain::FormError;
use careerhub_domain::accounts::CurrentUser;
use http::request::Parts;
use leptos::prelude::*;
use tower_sessions::Session;

use careerhub_core::accounts::sessions::{SEEN_AT_KEY, SESSION_KEY, seen_now};

/// Every area's facade, which the server hands to each server function.
pub fn services() -> Result<Services, FormError> {
    use_context::<Services>().ok_or_else(|| {
        tracing::error!("the services are missing from the server function context");
        FormError::internal()
    })
}

/// Set by the server's session middleware on every request.
pub fn current_user() -> Option<CurrentUser> {
    use_context::<Parts>().and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}

pub fn require_user() -> Result<CurrentUser, FormError> {
    current_user().ok_or_else(|| {
        set_status(401);
        FormError::message("Please sign in again: your session has ended.")
    })
}

pub fn request_meta() -> RequestMeta {
    let parts = use_context::<Parts>();
    let ip = parts.as_ref().and_then(|parts| {
        parts
            .extensions
            .get::<ClientAddress>()
            .map(|client| client.0.to_string())
    });
    let agent = parts.as_ref().and_then(|parts| {
        parts
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    });
    RequestMeta::new(ip, agent)
}

async fn session() -> Result<Session, FormError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(%err, "no session layer");
        FormError::internal()
    })
}

pub async fn session_key() -> Option<String> {
    session()
        .await
        .ok()?
        .get::<String>(SESSION_KEY)
        .await
        .ok()
        .flatten()
}

/// Keeps `value` in this browser's session until `take_flash` reads it (a secret shown once,
/// also to a plain form that is redirected to the page showing it).
pub async fn put_flash(name: &str, value: &str) -> Result<(), FormError> {
    let session = session().await?;
    session.insert(name, value).await.map_err(|err| {
        tracing::error!(%err, "cannot write the session");
        unavailable()
    })
}

/// The value `put_flash` kept under `name`, removed from the session as it is read.
pub async fn take_flash(name: &str) -> Option<String> {
    let session = session().await.ok()?;
    let value = session.remove::<String>(name).await.ok().flatten()?;
    // Saved now, not when the response ends: a streamed page must not show it twice.
    if let Err(err) = session.save().await {
        tracing::warn!(%err, "cannot save the session");
    }
    Some(value)
}

/// The value kept under `name` in this browser's session, left there (a pending import).
pub async fn session_value(name: &str) -> Option<String> {
    session()
        .await
        .ok()?
        .get::<String>(name)
        .await
        .ok()
        .flatten()
}

/// A new session id (a cookie set before sign-in is never kept) holding `key`.
pub async fn start_session(key: &str) -> Result<(), FormError> {
    let session = session().await?;
    let stored = async {
        session.cycle_id().await?;
        session.insert(SESSION_KEY, key).await?;
        session.insert(SEEN_AT_KEY, seen_now()).await
    };
    stored.await.map_err(|err| {
        tracing::error!(%err, "cannot write the session");
        set_status(503);
        FormError::message("Signing in is not possible right now. Please try again shortly.")
    })
}

/// Deletes the session record from the store and clears the cookie.
pub async fn end_session() {
    if let Ok(session) = session().await
        && let Err(err) = session.flush().await
    {
        tracing::warn!(%err, "cannot delete the session record");
    }
}

pub fn set_status(code: u16) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(code)
    {
        response.set_status(status);
    }
}

/// Someone else's id, or one that is gone: 404 for script clients, the message on the form.
pub fn not_found(message: &str) -> FormError {
    if !accepts_html() {
        set_status(404);
    }
    FormError::gone(message)
}

pub fn accepts_html() -> bool {
    use_context::<Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|value| value.to_str().ok())
                .map(|accept| accept.contains("text/html"))
        })
        .unwrap_or(false)
}

/// A form that did not parse: 422 for script clients, back to the form for plain ones.
pub fn invalid(form: FormError) -> FormError {
    form_error(Error::Form(form))
}

/// Destructive actions need the confirmation box ticked.
pub fn confirmed(confirm: Option<&str>) -> Result<(), FormError> {
    if confirm.is_some_and(|value| !value.is_empty()) {
        Ok(())
    } else {
        Err(invalid(FormError::field(
            "confirm",
            "Tick the box to confirm the deletion.",
        )))
    }
}

/// After a change made in place: a plain form goes (back) to `path`; a script client stays
/// where it is and refreshes what it shows.
pub fn back_to_page(path: &str) {
    if accepts_html() {
        leptos_axum::redirect(path);
    } else {
        set_status(200);
    }
}

const UNAVAILABLE: &str = "This is temporarily unavailable. Please try again in a minute.";

/// A dependency is out of reach: 503 for script clients, the message on the form.
fn unavailable() -> FormError {
    form_error(Error::Unavailable)
}

/// Maps a service error to what the form shows. A plain form (no JavaScript) is redirected back
/// to the page with the error, so it keeps the redirect; script clients get the error's status
/// (`Error::status`).
pub fn form_error(error: Error) -> FormError {
    if !accepts_html() {
        set_status(error.status());
    }
    match error {
        Error::Form(form) => form,
        Error::RateLimited(seconds) => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
                && let Ok(value) = http::HeaderValue::from_str(&seconds.to_string())
            {
                response.insert_header(http::header::RETRY_AFTER, value);
            }
            FormError::too_many_requests(seconds)
        }
        Error::NotFound => FormError::gone("That no longer exists, or it is not yours."),
        Error::Unavailable => FormError::message(UNAVAILABLE),
        internal @ Error::Internal { .. } => {
            tracing::error!(error = internal.chain(), "operation failed");
            FormError::internal()
        }
    }
}
