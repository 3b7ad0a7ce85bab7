use anyhow::Context;
use careerhub_core::Config;
use careerhub_server::{Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env().context("reading configuration")?;
    telemetry::init(config.log_format);
    let app = Application::build(config).await?;
    let url = app.state.config.public_url.clone();
    tracing::info!(addr = %app.addr, "careerhub is listening");
    println!("Careerhub is running at {url}  (Ctrl+C to stop)");
    // Set by scripts/run after it made the local demo account.
    if let Ok(login) = std::env::var("CAREERHUB_DEMO_LOGIN") {
        println!("Demo login: {login}");
    }
    app.run_until_stopped(shutdown_signal()).await?;
    tracing::info!("careerhub stopped");
    Ok(())
}

/// Resolves on Ctrl+C or SIGTERM (what `docker stop` and systemd send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
