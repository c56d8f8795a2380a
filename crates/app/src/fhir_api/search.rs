//! `GET [base]/{type}?…`: a page of the caller's resources of one type, with FHIR's meaning:
//! a repeated parameter is AND, comma-separated values OR. Parameters: `patient`, `identifier`
//! (any of the resource's identifiers: `system|value`, `|value` for none, or `value` in any
//! system), `date` (the resource's date range against the value's, prefixes eq, ne, gt, lt, ge,
//! le, sa, eb, ap; a date, a month, a year or an instant; dates are Dutch days),
//! `_lastUpdated` (eq, ge, gt, le, lt), `_count` (default 50, at most 200; 0 counts only),
//! `_summary=count`, `_total` (`accurate`, the default, or `none`). Anything else, modifiers
//! included, is refused by name. Pages are in logical-id order and follow a keyset cursor in an
//! opaque `next` link (see `zk_store::fhir::FhirQuery` for why that keeps paging stable).

use super::capabilities::{search_params, search_support};
use super::prepare::start_of_day;
use super::render::to_json;
use super::scope::require;
use super::{FhirError, resource_type};
use crate::App;
use crate::api_tokens::Access;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use zk_domain::audit::AuditAction;
use zk_fhir::{IssueCode, ResourceType, SearchSet};
use zk_store::ApiToken;
use zk_store::fhir::{DatePrefix, DateTest, FhirQuery, IdentifierToken, TimeRange};

pub const DEFAULT_COUNT: u32 = 50;
pub const MAX_COUNT: u32 = 200;
const CURSOR: &str = "_cursor";

/// The date prefixes `date` takes, as FHIR names them.
pub const DATE_PREFIXES: [&str; 9] = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"];
/// The prefixes `_lastUpdated` takes.
pub const LAST_UPDATED_PREFIXES: [&str; 5] = ["eq", "ge", "gt", "le", "lt"];

fn invalid(diagnostics: impl Into<String>) -> FhirError {
    FhirError::bad_request(IssueCode::Invalid, diagnostics)
}

fn not_supported(diagnostics: impl Into<String>) -> FhirError {
    FhirError::bad_request(IssueCode::NotSupported, diagnostics)
}

/// Where the next page starts: after this logical id.
fn encode_cursor(after_id: &str) -> String {
    format!("i.{after_id}")
}

fn decode_cursor(s: &str) -> Result<String, FhirError> {
    match s.strip_prefix("i.") {
        Some(id) if zk_fhir::is_valid_id(id) => Ok(id.to_owned()),
        _ => Err(invalid(
            "The _cursor is not one this server handed out; start again without it",
        )),
    }
}

/// Splits a value such as `ge2026-01-01` into its prefix (`eq` when none) and the rest.
fn split_prefix<'a>(
    name: &str,
    raw: &'a str,
    known: &[&str],
) -> Result<(&'a str, &'a str), FhirError> {
    match raw.get(..2) {
        Some(p)
            if p.bytes().all(|b| b.is_ascii_lowercase())
                && raw[2..].starts_with(|c: char| c.is_ascii_digit()) =>
        {
            if known.contains(&p) {
                Ok((p, &raw[2..]))
            } else {
                Err(not_supported(format!(
                    "{name}: the prefix '{p}' is not supported; use {}",
                    known.join(", ")
                )))
            }
        }
        _ => Ok(("eq", raw)),
    }
}

fn not_a_date(name: &str, value: &str) -> FhirError {
    invalid(format!(
        "{name}: '{value}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD) or a date and time with timezone"
    ))
}

/// Narrows `range` by one `_lastUpdated` value such as `ge2026-01-01`.
fn narrow(range: &mut TimeRange, name: &str, raw: &str) -> Result<(), FhirError> {
    let (prefix, value) = split_prefix(name, raw, &LAST_UPDATED_PREFIXES)?;
    let (start, end) = moment_range(value).ok_or_else(|| not_a_date(name, value))?;
    let from = |r: &mut TimeRange, t: Timestamp| r.from = Some(r.from.map_or(t, |f| f.max(t)));
    let until = |r: &mut TimeRange, t: Timestamp| r.until = Some(r.until.map_or(t, |u| u.min(t)));
    match prefix {
        "ge" => from(range, start),
        "gt" => from(range, end),
        "le" => until(range, end),
        "lt" => until(range, start),
        _ => {
            from(range, start);
            until(range, end);
        }
    }
    Ok(())
}

/// One `date` value: its prefix and range; `ap` widened by a tenth of its distance from `now`
/// (at least a day), as FHIR suggests for "approximately".
fn date_test(raw: &str, now: Timestamp) -> Result<DateTest, FhirError> {
    let (prefix, value) = split_prefix("date", raw, &DATE_PREFIXES)?;
    let (mut from, mut until) = moment_range(value).ok_or_else(|| not_a_date("date", value))?;
    let prefix = match prefix {
        "ne" => DatePrefix::Ne,
        "gt" => DatePrefix::Gt,
        "lt" => DatePrefix::Lt,
        "ge" => DatePrefix::Ge,
        "le" => DatePrefix::Le,
        "sa" => DatePrefix::Sa,
        "eb" => DatePrefix::Eb,
        "ap" => {
            let distance = now.duration_since(from).abs() / 10;
            let margin = distance.max(SignedDuration::from_hours(24));
            from = from.checked_sub(margin).unwrap_or(from);
            until = until.checked_add(margin).unwrap_or(until);
            DatePrefix::Ap
        }
        _ => DatePrefix::Eq,
    };
    Ok(DateTest {
        prefix,
        from,
        until,
    })
}

/// One `identifier` value: `system|value`, `|value` (no system) or `value` (any system).
fn identifier_token(raw: &str) -> Result<IdentifierToken, FhirError> {
    let (system, value) = match raw.split_once('|') {
        Some((s, v)) => (Some(s.to_owned()), v),
        None => (None, raw),
    };
    if value.is_empty() {
        return Err(not_supported(format!(
            "identifier: '{raw}' has no value; searching by system alone is not supported"
        )));
    }
    Ok(IdentifierToken {
        system,
        value: value.to_owned(),
    })
}

/// The moments a search value covers, `[start, end)`.
fn moment_range(value: &str) -> Option<(Timestamp, Timestamp)> {
    let day = |d: Date| start_of_day(d);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value.len() {
        4 if digits(value) => {
            let y: i16 = value.parse().ok()?;
            Some((
                day(Date::new(y, 1, 1).ok()?),
                day(Date::new(y + 1, 1, 1).ok()?),
            ))
        }
        7 if digits(&value[..4]) && &value[4..5] == "-" && digits(&value[5..]) => {
            let first = Date::new(value[..4].parse().ok()?, value[5..].parse().ok()?, 1).ok()?;
            Some((
                day(first),
                day(first.checked_add(jiff::Span::new().months(1)).ok()?),
            ))
        }
        10 => {
            let d: Date = value.parse().ok()?;
            Some((day(d), day(d.tomorrow().ok()?)))
        }
        _ => {
            let t: Timestamp = value.parse().ok()?;
            let precision = if value.contains('.') {
                SignedDuration::from_micros(1)
            } else {
                SignedDuration::from_secs(1)
            };
            Some((t, t.checked_add(precision).ok()?))
        }
    }
}

/// A search, parsed.
#[derive(Debug)]
struct Parsed {
    query: FhirQuery,
    /// Only the number of matches (`_summary=count` or `_count=0`).
    count_only: bool,
    /// Whether the Bundle has `total` (not with `_total=none`).
    with_total: bool,
}

/// The values of a parameter: comma-separated, OR.
fn any_of(value: &str) -> impl Iterator<Item = &str> {
    value.split(',')
}

fn parse(
    rt: ResourceType,
    params: &[(String, String)],
    now: Timestamp,
) -> Result<Parsed, FhirError> {
    let support = search_support(rt);
    let mut parsed = Parsed {
        query: FhirQuery {
            resource_type: rt.as_str().to_owned(),
            limit: DEFAULT_COUNT,
            ..FhirQuery::default()
        },
        count_only: false,
        with_total: true,
    };
    let q = &mut parsed.query;
    for (full_name, value) in params {
        let (name, modifier) = match full_name.split_once(':') {
            Some((n, m)) => (n, Some(m)),
            None => (full_name.as_str(), None),
        };
        let known = support.names().contains(&name) || name.starts_with('_');
        if let Some(m) = modifier
            && known
        {
            return Err(not_supported(format!(
                "{name}: the modifier ':{m}' is not supported"
            )));
        }
        match name {
            "patient" if support.patient => {
                let mut ids = Vec::new();
                for one in any_of(value) {
                    let id = one.strip_prefix("Patient/").unwrap_or(one);
                    if !zk_fhir::is_valid_id(id) {
                        return Err(invalid(format!(
                            "patient: '{one}' is not a Patient id or 'Patient/id'"
                        )));
                    }
                    ids.push(id.to_owned());
                }
                // Repeated: the resource's one patient must be in every list.
                q.patients = Some(match q.patients.take() {
                    None => ids,
                    Some(before) => before.into_iter().filter(|p| ids.contains(p)).collect(),
                });
            }
            "date" if support.date => {
                let tests = any_of(value)
                    .map(|v| date_test(v, now))
                    .collect::<Result<Vec<_>, _>>()?;
                q.dates.push(tests);
            }
            "identifier" if support.identifier => {
                let tokens = any_of(value)
                    .map(identifier_token)
                    .collect::<Result<Vec<_>, _>>()?;
                q.identifiers.push(tokens);
            }
            "_lastUpdated" => narrow(&mut q.last_updated, "_lastUpdated", value)?,
            "_count" => {
                let n = value.parse::<u32>().map_err(|_| {
                    invalid(format!(
                        "_count: '{value}' is not a whole number from 0 to {MAX_COUNT}"
                    ))
                })?;
                q.limit = n.min(MAX_COUNT);
                parsed.count_only |= n == 0;
            }
            "_summary" => match value.as_str() {
                "count" => parsed.count_only = true,
                "false" => {}
                other => {
                    return Err(not_supported(format!(
                        "_summary={other} is not supported; use count"
                    )));
                }
            },
            "_total" => match value.as_str() {
                "accurate" | "estimate" => parsed.with_total = true,
                "none" => parsed.with_total = false,
                other => {
                    return Err(invalid(format!(
                        "_total: '{other}' is not one of none, estimate, accurate"
                    )));
                }
            },
            CURSOR => q.after_id = Some(decode_cursor(value)?),
            "_format" | "_pretty" => {}
            _ => {
                let names: Vec<String> = search_params(rt).into_iter().map(|p| p.name).collect();
                return Err(not_supported(format!(
                    "The search parameter '{full_name}' is not supported for {rt}; use {}",
                    names.join(", ")
                )));
            }
        }
    }
    Ok(parsed)
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn page_url(
    base: &str,
    rt: ResourceType,
    params: &[(String, String)],
    cursor: Option<&str>,
) -> String {
    let mut pairs: Vec<String> = params
        .iter()
        .filter(|(k, _)| k != CURSOR)
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect();
    if let Some(c) = cursor {
        pairs.push(format!("{CURSOR}={}", percent_encode(c)));
    }
    if pairs.is_empty() {
        format!("{base}/{rt}")
    } else {
        format!("{base}/{rt}?{}", pairs.join("&"))
    }
}

/// A searchset Bundle. `base_url` is the API's base (e.g. `https://zorg.example/fhir/r4`).
pub async fn search(
    app: &App,
    token: &ApiToken,
    type_name: &str,
    params: &[(String, String)],
    base_url: &str,
) -> Result<Value, FhirError> {
    let rt = resource_type(type_name)?;
    require(token, Access::Read, rt, None)?;
    let p = parse(rt, params, app.now())?;
    let base = base_url.trim_end_matches('/');
    let provider = token.provider_id;
    let total = if p.with_total || p.count_only {
        Some(app.store.count_fhir(provider, &p.query).await?)
    } else {
        None
    };
    let self_url = page_url(
        base,
        rt,
        params,
        p.query.after_id.as_deref().map(encode_cursor).as_deref(),
    );
    let mut set = SearchSet::new(base, self_url);
    if let Some(total) = total {
        set = set.total(total);
    }
    if p.count_only {
        let what = format!("{} count, {} found", rt.as_str(), total.unwrap_or(0));
        crate::audit::api::by_token(app, token, AuditAction::Read, rt.as_str(), what).await?;
        return Ok(set.to_json());
    }
    let limit = p.query.limit;
    let mut rows = app.store.search_fhir(provider, &p.query).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let what = format!("{} search, {} found", rt.as_str(), rows.len());
    crate::audit::api::by_token(app, token, AuditAction::Read, rt.as_str(), what).await?;
    if more && let Some(last) = rows.last() {
        set = set.next(page_url(base, rt, params, Some(&encode_cursor(&last.id))));
    }
    for row in &rows {
        set.push_json(Some(format!("{base}/{rt}/{}", row.id)), to_json(row)?);
    }
    Ok(set.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn last_updated_prefixes_narrow_a_range() {
        let mut r = TimeRange::default();
        narrow(&mut r, "_lastUpdated", "ge2026-11-01").unwrap();
        narrow(&mut r, "_lastUpdated", "lt2026-12").unwrap();
        assert_eq!(r.from, Some(ts("2026-10-31T23:00:00Z")));
        assert_eq!(r.until, Some(ts("2026-11-30T23:00:00Z")));
        let mut r = TimeRange::default();
        narrow(&mut r, "_lastUpdated", "gt2026-11-23T10:00:00Z").unwrap();
        assert_eq!(r.from, Some(ts("2026-11-23T10:00:01Z")));
        assert!(narrow(&mut r, "_lastUpdated", "sa2026-01-01").is_err());
        assert!(narrow(&mut r, "_lastUpdated", "gister").is_err());
        assert!(narrow(&mut r, "_lastUpdated", "2026-13-01").is_err());
    }

    #[test]
    fn date_values_carry_their_prefix_and_range() {
        let now = ts("2026-11-23T10:00:00Z");
        let t = date_test("ge2026-06-01", now).unwrap();
        assert_eq!(t.prefix, DatePrefix::Ge);
        assert_eq!(
            (t.from, t.until),
            (ts("2026-05-31T22:00:00Z"), ts("2026-06-01T22:00:00Z"))
        );
        for p in DATE_PREFIXES {
            assert!(date_test(&format!("{p}2026"), now).is_ok(), "{p}");
        }
        let ap = date_test("ap2026-11-23", now).unwrap();
        assert_eq!(ap.from, ts("2026-11-21T23:00:00Z"));
        assert_eq!(
            date_test("xx2026", now).unwrap_err().outcome.issue[0].code,
            IssueCode::NotSupported
        );
    }

    #[test]
    fn identifiers_take_system_none_or_any() {
        let t = identifier_token("https://x|C-1").unwrap();
        assert_eq!(
            (t.system.as_deref(), t.value.as_str()),
            (Some("https://x"), "C-1")
        );
        let t = identifier_token("|C-1").unwrap();
        assert_eq!(t.system.as_deref(), Some(""));
        assert_eq!(identifier_token("C-1").unwrap().system, None);
        assert!(identifier_token("https://x|").is_err());
    }

    #[test]
    fn repeats_and_commas_combine_as_fhir_says() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        let now = ts("2026-11-23T10:00:00Z");
        let p = parse(
            ResourceType::Appointment,
            &pairs(&[("patient", "a,b"), ("patient", "Patient/b,c")]),
            now,
        )
        .unwrap();
        assert_eq!(p.query.patients, Some(vec!["b".to_owned()]));
        let p = parse(
            ResourceType::Appointment,
            &pairs(&[("patient", "a"), ("patient", "b")]),
            now,
        )
        .unwrap();
        assert_eq!(p.query.patients, Some(vec![]));
        let p = parse(
            ResourceType::Patient,
            &pairs(&[("identifier", "x,y"), ("_count", "0")]),
            now,
        )
        .unwrap();
        assert_eq!(p.query.identifiers[0].len(), 2);
        assert!(p.count_only);
        for bad in ["identifier:exact", "patient:missing", "subject", "_sort"] {
            let e = parse(ResourceType::Appointment, &pairs(&[(bad, "x")]), now).unwrap_err();
            assert_eq!(e.status, 400, "{bad}");
            assert!(
                e.outcome.issue[0]
                    .diagnostics
                    .as_deref()
                    .unwrap_or("")
                    .contains(bad.split(':').next().unwrap())
            );
        }
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_cursor(&encode_cursor("a.b-1")).unwrap(), "a.b-1");
        for bad in ["", "u.1.a", "i.", "i.a b", "q.x"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }
}
