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

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(&state.db),
    )
}
