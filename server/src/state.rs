use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::FromRef;
use careerhub_core::accounts::Accounts;
use careerhub_core::mail::Mailer;
use careerhub_core::ratelimit::RateLimiter;
use careerhub_core::services::Services;
use careerhub_core::{Config, cache::Redis, db::Pool};
use leptos::config::LeptosOptions;

use crate::assets::{self, Assets};
use crate::layers::metrics::Metrics;

/// What every handler may need. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Pool,
    pub redis: Option<Redis>,
    pub leptos_options: LeptosOptions,
    pub assets: Arc<Assets>,
    pub metrics: Arc<Metrics>,
    /// Every area's facade; server functions get it as their context.
    pub services: Services,
    /// Limits of plain HTTP endpoints (exports); shared by instances through Redis.
    pub limiter: RateLimiter,
    pub mailer: Mailer,
}

impl AppState {
    pub fn new(
        config: Config,
        addr: SocketAddr,
        db: Pool,
        redis: Option<Redis>,
        mailer: Mailer,
    ) -> Self {
        let assets = Assets::discover(&config.site_root);
        let leptos_options = LeptosOptions::builder()
            .output_name(assets::OUTPUT_NAME)
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir(assets::PKG_DIR)
            .site_addr(addr)
            .hash_files(assets.hashed)
            .build();
        let config = Arc::new(config);
        let services = Services::new(db.clone(), config.clone(), redis.clone());
        let limiter = RateLimiter::new(redis.clone());
        Self {
            config,
            db,
            redis,
            leptos_options,
            assets: Arc::new(assets),
            metrics: Arc::new(Metrics::new()),
            services,
            limiter,
            mailer,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Accounts {
    fn from_ref(state: &AppState) -> Self {
        state.services.accounts.clone()
    }
}
