//! Standard base64 (RFC 4648, with padding) for FHIR `base64Binary`, without a dependency.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes with the standard alphabet and `=` padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// How many bytes `s` decodes to, assuming it is valid (whitespace ignored).
pub(crate) fn decoded_len(s: &str) -> usize {
    let significant = s.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    let padding = s
        .bytes()
        .rev()
        .filter(|b| !b.is_ascii_whitespace())
        .take(2)
        .filter(|&b| b == b'=')
        .count();
    (significant / 4 * 3).saturating_sub(padding)
}

/// Decodes standard base64; ASCII whitespace is ignored, padding is required.
pub(crate) fn decode(s: &str) -> Result<Vec<u8>, String> {
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !clean.len().is_multiple_of(4) {
        return Err(format!(
            "the base64 text has {} characters, which is not a multiple of 4",
            clean.len()
        ));
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let last_chunk = clean.len() / 4;
    for (index, chunk) in clean.chunks(4).enumerate() {
        let is_last = index + 1 == last_chunk;
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 || (padding > 0 && !is_last) {
            return Err("'=' padding may only end the base64 text".to_owned());
        }
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = if i >= 4 - padding {
                0
            } else {
                sextet(c).ok_or_else(|| {
                    format!(
                        "'{}' at position {} is not a base64 character",
                        char::from(c).escape_default(),
                        index * 4 + i
                    )
                })?
            };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - padding]);
    }
    Ok(out)
}

fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
            assert_eq!(decoded_len(encoded), plain.len());
        }
    }

    #[test]
    fn round_trips_all_bytes_and_ignores_whitespace() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = encode(&bytes);
        assert_eq!(decode(&text).unwrap(), bytes);
        let wrapped: String = text
            .as_bytes()
            .chunks(76)
            .map(|l| format!("{}\r\n", std::str::from_utf8(l).unwrap()))
            .collect();
        assert_eq!(decode(&wrapped).unwrap(), bytes);
    }

    #[test]
    fn refuses_bad_input() {
        assert!(decode("Zg").is_err());
        assert!(decode("Zg=a").is_err());
        assert!(decode("Z===").is_err());
        assert!(decode("Zg==Zm9v").is_err());
        assert!(decode("Zm9-").unwrap_err().contains("position 3"));
        assert!(decode("Zm9_").is_err());
    }
}
