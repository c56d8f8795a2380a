//! Where SMS may go: the country calling codes an installation allows (by default the
//! Netherlands and the rest of the EU/EEA), and never the premium-rate, satellite and other
//! non-geographic ranges that SMS toll fraud pumps messages to.

use crate::phone::{PhoneNumber, country_code_len};
use std::fmt;

/// The EU and EEA member states: the default allow-list. (Austria, Belgium, Bulgaria, Croatia,
/// Cyprus, Czechia, Denmark, Estonia, Finland, France, Germany, Greece, Hungary, Ireland,
/// Italy, Latvia, Lithuania, Luxembourg, Malta, the Netherlands, Poland, Portugal, Romania,
/// Slovakia, Slovenia, Spain, Sweden; Iceland, Liechtenstein, Norway.)
pub const EEA: [u16; 30] = [
    43, 32, 359, 385, 357, 420, 45, 372, 358, 33, 49, 30, 36, 353, 39, 371, 370, 352, 356, 31, 48,
    351, 40, 421, 386, 34, 46, 354, 423, 47,
];

/// The word that stands for [`EEA`] in the setting.
pub const EEA_WORD: &str = "EEA";

/// Ranges no SMS goes to, whatever the setting, as the digits a number starts with (after
/// `+`): international freephone and shared-cost numbers (800, 808), Inmarsat (870), UPT
/// (878), satellite phones (881), international networks (882, 883), OCHA (888), international
/// premium rate (979), trials (991), and North American premium rate (1 900, 1 976).
pub const NEVER: [&str; 12] = [
    "800", "808", "870", "878", "881", "882", "883", "888", "979", "991", "1900", "1976",
];

/// The calling codes SMS may go to. Codes have at most three digits, so a bit set holds them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SmsCountries {
    bits: [u64; 16],
}

impl SmsCountries {
    /// No country at all (start of [`SmsCountries::parse`]).
    const fn none() -> Self {
        Self { bits: [0; 16] }
    }

    /// The Netherlands and the rest of the EU/EEA.
    pub fn eea() -> Self {
        let mut countries = Self::none();
        for code in EEA {
            countries.insert(code);
        }
        countries
    }

    fn insert(&mut self, code: u16) {
        self.bits[usize::from(code / 64)] |= 1 << (code % 64);
    }

    /// Whether `code` is on the list.
    pub fn contains(&self, code: u16) -> bool {
        code < 1024 && self.bits[usize::from(code / 64)] & (1 << (code % 64)) != 0
    }

    /// The codes on the list, smallest first.
    pub fn codes(&self) -> impl Iterator<Item = u16> + '_ {
        (1..1000).filter(|&c| self.contains(c))
    }

    /// Whether an SMS may go to `number`: its country is on the list and it is not in a
    /// range that is never allowed.
    pub fn allows(&self, number: &PhoneNumber) -> bool {
        let digits = number.as_e164().trim_start_matches('+');
        self.contains(number.calling_code()) && !NEVER.iter().any(|n| digits.starts_with(n))
    }

    /// Reads the setting: calling codes (`31`, `+44`) and the word `EEA`, separated by commas
    /// or spaces, e.g. `EEA,+41,+44`. The error says what is wrong, in one line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut countries = Self::none();
        let items = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|i| !i.is_empty());
        for item in items {
            if item.eq_ignore_ascii_case(EEA_WORD) {
                for code in EEA {
                    countries.insert(code);
                }
                continue;
            }
            let digits = item.strip_prefix('+').unwrap_or(item);
            let whole_code = !digits.is_empty()
                && digits.len() <= 3
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !digits.starts_with('0')
                && country_code_len(digits) == digits.len();
            if !whole_code {
                return Err(format!(
                    "'{item}' is not a country calling code; write codes like +31 or +44, or {EEA_WORD} for the EU and EEA, separated by commas"
                ));
            }
            if NEVER.contains(&digits) {
                return Err(format!(
                    "+{digits} is a premium-rate or non-geographic range used for SMS fraud; it cannot be allowed"
                ));
            }
            countries.insert(digits.parse().unwrap_or(0));
        }
        if countries == Self::none() {
            return Err(format!(
                "list at least one country calling code (e.g. +31), or {EEA_WORD} for the EU and EEA"
            ));
        }
        Ok(countries)
    }
}

impl Default for SmsCountries {
    fn default() -> Self {
        Self::eea()
    }
}

impl fmt::Debug for SmsCountries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.codes().map(|c| format!("+{c}")))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(input: &str) -> PhoneNumber {
        PhoneNumber::parse_mobile(input).unwrap()
    }

    #[test]
    fn the_default_is_the_netherlands_and_the_eea() {
        let eea = SmsCountries::default();
        for n in [
            "06 1234 5678",
            "+32 470 12 34 56",
            "+49 151 23456789",
            "+351 912 345 678",
            "+47 412 34 567",
            "+354 611 1234",
        ] {
            assert!(eea.allows(&number(n)), "{n}");
        }
        for n in [
            "+44 7911 123456",
            "+1 202 555 0143",
            "+1 900 555 0143",
            "+239 990 1234",
            "+882 1234 5678",
            "+883 5100 1234",
            "+881 6 1234 5678",
            "+979 1234 5678",
            "+7 912 345 67 89",
            "+41 79 123 45 67",
        ] {
            assert!(!eea.allows(&number(n)), "{n}");
        }
        assert_eq!(eea.codes().count(), 30);
    }

    #[test]
    fn the_setting_adds_countries_but_never_premium_ranges() {
        let c = SmsCountries::parse("EEA, +44 41").unwrap();
        assert!(c.allows(&number("+44 7911 123456")));
        assert!(c.allows(&number("+41 79 123 45 67")));
        assert!(c.allows(&number("0612345678")));
        let us = SmsCountries::parse("+1").unwrap();
        assert!(us.allows(&number("+1 202 555 0143")));
        assert!(!us.allows(&number("+1 900 555 0143")));
        assert!(!us.allows(&number("+1 976 555 0143")));
        assert!(!us.allows(&number("0612345678")));
        assert_eq!(SmsCountries::parse("eea").unwrap(), SmsCountries::eea());
    }

    #[test]
    fn a_wrong_setting_says_what_is_wrong() {
        for (text, says) in [
            ("", "at least one"),
            (" , ", "at least one"),
            ("NL", "not a country calling code"),
            ("+3", "not a country calling code"),
            ("311", "not a country calling code"),
            ("+031", "not a country calling code"),
            ("1234", "not a country calling code"),
            ("+882", "cannot be allowed"),
            ("EEA,979", "cannot be allowed"),
        ] {
            let error = SmsCountries::parse(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
            assert!(!error.contains('\n'));
        }
    }
}
