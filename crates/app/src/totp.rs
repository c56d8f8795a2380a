//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), base32 for
//! the secret people type, and sealing (AES-256-GCM under a key derived from the server key) so
//! the secrets are not readable in the database or in a form's hidden field.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
pub const SECRET_BYTES: usize = 20;

/// The time step of a moment (seconds since the epoch).
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The 6-digit code of `secret` at time step `step`.
pub fn code_at(secret: &[u8], step: i64) -> String {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = (hash[19] & 0x0f) as usize;
    let binary = (u32::from(hash[offset] & 0x7f) << 24)
        | (u32::from(hash[offset + 1]) << 16)
        | (u32::from(hash[offset + 2]) << 8)
        | u32::from(hash[offset + 3]);
    format!("{:06}", binary % 10u32.pow(DIGITS))
}

/// The step among `step - 1 ..= step + 1` whose code is `typed` (clock drift of one step either
/// way), compared without early exit.
pub fn matching_step(secret: &[u8], typed: &str, step: i64) -> Option<i64> {
    use subtle::ConstantTimeEq;
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let mut found = None;
    for s in [step - 1, step, step + 1] {
        if bool::from(code_at(secret, s).as_bytes().ct_eq(typed.as_bytes())) {
            found = Some(s);
        }
    }
    found
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(BASE32[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Seals `plain` for `context` (e.g. the account id): nonce followed by the ciphertext.
pub fn seal(key: &[u8; 32], context: &[u8], plain: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.into());
    let nonce_bytes: [u8; 12] = zk_domain::random::bytes();
    let sealed = cipher
        .encrypt(
            &Nonce::from(nonce_bytes),
            Payload {
                msg: plain,
                aad: context,
            },
        )
        .unwrap_or_else(|_| unreachable!("AES-GCM encrypts any message of this size"));
    let mut out = nonce_bytes.to_vec();
    out.extend(sealed);
    out
}

/// Opens what [`seal`] made for the same `context`; `None` when it was changed or made for
/// another context or key.
pub fn open(key: &[u8; 32], context: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < 12 {
        return None;
    }
    let (nonce, body) = sealed.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().ok()?;
    Aes256Gcm::new(key.into())
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: body,
                aad: context,
            },
        )
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59i64, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at(secret, step_of(time)), code, "{time}");
        }
    }

    #[test]
    fn one_step_of_drift_either_way_and_no_more() {
        let secret = b"12345678901234567890";
        let now = step_of(1_234_567_890);
        assert_eq!(
            matching_step(secret, &code_at(secret, now - 1), now),
            Some(now - 1)
        );
        assert_eq!(
            matching_step(secret, &code_at(secret, now + 1), now),
            Some(now + 1)
        );
        assert_eq!(matching_step(secret, &code_at(secret, now - 2), now), None);
        assert_eq!(matching_step(secret, "12 34 56x", now), None);
    }

    #[test]
    fn base32_as_in_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b""), "");
    }

    #[test]
    fn sealed_secrets_open_only_with_the_same_key_and_context() {
        let key = [7u8; 32];
        let sealed = seal(&key, b"account-1", b"secret");
        assert_eq!(open(&key, b"account-1", &sealed), Some(b"secret".to_vec()));
        assert_eq!(open(&key, b"account-2", &sealed), None);
        assert_eq!(open(&[8u8; 32], b"account-1", &sealed), None);
        let mut changed = sealed.clone();
        changed[14] ^= 1;
        assert_eq!(open(&key, b"account-1", &changed), None);
    }
}
