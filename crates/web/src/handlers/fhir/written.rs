//! What the write interactions share: the answer to a stored resource (201 when created, else
//! 200, with `Location`, `ETag` and `Last-Modified`) and reading a conditional header.

use super::{base_url, json, version_headers};
use crate::AppState;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use zk_app::fhir_api::{FhirError, Written};
use zk_fhir::IssueCode;

/// The answer to a write: the resource as stored, `Location` pointing at its version.
pub(crate) fn written(state: &AppState, w: &Written) -> Response {
    let status = if w.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut response = json(status, &w.resource);
    version_headers(&mut response, w.version_id, w.last_updated);
    let location = format!("{}/{}", base_url(state), w.location());
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// A header's text, if sent; refused (400) when it is not visible ASCII.
pub(crate) fn header_text(
    headers: &HeaderMap,
    name: HeaderName,
) -> Result<Option<String>, FhirError> {
    match headers.get(&name) {
        None => Ok(None),
        Some(v) => match v.to_str() {
            Ok(s) => Ok(Some(s.to_owned())),
            Err(_) => Err(FhirError::bad_request(
                IssueCode::Invalid,
                format!("The {name} header is not valid"),
            )),
        },
    }
}
