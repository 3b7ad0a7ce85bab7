//! The `careerhub` web server: Leptos pages on axum plus health, metrics and the theme endpoint.
//! `Application::build` is used by `main` and by the tests' `spawn_app`.

pub mod assets;
pub mod auth;
pub mod error_page;
pub mod layers;
pub mod routes;
pub mod scheduler;
pub mod session_store;
pub mod state;
pub mod telemetry;
pub mod workers;

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use axum::serve::{ListenerExt, TapIo};
use careerhub_core::config::{MetricsListener, SecretUrl};
use careerhub_core::mail::Mailer;
use careerhub_core::{Config, cache::Redis, db};
use tokio::net::{TcpListener, TcpStream};

use crate::state::AppState;

pub struct Application {
    listener: TcpListener,
    router: Router,
    operator_listener: Option<TcpListener>,
    pub addr: SocketAddr,
    /// Where `/metrics` is served to operators, when it is.
    pub metrics_addr: Option<SocketAddr>,
    pub state: AppState,
}

impl Application {
    /// Prepares the database (unless RUN_MIGRATIONS=false), connects to Redis when
    /// configured, binds the listener and builds the router.
    pub async fn build(mut config: Config) -> anyhow::Result<Self> {
        if config.run_migrations {
            prepare_database(config.database_url.expose().to_owned()).await?;
        } else {
            tracing::info!("RUN_MIGRATIONS=false: leaving the database schema alone");
        }

        let pool = db::pool(
            config.database_url.expose(),
            config.database_pool_size,
            config.database_timeout,
        )?;

        let redis = match &config.redis_url {
            Some(url) => Some(
                Redis::connect(
                    url.expose(),
                    &config.redis_key_prefix,
                    config.database_timeout,
                )
                .await
                .context("connecting to Redis (REDIS_URL)")?,
            ),
            None => {
                tracing::warn!(
                    "REDIS_URL is not set: sessions and rate limits are kept in this process's memory. \
                     They are lost on restart and not shared between instances; set REDIS_URL in production."
                );
                None
            }
        };

        let listener = TcpListener::bind(config.bind_addr)
            .await
            .with_context(|| format!("binding {}", config.bind_addr))?;
        let addr = listener.local_addr()?;
        // Tests bind port 0; links must point at the port we actually got.
        if config.public_url.port() == Some(0) {
            let _ = config.public_url.set_port(Some(addr.port()));
        }

        let operator_listener = match config.metrics {
            MetricsListener::Off => None,
            MetricsListener::Chosen(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("binding METRICS_ADDR {addr}"))?,
            ),
            MetricsListener::Default(addr) => match TcpListener::bind(addr).await {
                Ok(listener) => Some(listener),
                Err(err) => {
                    tracing::warn!(%addr, %err, "metrics are not served: the default METRICS_ADDR is taken (another instance?); set METRICS_ADDR");
                    None
                }
            },
        };
        let metrics_addr = match &operator_listener {
            Some(listener) => Some(listener.local_addr()?),
            None => None,
        };

        let mailer = Mailer::new(
            config.smtp_url.as_ref().map(SecretUrl::expose),
            &config.mail_dir,
        )
        .context("setting up mail (SMTP_URL, MAIL_DIR)")?;
        if config.smtp_url.is_none() {
            tracing::warn!(dir = %config.mail_dir.display(), "SMTP_URL is not set: email is written to files, not delivered");
        }
        let state = AppState::new(config, addr, pool, redis, mailer);
        let router = routes::router(state.clone());
        Ok(Self {
            listener,
            router,
            operator_listener,
            addr,
            metrics_addr,
            state,
        })
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish. The background
    /// workers (email outbox) stop with the server.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let outbox = workers::spawn(self.state.clone());
        let scheduler = if self.state.config.scheduler_enabled {
            Some(scheduler::spawn(&self.state))
        } else {
            tracing::info!("SCHEDULER_ENABLED=false: no scheduled jobs in this instance");
            None
        };
        let operators = self.operator_listener.map(|listener| {
            let router = routes::operator_router(self.state.clone());
            tokio::spawn(async move {
                if let Err(err) = axum::serve(listener, router).await {
                    tracing::error!(%err, "the metrics listener stopped");
                }
            })
        });
        let result = axum::serve(
            without_nagle(self.listener),
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        outbox.abort();
        if let Some(operators) = operators {
            operators.abort();
        }
        if let Some(scheduler) = scheduler {
            scheduler.stop().await;
        }
        result
    }
}

/// The listener with Nagle's algorithm off on every accepted connection. Responses are written in
/// pieces (head, then body chunks); with Nagle on, a piece waits for the client's delayed ACK, and
/// every keep-alive response took about 40 ms however fast the page was.
pub fn without_nagle(listener: TcpListener) -> TapIo<TcpListener, fn(&mut TcpStream)> {
    listener.tap_io(set_nodelay)
}

fn set_nodelay(stream: &mut TcpStream) {
    if let Err(err) = stream.set_nodelay(true) {
        tracing::warn!(%err, "cannot turn Nagle's algorithm off on a connection");
    }
}

/// Creates the database when it is missing and applies pending migrations.
async fn prepare_database(database_url: String) -> anyhow::Result<()> {
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        if db::ensure_database_exists(&database_url)? {
            tracing::info!("created the database");
        }
        let mut conn = db::connect(&database_url)?;
        for version in careerhub_core::migrate(&mut conn)? {
            tracing::info!(%version, "applied migration");
        }
        Ok(())
    })
    .await
    .context("preparing the database panicked")?
    .context("preparing the database (set RUN_MIGRATIONS=false to skip)")
}
