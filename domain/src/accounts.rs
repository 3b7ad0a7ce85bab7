//! Account values, parsed once at the edge: holding an `Email` means it is valid and lower-cased.

use std::fmt;

use crate::ids::{SessionId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A valid email address, trimmed and lower-cased (we store and compare addresses that way).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let candidate = input.trim().to_lowercase();
        if candidate.is_empty() {
            return Err("Enter your email address.");
        }
        if candidate.len() > Self::MAX_LEN {
            return Err("That email address is too long.");
        }
        let parsed = candidate
            .parse::<email_address::EmailAddress>()
            .map_err(|_| "Enter an email address like name@example.org.")?;
        // A dotless domain is legal in RFC 5321 but is always a typo for our users.
        if !parsed.domain().contains('.') || candidate.contains(char::is_whitespace) {
            return Err("Enter an email address like name@example.org.");
        }
        Ok(Self(candidate))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown to the user and in emails: 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Enter your name.");
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err("Use at most 100 characters.");
        }
        if name.chars().any(char::is_control) {
            return Err("Remove the control characters.");
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password a user wants to set. Length only (OWASP: at least 8, allow long passphrases, no
/// composition rules, never truncate); the server also rejects the most common passwords.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err("Use at least 8 characters.");
        }
        if chars > Self::MAX_CHARS {
            return Err("Use at most 256 characters.");
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

text_enum!(
    /// What an account may do: everything of its own, or also the operators' pages.
    Role {
        User = "user" / "User",
        Admin = "admin" / "Administrator",
    }
);

text_enum!(
    /// What an emailed one-time token is for.
    TokenPurpose {
        Verify = "verify" / "Email verification",
        Reset = "reset" / "Password reset",
        EmailChange = "email_change" / "Email change",
    }
);

/// The signed-in user as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub verified: bool,
    /// The row in the session index this request belongs to.
    pub session_id: SessionId,
}

/// How often anything a person owns has changed, as a sum that only grows (PostgreSQL's
/// triggers count every change; see the account_changes migration). A page rendered for one count
/// is current for as long as the count stays the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeCount(pub i64);

/// One live session in Settings → Security.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: SessionId,
    pub device: String,
    pub ip: Option<String>,
    #[serde(with = "crate::dates::wire::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::dates::wire::utc")]
    pub last_seen_at: DateTime<Utc>,
    pub current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.ORG ").unwrap().as_str(),
            "ada@example.org"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@localhost",
            "a da@example.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(Email::parse(&format!("{}@example.org", "a".repeat(250))).is_err());
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        assert!(NewPassword::parse("seven77").is_err());
        assert!(NewPassword::parse("ééééééé").is_err());
        assert!(NewPassword::parse("éééééééé").is_ok());
        assert!(NewPassword::parse(&"x".repeat(64)).is_ok());
        assert!(NewPassword::parse(&"x".repeat(256)).is_ok());
        assert!(NewPassword::parse(&"x".repeat(257)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-secret").unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Ada  ").unwrap().as_str(), "Ada");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(101)).is_err());
        assert!(DisplayName::parse("a\u{0007}b").is_err());
    }
}
