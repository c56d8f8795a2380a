//! The server's secret key, and the keyed hash (HMAC-SHA256) that is the only form in which a
//! letter code is stored: a stolen database does not give the codes, not even by trying all
//! ten billion of them.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zk_domain::LetterCode;
use zk_store::CodeHash;

pub const KEY_LENGTH: usize = 32;

#[derive(Clone)]
pub struct SecretKey([u8; KEY_LENGTH]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(redacted)")
    }
}

impl SecretKey {
    pub fn generate() -> Self {
        Self(zk_domain::random::bytes())
    }

    pub fn from_bytes(bytes: [u8; KEY_LENGTH]) -> Self {
        Self(bytes)
    }

    /// Reads the key from its file form: 64 hex digits (surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() != KEY_LENGTH * 2 {
            return None;
        }
        let mut out = [0u8; KEY_LENGTH];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(Self(out))
    }

    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A value that shows whether two instances hold the same key, without revealing it.
    pub fn fingerprint(&self) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(b"zorgkring key fingerprint v1");
        mac.finalize()
            .into_bytes()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// A 32-byte key for one purpose, derived from the server key (e.g. to seal TOTP secrets).
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(b"zorgkring derived key v1\0");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A keyed hash of `value` under `label`, as hex: how attempt counters name an IP address,
    /// a browser or an e-mail address without storing it.
    pub fn keyed_hex(&self, label: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(b"zorgkring keyed name v1\0");
        mac.update(label.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The keyed hash of a letter code, domain-separated from any other use of the key.
    pub fn hash_code(&self, code: &LetterCode) -> CodeHash {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(b"zorgkring letter code v1\0");
        mac.update(code.digits().as_bytes());
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_depends_on_the_key_and_the_code() {
        let code = LetterCode::generate();
        let a = SecretKey::generate();
        let b = SecretKey::generate();
        assert_eq!(a.hash_code(&code), a.hash_code(&code));
        assert_ne!(a.hash_code(&code), b.hash_code(&code));
        assert_ne!(a.hash_code(&code), a.hash_code(&LetterCode::generate()));
    }

    #[test]
    fn hex_round_trips_and_bad_files_are_refused() {
        let key = SecretKey::generate();
        let back = SecretKey::from_hex(&format!("{}\n", key.to_hex())).unwrap();
        assert_eq!(back.0, key.0);
        assert!(SecretKey::from_hex("abc").is_none());
        assert!(SecretKey::from_hex(&"zz".repeat(32)).is_none());
        assert!(!format!("{key:?}").contains(&key.to_hex()));
    }
}
