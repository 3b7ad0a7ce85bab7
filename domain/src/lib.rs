//! Types shared by the pages (compiled to wasm) and the server.
//!
//! Nothing here may depend on a server-only crate: Diesel derives go behind the `diesel` feature.

pub mod error;
pub mod theme;

pub use error::AppError;
pub use theme::Theme;
