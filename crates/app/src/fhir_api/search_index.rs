//! What a write gives the search index, derived in one place: every identifier of the resource
//! (for `identifier`) and where its date ends (for `date`, which compares ranges).

use super::prepare::start_of_day;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use zk_fhir::FhirDateTime;

/// Every `identifier` of the resource's JSON with a value, as (system, value); `""` when it
/// has no system.
pub(crate) fn identifiers_of(resource: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let list = match resource.get("identifier") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    for identifier in list {
        let Some(value) = identifier.get("value").and_then(Value::as_str) else {
            continue;
        };
        let system = identifier
            .get("system")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let pair = (system.to_owned(), value.to_owned());
        if !found.contains(&pair) {
            found.push(pair);
        }
    }
    found
}

/// The end (exclusive) of a moment given to the second: one second later.
pub(crate) fn instant_end(t: Timestamp) -> Timestamp {
    t.checked_add(SignedDuration::from_secs(1)).unwrap_or(t)
}

/// The end (exclusive) of a FHIR date or dateTime: a date is the whole Dutch day.
pub(crate) fn end_of(dt: FhirDateTime) -> Timestamp {
    match dt {
        FhirDateTime::Date(d) => d.tomorrow().map(start_of_day).unwrap_or(start_of_day(d)),
        FhirDateTime::Instant(t) => instant_end(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_identifier_with_a_value_is_indexed_once() {
        let v = json!({ "identifier": [
            { "system": "https://ggz.example/clientnummer", "value": "C-1" },
            { "value": "X" },
            { "system": "https://ggz.example/clientnummer", "value": "C-1" },
            { "system": "https://ggz.example/other" }
        ] });
        assert_eq!(
            identifiers_of(&v),
            [
                ("https://ggz.example/clientnummer".into(), "C-1".into()),
                (String::new(), "X".into())
            ]
        );
        assert!(identifiers_of(&json!({})).is_empty());
    }

    #[test]
    fn a_date_ends_at_the_next_dutch_midnight() {
        let d: jiff::civil::Date = "2026-06-01".parse().unwrap();
        assert_eq!(
            end_of(FhirDateTime::Date(d)),
            "2026-06-01T22:00:00Z".parse::<Timestamp>().unwrap()
        );
    }
}
