//! A friendly page for errors raised outside the Leptos app (panics, rejected requests, 413s).
//! It uses the same stylesheet and wording as the app's error page.

use axum::response::{Html, IntoResponse, Response};
use careerhub_domain::AppError;
use http::StatusCode;

pub fn render(error: &AppError, stylesheet_href: &str) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>{title} · Careerhub</title>
<link rel="stylesheet" href="{stylesheet_href}"></head>
<body><main id="main" class="site-main"><section class="container error-page">
<p class="error-code">{code}</p><h1>{title}</h1><p class="lead">{message}</p>
<p><a class="button" href="/">Back to the start page</a></p></section></main></body></html>"#,
        title = error.title(),
        code = error.status_code(),
        message = error,
    );
    (status, Html(body)).into_response()
}
