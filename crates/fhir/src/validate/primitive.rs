//! The JSON type and lexical form of the R4 primitive types (the regexes of the spec).

use serde_json::Value;

use crate::json::kind;
use crate::outcome::IssueCode;

/// A problem with one primitive value.
pub(crate) type Problem = (IssueCode, String);

/// Checks `value` as a FHIR primitive of type `code` (`string`, `date`, `decimal`, …).
pub(crate) fn check(type_code: &str, value: &Value) -> Result<(), Problem> {
    match type_code {
        "boolean" => match value {
            Value::Bool(_) => Ok(()),
            other => Err(wrong_json("a boolean (true or false)", other)),
        },
        "decimal" => match value {
            Value::Number(n) if is_decimal(&n.to_string()) => Ok(()),
            Value::Number(n) => Err(bad(format!("{n} is not a valid decimal"))),
            other => Err(wrong_json("a number", other)),
        },
        "integer" => integer(value, i64::from(i32::MIN)),
        "unsignedInt" => integer(value, 0),
        "positiveInt" => integer(value, 1),
        _ => {
            let Value::String(s) = value else {
                return Err(wrong_json("a string", value));
            };
            if s.is_empty() {
                return Err(bad("must not be an empty string".to_owned()));
            }
            if string_form(type_code, s) {
                Ok(())
            } else {
                Err(bad(format!(
                    "'{}' is not a valid {type_code}{}",
                    clip(s),
                    form_hint(type_code)
                )))
            }
        }
    }
}

/// Whether the primitive type is carried as a JSON string.
fn string_form(type_code: &str, s: &str) -> bool {
    let b = s.as_bytes();
    match type_code {
        "id" => {
            b.len() <= 64
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || b"-.".contains(c))
        }
        "code" => is_code(s),
        "uri" | "url" | "canonical" => !b.iter().any(u8::is_ascii_whitespace),
        "oid" => is_oid(s),
        "uuid" => is_uuid(b),
        "date" => date_len(b) == Some(b.len()),
        "dateTime" => is_date_time(b),
        "instant" => is_instant(b),
        "time" => time_len(b) == Some(b.len()),
        "base64Binary" => is_base64(b),
        "xhtml" => s.trim_start().starts_with("<div"),
        // string, markdown: any non-empty text.
        _ => true,
    }
}

/// How a primitive type is written, for diagnostics.
fn form_hint(type_code: &str) -> &'static str {
    match type_code {
        "id" => " (1 to 64 letters, digits, '-' or '.')",
        "code" => " (no leading, trailing or double spaces)",
        "uri" | "url" | "canonical" => " (no spaces)",
        "oid" => " (urn:oid: and digits with dots, e.g. urn:oid:2.16.840.1)",
        "uuid" => " (urn:uuid: and a lowercase UUID)",
        "date" => " (YYYY, YYYY-MM or YYYY-MM-DD, a real calendar day)",
        "dateTime" => {
            " (YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with a timezone such as Z or \
             +02:00; a real calendar day)"
        }
        "instant" => " (YYYY-MM-DDThh:mm:ss with a timezone such as Z or +02:00)",
        "time" => " (hh:mm:ss)",
        "base64Binary" => " (base64)",
        "xhtml" => " (a <div> element)",
        _ => "",
    }
}

fn integer(value: &Value, min: i64) -> Result<(), Problem> {
    let Value::Number(n) = value else {
        return Err(wrong_json("a whole number", value));
    };
    let text = n.to_string();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    match text.parse::<i64>() {
        Ok(v) if canonical && v >= min && v <= i64::from(i32::MAX) => Ok(()),
        Ok(_) if canonical => Err(bad(format!("{text} is out of range"))),
        _ => Err(bad(format!("{text} is not a whole number"))),
    }
}

fn wrong_json(expected: &str, value: &Value) -> Problem {
    (
        IssueCode::Structure,
        format!("must be {expected}, not {}", kind(value)),
    )
}

fn bad(message: String) -> Problem {
    (IssueCode::Value, message)
}

/// At most 60 characters of a value, for diagnostics.
fn clip(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn is_decimal(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int == 0 || (int > 1 && b[0] == b'0') {
        return false;
    }
    let mut rest = &b[int..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    if let Some(exp) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exp = exp
            .strip_prefix(b"+")
            .or_else(|| exp.strip_prefix(b"-"))
            .unwrap_or(exp);
        return !exp.is_empty() && exp.iter().all(u8::is_ascii_digit);
    }
    rest.is_empty()
}

/// `[^\s]+(\s[^\s]+)*`: no leading, trailing or double whitespace.
fn is_code(s: &str) -> bool {
    !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
}

/// `urn:oid:[0-2](\.(0|[1-9][0-9]*))+`
fn is_oid(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("urn:oid:") else {
        return false;
    };
    let mut parts = rest.split('.');
    let first_ok = matches!(parts.next(), Some("0" | "1" | "2"));
    let mut count = 0;
    let rest_ok = parts.all(|p| {
        count += 1;
        !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    });
    first_ok && rest_ok && count > 0
}

/// `urn:uuid:` and a lowercase UUID.
fn is_uuid(b: &[u8]) -> bool {
    let Some(u) = b.strip_prefix(b"urn:uuid:") else {
        return false;
    };
    u.len() == 36
        && u.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

/// Base64 (whitespace allowed between groups), a whole number of 4-character groups.
fn is_base64(b: &[u8]) -> bool {
    let mut count = 0usize;
    let mut padding = 0usize;
    for &c in b {
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            b'=' => padding += 1,
            _ if padding > 0 => return false,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => {}
            _ => return false,
        }
        count += 1;
    }
    count > 0 && count.is_multiple_of(4) && padding <= 2
}

fn digits_at(b: &[u8], from: usize, n: usize) -> Option<u32> {
    let part = b.get(from..from + n)?;
    part.iter()
        .all(u8::is_ascii_digit)
        .then(|| part.iter().fold(0, |v, c| v * 10 + u32::from(c - b'0')))
}

/// The length of the `date` prefix of `b` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real day).
fn date_len(b: &[u8]) -> Option<usize> {
    let year = digits_at(b, 0, 4)?;
    if year == 0 {
        return None;
    }
    if b.get(4) != Some(&b'-') {
        return Some(4);
    }
    let month = digits_at(b, 5, 2).filter(|m| (1..=12).contains(m))?;
    if b.get(7) != Some(&b'-') {
        return Some(7);
    }
    let day = digits_at(b, 8, 2)?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day).then_some(10)
}

/// The length of a `time` at the start of `b`: `hh:mm:ss(.f+)?`.
fn time_len(b: &[u8]) -> Option<usize> {
    let h = digits_at(b, 0, 2)?;
    let m = digits_at(b, 3, 2)?;
    let s = digits_at(b, 6, 2)?;
    if b.get(2) != Some(&b':') || b.get(5) != Some(&b':') || h > 23 || m > 59 || s > 60 {
        return None;
    }
    if b.get(8) == Some(&b'.') {
        let n = b[9..].iter().take_while(|c| c.is_ascii_digit()).count();
        return (n > 0).then_some(9 + n);
    }
    Some(8)
}

/// `Z` or `+hh:mm` / `-hh:mm` (up to 14:00), the whole of `b`.
fn is_zone(b: &[u8]) -> bool {
    match b {
        b"Z" => true,
        [b'+' | b'-', rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
            match (digits_at(rest, 0, 2), digits_at(rest, 3, 2)) {
                (Some(h), Some(m)) => (h < 14 && m < 60) || (h == 14 && m == 0),
                _ => false,
            }
        }
        _ => false,
    }
}

/// A date, or a full date with a time and timezone.
fn is_date_time(b: &[u8]) -> bool {
    match date_len(b) {
        Some(n) if n == b.len() => true,
        Some(10) => is_instant(b),
        _ => false,
    }
}

/// A full date, `T`, a time and a timezone.
fn is_instant(b: &[u8]) -> bool {
    date_len(b) == Some(10)
        && b.get(10) == Some(&b'T')
        && time_len(&b[11..]).is_some_and(|n| is_zone(&b[11 + n..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(t: &str, v: Value) -> bool {
        check(t, &v).is_ok()
    }

    #[test]
    fn dates_and_times() {
        for good in ["2024", "2024-02", "2024-02-29", "2024-02-29T10:00:00Z"] {
            assert!(ok("dateTime", json!(good)), "{good}");
        }
        for bad in [
            "2023-02-29",
            "2024-13",
            "2024-02-29T10:00",
            "2024-02-29T10:00:00",
            "24",
        ] {
            assert!(!ok("dateTime", json!(bad)), "{bad}");
        }
        assert!(ok("date", json!("1974-12-25")));
        assert!(!ok("date", json!("1974-12-25T10:00:00Z")));
        assert!(ok("instant", json!("2015-02-07T13:28:17.239+02:00")));
        assert!(!ok("instant", json!("2015-02-07")));
        assert!(!ok("instant", json!("2015-02-07T13:28:17+15:00")));
        assert!(ok("time", json!("23:59:60")));
        assert!(!ok("time", json!("24:00:00")));
    }

    #[test]
    fn numbers() {
        assert!(ok("decimal", json!(7.2)));
        assert!(ok("integer", json!(-5)));
        assert!(!ok("integer", json!(1.5)));
        assert!(!ok("integer", json!(3_000_000_000_i64)));
        assert!(!ok("positiveInt", json!(0)));
        assert!(ok("unsignedInt", json!(0)));
        assert!(!ok("unsignedInt", json!(-1)));
        assert!(!ok("integer", json!("5")));
        assert!(!ok("boolean", json!("true")));
        assert!(
            is_decimal("0.00") && is_decimal("-1.5e10") && !is_decimal("01") && !is_decimal("1.")
        );
    }

    #[test]
    fn strings() {
        assert!(!ok("string", json!("")));
        assert!(ok("string", json!(" padded ")));
        assert!(!ok("code", json!(" male")));
        assert!(!ok("code", json!("a  b")));
        assert!(ok("code", json!("a b")));
        assert!(!ok("id", json!("a_b")));
        assert!(!ok("uri", json!("http://x y")));
        assert!(ok("oid", json!("urn:oid:2.16.840.1.113883.2.4.6.3")));
        assert!(!ok("oid", json!("urn:oid:3.1")));
        assert!(ok(
            "uuid",
            json!("urn:uuid:c757873d-ec9a-4326-a141-556f43239520")
        ));
        assert!(!ok("uuid", json!("c757873d-ec9a-4326-a141-556f43239520")));
        assert!(ok("base64Binary", json!("aGVsbG8=")));
        assert!(!ok("base64Binary", json!("aGVsbG8")));
        assert!(!ok("base64Binary", json!("aGV=bG8=")));
        assert!(ok(
            "xhtml",
            json!("<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>")
        ));
    }
}
