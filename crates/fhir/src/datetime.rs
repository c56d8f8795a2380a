//! FHIR `date`, `dateTime` and `instant` values, parsed strictly into jiff types.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;

/// A FHIR `dateTime` we accept: a full date, or a moment with time and timezone.
///
/// Partial dates (`YYYY`, `YYYY-MM`) are refused where we need this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FhirDateTime {
    Date(Date),
    Instant(Timestamp),
}

impl fmt::Display for FhirDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FhirDateTime::Date(d) => write!(f, "{d}"),
            FhirDateTime::Instant(t) => write!(f, "{t}"),
        }
    }
}

/// Parses a full FHIR `date` (`YYYY-MM-DD`).
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    let b = s.as_bytes();
    if is_full_date(b) {
        let year = digits(&b[0..4]);
        let month = digits(&b[5..7]);
        let day = digits(&b[8..10]);
        return i16::try_from(year)
            .ok()
            .zip(i8::try_from(month).ok())
            .zip(i8::try_from(day).ok())
            .and_then(|((y, m), d)| Date::new(y, m, d).ok())
            .ok_or_else(|| format!("'{s}' is not a valid calendar date"));
    }
    if is_partial_date(b) {
        return Err(format!(
            "'{s}' is a partial date; a full date (YYYY-MM-DD) is required"
        ));
    }
    Err(format!("'{s}' is not a date of the form YYYY-MM-DD"))
}

/// Parses a FHIR `instant`: date, time with seconds, and `Z` or an offset.
pub(crate) fn parse_instant(s: &str) -> Result<Timestamp, String> {
    let b = s.as_bytes();
    if is_full_date(b) || is_partial_date(b) {
        return Err(format!(
            "'{s}' has no time; a date and time with timezone is required, e.g. 2024-05-01T09:30:00+02:00"
        ));
    }
    if !is_instant_shape(b) {
        return Err(format!(
            "'{s}' is not a date and time with timezone of the form YYYY-MM-DDThh:mm:ss(.sss)(Z|+hh:mm)"
        ));
    }
    s.parse::<Timestamp>()
        .map_err(|_| format!("'{s}' is not a valid date and time"))
}

/// Parses a FHIR `dateTime`, refusing partial dates.
pub(crate) fn parse_date_time(s: &str) -> Result<FhirDateTime, String> {
    if s.len() <= 10 {
        parse_date(s).map(FhirDateTime::Date)
    } else {
        parse_instant(s).map(FhirDateTime::Instant)
    }
}

fn digits(b: &[u8]) -> u32 {
    b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

fn all_digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

fn is_full_date(b: &[u8]) -> bool {
    b.len() == 10
        && all_digits(&b[0..4])
        && b[4] == b'-'
        && all_digits(&b[5..7])
        && b[7] == b'-'
        && all_digits(&b[8..10])
}

fn is_partial_date(b: &[u8]) -> bool {
    (b.len() == 4 && all_digits(b))
        || (b.len() == 7 && all_digits(&b[0..4]) && b[4] == b'-' && all_digits(&b[5..7]))
}

fn is_instant_shape(b: &[u8]) -> bool {
    if b.len() < 20 || !is_full_date(&b[0..10]) || b[10] != b'T' {
        return false;
    }
    let time = &b[11..19];
    let time_ok = all_digits(&time[0..2])
        && time[2] == b':'
        && all_digits(&time[3..5])
        && time[5] == b':'
        && all_digits(&time[6..8]);
    if !time_ok {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(after_dot) = rest.strip_prefix(b".") {
        let n = after_dot.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &after_dot[n..];
    }
    match rest {
        b"Z" => true,
        [sign, h1, h2, b':', m1, m2] => {
            (*sign == b'+' || *sign == b'-') && all_digits(&[*h1, *h2, *m1, *m2])
        }
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("1974-12-25").unwrap(),
            jiff::civil::date(1974, 12, 25)
        );
        assert!(parse_date("1974").unwrap_err().contains("partial"));
        assert!(parse_date("1974-12").unwrap_err().contains("partial"));
        assert!(parse_date("1974-02-30").unwrap_err().contains("calendar"));
        assert!(parse_date("19741225").is_err());
        assert!(parse_date("1974-12-25T10:00:00Z").is_err());
    }

    #[test]
    fn instants() {
        let t = parse_instant("2013-12-10T09:00:00+01:00").unwrap();
        assert_eq!(t.to_string(), "2013-12-10T08:00:00Z");
        assert_eq!(
            parse_instant("2013-12-10T09:00:00.250Z")
                .unwrap()
                .to_string(),
            "2013-12-10T09:00:00.25Z"
        );
        assert!(parse_instant("2013-12-10").unwrap_err().contains("no time"));
        assert!(parse_instant("2013-12-10T09:00:00").is_err());
        assert!(parse_instant("2013-12-10T09:00Z").is_err());
        assert!(parse_instant("2013-12-10T25:00:00Z").is_err());
        assert!(parse_instant("2013-12-10t09:00:00z").is_err());
    }

    #[test]
    fn date_times() {
        assert_eq!(
            parse_date_time("1999-07-02").unwrap(),
            FhirDateTime::Date(jiff::civil::date(1999, 7, 2))
        );
        assert_eq!(
            parse_date_time("2013-01-01T10:30:00+00:00")
                .unwrap()
                .to_string(),
            "2013-01-01T10:30:00Z"
        );
        assert!(parse_date_time("1999").unwrap_err().contains("partial"));
    }
}
