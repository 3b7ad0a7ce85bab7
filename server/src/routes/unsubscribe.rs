//! One-click unsubscribe (RFC 8058) at `/unsubscribe/{token}`. A mail client posts
//! `List-Unsubscribe=One-Click` to it without cookies; a person who opens the link sees what it
//! stops and a button (a GET never changes anything: mail scanners open links).

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use careerhub_domain::mailing::MailingList;
use careerhub_domain::{AppError, paths};
use http::StatusCode;

use crate::error_page;
use crate::state::AppState;

pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match state.services.tracker.mailing_list(token.clone()).await {
        Ok(Some(list)) => page(
            &state,
            StatusCode::OK,
            "Unsubscribe",
            &format!(
                r#"<p class="lead">Stop {list}? You can turn it on again in <a href="{settings}">{settings_name}</a>.</p>
<form method="post" action="{action}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button class="button button-primary" type="submit">Unsubscribe</button></form>"#,
                list = list.label(),
                settings = list.settings().0,
                settings_name = list.settings().1,
                // A token is 64 hex digits (checked before the lookup), so it is safe in markup.
                action = paths::unsubscribe(&token),
            ),
        ),
        Ok(None) => not_found(&state),
        Err(error) => failure(&state, error),
    }
}

pub async fn one_click(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match state.services.tracker.unsubscribe(token).await {
        Ok(Some(list)) => done(&state, list),
        Ok(None) => not_found(&state),
        Err(error) => failure(&state, error),
    }
}

fn done(state: &AppState, list: MailingList) -> Response {
    page(
        state,
        StatusCode::OK,
        "Unsubscribed",
        &format!(
            r#"<p class="lead">You will not get {} any more. Turn it on again in <a href="{}">{}</a>.</p>"#,
            list.label(),
            list.settings().0,
            list.settings().1
        ),
    )
}

fn not_found(state: &AppState) -> Response {
    page(
        state,
        StatusCode::NOT_FOUND,
        "Link not valid",
        r#"<p class="lead">This unsubscribe link is not valid. Sign in and change your email in Settings → Notifications.</p>"#,
    )
}

fn failure(state: &AppState, error: careerhub_core::service::Error) -> Response {
    tracing::warn!(error = %error.chain(), "unsubscribe failed");
    let error = if error.status() == 503 {
        AppError::Unavailable
    } else {
        AppError::Internal
    };
    error_page::render(&error, &state.assets.hrefs.stylesheet)
}

/// `content` is our own markup: nothing in it comes from the request but a checked token.
fn page(state: &AppState, status: StatusCode, title: &str, content: &str) -> Response {
    let body = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><title>{title} · Careerhub</title>
<link rel="stylesheet" href="{stylesheet}"></head>
<body><main id="main" class="site-main"><section class="container narrow">
<h1>{title}</h1>{content}</section></main></body></html>"#,
        stylesheet = state.assets.hrefs.stylesheet,
    );
    let mut response = (status, Html(body)).into_response();
    response.headers_mut().insert(
        http::header::REFERRER_POLICY,
        http::HeaderValue::from_static("no-referrer"),
    );
    response
}
