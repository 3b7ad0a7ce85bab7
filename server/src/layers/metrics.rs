//! Prometheus metrics: requests and latency by route and status, page cache hits, and database
//! pool usage.
//! Each `AppState` has its own registry, so several servers in one test process do not mix.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use careerhub_core::db::Pool;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PageCacheLabels {
    /// "hit" or "miss".
    pub result: &'static str,
}

type LatencyFamily = Family<RequestLabels, Histogram, fn() -> Histogram>;

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    stalled_bodies: Counter,
    page_cache: Family<PageCacheLabels, Counter>,
    pool_max: Gauge,
    pool_size: Gauge,
    pool_available: Gauge,
    pool_waiting: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("careerhub");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests handled, by method, route and status",
            requests.clone(),
        );
        let latency: LatencyFamily = Family::new_with_constructor(|| {
            // 1 ms to ~16 s.
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to produce the response head, by method, route and status",
            latency.clone(),
        );
        let stalled_bodies = Counter::default();
        registry.register(
            "http_stalled_bodies",
            "Responses cut off because their body stopped coming (see layers/stalled_body.rs)",
            stalled_bodies.clone(),
        );
        let page_cache = Family::<PageCacheLabels, Counter>::default();
        registry.register(
            "page_cache_lookups",
            "Requests for a page the page cache keeps (layers/page_cache.rs), by hit or miss",
            page_cache.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let gauge = Gauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let pool_max = gauge(
            &mut registry,
            "db_pool_max",
            "Largest size the pool may grow to",
        );
        let pool_size = gauge(
            &mut registry,
            "db_pool_connections",
            "Connections open in the pool",
        );
        let pool_available = gauge(&mut registry, "db_pool_idle", "Open connections not in use");
        let pool_waiting = gauge(
            &mut registry,
            "db_pool_waiting",
            "Requests waiting for a connection",
        );
        Self {
            registry,
            requests,
            latency,
            stalled_bodies,
            page_cache,
            pool_max,
            pool_size,
            pool_available,
            pool_waiting,
        }
    }

    pub fn record(&self, labels: RequestLabels, seconds: f64) {
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(seconds);
    }

    pub fn count_stalled_body(&self) {
        self.stalled_bodies.inc();
    }

    pub fn count_page_cache(&self, hit: bool) {
        let result = if hit { "hit" } else { "miss" };
        self.page_cache
            .get_or_create(&PageCacheLabels { result })
            .inc();
    }

    /// The text exposition, with pool gauges read at scrape time.
    pub fn render(&self, pool: &Pool) -> String {
        let status = pool.status();
        self.pool_max.set(status.max_size as i64);
        self.pool_size.set(status.size as i64);
        self.pool_available.set(status.available as i64);
        self.pool_waiting.set(status.waiting as i64);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

/// Records every request. Unmatched paths share one label so scanners cannot blow up cardinality.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = match request.method().as_str() {
        known @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => known,
        _ => "other",
    }
    .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.record(
        RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        },
        started.elapsed().as_secs_f64(),
    );
    response
}
