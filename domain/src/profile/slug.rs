//! The public address of a profile, /p/{slug}: lowercase letters, digits and single hyphens, not
//! a word the site uses for itself.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Words that look like the site's own pages or could mislead a visitor.
const RESERVED: &[&str] = &[
    "admin",
    "administrator",
    "api",
    "app",
    "assets",
    "auth",
    "careerhub",
    "contact",
    "contacts",
    "dashboard",
    "docs",
    "edit",
    "feed",
    "feeds",
    "help",
    "home",
    "import",
    "export",
    "jobs",
    "learning",
    "login",
    "logout",
    "me",
    "new",
    "notifications",
    "p",
    "pkg",
    "profile",
    "profiles",
    "public",
    "root",
    "security",
    "settings",
    "signin",
    "signout",
    "signup",
    "site",
    "static",
    "status",
    "support",
    "system",
    "www",
];

pub const MIN_LENGTH: usize = 3;
pub const MAX_LENGTH: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Slug(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugError {
    Length,
    Characters,
    Reserved,
}

impl SlugError {
    pub fn message(self) -> &'static str {
        match self {
            Self::Length => "Use 3 to 40 characters.",
            Self::Characters => {
                "Use letters a–z, digits and single hyphens, starting and ending with a letter or digit."
            }
            Self::Reserved => "That address is reserved. Please choose another.",
        }
    }
}

impl Slug {
    /// Case is folded: "Ada-Lovelace" is the address "ada-lovelace".
    pub fn parse(text: &str) -> Result<Self, SlugError> {
        let slug = text.trim().to_ascii_lowercase();
        if !(MIN_LENGTH..=MAX_LENGTH).contains(&slug.chars().count()) {
            return Err(SlugError::Length);
        }
        let allowed = slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !allowed || slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(SlugError::Characters);
        }
        if RESERVED.contains(&slug.as_str()) {
            return Err(SlugError::Reserved);
        }
        Ok(Self(slug))
    }

    /// A slug made from a person's name ("Ada Lovelace" → "ada-lovelace"); None when the name has
    /// too few usable characters or is reserved.
    pub fn suggest(name: &str) -> Option<Self> {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            let c = match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
                'ç' => 'c',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                'ß' => 's',
                other => other,
            };
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug: String = slug.chars().take(MAX_LENGTH - 5).collect();
        Self::parse(slug.trim_end_matches('-')).ok()
    }

    /// This slug with a suffix ("ada-lovelace-2"), for when it is taken.
    pub fn with_suffix(&self, suffix: &str) -> Option<Self> {
        Self::parse(&format!("{}-{suffix}", self.0)).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_case_and_refuse_the_rest() {
        assert_eq!(
            Slug::parse(" Ada-Lovelace ").unwrap().as_str(),
            "ada-lovelace"
        );
        assert_eq!(Slug::parse("ab"), Err(SlugError::Length));
        assert_eq!(Slug::parse(&"a".repeat(41)), Err(SlugError::Length));
        for bad in ["-ada", "ada-", "ada--l", "ada l", "adä", "a/b", "a.b"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Characters), "{bad}");
        }
        for reserved in ["admin", "API", "settings"] {
            assert_eq!(
                Slug::parse(reserved),
                Err(SlugError::Reserved),
                "{reserved}"
            );
        }
    }

    #[test]
    fn names_suggest_slugs() {
        assert_eq!(
            Slug::suggest("Ada Lovelace").unwrap().as_str(),
            "ada-lovelace"
        );
        assert_eq!(
            Slug::suggest("  José  Núñez!! ").unwrap().as_str(),
            "jose-nunez"
        );
        assert_eq!(Slug::suggest("李"), None);
        assert_eq!(Slug::suggest("Admin"), None);
    }
}
