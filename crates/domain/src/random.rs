//! Secrets from the operating system's random source. Tokens, keys and letter codes come only
//! from here.

/// Fills `buf` from the OS RNG. Failing to read it means the machine cannot make secrets at all,
/// which no caller can recover from.
pub fn fill(buf: &mut [u8]) {
    #[expect(clippy::expect_used, reason = "no safe way on without a random source")]
    getrandom::fill(buf).expect("the operating system's random source is unavailable");
}

/// `N` random bytes.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    fill(&mut buf);
    buf
}

/// A uniformly random number below `bound` (rejection sampling, no modulo bias).
pub fn below(bound: u32) -> u32 {
    assert!(bound > 0, "bound must be positive");
    let zone = u32::MAX - (u32::MAX % bound);
    loop {
        let v = u32::from_le_bytes(bytes::<4>());
        if v < zone {
            return v % bound;
        }
    }
}
