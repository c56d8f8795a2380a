//! Mobile phone numbers for text messages: parses what a person typed (Dutch `06` forms or
//! international E.164) into E.164, and masks it for the interface and logs.

use std::fmt;

/// Characters people put between digits; they carry no meaning and are dropped.
const SEPARATORS: [char; 7] = [' ', '-', '.', '(', ')', '\u{a0}', '\t'];

/// Digits in an E.164 number, country code included.
const MIN_DIGITS: usize = 8;
const MAX_DIGITS: usize = 15;

/// The Netherlands' country code, and the digits of a Dutch mobile after it: `6` + 8 digits.
const DUTCH: &str = "31";
const DUTCH_MOBILE_DIGITS: usize = 9;

/// A mobile number that text messages can reach, held in E.164 (`+31612345678`). Its
/// `Debug` shows only the masked form, so a full number cannot end up in a log by accident.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

/// Why typed input is not a mobile number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("enter a mobile phone number")]
    Empty,
    #[error("a phone number contains only digits, optionally starting with + and the country code")]
    NotANumber,
    #[error("this is a Dutch landline number; text messages need a mobile number starting with 06")]
    NotMobile,
    #[error(
        "a Dutch mobile number has 10 digits starting with 06; a foreign number starts with + \
         and the country code, 8 to 15 digits in all"
    )]
    WrongLength,
}

impl PhoneNumber {
    /// Parses a mobile number as people type it: `0612345678`, `06-12345678`,
    /// `06 1234 5678`, `+31 6 12345678`, `+31 (0)6 12345678`, `0031612345678`, or any
    /// foreign number as `+` and 8 to 15 digits. Spaces, dashes, dots and parentheses are
    /// ignored. Dutch numbers outside 06 are refused: text messages cannot reach them.
    pub fn parse_mobile(input: &str) -> Result<Self, PhoneError> {
        if input.trim().is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, digits) = digits_of(input)?;
        let international = if plus {
            digits.as_str()
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest
        } else if let Some(rest) = digits.strip_prefix('0') {
            return dutch(rest);
        } else {
            // Neither a trunk prefix nor a country code: we cannot tell where it belongs.
            return Err(PhoneError::WrongLength);
        };
        if let Some(rest) = international.strip_prefix(DUTCH) {
            // "+31 (0)6 …" is a common Dutch way of writing; the 0 never follows 31.
            return dutch(rest.strip_prefix('0').unwrap_or(rest));
        }
        if international.starts_with('0') {
            return Err(PhoneError::NotANumber);
        }
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&international.len()) {
            return Err(PhoneError::WrongLength);
        }
        Ok(Self(format!("+{international}")))
    }

    /// The number in E.164: `+` and digits only, as sent to an SMS gateway and stored.
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// The country calling code (ITU-T E.164): 31 for the Netherlands, 1 for North America.
    pub fn calling_code(&self) -> u16 {
        let digits = self.0.trim_start_matches('+');
        digits[..country_code_len(digits)].parse().unwrap_or(0)
    }

    /// The number with all but its last four digits hidden, for the interface and logs:
    /// `+31 6 ****5678`, or `+44 ****3456` abroad. Always four stars, so the mask does not
    /// reveal the length either.
    pub fn masked(&self) -> String {
        let digits = self.0.trim_start_matches('+');
        let last4 = &digits[digits.len().saturating_sub(4)..];
        if digits.starts_with(DUTCH) {
            return format!("+{DUTCH} 6 ****{last4}");
        }
        let cc = &digits[..country_code_len(digits)];
        format!("+{cc} ****{last4}")
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

/// The digits of `input` and whether it began with `+`; refuses anything else.
fn digits_of(input: &str) -> Result<(bool, String), PhoneError> {
    let mut plus = false;
    let mut digits = String::with_capacity(MAX_DIGITS);
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if !plus && digits.is_empty() => plus = true,
            c if SEPARATORS.contains(&c) => {}
            _ => return Err(PhoneError::NotANumber),
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::NotANumber);
    }
    Ok((plus, digits))
}

/// A Dutch number given without its country code and trunk 0: mobile or refused.
fn dutch(national: &str) -> Result<PhoneNumber, PhoneError> {
    if national.is_empty() {
        return Err(PhoneError::WrongLength);
    }
    if !national.starts_with('6') {
        return Err(PhoneError::NotMobile);
    }
    if national.len() != DUTCH_MOBILE_DIGITS {
        return Err(PhoneError::WrongLength);
    }
    Ok(PhoneNumber(format!("+{DUTCH}{national}")))
}

/// Length of the country code at the start of `digits` (ITU-T E.164 codes are prefix-free:
/// 1 and 7 stand alone, a fixed set has two digits, every other code has three).
pub(crate) fn country_code_len(digits: &str) -> usize {
    const TWO_DIGIT: [&str; 43] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGIT.iter().any(|cc| digits.starts_with(cc)) || digits.starts_with("98") {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e164(input: &str) -> String {
        PhoneNumber::parse_mobile(input)
            .unwrap()
            .as_e164()
            .to_owned()
    }

    #[test]
    fn every_dutch_mobile_form_gives_the_same_number() {
        for input in [
            "0612345678",
            "06-12345678",
            "06 1234 5678",
            "06.12.34.56.78",
            "(06) 12345678",
            "+31 6 12345678",
            "+31612345678",
            "+31 (0)6 12345678",
            "(+31) 6-1234-5678",
            "0031612345678",
            "0031 (0)6 12345678",
            "  06 12345678\u{a0}",
        ] {
            assert_eq!(e164(input), "+31612345678", "{input}");
        }
    }

    #[test]
    fn foreign_numbers_are_taken_in_e164() {
        assert_eq!(e164("+44 7911 123456"), "+447911123456");
        assert_eq!(e164("+32 470 12 34 56"), "+32470123456");
        assert_eq!(e164("0049 151 23456789"), "+4915123456789");
        assert_eq!(e164("+1 (202) 555-0143"), "+12025550143");
        assert_eq!(e164("+12345678"), "+12345678", "8 digits is the minimum");
        assert_eq!(
            e164("+123456789012345"),
            "+123456789012345",
            "15 is the maximum"
        );
    }

    #[test]
    fn dutch_landlines_and_service_numbers_are_not_mobile() {
        for input in [
            "010-1234567",
            "+31 10 1234567",
            "0031101234567",
            "020 123 4567",
            "0800-1234",
            "+31 (0)20 1234567",
        ] {
            assert_eq!(
                PhoneNumber::parse_mobile(input),
                Err(PhoneError::NotMobile),
                "{input}"
            );
        }
    }

    #[test]
    fn wrong_lengths_are_refused() {
        for input in [
            "061234567",
            "06123456789",
            "+3161234567",
            "+316123456789",
            "+1234567",
            "+1234567890123456",
            "0",
            "+31",
            "612345678",
            "12345",
        ] {
            assert_eq!(
                PhoneNumber::parse_mobile(input),
                Err(PhoneError::WrongLength),
                "{input}"
            );
        }
    }

    #[test]
    fn empty_and_non_numbers_are_refused() {
        assert_eq!(PhoneNumber::parse_mobile(""), Err(PhoneError::Empty));
        assert_eq!(PhoneNumber::parse_mobile("  \t "), Err(PhoneError::Empty));
        for input in [
            "06-1234567a",
            "zes nul zes",
            "06+12345678",
            "++31612345678",
            "+",
            "--",
            "+0612345678",
            "000612345678",
            "06/12345678",
            "０６１２３４５６７８",
        ] {
            assert_eq!(
                PhoneNumber::parse_mobile(input),
                Err(PhoneError::NotANumber),
                "{input}"
            );
        }
    }

    #[test]
    fn masked_shows_only_the_last_four_digits() {
        let nl = PhoneNumber::parse_mobile("06 1234 5678").unwrap();
        assert_eq!(nl.masked(), "+31 6 ****5678");
        let uk = PhoneNumber::parse_mobile("+44 7911 123456").unwrap();
        assert_eq!(uk.masked(), "+44 ****3456");
        let us = PhoneNumber::parse_mobile("+1 202 555 0143").unwrap();
        assert_eq!(us.masked(), "+1 ****0143");
        let pt = PhoneNumber::parse_mobile("+351 912 345 678").unwrap();
        assert_eq!(pt.masked(), "+351 ****5678");
    }

    #[test]
    fn the_calling_code_is_the_whole_country_code() {
        for (input, code) in [
            ("0612345678", 31),
            ("+32 470 12 34 56", 32),
            ("+1 202 555 0143", 1),
            ("+7 912 345 67 89", 7),
            ("+351 912 345 678", 351),
            ("+882 1234 5678", 882),
            ("+423 791 23 45", 423),
        ] {
            let number = PhoneNumber::parse_mobile(input).unwrap();
            assert_eq!(number.calling_code(), code, "{input}");
        }
    }

    #[test]
    fn debug_never_shows_the_full_number() {
        let number = PhoneNumber::parse_mobile("0612345678").unwrap();
        let debug = format!("{number:?}");
        assert_eq!(debug, "PhoneNumber(+31 6 ****5678)");
        assert!(!debug.contains("12345678"));
    }

    /// A Dutch mobile written in one of the ways people write it.
    fn dutch_mobile_input() -> impl Strategy<Value = String> {
        (
            "[0-9]{8}",
            prop::sample::select(vec![
                "06",
                "06-",
                "06 ",
                "+316",
                "+31 6 ",
                "+31 (0)6 ",
                "00316",
            ]),
        )
            .prop_map(|(rest, prefix)| format!("{prefix}{rest}"))
    }

    /// A foreign number in E.164, with separators sprinkled in.
    fn foreign_input() -> impl Strategy<Value = String> {
        ("[1-9][0-9]{7,14}", prop::collection::vec(0usize..4, 15)).prop_filter_map(
            "not Dutch",
            |(digits, seps)| {
                if digits.starts_with(DUTCH) {
                    return None;
                }
                let mut out = String::from("+");
                for (c, sep) in digits.chars().zip(seps) {
                    out.push(c);
                    out.push_str(["", " ", "-", "."][sep]);
                }
                Some(out)
            },
        )
    }

    proptest! {
        #[test]
        fn every_dutch_mobile_parses_and_round_trips(input in dutch_mobile_input()) {
            let number = PhoneNumber::parse_mobile(&input).unwrap();
            prop_assert!(number.as_e164().starts_with("+316"));
            prop_assert_eq!(number.as_e164().len(), 12);
            prop_assert_eq!(PhoneNumber::parse_mobile(number.as_e164()), Ok(number));
        }

        #[test]
        fn every_foreign_number_parses_and_round_trips(input in foreign_input()) {
            let number = PhoneNumber::parse_mobile(&input).unwrap();
            prop_assert_eq!(PhoneNumber::parse_mobile(number.as_e164()), Ok(number));
        }

        #[test]
        fn whatever_parses_round_trips_and_masks_to_its_last_four(
            input in "[+0-9 ().a-]{0,20}"
        ) {
            if let Ok(number) = PhoneNumber::parse_mobile(&input) {
                let e164 = number.as_e164();
                prop_assert!(e164.starts_with('+'));
                prop_assert!(e164[1..].bytes().all(|b| b.is_ascii_digit()));
                prop_assert!((MIN_DIGITS..=MAX_DIGITS).contains(&(e164.len() - 1)));
                prop_assert!(number.masked().ends_with(&e164[e164.len() - 4..]));
                prop_assert_eq!(PhoneNumber::parse_mobile(e164), Ok(number));
            }
        }
    }
}
