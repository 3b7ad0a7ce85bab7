//! Password hashing with argon2id (OWASP's minimum: m=19456 KiB, t=2, p=1, which is
//! `argon2::Params::default()`). Hashing is slow on purpose, so it runs on the blocking pool.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::OsRng;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .filter(|line| !line.is_empty())
        .collect()
});

/// A hash of a random password, verified when the email is unknown so that unknown addresses
/// take as long as wrong passwords.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("careerhub-dummy-password-for-timing"));

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Whether `password` (compared lower-cased) is one of the 10,000 most common passwords.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

fn hash_blocking(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

pub async fn hash(password: String) -> String {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .expect("hashing panicked")
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    /// Correct; `rehash` when the stored hash uses weaker parameters than today's.
    Yes {
        rehash: bool,
    },
    No,
}

/// Verifies against `stored`, or against a dummy hash when there is no account.
pub async fn verify(password: String, stored: Option<String>) -> Verified {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return Verified::No;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        if ok && known {
            Verified::Yes {
                rehash: needs_rehash(&parsed),
            }
        } else {
            Verified::No
        }
    })
    .await
    .expect("verifying panicked")
}

fn needs_rehash(hash: &PasswordHash<'_>) -> bool {
    let current = Params::default();
    let param = |name: &str| hash.params.get_decimal(name).unwrap_or(0);
    hash.algorithm.as_str() != "argon2id"
        || param("m") < current.m_cost()
        || param("t") < current.t_cost()
        || param("p") < current.p_cost()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_parameters_and_salted() {
        let first = hash("correct horse battery".into()).await;
        let second = hash("correct horse battery".into()).await;
        assert!(
            first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{first}"
        );
        assert_ne!(first, second, "equal passwords give different hashes");
        assert_eq!(
            verify("correct horse battery".into(), Some(first)).await,
            Verified::Yes { rehash: false }
        );
        assert_eq!(verify("wrong".into(), Some(second)).await, Verified::No);
        assert_eq!(verify("anything".into(), None).await, Verified::No);
    }

    #[tokio::test]
    async fn weaker_hashes_ask_for_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"old password here", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert_eq!(
            verify("old password here".into(), Some(weak)).await,
            Verified::Yes { rehash: true }
        );
    }

    #[test]
    fn common_passwords_are_known_in_any_case() {
        assert_eq!(COMMON.len(), 10_000);
        assert!(is_common("password"));
        assert!(is_common("PassWord"));
        assert!(is_common("12345678"));
        assert!(!is_common("violet staple rhubarb lantern"));
    }
}
