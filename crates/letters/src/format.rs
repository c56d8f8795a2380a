//! Dates and codes written the way a Dutch reader expects them.

use jiff::civil::Date;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "23 november 2026": the day without a leading zero, the month in words.
pub fn dutch_date(date: Date) -> String {
    let month = usize::try_from(date.month() - 1).unwrap_or(0);
    format!("{} {} {}", date.day(), MONTHS[month.min(11)], date.year())
}

/// The code as printed: a 10-digit code in groups of 3, 3 and 4, like a Dutch phone number
/// ("123 456 7890"), which is easy to read out and to type over. Spaces the caller put in
/// are ignored; anything that is not 10 digits is printed as given, trimmed.
pub fn group_code(code: &str) -> String {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..])
    } else {
        code.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_are_written_in_dutch() {
        assert_eq!(dutch_date(date(2026, 11, 23)), "23 november 2026");
        assert_eq!(dutch_date(date(2027, 1, 5)), "5 januari 2027");
        assert_eq!(dutch_date(date(2027, 3, 31)), "31 maart 2027");
    }

    #[test]
    fn ten_digit_codes_are_grouped_three_three_four() {
        assert_eq!(group_code("1234567890"), "123 456 7890");
        assert_eq!(group_code(" 123 4567890 "), "123 456 7890");
        assert_eq!(group_code("12345"), "12345");
        assert_eq!(group_code("ABCDEFGHIJ"), "ABCDEFGHIJ");
    }
}
