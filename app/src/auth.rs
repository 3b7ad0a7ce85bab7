//! Account server functions. Thin: parse nothing, decide nothing; call careerhub-core and turn its
//! answer into a redirect or a `FormError` the form can show.

use careerhub_domain::FormError;
use careerhub_domain::accounts::{CurrentUser, SessionSummary};
use careerhub_domain::ids::SessionId;
use leptos::prelude::*;

/// The signed-in user of this request, or None.
#[server(prefix = "/api", endpoint = "me")]
pub async fn me() -> Result<Option<CurrentUser>, FormError> {
    Ok(ssr::current_user())
}

#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
    #[server(default)] invite: Option<String>,
) -> Result<(), FormError> {
    let form = careerhub_core::accounts::SignUpForm {
        email,
        display_name,
        password,
        invite,
    };
    let signed_in = ssr::accounts()?
        .sign_up(form, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    ssr::start_session(&signed_in.session_key).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), FormError> {
    let signed_in = ssr::accounts()?
        .sign_in(&email, &password, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    ssr::start_session(&signed_in.session_key).await?;
    leptos_axum::redirect(careerhub_domain::local_path(next.as_deref().unwrap_or("/")));
    Ok(())
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), FormError> {
    if let Some(user) = ssr::current_user() {
        let key = ssr::session_key().await;
        if let Some(key) = key {
            ssr::accounts()?
                .sign_out(key, user.id, ssr::request_meta())
                .await
                .map_err(ssr::form_error)?;
        }
    }
    ssr::end_session().await;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<(), FormError> {
    ssr::accounts()?
        .verify_email(&token, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    leptos_axum::redirect("/?verified=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), FormError> {
    let user = ssr::require_user()?;
    ssr::accounts()?
        .resend_verification(&user)
        .await
        .map_err(ssr::form_error)
}

#[server(prefix = "/api", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), FormError> {
    ssr::accounts()?
        .request_password_reset(&email, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), FormError> {
    ssr::accounts()?
        .reset_password(&token, &password, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    // No automatic sign-in after a reset: the user proves the new password once.
    ssr::end_session().await;
    leptos_axum::redirect("/signin?reset=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), FormError> {
    let user = ssr::require_user()?;
    let key = ssr::accounts()?
        .change_password(&user, &current_password, &new_password, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    ssr::start_session(&key).await?;
    leptos_axum::redirect("/settings/security?password=changed");
    Ok(())
}

#[server(prefix = "/api", endpoint = "change_email")]
pub async fn change_email(password: String, new_email: String) -> Result<(), FormError> {
    let user = ssr::require_user()?;
    ssr::accounts()?
        .request_email_change(&user, &password, &new_email, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    leptos_axum::redirect("/settings/security?email=pending");
    Ok(())
}

#[server(prefix = "/api", endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), FormError> {
    ssr::accounts()?
        .confirm_email_change(&token, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    leptos_axum::redirect("/?email_changed=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), FormError> {
    let user = ssr::require_user()?;
    ssr::accounts()?
        .request_deletion(&user, &password, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    ssr::end_session().await;
    leptos_axum::redirect("/?deleted=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "list_sessions")]
pub async fn list_sessions() -> Result<Vec<SessionSummary>, FormError> {
    let user = ssr::require_user()?;
    ssr::accounts()?
        .list_sessions(&user)
        .await
        .map_err(ssr::form_error)
}

#[server(prefix = "/api", endpoint = "revoke_session")]
pub async fn revoke_session(session_id: SessionId) -> Result<(), FormError> {
    let user = ssr::require_user()?;
    let revoked = ssr::accounts()?
        .revoke_session(&user, session_id, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    if !revoked {
        return Err(ssr::not_found("That session does not exist any more."));
    }
    leptos_axum::redirect("/settings/security");
    Ok(())
}

#[server(prefix = "/api", endpoint = "revoke_other_sessions")]
pub async fn revoke_other_sessions() -> Result<(), FormError> {
    let user = ssr::require_user()?;
    ssr::accounts()?
        .revoke_other_sessions(&user, ssr::request_meta())
        .await
        .map_err(ssr::form_error)?;
    leptos_axum::redirect("/settings/security");
    Ok(())
}

/// Server-only helpers of the functions above.
#[cfg(feature = "ssr")]
pub mod ssr {
    use axum::extract::ConnectInfo;
    use careerhub_core::accounts::Accounts;
    use careerhub_core::audit::RequestMeta;
    use careerhub_core::service::Error;
    use careerhub_domain::FormError;
    use careerhub_domain::accounts::CurrentUser;
    use http::request::Parts;
    use leptos::prelude::*;
    use std::net::SocketAddr;
    use tower_sessions::Session;

    use careerhub_core::sessions::SESSION_KEY;

    pub fn accounts() -> Result<Accounts, FormError> {
        use_context::<Accounts>().ok_or_else(|| {
            tracing::error!("Accounts missing from the server function context");
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
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip().to_string())
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

    /// A new session id (a cookie set before sign-in is never kept) holding `key`.
    pub async fn start_session(key: &str) -> Result<(), FormError> {
        let session = session().await?;
        let stored = async {
            session.cycle_id().await?;
            session.insert(SESSION_KEY, key).await
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
}
