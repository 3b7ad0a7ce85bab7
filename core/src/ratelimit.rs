//! Fixed-window rate limits, in Redis so that every instance counts together (process memory when
//! Redis is not configured). When Redis is down the limiter refuses: better a short outage of
//! sign-in than an unthrottled password-guessing window.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cache::Redis;

#[derive(Clone)]
pub enum RateLimiter {
    Redis(Redis),
    Memory(Arc<Mutex<HashMap<String, (u64, Instant)>>>),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Limited {
    /// Over the limit; retry after this many seconds.
    RetryAfter(u64),
    /// The counter store cannot be reached.
    Unavailable,
}

/// A limit: at most `max` events per `window` for one key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: u64,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minutes(name: &'static str, max: u64, minutes: u64) -> Self {
        Self {
            name,
            max,
            window: Duration::from_secs(minutes * 60),
        }
    }
}

impl RateLimiter {
    pub fn new(redis: Option<Redis>) -> Self {
        match redis {
            Some(redis) => Self::Redis(redis),
            None => Self::Memory(Arc::default()),
        }
    }

    fn key(limit: &Limit, subject: &str) -> String {
        format!("ratelimit:{}:{subject}", limit.name)
    }

    /// Counts one event for `subject`; refuses once the count passes the limit.
    pub async fn hit(&self, limit: Limit, subject: &str) -> Result<(), Limited> {
        let (count, ttl) = self
            .increment(&Self::key(&limit, subject), limit.window)
            .await?;
        if count > limit.max {
            Err(Limited::RetryAfter(ttl.max(1)))
        } else {
            Ok(())
        }
    }

    /// Refuses when `subject` is already at the limit, without counting.
    pub async fn check(&self, limit: Limit, subject: &str) -> Result<(), Limited> {
        let (count, ttl) = self.current(&Self::key(&limit, subject)).await?;
        if count >= limit.max {
            Err(Limited::RetryAfter(ttl.max(1)))
        } else {
            Ok(())
        }
    }

    pub async fn reset(&self, limit: Limit, subject: &str) -> Result<(), Limited> {
        let key = Self::key(&limit, subject);
        match self {
            Self::Redis(redis) => redis::cmd("DEL")
                .arg(redis.key(&key))
                .query_async::<()>(&mut redis.connection())
                .await
                .map_err(|_| Limited::Unavailable),
            Self::Memory(map) => {
                map.lock().expect("limiter").remove(&key);
                Ok(())
            }
        }
    }

    async fn increment(&self, key: &str, window: Duration) -> Result<(u64, u64), Limited> {
        match self {
            Self::Redis(redis) => {
                let key = redis.key(key);
                let (count, ttl): (u64, i64) = redis::pipe()
                    .atomic()
                    .cmd("INCR")
                    .arg(&key)
                    .cmd("EXPIRE")
                    .arg(&key)
                    .arg(window.as_secs())
                    .arg("NX")
                    .ignore()
                    .cmd("TTL")
                    .arg(&key)
                    .query_async(&mut redis.connection())
                    .await
                    .map_err(|err| {
                        tracing::error!(%err, "rate limiter: Redis unavailable");
                        Limited::Unavailable
                    })?;
                Ok((count, ttl.max(0) as u64))
            }
            Self::Memory(map) => {
                let mut map = map.lock().expect("limiter");
                let now = Instant::now();
                let entry = map.entry(key.to_owned()).or_insert((0, now + window));
                if entry.1 <= now {
                    *entry = (0, now + window);
                }
                entry.0 += 1;
                Ok((entry.0, entry.1.saturating_duration_since(now).as_secs()))
            }
        }
    }

    async fn current(&self, key: &str) -> Result<(u64, u64), Limited> {
        match self {
            Self::Redis(redis) => {
                let key = redis.key(key);
                let (count, ttl): (Option<u64>, i64) = redis::pipe()
                    .cmd("GET")
                    .arg(&key)
                    .cmd("TTL")
                    .arg(&key)
                    .query_async(&mut redis.connection())
                    .await
                    .map_err(|_| Limited::Unavailable)?;
                Ok((count.unwrap_or(0), ttl.max(0) as u64))
            }
            Self::Memory(map) => {
                let map = map.lock().expect("limiter");
                let now = Instant::now();
                Ok(match map.get(key) {
                    Some((count, until)) if *until > now => {
                        (*count, until.saturating_duration_since(now).as_secs())
                    }
                    _ => (0, 0),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_limiter_counts_per_subject() {
        let limiter = RateLimiter::new(None);
        let limit = Limit::per_minutes("test", 2, 1);
        assert_eq!(limiter.hit(limit, "a").await, Ok(()));
        assert_eq!(limiter.hit(limit, "a").await, Ok(()));
        assert!(matches!(
            limiter.hit(limit, "a").await,
            Err(Limited::RetryAfter(_))
        ));
        assert_eq!(limiter.hit(limit, "b").await, Ok(()));
        assert!(matches!(
            limiter.check(limit, "a").await,
            Err(Limited::RetryAfter(_))
        ));
        limiter.reset(limit, "a").await.unwrap();
        assert_eq!(limiter.check(limit, "a").await, Ok(()));
    }
}
