//! `POST /fhir/r4/{type}`: create with a server-assigned id (201), or with
//! `If-None-Exist: identifier=…` answer the one resource that matches (200, nothing written).

use super::auth::Caller;
use super::written::{header_text, written};
use super::{body, refusal};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName};
use axum::response::Response;

pub async fn post(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path(resource_type): Path<String>,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    let if_none_exist = match header_text(&headers, HeaderName::from_static("if-none-exist")) {
        Ok(v) => v,
        Err(e) => return refusal(e),
    };
    let bytes = match body::read(&state, &headers, request_body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let limits = body::limits(&state);
    let result = zk_app::fhir_api::create(
        &state.app,
        &token,
        &resource_type,
        &bytes,
        &limits,
        if_none_exist.as_deref(),
    )
    .await;
    match result {
        Ok(w) => written(&state, &w),
        Err(e) => refusal(e),
    }
}
