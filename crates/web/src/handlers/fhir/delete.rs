//! `DELETE /fhir/r4/{type}/{id}`: 204, whether or not it existed; with `If-Match` 412 unless
//! it exists in that version.

use super::auth::Caller;
use super::refusal;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn remove(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path((resource_type, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let if_match = match super::written::header_text(&headers, header::IF_MATCH) {
        Ok(v) => v,
        Err(e) => return refusal(e),
    };
    let result =
        zk_app::fhir_api::delete(&state.app, &token, &resource_type, &id, if_match.as_deref())
            .await;
    match result {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refusal(e),
    }
}
