//! Content negotiation for the whole API, in one place: this server speaks FHIR JSON only, so a
//! request that asks for another format (`Accept: application/fhir+xml`, `_format=xml`) is
//! answered 406 with an OperationOutcome in JSON. Accepted: no `Accept`, `*/*`, `application/*`,
//! `application/json` and `application/fhir+json`; `_format` `json`, `application/json` or
//! `application/fhir+json`. A Binary's read also takes its own content type (see `binary`).

use super::refusal;
use axum::extract::{Query, Request};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use zk_app::fhir_api::FhirError;
use zk_fhir::{IssueCode, OperationOutcome};

/// JSON media types a client may ask for.
const JSON_TYPES: [&str; 3] = [
    "application/fhir+json",
    "application/json",
    "application/json+fhir",
];

/// The media ranges of `Accept` a client takes (quality above zero), lower case, without
/// parameters; `None` when there is no `Accept` header.
pub(crate) fn accepted(headers: &HeaderMap) -> Option<Vec<String>> {
    let values: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if values.iter().all(|v| v.trim().is_empty()) {
        return None;
    }
    let ranges = values
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!media.is_empty() && !refused).then_some(media)
        })
        .collect();
    Some(ranges)
}

/// Whether an `Accept` range is a JSON one this server answers with.
pub(crate) fn is_json(range: &str) -> bool {
    JSON_TYPES.contains(&range)
}

/// The `_format` of the request's query string, when given.
pub(crate) fn format_param(uri: &axum::http::Uri) -> Option<String> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri).ok()?;
    pairs
        .into_iter()
        .rev()
        .find(|(k, _)| k == "_format")
        .map(|(_, v)| v.trim().to_ascii_lowercase())
}

/// Whether a `_format` value is JSON.
pub(crate) fn format_is_json(format: &str) -> bool {
    format == "json" || is_json(format)
}

fn not_acceptable(asked: &str) -> Response {
    refusal(FhirError::new(
        406,
        OperationOutcome::error(
            IssueCode::NotSupported,
            format!(
                "'{asked}' is not a format this server answers in; it speaks FHIR JSON only (application/fhir+json)"
            ),
        ),
    ))
}

/// A Binary's read, which negotiates its own `Accept` (the bytes or the JSON).
fn is_binary_read(method: &Method, path: &str) -> bool {
    *method == Method::GET
        && path
            .trim_end_matches('/')
            .strip_prefix(super::BASE)
            .and_then(|rest| rest.strip_prefix("/Binary/"))
            .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// The middleware of the API's routes: 406 unless the client takes JSON.
pub async fn json_only(request: Request, next: Next) -> Response {
    if let Some(format) = format_param(request.uri())
        && !format_is_json(&format)
    {
        return not_acceptable(&format!("_format={format}"));
    }
    if !is_binary_read(request.method(), request.uri().path())
        && let Some(ranges) = accepted(request.headers())
        && !ranges
            .iter()
            .any(|r| is_json(r) || r == "*/*" || r == "application/*")
    {
        let asked = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        return not_acceptable(&format!("Accept: {asked}"));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn accept_ranges_are_read_with_their_quality() {
        let mut h = HeaderMap::new();
        assert_eq!(accepted(&h), None);
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/fhir+xml, application/json;q=0, */*;q=0.1"),
        );
        assert_eq!(accepted(&h).unwrap(), ["application/fhir+xml", "*/*"]);
        assert!(is_binary_read(&Method::GET, "/fhir/r4/Binary/b1/"));
        assert!(!is_binary_read(&Method::GET, "/fhir/r4/Binary"));
        assert!(!is_binary_read(&Method::PUT, "/fhir/r4/Binary/b1"));
    }
}
