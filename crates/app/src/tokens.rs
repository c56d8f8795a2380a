//! Random tokens for browsers, activation links and sessions: 256 bits from the OS, handed out
//! as hex, stored only as their SHA-256.

use sha2::{Digest, Sha256};
use zk_store::TokenHash;

/// A fresh token and its hash.
pub fn new_token() -> (String, TokenHash) {
    let bytes: [u8; 32] = zk_domain::random::bytes();
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a token. Any input hashes, so a malformed token simply finds nothing.
pub fn hash_token(token: &str) -> TokenHash {
    Sha256::digest(token.as_bytes()).into()
}

/// Whether a token has the shape we hand out, so garbage is refused before any lookup.
pub fn looks_like_token(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hash_to_their_stored_form() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert!(looks_like_token(&a));
        assert_eq!(hash_token(&a), ha);
        assert!(!looks_like_token("abc"));
        assert!(!looks_like_token(&a.to_uppercase()));
    }
}
