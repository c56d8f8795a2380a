//! `PUT /fhir/r4/{type}/{id}`: create (201) or update (200) by the provider's own id; the
//! answer is the stored resource, with `Location`, `ETag` and `Last-Modified`.

use super::auth::Caller;
use super::{base_url, body, json, refusal, version_headers};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use zk_app::fhir_api::FhirError;
use zk_fhir::IssueCode;

pub async fn put(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path((resource_type, id)): Path<(String, String)>,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    if headers.contains_key(header::IF_MATCH) {
        return refusal(FhirError::bad_request(
            IssueCode::NotSupported,
            "If-Match is not supported; resources are replaced by the provider's own id",
        ));
    }
    let bytes = match body::read(&state, &headers, request_body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let limits = body::limits(&state);
    match zk_app::fhir_api::put(&state.app, &token, &resource_type, &id, &bytes, &limits).await {
        Ok(written) => {
            let status = if written.created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let mut response = json(status, &written.resource);
            version_headers(&mut response, written.version_id, written.last_updated);
            let location = format!("{}/{}", base_url(&state), written.location());
            if let Ok(v) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        }
        Err(e) => refusal(e),
    }
}
