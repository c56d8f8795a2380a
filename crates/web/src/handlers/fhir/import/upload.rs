//! `POST /fhir/r4/$import`: an NDJSON upload within its own size limit, stored as a queued
//! job; `202 Accepted` with `Content-Location` naming the status URL.

use super::NDJSON;
use crate::AppState;
use crate::handlers::fhir::auth::Caller;
use crate::handlers::fhir::{BASE, body, json, refusal};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use zk_app::fhir_api::import::{status_path, upload};
use zk_fhir::OperationOutcome;

pub async fn post(
    State(state): State<AppState>,
    Caller(token): Caller,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    let max = state.config.fhir_max_import_bytes;
    let bytes = match body::read_within(&headers, request_body, max, &NDJSON).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    match upload(&state.app, &token, &bytes).await {
        Ok(job) => {
            let location = format!("{BASE}/{}", status_path(job));
            let outcome = OperationOutcome::information(format!(
                "The import is queued; its progress and result are at {location}"
            ));
            let mut response = json(StatusCode::ACCEPTED, &outcome.to_json());
            if let Ok(v) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::CONTENT_LOCATION, v);
            }
            response
        }
        Err(e) => refusal(e),
    }
}
