//! Whole pages kept in Redis for a minute: a signed-in person's dashboard and board, and the pages
//! every visitor without a session sees alike. Rendering is most of what these pages cost (the
//! dashboard's 1.7 ms of server CPU and 1.3 ms of PostgreSQL's against 0.4 ms for an empty page),
//! and people reload them far more often than they change what they show.
//!
//! A kept page is never older than the data it shows. A person's pages are keyed by their change
//! count, which PostgreSQL's triggers raise in the same transaction as any change to anything
//! they own (however it is made: a form, a scheduled job, an operator's SQL) and which the
//! session check reads with the session, before the page is rendered: the first page after a
//! change commits misses and is rendered afresh. Only pages whose content is the person's own
//! rows qualify; pages that show shared data (job postings) are never kept. The key also holds
//! the session (the page carries its id), the theme cookie and this build of the server. What
//! the count cannot see is the clock ("interviews in the next seven days"): a page is kept for
//! PAGE_CACHE_SECS, a minute unless set.
//!
//! The script nonce of the content security policy is per answer: a kept page holds a mark where
//! its nonce was, and each answer gets a fresh one. Pages with a query string (searches, form
//! errors, `next=`) and answers that set a cookie or are not a plain 200 are never kept. Redis
//! failing is a miss (and a warning), never a failed page; after a failure the cache is left
//! alone for a few seconds, so public pages do not wait on Redis while it is down.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use careerhub_core::cache::Redis;
use careerhub_domain::accounts::{ChangeCount, CurrentUser};
use careerhub_domain::{AppError, Theme, paths};
use http::{HeaderValue, Method, StatusCode, header};
use redis::AsyncCommands;

use crate::error_page;
use crate::layers::metrics::Metrics;

/// Pages kept per session: everything they show is the person's own rows (and account row).
const PERSONAL_PAGES: &[&str] = &[paths::DASHBOARD, paths::APPLICATIONS];

/// Pages kept for visitors without a session: the same for all of them.
const PUBLIC_PAGES: &[&str] = &["/", "/signin", "/signup"];

/// How long the cache is left alone after Redis failed.
const RESTING_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// Where a kept page's nonce was. Never in a page we render: one that holds it is not kept.
const NONCE_MARK: &str = "\u{1}careerhub-nonce\u{1}";

#[derive(Clone)]
pub struct PageCache {
    redis: Redis,
    /// How long a page is kept.
    ttl: Duration,
    /// This build of the server: another build renders other markup.
    build: Arc<str>,
    stylesheet_href: Arc<str>,
    metrics: Arc<Metrics>,
    /// Milliseconds after `started` until which Redis is not asked (it failed just before).
    resting_until: Arc<AtomicU64>,
    started: Instant,
}

impl PageCache {
    pub fn new(
        redis: Redis,
        ttl: Duration,
        stylesheet_href: Arc<str>,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            redis,
            ttl,
            build: build_id().into(),
            stylesheet_href,
            metrics,
            resting_until: Arc::new(AtomicU64::new(0)),
            started: Instant::now(),
        }
    }

    fn millis_since_start(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn resting(&self) -> bool {
        self.millis_since_start() < self.resting_until.load(Ordering::Relaxed)
    }

    fn failed(&self, err: &redis::RedisError, what: &str) {
        tracing::warn!(error = %err, "page cache unavailable: {what}");
        let until = self.millis_since_start()
            + u64::try_from(RESTING_AFTER_FAILURE.as_millis()).unwrap_or(u64::MAX);
        self.resting_until.store(until, Ordering::Relaxed);
    }

    /// The key of the page this request asks for, when it is one that is kept.
    fn key_for(&self, request: &Request) -> Option<String> {
        if request.method() != Method::GET || request.uri().query().is_some() || self.resting() {
            return None;
        }
        let path = request.uri().path();
        let theme = Theme::from_cookie_headers(
            request
                .headers()
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok()),
        );
        let extensions = request.extensions();
        let reader = match (
            extensions.get::<CurrentUser>(),
            extensions.get::<ChangeCount>(),
        ) {
            (Some(user), Some(ChangeCount(changes))) if PERSONAL_PAGES.contains(&path) => {
                format!("{}:{changes}", user.session_id)
            }
            (None, _) if PUBLIC_PAGES.contains(&path) => "public".to_owned(),
            _ => return None,
        };
        Some(self.redis.key(&format!(
            "page:{}:{reader}:{}:{path}",
            self.build,
            theme.as_str()
        )))
    }

    async fn get(&self, key: &str) -> Option<KeptPage> {
        let mut conn = self.redis.connection();
        match conn.get::<_, Option<Vec<u8>>>(key).await {
            Ok(found) => found.and_then(KeptPage::decode),
            Err(err) => {
                self.failed(&err, "rendering the page");
                None
            }
        }
    }

    async fn put(&self, key: &str, page: &KeptPage) {
        let mut conn = self.redis.connection();
        if let Err(err) = conn
            .set_ex::<_, _, ()>(key, page.encode(), self.ttl.as_secs().max(1))
            .await
        {
            self.failed(&err, "page not kept");
        }
    }
}

/// A page as kept: its content security policy and its HTML, each with the nonce marked.
struct KeptPage {
    policy: String,
    html: String,
}

impl KeptPage {
    /// The page of a fresh answer, unless it must not be kept (see the module comment).
    fn of(head: &http::response::Parts, html: &[u8]) -> Option<Self> {
        let is_html = head
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
        if head.status != StatusCode::OK
            || !is_html
            || head.headers.contains_key(header::SET_COOKIE)
        {
            return None;
        }
        let policy = head
            .headers
            .get(header::CONTENT_SECURITY_POLICY)?
            .to_str()
            .ok()?;
        let nonce = policy.split("'nonce-").nth(1)?.split('\'').next()?;
        let html = std::str::from_utf8(html).ok()?;
        if nonce.len() < 16 || html.contains(NONCE_MARK) || policy.contains('\n') {
            return None;
        }
        Some(Self {
            policy: policy.replace(nonce, NONCE_MARK),
            html: html.replace(nonce, NONCE_MARK),
        })
    }

    /// The policy on the first line, the page after it.
    fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.policy.len() + 1 + self.html.len());
        bytes.extend_from_slice(self.policy.as_bytes());
        bytes.push(b'\n');
        bytes.extend_from_slice(self.html.as_bytes());
        bytes
    }

    fn decode(bytes: Vec<u8>) -> Option<Self> {
        let text = String::from_utf8(bytes).ok()?;
        let (policy, html) = text.split_once('\n')?;
        Some(Self {
            policy: policy.to_owned(),
            html: html.to_owned(),
        })
    }

    /// The answer, with a nonce of its own.
    fn answer(&self) -> Response {
        let nonce = leptos::nonce::Nonce::new();
        let policy = self.policy.replace(NONCE_MARK, &nonce);
        let Ok(policy) = HeaderValue::from_str(&policy) else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let mut response = Response::new(Body::from(self.html.replace(NONCE_MARK, &nonce)));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        response
    }
}

/// Answers a kept page from Redis, or renders it and keeps it.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let Some(key) = cache.key_for(&request) else {
        return next.run(request).await;
    };
    if let Some(page) = cache.get(&key).await {
        cache.metrics.count_page_cache(true);
        return page.answer();
    }
    cache.metrics.count_page_cache(false);
    let (head, body) = next.run(request).await.into_parts();
    let html = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(html) => html,
        Err(err) => {
            tracing::error!(%err, "a page's body failed while it was rendered");
            return error_page::render(&AppError::Internal, &cache.stylesheet_href);
        }
    };
    if let Some(page) = KeptPage::of(&head, &html) {
        cache.put(&key, &page).await;
    }
    Response::from_parts(head, Body::from(html))
}

/// Names this build of the server: the executable's size and modification time, the same for
/// every instance started from one image or file. A process without one gets a name of its own.
fn build_id() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .and_then(|meta| {
            let modified = meta
                .modified()?
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            Ok(format!("{:x}-{:x}", meta.len(), modified.as_nanos()))
        })
        .unwrap_or_else(|_| leptos::nonce::Nonce::new().to_string())
}
