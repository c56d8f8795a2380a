//! `PUT /fhir/r4/{type}/{id}`: create (201) or update (200) by the provider's own id, with
//! `If-Match: W/"version"` refused (412) unless it names the current version; and
//! `PUT /fhir/r4/{type}?identifier=…`, the conditional update. The answer is the stored
//! resource, with `Location` (`…/_history/{version}`, which a vread resolves), `ETag` and
//! `Last-Modified`.

use super::auth::Caller;
use super::written::{header_text, written};
use super::{body, refusal};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
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
    let if_match = match header_text(&headers, header::IF_MATCH) {
        Ok(v) => v,
        Err(e) => return refusal(e),
    };
    let bytes = match body::read(&state, &headers, request_body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let limits = body::limits(&state);
    let result = zk_app::fhir_api::put(
        &state.app,
        &token,
        &resource_type,
        &id,
        &bytes,
        &limits,
        if_match.as_deref(),
    )
    .await;
    match result {
        Ok(w) => written(&state, &w),
        Err(e) => refusal(e),
    }
}

/// `PUT /fhir/r4/{type}?identifier=…`.
pub async fn conditional(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path(resource_type): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return refusal(FhirError::new(
            405,
            zk_fhir::OperationOutcome::not_supported(
                "PUT needs an id (Type/id) or a condition (Type?identifier=system|value)",
            ),
        ));
    };
    if headers.contains_key(header::IF_MATCH) {
        return refusal(FhirError::bad_request(
            IssueCode::NotSupported,
            "If-Match is not supported on a conditional update; PUT Type/id instead",
        ));
    }
    let bytes = match body::read(&state, &headers, request_body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let limits = body::limits(&state);
    let result = zk_app::fhir_api::conditional_put(
        &state.app,
        &token,
        &resource_type,
        &query,
        &bytes,
        &limits,
    )
    .await;
    match result {
        Ok(w) => written(&state, &w),
        Err(e) => refusal(e),
    }
}
