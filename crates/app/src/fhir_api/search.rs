//! `GET [base]/{type}?…`: a page of the caller's resources of one type. Parameters: `patient`,
//! `date` and `_lastUpdated` (prefixes eq, ge, gt, le, lt; a date, a month, a year or an instant;
//! dates are Dutch days), `identifier` (a Patient's client number), `_count` (default 50, at most
//! 200). Pages follow a keyset cursor in an opaque `next` link, so every page is one index range.

use super::capabilities::search_support;
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
use zk_store::fhir::{FhirOrder, FhirPosition, FhirQuery, TimeRange};

pub const DEFAULT_COUNT: u32 = 50;
pub const MAX_COUNT: u32 = 200;
const CURSOR: &str = "_cursor";

fn invalid(diagnostics: impl Into<String>) -> FhirError {
    FhirError::bad_request(IssueCode::Invalid, diagnostics)
}

/// Where the next page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cursor {
    Updated(FhirPosition),
    Date(FhirPosition),
    Id(String),
}

impl Cursor {
    fn encode(&self) -> String {
        match self {
            Cursor::Updated(p) => format!("u.{}.{}", p.time.as_microsecond(), p.id),
            Cursor::Date(p) => format!("d.{}.{}", p.time.as_microsecond(), p.id),
            Cursor::Id(id) => format!("i.{id}"),
        }
    }

    fn decode(s: &str) -> Result<Self, FhirError> {
        let bad =
            || invalid("The _cursor is not one this server handed out; start again without it");
        let position = |rest: &str| -> Result<FhirPosition, FhirError> {
            let (t, id) = rest.split_once('.').ok_or_else(bad)?;
            let time = t
                .parse::<i64>()
                .ok()
                .and_then(|t| Timestamp::from_microsecond(t).ok())
                .ok_or_else(bad)?;
            if !zk_fhir::is_valid_id(id) {
                return Err(bad());
            }
            Ok(FhirPosition {
                time,
                id: id.to_owned(),
            })
        };
        match s.split_once('.') {
            Some(("u", rest)) => Ok(Cursor::Updated(position(rest)?)),
            Some(("d", rest)) => Ok(Cursor::Date(position(rest)?)),
            Some(("i", id)) if zk_fhir::is_valid_id(id) => Ok(Cursor::Id(id.to_owned())),
            _ => Err(bad()),
        }
    }
}

/// Narrows `range` by one `date`/`_lastUpdated` value such as `ge2026-01-01`.
fn narrow(range: &mut TimeRange, name: &str, raw: &str) -> Result<(), FhirError> {
    let (prefix, value) = match raw.get(..2) {
        Some(p) if p.bytes().all(|b| b.is_ascii_lowercase()) => (p, &raw[2..]),
        _ => ("eq", raw),
    };
    let (start, end) = moment_range(value).ok_or_else(|| {
        invalid(format!(
            "{name}: '{value}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD) or a date and time with timezone"
        ))
    })?;
    let from = |r: &mut TimeRange, t: Timestamp| r.from = Some(r.from.map_or(t, |f| f.max(t)));
    let until = |r: &mut TimeRange, t: Timestamp| r.until = Some(r.until.map_or(t, |u| u.min(t)));
    match prefix {
        "eq" => {
            from(range, start);
            until(range, end);
        }
        "ge" => from(range, start),
        "gt" => from(range, end),
        "le" => until(range, end),
        "lt" => until(range, start),
        other => {
            return Err(FhirError::bad_request(
                IssueCode::NotSupported,
                format!("{name}: the prefix '{other}' is not supported; use eq, ge, gt, le or lt"),
            ));
        }
    }
    Ok(())
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
struct Parsed {
    patient: Option<String>,
    identifier: Option<(Option<String>, String)>,
    date: Option<TimeRange>,
    last_updated: TimeRange,
    count: u32,
    cursor: Option<Cursor>,
}

fn parse(rt: ResourceType, params: &[(String, String)]) -> Result<Parsed, FhirError> {
    let support = search_support(rt);
    let mut parsed = Parsed {
        patient: None,
        identifier: None,
        date: None,
        last_updated: TimeRange::default(),
        count: DEFAULT_COUNT,
        cursor: None,
    };
    for (name, value) in params {
        match name.as_str() {
            "patient" if support.patient => {
                let id = value.strip_prefix("Patient/").unwrap_or(value);
                if !zk_fhir::is_valid_id(id) {
                    return Err(invalid(format!(
                        "patient: '{value}' is not a Patient id or 'Patient/id'"
                    )));
                }
                parsed.patient = Some(id.to_owned());
            }
            "date" if support.date => {
                narrow(parsed.date.get_or_insert_default(), "date", value)?;
            }
            "_lastUpdated" => narrow(&mut parsed.last_updated, "_lastUpdated", value)?,
            "identifier" if support.identifier => {
                let (system, value) = match value.split_once('|') {
                    Some((s, v)) => ((!s.is_empty()).then(|| s.to_owned()), v.to_owned()),
                    None => (None, value.clone()),
                };
                if value.is_empty() {
                    return Err(invalid(
                        "identifier: a value (the client number) is required",
                    ));
                }
                parsed.identifier = Some((system, value));
            }
            "_count" => {
                parsed.count = value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| {
                        invalid(format!(
                            "_count: '{value}' is not a whole number from 1 to {MAX_COUNT}"
                        ))
                    })?
                    .min(MAX_COUNT);
            }
            CURSOR => parsed.cursor = Some(Cursor::decode(value)?),
            "_format" | "_pretty" => {}
            other => {
                let mut known = vec!["_lastUpdated", "_count"];
                if support.patient {
                    known.push("patient");
                }
                if support.date {
                    known.push("date");
                }
                if support.identifier {
                    known.push("identifier");
                }
                return Err(FhirError::bad_request(
                    IssueCode::NotSupported,
                    format!(
                        "The search parameter '{other}' is not supported for {rt}; use {}",
                        known.join(", ")
                    ),
                ));
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
    let p = parse(rt, params)?;
    let base = base_url.trim_end_matches('/');
    let wrong_cursor = || invalid("The _cursor belongs to another search; start again without it");
    let limit = p.count;
    let query = match (&p.identifier, p.date) {
        (Some((_, value)), _) => FhirQuery::Identifier {
            resource_type: rt.as_str().to_owned(),
            identifier: value.clone(),
            last_updated: p.last_updated,
            after_id: match &p.cursor {
                None => None,
                Some(Cursor::Id(id)) => Some(id.clone()),
                Some(_) => return Err(wrong_cursor()),
            },
            limit,
        },
        (None, date) => FhirQuery::Range {
            resource_type: rt.as_str().to_owned(),
            patient: p.patient.clone(),
            date: date.unwrap_or_default(),
            last_updated: p.last_updated,
            order: if date.is_some() {
                FhirOrder::Date
            } else {
                FhirOrder::LastUpdated
            },
            after: match (&p.cursor, date.is_some()) {
                (None, _) => None,
                (Some(Cursor::Date(at)), true) | (Some(Cursor::Updated(at)), false) => {
                    Some(at.clone())
                }
                _ => return Err(wrong_cursor()),
            },
            limit,
        },
    };
    let mut rows = app.store.search_fhir(token.provider_id, &query).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let what = format!("{} search, {} found", rt.as_str(), rows.len());
    crate::audit::api::by_token(app, token, AuditAction::Read, rt.as_str(), what).await?;
    let next = match (more, rows.last(), &query) {
        (true, Some(last), FhirQuery::Identifier { .. }) => Some(Cursor::Id(last.id.clone())),
        (true, Some(last), FhirQuery::Range { order, .. }) => {
            let at = |time| FhirPosition {
                time,
                id: last.id.clone(),
            };
            match order {
                FhirOrder::Date => last.search_date.map(|t| Cursor::Date(at(t))),
                FhirOrder::LastUpdated => Some(Cursor::Updated(at(last.last_updated))),
            }
        }
        _ => None,
    };
    let mut set = SearchSet::new(
        base,
        page_url(
            base,
            rt,
            params,
            p.cursor.as_ref().map(Cursor::encode).as_deref(),
        ),
    );
    if let Some(next) = next {
        set = set.next(page_url(base, rt, params, Some(&next.encode())));
    }
    for row in &rows {
        let resource = to_json(row)?;
        if let Some((Some(system), _)) = &p.identifier
            && resource["identifier"][0]["system"].as_str() != Some(system.as_str())
        {
            continue;
        }
        set.push_json(Some(format!("{base}/{rt}/{}", row.id)), resource);
    }
    Ok(set.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_narrow_a_range() {
        let mut r = TimeRange::default();
        narrow(&mut r, "date", "ge2026-11-01").unwrap();
        narrow(&mut r, "date", "lt2026-12").unwrap();
        assert_eq!(r.from, Some("2026-10-31T23:00:00Z".parse().unwrap()));
        assert_eq!(r.until, Some("2026-11-30T23:00:00Z".parse().unwrap()));
        let mut r = TimeRange::default();
        narrow(&mut r, "date", "2026").unwrap();
        assert_eq!(r.until, Some("2026-12-31T23:00:00Z".parse().unwrap()));
        let mut r = TimeRange::default();
        narrow(&mut r, "_lastUpdated", "gt2026-11-23T10:00:00Z").unwrap();
        assert_eq!(r.from, Some("2026-11-23T10:00:01Z".parse().unwrap()));
        assert!(narrow(&mut r, "date", "ne2026-01-01").is_err());
        assert!(narrow(&mut r, "date", "gister").is_err());
        assert!(narrow(&mut r, "date", "2026-13-01").is_err());
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = Cursor::Date(FhirPosition {
            time: "2026-11-23T10:00:00Z".parse().unwrap(),
            id: "a.b-1".into(),
        });
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert_eq!(Cursor::decode("i.x1").unwrap(), Cursor::Id("x1".into()));
        for bad in ["", "u.", "u.x.y", "q.1.a", "i.", "u.1.a b"] {
            assert!(Cursor::decode(bad).is_err(), "{bad}");
        }
    }
}
