//! Types shared by the pages (compiled to wasm) and the server.
//!
//! Nothing here may depend on a server-only crate: Diesel derives go behind the `diesel` feature.

#[macro_use]
mod text_enum;

pub mod accounts;
pub mod cv;
pub mod dates;
pub mod error;
pub mod fields;
pub mod form;
pub mod ids;
pub mod jobs;
pub mod letters;
pub mod mailing;
pub mod ops;
pub mod paths;
pub mod profile;
pub mod skills;
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

/// "1 session", "3 sessions", "0 entries": a count with the word that goes with it.
pub fn counted<N>(count: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let word = if count == N::from(1) { one } else { many };
    format!("{count} {word}")
}

#[cfg(test)]
mod tests {
    use super::{counted, local_path};

    #[test]
    fn counts_say_one_or_many() {
        assert_eq!(counted(1, "session", "sessions"), "1 session");
        assert_eq!(counted(0, "session", "sessions"), "0 sessions");
        assert_eq!(counted(12, "entry", "entries"), "12 entries");
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/jobs?q=rust"), "/jobs?q=rust");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("//evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path(""), "/");
    }
}
