use careerhub_core::config::LogFormat;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Structured logs: human-readable by default, JSON with `LOG_FORMAT=json`. `RUST_LOG` filters.
/// Request spans carry the request id, so every line of a request can be found by it.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,tower_http=info,careerhub=info,tokio_cron_scheduler=warn")
    });
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Text => registry.with(fmt::layer()).try_init(),
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init(),
    };
    if let Err(err) = result {
        eprintln!("logging was already initialised: {err}");
    }
}
