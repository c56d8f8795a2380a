//! `GET /fhir/r4/{type}/{id}` with content negotiation for a Binary, as FHIR describes: a client
//! that asks for JSON (`Accept: application/fhir+json` or `application/json`, `_format=json`, or
//! no `Accept` at all) gets the Binary resource; one that asks for the Binary's own content type
//! (`application/pdf`, `application/*`, `*/*`) gets the raw bytes with that `Content-Type`; any
//! other `Accept` is 406. Other types are read as JSON.

use super::auth::Caller;
use super::negotiate::{accepted, format_is_json, format_param, is_json};
use super::{read, refusal, version_headers};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use zk_app::fhir_api::FhirError;
use zk_fhir::{IssueCode, OperationOutcome};

/// Whether the client wants the Binary as FHIR JSON rather than its bytes.
fn wants_json(headers: &HeaderMap, uri: &Uri) -> bool {
    if format_param(uri).is_some_and(|f| format_is_json(&f)) {
        return true;
    }
    accepted(headers).is_none_or(|ranges| ranges.iter().any(|r| is_json(r)))
}

/// Whether `range` (from `Accept`) covers `content_type`.
fn covers(range: &str, content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    range == "*/*"
        || range == essence
        || range
            .strip_suffix("/*")
            .is_some_and(|kind| essence.split('/').next() == Some(kind))
}

pub async fn show(
    state: State<AppState>,
    caller: Caller,
    Path((resource_type, id)): Path<(String, String)>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if resource_type != "Binary" || wants_json(&headers, &uri) {
        return read::show(state, caller, Path((resource_type, id)), headers).await;
    }
    let State(state) = state;
    let Caller(token) = caller;
    let binary = match zk_app::fhir_api::read_binary(&state.app, &token, &id).await {
        Ok(b) => b,
        Err(e) => return refusal(e),
    };
    let ranges = accepted(&headers).unwrap_or_default();
    if !ranges.iter().any(|r| covers(r, &binary.content_type)) {
        return refusal(FhirError::new(
            406,
            OperationOutcome::error(
                IssueCode::NotSupported,
                format!(
                    "Binary/{id} is {}; ask for that or for application/fhir+json",
                    binary.content_type
                ),
            ),
        ));
    }
    let mut response = (StatusCode::OK, binary.data).into_response();
    if let Ok(v) = HeaderValue::from_str(&binary.content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    version_headers(&mut response, binary.version_id, binary.last_updated);
    response
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn accept_ranges_cover_the_content_type() {
        assert!(covers("*/*", "application/pdf"));
        assert!(covers("application/*", "application/pdf"));
        assert!(covers("application/pdf", "Application/PDF"));
        assert!(!covers("image/*", "application/pdf"));
        assert!(!covers("text/plain", "application/pdf"));
    }
}
