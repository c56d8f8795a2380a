//! `POST /fhir/r4`: a transaction Bundle, stored all or nothing; answered with a
//! transaction-response Bundle.

use super::auth::Caller;
use super::{body, json, refusal};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

pub async fn post(
    State(state): State<AppState>,
    Caller(token): Caller,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    let bytes = match body::read(&state, &headers, request_body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let limits = body::limits(&state);
    match zk_app::fhir_api::transaction(&state.app, &token, &bytes, &limits).await {
        Ok(bundle) => json(StatusCode::OK, &bundle),
        Err(e) => refusal(e),
    }
}
