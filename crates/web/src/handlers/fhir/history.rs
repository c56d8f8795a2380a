//! `GET /fhir/r4/{type}/{id}/_history/{vid}` (vread, with its version as ETag) and
//! `GET /fhir/r4/{type}/{id}/_history` (a `history` Bundle of the kept versions).

use super::auth::Caller;
use super::{base_url, json, refusal, version_headers};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

pub async fn version(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path((resource_type, id, vid)): Path<(String, String, String)>,
) -> Response {
    match zk_app::fhir_api::vread(&state.app, &token, &resource_type, &id, &vid).await {
        Ok(found) => {
            let mut response = json(StatusCode::OK, &found.resource);
            version_headers(&mut response, found.version_id, found.last_updated);
            response
        }
        Err(e) => refusal(e),
    }
}

pub async fn list(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path((resource_type, id)): Path<(String, String)>,
) -> Response {
    let base = base_url(&state);
    match zk_app::fhir_api::history(&state.app, &token, &resource_type, &id, &base).await {
        Ok(bundle) => json(StatusCode::OK, &bundle),
        Err(e) => refusal(e),
    }
}
