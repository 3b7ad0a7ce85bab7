//! Redis: one multiplexed connection manager per process, and a key prefix so several deployments
//! (or tests) can share one server without seeing each other's keys.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

#[derive(Clone)]
pub struct Redis {
    connection: ConnectionManager,
    prefix: String,
}

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis")
            .field("prefix", &self.prefix)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("Redis: {0}")]
pub struct CacheError(#[from] redis::RedisError);

impl Redis {
    /// Connects with bounded timeouts; the manager reconnects by itself after Redis comes back.
    pub async fn connect(url: &str, prefix: &str, timeout: Duration) -> Result<Self, CacheError> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_with_config(client, config).await?;
        Ok(Self {
            connection,
            prefix: prefix.to_owned(),
        })
    }

    /// The full key for a name in our namespace.
    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn connection(&self) -> ConnectionManager {
        self.connection.clone()
    }

    pub async fn ping(&self) -> Result<(), CacheError> {
        let mut conn = self.connection();
        redis::cmd("PING").query_async::<String>(&mut conn).await?;
        Ok(())
    }
}
