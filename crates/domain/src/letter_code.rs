//! The 10-digit code printed on a letter: nine random digits and a Damm check digit, which
//! catches every single-digit typo and every swap of two neighbouring digits before any lookup.

use crate::random;
use std::fmt;

/// The Damm quasigroup of order 10 (totally anti-symmetric).
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

pub const CODE_LENGTH: usize = 10;

fn damm_digit(digits: &[u8]) -> u8 {
    digits
        .iter()
        .fold(0u8, |interim, &d| DAMM[interim as usize][d as usize])
}

/// A well-formed letter code (right length, right check digit). Its `Debug` never shows the
/// digits, so a code cannot end up in a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct LetterCode([u8; CODE_LENGTH]);

/// Why typed input is not a letter code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("the code must have 10 digits")]
    WrongLength,
    #[error("the code may contain only digits")]
    NotDigits,
    #[error("the check digit does not match: there is a typo in the code")]
    CheckDigit,
}

impl LetterCode {
    /// A fresh code from the OS random source.
    pub fn generate() -> Self {
        let mut digits = [0u8; CODE_LENGTH];
        for d in digits.iter_mut().take(CODE_LENGTH - 1) {
            *d = random::below(10) as u8;
        }
        digits[CODE_LENGTH - 1] = damm_digit(&digits[..CODE_LENGTH - 1]);
        Self(digits)
    }

    /// Parses what a person typed: spaces, dots and dashes between digits are ignored.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut digits = Vec::with_capacity(CODE_LENGTH);
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                ' ' | '-' | '.' | '\u{a0}' => {}
                _ => return Err(CodeError::NotDigits),
            }
        }
        let digits: [u8; CODE_LENGTH] = digits.try_into().map_err(|_| CodeError::WrongLength)?;
        if damm_digit(&digits) != 0 {
            return Err(CodeError::CheckDigit);
        }
        Ok(Self(digits))
    }

    /// The ten digits without separators, as hashed and as written to `demo.json`.
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// The code as printed on a letter: groups of 3, 3 and 4 digits.
    pub fn grouped(&self) -> String {
        let s = self.digits();
        format!("{} {} {}", &s[0..3], &s[3..6], &s[6..10])
    }
}

impl fmt::Debug for LetterCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LetterCode(**********)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_generated_code_parses_back() {
        for _ in 0..1000 {
            let code = LetterCode::generate();
            assert_eq!(LetterCode::parse(&code.digits()), Ok(code.clone()));
            assert_eq!(LetterCode::parse(&code.grouped()), Ok(code));
        }
    }

    #[test]
    fn typed_separators_are_ignored_and_other_input_refused() {
        let code = LetterCode::generate().digits();
        let dashed = format!("{}-{}-{}", &code[..3], &code[3..6], &code[6..]);
        assert!(LetterCode::parse(&dashed).is_ok());
        assert_eq!(LetterCode::parse("12345"), Err(CodeError::WrongLength));
        assert_eq!(
            LetterCode::parse("12345678901"),
            Err(CodeError::WrongLength)
        );
        assert_eq!(LetterCode::parse("12345a7890"), Err(CodeError::NotDigits));
    }

    #[test]
    fn debug_never_shows_the_digits() {
        let code = LetterCode::generate();
        assert!(!format!("{code:?}").contains(&code.digits()));
    }

    proptest! {
        #[test]
        fn every_single_digit_typo_is_caught(pos in 0usize..10, delta in 1u8..10) {
            let code = LetterCode::generate().digits().into_bytes();
            let mut typo = code.clone();
            typo[pos] = b'0' + (typo[pos] - b'0' + delta) % 10;
            let typo = String::from_utf8(typo).unwrap();
            prop_assert_eq!(LetterCode::parse(&typo), Err(CodeError::CheckDigit));
        }

        #[test]
        fn every_swap_of_neighbours_is_caught(pos in 0usize..9) {
            let code = LetterCode::generate().digits().into_bytes();
            prop_assume!(code[pos] != code[pos + 1]);
            let mut typo = code.clone();
            typo.swap(pos, pos + 1);
            let typo = String::from_utf8(typo).unwrap();
            prop_assert_eq!(LetterCode::parse(&typo), Err(CodeError::CheckDigit));
        }
    }
}
