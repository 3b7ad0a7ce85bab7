//! Middleware: request ids and tracing, metrics, the cross-site request check, security headers.

pub mod csrf;
pub mod metrics;
pub mod security_headers;
