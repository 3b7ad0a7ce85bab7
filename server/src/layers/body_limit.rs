//! MAX_BODY_BYTES for every request body. axum's `DefaultBodyLimit` binds only its own extractors;
//! server functions read the body themselves and answered an oversized one with 400 "the form
//! could not be read". Here the body is read up to the limit before any handler runs, so anything
//! larger is a 413 whichever route it was sent to — with or without a Content-Length.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use careerhub_domain::AppError;
use http::{Method, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::error_page;

#[derive(Clone)]
pub struct BodyLimit {
    pub max_bytes: usize,
    pub stylesheet_href: std::sync::Arc<str>,
}

pub async fn refuse_oversized(
    State(limit): State<BodyLimit>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let too_large = || error_page::render(&AppError::TooLarge, &limit.stylesheet_href);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit.max_bytes as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match Limited::new(body, limit.max_bytes).collect().await {
        Ok(collected) => {
            let request = Request::from_parts(parts, Body::from(collected.to_bytes()));
            next.run(request).await
        }
        Err(err) if err.downcast_ref::<LengthLimitError>().is_some() => too_large(),
        Err(err) => {
            tracing::info!(%err, "the request body could not be read");
            let mut response = error_page::render(&AppError::Internal, &limit.stylesheet_href);
            *response.status_mut() = StatusCode::BAD_REQUEST;
            response
        }
    }
}
