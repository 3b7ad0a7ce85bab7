//! Session storage for tower-sessions: Redis when `REDIS_URL` is set, so every instance sees the
//! same sessions; process memory otherwise (the server warns at start).
//!
//! The Redis store is ours rather than tower-sessions-redis-store so that it uses the same `redis`
//! client and key prefix as the rest of Careerhub (tests isolate themselves by prefix).

use async_trait::async_trait;
use careerhub_core::cache::Redis;
use time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, MemoryStore, SessionManagerLayer};

use crate::state::AppState;

#[derive(Debug, Clone)]
pub enum AppSessionStore {
    Memory(MemoryStore),
    Redis(RedisSessionStore),
}

#[derive(Debug, Clone)]
pub struct RedisSessionStore {
    redis: Redis,
}

impl RedisSessionStore {
    fn key(&self, id: &Id) -> String {
        self.redis.key(&format!("session:{id}"))
    }

    /// Writes the record with Redis expiring it at the session's expiry. `only_if_new` makes the
    /// write fail instead of overwriting, so a fresh id can never take over an existing session.
    async fn write(&self, record: &Record, only_if_new: bool) -> session_store::Result<bool> {
        let value = serde_json::to_string(record)
            .map_err(|err| session_store::Error::Encode(err.to_string()))?;
        let mut command = redis::cmd("SET");
        command
            .arg(self.key(&record.id))
            .arg(value)
            .arg("EXAT")
            .arg(record.expiry_date.unix_timestamp());
        if only_if_new {
            command.arg("NX");
        }
        let reply: Option<String> = command
            .query_async(&mut self.redis.connection())
            .await
            .map_err(backend)?;
        Ok(reply.is_some())
    }
}

fn backend(err: redis::RedisError) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

#[async_trait]
impl SessionStore for RedisSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        while !self.write(record, true).await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.write(record, false).await.map(drop)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let value: Option<String> = redis::cmd("GET")
            .arg(self.key(id))
            .query_async(&mut self.redis.connection())
            .await
            .map_err(backend)?;
        value
            .map(|text| {
                serde_json::from_str(&text)
                    .map_err(|err| session_store::Error::Decode(err.to_string()))
            })
            .transpose()
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        redis::cmd("DEL")
            .arg(self.key(id))
            .query_async::<()>(&mut self.redis.connection())
            .await
            .map_err(backend)
    }
}

#[async_trait]
impl SessionStore for AppSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Memory(store) => store.create(record).await,
            Self::Redis(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Memory(store) => store.save(record).await,
            Self::Redis(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Memory(store) => store.load(id).await,
            Self::Redis(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Memory(store) => store.delete(id).await,
            Self::Redis(store) => store.delete(id).await,
        }
    }
}

/// The cookie follows the security checklist: `__Host-` prefix and `Secure` over https, HttpOnly,
/// SameSite=Lax, Path=/, no Domain, and a name that does not give away the framework.
pub fn layer(state: &AppState) -> SessionManagerLayer<AppSessionStore> {
    let store = match &state.redis {
        Some(redis) => AppSessionStore::Redis(RedisSessionStore {
            redis: redis.clone(),
        }),
        None => AppSessionStore::Memory(MemoryStore::default()),
    };
    let https = state.config.served_over_https();
    let idle = Duration::seconds(state.config.session_idle_timeout.as_secs() as i64);
    SessionManagerLayer::new(store)
        .with_name(if https {
            "__Host-careerhub"
        } else {
            "careerhub_session"
        })
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        // The inactivity expiry moves when the record is written: when it changes, and at least
        // once a minute while the visitor is active (`auth::resolve_user`).
        .with_expiry(Expiry::OnInactivity(idle))
}
