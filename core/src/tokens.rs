//! One-time tokens for email links and invites: 256 random bits, sent to the user, stored only as a
//! SHA-256 hash.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A fresh token (64 hex characters) and the hash to store.
pub fn generate() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    let hash = hash(&token);
    (token, hash)
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (first, first_hash) = generate();
        let (second, _) = generate();
        assert_eq!(first.len(), 64);
        assert_ne!(first, second);
        assert_eq!(first_hash, hash(&first));
        assert_eq!(first_hash.len(), 32);
    }
}
