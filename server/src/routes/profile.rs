//! The profile's plain HTTP endpoint: the import upload. A file cannot travel through a server
//! function, so the form posts here; the file is read into forms and kept in the session until
//! the person confirms the preview on /profile/import.

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use careerhub_app::profile::server::import_session;
use careerhub_core::service::Error;
use careerhub_domain::accounts::CurrentUser;
use careerhub_domain::paths;
use http::StatusCode;
use tower_sessions::Session;

use crate::state::AppState;

/// The uploaded file's name and bytes, or the message for the file field.
async fn uploaded(mut form: Multipart) -> Result<(String, Vec<u8>), String> {
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                return match field.bytes().await {
                    Ok(bytes) => Ok((name, bytes.to_vec())),
                    Err(_) => Err("The file could not be received. Is it larger than 2 MB?".into()),
                };
            }
            Ok(Some(_)) => continue,
            Ok(None) => return Err("Choose a file to import.".into()),
            Err(_) => return Err("The file could not be received. Is it larger than 2 MB?".into()),
        }
    }
}

/// POST /profile/import/upload: reads the file; back to the import page with its preview or with what
/// is wrong with the file.
pub async fn upload_import(
    State(state): State<AppState>,
    user: Option<axum::Extension<CurrentUser>>,
    session: Session,
    form: Multipart,
) -> Response {
    let Some(owner) = user.map(|user| user.id) else {
        return Redirect::to(&format!("/signin?next={}", paths::PROFILE_IMPORT)).into_response();
    };
    let read = match uploaded(form).await {
        Ok((name, bytes)) => state.services.profiles.read_import(name, bytes).await,
        Err(message) => Err(Error::Form(careerhub_domain::FormError::field(
            "file", message,
        ))),
    };
    let stored = match read {
        Ok(imported) => match serde_json::to_string(&imported) {
            Ok(text) => session.insert(import_session::PENDING, text).await,
            Err(err) => {
                tracing::error!(%err, "cannot keep an import in the session");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.",
                )
                    .into_response();
            }
        },
        Err(Error::Form(refusal)) => {
            let message = refusal
                .field_error("file")
                .map(str::to_owned)
                .or(refusal.message)
                .unwrap_or_else(|| "This file cannot be imported.".into());
            let _ = session.remove::<String>(import_session::PENDING).await;
            session.insert(import_session::REFUSED, message).await
        }
        Err(other) => {
            tracing::error!(error = other.chain(), user_id = %owner, "import failed");
            let status =
                StatusCode::from_u16(other.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (
                status,
                "The import is not possible right now. Please try again.",
            )
                .into_response();
        }
    };
    if let Err(err) = stored {
        tracing::error!(%err, "cannot write the session");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The import is not possible right now. Please try again.",
        )
            .into_response();
    }
    Redirect::to(paths::PROFILE_IMPORT).into_response()
}
