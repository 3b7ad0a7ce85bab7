//! Resolves the signed-in user of every request: the session store holds a key; the user is known
//! only while our session index (PostgreSQL) accepts that key. Any failure on the way means
//! anonymous, never signed in.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use careerhub_core::accounts::Accounts;
use careerhub_core::sessions::SESSION_KEY;
use http::{HeaderValue, header};
use tower_sessions::Session;

pub async fn resolve_user(
    State(accounts): State<Accounts>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let key = match session.get::<String>(SESSION_KEY).await {
        Ok(key) => key,
        Err(err) => {
            tracing::warn!(%err, "session store unavailable: treating the request as anonymous");
            None
        }
    };
    let mut signed_in = false;
    if let Some(key) = key {
        match accounts.current_user(key).await {
            Ok(Some(user)) => {
                request.extensions_mut().insert(user);
                signed_in = true;
            }
            // Revoked, expired or disabled: forget the session entirely.
            Ok(None) => {
                if let Err(err) = session.flush().await {
                    tracing::warn!(%err, "cannot delete an ended session");
                }
            }
            Err(err) => {
                tracing::warn!(%err, "cannot check the session: treating the request as anonymous")
            }
        }
    }
    let mut response = next.run(request).await;
    if signed_in {
        // Pages with personal data must not be kept by browsers or proxies.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
