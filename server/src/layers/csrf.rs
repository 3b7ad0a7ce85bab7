//! Rejects cross-site state-changing requests (OWASP CSRF cheat sheet: verify the origin with
//! standard headers). Browsers send `Origin` on every POST and `Sec-Fetch-Site` on modern engines;
//! a request carrying neither is not from a browser form and cannot ride a victim's cookies.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use careerhub_domain::AppError;
use http::Method;

use crate::error_page;

#[derive(Clone)]
pub struct OriginPolicy {
    pub expected_origin: Arc<str>,
    pub stylesheet_href: Arc<str>,
}

pub async fn reject_cross_site(
    State(policy): State<OriginPolicy>,
    request: Request,
    next: Next,
) -> Response {
    if is_safe(request.method()) || is_same_origin(&request, &policy.expected_origin) {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        path = %request.uri().path(),
        origin = ?request.headers().get(http::header::ORIGIN),
        "rejected a cross-site request"
    );
    error_page::render(&AppError::Forbidden, &policy.stylesheet_href)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_same_origin(request: &Request, expected_origin: &str) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        // "none" is a user action (typed URL, bookmark); "same-site" would trust sibling subdomains.
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return false;
        }
    }
    match headers.get(http::header::ORIGIN) {
        Some(origin) => origin.as_bytes() == expected_origin.as_bytes(),
        None => true,
    }
}
