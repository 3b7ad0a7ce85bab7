//! Types shared by the pages (compiled to wasm) and the server.
//!
//! Nothing here may depend on a server-only crate: Diesel derives go behind the `diesel` feature.

#[macro_use]
mod text_enum;

pub mod accounts;
pub mod error;
pub mod fields;
pub mod form;
pub mod ids;
pub mod ops;
pub mod paths;
pub mod theme;
pub mod tracker;

pub use accounts::{DisplayName, Email, NewPassword, Role};
pub use error::AppError;
pub use form::FormError;
pub use theme::Theme;

/// `candidate` when it is a path on this site, else "/". Redirect targets taken from a form or a
/// query string go through this, so a link cannot send people to another site.
pub fn local_path(candidate: &str) -> &str {
    let is_local = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.contains('\\')
        && !candidate.chars().any(char::is_control);
    if is_local { candidate } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/jobs?q=rust"), "/jobs?q=rust");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("//evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path(""), "/");
    }
}
