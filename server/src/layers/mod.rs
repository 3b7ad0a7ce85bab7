//! Middleware: the client's address, request ids and tracing, metrics, kept pages, the cross-site request check, signed form errors, security headers, and an end to stalled response bodies.

pub mod body_limit;
pub mod client_address;
pub mod csrf;
pub mod form_errors;
pub mod metrics;
pub mod page_cache;
pub mod security_headers;
pub mod stalled_body;
