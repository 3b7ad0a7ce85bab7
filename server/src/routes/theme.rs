//! The no-JavaScript path of the theme switch: remember the choice in a cookie and go back.

use axum::Form;
use axum::response::{IntoResponse, Redirect};
use careerhub_domain::Theme;
use http::header;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ThemeForm {
    theme: String,
    #[serde(default)]
    return_to: String,
}

pub async fn set_theme(Form(form): Form<ThemeForm>) -> impl IntoResponse {
    let theme = Theme::parse(&form.theme);
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        Theme::COOKIE,
        theme.as_str()
    );
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(local_path(&form.return_to)),
    )
}

/// Only paths on this site: an open redirect would let a link send visitors anywhere.
fn local_path(candidate: &str) -> &str {
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
