//! Readiness: can this instance reach what it needs to serve requests?

use std::time::Duration;

use diesel::RunQueryDsl;
use serde::Serialize;

use crate::cache::Redis;
use crate::db::Pool;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Readiness {
    pub postgres: ComponentState,
    pub redis: ComponentState,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "status", content = "detail", rename_all = "lowercase")]
pub enum ComponentState {
    Ok,
    /// Not configured: the embedded default stands in (e.g. in-memory sessions).
    Disabled,
    Failed(String),
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        !matches!(self.postgres, ComponentState::Failed(_))
            && !matches!(self.redis, ComponentState::Failed(_))
    }
}

/// Checks PostgreSQL (a `SELECT 1` through the pool) and Redis (PING), each bounded by `timeout`.
pub async fn readiness(pool: &Pool, redis: Option<&Redis>, timeout: Duration) -> Readiness {
    let postgres = tokio::time::timeout(
        timeout,
        crate::service::run(pool, |conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        }),
    )
    .await;
    let postgres = match postgres {
        Ok(Ok(())) => ComponentState::Ok,
        // Anyone may read /readyz: say what failed, never the driver's message (logged instead).
        Ok(Err(err)) => {
            tracing::warn!(%err, "readiness: PostgreSQL check failed");
            ComponentState::Failed("not reachable".into())
        }
        Err(_) => ComponentState::Failed("timed out".into()),
    };
    let redis = match redis {
        None => ComponentState::Disabled,
        Some(redis) => match tokio::time::timeout(timeout, redis.ping()).await {
            Ok(Ok(())) => ComponentState::Ok,
            Ok(Err(err)) => ComponentState::Failed(err.to_string()),
            Err(_) => ComponentState::Failed("timed out".into()),
        },
    };
    Readiness { postgres, redis }
}
