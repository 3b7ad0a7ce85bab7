use serde::{Deserialize, Serialize};

/// The colour scheme a visitor chose. `System` follows `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Name of the cookie that remembers the choice, read while rendering so the page never flashes.
    pub const COOKIE: &'static str = "theme";

    /// Parses a stored or submitted value; anything unknown falls back to following the system.
    pub fn parse(value: &str) -> Self {
        match value.trim() {
            "light" => Self::Light,
            "dark" => Self::Dark,
            _ => Self::System,
        }
    }

    /// The theme remembered in a request's `Cookie` headers (their values); the default when
    /// none is.
    pub fn from_cookie_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Self {
        headers
            .into_iter()
            .flat_map(|header| header.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == Self::COOKIE)
            .map(|(_, value)| Self::parse(value))
            .unwrap_or_default()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// The theme a toggle switches to, given the theme the visitor currently sees.
    pub fn toggled(self, system_prefers_dark: bool) -> Self {
        let dark_now = match self {
            Self::Dark => true,
            Self::Light => false,
            Self::System => system_prefers_dark,
        };
        if dark_now { Self::Light } else { Self::Dark }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_cookie_is_found_among_others() {
        assert_eq!(
            Theme::from_cookie_headers(["a=1; theme=dark", "b=2"]),
            Theme::Dark
        );
        assert_eq!(
            Theme::from_cookie_headers(["b=2", "theme= light"]),
            Theme::Light
        );
        assert_eq!(Theme::from_cookie_headers(["xtheme=dark"]), Theme::System);
        assert_eq!(Theme::from_cookie_headers([]), Theme::System);
    }

    #[test]
    fn parse_round_trips_and_defaults_to_system() {
        for theme in [Theme::System, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(theme.as_str()), theme);
        }
        assert_eq!(Theme::parse("purple"), Theme::System);
        assert_eq!(Theme::parse(""), Theme::System);
    }

    #[test]
    fn toggle_flips_what_is_visible() {
        assert_eq!(Theme::System.toggled(true), Theme::Light);
        assert_eq!(Theme::System.toggled(false), Theme::Dark);
        assert_eq!(Theme::Dark.toggled(false), Theme::Light);
        assert_eq!(Theme::Light.toggled(true), Theme::Dark);
    }
}
