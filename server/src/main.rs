use anyhow::Context;
use careerhub_core::Config;
use careerhub_server::{Application, telemetry};

fn main() -> anyhow::Result<()> {
    return_freed_memory();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(serve())
}

/// glibc's malloc raises its mmap threshold each time a large block is freed, after which large
/// blocks come from the heap and stay there: under steady load the server held its busiest
/// moment's memory (bench/soak.sh: 150–180 MB resident, flat). Fixed 1 MiB thresholds give it
/// back (about 60 MB after the same load) at the same throughput (bench figures in
/// docs/scaling.md). Called before the runtime starts any thread, as mallopt requires.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn return_freed_memory() {
    const ONE_MIB: std::ffi::c_int = 1 << 20;
    // SAFETY: mallopt only sets two allocator parameters; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, ONE_MIB);
        libc::mallopt(libc::M_TRIM_THRESHOLD, ONE_MIB);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_freed_memory() {}

async fn serve() -> anyhow::Result<()> {
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
