//! `DELETE /fhir/r4/{type}/{id}`: 204, whether or not it existed.

use super::auth::Caller;
use super::refusal;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub async fn remove(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path((resource_type, id)): Path<(String, String)>,
) -> Response {
    match zk_app::fhir_api::delete(&state.app, &token, &resource_type, &id).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refusal(e),
    }
}
