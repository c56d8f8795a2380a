//! `GET /fhir/r4/{type}/{id}`: one resource, with its version as ETag; `If-None-Match` with the
//! current version (or `*`) answers 304 without a body.

use super::auth::Caller;
use super::{json, refusal, version_headers};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn show(
    State(state): State<AppState>,
    Caller(token): Caller,
    Path((resource_type, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match zk_app::fhir_api::read(&state.app, &token, &resource_type, &id).await {
        Ok(found) => {
            let mut response = if not_modified(&headers, found.version_id) {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                json(StatusCode::OK, &found.resource)
            };
            version_headers(&mut response, found.version_id, found.last_updated);
            response
        }
        Err(e) => refusal(e),
    }
}

/// Whether `If-None-Match` names the current version: `*`, or one of its ETags (weak or
/// strong, compared weakly as HTTP says for this header).
fn not_modified(headers: &HeaderMap, version_id: i64) -> bool {
    let current = version_id.to_string();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).trim_matches('"') == current)
}
