//! `GET /fhir/r4/{type}/{id}`: one resource, with its version as ETag.

use super::auth::Caller;
use super::{json, refusal, version_headers};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

pub async fn show(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path((resource_type, id)): Path<(String, String)>,
) -> Response {
    match zk_app::fhir_api::read(&state.app, &token, &resource_type, &id).await {
        Ok(found) => {
            let mut response = json(StatusCode::OK, &found.resource);
            version_headers(&mut response, found.version_id, found.last_updated);
            response
        }
        Err(e) => refusal(e),
    }
}
