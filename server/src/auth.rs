//! Resolves the signed-in user of every request: the session store holds a key; the user is known
//! only while our session index (PostgreSQL) accepts that key. A failure on the way is never
//! "signed in", and never "signed out" either: a request that carries a session which cannot be
//! checked (the store or PostgreSQL out of reach) gets the friendly 503 page at once. Its cookie is
//! left alone (the session layer saves nothing for a 5xx), so the visitor is still signed in when
//! the dependency is back. Visitors without a session never touch the store: public pages work.
//!
//! The session record is not rewritten on every request: only when something in it changes, or
//! once a minute (`TOUCH_EVERY`) to move its idle expiry and the cookie's. That saves a store
//! write on nearly every signed-in request; the idle limit is enforced a minute late at most.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use careerhub_core::accounts::Accounts;
use careerhub_core::accounts::sessions::{SEEN_AT_KEY, SESSION_KEY, seen_long_ago, seen_now};
use careerhub_domain::AppError;
use http::{HeaderValue, header};
use tower_sessions::Session;

use crate::error_page;

#[derive(Clone)]
pub struct SessionCheck {
    pub accounts: Accounts,
    pub stylesheet_href: std::sync::Arc<str>,
}

pub async fn resolve_user(
    State(check): State<SessionCheck>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let unavailable = || {
        let mut page = error_page::render(&AppError::Unavailable, &check.stylesheet_href);
        page.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        page
    };
    let key = match session.get::<String>(SESSION_KEY).await {
        Ok(key) => key,
        Err(err) => {
            tracing::warn!(%err, "session store unavailable: the session cannot be checked");
            return unavailable();
        }
    };
    let mut signed_in = false;
    if let Some(key) = key {
        match check.accounts.current_user(key).await {
            Ok(Some((user, changes))) => {
                request.extensions_mut().insert(user);
                request.extensions_mut().insert(changes);
                signed_in = true;
                keep_alive(&session).await;
            }
            // Revoked, expired or disabled: forget the session entirely.
            Ok(None) => {
                if let Err(err) = session.flush().await {
                    tracing::warn!(%err, "cannot delete an ended session");
                }
            }
            Err(err) => {
                tracing::warn!(%err, "cannot check the session");
                return unavailable();
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

/// Marks the session changed (so the session layer writes it and sends the cookie again with a
/// fresh idle expiry) when its last write is `TOUCH_EVERY` old. The record is already loaded: no
/// round trip unless it is due.
async fn keep_alive(session: &Session) {
    let seen_at = session.get::<i64>(SEEN_AT_KEY).await.ok().flatten();
    if seen_long_ago(seen_at)
        && let Err(err) = session.insert(SEEN_AT_KEY, seen_now()).await
    {
        tracing::warn!(%err, "cannot mark the session seen");
    }
}
