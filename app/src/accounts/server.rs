//! Account server functions. Thin: parse nothing, decide nothing; call careerhub-core and turn its
//! answer into a redirect or a `FormError` the form can show.

use crate::data::PageDataEncoding;
use careerhub_domain::FormError;
use careerhub_domain::accounts::{CurrentUser, SessionSummary};
use careerhub_domain::ids::SessionId;
#[cfg(feature = "ssr")]
use careerhub_domain::paths;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::request;

/// The signed-in user of this request, or None.
#[server(prefix = "/api", endpoint = "me", output = PageDataEncoding)]
pub async fn me() -> Result<Option<CurrentUser>, FormError> {
    Ok(request::current_user())
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
        .sign_up(form, request::request_meta())
        .await
        .map_err(request::form_error)?;
    request::start_session(&signed_in.session_key).await?;
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
        .sign_in(&email, &password, request::request_meta())
        .await
        .map_err(request::form_error)?;
    request::start_session(&signed_in.session_key).await?;
    leptos_axum::redirect(careerhub_domain::local_path(next.as_deref().unwrap_or("/")));
    Ok(())
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), FormError> {
    if let Some(user) = request::current_user() {
        let key = request::session_key().await;
        if let Some(key) = key {
            ssr::accounts()?
                .sign_out(key, user.id, request::request_meta())
                .await
                .map_err(request::form_error)?;
        }
    }
    request::end_session().await;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<(), FormError> {
    ssr::accounts()?
        .verify_email(&token, request::request_meta())
        .await
        .map_err(request::form_error)?;
    leptos_axum::redirect("/?verified=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), FormError> {
    let user = request::require_user()?;
    ssr::accounts()?
        .resend_verification(&user)
        .await
        .map_err(request::form_error)
}

#[server(prefix = "/api", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), FormError> {
    ssr::accounts()?
        .request_password_reset(&email, request::request_meta())
        .await
        .map_err(request::form_error)?;
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), FormError> {
    ssr::accounts()?
        .reset_password(&token, &password, request::request_meta())
        .await
        .map_err(request::form_error)?;
    // No automatic sign-in after a reset: the user proves the new password once.
    request::end_session().await;
    leptos_axum::redirect("/signin?reset=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), FormError> {
    let user = request::require_user()?;
    let key = ssr::accounts()?
        .change_password(
            &user,
            &current_password,
            &new_password,
            request::request_meta(),
        )
        .await
        .map_err(request::form_error)?;
    request::start_session(&key).await?;
    leptos_axum::redirect(&format!("{}?password=changed", paths::SECURITY_SETTINGS));
    Ok(())
}

#[server(prefix = "/api", endpoint = "change_email")]
pub async fn change_email(password: String, new_email: String) -> Result<(), FormError> {
    let user = request::require_user()?;
    ssr::accounts()?
        .request_email_change(&user, &password, &new_email, request::request_meta())
        .await
        .map_err(request::form_error)?;
    leptos_axum::redirect(&format!("{}?email=pending", paths::SECURITY_SETTINGS));
    Ok(())
}

#[server(prefix = "/api", endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), FormError> {
    ssr::accounts()?
        .confirm_email_change(&token, request::request_meta())
        .await
        .map_err(request::form_error)?;
    leptos_axum::redirect("/?email_changed=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), FormError> {
    let user = request::require_user()?;
    ssr::accounts()?
        .request_deletion(&user, &password, request::request_meta())
        .await
        .map_err(request::form_error)?;
    request::end_session().await;
    leptos_axum::redirect("/?deleted=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "list_sessions", output = PageDataEncoding)]
pub async fn list_sessions() -> Result<Vec<SessionSummary>, FormError> {
    let user = request::require_user()?;
    ssr::accounts()?
        .list_sessions(&user)
        .await
        .map_err(request::form_error)
}

#[server(prefix = "/api", endpoint = "revoke_session")]
pub async fn revoke_session(session_id: SessionId) -> Result<(), FormError> {
    let user = request::require_user()?;
    let revoked = ssr::accounts()?
        .revoke_session(&user, session_id, request::request_meta())
        .await
        .map_err(request::form_error)?;
    if !revoked {
        return Err(request::not_found("That session does not exist any more."));
    }
    leptos_axum::redirect(paths::SECURITY_SETTINGS);
    Ok(())
}

#[server(prefix = "/api", endpoint = "revoke_other_sessions")]
pub async fn revoke_other_sessions() -> Result<(), FormError> {
    let user = request::require_user()?;
    ssr::accounts()?
        .revoke_other_sessions(&user, request::request_meta())
        .await
        .map_err(request::form_error)?;
    leptos_axum::redirect(paths::SECURITY_SETTINGS);
    Ok(())
}

/// Server-only helpers of the functions above.
#[cfg(feature = "ssr")]
pub mod ssr {
    use careerhub_core::accounts::Accounts;
    use careerhub_domain::FormError;

    pub fn accounts() -> Result<Accounts, FormError> {
        Ok(crate::request::services()?.accounts)
    }
}
