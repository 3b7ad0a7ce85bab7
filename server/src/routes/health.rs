use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use careerhub_core::health::{Readiness, readiness};
use http::{StatusCode, header};

use crate::state::AppState;

/// Liveness: the process answers. Never touches a dependency, so a database outage does not get
/// healthy instances restarted.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: PostgreSQL and (when configured) Redis answer within two seconds; 503 names the one
/// that does not.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let report = readiness(&state.db, state.redis.as_ref(), Duration::from_secs(2)).await;
    let status = if report.is_ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(report))
}

/// `/metrics` on the public listener: only with `Authorization: Bearer $METRICS_TOKEN`; without a
/// configured token it does not exist here (operators use the METRICS_ADDR listener).
pub async fn metrics_with_token(
    State(state): State<AppState>,
    headers: http::HeaderMap,
) -> axum::response::Response {
    let Some(expected) = &state.config.metrics_token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let offered = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as hashes: equal length, and no early exit that times the common prefix.
    if careerhub_core::tokens::hash(offered) != careerhub_core::tokens::hash(expected.expose()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    metrics(State(state)).await.into_response()
}

/// The metrics in OpenMetrics text: what the operators' listener serves.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(&state.db),
    )
}
