use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::FromRef;
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
}

impl AppState {
    pub fn new(config: Config, addr: SocketAddr, db: Pool, redis: Option<Redis>) -> Self {
        let assets = Assets::discover(&config.site_root);
        let leptos_options = LeptosOptions::builder()
            .output_name(assets::OUTPUT_NAME)
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir(assets::PKG_DIR)
            .site_addr(addr)
            .hash_files(assets.hashed)
            .build();
        Self {
            config: Arc::new(config),
            db,
            redis,
            leptos_options,
            assets: Arc::new(assets),
            metrics: Arc::new(Metrics::new()),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
